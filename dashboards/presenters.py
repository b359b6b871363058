"""How the dashboards lay out what the selectors read: table cells, the timeline, the map.

Dates are shown as ``conventions.presenters`` shows them on the public status table: as
known, with a numbered note when the day is not known.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conventions.approx_dates import ApproxDate
from conventions.presenters import DateCell, Footnote, Footnotes
from conventions.selectors import StateStatus, Status, TreatyStatus
from dashboards.selectors import Overview, StateDashboard, TimelinePoint

# Each status has a symbol beside its word, so no reader depends on colour alone.
STATUS_SYMBOLS = {
    Status.PARTY: "●",
    Status.SIGNATORY: "◐",
    Status.DENOUNCED: "✕",
    Status.UNCERTAIN: "?",
    Status.NOT_SIGNED: "○",
}
STATUS_ORDER = [Status.PARTY, Status.SIGNATORY, Status.UNCERTAIN, Status.DENOUNCED, Status.NOT_SIGNED]


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

    @property
    def symbol(self) -> str:
        return STATUS_SYMBOLS[self.status.status]


def state_status_rows(dashboard: StateDashboard) -> tuple[list[ConventionStatusRow], list[Footnote]]:
    footnotes = Footnotes()
    rows = []
    for treaty, row in dashboard.statuses:
        code = treaty.convention.code
        signature = footnotes.cell(row.signature, _("Signature of %(code)s") % {"code": code})
        rows.append(
            ConventionStatusRow(
                treaty=treaty,
                status=row,
                signature=signature,
                deposit=footnotes.cell(row.deposit, _("Deposit under %(code)s") % {"code": code}),
                in_force_on=footnotes.cell(row.in_force_on, _("%(code)s in force") % {"code": code}),
                pending_since=signature if row.status == Status.SIGNATORY else None,
            )
        )
    return rows, footnotes.notes


@dataclass(frozen=True)
class MatrixCell:
    status: StateStatus
    # The day the state reached its status: signature, deposit, or denunciation taking effect.
    date: DateCell | None

    @property
    def symbol(self) -> str:
        return STATUS_SYMBOLS[self.status.status]

    @property
    def date_text(self) -> str:
        return self.date.text if self.date else ""


@dataclass(frozen=True)
class MatrixTableRow:
    state: object
    standing: object
    cells: list[MatrixCell]


@dataclass(frozen=True)
class MatrixTable:
    overview: Overview
    rows: list[MatrixTableRow]
    footnotes: list[Footnote]


def matrix_table(overview: Overview) -> MatrixTable:
    footnotes = Footnotes()
    rows = []
    for row in overview.rows:
        cells = []
        for treaty, status in zip(overview.columns, row.cells, strict=True):
            date = status_date(status)
            subject = _("%(state)s under %(code)s") % {
                "state": row.state.name,
                "code": treaty.convention.code,
            }
            cells.append(MatrixCell(status, footnotes.cell(date, subject)))
        rows.append(MatrixTableRow(row.state, row.standing, cells))
    return MatrixTable(overview, rows, footnotes.notes)


def status_date(row: StateStatus) -> ApproxDate | None:
    """The day the state reached its status: signature, deposit, or denunciation taking effect."""
    if row.status == Status.PARTY:
        return row.deposit
    if row.status == Status.SIGNATORY:
        return row.signature
    if row.status == Status.DENOUNCED and row.denunciation_effective_on:
        return ApproxDate.exact(row.denunciation_effective_on)
    return None


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
    treaty: TreatyStatus
    points: list[TimelinePoint]
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


def timeline_chart(treaty: TreatyStatus, points: list[TimelinePoint]) -> TimelineChart:
    start = treaty.convention.opened_for_signature_on
    end = max(treaty.as_of, start + dt.timedelta(days=1))
    first_year, last_year = start.year, end.year
    x_from = dt.date(first_year, 1, 1)
    x_to = dt.date(last_year + 1, 1, 1)
    span = (x_to - x_from).days

    def x(day: dt.date) -> float:
        return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * (day - x_from).days / span

    top_count = max(len(treaty.states), 1)

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
        len(treaty.states),
    ) % {
        "total": len(treaty.states),
        "signatories": final.signatories,
        "parties": final.parties,
        "code": treaty.convention.code,
        "day": treaty.as_of.isoformat(),
        "start": start.isoformat(),
    }
    return TimelineChart(
        treaty=treaty,
        points=points,
        signatories_path=step_path([(p.on, p.signatories) for p in points]),
        parties_path=step_path([(p.on, p.parties) for p in points]),
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        description=description,
    )
