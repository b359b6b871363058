"""The road to entry into force: how far a convention is from it, and what a deposit made on a
given day would bring.

Both conventions of the record follow one rule, which ``Convention`` keeps as data: in force
``eif_days_after_deposit`` days after the ``eif_instruments_required``-th deposit, and for a state
depositing later, that many days after its own deposit (A-66 Art. 22, A-63 Art. XXV: the thirtieth
day in both). So a state depositing on a day is bound from the later of that day plus the delay
and the convention's own entry into force, and when its instrument is the last one needed, both
are the same day. Neither clause in the record says when a denunciation takes effect, and the
record keeps that date beside the notification (a constraint requires both), so it is read, not
computed.

Everything is read off a ``TreatyStatus`` on the day: the functions here count and date and query
nothing, except ``road_to_entry_into_force``, which reads that status (for the API), and
``instruments_by_convention``, which counts the instruments for pages whose status holds one
state's rows only.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from conventions.approx_dates import ApproxDate
from conventions.models import Convention, Participation
from conventions.selectors import StateStatus, Status, TreatyStatus, later_of, treaty_status_as_of
from states.models import State


@dataclass(frozen=True)
class Instruments:
    """A convention's instruments by a day."""

    # Certainly deposited by the day.
    deposited: int = 0
    # Deposited on a day known only approximately, which may or may not be by the day: they do
    # not count among those deposited, and the page says so.
    possibly_deposited: int = 0


@dataclass(frozen=True)
class ConventionRoad:
    convention: Convention
    day: dt.date
    instruments: Instruments
    # The convention's own entry into force, once the record shows it by the day: the date it
    # took effect, or will take effect now that the instruments it needs are deposited.
    entry_into_force: ApproxDate | None

    @property
    def required(self) -> int:
        return self.convention.eif_instruments_required

    @property
    def in_force(self) -> bool:
        return self.entry_into_force is not None and self.entry_into_force.certainly_by(self.day)

    @property
    def still_needed(self) -> int:
        if self.entry_into_force is not None:
            return 0
        return max(self.required - self.instruments.deposited, 0)

    @property
    def in_force_after_a_deposit_on_the_day(self) -> ApproxDate | None:
        """When the convention would be in force for a state depositing on the day, or None while
        its instrument would not be the last one needed."""
        own = ApproxDate.exact(self.day + dt.timedelta(days=self.convention.eif_days_after_deposit))
        if self.entry_into_force is not None:
            return later_of(own, self.entry_into_force)
        # The last instrument needed brings the convention into force for every party at once,
        # on the day the rule gives after it.
        return own if self.still_needed == 1 else None


@dataclass(frozen=True)
class SignatoryRoad:
    """A state that had signed and not yet deposited by the day."""

    state: State
    signature: ApproxDate
    # When the convention would be in force for it if it deposited on the day.
    in_force_on: ApproxDate | None
    # Instruments that others would still have to deposit before that date can be known.
    others_still_needed: int


@dataclass(frozen=True)
class Denunciation:
    state: State
    notified_on: dt.date
    effective_on: dt.date
    # The denunciation had taken effect by the day.
    in_effect: bool


@dataclass(frozen=True)
class RoadToEntryIntoForce:
    """A convention's road on a day, over every state."""

    road: ConventionRoad
    signatories: list[SignatoryRoad]
    denunciations: list[Denunciation]

    @property
    def has_anything_to_show(self) -> bool:
        return not self.road.in_force or bool(self.signatories or self.denunciations)


@dataclass(frozen=True)
class StateRoad:
    """One state's part of a convention's road on a day."""

    road: ConventionRoad
    signatory: SignatoryRoad | None
    denunciation: Denunciation | None

    @property
    def has_anything_to_show(self) -> bool:
        return not self.road.in_force or self.signatory is not None or self.denunciation is not None


def instruments_in(treaty: TreatyStatus) -> Instruments:
    """The instruments of a status that covers every state (not one read for some states only)."""
    deposits = [row.deposit for row in treaty.states if row.deposit is not None]
    deposited = sum(1 for deposit in deposits if deposit.certainly_by(treaty.as_of))
    return Instruments(deposited=deposited, possibly_deposited=len(deposits) - deposited)


def instruments_by_convention(conventions: list[Convention], day: dt.date) -> dict[int, Instruments]:
    """Each convention's instruments by ``day``, counted by the database (one query): for pages
    whose statuses hold some states' rows only."""
    counted = (
        Participation.objects.filter(convention__in=conventions, deposit_earliest__lte=day)
        .order_by()
        .values("convention_id")
        .annotate(
            deposited=Count("pk", filter=Q(deposit_latest__lte=day)),
            possibly_deposited=Count("pk", filter=Q(deposit_latest__gt=day)),
        )
    )
    by_id = {row.pop("convention_id"): Instruments(**row) for row in counted}
    return {convention.pk: by_id.get(convention.pk, Instruments()) for convention in conventions}


def convention_road(treaty: TreatyStatus, instruments: Instruments) -> ConventionRoad:
    """The convention's road on the day of ``treaty``, given its ``instruments`` by that day."""
    convention, day = treaty.convention, treaty.as_of
    date = treaty.entry_into_force.date
    # A date that only later deposits give was not yet known on the day.
    known = date is not None and (
        date.possibly_by(day) or instruments.deposited >= convention.eif_instruments_required
    )
    return ConventionRoad(convention, day, instruments, date if known else None)


def road_to_entry_into_force_from_status(treaty: TreatyStatus) -> RoadToEntryIntoForce:
    """The road on the day of ``treaty``, a status over every state (no query)."""
    road = convention_road(treaty, instruments_in(treaty))
    signatories = [signatory for row in treaty.states if (signatory := _signatory(road, row))]
    denunciations = [denunciation for row in treaty.states if (denunciation := _denunciation(row, road.day))]
    return RoadToEntryIntoForce(road, signatories, denunciations)


def state_road(treaty: TreatyStatus, row: StateStatus, instruments: Instruments) -> StateRoad:
    """One state's part of the road, from its row under ``treaty`` and the convention's
    ``instruments`` (counted over every state)."""
    road = convention_road(treaty, instruments)
    return StateRoad(road, _signatory(road, row), _denunciation(row, road.day))


def state_roads(
    statuses: Iterable[tuple[TreatyStatus, StateStatus]], instruments: dict[int, Instruments]
) -> list[StateRoad]:
    """A state's part of the road under each convention of ``statuses`` (its row under each),
    leaving out those where it has none: in force, and nothing for it to deposit or denounce."""
    roads = (state_road(treaty, row, instruments[treaty.convention.pk]) for treaty, row in statuses)
    return [road for road in roads if road.has_anything_to_show]


def road_to_entry_into_force(convention: Convention, today: dt.date | None = None) -> RoadToEntryIntoForce:
    """The road on ``today`` (the secretariat's today by default), as ``treaty_status_as_of``
    reads the record: four queries."""
    treaty = treaty_status_as_of(convention, today or timezone.localdate())
    return road_to_entry_into_force_from_status(treaty)


def _signatory(road: ConventionRoad, row: StateStatus) -> SignatoryRoad | None:
    if row.status != Status.SIGNATORY:
        return None
    in_force_on = road.in_force_after_a_deposit_on_the_day
    return SignatoryRoad(
        state=row.state,
        signature=row.signature,
        in_force_on=in_force_on,
        others_still_needed=0 if in_force_on else road.still_needed - 1,
    )


def _denunciation(row: StateStatus, day: dt.date) -> Denunciation | None:
    participation = row.participation
    if participation is None or row.denunciation_notified_on is None:
        return None
    effective_on = participation.denunciation_effective_on
    return Denunciation(row.state, row.denunciation_notified_on, effective_on, effective_on <= day)
