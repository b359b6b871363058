"""What changed in the treaty record between two days: the actions dated in the period, and each
convention's figures before and after it.

The period runs from ``start`` to ``end``, both days included. The figures "before" are those
as of the day before ``start``, the figures "after" those as of ``end``: both are counted by
``treaty_counts_as_of``, so they are the status table's on those two days, and every action
certainly dated in the period is one that the status table counts on the second day and not on
the first.

Dates known only to the month, the year or a range are intervals (``approx_dates``). An action
whose interval lies within the period is listed as certainly in it; one whose interval overlaps
the period but runs past a bound is listed as possibly in it; one outside is not listed.

Listed: signatures; deposits, with the kind of instrument; each state's entry into force (as the
status table gives it: its deposit plus the convention's delay, not before the convention's own
entry into force); reservations and declarations made (on their own day, or with the instrument
on the day of its deposit) and withdrawn; objections to reservations made and withdrawn, once
the record keeps them; denunciations notified and taking effect.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conventions.approx_dates import ApproxDate
from conventions.models import Convention, InstrumentKind, Objection, Participation, Reservation
from conventions.selectors import (
    EntryIntoForce,
    StateStatus,
    TreatyCounts,
    entry_into_force_by_convention,
    later_of,
    treaty_counts_as_of,
    treaty_statuses_as_of,
)
from states.models import State


class ChangeKind(StrEnum):
    # In the order two changes on the same day are listed.
    SIGNATURE = "signature"
    DEPOSIT = "deposit"
    RESERVATION_MADE = "reservation_made"
    ENTRY_INTO_FORCE = "entry_into_force"
    RESERVATION_WITHDRAWN = "reservation_withdrawn"
    OBJECTION_MADE = "objection_made"
    OBJECTION_WITHDRAWN = "objection_withdrawn"
    DENUNCIATION_NOTIFIED = "denunciation_notified"
    DENUNCIATION_EFFECTIVE = "denunciation_effective"

    @property
    def label(self) -> str:
        return str(CHANGE_LABELS[self])


CHANGE_LABELS = {
    ChangeKind.SIGNATURE: _("Signature"),
    ChangeKind.DEPOSIT: _("Deposit of an instrument"),
    ChangeKind.RESERVATION_MADE: _("Reservation or declaration made"),
    ChangeKind.ENTRY_INTO_FORCE: _("Entry into force for the state"),
    ChangeKind.RESERVATION_WITHDRAWN: _("Reservation or declaration withdrawn"),
    ChangeKind.OBJECTION_MADE: _("Objection made to a reservation"),
    ChangeKind.OBJECTION_WITHDRAWN: _("Objection withdrawn"),
    ChangeKind.DENUNCIATION_NOTIFIED: _("Denunciation notified"),
    ChangeKind.DENUNCIATION_EFFECTIVE: _("Denunciation takes effect"),
}
_KIND_ORDER = {kind: number for number, kind in enumerate(ChangeKind)}

CERTAINLY = "certainly"
POSSIBLY = "possibly"
# The first day a period can start on: the figures "before" are those of the day before it.
FIRST_DAY = dt.date.min + dt.timedelta(days=1)


@dataclass(frozen=True)
class Change:
    """One action of one state under one convention, dated in the period or possibly in it."""

    convention: Convention
    state: State
    kind: ChangeKind
    date: ApproxDate
    # False when the date is known only approximately and may fall outside the period.
    certain: bool
    instrument_kind: str = ""
    # The reservation made or withdrawn, or the one objected to (its participation and state
    # come with it).
    reservation: Reservation | None = None
    # A reservation made with the instrument, whose day is its deposit's.
    with_instrument: bool = False

    @property
    def in_period(self) -> str:
        return CERTAINLY if self.certain else POSSIBLY

    @property
    def instrument_label(self) -> str:
        return str(InstrumentKind(self.instrument_kind).label) if self.instrument_kind else ""

    @property
    def reservation_state(self) -> State | None:
        """The state whose reservation it is (for an objection, not the objecting state)."""
        return self.reservation.participation.state if self.reservation else None

    @property
    def is_objection(self) -> bool:
        return self.kind in (ChangeKind.OBJECTION_MADE, ChangeKind.OBJECTION_WITHDRAWN)

    def sort_key(self):
        return (
            self.date.earliest,
            self.date.latest,
            self.convention.code,
            self.state.name_en,
            _KIND_ORDER[self.kind],
            self.reservation.pk if self.reservation else 0,
        )


@dataclass(frozen=True)
class ConventionFigures:
    """A convention's figures the day before the period and on its last day; with a state
    chosen, that state's row in the status table on both days too."""

    convention: Convention
    before: TreatyCounts
    after: TreatyCounts
    state_before: StateStatus | None = None
    state_after: StateStatus | None = None


@dataclass(frozen=True)
class RecordChanges:
    start: dt.date
    end: dt.date
    # What was asked for: the conventions (None: the whole record) and the state (None: all).
    conventions: tuple[Convention, ...] | None
    state: State | None
    changes: list[Change]
    # The conventions the list is about: those asked for, or those with a change listed.
    figures: list[ConventionFigures]

    @property
    def before(self) -> dt.date:
        """The day the figures "before" are counted on: the day before the period."""
        return self.start - dt.timedelta(days=1)

    @property
    def certain(self) -> list[Change]:
        return [change for change in self.changes if change.certain]

    @property
    def possible(self) -> list[Change]:
        return [change for change in self.changes if not change.certain]


def record_changes_between(
    start: dt.date,
    end: dt.date,
    convention: Convention | Iterable[Convention] | None = None,
    state: State | None = None,
) -> RecordChanges:
    """The changes between ``start`` and ``end`` (both included), for one convention (or a few),
    one state, or the whole record, with the figures before and after.

    A constant number of queries, whatever the size of the record: the conventions (unless
    given) and their entries into force; the participations with an action possibly in the
    period; the reservations made or withdrawn in it; the objections (where the record keeps
    them); then the figures on both days, two queries each (and, with a state, its rows on
    both days, three queries each).
    """
    if start > end:
        raise ValueError("The period starts after it ends.")
    if start < FIRST_DAY:
        raise ValueError("There is no day before the first day of the calendar to count from.")
    if isinstance(convention, Convention):
        chosen = (convention,)
    elif convention is not None:
        chosen = tuple(convention)
    else:
        chosen = None
    conventions = list(chosen) if chosen is not None else list(Convention.objects.order_by("code"))
    by_id = {convention.pk: convention for convention in conventions}
    entries_into_force = entry_into_force_by_convention(conventions) if conventions else {}

    changes = [
        *_participation_changes(by_id, entries_into_force, state, start, end, chosen is not None),
        *_reservation_changes(by_id, state, start, end, chosen is not None),
    ]
    changes.extend(_objection_changes(by_id, state, start, end, chosen is not None))
    changes.sort(key=Change.sort_key)

    changed = {change.convention.pk for change in changes}
    about = conventions if chosen is not None else [c for c in conventions if c.pk in changed]
    return RecordChanges(
        start=start,
        end=end,
        conventions=chosen,
        state=state,
        changes=changes,
        figures=_figures(about, state, start - dt.timedelta(days=1), end),
    )


def a_year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (28 February for 29 February): where a period starts when
    only its end is given. Never before ``FIRST_DAY``."""
    if day.year == 1:
        return FIRST_DAY
    try:
        earlier = day.replace(year=day.year - 1)
    except ValueError:
        earlier = day.replace(year=day.year - 1, day=28)
    return max(earlier, FIRST_DAY)


def _figures(conventions: list[Convention], state: State | None, before: dt.date, after: dt.date):
    if not conventions:
        return []
    counts_before = treaty_counts_as_of(conventions, before)
    counts_after = treaty_counts_as_of(conventions, after)
    if state is None:
        return [
            ConventionFigures(c, b, a)
            for c, b, a in zip(conventions, counts_before, counts_after, strict=True)
        ]
    rows_before = treaty_statuses_as_of(conventions, before, states=[state])
    rows_after = treaty_statuses_as_of(conventions, after, states=[state])
    return [
        ConventionFigures(c, b, a, rb.states[0], ra.states[0])
        for c, b, a, rb, ra in zip(
            conventions, counts_before, counts_after, rows_before, rows_after, strict=True
        )
    ]


def _days_before(day: dt.date, days: int) -> dt.date:
    """``day`` less ``days``, or the first day of the calendar where there is no such day."""
    try:
        return day - dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min


def _placed(date: ApproxDate | None, start: dt.date, end: dt.date) -> bool | None:
    """True if ``date`` is certainly in the period, False if possibly, None if not in it."""
    if date is None or date.latest < start or date.earliest > end:
        return None
    return start <= date.earliest and date.latest <= end


def _overlaps(prefix: str, start: dt.date, end: dt.date) -> Q:
    return Q(**{f"{prefix}_earliest__lte": end, f"{prefix}_latest__gte": start})


def _in_force_conditions(
    conventions: dict[int, Convention], entries_into_force: dict[int, EntryIntoForce], start, end
) -> Q:
    """Participations whose entry into force may fall in the period, as a condition on columns.

    A state's entry into force runs from ``later_of(deposit + delay, the convention's)``: it may
    be in the period when its earliest day is not after ``end`` and its latest not before
    ``start``. The delay is taken off the period's days per group of conventions with the same
    delay (date arithmetic on a column differs between databases), as in ``selectors``.
    """
    groups: dict[tuple[int, bool], list[int]] = defaultdict(list)
    for pk, convention in conventions.items():
        eif = entries_into_force[pk].date
        if eif is None or eif.earliest > end:
            continue
        # When the convention's own entry into force reaches into the period, any deposit made
        # before it may enter into force in the period, however early.
        groups[(convention.eif_days_after_deposit, eif.latest >= start)].append(pk)
    condition = Q(pk__in=[])
    for (days, convention_reaches_period), ids in groups.items():
        group = Q(convention_id__in=ids, deposit_earliest__lte=_days_before(end, days))
        if not convention_reaches_period:
            group &= Q(deposit_latest__gte=_days_before(start, days))
        condition |= group
    return condition


def _participation_changes(conventions, entries_into_force, state, start, end, filtered) -> Iterator[Change]:
    if not conventions:
        return
    found = Participation.objects.filter(
        _overlaps("signature", start, end)
        | _overlaps("deposit", start, end)
        | Q(denunciation_notified_on__range=(start, end))
        | Q(denunciation_effective_on__range=(start, end))
        | _in_force_conditions(conventions, entries_into_force, start, end)
    ).select_related("state")
    if filtered:
        found = found.filter(convention__in=list(conventions))
    if state is not None:
        found = found.filter(state=state)
    for participation in found.order_by():
        convention = participation.convention = conventions[participation.convention_id]
        state_ = participation.state
        signature, deposit = participation.signature, participation.deposit
        eif = entries_into_force[convention.pk].date
        in_force_on = (
            later_of(deposit.shifted(convention.eif_days_after_deposit), eif) if deposit and eif else None
        )
        dated = [
            (ChangeKind.SIGNATURE, signature, ""),
            (ChangeKind.DEPOSIT, deposit, participation.instrument_kind),
            (ChangeKind.ENTRY_INTO_FORCE, in_force_on, ""),
            (ChangeKind.DENUNCIATION_NOTIFIED, _exact(participation.denunciation_notified_on), ""),
            (ChangeKind.DENUNCIATION_EFFECTIVE, _exact(participation.denunciation_effective_on), ""),
        ]
        for kind, date, instrument_kind in dated:
            certain = _placed(date, start, end)
            if certain is not None:
                yield Change(convention, state_, kind, date, certain, instrument_kind=instrument_kind)


def _exact(day: dt.date | None) -> ApproxDate | None:
    return ApproxDate.exact(day) if day else None


def _reservation_changes(conventions, state, start, end, filtered) -> Iterator[Change]:
    if not conventions:
        return
    found = Reservation.objects.filter(
        Q(made_on__range=(start, end))
        | Q(withdrawn_on__range=(start, end))
        # Made with the instrument: on the day of the deposit.
        | Q(made_on__isnull=True) & _overlaps("participation__deposit", start, end)
    ).select_related("participation__state")
    if filtered:
        found = found.filter(participation__convention__in=list(conventions))
    if state is not None:
        found = found.filter(participation__state=state)
    for reservation in found.order_by():
        participation = reservation.participation
        convention = participation.convention = conventions[participation.convention_id]
        made = _exact(reservation.made_on) or participation.deposit
        for kind, date in (
            (ChangeKind.RESERVATION_MADE, made),
            (ChangeKind.RESERVATION_WITHDRAWN, _exact(reservation.withdrawn_on)),
        ):
            certain = _placed(date, start, end)
            if certain is not None:
                yield Change(
                    convention,
                    participation.state,
                    kind,
                    date,
                    certain,
                    reservation=reservation,
                    with_instrument=kind == ChangeKind.RESERVATION_MADE and reservation.made_on is None,
                )


def _objection_changes(conventions, state, start, end, filtered) -> Iterator[Change]:
    """Objections made or withdrawn in the period: under the objecting state, and for a state
    chosen, those it made and those made to its own reservations."""
    if not conventions:
        return
    found = Objection.objects.filter(
        Q(made_on__range=(start, end)) | Q(withdrawn_on__range=(start, end))
    ).select_related("objecting_state", "reservation__participation__state")
    if filtered:
        found = found.filter(reservation__participation__convention__in=list(conventions))
    if state is not None:
        found = found.filter(Q(objecting_state=state) | Q(reservation__participation__state=state))
    for objection in found.order_by():
        reservation = objection.reservation
        participation = reservation.participation
        convention = participation.convention = conventions[participation.convention_id]
        for kind, day in (
            (ChangeKind.OBJECTION_MADE, objection.made_on),
            (ChangeKind.OBJECTION_WITHDRAWN, objection.withdrawn_on),
        ):
            date = _exact(day)
            if _placed(date, start, end) is not None:
                yield Change(convention, objection.objecting_state, kind, date, True, reservation=reservation)


# --- As plain data: for the API, CSV and XLSX ------------------------------------------------

CHANGE_COLUMNS = [
    "date", "in_period", "convention", "state", "name", "change", "instrument",
    "reservation_kind", "article", "reservation_state",
]  # fmt: skip


def change_rows(changes: Iterable[Change]) -> Iterator[dict]:
    """One dict per change; dates known approximately are written ``YYYY-MM``, ``YYYY`` or
    ``start/end``, as in the status export."""
    for change in changes:
        reservation = change.reservation
        yield {
            "date": change.date.isoformat(),
            "in_period": change.in_period,
            "convention": change.convention.code,
            "state": change.state.iso3,
            "name": change.state.name_en,
            "change": str(change.kind),
            "instrument": change.instrument_kind or None,
            "reservation_kind": reservation.kind if reservation else None,
            "article": (reservation.article or None) if reservation else None,
            "reservation_state": change.reservation_state.iso3 if reservation else None,
        }


def change_lines(changes: Iterable[Change]) -> Iterator[list]:
    """The header, then one line per change, for CSV and XLSX."""
    yield CHANGE_COLUMNS
    for row in change_rows(changes):
        yield [row[column] for column in CHANGE_COLUMNS]


def _counts(counts: TreatyCounts) -> dict:
    return {
        "as_of": counts.as_of.isoformat(),
        "convention_in_force": counts.convention_in_force,
        "signatories": counts.signatories,
        "parties": counts.parties,
        "in_force": counts.in_force,
        "denounced": counts.denounced,
        "uncertain": counts.uncertain,
    }


def record_changes_document(record: RecordChanges) -> dict:
    return {
        "from": record.start.isoformat(),
        "to": record.end.isoformat(),
        "conventions": [c.code for c in record.conventions] if record.conventions is not None else None,
        "state": record.state.iso3 if record.state else None,
        "figures": [
            {
                "convention": figures.convention.code,
                "before": _counts(figures.before),
                "after": _counts(figures.after),
                "state_before": str(figures.state_before.status) if figures.state_before else None,
                "state_after": str(figures.state_after.status) if figures.state_after else None,
            }
            for figures in record.figures
        ],
        "changes": list(change_rows(record.changes)),
    }
