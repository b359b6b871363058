"""The overview matrix as a file, exactly as the page shows it (same filters, same date).

The whole record is 600 conventions by 200 states at a large depositary: the statuses are
read one convention at a time from a streamed query and only each cell's text is kept, so the
file takes the memory of its own text, not of a status object per cell.
"""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from conventions.selectors import Status, status_since, treaty_statuses_streamed
from dashboards.selectors import OverviewFrame


def matrix_lines(frame: OverviewFrame) -> Iterator[list]:
    """Header, one line per state, then the counts per convention, as the page's table has them
    (three more queries, read as the lines are)."""
    # Everything translated is worked out now, in the request's language: a streamed response
    # reads the lines after the view has returned.
    columns = frame.shown_conventions(frame.shown)
    header = [_("State"), _("ISO code"), _("Subregion"), _("OAS membership")]
    for convention in columns:
        code = convention.code
        header += [_("%(code)s status") % {"code": code}, _("%(code)s since") % {"code": code}]
    states = [
        [state.name, state.iso3, state.get_subregion_display(), frame.standings[state.iso3].label]
        for state in frame.states
    ]
    labels = {status: status.label for status in Status}
    count_labels = [_("Signatories"), _("Parties"), _("In force for"), _("Denounced"), _("Uncertain")]
    return _matrix_lines(frame.as_of, columns, frame.states, header, states, labels, count_labels)


def _matrix_lines(as_of, columns, shown_states, header, states, labels, count_labels):
    yield header
    # Each convention's cells (status, since) in the order of the states, and its counts.
    cells: dict[int, list[tuple[str, str]]] = {}
    counts: dict[int, tuple[int, ...]] = {}
    for treaty in treaty_statuses_streamed(columns, shown_states, as_of):
        cells[treaty.convention.pk] = [(labels[row.status], _date_text(row)) for row in treaty.states]
        counts[treaty.convention.pk] = (
            treaty.signatories,
            treaty.parties,
            treaty.in_force,
            treaty.denounced,
            len(treaty.uncertain),
        )
    for index, line in enumerate(states):
        for convention in columns:
            line += cells[convention.pk][index]
        yield line
    for position, label in enumerate(count_labels):
        line = [label, "", "", ""]
        for convention in columns:
            line += [counts[convention.pk][position], ""]
        yield line


def _date_text(row) -> str:
    date = status_since(row.status, row.signature, row.deposit, row.denunciation_effective_on)
    return date.isoformat() if date else ""
