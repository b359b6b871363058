"""Reading the treaty record: the status of every state under a convention on any date.

An action counts by a date only when it had certainly happened by then (its latest possible day
is on or before the date). A state whose signature or deposit may or may not have happened by
the date is ``uncertain``, with the statuses it may have, rather than guessed.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import groupby
from operator import attrgetter

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Expression,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from conventions.approx_dates import ApproxDate, approx_date_or_none
from conventions.models import (
    Convention,
    InstrumentKind,
    Objection,
    Participation,
    ParticipationNotice,
    Reservation,
)
from states.models import State


class Status(StrEnum):
    NOT_SIGNED = "not_signed"
    SIGNATORY = "signatory"
    PARTY = "party"
    DENOUNCED = "denounced"
    UNCERTAIN = "uncertain"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    Status.NOT_SIGNED: _("Not signed"),
    Status.SIGNATORY: _("Signatory"),
    Status.PARTY: _("Party"),
    Status.DENOUNCED: _("Denounced"),
    Status.UNCERTAIN: _("Uncertain"),
}


def later_of(first: ApproxDate, second: ApproxDate) -> ApproxDate:
    return ApproxDate(max(first.earliest, second.earliest), max(first.latest, second.latest))


@dataclass(frozen=True)
class EntryIntoForce:
    """The convention's own entry into force: as recorded, and as its rule gives from deposits."""

    recorded: dt.date | None
    computed: ApproxDate | None

    @property
    def mismatch(self) -> bool:
        """The recorded date is outside what the deposits and the rule allow."""
        if self.recorded is None or self.computed is None:
            return False
        return not self.computed.earliest <= self.recorded <= self.computed.latest

    @property
    def date(self) -> ApproxDate | None:
        """The date used for the states' own entry into force: the recorded one prevails."""
        if self.recorded is not None:
            return ApproxDate.exact(self.recorded)
        return self.computed


def reservation_notified(reservation: Reservation, participation: Participation) -> ApproxDate | None:
    """When the other states were notified of a reservation: the day it was made, or, made with
    the instrument (no day of its own), the deposit, or the signature it was formulated at."""
    if reservation.made_on:
        return ApproxDate.exact(reservation.made_on)
    return participation.deposit or participation.signature


def tacit_acceptance_date(notified: ApproxDate, consent: ApproxDate | None = None) -> ApproxDate:
    """The day by the end of which a state that has not objected is considered to have accepted
    a reservation (VCLT art. 20(5)): twelve months after it was notified of the reservation, or
    the day it expressed its consent to be bound (``consent``, its deposit) if that is later.

    Twelve months after 29 February is 28 February: the period ends with the month.
    """
    twelve_months = relativedelta(months=12)
    period_end = ApproxDate(notified.earliest + twelve_months, notified.latest + twelve_months)
    return later_of(period_end, consent) if consent else period_end


@dataclass(frozen=True)
class ObjectionStatus:
    """An objection made by the date, with the end of the period the objecting state had."""

    objection: Objection
    # The reservation counts as accepted by this state if it had not objected by this day.
    acceptance_date: ApproxDate | None
    withdrawn_on: dt.date | None = None  # when withdrawn by the date

    @property
    def after_the_period(self) -> bool:
        """Made certainly after the twelve months (the reservation already counted as accepted)."""
        return self.acceptance_date is not None and self.objection.made_on > self.acceptance_date.latest


@dataclass(frozen=True)
class ReservationStatus:
    """A reservation in effect on the date and the objections made to it by then."""

    reservation: Reservation
    # Accepted by a state already bound that has not objected by this day (VCLT art. 20(5)).
    acceptance_date: ApproxDate | None
    objections: tuple[ObjectionStatus, ...] = ()


@dataclass(frozen=True)
class NoticeStatus:
    """A territorial or provisional application or a succession notified by the date."""

    notice: ParticipationNotice
    ended_on: dt.date | None = None  # when withdrawn or terminated by the date


@dataclass(frozen=True)
class StateStatus:
    state: State
    status: Status
    # The statuses the state may have on the date: one, unless it is uncertain.
    possible: tuple[Status, ...]
    # Signed by the date for certain: what the depositary counts as a signatory.
    has_signed: bool = False
    participation: Participation | None = None
    # Actions are shown only when they may have happened by the date.
    signature: ApproxDate | None = None
    deposit: ApproxDate | None = None
    instrument_kind: str = ""
    in_force_on: ApproxDate | None = None
    denunciation_notified_on: dt.date | None = None
    denunciation_effective_on: dt.date | None = None
    reservations: tuple[Reservation, ...] = ()
    # Read only by ``treaty_statuses_as_of(..., with_practice=True)`` (None otherwise): the
    # reservations above with their objections, and the state's territorial or provisional
    # application or succession.
    reservations_objected: tuple[ReservationStatus, ...] | None = None
    notices: tuple[NoticeStatus, ...] | None = None

    @property
    def reservation_entries(self) -> tuple[ReservationStatus, ...]:
        """The reservations in effect, with their objections where these were read."""
        if self.reservations_objected is not None:
            return self.reservations_objected
        return tuple(
            ReservationStatus(reservation, _acceptance_date(reservation, self.participation))
            for reservation in self.reservations
        )

    @property
    def instrument_label(self) -> str:
        # From the choices directly: get_FOO_display() hashes the whole choice list on each call.
        return str(InstrumentKind(self.instrument_kind).label) if self.deposit else ""


@dataclass(frozen=True)
class TreatyStatus:
    convention: Convention
    as_of: dt.date
    entry_into_force: EntryIntoForce
    states: list[StateStatus]

    @property
    def convention_in_force(self) -> bool:
        eif = self.entry_into_force.date
        return eif is not None and eif.certainly_by(self.as_of)

    @property
    def signatories(self) -> int:
        """States that had signed by the date, whatever they did next (the depositary's count)."""
        return sum(1 for row in self.states if row.has_signed)

    @property
    def parties(self) -> int:
        return self._count(Status.PARTY)

    @property
    def not_ratified(self) -> int:
        """Signatories that have not (yet) ratified: what a document calls "signatory states"."""
        return self._count(Status.SIGNATORY)

    @property
    def denounced(self) -> int:
        return self._count(Status.DENOUNCED)

    @property
    def in_force(self) -> int:
        """Parties for which the convention was certainly in force on the date."""
        return sum(
            1
            for row in self.states
            if row.status == Status.PARTY and row.in_force_on and row.in_force_on.certainly_by(self.as_of)
        )

    @property
    def uncertain(self) -> list[str]:
        return [row.state.iso3 for row in self.states if row.status == Status.UNCERTAIN]

    @property
    def approximate_rows(self) -> list[StateStatus]:
        """Rows that show a date known only to the month, year or a range: they get a footnote."""
        return [
            row
            for row in self.states
            if any(d and not d.is_exact for d in (row.signature, row.deposit, row.in_force_on))
        ]

    def _count(self, status: Status) -> int:
        return sum(1 for row in self.states if row.status == status)


def treaty_status_as_of(
    convention: Convention | str, as_of: dt.date, *, with_practice: bool = False
) -> TreatyStatus:
    """The status of every state under one convention on ``as_of`` (five queries; seven
    ``with_practice``)."""
    if isinstance(convention, str):
        convention = Convention.objects.get(code=convention)
    return treaty_statuses_as_of([convention], as_of, with_practice=with_practice)[0]


def treaty_statuses_as_of(
    conventions: Iterable[Convention],
    as_of: dt.date,
    states: Iterable[State] | None = None,
    *,
    with_practice: bool = False,
) -> list[TreatyStatus]:
    """The status under each convention on ``as_of``: four queries however many conventions (the
    states, the reservations, the participations, each convention's entry into force).

    With ``states`` (a queryset or a list), each status holds those states' rows only, and its
    counts are over them; the convention's entry into force is still its own, from every deposit.
    ``with_practice`` adds the rest of the depositary practice the status table shows, in two
    more queries: objections to the reservations, and territorial or provisional application
    and succession.
    """
    conventions = list(conventions)
    states = list(State.objects.all() if states is None else states)
    made: dict[int, list[Reservation]] = defaultdict(list)
    for reservation in Reservation.objects.filter(
        participation__convention__in=conventions, participation__state__in=states
    ).order_by("made_on", "pk"):
        made[reservation.participation_id].append(reservation)
    by_convention: dict[int, dict[int, Participation]] = defaultdict(dict)
    participations = Participation.objects.filter(convention__in=conventions, state__in=states)
    for participation in participations.order_by():
        by_convention[participation.convention_id][participation.state_id] = participation
    entries_into_force = entry_into_force_by_convention(conventions)
    objections, notices = _practice_as_of(conventions, states, as_of) if with_practice else (None, None)

    return [
        _treaty_status(
            convention,
            by_convention[convention.pk],
            made,
            states,
            entries_into_force[convention.pk],
            as_of,
            objections=objections,
            notices=notices,
        )
        for convention in conventions
    ]


def _practice_as_of(
    conventions: list[Convention], states: list[State], as_of: dt.date
) -> tuple[dict[int, list[Objection]], dict[int, list[ParticipationNotice]]]:
    """Objections made by ``as_of`` by reservation id, each with the objecting state's deposit
    under the same convention (its consent to be bound); notices notified by ``as_of`` by
    participation id. Two queries."""
    consent = Participation.objects.filter(
        convention=OuterRef("reservation__participation__convention"), state=OuterRef("objecting_state")
    )
    objections: dict[int, list[Objection]] = defaultdict(list)
    for objection in (
        Objection.objects.filter(
            reservation__participation__convention__in=conventions,
            reservation__participation__state__in=states,
            made_on__lte=as_of,
        )
        .select_related("objecting_state")
        .annotate(
            consent_earliest=Subquery(consent.values("deposit_earliest")[:1]),
            consent_latest=Subquery(consent.values("deposit_latest")[:1]),
        )
        .order_by("made_on", "pk")
    ):
        objections[objection.reservation_id].append(objection)
    notices: dict[int, list[ParticipationNotice]] = defaultdict(list)
    for notice in ParticipationNotice.objects.filter(
        participation__convention__in=conventions, participation__state__in=states, made_on__lte=as_of
    ).order_by("made_on", "pk"):
        notices[notice.participation_id].append(notice)
    return objections, notices


def treaty_statuses_streamed(
    conventions: Iterable[Convention], states: list[State], as_of: dt.date, *, chunk_size: int = 2000
) -> Iterator[TreatyStatus]:
    """As ``treaty_statuses_as_of`` with ``states``, but one convention at a time, in the order of
    their ids: three queries, two of them read as they go (participations, reservations), so
    memory holds one convention's records however large the record is."""
    by_id = {convention.pk: convention for convention in conventions}
    entries_into_force = entry_into_force_by_convention(by_id.values())
    participations = groupby(
        Participation.objects.filter(convention__in=by_id, state__in=states)
        .order_by("convention_id", "pk")
        .iterator(chunk_size=chunk_size),
        key=attrgetter("convention_id"),
    )
    reservations = groupby(
        Reservation.objects.filter(participation__convention__in=by_id, participation__state__in=states)
        .annotate(convention_id=F("participation__convention_id"))
        .order_by("convention_id", "participation_id", "made_on", "pk")
        .iterator(chunk_size=chunk_size),
        key=attrgetter("convention_id"),
    )
    next_participations = next(participations, None)
    next_reservations = next(reservations, None)
    for convention_id in sorted(by_id):
        records: dict[int, Participation] = {}
        if next_participations and next_participations[0] == convention_id:
            records = {participation.state_id: participation for participation in next_participations[1]}
            next_participations = next(participations, None)
        made: dict[int, list[Reservation]] = defaultdict(list)
        if next_reservations and next_reservations[0] == convention_id:
            for reservation in next_reservations[1]:
                made[reservation.participation_id].append(reservation)
            next_reservations = next(reservations, None)
        yield _treaty_status(
            by_id[convention_id], records, made, states, entries_into_force[convention_id], as_of
        )


def signatories_as_of(conventions: Iterable[Convention], as_of: dt.date) -> dict[int, list[StateStatus]]:
    """Per convention id, the rows of the states that are signatories on ``as_of`` (signed, not
    yet party), in the states' order: two queries, the database choosing the participations by
    ``status_conditions``. For reminders, which need these few and not every state's status.
    """
    by_id = {convention.pk: convention for convention in conventions}
    entries_into_force = entry_into_force_by_convention(by_id.values())
    signatories = (
        Participation.objects.filter(status_conditions(as_of)[Status.SIGNATORY], convention__in=by_id)
        .select_related("state")
        .order_by(*(f"state__{field}" for field in State._meta.ordering), "state_id")
    )
    rows: dict[int, list[StateStatus]] = defaultdict(list)
    for participation in signatories:
        convention = participation.convention = by_id[participation.convention_id]
        rows[convention.pk].append(
            _state_status(
                participation.state, participation, (), convention, entries_into_force[convention.pk], as_of
            )
        )
    return rows


def _treaty_status(
    convention: Convention,
    records: dict[int, Participation],
    made: dict[int, list[Reservation]],
    states: list[State],
    entry_into_force: EntryIntoForce,
    as_of: dt.date,
    *,
    objections: dict[int, list[Objection]] | None = None,
    notices: dict[int, list[ParticipationNotice]] | None = None,
) -> TreatyStatus:
    """``records``: the convention's participations by state id; ``made``: reservations by
    participation id, in the order they were made (a plain dict, not the related manager, whose
    set-up for each participation costs more than the rules); ``objections`` by reservation id
    and ``notices`` by participation id, as ``_practice_as_of`` gives them."""
    for participation in records.values():
        participation.convention = convention
    rows = []
    for state in states:
        participation = records.get(state.pk)
        reservations = made.get(participation.pk, ()) if participation else ()
        row = _state_status(state, participation, reservations, convention, entry_into_force, as_of)
        if participation and objections is not None:
            row = _with_practice(row, objections, notices.get(participation.pk, ()), as_of)
        rows.append(row)
    return TreatyStatus(convention, as_of, entry_into_force, rows)


def _nth_deposit_bound(bound: str, conventions: list[Convention]) -> Case:
    """The ``bound`` (earliest or latest day) of a convention's n-th deposit, n being the number
    its entry into force needs, or NULL when it has fewer deposits.

    The n-th deposit cannot happen before the n-th smallest earliest day nor after the n-th
    smallest latest day, so the two bounds are ranked apart. One branch per number needed among
    ``conventions`` keeps the offset a constant, so the partial indexes on (convention, bound)
    give each convention's n-th entry without reading the others.
    """
    field = f"deposit_{bound}"
    deposits = (
        Participation.objects.filter(convention=OuterRef("pk"), **{f"{field}__isnull": False})
        .order_by(field)
        .values(field)
    )
    needed = sorted({convention.eif_instruments_required for convention in conventions})
    return Case(
        *[When(eif_instruments_required=n, then=Subquery(deposits[n - 1 : n])) for n in needed],
        output_field=DateField(),
    )


def entry_into_force_by_convention(conventions: Iterable[Convention]) -> dict[int, EntryIntoForce]:
    """Each convention's entry into force, recorded and computed from its deposits (one query)."""
    conventions = list(conventions)
    rows = (
        Convention.objects.filter(pk__in=[convention.pk for convention in conventions])
        .order_by()
        .annotate(
            nth_earliest=_nth_deposit_bound("earliest", conventions),
            nth_latest=_nth_deposit_bound("latest", conventions),
        )
        .values_list("pk", "entry_into_force_on", "eif_days_after_deposit", "nth_earliest", "nth_latest")
    )
    return {
        pk: EntryIntoForce(
            recorded=recorded,
            computed=ApproxDate(earliest, latest).shifted(days) if earliest else None,
        )
        for pk, recorded, days, earliest, latest in rows
    }


@dataclass(frozen=True)
class TreatyCounts:
    """A convention's figures on a day, counted by the database: what ``TreatyStatus`` would
    count over every state, without building a row per state."""

    convention: Convention
    as_of: dt.date
    entry_into_force: EntryIntoForce
    signatories: int
    parties: int
    not_ratified: int
    denounced: int
    in_force: int
    # The number of states whose status is uncertain (``TreatyStatus.uncertain`` lists them).
    uncertain: int

    @property
    def convention_in_force(self) -> bool:
        eif = self.entry_into_force.date
        return eif is not None and eif.certainly_by(self.as_of)


def _count_conditions(conventions: list[Convention], as_of: dt.date) -> dict[str, Q]:
    """The figures of ``TreatyStatus`` as conditions on a participation's columns, for counting:
    the statuses' own conditions, and the two figures that are not a status."""
    status_is = status_conditions(as_of)
    party = status_is[Status.PARTY]
    # In force for a party once its deposit plus the convention's delay has certainly passed
    # (and the convention itself is in force, which is checked per convention). The delay is
    # subtracted here, per group of conventions with the same delay, as date arithmetic on a
    # column differs between databases.
    by_delay = defaultdict(list)
    for convention in conventions:
        by_delay[convention.eif_days_after_deposit].append(convention.pk)
    own_entry_into_force_passed = Q(pk__in=[])
    for days, ids in by_delay.items():
        own_entry_into_force_passed |= Q(
            convention_id__in=ids, deposit_latest__lte=as_of - dt.timedelta(days=days)
        )
    return {
        "signatories": certainly_signed(as_of),
        "parties": party,
        "not_ratified": status_is[Status.SIGNATORY],
        "denounced": status_is[Status.DENOUNCED],
        "in_force": party & own_entry_into_force_passed,
        "uncertain": status_is[Status.UNCERTAIN],
    }


def certainly_signed(as_of: dt.date | Expression) -> Q:
    """Signed by ``as_of`` for certain, whatever came next: the depositary's count of signatories
    (``StateStatus.has_signed``)."""
    return Q(signature_latest__lte=as_of)


def status_conditions(as_of: dt.date | Expression) -> dict[Status, Q]:
    """``_state_status``'s status of a participation on ``as_of``, as a condition on its columns:
    the rule as the database states it, for every filter and count (the admin's filter, the
    counts, the signatories of the reminders, the timeline). ``as_of`` may be an expression, such
    as the day of an outer query (``OuterRef``). ``test_status_rule`` checks the two statements
    agree on generated records, on every day a status can change."""
    denounced = Q(denunciation_effective_on__lte=as_of)
    deposited = Q(deposit_latest__lte=as_of)
    signed = certainly_signed(as_of)
    signature_unsure = Q(signature_earliest__lte=as_of, signature_latest__gt=as_of)
    deposit_unsure = Q(deposit_earliest__lte=as_of, deposit_latest__gt=as_of)
    undecided = ~denounced & ~deposited
    unsure = signature_unsure | deposit_unsure
    return {
        Status.NOT_SIGNED: undecided & ~unsure & ~signed,
        Status.SIGNATORY: undecided & ~unsure & signed,
        Status.PARTY: ~denounced & deposited,
        Status.DENOUNCED: denounced,
        Status.UNCERTAIN: undecided & unsure,
    }


def status_expression(as_of: dt.date | Expression) -> Case:
    """``status_conditions`` as one value (a ``Status``), to annotate participations with."""
    return Case(
        *[
            When(condition, then=Value(status.value))
            for status, condition in status_conditions(as_of).items()
        ],
        output_field=CharField(),
    )


def status_since(
    status: Status,
    signature: ApproxDate | None,
    deposit: ApproxDate | None,
    denunciation_effective_on: dt.date | None,
) -> ApproxDate | None:
    """The day a state reached ``status``: its deposit, its signature, or its denunciation
    taking effect."""
    if status == Status.PARTY:
        return deposit
    if status == Status.SIGNATORY:
        return signature
    if status == Status.DENOUNCED and denunciation_effective_on:
        return ApproxDate.exact(denunciation_effective_on)
    return None


@dataclass(frozen=True)
class StatusCell:
    """A state's status under a convention on a date and the day it reached it: what a matrix
    of states by conventions shows in a cell."""

    status: Status
    since: ApproxDate | None = None


# A state with no record under a convention has not signed it.
NOT_SIGNED = StatusCell(Status.NOT_SIGNED)


def status_cells(
    conventions: Iterable[Convention], as_of: dt.date, states: Iterable[State] | None = None
) -> dict[tuple[int, int], StatusCell]:
    """By (convention id, state id), the cell of each state with a record under ``conventions``
    on ``as_of``, among ``states`` (every state if None): one query of plain values, the database
    deciding each status with ``status_expression``; a state absent has ``NOT_SIGNED``."""
    records = Participation.objects.filter(convention__in=list(conventions)).order_by()
    if states is not None:
        records = records.filter(state__in=states)
    rows = records.annotate(status=status_expression(as_of)).values_list(
        "convention_id", "state_id", "status",
        "signature_earliest", "signature_latest", "deposit_earliest", "deposit_latest",
        "denunciation_effective_on",
    )  # fmt: skip
    cells = {}
    for (
        convention_id,
        state_id,
        status,
        signed_from,
        signed_by,
        deposited_from,
        deposited_by,
        denounced,
    ) in rows:
        status = Status(status)
        since = status_since(
            status,
            approx_date_or_none(signed_from, signed_by),
            approx_date_or_none(deposited_from, deposited_by),
            denounced,
        )
        cells[convention_id, state_id] = StatusCell(status, since)
    return cells


@dataclass(frozen=True)
class TimelinePoint:
    on: dt.date
    signatories: int
    parties: int


# The columns of a participation on whose day a count of the timeline may change.
_TIMELINE_DAYS = ("signature_latest", "deposit_latest", "denunciation_effective_on")


def treaty_timelines(
    conventions: Iterable[Convention], as_of: dt.date, states: Iterable[State] | None = None
) -> dict[int, list[TimelinePoint]]:
    """Per convention id, its signatories and parties over time among ``states`` (every state if
    None), from its opening for signature up to ``as_of``: a point on each day a count changes.
    One query: the days are the opening and the last possible days of the actions (an action
    counts from the last day it may have happened), and each day's figures are counted by the
    database with ``certainly_signed`` and ``status_conditions`` on that day."""
    conventions = list(conventions)
    records = Participation.objects.filter(convention__in=conventions).order_by()
    if states is not None:
        records = records.filter(state__in=states)

    def counted(condition: Q) -> Coalesce:
        # COUNT without GROUP BY: one row whatever matches. Django writes NULL for a subquery
        # over no states at all.
        return Coalesce(
            Subquery(
                records.filter(condition, convention=OuterRef("treaty"))
                .annotate(number=Func(F("pk"), function="COUNT"))
                .values("number"),
                output_field=IntegerField(),
            ),
            0,
        )

    figures = {
        "signatories": counted(certainly_signed(OuterRef("day"))),
        "parties": counted(status_conditions(OuterRef("day"))[Status.PARTY]),
    }
    openings = (
        Convention.objects.filter(pk__in=[convention.pk for convention in conventions])
        .filter(opened_for_signature_on__lte=as_of)
        .order_by()
        .values(treaty=F("pk"), day=F("opened_for_signature_on"))
    )
    actions = [
        records.filter(**{f"{column}__lte": as_of, f"{column}__gt": F("convention__opened_for_signature_on")})
        .values(treaty=F("convention_id"), day=F(column))
        .annotate(**figures)
        for column in _TIMELINE_DAYS
    ]
    timelines: dict[int, list[TimelinePoint]] = {convention.pk: [] for convention in conventions}
    # UNION keeps each (convention, day) once, however many actions fell on it.
    for row in openings.annotate(**figures).union(*actions).order_by("treaty", "day"):
        point = TimelinePoint(row["day"], row["signatories"], row["parties"])
        points = timelines[row["treaty"]]
        # A day on which one action made up for another (a deposit, a denunciation) is no step.
        if not points or (points[-1].signatories, points[-1].parties) != (point.signatories, point.parties):
            points.append(point)
    return timelines


def participation_statuses_as_of(
    participations: Iterable[Participation], as_of: dt.date
) -> dict[int, StateStatus]:
    """Each participation's row on ``as_of`` by its id, as in ``treaty_statuses_as_of`` but
    without reservations (one query). The participations come with their state and convention."""
    participations = list(participations)
    if not participations:
        return {}
    entries_into_force = entry_into_force_by_convention({p.convention for p in participations})
    return {
        p.pk: _state_status(p.state, p, (), p.convention, entries_into_force[p.convention_id], as_of)
        for p in participations
    }


def treaty_counts_as_of(
    conventions: Iterable[Convention], as_of: dt.date, states: Iterable[State] | None = None
) -> list[TreatyCounts]:
    """Each convention's figures on ``as_of``, in the order given (two queries), among ``states``
    (every state if None)."""
    conventions = list(conventions)
    counts = treaty_counts_on_days(conventions, [as_of], states)
    return [counts[convention.pk, as_of] for convention in conventions]


def treaty_counts_on_days(
    conventions: Iterable[Convention], days: Iterable[dt.date], states: Iterable[State] | None = None
) -> dict[tuple[int, dt.date], TreatyCounts]:
    """Each convention's figures on each of ``days``, by (convention id, day), among ``states``
    (every state if None; the entry into force is the convention's own): two queries however many
    days, the counts of every day being columns of the same grouped query."""
    conventions, days = list(conventions), sorted(set(days))
    if not conventions or not days:
        return {}
    conditions = [_count_conditions(conventions, day) for day in days]
    records = Participation.objects.filter(convention__in=conventions)
    if states is not None:
        records = records.filter(state__in=states)
    counted = {
        row.pop("convention_id"): row
        for row in records.order_by()
        .values("convention_id")
        .annotate(
            **{
                f"{name}_{index}": Count("pk", filter=condition)
                for index, on_day in enumerate(conditions)
                for name, condition in on_day.items()
            }
        )
    }
    entries_into_force = entry_into_force_by_convention(conventions)
    results = {}
    for convention in conventions:
        row = counted.get(convention.pk, {})
        entry_into_force = entries_into_force[convention.pk]
        eif = entry_into_force.date
        for index, day in enumerate(days):
            counts = {name: row.get(f"{name}_{index}", 0) for name in conditions[index]}
            if eif is None or not eif.certainly_by(day):
                counts["in_force"] = 0
            results[convention.pk, day] = TreatyCounts(convention, day, entry_into_force, **counts)
    return results


def _state_status(
    state: State,
    participation: Participation | None,
    reservations_made: Iterable[Reservation],
    convention: Convention,
    entry_into_force: EntryIntoForce,
    as_of: dt.date,
) -> StateStatus:
    if participation is None:
        return StateStatus(state, Status.NOT_SIGNED, (Status.NOT_SIGNED,))

    signature = participation.signature
    deposit = participation.deposit
    signed_by = _by(signature, as_of)
    deposited_by = _by(deposit, as_of)
    denounced = bool(
        participation.denunciation_effective_on and participation.denunciation_effective_on <= as_of
    )

    if denounced:
        possible = (Status.DENOUNCED,)
    elif deposited_by is True:
        possible = (Status.PARTY,)
    else:
        without_deposit = {
            True: (Status.SIGNATORY,),
            False: (Status.NOT_SIGNED,),
            None: (Status.NOT_SIGNED, Status.SIGNATORY),
        }[signed_by]
        possible = without_deposit + ((Status.PARTY,) if deposited_by is None else ())
    status = possible[0] if len(possible) == 1 else Status.UNCERTAIN

    in_force_on = None
    eif = entry_into_force.date
    if deposit and deposited_by is not False and eif and eif.possibly_by(as_of):
        in_force_on = later_of(deposit.shifted(convention.eif_days_after_deposit), eif)

    reservations = tuple(r for r in reservations_made if _reservation_in_effect(r, deposit, as_of))
    return StateStatus(
        state,
        status,
        possible,
        has_signed=signed_by is True,
        participation=participation,
        signature=signature if signed_by is not False else None,
        deposit=deposit if deposited_by is not False else None,
        instrument_kind=participation.instrument_kind if deposited_by is not False else "",
        in_force_on=in_force_on,
        denunciation_notified_on=_on_or_before(participation.denunciation_notified_on, as_of),
        denunciation_effective_on=_on_or_before(participation.denunciation_effective_on, as_of),
        reservations=reservations,
    )


def _acceptance_date(reservation: Reservation, participation: Participation) -> ApproxDate | None:
    notified = reservation_notified(reservation, participation)
    return tacit_acceptance_date(notified) if notified else None


def _with_practice(
    row: StateStatus,
    objections: dict[int, list[Objection]],
    notices: list[ParticipationNotice],
    as_of: dt.date,
) -> StateStatus:
    """The row with its reservations' objections and its notices, as they stood on ``as_of``."""
    reservations = []
    for reservation in row.reservations:
        notified = reservation_notified(reservation, row.participation)
        reservations.append(
            ReservationStatus(
                reservation,
                acceptance_date=_acceptance_date(reservation, row.participation),
                objections=tuple(
                    ObjectionStatus(
                        objection,
                        acceptance_date=notified
                        and tacit_acceptance_date(
                            notified,
                            approx_date_or_none(objection.consent_earliest, objection.consent_latest),
                        ),
                        withdrawn_on=_on_or_before(objection.withdrawn_on, as_of),
                    )
                    for objection in objections.get(reservation.pk, ())
                ),
            )
        )
    return replace(
        row,
        reservations_objected=tuple(reservations),
        notices=tuple(NoticeStatus(notice, _on_or_before(notice.ended_on, as_of)) for notice in notices),
    )


def _by(date: ApproxDate | None, as_of: dt.date) -> bool | None:
    """True if it had certainly happened by ``as_of``, False if certainly not, None if unknown."""
    if date is None or not date.possibly_by(as_of):
        return False
    return True if date.certainly_by(as_of) else None


def _on_or_before(day: dt.date | None, as_of: dt.date) -> dt.date | None:
    return day if day and day <= as_of else None


def _reservation_in_effect(reservation: Reservation, deposit: ApproxDate | None, as_of: dt.date) -> bool:
    if reservation.withdrawn_on and reservation.withdrawn_on <= as_of:
        return False
    if reservation.made_on:
        return reservation.made_on <= as_of
    # Made with the instrument: in effect once the deposit certainly happened.
    return bool(deposit and deposit.certainly_by(as_of))
