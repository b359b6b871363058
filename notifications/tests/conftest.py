"""The cast: the Convention against Terrorism (A-66) with its four titles, Argentina and Chile
signatories, and a clerk of the secretariat."""

import datetime as dt
import os

import pytest

from conventions.models import InstrumentKind, Participation
from conventions.services import participation_record
from conventions.tests.factories import ConventionFactory, ParticipationFactory
from notifications.services import notification_publish
from outbox.tests.fixtures import broker, real_parts, smtp_server, start_worker  # noqa: F401
from outbox.tests.workers import RedisQueue
from states.tests.factories import StateFactory
from tracker.tests.admin_pages import secretariat_user

D = dt.date


@pytest.fixture(autouse=True)
def _notification_settings(settings):
    settings.SITE_URL = "http://testserver"
    settings.NOTIFICATIONS_RETRY_BACKOFF_SECONDS = 0


@pytest.fixture
def worker_queue() -> RedisQueue:
    """The Redis database of the notifications' real-worker tests."""
    return RedisQueue(int(os.environ.get("NOTIFICATIONS_TEST_REDIS_DB", "9")))


@pytest.fixture
def a66(db):
    return ConventionFactory(
        code="A-66",
        short_name_en="Terrorism",
        title_en="Inter-American Convention against Terrorism",
        title_es="Convención Interamericana contra el Terrorismo",
        title_fr="Convention interaméricaine contre le terrorisme",
        title_pt="Convenção Interamericana contra o Terrorismo",
    )


@pytest.fixture
def argentina(db):
    return StateFactory(iso3="ARG", iso2="AR", name_en="Argentina", name_es="Argentina", name_fr="Argentine",
                        name_pt="Argentina")  # fmt: skip


@pytest.fixture
def chile(db):
    return StateFactory(
        iso3="CHL", iso2="CL", name_en="Chile", name_es="Chile", name_fr="Chili", name_pt="Chile"
    )


@pytest.fixture
def signed(a66, argentina) -> Participation:
    """Argentina signed A-66 on 2002-06-03 (recorded before notifications existed)."""
    return ParticipationFactory(convention=a66, state=argentina, signature_earliest=D(2002, 6, 3))


@pytest.fixture
def clerk(db):
    """A secretariat account that may also review and publish notifications.

    The secretariat group (states.services.SECRETARIAT_APP_LABELS) does not list this app yet.
    """
    from django.contrib.auth.models import Permission

    user = secretariat_user(username="clerk")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="notifications"))
    return user


def deposit(participation, on="2005-12-14", kind=InstrumentKind.RATIFICATION, **kwargs):
    """Record a deposit through the record's service, as every write path does."""
    from conventions.approx_dates import ApproxDate

    participation.deposit = ApproxDate.parse(on)
    participation.instrument_kind = kind
    participation_record(participation, source="test", **kwargs)
    return participation.notifications.order_by("-pk").first()


def published(notification, user=None):
    return notification_publish(notification.pk, by_user=user)
