"""Writing questionnaires: every status change through the workflow, logged, by the right person."""

import datetime as dt
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from conventions.approx_dates import ApproxDate
from conventions.tests.factories import ParticipationFactory
from questionnaires.models import AnswerKind, Audience, Submission, SubmissionDocument, Timeliness
from questionnaires.services import (
    UnansweredQuestions,
    cycle_addressees_sync,
    submission_answers_save,
    submission_document_attach,
    submission_document_remove,
    submission_receipt_record,
    submission_transition,
)
from questionnaires.tests.conftest import questions_of
from questionnaires.tests.factories import AnswerFactory, ReportingCycleFactory, SubmissionFactory
from questionnaires.tests.files import pdf
from questionnaires.workflow import TRANSITIONS, SubmissionStatus
from states.models import MembershipEvent, MembershipEventKind
from states.tests.factories import SecretariatStaffFactory, StateFactory, UserFactory

pytestmark = pytest.mark.django_db
S = SubmissionStatus
D = dt.date


def answer_all(submission, liaison):
    marking, licensing, _count = questions_of(submission.cycle.questionnaire)
    return submission_answers_save(submission, {marking.pk: "yes", licensing.pk: "partly"}, liaison)


def log_of(submission):
    return list(
        submission.transitions.values_list("from_status", "to_status", "by_user__username", "comment")
    )


def test_a_liaison_saves_a_draft_then_submits(submission, liaison):
    draft = answer_all(submission, liaison)
    assert draft.status == S.DRAFT
    assert {a.question.position: a.choice for a in draft.answers.all()} == {1: "yes", 2: "partly"}

    submitted = submission_transition(draft, S.SUBMITTED, liaison)

    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED
    assert submitted.received == ApproxDate.exact(timezone.localdate())
    assert submitted.submitted_by == liaison
    # The record holds no earlier answer of Peru to this convention.
    assert submitted.answer_kind == AnswerKind.FIRST
    assert submitted.timeliness == Timeliness.ON_TIME
    assert log_of(submitted) == [
        ("not_started", "draft", "peru-liaison", ""),
        ("draft", "submitted", "peru-liaison", ""),
    ]


def test_an_answer_to_an_earlier_cycle_makes_this_one_an_update(submission, liaison, peru, questionnaire):
    SubmissionFactory(
        cycle=ReportingCycleFactory(
            questionnaire=questionnaire, label="2018", opens_on=D(2018, 1, 1), due_on=None
        ),
        state=peru,
        status=S.SUBMITTED,
        answer_kind=AnswerKind.FIRST,
    )

    submitted = submission_transition(answer_all(submission, liaison), S.SUBMITTED, liaison)

    assert submitted.answer_kind == AnswerKind.UPDATE


def test_submitting_without_the_required_answers_is_refused_and_keeps_the_draft(submission, liaison):
    marking, licensing, _count = questions_of(submission.cycle.questionnaire)
    draft = submission_answers_save(submission, {marking.pk: "no"}, liaison)

    with pytest.raises(UnansweredQuestions) as caught:
        submission_transition(draft, S.SUBMITTED, liaison)

    assert caught.value.questions == [licensing]
    assert "1.2" in caught.value.message
    draft.refresh_from_db()
    assert draft.status == S.DRAFT and draft.received is None
    assert draft.answers.get().choice == "no"


def test_an_answer_after_the_due_date_is_late(submission, liaison, cycle):
    cycle.due_on = timezone.localdate() - dt.timedelta(days=1)
    cycle.save()
    submission.refresh_from_db()

    submitted = submission_transition(answer_all(submission, liaison), S.SUBMITTED, liaison)

    assert submitted.timeliness == Timeliness.LATE


def test_a_returned_questionnaire_sent_again_keeps_its_first_day_received(
    submission, liaison, reviewer, cycle
):
    first = submission_transition(answer_all(submission, liaison), S.SUBMITTED, liaison)
    Submission.objects.filter(pk=first.pk).update(
        received_earliest=D(2020, 3, 1), received_latest=D(2020, 3, 1)
    )
    returned = submission_transition(first, S.RETURNED, reviewer, "Question 1.2: say which law.")

    corrected = submission_answers_save(returned, {}, liaison)
    assert corrected.status == S.RETURNED
    again = submission_transition(corrected, S.SUBMITTED, liaison)

    assert again.received == ApproxDate.exact(D(2020, 3, 1))
    assert again.review_comments == "Question 1.2: say which law."
    assert [end for _start, end, _by, _comment in log_of(again)] == [
        "draft",
        "submitted",
        "returned",
        "submitted",
    ]


def received_in(status: SubmissionStatus, submission: Submission, reviewer) -> Submission:
    """``submission`` put directly in ``status``, with what that status needs."""
    fields = {"status": status}
    if status in (S.SUBMITTED, S.UNDER_REVIEW, S.ACCEPTED, S.RETURNED):
        fields |= {
            "answer_kind": "first",
            "received_earliest": D(2020, 2, 1),
            "received_latest": D(2020, 2, 1),
        }
    if status in (S.ACCEPTED, S.RETURNED):
        fields["reviewed_by"] = reviewer
    Submission.objects.filter(pk=submission.pk).update(**fields)
    submission.refresh_from_db()
    return submission


@pytest.mark.parametrize("start", list(S))
@pytest.mark.parametrize("end", list(S))
@pytest.mark.parametrize("who", ["liaison", "reviewer"])
def test_only_the_workflows_changes_are_made_and_each_is_logged(
    request, submission, reviewer, start, end, who
):
    answer_all(submission, request.getfixturevalue("liaison"))
    submission.transitions.all().delete()
    submission = received_in(start, submission, reviewer)
    user = request.getfixturevalue(who)
    rule = TRANSITIONS.get((start, end))
    allowed = rule is not None and ("secretariat" if who == "reviewer" else "liaison") in rule.actors

    if not allowed:
        with pytest.raises((ValidationError, PermissionDenied)):
            submission_transition(submission, end, user, "Because.")
        submission.refresh_from_db()
        assert submission.status == start and log_of(submission) == []
        return
    submission_transition(submission, end, user, "Because.")
    submission.refresh_from_db()
    assert submission.status == end
    assert log_of(submission) == [(start, end, user.username, "Because.")]


def test_returning_needs_a_comment_the_state_can_read(submission, liaison, reviewer):
    submitted = submission_transition(answer_all(submission, liaison), S.SUBMITTED, liaison)

    with pytest.raises(ValidationError) as caught:
        submission_transition(submitted, S.RETURNED, reviewer, "   ")
    assert "comment" in caught.value.message_dict

    returned = submission_transition(submitted, S.RETURNED, reviewer, "Attach the law on marking.")
    assert (returned.reviewed_by, returned.review_comments) == (reviewer, "Attach the law on marking.")


@pytest.mark.parametrize("who", ["other_liaison", "anonymous", "user"])
def test_no_one_else_moves_a_states_submission(request, submission, who):
    user = {"anonymous": AnonymousUser, "user": UserFactory}.get(who) or (
        lambda: request.getfixturevalue(who)
    )

    with pytest.raises(PermissionDenied):
        submission_transition(submission, S.DRAFT, user())
    with pytest.raises(PermissionDenied):
        submission_answers_save(submission, {}, user())


def test_a_second_reviewer_acting_on_an_old_page_is_refused(submission, liaison, reviewer):
    submitted = submission_transition(answer_all(submission, liaison), S.SUBMITTED, liaison)
    stale = Submission.objects.get(pk=submitted.pk)
    submission_transition(submitted, S.ACCEPTED, reviewer)

    with pytest.raises(ValidationError, match="“Accepted” cannot become “Returned"):
        submission_transition(stale, S.RETURNED, SecretariatStaffFactory(), "Too short.")

    stale.refresh_from_db()
    assert stale.status == S.ACCEPTED
    assert [end for _start, end, _by, _comment in log_of(stale)][-1] == "accepted"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite locks the whole database instead")
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_the_same_moment_cannot_both_decide(submission, liaison, reviewer):
    """The first reviewer holds the row until she commits; the second then sees her decision."""
    submitted = submission_transition(answer_all(submission, liaison), S.SUBMITTED, liaison)
    second_reviewer = SecretariatStaffFactory()
    first_locked, outcome = threading.Event(), {}

    def first():
        with transaction.atomic():
            submission_transition(submitted, S.ACCEPTED, reviewer)
            first_locked.set()
            # Long enough for the second reviewer to reach the row while it is held.
            threading.Event().wait(0.5)
        connection.close()

    def second():
        first_locked.wait(5)
        try:
            submission_transition(submitted, S.RETURNED, second_reviewer, "Incomplete.")
            outcome["second"] = "done"
        except ValidationError:
            outcome["second"] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    submitted.refresh_from_db()
    assert outcome == {"second": "refused"}
    assert submitted.status == S.ACCEPTED
    assert [end for _start, end, _by, _comment in log_of(submitted)] == ["draft", "submitted", "accepted"]


def test_answers_cannot_change_once_submitted(submission, liaison):
    submitted = submission_transition(answer_all(submission, liaison), S.SUBMITTED, liaison)
    marking = questions_of(submission.cycle.questionnaire)[0]

    with pytest.raises(ValidationError, match="can no longer be changed"):
        submission_answers_save(submitted, {marking.pk: "no"}, liaison)

    assert submitted.answers.get(question=marking).choice == "yes"


def test_a_closed_cycle_takes_no_answers_online(submission, liaison, cycle):
    cycle.closes_on = timezone.localdate() - dt.timedelta(days=1)
    cycle.due_on = cycle.closes_on
    cycle.save()
    submission.refresh_from_db()

    with pytest.raises(ValidationError, match="closed to answers online"):
        answer_all(submission, liaison)
    assert not submission.answers.exists()


def test_clearing_an_answer_removes_it_and_a_foreign_question_is_refused(submission, liaison):
    draft = answer_all(submission, liaison)
    marking, licensing, _count = questions_of(submission.cycle.questionnaire)

    submission_answers_save(draft, {marking.pk: ""}, liaison)
    assert list(draft.answers.values_list("question", flat=True)) == [licensing.pk]

    other = AnswerFactory().question
    with pytest.raises(ValidationError, match="not in this questionnaire"):
        submission_answers_save(draft, {other.pk: "yes"}, liaison)


def test_the_secretariat_records_a_questionnaire_received_by_email(submission, reviewer):
    recorded = submission_receipt_record(
        submission.cycle,
        submission.state,
        reviewer,
        received=ApproxDate.parse("2020-03"),
        answer_kind=AnswerKind.UPDATE,
        language="es",
        document=pdf("Cuestionario Perú.pdf"),
    )

    assert recorded.pk == submission.pk and recorded.status == S.SUBMITTED
    assert recorded.received.isoformat() == "2020-03"
    assert recorded.submitted_by is None
    assert log_of(recorded) == [("not_started", "submitted", "reviewer", "Received by email.")]
    assert recorded.documents.get().original_name == "Cuestionario Perú.pdf"


def test_recording_again_corrects_the_date_without_a_new_status(submission, reviewer):
    record = dict(answer_kind=AnswerKind.UPDATE)
    submission_receipt_record(submission.cycle, submission.state, reviewer, received=None, **record)

    corrected = submission_receipt_record(
        submission.cycle, submission.state, reviewer, received=ApproxDate.parse("2020-02-03"), **record
    )

    assert corrected.received.isoformat() == "2020-02-03"
    assert len(log_of(corrected)) == 1


def test_an_answer_from_a_state_not_asked_is_recorded_too(cycle, reviewer):
    volunteer = StateFactory()

    recorded = submission_receipt_record(cycle, volunteer, reviewer, received=None, answer_kind="first")

    assert recorded.status == S.SUBMITTED and recorded.state == volunteer


def test_a_receipt_before_the_cycle_opened_is_refused_and_nothing_changes(submission, reviewer):
    with pytest.raises(ValidationError) as caught:
        submission_receipt_record(
            submission.cycle,
            submission.state,
            reviewer,
            received=ApproxDate.parse("2019-12-31"),
            answer_kind="first",
        )

    assert "received_earliest" in caught.value.message_dict
    submission.refresh_from_db()
    assert submission.status == S.NOT_STARTED and log_of(submission) == []


def test_only_the_secretariat_records_receipts(submission, liaison):
    with pytest.raises(PermissionDenied):
        submission_receipt_record(
            submission.cycle, submission.state, liaison, received=None, answer_kind="first"
        )


def test_a_liaison_attaches_a_document_kept_under_a_name_of_its_own(submission, liaison, media):
    document = submission_document_attach(submission, pdf("../../etc/passwd.pdf"), liaison)

    assert document.original_name == "passwd.pdf"
    assert document.kind == "pdf" and document.uploaded_by == liaison
    assert document.file.name.startswith("questionnaire-documents/") and "passwd" not in document.file.name
    assert (media / document.file.name).read_bytes().startswith(b"%PDF-")


def test_a_bad_document_is_refused_and_nothing_is_kept(submission, liaison, media):
    impostor = SimpleUploadedFile("answers.pdf", b"MZ\x90\x00 a program")

    with pytest.raises(ValidationError, match="its content is not"):
        submission_document_attach(submission, impostor, liaison)

    assert not SubmissionDocument.objects.exists()
    assert not media.exists() or not any(media.rglob("*.*"))


def test_documents_are_frozen_with_the_answers_but_the_secretariat_can_add(submission, liaison, reviewer):
    submitted = submission_transition(answer_all(submission, liaison), S.SUBMITTED, liaison)

    with pytest.raises(ValidationError, match="can no longer be changed"):
        submission_document_attach(submitted, pdf(), liaison)
    assert submission_document_attach(submitted, pdf(), reviewer).uploaded_by == reviewer


def test_removing_a_document_removes_its_file_once_committed(
    submission, liaison, media, django_capture_on_commit_callbacks
):
    document = submission_document_attach(submission, pdf(), liaison)
    stored = media / document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        submission_document_remove(document, liaison)

    assert not SubmissionDocument.objects.exists() and not stored.exists()


class TestAddressees:
    """Who a cycle asks, as of its opening day."""

    def test_all_member_states_taking_part_on_the_opening_day(self, questionnaire):
        member, excluded, withdrawn, withdrawn_later = (StateFactory() for _ in range(4))
        MembershipEvent.objects.create(
            state=excluded, kind=MembershipEventKind.PARTICIPATION_EXCLUDED, occurred_on=D(1962, 1, 31)
        )
        MembershipEvent.objects.create(
            state=withdrawn, kind=MembershipEventKind.WITHDRAWAL_EFFECTIVE, occurred_on=D(2019, 4, 27)
        )
        MembershipEvent.objects.create(
            state=withdrawn_later, kind=MembershipEventKind.WITHDRAWAL_EFFECTIVE, occurred_on=D(2023, 11, 19)
        )
        cycle = ReportingCycleFactory(questionnaire=questionnaire, opens_on=D(2020, 1, 1))

        changes = cycle_addressees_sync(cycle)

        assert changes.added == sorted([member.iso3, withdrawn_later.iso3]) and changes.removed == []
        assert set(cycle.submissions.values_list("status", flat=True)) == {S.NOT_STARTED}
        assert cycle_addressees_sync(cycle).added == []
        assert cycle.submissions.count() == 2

    def test_parties_as_of_the_opening_day(self, questionnaire):
        convention = questionnaire.convention
        party, signatory, later_party = (StateFactory() for _ in range(3))
        for state, deposit in ((party, D(2003, 1, 1)), (signatory, None), (later_party, D(2021, 1, 1))):
            ParticipationFactory(convention=convention, state=state, deposit_earliest=deposit)
        cycle = ReportingCycleFactory(
            questionnaire=questionnaire, opens_on=D(2020, 1, 1), audience=Audience.PARTIES
        )

        assert cycle_addressees_sync(cycle).added == [party.iso3]

    def test_a_narrower_audience_withdraws_only_untouched_submissions(self, questionnaire, liaison, peru):
        cycle = ReportingCycleFactory(questionnaire=questionnaire, opens_on=D(2020, 1, 1))
        untouched = StateFactory()
        cycle_addressees_sync(cycle)
        answer_all(cycle.submissions.get(state=peru), liaison)

        cycle.audience = Audience.PARTIES
        cycle.save()
        changes = cycle_addressees_sync(cycle)

        assert changes.removed == [untouched.iso3]
        assert list(cycle.submissions.values_list("state__iso3", flat=True)) == ["PER"]
