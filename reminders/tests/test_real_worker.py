"""Real parts: ``celery -A tracker worker`` processes on the real Redis, the test's PostgreSQL
database, and a real SMTP server on loopback. Nothing here is mocked.

Skipped, with the reason, on SQLite (a worker cannot see an in-memory test database) or when
Redis is not running; on CI (``CI=true``) with PostgreSQL they must run, so a missing Redis fails.
"""

import json
import subprocess
import sys
import uuid

import pytest

from outbox.tests.smtp import wait_until
from outbox.tests.workers import WORKER_SETTINGS, database_url
from reminders.models import Digest, DigestStatus
from reminders.services import reminders_dispatch
from reminders.tasks import digest_send
from reminders.tasks import reminders_dispatch as dispatch_task
from reminders.tests.conftest import AS_OF, follower, signed
from reminders.tests.factories import DigestFactory
from states.tests.factories import StateFactory
from tracker.tests.environment import BASE_DIR, clean_environment

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("real_parts")]


def send_reminders(broker, *args: str) -> dict:
    """``manage.py send_reminders`` in its own process, with the broker set: it queues."""
    result = subprocess.run(
        [sys.executable, "manage.py", "send_reminders", "--format", "json", *args],
        cwd=BASE_DIR,
        env=clean_environment(
            DJANGO_SETTINGS_MODULE=WORKER_SETTINGS,
            DATABASE_URL=database_url(),
            CELERY_BROKER_URL=broker.url,
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def claimed_digest(contact) -> Digest:
    """A digest claimed and committed, not queued: the test delivers its task itself."""
    return DigestFactory(contact=contact, period="2020-Q4", as_of=AS_OF)


def test_send_reminders_queues_and_a_real_worker_sends_each_digest_once(
    start_worker, broker, smtp_server, cifta_record, policy, canada, jamaica, cifta
):
    follower(canada, cifta, language="es", email="mision@canada.example")
    follower(jamaica, cifta, email="mission@jamaica.example")
    start_worker()

    first = send_reminders(broker, "--as-of", "2020-12-03")

    assert first["queued"] is True and len(first["digests"]) == 2
    assert first["no_contact"] == ["USA"]
    wait_until(lambda: len(smtp_server.received) == 2, what="two mails")
    wait_until(broker.drained, what="the queue to drain")
    [spanish] = smtp_server.to("mision@canada.example")
    assert spanish.subject == "Canadá: un asunto pendiente en virtud de las convenciones interamericanas"
    assert "Firmada el 1997-11-14" in spanish.text
    assert set(Digest.objects.values_list("status", flat=True)) == {DigestStatus.SENT}

    again = send_reminders(broker, "--as-of", "2020-12-15")

    assert again["digests"] == [] and again["already_claimed"] == 2
    wait_until(broker.drained, what="the queue to drain")
    assert len(smtp_server.received) == 2


def test_the_same_task_delivered_twice_sends_one_mail(start_worker, broker, smtp_server, canada):
    digest = claimed_digest(follower(canada, email="mission@canada.example"))
    start_worker()

    task_id = str(uuid.uuid4())
    for _ in range(2):
        digest_send.apply_async(args=[digest.pk], task_id=task_id)

    wait_until(lambda: Digest.objects.get(pk=digest.pk).status == DigestStatus.SENT, what="the digest sent")
    wait_until(broker.drained, what="both deliveries handled")
    assert len(smtp_server.received) == 1
    assert Digest.objects.get(pk=digest.pk).attempts == 1


def test_two_workers_at_once_send_each_digest_once(start_worker, broker, smtp_server, cifta, policy):
    contacts = []
    for index in range(12):
        state = StateFactory()
        signed(cifta, state)
        contacts.append(follower(state, cifta, email=f"contact{index}@example.org"))
    start_worker("first")
    start_worker("second")

    # Two dispatches at once race to claim the same digests; each claim queues one send...
    for _ in range(2):
        dispatch_task.delay(AS_OF.isoformat())
    wait_until(lambda: Digest.objects.count() == 12, what="twelve digests claimed")
    # ...and every send is delivered a second time, to whichever worker takes it.
    for pk in Digest.objects.values_list("pk", flat=True):
        digest_send.delay(pk)

    wait_until(
        lambda: Digest.objects.filter(status=DigestStatus.SENT).count() == 12, what="twelve digests sent"
    )
    wait_until(broker.drained, what="every delivery handled")
    received = sorted(mail.recipients[0] for mail in smtp_server.received)
    assert received == sorted(contact.email for contact in contacts)
    assert set(Digest.objects.values_list("attempts", flat=True)) == {1}


def test_refused_then_accepted_is_retried_with_backoff_and_sent_once(
    start_worker, broker, smtp_server, canada
):
    digest = claimed_digest(follower(canada, email="mission@canada.example"))
    smtp_server.refuse_next(2)
    start_worker()

    digest_send.delay(digest.pk)

    wait_until(lambda: Digest.objects.get(pk=digest.pk).status == DigestStatus.SENT, what="the digest sent")
    wait_until(broker.drained, what="the retries handled")
    digest.refresh_from_db()
    assert digest.attempts == 3 and digest.last_error == ""
    assert smtp_server.handler.refused == 2
    assert len(smtp_server.received) == 1


def test_refused_every_time_is_failed_after_the_last_retry(start_worker, smtp_server, canada):
    digest = claimed_digest(follower(canada, email="mission@canada.example"))
    smtp_server.refuse_next(100)
    start_worker()

    digest_send.delay(digest.pk)

    wait_until(
        lambda: Digest.objects.get(pk=digest.pk).status == DigestStatus.FAILED, what="the digest failed"
    )
    digest.refresh_from_db()
    # The first attempt and the three retries of the workers' settings.
    assert digest.attempts == 4 and "451" in digest.last_error
    assert smtp_server.received == []


def test_a_worker_killed_while_sending_leaves_the_digest_unknown_and_it_is_not_resent(
    start_worker, smtp_server, canada, settings
):
    digest = claimed_digest(follower(canada, email="mission@canada.example"))
    smtp_server.handler.hold.set()
    worker = start_worker("doomed")

    digest_send.delay(digest.pk)
    wait_until(smtp_server.handler.holding.is_set, what="the worker to hand over the message")
    # The server has the message (it will go out) but the worker dies before the answer.
    worker.kill()
    smtp_server.handler.hold.clear()
    assert len(smtp_server.received) == 1
    assert Digest.objects.get(pk=digest.pk).status == DigestStatus.SENDING

    # The next dispatch, long after the send began, finds it still sending.
    settings.REMINDERS_SENDING_STALE_SECONDS = 0
    report = reminders_dispatch(AS_OF)
    assert report.marked_unknown == [digest.pk]

    # Delivered again to a live worker: nothing is sent.
    survivor = start_worker("survivor")
    digest_send.delay(digest.pk)
    wait_until(lambda: "'not claimed by this task'" in survivor.output(), what="the redelivery handled")
    digest.refresh_from_db()
    assert digest.status == DigestStatus.UNKNOWN and digest.attempts == 1
    assert len(smtp_server.received) == 1
