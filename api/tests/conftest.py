import datetime as dt

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from conventions.models import InstrumentKind
from conventions.tests.factories import ConventionFactory, ParticipationFactory, ReservationFactory
from states.models import MembershipEventKind, Subregion
from states.tests.factories import LiaisonFactory, StateFactory

ADOPTED = dt.date(2002, 6, 3)


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Anonymous requests are counted in the cache: start every test at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anonymous():
    """An anonymous client, as every endpoint is tried first."""
    return APIClient()


@pytest.fixture
def record(db):
    """A small treaty record whose figures are known by hand.

    Convention T-1 (in force 30 days after the second deposit):
    - PTY signed 2002-06-03 and ratified 2003-01-10, with a declaration;
    - MAY signed 2002-06-03 and ratified some day in May 2003 (day unknown);
    - SIG signed 2002-06-03 and did nothing more; it left the OAS in 2019;
    - NON did nothing, and has a liaison whose details are not public.
    Convention T-2 has no signature at all."""
    convention = ConventionFactory(
        code="T-1",
        short_name="Test Convention",
        title_en="Inter-American Test Convention",
        title_es="Convención Interamericana de Prueba",
        adopted_on=ADOPTED,
        eif_instruments_required=2,
        eif_days_after_deposit=30,
    )
    other = ConventionFactory(code="T-2", adopted_on=dt.date(2010, 1, 1), followed_by=None)
    party = StateFactory(iso3="PTY", iso2="ZP", name_en="Partyland", name_es="Partilandia")
    approximate = StateFactory(iso3="MAY", iso2="ZM", name_en="Approxia", subregion=Subregion.SOUTH_AMERICA)
    signatory = StateFactory(iso3="SIG", iso2="ZS", name_en="Signatoria", subregion=Subregion.CENTRAL_AMERICA)
    none = StateFactory(iso3="NON", iso2="ZN", name_en="Nonesuch", subregion=Subregion.NORTH_AMERICA)

    ratified = ParticipationFactory(convention=convention, state=party, deposit_earliest=dt.date(2003, 1, 10))
    ReservationFactory(participation=ratified)
    ParticipationFactory(
        convention=convention,
        state=approximate,
        deposit_earliest=dt.date(2003, 5, 1),
        deposit_latest=dt.date(2003, 5, 31),
        instrument_kind=InstrumentKind.RATIFICATION,
    )
    ParticipationFactory(convention=convention, state=signatory)
    signatory.membership_events.create(
        kind=MembershipEventKind.DENUNCIATION_NOTIFIED, occurred_on=dt.date(2017, 4, 28)
    )
    signatory.membership_events.create(
        kind=MembershipEventKind.WITHDRAWAL_EFFECTIVE,
        occurred_on=dt.date(2019, 4, 27),
        reference="Withdrawal after the two years the Charter requires",
    )
    LiaisonFactory(state=none, name="Private Person", email="private.person@example.org")
    return {
        "convention": convention,
        "other": other,
        "party": party,
        "approximate": approximate,
        "signatory": signatory,
        "none": none,
    }


def add_states(convention, count):
    """``count`` more states, each a party to ``convention``, to show queries do not grow.

    Their codes start with X or Y, so they never meet the record's, whatever point the
    factory's own sequence of codes has reached in the test run.
    """
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for i in range(count):
        first, second = "XY"[i // 26], letters[i % 26]
        state = StateFactory(
            iso3=f"{first}{second}{second}", iso2=f"{first}{second}", name_en=f"Extra state {i}"
        )
        ParticipationFactory(
            convention=convention,
            state=state,
            deposit_earliest=convention.opened_for_signature_on + dt.timedelta(days=365),
        )
