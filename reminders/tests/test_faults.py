"""Faults, for real, during the sending of reminder digests: a worker killed mid-dispatch, Redis
restarted or crashed with tasks queued, PostgreSQL refusing connections, the mail server down.

Afterwards no digest went out twice, none is lost without a trace (each is sent, or unknown or
failed with its reason in the admin), and the record is as it was. Real workers, a real SMTP
server, a Redis server of the test's own (the machine's shared one is never restarted) and a
real TCP proxy in front of PostgreSQL; nothing is mocked. Skipped, with the reason, where these
cannot run, except on CI with PostgreSQL.
"""

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from conventions.models import Participation
from outbox.tests.smtp import free_port, wait_until
from outbox.tests.workers import RedisQueue, database_url
from reminders.models import Digest, DigestStatus, OutreachEntry
from reminders.services import reminders_dispatch
from reminders.tasks import digest_send
from reminders.tasks import reminders_dispatch as dispatch_task
from reminders.tests.conftest import AS_OF, follower, signed
from reminders.tests.factories import DigestFactory
from reminders.tests.faults import DEPLOYMENT_PERSISTENCE, NO_CRASH_PERSISTENCE, FlakyProxy, PrivateRedis
from states.tests.factories import StateFactory, UserFactory
from tracker.tests.admin_pages import admin_url
from tracker.tests.environment import BASE_DIR, clean_environment

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("real_parts")]

CONTACTS = 8


@pytest.fixture
def stale_at_once(settings):
    """The sweep's "long after" is now: what the next sweep (every 15 minutes) would find."""
    settings.REMINDERS_SENDING_STALE_SECONDS = 0
    settings.REMINDERS_CLAIMED_STALE_SECONDS = 0


@pytest.fixture
def followers(cifta, policy):
    contacts = []
    for index in range(CONTACTS):
        state = StateFactory()
        signed(cifta, state)
        contacts.append(follower(state, cifta, email=f"contact{index}@example.org"))
    return contacts


def claimed_digests(contacts) -> list[Digest]:
    """Digests claimed and committed, not queued: the test queues them itself."""
    return [DigestFactory(contact=contact, period="2020-Q4", as_of=AS_OF) for contact in contacts]


def assert_nothing_twice_nothing_lost(smtp_server, contacts, client) -> None:
    """Each contact has one digest; each sent digest reached the server once and is in the
    outreach log; any other is unknown or failed, with its reason on its admin page."""
    digests = list(Digest.objects.all())
    assert sorted(d.contact_id for d in digests) == sorted(c.pk for c in contacts)
    received = Counter(mail.recipients[0] for mail in smtp_server.received)
    assert max(received.values(), default=0) <= 1, received
    sent = [d for d in digests if d.status == DigestStatus.SENT]
    assert {d.recipient for d in sent} <= set(received)
    assert set(OutreachEntry.objects.values_list("digest_id", flat=True)) == {d.pk for d in sent}
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for digest in digests:
        if digest.status != DigestStatus.SENT:
            assert digest.status in {DigestStatus.UNKNOWN, DigestStatus.FAILED}
            assert digest.last_error
            page = client.get(admin_url(Digest, "change", digest.pk)).content.decode()
            assert digest.last_error.split(":")[0] in page


# --- A worker killed in the middle of a dispatch ------------------------------------------------


def test_a_worker_killed_at_a_random_point_of_a_dispatch_loses_nothing_and_sends_nothing_twice(
    start_worker, smtp_server, followers, stale_at_once, client
):
    before = Participation.objects.count()
    kill_after = random.randrange(CONTACTS)

    def hold_after_some_mails():
        """Hold the mail server once it has ``kill_after`` messages: the worker is then mid-send."""
        wait_until(lambda: len(smtp_server.received) >= kill_after, timeout=120)
        smtp_server.handler.hold.set()

    holder = threading.Thread(target=hold_after_some_mails, daemon=True)
    holder.start()
    doomed = start_worker("doomed")

    dispatch_task.delay(AS_OF.isoformat())
    holder.join(timeout=120)
    wait_until(smtp_server.handler.holding.is_set, timeout=60, what="a message held mid-send")
    doomed.kill()
    smtp_server.handler.hold.clear()
    statuses = Counter(Digest.objects.values_list("status", flat=True))
    print(f"killed after {kill_after} mails; digests then: {dict(statuses)}")

    # The beat's next runs: the sweep marks the send that was cut unknown and queues again the
    # claims whose messages the dead worker had taken; the next day's dispatch claims the rest.
    # Then a worker starts. Started first, it could take a restored message and be mid-send when
    # the sweep (stale at once here) looks, and that send would be marked unknown too.
    reminders_dispatch(AS_OF)
    start_worker("survivor")
    wait_until(
        lambda: not Digest.objects.filter(status__in=[DigestStatus.CLAIMED, DigestStatus.SENDING]).exists(),
        timeout=60,
        what="every digest settled",
    )

    assert_nothing_twice_nothing_lost(smtp_server, followers, client)
    unknown = Digest.objects.filter(status=DigestStatus.UNKNOWN)
    assert unknown.count() == 1 and unknown.get().attempts == 1
    assert Digest.objects.filter(status=DigestStatus.SENT).count() == CONTACTS - 1
    assert Participation.objects.count() == before


# --- Redis restarted, or crashed, with tasks queued -----------------------------------------------


@pytest.fixture
def private_redis(request, tmp_path):
    """A Redis of the test's own, persisting as the deployment's does unless the test asks
    otherwise (``indirect`` parametrization with the server's persistence options)."""
    if shutil.which("redis-server") is None:
        missing = "needs redis-server, to start a Redis of the test's own that it may restart"
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    server = PrivateRedis(tmp_path, getattr(request, "param", DEPLOYMENT_PERSISTENCE))
    server.start()
    yield server
    server.stop(signal.SIGKILL)


@pytest.fixture
def worker_queue(request):
    """The test's own Redis server for the Redis tests; else a database of the shared Redis of
    this module alone (the reminders' and notifications' tests use 7 and 9)."""
    if "private_redis" in request.fixturenames:
        return request.getfixturevalue("private_redis").queue
    return RedisQueue(11)


def queue_length(private_redis) -> int:
    return private_redis.queue.client().llen("celery")


def test_redis_restarted_with_tasks_queued_keeps_them_and_each_digest_is_sent_once(
    private_redis, start_worker, smtp_server, followers, client
):
    report = reminders_dispatch(AS_OF)
    assert len(report.claimed) == CONTACTS and queue_length(private_redis) == CONTACTS

    private_redis.restart(signal.SIGTERM)

    # A restart writes everything on the way down: the queued tasks are still there.
    assert queue_length(private_redis) == CONTACTS
    start_worker()
    wait_until(lambda: Digest.objects.filter(status=DigestStatus.SENT).count() == CONTACTS, what="all sent")
    wait_until(private_redis.queue.drained, what="the queue to drain")
    assert_nothing_twice_nothing_lost(smtp_server, followers, client)


def test_redis_crashed_with_tasks_queued_keeps_them_in_its_append_only_file(
    private_redis, start_worker, smtp_server, followers, client
):
    reminders_dispatch(AS_OF)
    # Crash once the append-only file holds every queued task.
    wait_until(
        lambda: private_redis.appended(b'"reminders.digest_send"') >= CONTACTS,
        what="the queued tasks in the append-only file",
    )

    private_redis.restart(signal.SIGKILL)

    assert queue_length(private_redis) == CONTACTS
    start_worker()
    wait_until(lambda: Digest.objects.filter(status=DigestStatus.SENT).count() == CONTACTS, what="all sent")
    wait_until(private_redis.queue.drained, what="the queue to drain")
    assert_nothing_twice_nothing_lost(smtp_server, followers, client)


@pytest.mark.parametrize("private_redis", [NO_CRASH_PERSISTENCE], indirect=True, ids=["no-persistence"])
def test_a_redis_without_persistence_crashed_loses_the_queue_and_the_sweep_queues_it_again(
    private_redis, start_worker, smtp_server, followers, stale_at_once, client
):
    report = reminders_dispatch(AS_OF)
    assert queue_length(private_redis) == CONTACTS

    private_redis.restart(signal.SIGKILL)

    # No AOF and no snapshot yet (the first comes an hour after the first change): gone.
    assert queue_length(private_redis) == 0
    start_worker()  # ready: it reads the queue, and there is nothing in it
    assert smtp_server.received == []
    assert set(Digest.objects.values_list("status", flat=True)) == {DigestStatus.CLAIMED}

    # The next sweep finds the claims never tried and queues them again.
    again = reminders_dispatch(AS_OF)

    assert sorted(again.requeued) == sorted(d.pk for d in report.claimed)
    wait_until(lambda: Digest.objects.filter(status=DigestStatus.SENT).count() == CONTACTS, what="all sent")
    wait_until(private_redis.queue.drained, what="the queue to drain")
    assert_nothing_twice_nothing_lost(smtp_server, followers, client)


# --- PostgreSQL refusing connections for a while --------------------------------------------------


@pytest.fixture
def database_proxy():
    return FlakyProxy(int(connection.settings_dict.get("PORT") or 5432))


def proxied_database_url(proxy: FlakyProxy) -> str:
    host_and_port = f"{connection.settings_dict.get('HOST') or '127.0.0.1'}:{connection.settings_dict.get('PORT') or 5432}"
    return database_url().replace(f"@{host_and_port}/", f"@127.0.0.1:{proxy.port}/")


@pytest.fixture
def site(database_proxy, tmp_path):
    """The site under gunicorn, DEBUG off, reaching PostgreSQL through the proxy."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tracker.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            "--workers=1",
        ],
        cwd=BASE_DIR,
        env=clean_environment(
            DATABASE_URL=proxied_database_url(database_proxy),
            DEBUG="false",
            SECRET_KEY="fault-tests-" + "x" * 50,
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=f"http://127.0.0.1:{port}",
            SECURE_SSL_REDIRECT="false",
            STATIC_ROOT=str(tmp_path),
        ),
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "gunicorn.log").open("wb"),
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: get(base + "/api/conventions/")[0] == 200, timeout=60, what="gunicorn")
    yield base
    process.terminate()
    process.wait(timeout=30)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return 0, ""


def test_postgresql_refusing_connections_for_a_while(
    database_proxy, site, start_worker, smtp_server, followers, stale_at_once, client
):
    digests = claimed_digests(followers)
    worker = start_worker(database=proxied_database_url(database_proxy))

    database_proxy.refuse()
    for digest in digests:
        digest_send.delay(digest.pk)
    status, page = get(site + "/")

    # The page: the site's own "try again" page, no traceback, nothing of the error shown.
    assert status == 503
    assert "temporarily unavailable" in page
    assert "Traceback" not in page and "OperationalError" not in page
    # The tasks could not take their digests and wait to try again; nothing went out, every
    # digest is still claimed.
    wait_until(
        lambda: worker.output().count("OperationalError") >= len(digests), what="each send to be tried"
    )
    assert "Retry in" in worker.output()
    assert smtp_server.received == []
    assert set(Digest.objects.values_list("status", flat=True)) == {DigestStatus.CLAIMED}

    # The database stays away until every send has been tried again, after waiting longer.
    wait_until(
        lambda: worker.output().count("OperationalError") >= 2 * len(digests),
        timeout=120,
        what="each send to be tried again",
    )
    database_proxy.allow()

    assert get(site + "/api/conventions/")[0] == 200
    # The tasks tried again by themselves, waiting longer each time (no sweep needed); each
    # digest is sent once.
    wait_until(
        lambda: Digest.objects.filter(status=DigestStatus.SENT).count() == CONTACTS,
        timeout=120,
        what="all sent by the tasks' own retries",
    )
    assert_nothing_twice_nothing_lost(smtp_server, followers, client)


# --- The mail server down, then up ---------------------------------------------------------------


def test_the_mail_server_down_then_up_the_digest_is_retried_and_sent_once(
    start_worker, smtp_server, followers, client
):
    [digest] = claimed_digests(followers[:1])
    smtp_server.controller.stop()
    start_worker()

    digest_send.delay(digest.pk)
    wait_until(lambda: Digest.objects.get(pk=digest.pk).last_error, what="the first attempt refused")
    refused = Digest.objects.get(pk=digest.pk)
    smtp_server.controller = Controller(smtp_server.handler, hostname="127.0.0.1", port=smtp_server.port)
    smtp_server.controller.start()

    assert "Connection refused" in refused.last_error
    wait_until(lambda: Digest.objects.get(pk=digest.pk).status == DigestStatus.SENT, what="the digest sent")
    digest.refresh_from_db()
    assert digest.attempts >= 2 and digest.last_error == ""
    assert len(smtp_server.received) == 1
