import datetime as dt

import pytest

from conventions.tests.factories import ConventionFactory, ParticipationFactory, ReservationFactory
from questionnaires.tests.factories import ReportingCycleFactory, SubmissionFactory
from reminders.models import OutreachEntry
from reports.models import MeetingAttendance
from reports.tests.factories import ItemStateFactory, MeetingFactory
from states.models import MembershipEvent, MembershipEventKind, Subregion
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


def build_record(states: int, conventions: int, also=()) -> list:
    """A record of the given size: every state acts under every convention in some way, with a
    reservation, a contact, an OAS membership event, a questionnaire to answer under each
    convention, activities and meetings, and a letter it received, so that any query done per
    row would show.

    ``also`` are existing states that get the same records as the new ones."""
    made = [StateFactory(subregion=SUBREGIONS[i % len(SUBREGIONS)]) for i in range(states)] + list(also)
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
        cycle = ReportingCycleFactory(questionnaire__convention=convention)
        for state in made:
            SubmissionFactory(cycle=cycle, state=state)
    for state in made:
        ContactFactory(state=state)
        MembershipEvent.objects.get_or_create(
            state=state, kind=MembershipEventKind.OTHER, occurred_on=dt.date(2009, 6, 3)
        )
        ItemStateFactory(state=state)
        meeting = MeetingFactory(chair_state=state, date_earliest=dt.date.today() + dt.timedelta(days=30))
        MeetingAttendance.objects.create(meeting=meeting, state=state)
        letter = OutreachEntry.objects.create(
            kind="letter", date=dt.date(2020, 12, 3), subject="Urging ratification"
        )
        letter.states.set(made)
    return made


@pytest.fixture
def record():
    return build_record
