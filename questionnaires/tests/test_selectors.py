"""Reading questionnaires: the figures the secretariat reads, in a fixed number of queries."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from questionnaires.models import AnswerKind, Implementation, Submission, Timeliness
from questionnaires.selectors import (
    cycle_compliance,
    document_for_user,
    implementation_from_answers,
    obligation_matrix,
    state_questionnaire_history,
    submission_for_user,
    submission_questions,
)
from questionnaires.services import submission_document_attach
from questionnaires.tests.conftest import questions_of
from questionnaires.tests.factories import (
    AnswerFactory,
    ObligationFactory,
    QuestionFactory,
    ReportingCycleFactory,
    SubmissionFactory,
)
from questionnaires.tests.files import pdf
from questionnaires.workflow import SubmissionStatus
from states.tests.factories import StateFactory, UserFactory

pytestmark = pytest.mark.django_db
D = dt.date
S = SubmissionStatus


def received(cycle, state, earliest, latest=None, status=S.SUBMITTED, **fields):
    if status in (S.ACCEPTED, S.RETURNED):
        fields.setdefault("reviewed_by", UserFactory())
    return SubmissionFactory(
        cycle=cycle,
        state=state,
        status=status,
        answer_kind=AnswerKind.FIRST,
        received_earliest=earliest,
        received_latest=latest or earliest,
        **fields,
    )


@pytest.fixture
def due_cycle(questionnaire):
    return ReportingCycleFactory(
        questionnaire=questionnaire, label="2021", opens_on=D(2021, 1, 1), due_on=D(2021, 6, 30)
    )


def test_a_cycle_says_who_answered_on_time_late_or_not_at_all(due_cycle, questionnaire):
    on_time, late, unknown, undated, draft, silent = (
        StateFactory(name_en=name) for name in ("A", "B", "C", "D", "E", "F")
    )
    received(due_cycle, on_time, D(2021, 6, 30))
    received(due_cycle, late, D(2021, 7, 1))
    received(due_cycle, unknown, D(2021, 6, 1), D(2021, 7, 31))
    received(due_cycle, undated, None, None)
    SubmissionFactory(cycle=due_cycle, state=draft, status=S.DRAFT)
    SubmissionFactory(cycle=due_cycle, state=silent)
    earlier = ReportingCycleFactory(
        questionnaire=questionnaire, label="2020", opens_on=D(2020, 1, 1), due_on=None
    )
    received(earlier, draft, None, None)

    compliance = cycle_compliance(due_cycle, today=D(2021, 8, 1))

    def names(rows):
        return [row.state.name_en for row in rows]

    assert compliance.asked == 6
    assert names(compliance.received) == ["A", "B", "C", "D"]
    assert names(compliance.on_time) == ["A"]
    assert names(compliance.late) == ["B"]
    assert names(compliance.timeliness_unknown) == ["C", "D"]
    assert names(compliance.missing) == ["E", "F"]
    assert compliance.overdue
    # E answered the earlier cycle; F never has, as far as the record goes.
    assert names(compliance.no_answer_on_record) == ["F"]
    assert {row.state.name_en: row.last_answered.label for row in compliance.rows if row.last_answered} == {
        "A": "2021", "B": "2021", "C": "2021", "D": "2021", "E": "2020",
    }  # fmt: skip


def test_missing_answers_are_not_overdue_before_the_due_date(due_cycle):
    SubmissionFactory(cycle=due_cycle)

    assert not cycle_compliance(due_cycle, today=D(2021, 6, 30)).overdue
    assert cycle_compliance(due_cycle, today=D(2021, 7, 1)).overdue


@pytest.mark.parametrize("states", [3, 30])
def test_cycle_figures_take_two_queries_however_many_states(
    due_cycle, questionnaire, states, django_assert_num_queries
):
    earlier = ReportingCycleFactory(
        questionnaire=questionnaire, label="2020", opens_on=D(2020, 1, 1), due_on=None
    )
    for index in range(states):
        state = StateFactory()
        received(earlier, state, None)
        if index % 2:
            received(due_cycle, state, D(2021, 3, 1))
        else:
            SubmissionFactory(cycle=due_cycle, state=state)

    # the cycle's submissions with their states; the answers received up to this cycle
    with django_assert_num_queries(2):
        compliance = cycle_compliance(due_cycle, today=D(2021, 8, 1))
        [(row.timeliness, row.last_answered.label) for row in compliance.rows]

    assert compliance.asked == states


def test_a_states_history_shows_every_cycle_and_whether_it_was_asked(questionnaire, peru):
    cycles = [
        ReportingCycleFactory(
            questionnaire=questionnaire, label=str(year), opens_on=D(year, 1, 1), due_on=D(year, 6, 30)
        )
        for year in (2019, 2020, 2021)
    ]
    received(cycles[0], peru, D(2019, 7, 15))
    SubmissionFactory(cycle=cycles[2], state=peru)

    history = state_questionnaire_history(peru, questionnaire.convention)

    assert [(row.cycle.label, row.timeliness) for row in history] == [
        ("2019", Timeliness.LATE),
        ("2020", None),
        ("2021", Timeliness.MISSING),
    ]


@pytest.mark.parametrize("cycles", [2, 12])
def test_a_states_history_takes_two_queries_however_many_cycles(
    questionnaire, peru, cycles, django_assert_num_queries
):
    for year in range(2000, 2000 + cycles):
        cycle = ReportingCycleFactory(
            questionnaire=questionnaire, label=str(year), opens_on=D(year, 1, 1), due_on=None
        )
        received(cycle, peru, D(year, 3, 1))

    # the cycles with their conventions; the state's submissions
    with django_assert_num_queries(2):
        history = state_questionnaire_history(peru)
        [(row.cycle.convention.code, row.timeliness) for row in history]

    assert len(history) == cycles


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        ([], Implementation.NO_DATA),
        (["yes"], Implementation.IMPLEMENTED),
        (["yes", "yes"], Implementation.IMPLEMENTED),
        (["no"], Implementation.NOT_IMPLEMENTED),
        (["partly"], Implementation.PARTLY),
        (["yes", "no"], Implementation.PARTLY),
    ],
)
def test_an_obligations_implementation_reads_its_answers(choices, expected):
    assert implementation_from_answers(choices) == expected


def test_the_matrix_reads_each_states_latest_accepted_answer(questionnaire, peru, chile):
    marking, licensing, _count = questions_of(questionnaire)
    old = ReportingCycleFactory(
        questionnaire=questionnaire, label="2019", opens_on=D(2019, 1, 1), due_on=None
    )
    new = ReportingCycleFactory(
        questionnaire=questionnaire, label="2020", opens_on=D(2020, 1, 1), due_on=None
    )
    peru_old = received(old, peru, None, status=S.ACCEPTED)
    AnswerFactory(submission=peru_old, question=marking, choice="no")
    peru_new = received(new, peru, None, status=S.ACCEPTED)
    AnswerFactory(submission=peru_new, question=marking, choice="yes")
    AnswerFactory(submission=peru_new, question=licensing, choice="partly")
    chile_old = received(old, chile, None, status=S.ACCEPTED)
    AnswerFactory(submission=chile_old, question=marking, choice="no")
    # Chile's newer answer is not accepted yet: the matrix still reads the older one.
    chile_new = received(new, chile, None, status=S.UNDER_REVIEW)
    AnswerFactory(submission=chile_new, question=marking, choice="yes")
    silent = StateFactory(name_en="Silent")

    matrix = obligation_matrix(questionnaire.convention)

    rows = {row.state.iso3: row for row in matrix.rows}
    assert [o.code for o in matrix.obligations] == ["marking", "licensing"]
    assert rows["PER"].source == peru_new
    assert rows["PER"].cells == [Implementation.IMPLEMENTED, Implementation.PARTLY]
    assert rows["CHL"].source == chile_old
    assert rows["CHL"].cells == [Implementation.NOT_IMPLEMENTED, Implementation.NO_DATA]
    assert rows[silent.iso3].source is None
    assert rows[silent.iso3].cells == [Implementation.NO_DATA, Implementation.NO_DATA]


def test_several_questions_on_one_obligation_are_combined(questionnaire, peru, cycle):
    marking = questions_of(questionnaire)[0]
    second = QuestionFactory(section=marking.section, position=9, obligation=marking.obligation)
    accepted = received(cycle, peru, None, status=S.ACCEPTED)
    AnswerFactory(submission=accepted, question=marking, choice="yes")
    AnswerFactory(submission=accepted, question=second, choice="no")

    row = next(r for r in obligation_matrix(questionnaire.convention).rows if r.state == peru)

    assert row.cells[0] == Implementation.PARTLY


@pytest.mark.parametrize("states", [2, 25])
def test_the_matrix_takes_four_queries_however_many_states_and_cycles(
    questionnaire, states, django_assert_num_queries
):
    marking, licensing, _count = questions_of(questionnaire)
    for obligation_number in range(states // 5):
        ObligationFactory(convention=questionnaire.convention, code=f"extra-{obligation_number}")
    for year in (2019, 2020):
        cycle = ReportingCycleFactory(
            questionnaire=questionnaire, label=str(year), opens_on=D(year, 1, 1), due_on=None
        )
        for _ in range(states):
            accepted = received(cycle, StateFactory(), None, status=S.ACCEPTED)
            AnswerFactory(submission=accepted, question=marking, choice="yes")
            AnswerFactory(submission=accepted, question=licensing, choice="no")

    # obligations; states; accepted submissions with their cycles; their answers on obligations
    with django_assert_num_queries(4):
        matrix = obligation_matrix(questionnaire.convention)
        [(row.source.cycle.label if row.source else None, row.cells) for row in matrix.rows]

    assert sum(1 for row in matrix.rows if row.source) == 2 * states


def test_a_submission_is_found_only_by_those_who_may_see_it(submission, liaison, other_liaison, reviewer):
    assert submission_for_user(liaison, submission.pk) == submission
    assert submission_for_user(reviewer, submission.pk) == submission
    for outsider in (other_liaison, AnonymousUser(), UserFactory()):
        with pytest.raises(Submission.DoesNotExist):
            submission_for_user(outsider, submission.pk)


def test_a_document_is_found_only_by_those_who_may_see_its_submission(submission, liaison, other_liaison):
    document = submission_document_attach(submission, pdf(), liaison)

    assert document_for_user(liaison, document.pk) == document
    with pytest.raises(type(document).DoesNotExist):
        document_for_user(other_liaison, document.pk)


def test_the_questions_come_by_section_with_their_answers(
    submission, questionnaire, django_assert_num_queries
):
    marking = questions_of(questionnaire)[0]
    AnswerFactory(submission=submission, question=marking, choice="partly")

    # the questions with sections and obligations; the answers
    with django_assert_num_queries(2):
        sections = submission_questions(submission)
        texts = [
            (item.question.number, item.answer.value if item.answer else None) for item in sections[0].items
        ]

    assert texts == [("1.1", "partly"), ("1.2", None), ("1.3", None)]
