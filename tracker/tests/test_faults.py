"""An import killed midway (SIGKILL, at a random point of its transaction) leaves nothing
half-written: every table holds the same rows as before, and the import then runs whole."""

import io
import os
import random
import signal
import subprocess
import sys

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from conventions.models import Participation
from outbox.tests.smtp import wait_until
from outbox.tests.workers import database_url
from tracker.tests.environment import BASE_DIR, clean_environment
from tracker.tests.tables import table_figures

pytestmark = pytest.mark.django_db(transaction=True)

APPLICATION = "load_reference_killed"
# Tables the import writes in the middle of its run, each for long enough to be seen at work.
MIDWAY_TABLES = [
    "conventions_participation",
    "reports_organization",
    "reports_reportitem",
    "reports_contribution",
]


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: the import runs in another process, which must write to the test's "
            f"database, and the test database is {connection.vendor}'s (in memory)"
        )


def import_backend() -> tuple | None:
    """The import's server process, once it is inside its transaction: (pid, xact_start)."""
    with psycopg.connect(database_url().replace("postgres://", "postgresql://", 1)) as db:
        return db.execute(
            "SELECT pid, xact_start FROM pg_stat_activity WHERE application_name = %s AND xact_start IS NOT NULL",
            [APPLICATION],
        ).fetchone()


def import_statement() -> str:
    """The statement the import's server process is running, or ""."""
    with psycopg.connect(database_url().replace("postgres://", "postgresql://", 1)) as db:
        row = db.execute(
            "SELECT query FROM pg_stat_activity WHERE application_name = %s", [APPLICATION]
        ).fetchone()
    return row[0] if row else ""


def test_load_reference_killed_midway_leaves_every_table_as_it_was(postgresql):
    before = table_figures(database_url())
    process = subprocess.Popen(
        [sys.executable, "manage.py", "load_reference"],
        cwd=BASE_DIR,
        # Named, so the test can see the import's transaction open in pg_stat_activity.
        env=clean_environment(DATABASE_URL=f"{database_url()}?application_name={APPLICATION}"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until(import_backend, timeout=120, interval=0.01, what="the import's transaction")
        # Killed while it writes one of the tables of its middle, chosen at random.
        table = random.choice(MIDWAY_TABLES)
        print(f"killing the import while it writes {table}")
        wait_until(
            lambda: f'"{table}"' in import_statement(), timeout=120, interval=0.002, what=f"{table} written"
        )
        written = Participation.objects.count()
        assert process.poll() is None, "the import ended before it could be killed: kill it sooner"
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    # PostgreSQL sees the client gone and rolls its transaction back.
    wait_until(lambda: import_backend() is None, timeout=60, what="the killed import's transaction to end")

    assert table_figures(database_url()) == before
    # Rows written by the import were invisible to others while it ran, and are gone now.
    assert written == 0 == Participation.objects.count()

    call_command("load_reference", stdout=io.StringIO())
    assert Participation.objects.count() > 50
