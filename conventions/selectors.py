"""Reading the treaty record: the status of every state under a convention on any date.

An action counts by a date only when it had certainly happened by then (its latest possible day
is on or before the date). A state whose signature or deposit may or may not have happened by
the date is ``uncertain``, with the statuses it may have, rather than guessed.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from conventions.approx_dates import ApproxDate, nth_earliest
from conventions.models import Convention, Participation, Reservation
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

    @property
    def instrument_label(self) -> str:
        return self.participation.get_instrument_kind_display() if self.deposit else ""


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


def treaty_status_as_of(convention: Convention | str, as_of: dt.date) -> TreatyStatus:
    """The status of every state under one convention on ``as_of`` (four queries)."""
    if isinstance(convention, str):
        convention = Convention.objects.get(code=convention)
    return treaty_statuses_as_of([convention], as_of)[0]


def treaty_statuses_as_of(conventions: Iterable[Convention], as_of: dt.date) -> list[TreatyStatus]:
    """The status under each convention on ``as_of``: three queries however many conventions."""
    conventions = list(conventions)
    states = list(State.objects.all())
    participations = Participation.objects.filter(convention__in=conventions).prefetch_related(
        Prefetch("reservations", queryset=Reservation.objects.order_by("made_on", "pk"))
    )
    by_convention: dict[int, dict[int, Participation]] = defaultdict(dict)
    for participation in participations:
        by_convention[participation.convention_id][participation.state_id] = participation

    results = []
    for convention in conventions:
        records = by_convention[convention.pk]
        for participation in records.values():
            participation.convention = convention
        entry_into_force = _entry_into_force(convention, records.values())
        rows = [
            _state_status(state, records.get(state.pk), convention, entry_into_force, as_of)
            for state in states
        ]
        results.append(TreatyStatus(convention, as_of, entry_into_force, rows))
    return results


def _entry_into_force(convention: Convention, records: Iterable[Participation]) -> EntryIntoForce:
    deposits = [p.deposit for p in records if p.deposit]
    nth_deposit = nth_earliest(deposits, convention.eif_instruments_required)
    computed = nth_deposit.shifted(convention.eif_days_after_deposit) if nth_deposit else None
    return EntryIntoForce(recorded=convention.entry_into_force_on, computed=computed)


def _state_status(
    state: State,
    participation: Participation | None,
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

    reservations = tuple(
        r for r in participation.reservations.all() if _reservation_in_effect(r, deposit, as_of)
    )
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
