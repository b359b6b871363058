"""How the dashboards lay out what the selectors read: table cells, the timeline, the map.

Dates are shown as ``conventions.presenters`` shows them on the public status table: as
known, with a numbered note when the day is not known.
"""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conventions.models import Convention
from conventions.presenters import DateCell, Footnote, Footnotes
from conventions.selectors import StateStatus, Status, StatusCell, TimelinePoint, TreatyStatus
from dashboards.selectors import Overview, StateDashboard
from questionnaires.models import ReportingCycle

# Each status has a symbol beside its word, so no reader depends on colour alone.
STATUS_SYMBOLS = {
    Status.PARTY: "●",
    Status.SIGNATORY: "◐",
    Status.DENOUNCED: "✕",
    Status.UNCERTAIN: "?",
    Status.NOT_SIGNED: "○",
}
STATUS_ORDER = [Status.PARTY, Status.SIGNATORY, Status.UNCERTAIN, Status.DENOUNCED, Status.NOT_SIGNED]


def status_badges() -> dict[Status, str]:
    """Each status as the tables show it, its symbol beside its word, in the active language:
    made once per page, not once per cell by an included template (the matrix has thousands)."""
    return {
        status: format_html(
            '<span class="status status-{}">'
            '<span class="status-symbol" aria-hidden="true">{}</span> {}</span>',
            status,
            STATUS_SYMBOLS[status],
            status.label,
        )
        for status in Status
    }


@dataclass(frozen=True)
class ConventionStatusRow:
    """A state's line under one convention on its dashboard."""

    treaty: TreatyStatus
    status: StateStatus
    signature: DateCell | None
    deposit: DateCell | None
    in_force_on: DateCell | None
    # A signatory's ratification has been awaited since it signed.
    pending_since: DateCell | None
    # The status with its symbol, as HTML.
    badge: str


def state_status_rows(dashboard: StateDashboard) -> tuple[list[ConventionStatusRow], list[Footnote]]:
    footnotes = Footnotes()
    badges = status_badges()
    rows = []
    # Translated once for the table, not once per row.
    signature_of, deposit_under, in_force = (
        _("Signature of %(code)s"),
        _("Deposit under %(code)s"),
        _("%(code)s in force"),
    )
    for treaty, row in dashboard.statuses:
        code = {"code": treaty.convention.code}
        signature = footnotes.cell(row.signature, signature_of % code)
        rows.append(
            ConventionStatusRow(
                treaty=treaty,
                status=row,
                signature=signature,
                deposit=footnotes.cell(row.deposit, deposit_under % code),
                in_force_on=footnotes.cell(row.in_force_on, in_force % code),
                pending_since=signature if row.status == Status.SIGNATORY else None,
                badge=badges[row.status],
            )
        )
    return rows, footnotes.notes


@dataclass(frozen=True)
class MatrixCell:
    status: StatusCell
    # The day the state reached its status: signature, deposit, or denunciation taking effect.
    date: DateCell | None
    # The status with its symbol, as HTML.
    badge: str

    @property
    def date_text(self) -> str:
        return self.date.text if self.date else ""


@dataclass(frozen=True)
class MatrixTableRow:
    state: object
    standing: object
    cells: list[MatrixCell]
    # The cells as table data, written in one pass rather than by the template cell by cell.
    cells_html: str


@dataclass(frozen=True)
class MatrixTable:
    overview: Overview
    rows: list[MatrixTableRow]
    footnotes: list[Footnote]


def matrix_table(overview: Overview) -> MatrixTable:
    footnotes = Footnotes()
    badges = status_badges()
    # Each cell's opening is one of five, and a cell with no date is nothing more.
    openings = {
        status: format_html('<td class="cell-{}">{}', status, badge) for status, badge in badges.items()
    }
    # Translated once: the subject is needed only for the cells with an approximate date.
    subject = _("%(state)s under %(code)s")
    codes = [treaty.convention.code for treaty in overview.columns]
    rows = []
    for row in overview.rows:
        name = row.state.name
        cells, html = [], []
        for code, status in zip(codes, row.cells, strict=True):
            cell = MatrixCell(
                status,
                footnotes.cell(status.since, subject % {"state": name, "code": code}),
                badges[status.status],
            )
            cells.append(cell)
            html.append(openings[status.status])
            if cell.date:
                html += [' <span class="since">', str(cell.date), "</span>"]
            html.append("</td>\n")
        # Pieces that are each safe (escaped by format_html or DateCell, or ours), joined.
        rows.append(MatrixTableRow(row.state, row.standing, cells, mark_safe("".join(html))))
    return MatrixTable(overview, rows, footnotes.notes)


def cycle_items_html(cycles: list[ReportingCycle]) -> str:
    """The questionnaire cycles as list items linking to their compliance, written in one pass
    (the overview's six conventions may have twenty each)."""
    opened, due = _("opened %(opens)s"), _("due %(due)s")
    return format_html_join(
        "",
        '<li><a href="{}">{} {}</a> — {}</li>',
        (
            (
                reverse("questionnaires:cycle", kwargs={"pk": cycle.pk}),
                cycle.convention.code,
                cycle.label,
                ", ".join(
                    [opened % {"opens": cycle.opens_on.isoformat()}]
                    + ([due % {"due": cycle.due_on.isoformat()}] if cycle.due_on else [])
                ),
            )
            for cycle in cycles
        ),
    )


def status_legend(treaty: TreatyStatus) -> list[dict]:
    counts = {status: 0 for status in STATUS_ORDER}
    for row in treaty.states:
        counts[row.status] += 1
    return [
        {"status": status, "label": status.label, "symbol": STATUS_SYMBOLS[status], "count": counts[status]}
        for status in STATUS_ORDER
    ]


# The timeline: a step line for signatories and one for parties, drawn on a fixed canvas.
CHART_WIDTH = 640
CHART_HEIGHT = 260
PLOT_LEFT = 44
PLOT_RIGHT = CHART_WIDTH - 16
PLOT_TOP = 36
PLOT_BOTTOM = CHART_HEIGHT - 34


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class TimelineChart:
    convention: Convention
    points: list[TimelinePoint]
    # The points as the rows of the chart's table, written in one pass (hundreds at UN size).
    points_html: str
    signatories_path: str
    parties_path: str
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    description: str
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = PLOT_LEFT
    right: int = PLOT_RIGHT
    top: int = PLOT_TOP
    bottom: int = PLOT_BOTTOM

    @property
    def final(self) -> TimelinePoint | None:
        return self.points[-1] if self.points else None


def timeline_chart(
    convention: Convention, as_of: dt.date, states_shown: int, points: list[TimelinePoint]
) -> TimelineChart:
    """The signatories and parties of ``convention`` over time up to ``as_of``, on a scale of the
    ``states_shown`` they are counted among."""
    start = convention.opened_for_signature_on
    end = max(as_of, start + dt.timedelta(days=1))
    first_year, last_year = start.year, end.year
    x_from = dt.date(first_year, 1, 1)
    x_to = dt.date(last_year + 1, 1, 1)
    span = (x_to - x_from).days

    def x(day: dt.date) -> float:
        return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * (day - x_from).days / span

    top_count = max(states_shown, 1)

    def y(count: int) -> float:
        return PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * count / top_count

    def step_path(values: list[tuple[dt.date, int]]) -> str:
        if not values:
            return ""
        path = [f"M{x(values[0][0]):.1f},{y(values[0][1]):.1f}"]
        for day, count in values[1:]:
            path.append(f"H{x(day):.1f}V{y(count):.1f}")
        path.append(f"H{x(min(end, x_to)):.1f}")
        return "".join(path)

    years = last_year - first_year + 1
    year_step = next(step for step in (1, 2, 5, 10, 20, 50) if years / step <= 8)
    x_ticks = [
        Tick(round(x(dt.date(year, 1, 1)), 1), str(year))
        for year in range(first_year, last_year + 1)
        if (year - first_year) % year_step == 0
    ]
    count_step = next(step for step in (1, 2, 5, 10, 20, 50, 100) if top_count / step <= 7)
    y_ticks = [Tick(round(y(count), 1), str(count)) for count in range(0, top_count + 1, count_step)]

    final = points[-1] if points else TimelinePoint(end, 0, 0)
    description = ngettext(
        "Of %(total)d member state shown, %(signatories)d had signed %(code)s and %(parties)d were "
        "parties on %(day)s, counted from %(start)s.",
        "Of %(total)d member states shown, %(signatories)d had signed %(code)s and %(parties)d were "
        "parties on %(day)s, counted from %(start)s.",
        states_shown,
    ) % {
        "total": states_shown,
        "signatories": final.signatories,
        "parties": final.parties,
        "code": convention.code,
        "day": as_of.isoformat(),
        "start": start.isoformat(),
    }
    return TimelineChart(
        convention=convention,
        points=points,
        # Dates and numbers only, nothing to escape: formatted plainly, hundreds of rows a chart.
        points_html=mark_safe(
            "".join(
                f'<tr><td class="date">{point.on.isoformat()}</td><td class="number">{point.signatories}</td>'
                f'<td class="number">{point.parties}</td></tr>'
                for point in points
            )
        ),
        signatories_path=step_path([(p.on, p.signatories) for p in points]),
        parties_path=step_path([(p.on, p.parties) for p in points]),
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        description=description,
    )
