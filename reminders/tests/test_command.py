"""``send_reminders`` without a broker (tasks in-process) and the daily schedule."""

import io
import json

import pytest
from celery.schedules import crontab
from django.core.management import call_command
from django.core.management.base import CommandError

from reminders.models import Digest, DigestStatus, OutreachEntry
from reminders.tests.conftest import follower

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(cifta_record, policy, canada, jamaica, cifta):
    return [
        follower(canada, cifta, language="fr", email="cifta@canada.example"),
        follower(jamaica, cifta, language="en", email="cifta@jamaica.example"),
    ]


def run(*args, capture=None) -> str:
    out = io.StringIO()
    if capture is None:
        call_command("send_reminders", *args, stdout=out)
    else:
        with capture(execute=True):
            call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_json_lists_digests_and_states_without_contacts_and_writes_nothing(
    contacts, smtp_server, django_capture_on_commit_callbacks
):
    document = json.loads(
        run(
            "--dry-run",
            "--as-of",
            "2020-12-03",
            "--format",
            "json",
            capture=django_capture_on_commit_callbacks,
        )
    )

    assert [(d["state"], d["contact"], d["language"]) for d in document["digests"]] == [
        ("CAN", "cifta@canada.example", "fr"),
        ("JAM", "cifta@jamaica.example", "en"),
    ]
    assert document["digests"][0]["items"][0]["kind"] == "signed_not_ratified"
    assert document["digests"][0]["items"][0]["convention"] == "A-63"
    assert document["digests"][0]["items"][0]["detail"].startswith("Signed on 1997-11-14")
    assert document["no_contact"] == ["USA"]
    assert not Digest.objects.exists() and not OutreachEntry.objects.exists()
    assert smtp_server.received == []


# Committed for real, as outside tests: each claim's send runs as soon as it commits.
@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_command_sends_at_once(contacts, smtp_server):
    document = json.loads(run("--as-of", "2020-12-03", "--format", "json"))

    assert document["queued"] is False
    assert [d["status"] for d in document["digests"]] == [DigestStatus.SENT, DigestStatus.SENT]
    assert sorted(r.recipients[0] for r in smtp_server.received) == [
        "cifta@canada.example",
        "cifta@jamaica.example",
    ]
    assert document["no_contact"] == ["USA"]


def test_a_dry_run_after_sending_says_the_digests_are_already_claimed(
    contacts, smtp_server, django_capture_on_commit_callbacks
):
    run("--as-of", "2020-12-03", capture=django_capture_on_commit_callbacks)

    document = json.loads(run("--dry-run", "--as-of", "2020-12-15", "--format", "json"))
    table = run("--as-of", "2020-12-15", capture=django_capture_on_commit_callbacks)

    assert [d["already_claimed"] for d in document["digests"]] == [True, True]
    assert "Already claimed for this period, not sent again: 2" in table
    assert len(smtp_server.received) == 2


def test_the_table_lists_each_digest_and_the_states_without_contacts(contacts):
    table = run("--dry-run", "--as-of", "2020-12-03")

    assert "Reminders due as of 2020-12-03 (dry run: nothing sent or recorded)" in table
    assert "A-63  signed_not_ratified: 3  CAN JAM USA" in table
    assert "CAN  " in table and "cifta@canada.example" in table
    assert "States owing reminders with no contact to remind: 1  USA" in table


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--as-of", "3 December 2020")


def test_the_dispatch_runs_every_day_at_six_from_the_schedule_declared_in_one_place():
    from tracker import celery_app

    entry = celery_app.conf.beat_schedule["reminders-dispatch-daily"]

    assert entry["task"] == "reminders.dispatch"
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"] == crontab(hour=6, minute=0)
