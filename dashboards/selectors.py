"""What the dashboards read: one state's page, and the secretariat's overview of every state.

The status of a state under a convention comes from ``conventions.selectors`` and its OAS
standing from ``states.selectors``; this module gathers them for a page in a fixed number of
queries, whatever the number of states and conventions, and applies the overview's filters.
"""

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Prefetch

from conventions.models import Convention, Participation
from conventions.presenters import reading_order
from conventions.selectors import StateStatus, TreatyStatus, treaty_statuses_as_of
from dashboards.filters import ConventionColumnFilter, StateMatrixFilter
from states.models import Contact, MembershipEvent, State
from states.selectors import Standing, oas_standing, oas_standings_as_of


@dataclass(frozen=True)
class StateDashboard:
    state: State
    as_of: dt.date
    standing: Standing
    # The state's row under each convention, with the convention's whole status beside it.
    statuses: list[tuple[TreatyStatus, StateStatus]]
    contacts: list[Contact]


def state_dashboard_get(state: State, as_of: dt.date) -> StateDashboard:
    """Everything the state's own page shows about it on ``as_of`` (eight queries)."""
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
