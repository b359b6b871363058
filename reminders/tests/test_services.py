"""Claiming and sending with tasks run in-process (no broker), through a real SMTP server."""

import datetime as dt
import html

import pytest
from django.utils import timezone

from outbox.tests.smtp import free_port
from reminders.models import Digest, DigestStatus, OutreachEntry, OutreachKind
from reminders.selectors import reminder_digests_build
from reminders.services import (
    digest_claim,
    digest_confirm_sent,
    digest_resend,
    reminders_dispatch,
)
from reminders.tasks import digest_send
from reminders.tests.conftest import AS_OF, follower
from reminders.tests.factories import DigestFactory
from states.tests.factories import SecretariatStaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dispatch(django_capture_on_commit_callbacks):
    """The daily dispatch, with the sends it queues run in-process once committed."""

    def run(as_of=AS_OF):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_dispatch(as_of)

    return run


@pytest.fixture
def canada_contact(cifta_record, policy, canada, cifta):
    return follower(canada, cifta, name="Canada's mission", email="mission@canada.example")


def test_the_dispatch_claims_sends_and_logs_each_digest(smtp_server, dispatch, canada_contact):
    report = dispatch()

    [digest] = report.claimed
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT and digest.attempts == 1 and digest.sent_at
    assert digest.period == "2020-Q4"
    [mail] = smtp_server.received
    assert mail.recipients == ["mission@canada.example"]
    assert mail.subject == "Canada: one pending matter under the inter-American conventions"
    assert "Signed on 1997-11-14" in mail.text and "Signed on 1997-11-14" in mail.html
    assert "http://testserver/dashboard/states/CAN/" in mail.text
    assert mail.message["List-Unsubscribe"].strip().startswith("<http://testserver/reminders/unsubscribe/")
    assert report.no_contact == ["JAM", "USA"]
    entry = OutreachEntry.objects.get(digest=digest)
    assert entry.kind == OutreachKind.DIGEST and entry.convention.code == "A-63"
    assert list(entry.states.values_list("iso3", flat=True)) == ["CAN"]


def test_a_second_dispatch_in_the_same_period_sends_nothing(smtp_server, dispatch, canada_contact):
    dispatch()
    again = dispatch(AS_OF + dt.timedelta(days=1))

    assert again.claimed == [] and again.already_claimed == 1
    assert len(smtp_server.received) == 1


def test_the_next_period_sends_again(smtp_server, dispatch, canada_contact):
    dispatch()
    dispatch(dt.date(2021, 1, 4))

    assert sorted(Digest.objects.values_list("period", flat=True)) == ["2020-Q4", "2021-Q1"]
    assert len(smtp_server.received) == 2


def test_a_claim_is_refused_by_the_database_when_the_period_is_taken(canada_contact):
    [plan] = reminder_digests_build(AS_OF).digests

    assert digest_claim(plan) is not None
    assert digest_claim(plan) is None
    assert Digest.objects.count() == 1


def test_a_task_delivered_twice_sends_once(smtp_server, canada_contact, django_capture_on_commit_callbacks):
    [plan] = reminder_digests_build(AS_OF).digests
    digest = digest_claim(plan)

    first = digest_send.apply(args=[digest.pk]).get()
    second = digest_send.apply(args=[digest.pk]).get()

    assert (first, second) == ("sent", "not claimed by this task")
    assert len(smtp_server.received) == 1


def test_refused_twice_then_accepted_is_sent_once_after_three_attempts(smtp_server, dispatch, canada_contact):
    smtp_server.refuse_next(2)

    [digest] = dispatch().claimed

    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT and digest.attempts == 3 and digest.last_error == ""
    assert smtp_server.handler.refused == 2
    assert len(smtp_server.received) == 1


def test_refused_every_time_is_failed_after_the_last_retry(smtp_server, dispatch, canada_contact, settings):
    settings.REMINDERS_SEND_MAX_RETRIES = 2
    smtp_server.refuse_next(10)

    [digest] = dispatch().claimed

    digest.refresh_from_db()
    assert digest.status == DigestStatus.FAILED and digest.attempts == 3
    assert "451" in digest.last_error
    assert smtp_server.received == []
    assert not OutreachEntry.objects.filter(digest=digest).exists()


def test_no_mail_server_at_all_is_a_refusal_retried_then_failed(dispatch, canada_contact, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()

    [digest] = dispatch().claimed

    digest.refresh_from_db()
    assert digest.status == DigestStatus.FAILED and digest.attempts == 4
    assert "ConnectionRefusedError" in digest.last_error


def test_a_connection_lost_while_handing_over_the_message_is_unknown_not_retried(
    smtp_server, dispatch, canada_contact
):
    smtp_server.handler.drop_connection = True

    [digest] = dispatch().claimed

    digest.refresh_from_db()
    assert digest.status == DigestStatus.UNKNOWN and digest.attempts == 1
    assert "SMTPServerDisconnected" in digest.last_error


def _sending(contact, started_ago: dt.timedelta) -> Digest:
    return DigestFactory(
        contact=contact,
        status=DigestStatus.SENDING,
        attempts=1,
        sending_started_at=timezone.now() - started_ago,
    )


def test_a_digest_found_long_sending_on_redelivery_is_marked_unknown_and_not_sent(
    smtp_server, canada_contact
):
    digest = _sending(canada_contact, dt.timedelta(hours=2))

    assert digest_send.apply(args=[digest.pk]).get() == "not claimed by this task"

    digest.refresh_from_db()
    assert digest.status == DigestStatus.UNKNOWN and digest.attempts == 1
    assert smtp_server.received == []


def test_a_digest_being_sent_right_now_is_left_to_its_sender(smtp_server, canada_contact):
    digest = _sending(canada_contact, dt.timedelta(seconds=5))

    digest_send.apply(args=[digest.pk]).get()

    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENDING
    assert smtp_server.received == []


def test_the_next_dispatch_marks_a_lost_sending_digest_unknown_and_does_not_resend_it(
    smtp_server, dispatch, canada_contact
):
    digest = _sending(canada_contact, dt.timedelta(hours=2))
    digest.period = "2020-Q4"
    digest.save()

    report = dispatch()

    digest.refresh_from_db()
    assert report.marked_unknown == [digest.pk] and report.claimed == []
    assert digest.status == DigestStatus.UNKNOWN
    assert smtp_server.received == []


def test_a_claim_whose_queuing_was_lost_is_queued_again_by_the_next_dispatch(
    smtp_server, dispatch, canada_contact
):
    [plan] = reminder_digests_build(AS_OF).digests
    digest = digest_claim(plan)  # committed, but its on_commit send never ran
    Digest.objects.filter(pk=digest.pk).update(claimed_at=timezone.now() - dt.timedelta(hours=1))

    report = dispatch()

    digest.refresh_from_db()
    assert report.requeued == [digest.pk]
    assert digest.status == DigestStatus.SENT
    assert len(smtp_server.received) == 1


@pytest.mark.parametrize(
    "last_attempt_ago, requeued",
    [(dt.timedelta(hours=3), True), (dt.timedelta(minutes=20), False)],
    ids=["retry-long-overdue", "retry-still-due"],
)
def test_a_digest_whose_retry_was_lost_is_queued_again_once_its_longest_backoff_is_long_past(
    smtp_server, dispatch, canada_contact, last_attempt_ago, requeued
):
    # Refused once, released for a retry whose message then went with a crashed broker.
    digest = DigestFactory(
        contact=canada_contact,
        period="2020-Q4",
        attempts=1,
        sending_started_at=timezone.now() - last_attempt_ago,
        last_error="421 try again later",
    )

    report = dispatch()

    digest.refresh_from_db()
    assert (report.requeued == [digest.pk]) is requeued
    assert digest.status == (DigestStatus.SENT if requeued else DigestStatus.CLAIMED)
    assert len(smtp_server.received) == int(requeued)
    if requeued:
        assert digest.attempts == 2


@pytest.mark.parametrize("status", [DigestStatus.FAILED, DigestStatus.UNKNOWN])
def test_staff_send_a_failed_or_unknown_digest_again_deliberately(
    smtp_server, canada_contact, status, django_capture_on_commit_callbacks
):
    digest = DigestFactory(
        contact=canada_contact, status=status, attempts=1, sending_started_at=timezone.now()
    )
    staff = SecretariatStaffFactory(username="clerk")

    with django_capture_on_commit_callbacks(execute=True):
        assert digest_resend(digest.pk, staff)

    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT and digest.attempts == 2
    assert len(smtp_server.received) == 1


def test_a_sent_digest_cannot_be_sent_again(smtp_server, canada_contact, django_capture_on_commit_callbacks):
    digest = DigestFactory(
        contact=canada_contact,
        status=DigestStatus.SENT,
        attempts=1,
        sending_started_at=timezone.now(),
        sent_at=timezone.now(),
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert not digest_resend(digest.pk, SecretariatStaffFactory())

    assert smtp_server.received == []


def test_staff_confirm_an_unknown_digest_went_out(canada_contact):
    digest = DigestFactory(
        contact=canada_contact, status=DigestStatus.UNKNOWN, attempts=1, sending_started_at=timezone.now()
    )

    assert digest_confirm_sent(digest.pk, SecretariatStaffFactory())

    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT
    assert OutreachEntry.objects.get(digest=digest).kind == OutreachKind.DIGEST


@pytest.mark.parametrize(
    ("language", "subject", "phrases"),
    [
        (
            "es",
            "Canadá: un asunto pendiente en virtud de las convenciones interamericanas",
            ["Estimado/a", "Firmada el 1997-11-14", "Convención Interamericana contra la Fabricación"],
        ),
        (
            "fr",
            "Canada : un point en attente au titre des conventions interaméricaines",
            ["À l'attention de", "Signée le 1997-11-14", "Convention interaméricaine contre la fabrication"],
        ),
        (
            "pt",
            "Canadá: um assunto pendente no âmbito das convenções interamericanas",
            ["Prezado(a)", "Assinada em 1997-11-14", "Convenção Interamericana contra a Fabricação"],
        ),
        (
            "en",
            "Canada: one pending matter under the inter-American conventions",
            ["Dear", "Signed on 1997-11-14", "Inter-American Convention against the Illicit"],
        ),
    ],
)
def test_each_contact_gets_the_digest_in_her_language_with_names_in_it(
    smtp_server, dispatch, cifta_record, policy, canada, cifta, language, subject, phrases
):
    follower(canada, cifta, language=language, email=f"{language}@canada.example")

    dispatch()

    [mail] = smtp_server.received
    assert mail.subject == subject
    for phrase in phrases:
        assert phrase in mail.text
        assert phrase in html.unescape(mail.html)
    assert Digest.objects.get().language == language


def test_the_stored_items_are_in_english_for_staff_whatever_the_contacts_language(
    smtp_server, dispatch, cifta_record, policy, canada, cifta
):
    follower(canada, cifta, language="es")

    dispatch()

    [item] = Digest.objects.get().items
    assert item == {
        "kind": "signed_not_ratified",
        "convention": "A-63",
        "detail": "Signed on 1997-11-14; the instrument of ratification has not been deposited.",
        "since": "1997-11-14",
        "deadline": None,
        "cycle": None,
        "overdue": False,
    }
