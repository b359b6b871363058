import datetime as dt

import pytest
from django.db.models import F

from conventions.approx_dates import ApproxDate
from conventions.models import Convention, InstrumentKind, Participation
from conventions.selectors import (
    Status,
    entry_into_force_by_convention,
    participation_statuses_as_of,
    status_conditions,
    treaty_counts_as_of,
    treaty_counts_on_days,
    treaty_status_as_of,
    treaty_statuses_as_of,
)
from conventions.tests.factories import ConventionFactory, ParticipationFactory, ReservationFactory
from devdata.scale import ScaleSpec, scale_data_generate
from states.tests.factories import StateFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def convention():
    """In force 30 days after the second deposit, like the firearms convention."""
    return ConventionFactory(
        code="A-63", adopted_on=D(1997, 11, 14), eif_instruments_required=2, eif_days_after_deposit=30
    )


def deposited(convention, state, deposit, signed="1997-11-14", kind=InstrumentKind.RATIFICATION, **extra):
    signature = ApproxDate.parse(signed) if signed else None
    deposit = ApproxDate.parse(deposit)
    return ParticipationFactory(
        convention=convention, state=state,
        signature_earliest=signature and signature.earliest, signature_latest=signature and signature.latest,
        deposit_earliest=deposit.earliest, deposit_latest=deposit.latest, instrument_kind=kind, **extra,
    )  # fmt: skip


def row(status, iso3):
    return next(r for r in status.states if r.state.iso3 == iso3)


def test_before_and_after_a_signature(convention):
    ParticipationFactory(
        convention=convention, state=StateFactory(iso3="CAN"),
        signature_earliest=D(1997, 11, 14), signature_latest=D(1997, 11, 14),
    )  # fmt: skip

    before = treaty_status_as_of(convention, D(1997, 11, 13))
    on_the_day = treaty_status_as_of(convention, D(1997, 11, 14))

    assert row(before, "CAN").status == Status.NOT_SIGNED and row(before, "CAN").signature is None
    assert before.signatories == 0
    assert row(on_the_day, "CAN").status == Status.SIGNATORY
    assert on_the_day.signatories == 1 and on_the_day.parties == 0


def test_before_and_after_a_ratification(convention):
    deposited(convention, StateFactory(iso3="BLZ"), "1998-01-12")

    before = treaty_status_as_of(convention, D(1998, 1, 11))
    after = treaty_status_as_of(convention, D(1998, 1, 12))

    assert row(before, "BLZ").status == Status.SIGNATORY and row(before, "BLZ").deposit is None
    assert row(after, "BLZ").status == Status.PARTY
    assert (after.signatories, after.parties) == (1, 1)


def test_an_accession_makes_a_party_without_a_signature(convention):
    deposited(convention, StateFactory(iso3="DMA"), "2004-10-20", signed=None, kind=InstrumentKind.ACCESSION)

    before = treaty_status_as_of(convention, D(2004, 10, 19))
    after = treaty_status_as_of(convention, D(2004, 10, 20))

    assert row(before, "DMA").status == Status.NOT_SIGNED
    assert row(after, "DMA").status == Status.PARTY and row(after, "DMA").instrument_kind == "accession"
    assert (after.signatories, after.parties) == (0, 1)


def test_entry_into_force_follows_the_rule_for_early_and_late_parties(convention):
    deposited(convention, StateFactory(iso3="BLZ"), "1998-01-12")
    deposited(convention, StateFactory(iso3="MEX"), "1998-06-01")
    deposited(convention, StateFactory(iso3="BRA"), "1999-09-28")

    status = treaty_status_as_of(convention, D(2000, 1, 1))

    assert status.entry_into_force.computed == ApproxDate.exact(D(1998, 7, 1))
    assert row(status, "BLZ").in_force_on == ApproxDate.exact(D(1998, 7, 1))
    assert row(status, "MEX").in_force_on == ApproxDate.exact(D(1998, 7, 1))
    assert row(status, "BRA").in_force_on == ApproxDate.exact(D(1999, 10, 28))
    assert status.convention_in_force and status.in_force == 3


def test_not_in_force_until_the_day_the_rule_gives(convention):
    deposited(convention, StateFactory(iso3="BLZ"), "1998-01-12")
    deposited(convention, StateFactory(iso3="MEX"), "1998-06-01")

    eve = treaty_status_as_of(convention, D(1998, 6, 30))
    day = treaty_status_as_of(convention, D(1998, 7, 1))

    assert (eve.parties, eve.in_force, eve.convention_in_force) == (2, 0, False)
    assert (day.parties, day.in_force, day.convention_in_force) == (2, 2, True)


def test_with_too_few_deposits_the_convention_is_pending(convention):
    deposited(convention, StateFactory(iso3="BLZ"), "1998-01-12")

    status = treaty_status_as_of(convention, D(2020, 1, 1))

    assert status.entry_into_force.computed is None
    assert row(status, "BLZ").status == Status.PARTY and row(status, "BLZ").in_force_on is None
    assert status.in_force == 0


def test_a_recorded_entry_into_force_that_the_deposits_contradict_is_reported(convention):
    convention.entry_into_force_on = D(1998, 7, 6)
    convention.save()
    deposited(convention, StateFactory(iso3="BLZ"), "1998-01-12")
    deposited(convention, StateFactory(iso3="MEX"), "1998-06-01")

    status = treaty_status_as_of(convention, D(2000, 1, 1))

    assert status.entry_into_force.mismatch
    assert status.entry_into_force.computed == ApproxDate.exact(D(1998, 7, 1))


def test_a_matching_recorded_entry_into_force_is_not_reported(convention):
    convention.entry_into_force_on = D(1998, 7, 1)
    convention.save()
    deposited(convention, StateFactory(iso3="BLZ"), "1998-01-12")
    deposited(convention, StateFactory(iso3="MEX"), "1998-06-01")

    assert not treaty_status_as_of(convention, D(2000, 1, 1)).entry_into_force.mismatch


def test_a_deposit_known_to_the_month_is_uncertain_during_that_month(convention):
    deposited(convention, StateFactory(iso3="BLZ"), "1998-01-12")
    deposited(convention, StateFactory(iso3="MEX"), "1998-06-01")
    deposited(convention, StateFactory(iso3="ARG"), "2005-12")

    november = treaty_status_as_of(convention, D(2005, 11, 30))
    mid_december = treaty_status_as_of(convention, D(2005, 12, 10))
    january = treaty_status_as_of(convention, D(2006, 1, 1))

    assert row(november, "ARG").status == Status.SIGNATORY
    assert row(mid_december, "ARG").status == Status.UNCERTAIN
    assert row(mid_december, "ARG").possible == (Status.SIGNATORY, Status.PARTY)
    assert mid_december.uncertain == ["ARG"] and mid_december.parties == 2
    assert row(january, "ARG").status == Status.PARTY and january.uncertain == []
    # In force 30 days after a day in December: known only as a range, and not counted before.
    assert row(january, "ARG").in_force_on == ApproxDate(D(2005, 12, 31), D(2006, 1, 30))
    assert january.in_force == 2


def test_a_signature_known_only_between_two_dates(convention):
    ParticipationFactory(
        convention=convention, state=StateFactory(iso3="DOM"),
        signature_earliest=D(2002, 6, 4), signature_latest=D(2003, 5, 7),
    )  # fmt: skip

    assert row(treaty_status_as_of(convention, D(2002, 6, 3)), "DOM").status == Status.NOT_SIGNED
    between = treaty_status_as_of(convention, D(2002, 12, 1))
    assert row(between, "DOM").status == Status.UNCERTAIN
    assert row(between, "DOM").possible == (Status.NOT_SIGNED, Status.SIGNATORY)
    assert between.signatories == 0
    assert row(treaty_status_as_of(convention, D(2003, 5, 7)), "DOM").status == Status.SIGNATORY


def test_denunciation_takes_effect_on_its_effective_date(convention):
    deposited(
        convention, StateFactory(iso3="VEN"), "2002-05-14",
        denunciation_notified_on=D(2012, 5, 1), denunciation_effective_on=D(2013, 5, 1),
    )  # fmt: skip

    notified = treaty_status_as_of(convention, D(2012, 6, 1))
    effective = treaty_status_as_of(convention, D(2013, 5, 1))

    assert row(notified, "VEN").status == Status.PARTY
    assert row(notified, "VEN").denunciation_notified_on == D(2012, 5, 1)
    assert row(effective, "VEN").status == Status.DENOUNCED
    assert (effective.parties, effective.denounced, effective.signatories) == (0, 1, 1)


def test_reservations_count_from_the_deposit_until_withdrawn(convention):
    argentina = deposited(convention, StateFactory(iso3="ARG"), "2001-10-09")
    ReservationFactory(
        participation=argentina, kind="reservation", article="Art. I(3)", withdrawn_on=D(2010, 1, 1)
    )

    assert row(treaty_status_as_of(convention, D(2001, 10, 8)), "ARG").reservations == ()
    assert len(row(treaty_status_as_of(convention, D(2001, 10, 9)), "ARG").reservations) == 1
    assert row(treaty_status_as_of(convention, D(2010, 1, 1)), "ARG").reservations == ()


def test_states_that_did_nothing_are_listed_as_not_signed(convention):
    StateFactory(iso3="CUB")

    status = treaty_status_as_of(convention, D(2020, 1, 1))

    assert row(status, "CUB").status == Status.NOT_SIGNED


def test_status_takes_a_constant_number_of_queries(convention, django_assert_num_queries):
    def grow(count):
        for _ in range(count):
            deposited(convention, StateFactory(), "1998-01-12")
            ReservationFactory(participation=convention.participations.last())

    grow(2)
    # states, participations, reservations, the convention's entry into force
    with django_assert_num_queries(4):
        treaty_status_as_of(convention, D(2000, 1, 1))
    grow(20)
    with django_assert_num_queries(4):
        treaty_status_as_of(convention, D(2000, 1, 1))


def test_several_conventions_at_once_take_the_same_queries(convention, django_assert_num_queries):
    others = [ConventionFactory() for _ in range(3)]
    for other in others:
        ParticipationFactory(convention=other)

    with django_assert_num_queries(4):
        statuses = treaty_statuses_as_of([convention, *others], D(2020, 1, 1))
    assert [s.signatories for s in statuses] == [0, 1, 1, 1]


def test_the_nth_deposit_is_bounded_by_the_nth_earliest_and_nth_latest_days():
    def computed_with(required):
        convention = ConventionFactory(
            code=f"N-{required}", eif_instruments_required=required, eif_days_after_deposit=0
        )
        for day in ["2003-06-10", "2003-05", "2003-06-09"]:
            deposited(convention, StateFactory(), day, signed="2002-06-03")
        return entry_into_force_by_convention([convention])[convention.pk].computed

    assert computed_with(1) == ApproxDate(D(2003, 5, 1), D(2003, 5, 31))
    # Earliest days ranked: 05-01, 06-09, 06-10; latest days: 05-31, 06-09, 06-10.
    assert computed_with(2) == ApproxDate(D(2003, 6, 9), D(2003, 6, 9))
    assert computed_with(4) is None


def test_a_status_over_some_states_keeps_the_entry_into_force_of_every_deposit(convention):
    deposited(convention, StateFactory(iso3="BLZ"), "1998-01-12")
    mexico = StateFactory(iso3="MEX")
    deposited(convention, mexico, "1998-06-01")

    status = treaty_statuses_as_of([convention], D(2000, 1, 1), states=[mexico])[0]

    assert [r.state.iso3 for r in status.states] == ["MEX"]
    assert status.entry_into_force.computed == ApproxDate.exact(D(1998, 7, 1))
    assert status.parties == 1 and status.in_force == 1


def boundary_days(participations, statuses) -> list[dt.date]:
    """Every day on which a count may change, and the days either side of it."""
    days = set()
    for p in participations:
        for day in (p.signature_earliest, p.signature_latest, p.deposit_earliest, p.deposit_latest,
                    p.denunciation_effective_on):  # fmt: skip
            if day:
                days |= {day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)}
        if p.deposit_latest:
            days.add(p.deposit_latest + dt.timedelta(days=p.convention.eif_days_after_deposit))
    for status in statuses:
        if status.entry_into_force.date:
            days |= {status.entry_into_force.date.earliest, status.entry_into_force.date.latest}
    return sorted(days)


def some_parties_denounce():
    # Denunciations are rare in a generated record: a few parties denounce here.
    for party in Participation.objects.filter(deposit_latest__isnull=False).order_by("pk")[::7]:
        party.denunciation_notified_on = party.deposit_latest + dt.timedelta(days=200)
        party.denunciation_effective_on = party.denunciation_notified_on + dt.timedelta(days=365)
        party.save(update_fields=["denunciation_notified_on", "denunciation_effective_on"])


def test_the_counts_the_database_makes_are_those_of_the_rules():
    """The SQL conditions of ``treaty_counts_as_of`` against ``_state_status``'s rules, on a
    generated record (approximate dates, ranges, accessions, denunciations, recorded and
    computed entries into force) on every day a count can change."""
    scale_data_generate(ScaleSpec(states=12, conventions=6, cycles=0, cycle_conventions=0, items=0, seed=3))
    some_parties_denounce()
    conventions = list(Convention.objects.order_by("code"))
    participations = Participation.objects.select_related("convention")
    assert participations.exclude(deposit_earliest=F("deposit_latest")).exists()
    days = boundary_days(participations, treaty_statuses_as_of(conventions, D(2100, 1, 1)))

    seen_uncertain = seen_in_force = 0
    for as_of in days[:: max(1, len(days) // 150)]:
        counted = treaty_counts_as_of(conventions, as_of)
        for status, counts in zip(treaty_statuses_as_of(conventions, as_of), counted, strict=True):
            expected = (status.signatories, status.parties, status.not_ratified, status.denounced,
                        status.in_force, len(status.uncertain), status.convention_in_force)  # fmt: skip
            found = (counts.signatories, counts.parties, counts.not_ratified, counts.denounced,
                     counts.in_force, counts.uncertain, counts.convention_in_force)  # fmt: skip
            assert found == expected, (status.convention.code, as_of)
            seen_uncertain += counts.uncertain
            seen_in_force += counts.in_force
    assert seen_uncertain and seen_in_force  # the record did exercise those rules


def test_the_status_the_database_filters_is_that_of_the_rules():
    """``status_conditions`` (the admin's filter) against ``_state_status`` on a generated record."""
    scale_data_generate(ScaleSpec(states=12, conventions=4, cycles=0, cycle_conventions=0, items=0, seed=5))
    some_parties_denounce()
    participations = Participation.objects.select_related("convention", "state")
    days = boundary_days(participations, treaty_statuses_as_of(Convention.objects.all(), D(2100, 1, 1)))
    seen = set()
    for as_of in days[:: max(1, len(days) // 40)]:
        by_rules = {pk: row.status for pk, row in participation_statuses_as_of(participations, as_of).items()}
        for status, condition in status_conditions(as_of).items():
            filtered = set(Participation.objects.filter(condition).values_list("pk", flat=True))
            assert filtered == {pk for pk, found in by_rules.items() if found == status}, (status, as_of)
            seen |= {status} if filtered else set()
    assert seen == set(Status)  # the record did exercise every status


def test_counts_take_two_queries_however_many_conventions(convention, django_assert_num_queries):
    deposited(convention, StateFactory(), "1998-01-12")
    others = [ConventionFactory() for _ in range(3)]
    ParticipationFactory(convention=others[0])

    # the counts per convention, their entries into force
    with django_assert_num_queries(2):
        counts = treaty_counts_as_of([convention, *others], D(2020, 1, 1))
    assert [(c.signatories, c.parties) for c in counts] == [(1, 1), (1, 0), (0, 0), (0, 0)]


def test_counts_on_many_days_take_two_queries_and_match_each_day(convention, django_assert_num_queries):
    deposited(convention, StateFactory(), "1998-01-12")
    ParticipationFactory(
        convention=convention, signature_earliest=D(1999, 5, 1), signature_latest=D(1999, 5, 1)
    )
    days = [D(1997, 1, 1), D(1998, 6, 1), D(2000, 1, 1)]

    # the counts of every day in one grouped query, the entries into force
    with django_assert_num_queries(2):
        counts = treaty_counts_on_days([convention], days)

    assert [
        (counts[convention.pk, day].signatories, counts[convention.pk, day].not_ratified) for day in days
    ] == [
        (treaty.signatories, treaty.not_ratified)
        for treaty in (treaty_status_as_of(convention, day) for day in days)
    ]
    assert [counts[convention.pk, day].not_ratified for day in days] == [0, 0, 1]
