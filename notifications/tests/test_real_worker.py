"""Never twice, on real parts: ``celery -A tracker worker`` processes on the real Redis (its own
database number), the test's PostgreSQL database, and a real SMTP server on loopback.

Skipped, with the reason, on SQLite (a worker cannot see an in-memory test database) or without
Redis; with CI=true on PostgreSQL they must run.
"""

import os
import signal
import subprocess
import sys
import uuid
from urllib.parse import quote

import kombu.pools
import pytest
import redis
from django.db import connection

from conventions.tests.factories import ParticipationFactory
from notifications.models import Delivery
from notifications.services import notification_publish
from notifications.tasks import notification_deliver
from notifications.tests.conftest import deposit
from notifications.tests.factories import SubscriptionFactory
from notifications.tests.smtp import SMTPServer, wait_until
from tracker.tests.environment import BASE_DIR, clean_environment

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_DB = int(os.environ.get("NOTIFICATIONS_TEST_REDIS_DB", "9"))
BROKER_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"


def redis_client():
    return redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_connect_timeout=1)


@pytest.fixture(autouse=True)
def _real_parts():
    missing = None
    if connection.vendor != "postgresql":
        missing = "needs PostgreSQL: the worker process must read the rows the test committed"
    else:
        try:
            redis_client().ping()
        except redis.RedisError as error:
            missing = f"Redis is not reachable on 127.0.0.1:6379 ({error})"
    if missing is None:
        return
    if os.environ.get("CI") == "true" and connection.vendor == "postgresql":
        pytest.fail(f"CI runs the real-worker tests on PostgreSQL, but: {missing}")
    pytest.skip(missing)


def _database_url() -> str:
    params = connection.settings_dict
    password = f":{quote(params['PASSWORD'], safe='')}" if params.get("PASSWORD") else ""
    host, port = params.get("HOST") or "127.0.0.1", params.get("PORT") or 5432
    return f"postgres://{quote(params.get('USER') or '', safe='')}{password}@{host}:{port}/{params['NAME']}"


def _forget_connections(app):
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def smtp_server():
    with SMTPServer() as server:
        yield server


@pytest.fixture
def broker():
    """This process queues on the real Redis, as the site does with CELERY_BROKER_URL set."""
    from tracker import celery_app

    redis_client().flushdb()
    saved = {"broker_url": celery_app.conf.broker_url, "task_always_eager": celery_app.conf.task_always_eager}
    _forget_connections(celery_app)
    celery_app.conf.update(broker_url=BROKER_URL, task_always_eager=False)
    yield celery_app
    _forget_connections(celery_app)
    celery_app.conf.update(saved)
    redis_client().flushdb()


@pytest.fixture
def start_worker(smtp_server, broker, tmp_path):
    started = []

    def start(name="worker"):
        name = f"{name}-{uuid.uuid4().hex[:8]}"
        log = (tmp_path / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tracker", "worker", "--pool=solo", "--without-gossip",
             "--without-mingle", "--without-heartbeat", "--loglevel=INFO", "-n", f"{name}@%h"],
            cwd=BASE_DIR,
            env=clean_environment(
                DJANGO_SETTINGS_MODULE="notifications.tests.worker_settings",
                DATABASE_URL=_database_url(),
                CELERY_BROKER_URL=BROKER_URL,
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=str(smtp_server.port),
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        started.append((process, log))
        log_path = tmp_path / f"{name}.log"
        wait_until(lambda: " ready." in log_path.read_text(errors="replace") or process.poll() is not None,
                   timeout=60, what="the worker to start")  # fmt: skip
        assert process.poll() is None, log_path.read_text(errors="replace")
        return process

    yield start
    for process, log in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        log.close()


def queue_drained() -> bool:
    client = redis_client()
    return client.llen("celery") == 0 and client.hlen("unacked") == 0


def test_publishing_mails_each_confirmed_subscriber_once_through_a_real_worker(
    start_worker, smtp_server, a66, argentina, chile
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
    wait_until(queue_drained, what="the queue to drain")
    [spanish] = smtp_server.to("all@example.org")
    assert (
        spanish["Subject"].strip()
        == f"A-66: Argentina, instrumento de ratificación ({notification.reference})"
    )
    assert spanish["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "depositó su instrumento de ratificación" in spanish.get_content()
    assert len(smtp_server.to("a66@example.org")) == 1

    # The fan-out delivered again, twice at once, and one delivery's task too: nobody gets a second mail.
    task_id = str(uuid.uuid4())
    for _ in range(2):
        notification_deliver.apply_async(args=[notification.pk], task_id=task_id)
    from notifications.tasks import delivery_send

    delivery_send.delay(Delivery.objects.first().pk)
    wait_until(queue_drained, what="the repeated tasks to be handled")
    assert len(smtp_server.received) == 2
    assert sorted(Delivery.objects.values_list("status", "attempts")) == [("sent", 1), ("sent", 1)]
