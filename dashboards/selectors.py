"""What the dashboards read: one state's page, and the secretariat's overview of every state.

The status of a state under a convention comes from ``conventions.selectors`` and its OAS
standing from ``states.selectors``; this module gathers them for a page in a fixed number of
queries, whatever the number of states and conventions, and applies the overview's filters.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from conventions.entry_into_force import StateRoad, instruments_by_convention, state_roads
from conventions.models import Convention
from conventions.presenters import reading_order
from conventions.selectors import (
    NOT_SIGNED,
    StateStatus,
    StatusCell,
    TimelinePoint,
    TreatyCounts,
    TreatyStatus,
    status_cells,
    treaty_counts_as_of,
    treaty_status_as_of,
    treaty_statuses_as_of,
    treaty_timelines,
)
from dashboards.filters import ConventionColumnFilter, StateMatrixFilter
from questionnaires.models import ReportingCycle, Submission
from questionnaires.selectors import StateCycle
from questionnaires.workflow import EDITABLE_STATUSES, RECEIVED_STATUSES
from reminders.models import OutreachEntry
from reminders.selectors import outreach_for_state
from reports.selectors import StateActivity, UpcomingMeeting, state_activity, upcoming_meetings
from states.models import Contact, MembershipEvent, State
from states.selectors import Standing, oas_standing, oas_standings_as_of


@dataclass(frozen=True)
class StateQuestionnaires:
    """The cycles that asked a state, as its liaison has to act on them on a given day: the first
    ``DASHBOARD_QUESTIONNAIRES`` of each group, and how many there are in all."""

    # Still to answer (or to correct) while the cycle is open and before the due date: the
    # soonest due first.
    due: list[StateCycle]
    # Not received, and the due date has passed: the longest overdue first.
    overdue: list[StateCycle]
    # Answered, or no longer open: the most recent first.
    past: list[StateCycle]
    due_count: int = 0
    overdue_count: int = 0
    past_count: int = 0

    @property
    def more_due(self) -> int:
        return self.due_count - len(self.due)

    @property
    def more_overdue(self) -> int:
        return self.overdue_count - len(self.overdue)

    @property
    def more_past(self) -> int:
        return self.past_count - len(self.past)


# A state's page lists this many questionnaires of each group; its questionnaire history has all.
DASHBOARD_QUESTIONNAIRES = 10


def state_questionnaires(
    state: State, today: dt.date, limit: int = DASHBOARD_QUESTIONNAIRES
) -> StateQuestionnaires:
    """The questionnaires that asked ``state``, sorted for its dashboard, at most ``limit`` of
    each group, with the number in each group (one query: decades of cycles of hundreds of
    conventions are ranked and counted by the database)."""
    overdue = ~Q(status__in=RECEIVED_STATUSES) & Q(cycle__due_on__lt=today)
    due = Q(status__in=EDITABLE_STATUSES, cycle__opens_on__lte=today) & (
        Q(cycle__closes_on__isnull=True) | Q(cycle__closes_on__gte=today)
    )
    past = Q(group="past")
    submissions = (
        Submission.objects.filter(state=state)
        .select_related("cycle__convention")
        .annotate(
            group=Case(
                When(overdue, then=Value("overdue")), When(due, then=Value("due")), default=Value("past")
            )
        )
        .annotate(
            # One ranking for the three groups: a key that is NULL outside its group leaves the
            # order to the next one.
            position=Window(
                RowNumber(),
                partition_by=[F("group")],
                order_by=[
                    Case(When(past, then=F("cycle__opens_on"))).desc(nulls_last=True),
                    Case(When(~past, then=F("cycle__due_on"))).asc(nulls_last=True),
                    F("cycle__convention__code").asc(),
                    F("pk").asc(),
                ],
            ),
            in_group=Window(Count("pk"), partition_by=[F("group")]),
        )
        .filter(position__lte=limit)
        .order_by("position")
    )
    groups: dict[str, list[StateCycle]] = {"due": [], "overdue": [], "past": []}
    counts = dict.fromkeys(groups, 0)
    for submission in submissions:
        submission.state = state
        groups[submission.group].append(StateCycle(submission.cycle, submission))
        counts[submission.group] = submission.in_group
    return StateQuestionnaires(**groups, **{f"{group}_count": count for group, count in counts.items()})


@dataclass(frozen=True)
class StateDashboard:
    state: State
    as_of: dt.date
    standing: Standing
    # The state's row under each convention, with the convention's whole status beside it.
    statuses: list[tuple[TreatyStatus, StateStatus]]
    contacts: list[Contact]
    questionnaires: StateQuestionnaires
    activity: StateActivity
    upcoming: list[UpcomingMeeting]
    # Reminders and letters the state received, newest first.
    outreach: list[OutreachEntry]
    # The page of conventions that ``statuses`` covers.
    page: Page | None = None
    # The state's part of the road to entry into force under those of them where it has one.
    roads: list[StateRoad] = field(default_factory=list)


# A state's page lists its status under this many conventions at a time.
STATE_CONVENTIONS_PER_PAGE = 50


def state_dashboard_get(state: State, as_of: dt.date, page: str | None = None) -> StateDashboard:
    """Everything the state's own page shows about it on ``as_of``, its status under the
    conventions on page ``page`` of ``STATE_CONVENTIONS_PER_PAGE`` (nineteen queries: ten here,
    one for its questionnaires, five for its activities, one for upcoming meetings, two for its
    outreach log)."""
    conventions = Paginator(Convention.objects.select_related("followed_by"), STATE_CONVENTIONS_PER_PAGE)
    conventions_page = conventions.get_page(page)
    # Only this state's participations are read; each status holds its row alone.
    statuses = [
        (treaty, treaty.states[0]) for treaty in treaty_statuses_as_of(conventions_page, as_of, [state])
    ]
    # Their instruments are counted over every state, the statuses holding this one's row alone.
    instruments = instruments_by_convention(list(conventions_page), as_of)
    events = list(MembershipEvent.objects.filter(state=state).order_by("occurred_on", "pk"))
    contacts = list(
        Contact.objects.filter(state=state, is_active=True)
        .order_by("role", "name")
        .prefetch_related(
            Prefetch("conventions", queryset=Convention.objects.order_by("code")),
            "bodies",
        )
    )
    return StateDashboard(
        state=state,
        as_of=as_of,
        standing=oas_standing(state, events, as_of),
        statuses=statuses,
        contacts=contacts,
        questionnaires=state_questionnaires(state, as_of),
        activity=state_activity(state),
        upcoming=upcoming_meetings(as_of),
        outreach=outreach_for_state(state),
        page=conventions_page,
        roads=state_roads(statuses, instruments),
    )


@dataclass(frozen=True)
class MatrixRow:
    state: State
    standing: Standing
    # One cell for each convention shown, in the order of ``Overview.columns``.
    cells: list[StatusCell]


# The matrix shows this many conventions at a time, as columns; its exports show them all.
MATRIX_COLUMNS_PER_PAGE = 6


@dataclass(frozen=True)
class Overview:
    as_of: dt.date
    # Every convention, for the choice of the one the map shows.
    conventions: list[Convention]
    # The conventions shown, each counted over the states shown only.
    columns: list[TreatyCounts]
    rows: list[MatrixRow]
    # The convention the map and the status filter are about.
    chosen: Convention | None
    state_filter: StateMatrixFilter
    column_filter: ConventionColumnFilter
    # The page of the conventions left by the filters that ``columns`` shows.
    page: Page


def overview_get(
    filters, *, as_of: dt.date, convention_code: str | None, page: str | None = None
) -> Overview:
    """The matrix of states by conventions on ``as_of``, narrowed by ``filters`` (query data),
    its columns on page ``page`` of ``MATRIX_COLUMNS_PER_PAGE`` (the exports take every column
    from ``overview_frame``).

    Twelve queries, one more when a body is chosen (to look it up by its acronym): the cells and
    counts of the columns shown are values the database works out with the status rule
    (``status_cells``, ``treaty_counts_as_of``), over the states shown.
    """
    frame = overview_frame(filters, as_of=as_of, convention_code=convention_code)
    columns_page = frame.columns_page(page)
    conventions = frame.shown_conventions(columns_page.object_list)
    cells = status_cells(conventions, as_of, frame.states) if conventions else {}
    columns = treaty_counts_as_of(conventions, as_of, frame.states)
    # With no column, a state has nothing to show.
    rows = [
        MatrixRow(
            state,
            frame.standings[state.iso3],
            [cells.get((convention.pk, state.pk), NOT_SIGNED) for convention in conventions],
        )
        for state in (frame.states if columns else [])
    ]
    return Overview(
        as_of=as_of,
        conventions=frame.conventions,
        columns=columns,
        rows=rows,
        chosen=frame.chosen,
        state_filter=frame.state_filter,
        column_filter=frame.column_filter,
        page=columns_page,
    )


@dataclass(frozen=True)
class OverviewFrame:
    """The overview's rows and columns as narrowed by the filters, before any column is read:
    what the page and its exports share."""

    as_of: dt.date
    conventions: list[Convention]
    chosen: Convention | None
    standings: dict[str, Standing]
    state_filter: StateMatrixFilter
    # The states shown, in reading order.
    states: list[State]
    column_filter: ConventionColumnFilter
    # The ids of the conventions shown, by code (a query, not run until read).
    shown: QuerySet

    def shown_conventions(self, ids) -> list[Convention]:
        by_pk = {convention.pk: convention for convention in self.conventions}
        return [by_pk[pk] for pk in ids]

    def columns_page(self, number: str | None) -> Page:
        """Page ``number`` of the conventions shown, ``MATRIX_COLUMNS_PER_PAGE`` at a time."""
        return Paginator(self.shown, MATRIX_COLUMNS_PER_PAGE).get_page(number)


def overview_frame(filters, *, as_of: dt.date, convention_code: str | None) -> OverviewFrame:
    """Every convention, the chosen one's statuses, the OAS standings, the states shown (five
    queries, one more when a body is chosen)."""
    # Their bodies are not shown (the body filter reads its own choices): not read for 600 rows.
    conventions = list(Convention.objects.all())
    chosen = next(
        (c for c in conventions if c.code == convention_code), conventions[0] if conventions else None
    )
    standings = oas_standings_as_of(as_of)

    state_filter = StateMatrixFilter(
        filters,
        queryset=State.objects.all(),
        standings=standings,
        statuses={state_id: cell.status for (_, state_id), cell in status_cells([chosen], as_of).items()}
        if chosen
        else {},
    )
    states = sorted(state_filter.qs, key=lambda state: reading_order(state.name))

    column_filter = ConventionColumnFilter(filters, queryset=Convention.objects.all())
    shown = column_filter.qs.order_by("code").values_list("pk", flat=True)
    return OverviewFrame(
        as_of=as_of,
        conventions=conventions,
        chosen=chosen,
        standings=standings,
        state_filter=state_filter,
        states=states,
        column_filter=column_filter,
        shown=shown,
    )


def reporting_cycles(conventions: list[Convention]) -> list[ReportingCycle]:
    """The questionnaire cycles of ``conventions``, newest first within each (one query)."""
    return list(
        ReportingCycle.objects.reference()
        .filter(convention__in=conventions)
        .select_related("convention")
        .order_by("convention__code", "-opens_on")
    )


@dataclass(frozen=True)
class OverviewCharts:
    """What the overview draws beside its matrix, for the same filters and page of columns: a
    timeline for each convention shown and the map of the chosen one."""

    as_of: dt.date
    # The conventions of the page of columns, in their order.
    conventions: list[Convention]
    # How many states the filters leave: the timelines count among them.
    states_shown: int
    timelines: dict[int, list[TimelinePoint]]
    # The map's convention, over every state.
    chosen: TreatyStatus | None


def overview_charts_get(
    filters, *, as_of: dt.date, convention_code: str | None, page: str | None = None
) -> OverviewCharts:
    """The overview's charts: ``overview_get``'s frame, one query for the timelines, five for the
    map's convention over every state. A fragment of their own, as counting on every day a figure
    changes costs more than the matrix's own reading."""
    frame = overview_frame(filters, as_of=as_of, convention_code=convention_code)
    conventions = frame.shown_conventions(frame.columns_page(page).object_list)
    return OverviewCharts(
        as_of=as_of,
        conventions=conventions,
        states_shown=len(frame.states),
        timelines=treaty_timelines(conventions, as_of, frame.states),
        chosen=treaty_status_as_of(frame.chosen, as_of) if frame.chosen else None,
    )
