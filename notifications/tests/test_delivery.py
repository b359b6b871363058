"""A delivery's mail, sent with tasks run in-process through a real SMTP server: what the
periodic sweep does with deliveries that went astray, what staff decide about them in the
admin, and the rules the database keeps."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.models import Delivery, DeliveryStatus
from notifications.tests.conftest import deposit, published
from notifications.tests.factories import SubscriptionFactory
from outbox.tasks import outboxes_sweep
from tracker.tests.admin_pages import admin_url, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def notification(signed):
    return published(deposit(signed))


def delivery(notification, **fields) -> Delivery:
    subscription = SubscriptionFactory(email="reader@example.org")
    return Delivery.objects.create(
        notification=notification,
        subscription=subscription,
        recipient=subscription.email,
        language=subscription.language,
        **fields,
    )


def test_the_sweep_marks_a_delivery_its_dead_worker_left_sending_unknown_and_does_not_resend_it(
    smtp_server, notification, django_capture_on_commit_callbacks
):
    lost = delivery(
        notification,
        status=DeliveryStatus.SENDING,
        attempts=1,
        sending_started_at=timezone.now() - dt.timedelta(hours=2),
    )

    with django_capture_on_commit_callbacks(execute=True):
        report = outboxes_sweep.apply().get()

    lost.refresh_from_db()
    assert report["notifications"] == {"marked_unknown": [lost.pk], "requeued": []}
    assert lost.status == DeliveryStatus.UNKNOWN and lost.attempts == 1
    assert smtp_server.received == []


def test_the_sweep_leaves_a_delivery_being_sent_right_now_to_its_sender(smtp_server, notification):
    sending = delivery(
        notification,
        status=DeliveryStatus.SENDING,
        attempts=1,
        sending_started_at=timezone.now() - dt.timedelta(seconds=5),
    )

    outboxes_sweep.apply().get()

    sending.refresh_from_db()
    assert sending.status == DeliveryStatus.SENDING
    assert smtp_server.received == []


def test_the_sweep_queues_again_a_claim_whose_queuing_was_lost_and_it_is_sent_once(
    smtp_server, notification, django_capture_on_commit_callbacks
):
    # Committed, but the broker was down: its send was never queued.
    unqueued = delivery(notification, claimed_at=timezone.now() - dt.timedelta(hours=1))

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            outboxes_sweep.apply().get()

    unqueued.refresh_from_db()
    assert unqueued.status == DeliveryStatus.SENT and unqueued.attempts == 1
    [mail] = smtp_server.received
    assert mail.recipients == ["reader@example.org"] and notification.reference in mail.subject


def test_a_sent_delivery_without_its_time_is_refused_by_full_clean_and_by_the_database(notification):
    sent = delivery(notification)
    sent.status, sent.attempts, sent.sending_started_at = DeliveryStatus.SENT, 1, timezone.now()

    with pytest.raises(ValidationError) as error:
        sent.full_clean()
    assert "sent_at" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        sent.save()


def test_a_delivery_has_no_outcome_before_an_attempt_in_the_database(notification):
    with pytest.raises(IntegrityError), transaction.atomic():
        delivery(notification, status=DeliveryStatus.UNKNOWN)


def test_staff_send_an_unknown_delivery_again_from_the_admin_and_it_goes_out_once(
    client, clerk, smtp_server, notification, django_capture_on_commit_callbacks
):
    unknown = delivery(
        notification, status=DeliveryStatus.UNKNOWN, attempts=1, sending_started_at=timezone.now()
    )
    client.force_login(clerk)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url(Delivery, "changelist"), {"action": "send_again", "_selected_action": [unknown.pk]}
        )

    assert response.status_code == 302
    unknown.refresh_from_db()
    assert unknown.status == DeliveryStatus.SENT and unknown.attempts == 2
    assert len(smtp_server.received) == 1


def test_staff_record_an_unknown_delivery_as_sent_once_checked(client, clerk, notification):
    unknown = delivery(
        notification, status=DeliveryStatus.UNKNOWN, attempts=1, sending_started_at=timezone.now()
    )
    client.force_login(clerk)

    client.post(
        admin_url(Delivery, "changelist"), {"action": "confirm_sent", "_selected_action": [unknown.pk]}
    )

    unknown.refresh_from_db()
    assert unknown.status == DeliveryStatus.SENT and unknown.sent_at is not None


def test_staff_who_may_only_view_deliveries_cannot_decide_about_one(client, notification):
    from django.contrib.auth.models import Permission

    unknown = delivery(
        notification, status=DeliveryStatus.UNKNOWN, attempts=1, sending_started_at=timezone.now()
    )
    viewer = staff_user()
    viewer.user_permissions.add(Permission.objects.get(codename="view_delivery"))
    client.force_login(viewer)

    for action in ("send_again", "confirm_sent"):
        client.post(admin_url(Delivery, "changelist"), {"action": action, "_selected_action": [unknown.pk]})

    unknown.refresh_from_db()
    assert unknown.status == DeliveryStatus.UNKNOWN
    assert client.get(admin_url(Delivery, "changelist")).status_code == 200
