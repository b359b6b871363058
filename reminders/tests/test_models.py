"""Each rule both ways: ``full_clean()`` says it in words, the database refuses it anyway."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from conventions.tests.factories import BodyFactory, ConventionFactory
from reminders.models import Digest, DigestStatus, OutreachKind, PolicyKind, ReminderPolicy
from reminders.periods import period_key
from reminders.tests.factories import DigestFactory, OutreachEntryFactory, ReminderPolicyFactory
from states.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def refused(instance, field: str):
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    assert field in error.value.message_dict, error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


def test_a_policy_is_about_a_convention_or_a_body_not_both_nor_neither():
    both = ReminderPolicyFactory.build(convention=ConventionFactory(), body=BodyFactory())
    neither = ReminderPolicyFactory.build(convention=None, body=None)

    refused(both, "convention")
    refused(neither, "convention")


@pytest.mark.parametrize(
    ("kind", "days"),
    [
        (PolicyKind.SIGNED_NOT_RATIFIED, None),
        (PolicyKind.DEADLINE_WITHIN, None),
        (PolicyKind.QUESTIONNAIRE_MISSING_OR_OVERDUE, 30),
    ],
)
def test_days_are_given_exactly_for_the_kinds_that_count_them(kind, days):
    refused(ReminderPolicyFactory.build(convention=ConventionFactory(), kind=kind, days=days), "days")


@pytest.mark.parametrize(
    ("field", "value"), [("kind", "whenever"), ("frequency", "weekly"), ("audience", "everyone")]
)
def test_a_policys_choices_are_checked_by_the_database_too(field, value):
    policy = ReminderPolicyFactory.build(convention=ConventionFactory(), **{field: value})

    refused(policy, field)


def test_a_good_policy_passes():
    policy = ReminderPolicyFactory.build(convention=ConventionFactory())
    policy.full_clean()
    policy.save()

    assert ReminderPolicy.objects.get() == policy


def test_one_digest_per_contact_and_period():
    first = DigestFactory()
    second = DigestFactory.build(contact=first.contact, state=first.state, period=first.period)

    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "__all__" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    DigestFactory(contact=first.contact, period="2027-Q1")
    assert Digest.objects.count() == 2


@pytest.mark.parametrize("period", ["2026-13", "2026-Q5", "26-11", "2026-q4", "2026"])
def test_a_period_is_a_month_or_a_quarter(period):
    refused(DigestFactory.build(contact=ContactFactory(), period=period), "period")


def test_a_sent_digest_has_its_time_and_only_a_sent_one():
    contact = ContactFactory()
    started = {"attempts": 1, "sending_started_at": timezone.now()}

    refused(DigestFactory.build(contact=contact, status=DigestStatus.SENT, **started), "sent_at")
    refused(
        DigestFactory.build(contact=contact, status=DigestStatus.FAILED, sent_at=timezone.now(), **started),
        "sent_at",
    )


@pytest.mark.parametrize("status", [DigestStatus.SENDING, DigestStatus.FAILED, DigestStatus.UNKNOWN])
def test_no_outcome_without_an_attempt(status):
    refused(DigestFactory.build(contact=ContactFactory(), status=status), "attempts")


def test_digest_entries_of_the_outreach_log_are_the_apps_own():
    refused(OutreachEntryFactory.build(kind=OutreachKind.DIGEST), "kind")


def test_an_outreach_code_is_used_once_and_may_be_left_empty():
    OutreachEntryFactory(code="letters-2020")
    OutreachEntryFactory(code="")
    OutreachEntryFactory(code="")

    with pytest.raises(IntegrityError), transaction.atomic():
        OutreachEntryFactory(code="letters-2020")


@pytest.mark.parametrize(
    ("frequency", "day", "key"),
    [
        ("monthly", dt.date(2026, 11, 30), "2026-11"),
        ("monthly", dt.date(2026, 1, 1), "2026-01"),
        ("quarterly", dt.date(2026, 11, 30), "2026-Q4"),
        ("quarterly", dt.date(2026, 3, 31), "2026-Q1"),
        ("quarterly", dt.date(2026, 4, 1), "2026-Q2"),
    ],
)
def test_period_keys(frequency, day, key):
    assert period_key(frequency, day) == key
