"""Every rule of questionnaires fails twice: readably in full_clean(), and in the database."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from questionnaires.models import (
    Answer,
    AnswerKind,
    Obligation,
    Question,
    QuestionKind,
    ReportingCycle,
    Section,
    Submission,
    SubmissionDocument,
    SubmissionTransition,
    Timeliness,
)
from questionnaires.tests.factories import (
    AnswerFactory,
    ObligationFactory,
    QuestionFactory,
    QuestionnaireFactory,
    ReportingCycleFactory,
    SectionFactory,
    SubmissionFactory,
)
from questionnaires.workflow import SubmissionStatus
from states.tests.factories import StateFactory, UserFactory

pytestmark = pytest.mark.django_db
D = dt.date


def refused_by_validation(instance, field, words, exclude=None):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean(exclude=exclude)
    assert field in caught.value.message_dict, caught.value.message_dict
    assert words in " ".join(caught.value.message_dict[field])


def refused_by_database(instance):
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


def copy_of(instance, **changes):
    """An unsaved copy of ``instance`` with ``changes``: a second row with the same keys."""
    fields = {
        f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields if not f.primary_key
    }
    return type(instance)(**(fields | changes))


def obligation_twice(**changes):
    return copy_of(ObligationFactory(), **changes)


def cycle(**fields):
    questionnaire = QuestionnaireFactory()
    defaults = {
        "convention": questionnaire.convention,
        "questionnaire": questionnaire,
        "label": "2019-2020",
        "opens_on": D(2019, 4, 5),
        "audience": "all_members",
    }
    return ReportingCycle(**(defaults | fields))


def submission(**fields):
    return Submission(**({"cycle": ReportingCycleFactory(), "state": StateFactory()} | fields))


def answer(**fields):
    existing = AnswerFactory()
    defaults = {
        "submission": existing.submission,
        "question": QuestionFactory(section=existing.question.section),
    }
    return Answer(**(defaults | {"choice": ""} | fields))


def number_answer(value):
    existing = AnswerFactory()
    question = QuestionFactory(section=existing.question.section, kind=QuestionKind.NUMBER)
    return Answer(submission=existing.submission, question=question, number=value)


def document(**fields):
    defaults = {
        "submission": SubmissionFactory(),
        "file": "questionnaire-documents/x.pdf",
        "original_name": "x.pdf",
        "kind": "pdf",
        "size_bytes": 1000,
    }
    return SubmissionDocument(**(defaults | fields))


# (a function making the bad record, the field its error is shown at, words of the message)
BROKEN_RULES = [
    pytest.param(lambda: obligation_twice(position=99), NON_FIELD_ERRORS, "already has an obligation with this code", id="obligation-code-twice"),
    pytest.param(lambda: obligation_twice(code="other"), NON_FIELD_ERRORS, "has this position", id="obligation-position-twice"),
    pytest.param(lambda: copy_of(QuestionnaireFactory()), NON_FIELD_ERRORS, "already has a questionnaire of this version", id="questionnaire-version-twice"),
    pytest.param(lambda: copy_of(SectionFactory()), NON_FIELD_ERRORS, "already has a section with this number", id="section-twice"),
    pytest.param(lambda: Section(questionnaire=QuestionnaireFactory(), position=0, title_en="S"), "position", "numbered from 1", id="section-zero"),
    pytest.param(lambda: copy_of(QuestionFactory()), NON_FIELD_ERRORS, "already has a question with this number", id="question-twice"),
    pytest.param(lambda: Question(section=SectionFactory(), position=0, kind="text", text_en="Q"), "position", "numbered from 1", id="question-zero"),
    pytest.param(lambda: Question(section=SectionFactory(), position=1, kind="essay", text_en="Q"), "kind", "not a valid choice", id="question-kind-unknown"),
    pytest.param(lambda: Question(section=SectionFactory(), position=1, kind="choice", text_en="Q"), "options", "needs its options", id="choice-without-options"),
    pytest.param(lambda: Question(section=SectionFactory(), position=1, kind="text", text_en="Q", options="A\nB"), "options", "only it has options", id="options-on-text"),
    pytest.param(lambda: copy_of(ReportingCycleFactory()), NON_FIELD_ERRORS, "already has a cycle with this label", id="cycle-label-twice"),
    pytest.param(lambda: cycle(label="2019/20"), "label", "as a year (2021) or a period", id="cycle-label-format"),
    pytest.param(lambda: cycle(audience="everyone"), "audience", "not a valid choice", id="cycle-audience-unknown"),
    pytest.param(lambda: cycle(due_on=D(2019, 4, 4)), "due_on", "cannot be due before the cycle opens", id="due-before-opening"),
    pytest.param(lambda: cycle(closes_on=D(2019, 4, 4)), "closes_on", "cannot close before it opens", id="closes-before-opening"),
    pytest.param(lambda: cycle(due_on=D(2020, 6, 30), closes_on=D(2020, 6, 1)), "closes_on", "before its answers are due", id="closes-before-due"),
    pytest.param(lambda: copy_of(SubmissionFactory()), NON_FIELD_ERRORS, "already has a submission in this cycle", id="submission-twice"),
    pytest.param(lambda: submission(status="lost"), "status", "not a valid choice", id="status-unknown"),
    pytest.param(lambda: submission(answer_kind="second"), "answer_kind", "not a valid choice", id="answer-kind-unknown"),
    pytest.param(lambda: submission(status="submitted", answer_kind="first", received_earliest=D(2020, 2, 1)), "received_earliest", "incomplete", id="half-a-receipt"),
    pytest.param(lambda: submission(status="submitted", answer_kind="first", received_earliest=D(2020, 3, 1), received_latest=D(2020, 2, 1)), "received_earliest", "range is reversed", id="reversed-receipt"),
    pytest.param(lambda: submission(status="draft", received_earliest=D(2020, 3, 1), received_latest=D(2020, 3, 1)), "received_earliest", "not yet sent has no date received", id="draft-received"),
    pytest.param(lambda: submission(status="submitted"), "answer_kind", "first answer or an update", id="received-without-kind"),
    pytest.param(lambda: submission(status="accepted", answer_kind="update"), "reviewed_by", "names its reviewer", id="accepted-without-reviewer"),
    pytest.param(lambda: copy_of(AnswerFactory()), NON_FIELD_ERRORS, "already answered in this submission", id="answer-twice"),
    pytest.param(lambda: answer(), NON_FIELD_ERRORS, "exactly one value", id="answer-empty"),
    pytest.param(lambda: answer(choice="yes", text="Law 1 of 2010"), "choice", "is answered here", id="answer-two-values"),
    pytest.param(lambda: document(kind="exe"), "kind", "not a valid choice", id="document-kind"),
    pytest.param(lambda: document(size_bytes=10 * 1024 * 1024 + 1), "size_bytes", "at most 10 MB", id="document-too-large"),
    pytest.param(lambda: document(size_bytes=0), "size_bytes", "not empty", id="document-empty"),
    pytest.param(lambda: SubmissionTransition(submission=SubmissionFactory(), from_status="not_started", to_status="accepted"), NON_FIELD_ERRORS, "not allowed", id="transition-skipping-review"),
    pytest.param(lambda: SubmissionTransition(submission=SubmissionFactory(), from_status="accepted", to_status="draft"), NON_FIELD_ERRORS, "not allowed", id="transition-back-to-draft"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "field", "words"), BROKEN_RULES)
def test_full_clean_explains_the_broken_rule(make, field, words):
    refused_by_validation(make(), field, words)


@pytest.mark.parametrize(("make", "field", "words"), BROKEN_RULES)
def test_the_database_refuses_the_broken_rule(make, field, words):
    refused_by_database(make())


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: Question(section=SectionFactory(), position=1, kind="choice", text_en="Q", options="A\nB"), id="choice"),
        pytest.param(lambda: cycle(due_on=D(2019, 4, 5), closes_on=D(2019, 4, 5)), id="one-day-cycle"),
        pytest.param(lambda: submission(status="submitted", answer_kind="update"), id="received-day-unknown"),
        pytest.param(lambda: submission(status="submitted", answer_kind="update", received_earliest=D(2020, 1, 1), received_latest=D(2020, 12, 31)), id="received-in-a-range"),
        pytest.param(lambda: number_answer(Decimal("12.5")), id="answer-number"),
        pytest.param(lambda: document(size_bytes=10 * 1024 * 1024), id="document-at-the-limit"),
    ],
)  # fmt: skip
def test_records_within_the_rules_are_kept(make):
    record = make()
    record.full_clean()
    record.save()
    assert type(record).objects.filter(pk=record.pk).exists()


def test_a_question_is_tied_only_to_its_own_conventions_obligation():
    question = QuestionFactory.build(section=SectionFactory(), obligation=ObligationFactory())

    refused_by_validation(question, "obligation", "belongs to another convention")


def test_a_cycle_sends_a_questionnaire_of_its_own_convention():
    refused_by_validation(
        cycle(questionnaire=QuestionnaireFactory()), "questionnaire", "for another convention"
    )


def test_nothing_is_received_before_the_cycle_opens():
    early = submission(
        cycle=ReportingCycleFactory(opens_on=D(2020, 1, 1)),
        status="submitted",
        answer_kind="first",
        received_earliest=D(2019, 12, 31),
        received_latest=D(2019, 12, 31),
    )

    refused_by_validation(early, "received_earliest", "opened on 2020-01-01")


@pytest.mark.parametrize(
    ("kind", "fields", "field", "words"),
    [
        (QuestionKind.YES_NO_PARTLY, {"choice": "maybe"}, "choice", "not one of the options"),
        (QuestionKind.YES_NO_PARTLY, {"text": "yes"}, "choice", "is answered here"),
        (QuestionKind.NUMBER, {"choice": "yes"}, "number", "is answered here"),
        (QuestionKind.DATE, {"text": "2020-01-01"}, "date", "is answered here"),
    ],
)
def test_an_answer_fits_its_questions_kind(kind, fields, field, words):
    existing = AnswerFactory()
    question = QuestionFactory(section=existing.question.section, kind=kind)

    refused_by_validation(answer(submission=existing.submission, question=question, **fields), field, words)


def test_a_choice_answer_is_one_of_the_options():
    existing = AnswerFactory()
    question = QuestionFactory(section=existing.question.section, kind="choice", options="Ministry\nPolice")

    refused_by_validation(
        answer(submission=existing.submission, question=question, choice="Army"), "choice", "Army"
    )
    answer(submission=existing.submission, question=question, choice="Police").full_clean()


def test_an_answer_is_to_a_question_of_the_cycles_questionnaire():
    refused_by_validation(answer(question=QuestionFactory()), "question", "not in the cycle's questionnaire")


@pytest.mark.parametrize(
    ("received", "due_on", "expected"),
    [
        ((D(2020, 6, 30), D(2020, 6, 30)), D(2020, 6, 30), Timeliness.ON_TIME),
        ((D(2020, 7, 1), D(2020, 7, 1)), D(2020, 6, 30), Timeliness.LATE),
        ((D(2020, 6, 1), D(2020, 6, 30)), D(2020, 6, 30), Timeliness.ON_TIME),
        # Known only to the month that straddles the due date: cannot tell.
        ((D(2020, 6, 1), D(2020, 6, 30)), D(2020, 6, 15), Timeliness.UNKNOWN),
        ((D(2020, 7, 1), D(2020, 7, 31)), D(2020, 6, 30), Timeliness.LATE),
        (None, D(2020, 6, 30), Timeliness.UNKNOWN),
        ((D(2020, 6, 1), D(2020, 6, 1)), None, Timeliness.UNKNOWN),
    ],
)
def test_timeliness_counts_only_what_is_certain(received, due_on, expected):
    received_fields = (
        dict(zip(("received_earliest", "received_latest"), received, strict=True)) if received else {}
    )
    record = SubmissionFactory(
        cycle=ReportingCycleFactory(due_on=due_on),
        status=SubmissionStatus.SUBMITTED,
        answer_kind=AnswerKind.FIRST,
        **received_fields,
    )

    assert record.timeliness == expected


@pytest.mark.parametrize("status", [SubmissionStatus.NOT_STARTED, SubmissionStatus.DRAFT])
def test_a_questionnaire_not_sent_is_missing(status):
    assert SubmissionFactory(status=status).timeliness == Timeliness.MISSING


def test_a_returned_questionnaire_still_counts_as_received():
    returned = SubmissionFactory(
        status=SubmissionStatus.RETURNED,
        answer_kind=AnswerKind.FIRST,
        reviewed_by=UserFactory(),
        received_earliest=D(2020, 2, 1),
        received_latest=D(2020, 2, 1),
    )

    assert returned.is_received and returned.timeliness == Timeliness.ON_TIME


def test_obligations_read_in_the_active_language():
    obligation = ObligationFactory(title_en="Marking of firearms", title_es="Marcaje de armas de fuego")
    with translation.override("es"):
        assert obligation.title == "Marcaje de armas de fuego"
    with translation.override("fr"):
        assert obligation.title == "Marking of firearms"
    assert Obligation.objects.count() == 1


def test_a_cycles_questionnaire_cannot_be_swapped_once_answered():
    answered = AnswerFactory()
    cycle = answered.submission.cycle
    cycle.questionnaire = QuestionnaireFactory(convention=cycle.convention)

    refused_by_validation(cycle, "questionnaire", "can no longer be replaced")
