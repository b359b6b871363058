"""The reference data and the seeds: who was reminded of CIFTA on 2020-12-03, and the outreach
the seeds record."""

import datetime as dt
import io
import json

import pytest
import tablib
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from conventions.models import Convention
from conventions.selectors import Status, treaty_status_as_of
from conventions.services import REFERENCE_DIR, reference_files
from reminders.models import OutreachEntry, OutreachKind, ReminderPolicy
from reminders.selectors import outreach_for_state
from reminders.tests.conftest import follower
from states.models import State
from tracker.importing import dataset_import

pytestmark = pytest.mark.django_db
# The seed 003 letters of 2020-12-03 went to the signatories of A-63 that had not ratified.
CIFTA_SIGNATORIES_NOT_RATIFIED = ["CAN", "JAM", "USA"]
A66_SIGNATORIES_NOT_RATIFIED = ["BHS", "BLZ", "BOL", "BRB", "HTI", "JAM", "KNA", "LCA", "SUR", "VCT"]


# The reference files these tests read; the questionnaires' and reports' are left out to keep
# the tests quick (``load_reference`` loads them all, in INSTALLED_APPS order).
NEEDED_APPS = ("states", "conventions", "reminders")


def reference_load() -> dict[str, dict[str, int]]:
    totals = {}
    with transaction.atomic():
        for name, resource_class in reference_files():
            if resource_class.__module__.split(".")[0] in NEEDED_APPS:
                text = (REFERENCE_DIR / name).read_text(encoding="utf-8")
                result = dataset_import(
                    resource_class(), tablib.Dataset().load(text, format="csv"), source=name
                )
                totals[name] = {kind: count for kind, count in result.totals.items() if count}
    return totals


@pytest.fixture
def reference():
    return reference_load()


def dry_run(as_of="2020-12-03") -> dict:
    out = io.StringIO()
    call_command("send_reminders", "--dry-run", "--as-of", as_of, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_the_dry_run_of_2020_12_03_lists_the_cifta_signatories_that_had_not_ratified(reference):
    before = row_counts()

    document = dry_run()

    assert row_counts() == before
    assert document["owed"]["A-63"] == {"signed_not_ratified": CIFTA_SIGNATORIES_NOT_RATIFIED}
    assert document["owed"]["A-66"] == {"signed_not_ratified": A66_SIGNATORIES_NOT_RATIFIED}
    # The reference data has no contacts: every owing state is named as having none.
    assert document["digests"] == []
    assert document["no_contact"] == sorted({*CIFTA_SIGNATORIES_NOT_RATIFIED, *A66_SIGNATORIES_NOT_RATIFIED})
    cifta_owing = sorted(
        owing["state"]
        for owing in document["owed_without_contact"]
        for item in owing["items"]
        if item["convention"] == "A-63"
    )
    assert cifta_owing == CIFTA_SIGNATORIES_NOT_RATIFIED

    table = io.StringIO()
    call_command("send_reminders", "--dry-run", "--as-of", "2020-12-03", stdout=table)
    assert "A-63  signed_not_ratified: 3  CAN JAM USA" in table.getvalue()
    assert "States owing reminders with no contact to remind: 12" in table.getvalue()
    assert row_counts() == before


def test_with_contacts_the_dry_run_lists_their_digests_and_still_nothing_is_written(reference):
    cifta = Convention.objects.get(code="A-63")
    states = State.objects.by_natural_key()
    follower(states["CAN"], cifta, language="fr", email="cifta@canada.example")
    follower(states["JAM"], cifta, email="cifta@jamaica.example")
    follower(states["USA"], cifta, email="cifta@usa.example")
    before = row_counts()

    document = dry_run()

    assert row_counts() == before
    assert [(d["state"], d["contact"], d["language"]) for d in document["digests"]] == [
        ("CAN", "cifta@canada.example", "fr"),
        ("JAM", "cifta@jamaica.example", "en"),
        ("USA", "cifta@usa.example", "en"),
    ]
    for digest in document["digests"]:
        assert [(i["kind"], i["convention"]) for i in digest["items"]] == [("signed_not_ratified", "A-63")]
        assert digest["items"][0]["detail"] == (
            "Signed on 1997-11-14; the instrument of ratification has not been deposited."
        )
    # Their contacts follow CIFTA only: Jamaica still has no one to remind of A-66.
    assert document["no_contact"] == A66_SIGNATORIES_NOT_RATIFIED


def test_the_reference_policies_and_the_outreach_the_seeds_record(reference):
    policies = ReminderPolicy.objects.select_related("convention").order_by("convention__code")

    assert [(p.convention.code, p.kind, p.days, p.frequency, p.is_active) for p in policies] == [
        ("A-63", "signed_not_ratified", 365, "quarterly", True),
        ("A-66", "signed_not_ratified", 365, "quarterly", True),
    ]

    letters = OutreachEntry.objects.get(code="cifta-2020-12-03-ratification-letters")
    call = OutreachEntry.objects.get(code="a66-2022-09-12-secretary-general-call-to-ratify")

    assert (letters.date, letters.kind, letters.convention.code) == (
        dt.date(2020, 12, 3),
        OutreachKind.LETTER,
        "A-63",
    )
    assert sorted(letters.states.values_list("iso3", flat=True)) == CIFTA_SIGNATORIES_NOT_RATIFIED
    assert (call.date, call.kind, call.convention.code) == (
        dt.date(2022, 9, 12),
        OutreachKind.STATEMENT,
        "A-66",
    )
    # The seed gives the number of states, not their names: none is linked.
    assert not call.states.exists()
    assert outreach_for_state(State.objects.get(iso3="JAM")) == [letters]

    # The treaty record agrees with the ten states the Secretary General called on that day.
    status = treaty_status_as_of("A-66", dt.date(2022, 9, 12))

    assert sorted(row.state.iso3 for row in status.states if row.status == Status.SIGNATORY) == (
        A66_SIGNATORIES_NOT_RATIFIED
    )


def test_load_reference_reads_the_reminders_files_and_a_second_load_changes_nothing(reference):
    names = [name for name, _resource in reference_files()]

    # After the treaty record they name, in the order apps.py lists them.
    assert names.index("conventions.csv") < names.index("reminders/policies.csv")
    assert names.index("reminders/policies.csv") + 1 == names.index("reminders/outreach.csv")
    assert reference["reminders/policies.csv"] == {"new": 2}
    assert reference["reminders/outreach.csv"] == {"new": 2}
    again = reference_load()
    assert again["reminders/policies.csv"] == {"skip": 2}
    assert again["reminders/outreach.csv"] == {"skip": 2}
