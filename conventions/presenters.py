"""How the public pages lay out a treaty status: footnotes and the order of rows.

Which status a state has, and from when a convention is in force, is decided by
``conventions.selectors``; this module only arranges the answer for reading, as a depositary's
signature table does: a date known only to the month, the year or a range is printed as such
with a numbered note under the table saying how much is known.
"""

import unicodedata
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.translation import gettext as _

from conventions.approx_dates import ApproxDate
from conventions.selectors import StateStatus, Status, TreatyStatus
from states.models import State


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str

    @property
    def anchor(self) -> str:
        return f"note-{self.number}"


@dataclass(frozen=True)
class DateCell:
    """A date as the table prints it, with the note that qualifies it when the day is unknown."""

    date: ApproxDate
    footnote: Footnote | None = None

    @property
    def text(self) -> str:
        return self.date.isoformat()

    def __str__(self) -> str:
        """The cell as tables print it, as safe HTML (``{{ cell }}``): built here rather than by
        a template included per cell, which costs more than the rest of a large table."""
        if self.footnote is None:
            return format_html('<span class="date">{}</span>', self.text)
        return format_html(
            '<span class="date">{}</span><sup class="note-ref"><a href="#{}" id="ref-{}">'
            '<span class="visually-hidden">{} </span>{}</a></sup>',
            self.text,
            self.footnote.anchor,
            self.footnote.number,
            _("note"),
            self.footnote.number,
        )

    __html__ = __str__


class Footnotes:
    """Numbers notes in the order their markers are handed out, which is reading order."""

    def __init__(self):
        self._notes: list[Footnote] = []

    def cell(self, date: ApproxDate | None, subject: str) -> DateCell | None:
        if date is None:
            return None
        if date.is_exact:
            return DateCell(date)
        note = Footnote(
            number=len(self._notes) + 1,
            text=_("%(subject)s: %(when)s.") % {"subject": subject, "when": date.describe()},
        )
        self._notes.append(note)
        return DateCell(date, note)

    @property
    def notes(self) -> list[Footnote]:
        return list(self._notes)


@dataclass(frozen=True)
class StatusRow:
    """One state's line in the table."""

    status: StateStatus
    signature: DateCell | None
    deposit: DateCell | None
    in_force_on: DateCell | None

    @property
    def state(self) -> State:
        return self.status.state

    @property
    def is_uncertain(self) -> bool:
        return self.status.status == Status.UNCERTAIN

    @property
    def possible_labels(self) -> list[str]:
        return [possible.label for possible in self.status.possible]


@dataclass(frozen=True)
class StatusTable:
    treaty: TreatyStatus
    # The date the convention entered into force (the recorded one prevails), whether it is the
    # recorded date, and the date computed from the deposits when the two disagree.
    entry_into_force: DateCell | None
    entry_into_force_recorded: bool
    computed_entry_into_force: DateCell | None
    # States that had done something that may count by the date, then those that had not.
    rows: list[StatusRow]
    not_signed: list[State]
    footnotes: list[Footnote]


def reading_order(name: str) -> str:
    """A sort key that files “États-Unis” under E, as a reader expects, not after Z."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def status_table(treaty: TreatyStatus) -> StatusTable:
    """Lay out ``treaty`` for the status page, in the active language."""
    footnotes = Footnotes()
    eif = treaty.entry_into_force
    entry_into_force = footnotes.cell(
        eif.date, _("Entry into force of the convention, computed from the deposits")
    )
    computed = (
        footnotes.cell(eif.computed, _("Entry into force computed from the deposits"))
        if eif.mismatch
        else None
    )

    states = sorted(treaty.states, key=lambda row: reading_order(row.state.name))
    # Translated once for the table, not once per row.
    signature, deposit, in_force = (
        _("Signature by %(state)s"),
        _("Deposit by %(state)s"),
        _("In force for %(state)s"),
    )
    rows = []
    for row in states:
        if row.status == Status.NOT_SIGNED:
            continue
        state = {"state": row.state.name}
        rows.append(
            StatusRow(
                status=row,
                signature=footnotes.cell(row.signature, signature % state),
                deposit=footnotes.cell(row.deposit, deposit % state),
                in_force_on=footnotes.cell(row.in_force_on, in_force % state),
            )
        )
    return StatusTable(
        treaty=treaty,
        entry_into_force=entry_into_force,
        entry_into_force_recorded=eif.recorded is not None,
        computed_entry_into_force=computed,
        rows=rows,
        not_signed=[row.state for row in states if row.status == Status.NOT_SIGNED],
        footnotes=footnotes.notes,
    )
