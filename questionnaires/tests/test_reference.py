"""The seeds: the CIFTA questionnaire, its obligations and the 2019-2020 receipts, as reported."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conventions.services import reference_data_load
from questionnaires.models import Answer, Obligation, Question, Submission, SubmissionTransition

# Every test reads the reference record of fixtures/, loaded once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_record")]
SEED_RECEIPTS = ["CHL", "CRI", "MEX", "PAN", "PER"]


def status(*options):
    out = io.StringIO()
    call_command("questionnaire_status", "A-63", "--cycle", "2019-2020", *options, stdout=out)
    return out.getvalue()


def test_the_2019_2020_cycle_reports_what_the_pro_tempore_secretariat_reported():
    document = json.loads(status("--format", "json"))

    assert document["convention"] == "A-63" and document["cycle"] == "2019-2020"
    # No due date is given in the seed, so none is invented.
    assert document["due_on"] is None
    assert document["received"] == SEED_RECEIPTS
    assert document["on_time"] == [] and document["late"] == []
    assert document["timeliness_unknown"] == SEED_RECEIPTS
    # Every OAS member state taking part on 2019-04-05: Cuba's government was excluded;
    # Venezuela's withdrawal took effect on 2019-04-27, after the opening.
    assert document["asked"] == 34
    assert "CUB" not in document["missing"] and "VEN" in document["missing"]
    assert len(document["missing"]) == 29
    assert not set(document["missing"]) & set(SEED_RECEIPTS)


def test_the_receipts_keep_what_is_not_known_unknown():
    receipts = Submission.objects.filter(state__iso3__in=SEED_RECEIPTS).select_related("cycle")

    for receipt in receipts:
        assert receipt.status == "submitted"
        assert receipt.answer_kind == "update"
        assert receipt.language == ""
        assert receipt.received.isoformat() == "2019-04-05/2020-12-31"
        assert receipt.submitted_by is None and receipt.reviewed_by is None
    assert not Answer.objects.exists()
    assert receipts.count() == 5


def test_the_questionnaire_follows_the_obligations_named_without_inventing_articles():
    obligations = list(Obligation.objects.filter(convention__code="A-63").order_by("position"))

    assert [o.code for o in obligations] == [
        "criminalization", "marking", "licensing", "export_point_controls", "cooperation_information_exchange",
    ]  # fmt: skip
    assert all(o.article == "" for o in obligations)
    questions = Question.objects.filter(section__questionnaire__title_en__contains="Effectiveness of CIFTA")
    assert sorted(q.obligation.code for q in questions) == sorted(o.code for o in obligations)


def test_a_second_load_changes_nothing():
    transitions = SubmissionTransition.objects.count()

    totals = reference_data_load()

    assert totals["questionnaires/receipts.csv"]["skip"] == 5
    assert totals["questionnaires/cycles.csv"]["skip"] == 1
    assert SubmissionTransition.objects.count() == transitions == 5


def test_the_status_prints_as_a_table_and_as_csv():
    table = status()
    assert "due not recorded, asked 34 (all_members)" in table
    assert "timeliness unknown: 5  CHL CRI MEX PAN PER" in table

    rows = list(csv.DictReader(io.StringIO(status("--format", "csv"))))
    peru = next(row for row in rows if row["state"] == "PER")
    assert peru["received"] == "2019-04-05/2020-12-31" and peru["timeliness"] == "unknown"
    assert len(rows) == 34


def test_an_unknown_cycle_is_named_with_the_known_ones():
    with pytest.raises(CommandError, match="No cycle '2030' of convention 'A-63' \\(known: 2019-2020\\)"):
        call_command("questionnaire_status", "A-63", "--cycle", "2030")
