"""Releases: made when the record changed, never twice for the same record, with their changes."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from conventions.tests.factories import ConventionFactory, ParticipationFactory
from opendata.models import DataRelease, DataReleaseFile
from opendata.services import data_release_make
from opendata.tasks import data_release_task
from states.tests.factories import StateFactory
from tracker.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    convention = ConventionFactory(code="A-66")
    mexico = StateFactory(iso3="MEX", iso2="MX", name_en="Mexico")
    return ParticipationFactory(convention=convention, state=mexico)


def _command(*arguments) -> str:
    out = io.StringIO()
    call_command("data_release", *arguments, stdout=out)
    return out.getvalue()


def test_a_release_is_made_once_and_not_again_while_the_record_is_unchanged(record):
    first = data_release_make()
    again = data_release_make()

    assert (first.version, first.made) == (1, True)
    assert (again.version, again.made, again.record_changed) == (1, False, False)
    release = DataRelease.objects.get()
    assert sorted(release.files.values_list("name", flat=True)) == [
        "bodies.csv",
        "conventions.csv",
        "datapackage.json",
        "meetings.csv",
        "participations.csv",
        "reservations.csv",
        "states.csv",
    ]
    assert release.files.get(name="participations.csv").rows == 1


def test_the_next_release_lists_the_rows_added_removed_and_changed_per_table(record):
    data_release_make()
    record.deposit_earliest = record.deposit_latest = dt.date(2005, 12, 1)
    record.instrument_kind = "ratification"
    record.save()
    StateFactory(iso3="PER", iso2="PE", name_en="Peru")

    outcome = data_release_make()

    assert outcome.version == 2
    assert DataRelease.objects.get(version=2).changes == {
        "states": {"added": ["PER"], "removed": [], "changed": []},
        "participations": {"added": [], "removed": [], "changed": ["A-66 · MEX"]},
    }


def test_a_dry_run_says_what_would_be_released_and_writes_nothing(record):
    assert _command("--dry-run") == "Would release version 1.\n"
    assert not DataRelease.objects.exists()

    assert _command() == "Released version 1.\n"
    StateFactory(iso3="PER", iso2="PE", name_en="Peru")

    assert _command("--dry-run") == "Would release version 2.\n  states: 1 added\n"
    assert DataRelease.objects.count() == 1
    assert _command() == "Released version 2.\n  states: 1 added\n"
    assert _command() == "The record has not changed since version 2: nothing released.\n"


def test_a_version_is_numbered_from_one_and_taken_once(record):
    checksum = "0" * 64
    with pytest.raises(ValidationError, match="numbered from 1"):
        DataRelease(version=0, created_at=timezone.now(), record_checksum=checksum).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        DataRelease.objects.create(version=0, created_at=timezone.now(), record_checksum=checksum)

    data_release_make()
    with pytest.raises(IntegrityError), transaction.atomic():
        DataRelease.objects.create(version=1, created_at=timezone.now(), record_checksum=checksum)


def test_a_checksum_is_a_sha256_digest(record):
    data_release_make()
    release = DataRelease.objects.get()
    with pytest.raises(ValidationError, match="SHA-256"):
        DataReleaseFile(release=release, name="x.csv", content=b"", sha256="not a digest").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        DataReleaseFile.objects.create(release=release, name="x.csv", content=b"", sha256="not a digest")


def test_the_beat_releases_the_record_every_day_and_only_when_it_changed(record):
    entry = celery_app.conf.beat_schedule["data-release-daily"]
    assert entry["task"] == data_release_task.name

    assert data_release_task.apply().get() == 1
    assert data_release_task.apply().get() == 1  # unchanged: no second version
    ParticipationFactory(convention=record.convention)
    assert data_release_task.apply().get() == 2
