"""Two actions published at once get distinct numbers: the counter row is locked until commit.

Needs PostgreSQL (SQLite has no row locks and one writer at a time): on SQLite it is skipped,
and CI's PostgreSQL pass runs it.
"""

import threading

import pytest
from django.db import connection, connections

from conventions.tests.factories import ParticipationFactory
from notifications.models import Notification
from notifications.services import notification_publish
from notifications.tests.conftest import deposit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SELECT ... FOR UPDATE and concurrent writers (set DATABASE_URL)")


def test_two_publications_at_once_get_distinct_consecutive_numbers(a66, argentina, chile):
    drafts = [
        deposit(ParticipationFactory(convention=a66, state=state), on="2005-12-14")
        for state in (argentina, chile)
    ]
    barrier = threading.Barrier(len(drafts))
    errors = []

    def publish(pk):
        try:
            barrier.wait()
            notification_publish(pk)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(draft.pk,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    numbers = sorted(Notification.objects.values_list("number", flat=True))
    assert numbers == [1, 2]


def test_two_first_numbers_of_a_new_year_at_once_are_distinct(a66):
    """Both threads find no counter row and race to create it; the unique constraint settles it."""
    from django.db import transaction

    from notifications.services import notification_number_take

    barrier = threading.Barrier(2)
    numbers, errors = [], []

    def take():
        try:
            barrier.wait()
            with transaction.atomic():
                numbers.append(notification_number_take(a66.pk, 2031))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == [] and sorted(numbers) == [1, 2]
