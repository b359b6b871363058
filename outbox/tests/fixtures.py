"""Fixtures of the outbox tests: a real SMTP server, and real Celery workers on a real Redis.

An app's conftest imports the ones it uses and defines ``worker_queue``, the ``RedisQueue``
(Redis database) of its real-worker tests.
"""

import os

import kombu.pools
import pytest
from django.db import connection

from outbox.tests.smtp import SMTPServer
from outbox.tests.workers import RedisQueue, Worker


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free loopback port; Django's mail goes to it."""
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        yield server


@pytest.fixture
def real_parts(worker_queue: RedisQueue):
    """Skip, saying why, where real workers cannot run; on CI with PostgreSQL they must."""
    missing = worker_queue.missing()
    if missing is None:
        return
    if os.environ.get("CI") == "true" and connection.vendor == "postgresql":
        pytest.fail(f"CI runs the real-worker tests on PostgreSQL, but: {missing}")
    pytest.skip(missing)


def _forget_connections(app) -> None:
    """Drop the app's broker connections, so the next task is sent with the broker set now."""
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(real_parts, worker_queue: RedisQueue):
    """This process queues tasks on the real Redis, as the site does with CELERY_BROKER_URL."""
    from tracker import celery_app

    worker_queue.client().flushdb()
    saved = {"broker_url": celery_app.conf.broker_url, "task_always_eager": celery_app.conf.task_always_eager}
    _forget_connections(celery_app)
    celery_app.conf.update(broker_url=worker_queue.url, task_always_eager=False)
    yield worker_queue
    _forget_connections(celery_app)
    celery_app.conf.update(saved)
    worker_queue.client().flushdb()


@pytest.fixture
def start_worker(transactional_db, smtp_server, broker: RedisQueue, tmp_path):
    """Start workers; every one is stopped when the test ends, passed or failed."""
    started: list[Worker] = []

    def start(name: str = "worker", database: str = "") -> Worker:
        worker = Worker(name, tmp_path, smtp_server.port, broker.url, database)
        started.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in started:
        worker.stop()
