"""Spreadsheets in and out: a receipt log imports whole or not at all, naming each bad cell."""

import datetime as dt
from decimal import Decimal

import pytest
import tablib

from questionnaires.models import Answer, Question, ReportingCycle, Submission
from questionnaires.resources import (
    AnswerResource,
    QuestionResource,
    ReceiptLogResource,
    ReportingCycleResource,
)
from questionnaires.tests.factories import ObligationFactory, QuestionFactory, SubmissionFactory
from questionnaires.workflow import SubmissionStatus
from states.tests.factories import StateFactory
from tracker.importing import ImportRefused, dataset_import

pytestmark = pytest.mark.django_db
RECEIPT_HEADERS = ["convention", "cycle", "state", "received_on", "answer_kind", "language", "notes"]


def receipt_log(*rows):
    return tablib.Dataset(*rows, headers=RECEIPT_HEADERS)


def import_receipts(dataset, user=None):
    resource = ReceiptLogResource()
    return resource.import_data(
        dataset, dry_run=False, raise_errors=False, use_transactions=True,
        rollback_on_validation_errors=True, user=user, file_name="receipts.xlsx",
    )  # fmt: skip


def problems_of(dataset):
    with pytest.raises(ImportRefused) as caught:
        dataset_import(ReceiptLogResource(), dataset, source="receipts.csv")
    return [(p.row, p.field, p.message) for p in caught.value.problems]


def test_a_receipt_log_makes_the_questionnaires_received_and_logs_who(submission, chile_submission, reviewer):
    dataset = receipt_log(
        ["A-63", "2019-2020", "PER", "2020-03-02", "update", "es", "By email to the technical secretariat."],
        ["A-63", "2019-2020", "CHL", "2020-05", "first", "", ""],
    )

    result = import_receipts(dataset, user=reviewer)

    assert not result.has_errors() and not result.has_validation_errors()
    peru, chile = (Submission.objects.get(pk=s.pk) for s in (submission, chile_submission))
    assert (peru.status, peru.received.isoformat(), peru.answer_kind, peru.language) == (
        "submitted", "2020-03-02", "update", "es",
    )  # fmt: skip
    assert chile.received.isoformat() == "2020-05"
    assert list(peru.transitions.values_list("from_status", "to_status", "by_user", "comment")) == [
        ("not_started", "submitted", reviewer.pk, "Recorded from receipts.xlsx."),
    ]
    assert peru.history.first().history_change_reason == "Imported from receipts.xlsx"


def test_importing_the_same_log_again_changes_nothing(submission, reviewer):
    dataset = receipt_log(["A-63", "2019-2020", "PER", "2020-03-02", "update", "", ""])
    import_receipts(dataset, user=reviewer)

    result = import_receipts(dataset, user=reviewer)

    assert result.totals["skip"] == 1
    assert Submission.objects.get(pk=submission.pk).transitions.count() == 1


def test_a_later_row_corrects_a_received_questionnaire_without_a_new_status(submission, reviewer):
    import_receipts(receipt_log(["A-63", "2019-2020", "PER", "2020", "update", "", ""]), user=reviewer)
    import_receipts(receipt_log(["A-63", "2019-2020", "PER", "2020-03-02", "update", "", ""]), user=reviewer)

    peru = Submission.objects.get(pk=submission.pk)
    assert peru.received.isoformat() == "2020-03-02" and peru.transitions.count() == 1


@pytest.mark.parametrize(
    ("bad_row", "column", "words"),
    [
        (["A-63", "2019-2020", "XXX", "2020-03-02", "update", "", ""], "state", "No state with iso3 “XXX”"),
        (["A-63", "1999", "PER", "2020-03-02", "update", "", ""], "cycle", "cycle “1999”"),
        (["A-63", "2019-2020", "PER", "2020-13", "update", "", ""], "received_on", "not a valid date"),
        (["A-63", "2019-2020", "PER", "2019-12-31", "update", "", ""], "received_on", "opened on 2020-01-01"),
        (["A-63", "2019-2020", "PER", "2020-03-02", "", "", ""], "answer_kind", "first answer or an update"),
        (["A-63", "2019-2020", "PER", "2020-03-02", "second", "", ""], "answer_kind", "not a valid value; the valid ones are first, update"),
    ],
    ids=["unknown-state", "unknown-cycle", "bad-date", "before-opening", "kind-missing", "kind-unknown"],
)
def test_a_bad_row_imports_nothing_and_says_where(submission, chile_submission, bad_row, column, words):
    dataset = receipt_log(["A-63", "2019-2020", "CHL", "2020-03-01", "first", "", ""], bad_row)

    problems = problems_of(dataset)

    assert [(row, field) for row, field, _message in problems] == [(3, column)]
    assert words in problems[0][2]
    assert set(Submission.objects.values_list("status", flat=True)) == {SubmissionStatus.NOT_STARTED}
    assert not chile_submission.transitions.exists()


def test_the_receipt_log_exports_with_the_status(submission, reviewer):
    import_receipts(receipt_log(["A-63", "2019-2020", "PER", "2020-03", "update", "es", ""]), user=reviewer)

    exported = ReceiptLogResource().export(Submission.objects.all())

    assert exported.headers == [
        "convention",
        "cycle",
        "state",
        "received_on",
        "answer_kind",
        "language",
        "status",
        "notes",
    ]
    assert exported.dict[0] | {"notes": ""} == {
        "convention": "A-63", "cycle": "2019-2020", "state": "PER", "received_on": "2020-03",
        "answer_kind": "update", "language": "es", "status": "submitted", "notes": "",
    }  # fmt: skip


def test_importing_a_cycle_asks_its_states(questionnaire):
    StateFactory(iso3="ARG")
    StateFactory(iso3="BRA")
    dataset = tablib.Dataset(
        ["A-63", "2021", "1", "all_members", "2021-01-01", "2021-06-30", "", "", ""],
        headers=[
            "convention",
            "label",
            "questionnaire",
            "audience",
            "opens_on",
            "due_on",
            "closes_on",
            "notes",
            "source",
        ],
    )

    dataset_import(ReportingCycleResource(), dataset, source="cycles.csv")

    cycle = ReportingCycle.objects.get(label="2021")
    assert sorted(cycle.submissions.values_list("state__iso3", flat=True)) == ["ARG", "BRA"]


def test_a_question_names_an_obligation_of_its_own_convention(questionnaire):
    ObligationFactory(code="stockpiles")  # another convention's
    dataset = tablib.Dataset(
        ["A-63", "1", "1", "4", "yes_no_partly", "stockpiles", "1", "Are stockpiles secured?", "", "", "", ""],
        headers=["convention", "version", "section", "question", "kind", "obligation", "is_required",
                 "text_en", "text_es", "text_fr", "text_pt", "options"],
    )  # fmt: skip

    with pytest.raises(ImportRefused) as caught:
        dataset_import(QuestionResource(), dataset, source="questions.csv")

    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "obligation")]
    assert "convention “A-63”, obligation “stockpiles”" in caught.value.problems[0].message
    assert not Question.objects.filter(position=4).exists()


def test_answers_received_by_email_keep_their_range(submission, reviewer):
    SubmissionFactory(cycle=submission.cycle, state=StateFactory(iso3="MEX"))
    import_receipts(
        receipt_log(["A-63", "2019-2020", "MEX", "2020-01-01/2020-12-31", "update", "", ""]), reviewer
    )

    mexico = Submission.objects.get(state__iso3="MEX")
    assert (mexico.received_earliest, mexico.received_latest) == (dt.date(2020, 1, 1), dt.date(2020, 12, 31))


ANSWER_HEADERS = ["convention", "cycle", "state", "question", "answer"]


@pytest.fixture
def answer_questions(questionnaire):
    section = questionnaire.sections.get()
    QuestionFactory(section=section, position=4, kind="date", is_required=False, text_en="In force since?")
    QuestionFactory(section=section, position=5, kind="choice", options="Police\nArmy", text_en="Who marks?")
    return questionnaire


def test_answers_typed_in_a_spreadsheet_land_in_their_kind(submission, answer_questions):
    dataset = tablib.Dataset(
        ["A-63", "2019-2020", "PER", "1.1", "partly"],
        ["A-63", "2019-2020", "PER", "1.3", "1200"],
        ["A-63", "2019-2020", "PER", "1.4", "2003-10-23"],
        ["A-63", "2019-2020", "PER", "1.5", "Police"],
        headers=ANSWER_HEADERS,
    )

    dataset_import(AnswerResource(), dataset, source="answers.csv")

    values = {a.question.number: a.value for a in Answer.objects.filter(submission=submission)}
    assert values == {"1.1": "partly", "1.3": Decimal("1200"), "1.4": dt.date(2003, 10, 23), "1.5": "Police"}
    exported = AnswerResource().export(Answer.objects.all())
    assert exported.headers == ANSWER_HEADERS
    assert exported.dict[2] == {
        "convention": "A-63", "cycle": "2019-2020", "state": "PER", "question": "1.4", "answer": "2003-10-23",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("bad_row", "column", "words"),
    [
        (["A-63", "2019-2020", "PER", "9.9", "yes"], "question", "has no question 9.9"),
        (["A-63", "2019-2020", "PER", "one", "yes"], "question", "not a question number"),
        (["A-63", "2019-2020", "CHL", "1.1", "yes"], "state", "No submission with"),
        (["A-63", "2019-2020", "PER", "1.5", "maybe"], "answer", "“maybe” is not one of the options"),
        (["A-63", "2019-2020", "PER", "1.3", "many"], "answer", "“many” is not a number"),
        (["A-63", "2019-2020", "PER", "1.4", "23/10/2003"], "answer", "not a date written YYYY-MM-DD"),
        (["A-63", "2019-2020", "PER", "1.5", "Army"], "", None),
        (["A-63", "2019-2020", "PER", "1.2", ""], "answer", "Give the answer"),
    ],
    ids=["unknown-number", "not-a-number", "state-not-asked", "not-an-option", "bad-number", "bad-date",
         "good-row", "empty"],
)  # fmt: skip
def test_a_bad_answer_row_imports_nothing_and_says_where(
    submission, answer_questions, bad_row, column, words
):
    dataset = tablib.Dataset(["A-63", "2019-2020", "PER", "1.1", "yes"], bad_row, headers=ANSWER_HEADERS)

    if words is None:
        dataset_import(AnswerResource(), dataset, source="answers.csv")
        assert Answer.objects.count() == 2
        return
    with pytest.raises(ImportRefused) as caught:
        dataset_import(AnswerResource(), dataset, source="answers.csv")

    assert [(p.row, p.field) for p in caught.value.problems] == [(3, column)]
    assert words in caught.value.problems[0].message
    assert not Answer.objects.exists()
