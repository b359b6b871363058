"""The services refuse a change from staff who lack its permission, wherever the call comes from.

The admin site refuses read-only staff's writing requests before any view runs (the POST walk
in test_access_walk shows it on every address); these are the rule's second line, in the
domain: a page or an action added later that forgets to check still cannot write.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from conventions.approx_dates import ApproxDate
from conventions.models import Participation
from conventions.services import participation_record
from conventions.tests.factories import ConventionFactory
from notifications.models import Notification, NotificationStatus
from notifications.services import notification_publish
from questionnaires.models import AnswerKind
from questionnaires.services import submission_transition
from questionnaires.tests.factories import SubmissionFactory
from questionnaires.workflow import SubmissionStatus
from reminders.models import DigestStatus, ReminderSubscription
from reminders.services import digest_confirm_sent, reminders_resubscribe
from reminders.tests.factories import DigestFactory
from states.services import read_only_group_ensure
from states.tests.factories import SecretariatStaffFactory, StateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def read_only_staff():
    user = UserFactory(is_staff=True)
    user.groups.add(read_only_group_ensure())
    return user


def _signing(convention) -> Participation:
    signing = Participation(convention=convention, state=StateFactory())
    signing.signature = ApproxDate.parse("2026-01-15")
    return signing


def test_read_only_staff_cannot_record_a_treaty_action_and_nothing_is_saved(read_only_staff):
    convention = ConventionFactory()

    with pytest.raises(PermissionDenied):
        participation_record(_signing(convention), by_user=read_only_staff)

    assert not Participation.objects.filter(convention=convention).exists()
    participation_record(_signing(convention), by_user=SecretariatStaffFactory())
    assert Participation.objects.filter(convention=convention).exists()


def test_read_only_staff_cannot_publish_a_draft_notification(read_only_staff):
    participation_record(_signing(ConventionFactory()), source="test")
    draft = Notification.objects.get(status=NotificationStatus.DRAFT)

    with pytest.raises(PermissionDenied):
        notification_publish(draft.pk, by_user=read_only_staff)

    draft.refresh_from_db()
    assert draft.status == NotificationStatus.DRAFT
    assert (
        notification_publish(draft.pk, by_user=SecretariatStaffFactory()).status
        == NotificationStatus.PUBLISHED
    )


def test_read_only_staff_cannot_review_a_submission(read_only_staff):
    submission = SubmissionFactory(
        status=SubmissionStatus.SUBMITTED,
        received_earliest=dt.date(2026, 2, 1),
        received_latest=dt.date(2026, 2, 1),
        answer_kind=AnswerKind.FIRST,
    )

    with pytest.raises(PermissionDenied):
        submission_transition(submission, SubmissionStatus.UNDER_REVIEW, read_only_staff)

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    reviewed = submission_transition(submission, SubmissionStatus.UNDER_REVIEW, SecretariatStaffFactory())
    assert reviewed.status == SubmissionStatus.UNDER_REVIEW


def test_read_only_staff_cannot_switch_reminders_back_on_or_mark_mail_sent(read_only_staff):
    digest = DigestFactory(status=DigestStatus.UNKNOWN, attempts=1, sending_started_at=timezone.now())
    subscription = ReminderSubscription.objects.create(
        contact=digest.contact, convention=ConventionFactory(), unsubscribed=True
    )

    with pytest.raises(PermissionDenied):
        reminders_resubscribe([subscription.pk], read_only_staff)
    with pytest.raises(PermissionDenied):
        digest_confirm_sent(digest.pk, read_only_staff)

    subscription.refresh_from_db()
    digest.refresh_from_db()
    assert subscription.unsubscribed and digest.status == DigestStatus.UNKNOWN
