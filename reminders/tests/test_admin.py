"""The reminders' admin pages: who gets in, what staff see, and the actions on digests."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from reminders.models import (
    Digest,
    DigestStatus,
    OutreachEntry,
    ReminderPolicy,
    ReminderSubscription,
    StateWithoutContact,
)
from reminders.tests.conftest import follower
from reminders.tests.factories import DigestFactory, OutreachEntryFactory
from states.tests.factories import LiaisonFactory, StateFactory
from tracker.tests.admin_pages import admin_url, change_form_data, registered_models, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(cifta_record, policy, canada, cifta):
    contact = follower(canada, cifta)
    digest = DigestFactory(
        contact=contact, status=DigestStatus.UNKNOWN, attempts=1, sending_started_at=timezone.now()
    )
    entry = OutreachEntryFactory(date=dt.date(2020, 12, 3), convention=cifta)
    entry.states.add(canada)
    subscription = ReminderSubscription.objects.create(contact=contact, convention=cifta)
    return {
        ReminderPolicy: policy,
        Digest: digest,
        OutreachEntry: entry,
        ReminderSubscription: subscription,
    }


def pages(records) -> list[str]:
    urls = [admin_url(StateWithoutContact, "changelist")]
    for model, record in records.items():
        urls += [admin_url(model, "changelist"), admin_url(model, "change", record.pk)]
    urls += [admin_url(ReminderPolicy, "add"), admin_url(OutreachEntry, "add")]
    urls += [admin_url(ReminderPolicy, "import"), admin_url(OutreachEntry, "export")]
    return urls


def statuses(client, urls) -> set:
    found = set()
    for url in urls:
        response = client.get(url)
        found.add(response.url.split("?")[0] if response.status_code == 302 else response.status_code)
    return found


def reminders_staff():
    """Staff with every permission on the reminders' models (the secretariat, once its group has them)."""
    user = staff_user(username="clerk")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="reminders"))
    return user


def test_every_model_of_the_app_is_in_the_admin(records):
    assert set(registered_models("reminders")) == {*records, StateWithoutContact}


def test_anonymous_and_a_liaison_are_sent_to_the_admin_sign_in(client, records, canada):
    assert statuses(client, pages(records)) == {reverse("admin:login")}
    client.force_login(LiaisonFactory(state=canada).user)
    assert statuses(client, pages(records)) == {reverse("admin:login")}


def test_staff_without_permissions_is_refused_every_page(client, records):
    client.force_login(staff_user())

    assert statuses(client, pages(records)) == {403}


def test_staff_with_the_reminders_permissions_open_every_page(client, records):
    client.force_login(reminders_staff())

    assert statuses(client, pages(records)) == {200}


def test_digests_are_never_added_or_deleted_by_hand(admin_client, records):
    assert admin_client.get(admin_url(Digest, "add")).status_code == 403
    assert admin_client.get(admin_url(Digest, "delete", records[Digest].pk)).status_code == 403


def test_the_states_with_no_contact_to_remind_are_listed_with_what_they_owe(admin_client, records):
    page = admin_client.get(admin_url(StateWithoutContact, "changelist")).content.decode()

    # Jamaica and the United States have no contact; Canada's only one unsubscribed; Mexico
    # ratified and owes nothing.
    assert "Jamaica" in page and "United States" in page and "Canada" in page
    assert "Mexico" not in page
    assert "Signed on 1997-11-14; the instrument of ratification has not been deposited." in page


def test_a_policy_breaking_a_rule_is_refused_with_the_reason(admin_client, cifta):
    response = admin_client.post(
        admin_url(ReminderPolicy, "add"),
        {
            "name": "No days",
            "convention": cifta.pk,
            "kind": "signed_not_ratified",
            "frequency": "monthly",
            "audience": "liaisons",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "Give the number of days" in response.content.decode()
    assert not ReminderPolicy.objects.filter(name="No days").exists()


def test_staff_edit_a_policy_in_the_admin(admin_client, cifta):
    response = admin_client.post(
        admin_url(ReminderPolicy, "add"),
        {
            "name": "Questionnaires, monthly, liaisons",
            "convention": cifta.pk,
            "kind": "questionnaire_missing_or_overdue",
            "frequency": "monthly",
            "audience": "liaisons",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    assert ReminderPolicy.objects.get(name="Questionnaires, monthly, liaisons").days is None


def test_send_again_queues_only_failed_or_unknown_digests(
    admin_client, records, smtp_server, django_capture_on_commit_callbacks
):
    unknown = records[Digest]
    sent = DigestFactory(
        contact=unknown.contact,
        period="2021-Q1",
        status=DigestStatus.SENT,
        attempts=1,
        sending_started_at=timezone.now(),
        sent_at=timezone.now(),
    )

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            admin_url(Digest, "changelist"),
            {"action": "send_again", "_selected_action": [unknown.pk, sent.pk]},
        )

    unknown.refresh_from_db()
    assert unknown.status == DigestStatus.SENT and unknown.attempts == 2
    assert len(smtp_server.received) == 1


def test_record_as_sent_closes_an_unknown_digest(admin_client, records):
    digest = records[Digest]

    admin_client.post(
        admin_url(Digest, "changelist"), {"action": "confirm_sent", "_selected_action": [digest.pk]}
    )

    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT
    assert OutreachEntry.objects.filter(digest=digest).exists()


def test_a_digests_log_entry_cannot_be_edited(admin_client, records):
    admin_client.post(
        admin_url(Digest, "changelist"), {"action": "confirm_sent", "_selected_action": [records[Digest].pk]}
    )
    entry = OutreachEntry.objects.get(digest=records[Digest])

    page = admin_client.get(admin_url(OutreachEntry, "change", entry.pk))

    assert page.status_code == 200
    assert 'name="subject"' not in page.content.decode()


def test_staff_choose_the_states_a_letter_went_to_and_the_history_keeps_each_list(
    admin_client, records, canada
):
    entry = records[OutreachEntry]
    url = admin_url(OutreachEntry, "change", entry.pk)
    saved = change_form_data(admin_client.get(url))
    assert saved["sent_to"] == [str(canada.pk)]
    other = StateFactory()

    response = admin_client.post(url, {**saved, "sent_to": [str(canada.pk), str(other.pk)]})

    assert response.status_code == 302
    assert set(entry.states.all()) == {canada, other}
    latest = entry.history.latest()
    assert {link.state for link in latest.states.all()} == {canada, other}
