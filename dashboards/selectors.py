"""What the dashboards read: one state's page, and the secretariat's overview of every state.

The status of a state under a convention comes from ``conventions.selectors`` and its OAS
standing from ``states.selectors``; this module gathers them for a page in a fixed number of
queries, whatever the number of states and conventions, and applies the overview's filters.
"""

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Prefetch, Q

from conventions.approx_dates import ApproxDate
from conventions.models import Convention, Participation
from conventions.presenters import reading_order
from conventions.selectors import StateStatus, TreatyStatus, treaty_statuses_as_of
from dashboards.filters import ConventionColumnFilter, StateMatrixFilter
from questionnaires.models import ReportingCycle
from questionnaires.selectors import StateCycle, state_questionnaire_history
from questionnaires.workflow import EDITABLE_STATUSES
from reminders.models import OutreachEntry
from reminders.selectors import outreach_for_state
from reports.models import Meeting
from reports.selectors import StateActivity, state_activity
from states.models import Contact, MembershipEvent, State
from states.selectors import Standing, oas_standing, oas_standings_as_of


@dataclass(frozen=True)
class StateQuestionnaires:
    """The cycles that asked a state, as its liaison has to act on them on a given day."""

    # Still to answer (or to correct) while the cycle is open and before the due date.
    due: list[StateCycle]
    # Not received, and the due date has passed.
    overdue: list[StateCycle]
    # Answered, or no longer open: the most recent first.
    past: list[StateCycle]


def state_questionnaires(state: State, today: dt.date) -> StateQuestionnaires:
    """The questionnaires that asked ``state``, sorted for its dashboard (two queries)."""
    due, overdue, past = [], [], []
    for entry in state_questionnaire_history(state):
        submission, cycle = entry.submission, entry.cycle
        if submission is None:
            continue  # not asked in this cycle
        if not submission.is_received and cycle.due_on is not None and cycle.due_on < today:
            overdue.append(entry)
        elif submission.status in EDITABLE_STATUSES and cycle.is_open_on(today):
            due.append(entry)
        else:
            past.append(entry)
    last_day = dt.date.max
    due.sort(key=lambda entry: (entry.cycle.due_on or last_day, entry.cycle.convention.code))
    overdue.sort(key=lambda entry: (entry.cycle.due_on, entry.cycle.convention.code))
    past.sort(key=lambda entry: entry.cycle.opens_on, reverse=True)
    return StateQuestionnaires(due, overdue, past)


@dataclass(frozen=True)
class UpcomingMeeting:
    body_acronym: str
    date: ApproxDate
    # A meeting already recorded, or only the date the last meeting set for the next one.
    meeting: Meeting | None = None
    announced_at: Meeting | None = None


def upcoming_meetings(today: dt.date) -> list[UpcomingMeeting]:
    """Meetings still to come or under way, and the next meetings that past ones announced
    for bodies with none recorded yet, soonest first (one query)."""
    meetings = list(
        Meeting.objects.filter(Q(date_latest__gte=today) | Q(next_meeting_latest__gte=today))
        .select_related("body", "chair_state")
        .order_by("date_earliest", "pk")
    )
    scheduled = [m for m in meetings if m.date_latest >= today]
    bodies_scheduled = {m.body_id for m in scheduled}
    upcoming = [UpcomingMeeting(m.body.acronym, m.date, meeting=m) for m in scheduled]
    announced: dict[int, Meeting] = {}
    for meeting in meetings:
        if (
            meeting.next_meeting
            and meeting.next_meeting.latest >= today
            and meeting.body_id not in bodies_scheduled
        ):
            announced[meeting.body_id] = meeting  # the latest meeting's word prevails
    upcoming += [UpcomingMeeting(m.body.acronym, m.next_meeting, announced_at=m) for m in announced.values()]
    return sorted(upcoming, key=lambda entry: entry.date)


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


def state_dashboard_get(state: State, as_of: dt.date) -> StateDashboard:
    """Everything the state's own page shows about it on ``as_of`` (eighteen queries: eight
    here, two for its questionnaires, five for its activities, one for upcoming meetings, two
    for its outreach log)."""
    conventions = Convention.objects.select_related("followed_by")
    statuses = [
        (treaty, next(row for row in treaty.states if row.state.pk == state.pk))
        for treaty in treaty_statuses_as_of(conventions, as_of)
    ]
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
    )


@dataclass(frozen=True)
class MatrixRow:
    state: State
    standing: Standing
    # One cell for each convention shown, in the order of ``Overview.columns``.
    cells: list[StateStatus]


@dataclass(frozen=True)
class Overview:
    as_of: dt.date
    # Every convention, for the choice of the one the map shows.
    conventions: list[Convention]
    # The conventions shown, each counted over the states shown only.
    columns: list[TreatyStatus]
    rows: list[MatrixRow]
    # The convention the map and the status filter are about, over every state.
    chosen: TreatyStatus | None
    state_filter: StateMatrixFilter
    column_filter: ConventionColumnFilter


def overview_get(filters, *, as_of: dt.date, convention_code: str | None) -> Overview:
    """The matrix of states by conventions on ``as_of``, narrowed by ``filters`` (query data).

    Eight queries, and one more when a body is chosen (to look it up by its acronym).
    """
    conventions = list(Convention.objects.select_related("followed_by"))
    treaties = treaty_statuses_as_of(conventions, as_of)
    chosen = next(
        (t for t in treaties if t.convention.code == convention_code), treaties[0] if treaties else None
    )
    standings = oas_standings_as_of(as_of)

    column_filter = ConventionColumnFilter(filters, queryset=Convention.objects.all())
    shown_conventions = set(column_filter.qs.values_list("pk", flat=True))
    state_filter = StateMatrixFilter(
        filters,
        queryset=State.objects.all(),
        standings=standings,
        statuses={row.state.iso3: row.status for row in chosen.states} if chosen else {},
    )
    shown_states = set(state_filter.qs.values_list("pk", flat=True))

    columns = [
        replace(treaty, states=[row for row in treaty.states if row.state.pk in shown_states])
        for treaty in treaties
        if treaty.convention.pk in shown_conventions
    ]
    by_state = [{row.state.pk: row for row in treaty.states} for treaty in columns]
    states = sorted(
        (row.state for row in (treaties[0].states if treaties else []) if row.state.pk in shown_states),
        key=lambda state: reading_order(state.name),
    )
    rows = [
        MatrixRow(state, standings[state.iso3], [cells[state.pk] for cells in by_state]) for state in states
    ]
    return Overview(
        as_of=as_of,
        conventions=conventions,
        columns=columns,
        rows=rows,
        chosen=chosen,
        state_filter=state_filter,
        column_filter=column_filter,
    )


def reporting_cycles() -> list[ReportingCycle]:
    """Every questionnaire cycle, newest first within each convention (one query)."""
    return list(ReportingCycle.objects.select_related("convention").order_by("convention__code", "-opens_on"))


@dataclass(frozen=True)
class TimelinePoint:
    on: dt.date
    signatories: int
    parties: int


def treaty_timeline(treaty: TreatyStatus) -> list[TimelinePoint]:
    """The depositary's counts over time, among ``treaty``'s states, up to its date: no query.

    A point is added on each day a count changes. As in ``conventions.selectors``, an action
    counts from the last day it may have happened, and a party stops counting on the day its
    denunciation takes effect.
    """
    records = [row.participation for row in treaty.states if row.participation is not None]
    start = treaty.convention.opened_for_signature_on
    days = {start}
    for record in records:
        for day in (_latest(record.signature), _latest(record.deposit), record.denunciation_effective_on):
            if day is not None and start < day <= treaty.as_of:
                days.add(day)
    return [TimelinePoint(day, *_counts_on(records, day)) for day in sorted(days)]


def _latest(date) -> dt.date | None:
    return date.latest if date else None


def _counts_on(records: list[Participation], day: dt.date) -> tuple[int, int]:
    signatories = sum(1 for r in records if r.signature and r.signature.certainly_by(day))
    parties = sum(
        1
        for r in records
        if r.deposit
        and r.deposit.certainly_by(day)
        and not (r.denunciation_effective_on and r.denunciation_effective_on <= day)
    )
    return signatories, parties
