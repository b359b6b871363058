"""Writing questionnaires: asking the states, answering, receiving, reviewing.

Each change of a submission locks its row (``select_for_update``) and decides on the row as it
is in the database, so two reviewers acting at once cannot both decide: the second finds the
status already changed and is refused.
"""

import datetime as dt
import os
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conventions.approx_dates import ApproxDate
from questionnaires.models import (
    VALUE_FIELD,
    Answer,
    AnswerKind,
    Audience,
    Question,
    Questionnaire,
    ReportingCycle,
    Submission,
    SubmissionDocument,
    SubmissionTransition,
)
from questionnaires.selectors import cycle_audience, submission_stale_message
from questionnaires.uploads import document_kind
from questionnaires.workflow import (
    EDITABLE_STATUSES,
    RECEIVED_STATUSES,
    REVIEWED_STATUSES,
    TRANSITIONS,
    Actor,
    SubmissionStatus,
)
from states.access import can_answer_for_state, can_change_as_secretariat
from states.models import State


class UnansweredQuestions(ValidationError):
    """A liaison submitted without answering every required question."""

    def __init__(self, questions: list[Question]):
        self.questions = questions
        numbers = ", ".join(q.number for q in questions)
        super().__init__(
            _("Answer every required question before submitting: %(numbers)s.") % {"numbers": numbers}
        )


# Staff act on submissions as the secretariat with this permission; read-only staff lack it.
CHANGE_SUBMISSION = "questionnaires.change_submission"


def actors_for(user, state: State) -> frozenset[Actor]:
    actors = set()
    if can_change_as_secretariat(user, CHANGE_SUBMISSION):
        actors.add(Actor.SECRETARIAT)
    if can_answer_for_state(user, state):
        actors.add(Actor.LIAISON)
    return frozenset(actors)


@dataclass(frozen=True)
class AddresseeChanges:
    added: list[str]
    removed: list[str]


@transaction.atomic
def cycle_addressees_sync(cycle: ReportingCycle) -> AddresseeChanges:
    """Give every state the cycle asks a submission (not started), and withdraw untouched ones.

    Run when a cycle is created or its opening day or audience changes, and again after the
    treaty record changes. A submission the state has started, or that has documents or a
    history of changes, is never removed.
    """
    if cycle.is_demo:
        # The demo cycle asks only the demo liaison's state (load_demo): real states never see it.
        return AddresseeChanges([], [])
    asked = {state.pk: state for state in cycle_audience(cycle)}
    existing = set(cycle.submissions.values_list("state_id", flat=True))
    added = []
    for state_id, state in asked.items():
        if state_id not in existing:
            submission = Submission(cycle=cycle, state=state)
            submission.full_clean()
            submission.save()
            added.append(state.iso3)
    untouched = (
        cycle.submissions.exclude(state__in=asked.keys())
        .filter(status=SubmissionStatus.NOT_STARTED, answers=None, documents=None, transitions=None)
        .select_related("state")
    )
    removed = []
    for submission in untouched:
        removed.append(submission.state.iso3)
        submission.delete()
    return AddresseeChanges(sorted(added), sorted(removed))


def _locked(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("cycle", "state")
        .get(pk=submission.pk)
    )


@transaction.atomic
def submission_transition(submission: Submission, to_status: str, by_user, comment: str = "") -> Submission:
    """Move a submission to ``to_status`` if the workflow allows it for ``by_user``; log it.

    Returns the submission as saved. Raises ``ValidationError`` for a change the workflow does
    not allow (or a missing comment or answer) and ``PermissionDenied`` for a user who may not
    make it.
    """
    return _transition(_locked(submission), SubmissionStatus(to_status), by_user, comment)


def _transition(locked: Submission, to_status: SubmissionStatus, by_user, comment: str) -> Submission:
    from_status = SubmissionStatus(locked.status)
    rule = TRANSITIONS.get((from_status, to_status))
    if rule is None:
        raise ValidationError(
            _("A submission that is “%(from)s” cannot become “%(to)s”.")
            % {"from": from_status.label, "to": to_status.label},
            code="transition",
        )
    allowed = actors_for(by_user, locked.state) & rule.actors
    if not allowed:
        raise PermissionDenied(_("You may not make this change."))
    actor = Actor.SECRETARIAT if Actor.SECRETARIAT in allowed else Actor.LIAISON
    if actor == Actor.LIAISON and not locked.cycle.is_open_on(timezone.localdate()):
        raise ValidationError(
            _("The cycle %(cycle)s is closed to answers online.") % {"cycle": locked.cycle.label}
        )
    comment = comment.strip()
    if rule.comment_required and not comment:
        raise ValidationError({"comment": _("Say why: the state reads this comment.")}, code="comment")

    if to_status == SubmissionStatus.SUBMITTED:
        _on_receipt(locked, by_user, actor)
    if to_status in REVIEWED_STATUSES:
        locked.reviewed_by = by_user
    if to_status in REVIEWED_STATUSES and comment:
        locked.review_comments = comment
    locked.status = to_status
    locked.full_clean()
    locked.save()
    SubmissionTransition.objects.create(
        submission=locked, from_status=from_status, to_status=to_status, by_user=by_user, comment=comment
    )
    return locked


def _on_receipt(locked: Submission, by_user, actor: Actor) -> None:
    if actor == Actor.LIAISON:
        unanswered = list(
            Question.objects.filter(section__questionnaire=locked.cycle.questionnaire_id, is_required=True)
            .exclude(answers__submission=locked)
            .select_related("section")
        )
        if unanswered:
            raise UnansweredQuestions(unanswered)
        locked.submitted_by = by_user
        # The answers sent online arrive the day she submits. A questionnaire returned and
        # sent again keeps the day it was first received: timeliness counts from that day.
        if locked.received is None:
            locked.received = ApproxDate.exact(timezone.localdate())
    if not locked.answer_kind:
        locked.answer_kind = _answer_kind_by_record(locked)


def _answer_kind_by_record(submission: Submission) -> AnswerKind:
    """An update if the record holds an earlier answer of the state to this convention."""
    earlier = Submission.objects.filter(
        state=submission.state_id,
        cycle__convention=submission.cycle.convention_id,
        cycle__opens_on__lt=submission.cycle.opens_on,
        status__in=RECEIVED_STATUSES,
    )
    return AnswerKind.UPDATE if earlier.exists() else AnswerKind.FIRST


def _check_liaison_can_edit(locked: Submission, by_user) -> None:
    if Actor.LIAISON not in actors_for(by_user, locked.state):
        raise PermissionDenied(_("Only the state's liaison answers online."))
    if locked.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("This questionnaire is “%(status)s”: it can no longer be changed online.")
            % {"status": locked.get_status_display()},
            code="not_editable",
        )
    if not locked.cycle.is_open_on(timezone.localdate()):
        raise ValidationError(
            _("The cycle %(cycle)s is closed to answers online.") % {"cycle": locked.cycle.label}
        )


class SubmissionChangedMeanwhile(ValidationError):
    """Answers from a page opened before someone else saved the submission: refused, with what
    changed meanwhile."""

    def __init__(self, locked: Submission, seen_version: int):
        self.version = locked.version
        super().__init__(submission_stale_message(locked, seen_version), code="stale")


@transaction.atomic
def submission_answers_save(
    submission: Submission,
    values: dict[int, object],
    by_user,
    *,
    answer_kind: str = "",
    language: str = "",
    seen_version: int | None = None,
) -> Submission:
    """Save a liaison's answers (question id -> value; empty clears it) as a draft.

    A submission not started becomes a draft; one returned for corrections stays returned until
    she submits it again. Answers given on a page that showed ``seen_version`` are refused
    (``SubmissionChangedMeanwhile``) if the submission has been saved since.
    """
    locked = _locked(submission)
    _check_liaison_can_edit(locked, by_user)
    if seen_version is not None and seen_version != locked.version:
        raise SubmissionChangedMeanwhile(locked, seen_version)
    questions = {
        q.pk: q for q in Question.objects.filter(section__questionnaire=locked.cycle.questionnaire_id)
    }
    answers = {a.question_id: a for a in locked.answers.all()}
    for question_id, value in values.items():
        question = questions.get(question_id)
        if question is None:
            raise ValidationError(_("Question %(id)s is not in this questionnaire.") % {"id": question_id})
        _answer_store(locked, question, answers.get(question_id), value)

    locked.answer_kind = answer_kind or locked.answer_kind
    locked.language = language or locked.language
    if locked.status == SubmissionStatus.NOT_STARTED:
        return _transition(locked, SubmissionStatus.DRAFT, by_user, "")
    locked.full_clean()
    locked.save()
    return locked


def _answer_store(submission: Submission, question: Question, answer: Answer | None, value) -> None:
    if value is None or value == "":
        if answer is not None:
            answer.delete()
        return
    column = VALUE_FIELD[question.kind]
    if answer is not None and getattr(answer, column) == value:
        return
    answer = answer or Answer(submission=submission, question=question)
    answer.submission, answer.question = submission, question
    setattr(answer, column, value)
    answer.full_clean(validate_unique=False)
    answer.save()


@transaction.atomic
def submission_receipt_record(
    cycle: ReportingCycle,
    state: State,
    by_user,
    *,
    received: ApproxDate | None,
    answer_kind: str,
    language: str = "",
    notes: str = "",
    document=None,
) -> Submission:
    """Record a questionnaire a state sent by email: its date, and the file if there is one.

    The state's submission is found or, for a state the cycle did not ask, created; it becomes
    submitted (logged) unless it had already been received, in which case the details are
    corrected.
    """
    if not can_change_as_secretariat(by_user, CHANGE_SUBMISSION):
        raise PermissionDenied(_("Only the secretariat records questionnaires received."))
    existing = Submission.objects.filter(cycle=cycle, state=state).first()
    if existing is None:
        existing = Submission(cycle=cycle, state=state)
        existing.full_clean()
        existing.save()
    locked = _locked(existing)
    locked.received = received
    locked.answer_kind = answer_kind
    locked.language = language or locked.language
    if notes:
        locked.notes = f"{locked.notes}\n{notes}".strip()
    if locked.status in RECEIVED_STATUSES:
        locked.full_clean()
        locked.save()
    else:
        locked = _transition(locked, SubmissionStatus.SUBMITTED, by_user, _("Received by email."))
    if document is not None:
        _document_store(locked, document, by_user)
    return locked


def submission_receipt_logged(submission: Submission, from_status: str, by_user, *, source: str) -> None:
    """Log a receipt that a spreadsheet import saved itself (see ``ReceiptLogResource``)."""
    SubmissionTransition.objects.create(
        submission=submission,
        from_status=from_status,
        to_status=submission.status,
        by_user=by_user,
        comment=_("Recorded from %(source)s.") % {"source": source},
    )


@transaction.atomic
def submission_document_attach(submission: Submission, uploaded, by_user) -> SubmissionDocument:
    """Keep a PDF, DOCX or XLSX file with the answers; anything else is refused, nothing kept."""
    locked = _locked(submission)
    if Actor.SECRETARIAT not in actors_for(by_user, locked.state):
        _check_liaison_can_edit(locked, by_user)
    return _document_store(locked, uploaded, by_user)


def _document_store(submission: Submission, uploaded, by_user) -> SubmissionDocument:
    kind = document_kind(uploaded)
    document = SubmissionDocument(
        submission=submission,
        file=uploaded,
        original_name=os.path.basename(uploaded.name)[-200:],
        kind=kind,
        size_bytes=uploaded.size,
        uploaded_by=by_user,
    )
    # The stored name is made on saving; the uploader's name is only checked as text.
    document.full_clean(exclude=["file"])
    document.save()
    return document


@transaction.atomic
def submission_document_remove(document: SubmissionDocument, by_user) -> None:
    locked = _locked(document.submission)
    if Actor.SECRETARIAT not in actors_for(by_user, locked.state):
        _check_liaison_can_edit(locked, by_user)
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


# The demo cycle runs this long from the day it is opened, so a first run always finds it open.
DEMO_CYCLE_DAYS = 90


@transaction.atomic
def demo_cycle_open(state: State, questionnaire: Questionnaire) -> Submission:
    """Open (or keep) the demo cycle of ``questionnaire`` and ask only ``state``; return its submission.

    The cycle is flagged demo: it never counts in the record's figures, and asking only the demo
    state keeps real states' pages free of it.
    """
    today = timezone.localdate()
    cycle = ReportingCycle.objects.filter(convention=questionnaire.convention, is_demo=True).first()
    if cycle is None:
        cycle = ReportingCycle(
            convention=questionnaire.convention, label=str(today.year), opens_on=today, is_demo=True
        )
    cycle.questionnaire = questionnaire
    cycle.audience = Audience.PARTIES
    cycle.due_on = today + dt.timedelta(days=DEMO_CYCLE_DAYS)
    cycle.closes_on = None
    cycle.notes = "Demo cycle made by load_demo to try the liaison's flow; not part of the record."
    cycle.full_clean()
    cycle.save()
    submission, _created = Submission.objects.get_or_create(cycle=cycle, state=state)
    return submission
