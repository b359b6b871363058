"""Never twice, on real parts: ``celery -A tracker worker`` processes on the real Redis (its own
database number), the test's PostgreSQL database, and a real SMTP server on loopback.

Skipped, with the reason, on SQLite (a worker cannot see an in-memory test database) or without
Redis; with CI=true on PostgreSQL they must run.
"""

import uuid

import pytest

from conventions.tests.factories import ParticipationFactory
from notifications.models import Delivery
from notifications.services import notification_publish
from notifications.tasks import delivery_send, notification_deliver
from notifications.tests.conftest import deposit
from notifications.tests.factories import SubscriptionFactory
from outbox.tests.smtp import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("real_parts")]


def test_publishing_mails_each_confirmed_subscriber_once_through_a_real_worker(
    start_worker, broker, smtp_server, a66, argentina, chile
):
    SubscriptionFactory(email="all@example.org", language="es")
    SubscriptionFactory(email="a66@example.org", convention=a66)
    SubscriptionFactory(email="a66@example.org", state=argentina)  # the same reader, twice matched
    SubscriptionFactory(email="pending@example.org", confirmed_at=None)
    SubscriptionFactory(email="chile@example.org", state=chile)
    draft = deposit(ParticipationFactory(convention=a66, state=argentina), on="2005-12-14")
    start_worker("first")
    start_worker("second")

    notification = notification_publish(draft.pk)  # commits; its fan-out is queued on commit

    wait_until(lambda: len(smtp_server.received) == 2, what="two mails")
    wait_until(broker.drained, what="the queue to drain")
    [spanish] = smtp_server.to("all@example.org")
    assert spanish.subject == f"A-66: Argentina, instrumento de ratificación ({notification.reference})"
    assert spanish.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "depositó su instrumento de ratificación" in spanish.text
    assert len(smtp_server.to("a66@example.org")) == 1

    # The fan-out delivered again, twice at once, and one delivery's task too: nobody gets a second mail.
    task_id = str(uuid.uuid4())
    for _ in range(2):
        notification_deliver.apply_async(args=[notification.pk], task_id=task_id)
    delivery_send.delay(Delivery.objects.first().pk)
    wait_until(broker.drained, what="the repeated tasks to be handled")
    assert len(smtp_server.received) == 2
    assert sorted(Delivery.objects.values_list("status", "attempts")) == [("sent", 1), ("sent", 1)]
