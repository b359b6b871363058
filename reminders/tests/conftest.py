"""The cast of the reminder tests: CIFTA (A-63) and its committee, three signatories that have
not ratified (Canada, Jamaica, the United States), a party (Mexico), contacts who follow the
convention in different languages, and a real SMTP server on loopback."""

import datetime as dt
import os

import pytest

from conventions.models import InstrumentKind
from conventions.tests.factories import BodyFactory, ConventionFactory, ParticipationFactory
from outbox.tests.fixtures import broker, real_parts, smtp_server, start_worker  # noqa: F401
from outbox.tests.workers import RedisQueue
from reminders.tests.factories import ReminderPolicyFactory
from states.models import Contact
from states.tests.factories import ContactFactory, LiaisonFactory, StateFactory

D = dt.date
AS_OF = D(2020, 12, 3)


@pytest.fixture(autouse=True)
def _reminder_settings(settings, tmp_path):
    settings.SITE_URL = "http://testserver"
    settings.REMINDERS_RETRY_BACKOFF_SECONDS = 0
    settings.REMINDERS_SEND_MAX_RETRIES = 3
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def worker_queue() -> RedisQueue:
    """The Redis database of the reminders' real-worker tests."""
    return RedisQueue(int(os.environ.get("REMINDERS_TEST_REDIS_DB", "7")))


@pytest.fixture
def committee(db):
    return BodyFactory(acronym="CIFTA-CC", name_en="Consultative Committee of CIFTA")


@pytest.fixture
def cifta(committee):
    return ConventionFactory(
        code="A-63",
        short_name_en="CIFTA",
        title_en="Inter-American Convention against the Illicit Manufacturing of and Trafficking in Firearms",
        title_es="Convención Interamericana contra la Fabricación y el Tráfico Ilícitos de Armas de Fuego",
        title_fr="Convention interaméricaine contre la fabrication et le trafic illicites d'armes à feu",
        title_pt="Convenção Interamericana contra a Fabricação e o Tráfico Ilícitos de Armas de Fogo",
        adopted_on=D(1997, 11, 14),
        followed_by=committee,
        eif_instruments_required=2,
    )


def state(iso3, iso2, en, es, fr, pt):
    return StateFactory(iso3=iso3, iso2=iso2, name_en=en, name_es=es, name_fr=fr, name_pt=pt)


@pytest.fixture
def canada(db):
    return state("CAN", "CA", "Canada", "Canadá", "Canada", "Canadá")


@pytest.fixture
def jamaica(db):
    return state("JAM", "JM", "Jamaica", "Jamaica", "Jamaïque", "Jamaica")


@pytest.fixture
def united_states(db):
    return state("USA", "US", "United States", "Estados Unidos", "États-Unis", "Estados Unidos")


@pytest.fixture
def mexico(db):
    return state("MEX", "MX", "Mexico", "México", "Mexique", "México")


def signed(convention, state):
    """Signed the day the convention opened; never ratified."""
    return ParticipationFactory(convention=convention, state=state)


RATIFIED_ON = D(1998, 6, 1)


def ratified(convention, state, on=RATIFIED_ON):
    return ParticipationFactory(
        convention=convention,
        state=state,
        deposit_earliest=on,
        instrument_kind=InstrumentKind.RATIFICATION,
    )


@pytest.fixture
def cifta_record(cifta, canada, jamaica, united_states, mexico):
    """The status of 2020-12-03: three signatories not ratified, Mexico a party."""
    for signatory in (canada, jamaica, united_states):
        signed(cifta, signatory)
    ratified(cifta, mexico)
    return cifta


@pytest.fixture
def policy(cifta):
    return ReminderPolicyFactory(name="A-63: signed but not ratified for a year", convention=cifta)


def follower(state, convention=None, *, body=None, liaison=False, **kwargs) -> Contact:
    """An active contact of ``state`` who follows ``convention`` (or ``body``)."""
    factory = LiaisonFactory if liaison else ContactFactory
    contact = factory(state=state, **kwargs)
    if convention is not None:
        contact.conventions.add(convention)
    if body is not None:
        contact.bodies.add(body)
    return contact
