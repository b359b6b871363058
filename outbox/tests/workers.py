"""Real Celery workers for the tests: ``celery -A tracker worker`` subprocesses on a real Redis.

They read the test's own PostgreSQL database (its rows are committed: the tests run with
``transaction=True``) and send mail to the test's SMTP server. Each worker is stopped by the
fixture that started it, whatever the test's outcome.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import redis
from django.db import connection

from tracker.tests.environment import BASE_DIR, clean_environment

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
DEFAULT_QUEUE = "celery"
WORKER_SETTINGS = "outbox.tests.worker_settings"


@dataclass(frozen=True)
class RedisQueue:
    """A Redis database of one app's tests alone, emptied before and after each test, so two
    apps' real-worker tests can run at the same time."""

    db: int

    @property
    def url(self) -> str:
        return f"redis://{REDIS_HOST}:{REDIS_PORT}/{self.db}"

    def client(self) -> redis.Redis:
        return redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=self.db, socket_connect_timeout=1)

    def drained(self) -> bool:
        """Nothing waiting in the queue and nothing delivered but not yet acknowledged."""
        client = self.client()
        return client.llen(DEFAULT_QUEUE) == 0 and client.hlen("unacked") == 0

    def missing(self) -> str | None:
        """Why real workers cannot run here, or None."""
        if connection.vendor != "postgresql":
            return (
                "needs PostgreSQL: a worker process must read the rows the test committed, and the "
                f"test database is {connection.vendor}'s (in memory). Run with DATABASE_URL=postgres://..."
            )
        try:
            self.client().ping()
        except redis.RedisError as error:
            return f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT} ({error})"
        return None


def database_url() -> str:
    """The test database (``test_<name>``) as a URL for the worker's DATABASE_URL."""
    params = connection.settings_dict
    password = f":{quote(params['PASSWORD'], safe='')}" if params.get("PASSWORD") else ""
    user = quote(params.get("USER") or "", safe="")
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{params['NAME']}"


class Worker:
    def __init__(self, name: str, log_dir: Path, smtp_port: int, broker_url: str, database: str = ""):
        """``database``: another way to the test database than ``database_url()`` (a proxy)."""
        self.name = f"{name}-{uuid.uuid4().hex[:8]}"
        self.log_path = log_dir / f"{self.name}.log"
        env = clean_environment(
            DJANGO_SETTINGS_MODULE=WORKER_SETTINGS,
            DATABASE_URL=database or database_url(),
            CELERY_BROKER_URL=broker_url,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp_port),
            LOG_LEVEL="INFO",
        )
        command = [
            sys.executable, "-m", "celery", "-A", "tracker", "worker",
            "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--loglevel=INFO", "-n", f"{self.name}@%h",
        ]  # fmt: skip
        self.log = self.log_path.open("wb")
        # Its own process group, so that stopping it stops everything it started.
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.output():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"Worker {self.name} exited:\n{self.output()}")
            time.sleep(0.1)
        raise RuntimeError(f"Worker {self.name} not ready after {timeout} s:\n{self.output()}")

    def kill(self) -> None:
        """Kill it at once, as a crash or an out-of-memory kill would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()
