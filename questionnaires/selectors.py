"""Reading questionnaires: who is asked, who answered and when, and what the answers say.

Every function here runs a fixed number of queries, whatever the number of states, cycles or
questions; the tests pin each count.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from conventions.models import Convention
from conventions.selectors import Status, treaty_status_as_of
from questionnaires.models import (
    VALUE_FIELD,
    Answer,
    Audience,
    Implementation,
    Obligation,
    Question,
    QuestionKind,
    ReportingCycle,
    Section,
    Submission,
    SubmissionDocument,
    Timeliness,
    YesNoPartly,
    office_of,
)
from questionnaires.workflow import RECEIVED_STATUSES, SubmissionStatus
from states.access import states_visible_to
from states.models import State
from states.selectors import Standing, oas_standings_as_of
from tracker.locking import Change, ChangesMeanwhile, changes_since, stale_message


def cycle_audience(cycle: ReportingCycle) -> list[State]:
    """The states a cycle asks, as of its opening day.

    "All member states" means the states taking part in the OAS that day: a state whose
    government is excluded or suspended, or that has withdrawn, is not sent the questionnaire.
    """
    if cycle.audience == Audience.PARTIES:
        status = treaty_status_as_of(cycle.convention, cycle.opens_on)
        return [row.state for row in status.states if row.status == Status.PARTY]
    standings = oas_standings_as_of(cycle.opens_on)
    return [state for state in State.objects.all() if standings[state.iso3] == Standing.MEMBER]


def cycle_by_label(code: str, label: str) -> ReportingCycle:
    """The cycle ``label`` of convention ``code``; ``ReportingCycle.DoesNotExist`` if none."""
    return ReportingCycle.objects.select_related("convention", "questionnaire").get(
        convention__code=code, label=label
    )


def submissions_visible_to(user) -> QuerySet[Submission]:
    """Submissions of the states ``user`` may see (``states.access`` decides which)."""
    return Submission.objects.filter(state__in=states_visible_to(user))


def submission_for_user(user, pk: int) -> Submission:
    """One submission if ``user`` may see it; otherwise ``Submission.DoesNotExist``, as if absent."""
    return (
        submissions_visible_to(user)
        .select_related("cycle__convention", "cycle__questionnaire", "state", "submitted_by", "reviewed_by")
        .get(pk=pk)
    )


def document_for_user(user, pk: int) -> SubmissionDocument:
    """One document if ``user`` may see its state's submission; otherwise ``DoesNotExist``."""
    return SubmissionDocument.objects.select_related("submission").get(
        pk=pk, submission__state__in=states_visible_to(user)
    )


def submission_list_for_user(user) -> list[Submission]:
    """The submissions a user may see, most recent cycle first (for a liaison: her state's)."""
    return list(
        submissions_visible_to(user)
        .select_related("cycle__convention", "state")
        .order_by("-cycle__opens_on", "cycle__convention__code", "state__name_en")
    )


@dataclass(frozen=True)
class QuestionAnswer:
    question: Question
    answer: Answer | None


@dataclass(frozen=True)
class SectionAnswers:
    section: Section
    items: list[QuestionAnswer]


def submission_questions(submission: Submission) -> list[SectionAnswers]:
    """The cycle's questionnaire, section by section, each question with its answer if any."""
    questions = Question.objects.filter(
        section__questionnaire=submission.cycle.questionnaire_id
    ).select_related("section", "obligation")
    answers = {answer.question_id: answer for answer in Answer.objects.filter(submission=submission)}
    sections: dict[int, SectionAnswers] = {}
    for question in questions:
        answer = answers.get(question.pk)
        if answer is not None:
            answer.question = question
        sections.setdefault(question.section_id, SectionAnswers(question.section, [])).items.append(
            QuestionAnswer(question, answer)
        )
    return list(sections.values())


@dataclass(frozen=True)
class ComplianceRow:
    state: State
    submission: Submission
    # The latest cycle, up to this one, in which the state's answer was received.
    last_answered: ReportingCycle | None

    @property
    def timeliness(self) -> Timeliness:
        return self.submission.timeliness


@dataclass(frozen=True)
class CycleCompliance:
    """Who a cycle asked, who answered (on time, late, or when is not known) and who did not."""

    cycle: ReportingCycle
    rows: list[ComplianceRow]
    # Missing answers are overdue once the due date has passed.
    overdue: bool

    @property
    def asked(self) -> int:
        return len(self.rows)

    @property
    def received(self) -> list[ComplianceRow]:
        return [row for row in self.rows if row.submission.is_received]

    def with_timeliness(self, timeliness: Timeliness) -> list[ComplianceRow]:
        return [row for row in self.rows if row.timeliness == timeliness]

    @property
    def on_time(self) -> list[ComplianceRow]:
        return self.with_timeliness(Timeliness.ON_TIME)

    @property
    def late(self) -> list[ComplianceRow]:
        return self.with_timeliness(Timeliness.LATE)

    @property
    def timeliness_unknown(self) -> list[ComplianceRow]:
        return self.with_timeliness(Timeliness.UNKNOWN)

    @property
    def missing(self) -> list[ComplianceRow]:
        return self.with_timeliness(Timeliness.MISSING)

    @property
    def no_answer_on_record(self) -> list[ComplianceRow]:
        """States asked with no answer on record in this cycle or any earlier one."""
        return [row for row in self.rows if row.last_answered is None]


def cycle_compliance(cycle: ReportingCycle, today: dt.date | None = None) -> CycleCompliance:
    """The figures of one cycle on ``today`` (two queries: its submissions, and earlier answers)."""
    today = today or timezone.localdate()
    answered = (
        Submission.objects.filter(
            cycle__convention=cycle.convention_id,
            cycle__opens_on__lte=cycle.opens_on,
            status__in=RECEIVED_STATUSES,
        )
        .select_related("cycle")
        .order_by("cycle__opens_on")
    )
    last_answered = {submission.state_id: submission.cycle for submission in answered}
    rows = []
    for submission in cycle.submissions.select_related("state").order_by("state__name_en"):
        submission.cycle = cycle
        rows.append(ComplianceRow(submission.state, submission, last_answered.get(submission.state_id)))
    overdue = cycle.due_on is not None and today > cycle.due_on
    return CycleCompliance(cycle, rows, overdue)


@dataclass(frozen=True)
class StateCycle:
    """One cycle seen from one state: not asked (no submission), or its submission."""

    cycle: ReportingCycle
    submission: Submission | None

    @property
    def timeliness(self) -> Timeliness | None:
        return self.submission.timeliness if self.submission else None


def state_questionnaire_history(state: State, convention: Convention | None = None) -> list[StateCycle]:
    """Every cycle (of ``convention``, or of all), oldest first, with the state's part in it (two queries)."""
    cycles = ReportingCycle.objects.select_related("convention").order_by("convention__code", "opens_on")
    if convention is not None:
        cycles = cycles.filter(convention=convention)
    cycles = list(cycles)
    submissions = {
        submission.cycle_id: submission
        for submission in Submission.objects.filter(state=state, cycle__in=[c.pk for c in cycles])
    }
    history = []
    for cycle in cycles:
        submission = submissions.get(cycle.pk)
        if submission is not None:
            submission.cycle, submission.state = cycle, state
        history.append(StateCycle(cycle, submission))
    return history


@dataclass(frozen=True)
class MatrixRow:
    state: State
    # The accepted submission the row reads, from the latest cycle that has one; None: no data.
    source: Submission | None
    cells: list[Implementation]


@dataclass(frozen=True)
class ObligationMatrix:
    convention: Convention
    obligations: list[Obligation]
    rows: list[MatrixRow]


def implementation_from_answers(choices: list[str]) -> Implementation:
    """One obligation's implementation from the yes / no / partly answers about it.

    All "yes" is implemented and all "no" is not; any mixture, or any "partly", is partly.
    """
    if not choices:
        return Implementation.NO_DATA
    if all(choice == YesNoPartly.YES for choice in choices):
        return Implementation.IMPLEMENTED
    if all(choice == YesNoPartly.NO for choice in choices):
        return Implementation.NOT_IMPLEMENTED
    return Implementation.PARTLY


def obligation_matrix(convention: Convention) -> ObligationMatrix:
    """Each state's reported implementation of each obligation, from its latest accepted answer.

    Four queries: obligations, states, accepted submissions, and their answers on obligations.
    Only an accepted answer counts: a draft or one under review says nothing yet.
    """
    obligations = list(Obligation.objects.filter(convention=convention).order_by("position"))
    states = list(State.objects.all())
    latest: dict[int, Submission] = {}
    accepted = (
        Submission.objects.filter(
            cycle__in=ReportingCycle.objects.reference(),
            cycle__convention=convention,
            status=SubmissionStatus.ACCEPTED,
        )
        .select_related("cycle")
        .order_by("cycle__opens_on", "pk")
    )
    for submission in accepted:
        latest[submission.state_id] = submission

    choices: dict[tuple[int, int], list[str]] = defaultdict(list)
    answers = Answer.objects.filter(
        submission__in=[s.pk for s in latest.values()],
        question__kind=QuestionKind.YES_NO_PARTLY,
        question__obligation__isnull=False,
    ).values_list("submission_id", "question__obligation_id", "choice")
    for submission_id, obligation_id, choice in answers:
        choices[(submission_id, obligation_id)].append(choice)

    rows = []
    for state in states:
        source = latest.get(state.pk)
        cells = [
            implementation_from_answers(choices[(source.pk, o.pk)]) if source else Implementation.NO_DATA
            for o in obligations
        ]
        rows.append(MatrixRow(state, source, cells))
    return ObligationMatrix(convention, obligations, rows)


# What a liaison is told of her submission's own fields changed meanwhile: never who reviewed it
# nor the secretariat's notes.
SEEN_BY_LIAISONS = [
    "status",
    "answer_kind",
    "language",
    "received_earliest",
    "received_latest",
    "review_comments",
]


def submission_changes_since(submission: Submission, version: int) -> ChangesMeanwhile:
    """The changes to a submission and its answers since the ``version`` its liaison saw."""
    meanwhile = changes_since(submission, version, fields=SEEN_BY_LIAISONS)
    if meanwhile.since is None:
        return meanwhile
    before, after = {}, {}
    entries = Answer.history.filter(submission_id=submission.pk).select_related("question__section")
    for entry in entries.order_by("history_date", "history_id"):
        (before if entry.history_date <= meanwhile.since else after)[entry.question_id] = entry
    answers = [
        Change(
            f"{entry.question.number} {entry.question.text}",
            _answer_shown(before.get(pk)),
            _answer_shown(entry),
        )
        for pk, entry in sorted(after.items(), key=lambda item: _order(item[1].question))
    ]
    changes = meanwhile.changes + [change for change in answers if change.old != change.new]
    return ChangesMeanwhile(changes, meanwhile.by_users, meanwhile.since)


def _order(question: Question) -> tuple[int, int]:
    return question.section.position, question.position


def _answer_shown(entry) -> str:
    value = (
        None
        if entry is None or entry.history_type == "-"
        else getattr(entry, VALUE_FIELD[entry.question.kind])
    )
    if value is None or value == "":
        return gettext("(empty)")
    if entry.question.kind == QuestionKind.YES_NO_PARTLY:
        return str(YesNoPartly(value).label)
    return str(value)


def submission_stale_message(submission: Submission, version: int) -> str:
    """Why a liaison's answers from the ``version`` she saw are refused, with each change made
    meanwhile and the offices that made them."""
    meanwhile = submission_changes_since(submission, version)
    offices = sorted({str(office_of(user)) for user in meanwhile.by_users})
    return stale_message(meanwhile, ", ".join(offices) or gettext("Someone else"))
