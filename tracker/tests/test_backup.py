"""``bin/backup``: the reference record dumped, restored into a fresh database, and compared
there table by table (row counts and a checksum of every row)."""

import io
import subprocess
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from outbox.tests.workers import database_url
from tracker.tests.environment import BASE_DIR, clean_environment
from tracker.tests.tables import table_figures

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(f"bin/backup uses pg_dump and pg_restore: the test database is {connection.vendor}'s")


def backup(*args: str, url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bin/backup", *args],
        cwd=BASE_DIR,
        env=clean_environment(DATABASE_URL=url),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def fresh_database():
    """An empty database beside the test's, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:6]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield database_url().rsplit("/", 1)[0] + f"/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_record_dumped_and_restored_into_a_fresh_database_is_the_same(
    postgresql, fresh_database, tmp_path
):
    call_command("load_reference", stdout=io.StringIO())
    source = database_url()
    before = table_figures(source)
    dump_file = tmp_path / "tracker.dump"

    dumped = backup("dump", str(dump_file), url=source)
    restored = backup("restore", str(dump_file), url=fresh_database)

    assert dumped.returncode == 0, dumped.stderr
    assert restored.returncode == 0, restored.stderr
    after = table_figures(fresh_database)
    assert after == before
    # The comparison means something: the record is there, in its many tables.
    assert before["conventions_participation"][0] > 50
    assert sum(rows for rows, _ in before.values()) > 1000
    print(f"restore check: {len(after)} tables, {sum(rows for rows, _ in after.values())} rows, all equal")


def test_a_restore_into_a_database_that_has_tables_is_refused(postgresql, tmp_path):
    source = database_url()
    dump_file = tmp_path / "tracker.dump"
    assert backup("dump", str(dump_file), url=source).returncode == 0

    refused = backup("restore", str(dump_file), url=source)

    assert refused.returncode != 0
    assert "restore into an empty one" in refused.stderr


def test_a_database_that_is_not_postgresql_is_refused_with_the_reason(tmp_path):
    refused = backup("dump", str(tmp_path / "x.dump"), url=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    assert refused.returncode != 0
    assert "not a PostgreSQL database" in refused.stderr
    assert not (tmp_path / "x.dump").exists()
