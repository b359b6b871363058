import datetime as dt

import pytest

from conventions.tests.factories import ConventionFactory, ParticipationFactory, ReservationFactory
from states.models import MembershipEventKind, Subregion
from states.tests.factories import ContactFactory, LiaisonFactory, StateFactory, UserFactory

ADOPTED = dt.date(2002, 6, 3)
SUBREGIONS = [Subregion.SOUTH_AMERICA, Subregion.CARIBBEAN, Subregion.CENTRAL_AMERICA]


@pytest.fixture
def staff():
    return UserFactory(username="secretariat", is_staff=True)


@pytest.fixture
def peru():
    return StateFactory(
        iso3="PER", iso2="PE", name_en="Peru", name_es="Perú", subregion=Subregion.SOUTH_AMERICA
    )


@pytest.fixture
def chile():
    return StateFactory(
        iso3="CHL", iso2="CL", name_en="Chile", name_es="Chile", subregion=Subregion.SOUTH_AMERICA
    )


@pytest.fixture
def peru_liaison(peru):
    return LiaisonFactory(state=peru, user__username="peru-liaison", name="Ana Peru")


@pytest.fixture
def chile_liaison(chile):
    return LiaisonFactory(state=chile, user__username="chile-liaison", name="Carla Chile")


def build_record(states: int, conventions: int) -> list:
    """A record of the given size: every state acts under every convention in some way, with a
    reservation, a contact and an OAS membership event, so that any query done per row shows."""
    from states.models import MembershipEvent

    made = [StateFactory(subregion=SUBREGIONS[i % len(SUBREGIONS)]) for i in range(states)]
    for c in range(conventions):
        convention = ConventionFactory(adopted_on=ADOPTED, entry_into_force_on=dt.date(2003, 7, 10))
        for i, state in enumerate(made):
            if i % 3 == 2:
                continue  # took no action
            participation = ParticipationFactory(
                convention=convention,
                state=state,
                deposit_earliest=dt.date(2003, 1, 1) + dt.timedelta(days=30 * i + c) if i % 3 == 0 else None,
            )
            if i % 3 == 0:
                ReservationFactory(participation=participation, article=f"Art. {c}")
    for state in made:
        ContactFactory(state=state)
        MembershipEvent.objects.create(
            state=state, kind=MembershipEventKind.OTHER, occurred_on=dt.date(2009, 6, 3)
        )
    return made


@pytest.fixture
def record():
    return build_record
