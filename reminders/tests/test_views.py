"""Unsubscribing through the signed link of a digest, and staff switching reminders back on."""

import datetime as dt
import re
import time

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from reminders.models import ReminderSubscription
from reminders.rendering import UNSUBSCRIBE_MAX_AGE, UNSUBSCRIBE_SALT, unsubscribe_token
from reminders.services import reminders_dispatch
from reminders.tests.conftest import AS_OF, follower
from reminders.tests.factories import OutreachEntryFactory
from states.tests.factories import LiaisonFactory, UserFactory
from tracker.tests.admin_pages import admin_url

pytestmark = pytest.mark.django_db
NEXT_QUARTER = dt.date(2021, 1, 4)
QUARTER_AFTER = dt.date(2021, 4, 5)


@pytest.fixture
def dispatch(django_capture_on_commit_callbacks):
    def run(as_of):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_dispatch(as_of)

    return run


@pytest.fixture
def contact(cifta_record, policy, canada, cifta):
    return follower(canada, cifta, language="es", email="mision@canada.example")


def link_in(mail) -> str:
    return re.search(r"http://testserver(/reminders/unsubscribe/\S+/)", mail.text).group(1)


def test_the_link_in_a_digest_stops_the_next_one_and_staff_can_switch_it_back_on(
    smtp_server, dispatch, contact, admin_client
):
    dispatch(AS_OF)
    path = link_in(smtp_server.received[0])

    # Opening the link (as a mail scanner would) changes nothing.
    page = Client().get(path)
    assert page.status_code == 200
    assert "Dejar de recibir estos recordatorios" in page.content.decode()
    assert not ReminderSubscription.objects.exists()

    # The button; also what a mail client's one-click unsubscribe posts, with no CSRF token.
    done = Client(enforce_csrf_checks=True).post(path)
    assert done.status_code == 200
    assert "ya no recibirá recordatorios" in done.content.decode()
    subscription = ReminderSubscription.objects.get()
    assert (subscription.contact, subscription.unsubscribed, subscription.changed_by) == (contact, True, None)

    report = dispatch(NEXT_QUARTER)
    assert report.claimed == [] and report.no_contact == ["CAN", "JAM", "USA"]
    assert len(smtp_server.received) == 1

    # Staff see it in the admin and switch it back on.
    listing = admin_client.get(admin_url(ReminderSubscription, "changelist"))
    assert contact.name in listing.content.decode()
    admin_client.post(
        admin_url(ReminderSubscription, "changelist"),
        {"action": "switch_back_on", "_selected_action": [subscription.pk]},
    )
    subscription.refresh_from_db()
    assert subscription.unsubscribed is False and subscription.changed_by.is_superuser

    dispatch(QUARTER_AFTER)
    assert len(smtp_server.to("mision@canada.example")) == 2


def test_unsubscribing_twice_keeps_one_setting(contact, cifta):
    path = reverse("reminders:unsubscribe", args=[unsubscribe_token(contact.pk, [cifta.pk], contact.email)])

    Client().post(path)
    Client().post(path)

    assert ReminderSubscription.objects.filter(contact=contact, unsubscribed=True).count() == 1


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda c, v: unsubscribe_token(c.pk, [v.pk], c.email)[:-2] + "xx", id="tampered"),
        pytest.param(lambda c, v: signing.dumps({"contact": c.pk, "conventions": [v.pk]}), id="other salt"),
        pytest.param(lambda c, v: unsubscribe_token(c.pk + 1000, [v.pk], c.email), id="no such contact"),
        pytest.param(lambda c, v: "nonsense", id="nonsense"),
    ],
)
def test_a_link_that_is_not_ours_unsubscribes_nobody(contact, cifta, token):
    path = reverse("reminders:unsubscribe", args=[token(contact, cifta)])

    assert Client().get(path).status_code == 404
    assert Client().post(path).status_code == 404
    assert not ReminderSubscription.objects.exists()


def test_a_link_unsubscribes_only_the_contact_it_names(contact, cifta, canada):
    other = follower(canada, cifta, email="other@canada.example")

    Client().post(
        reverse("reminders:unsubscribe", args=[unsubscribe_token(contact.pk, [cifta.pk], contact.email)])
    )

    assert list(ReminderSubscription.objects.values_list("contact", flat=True)) == [contact.pk]
    assert not ReminderSubscription.objects.filter(contact=other).exists()


def test_a_link_for_an_address_the_contact_no_longer_has_is_gone_and_unsubscribes_nobody(contact, cifta):
    path = reverse("reminders:unsubscribe", args=[unsubscribe_token(contact.pk, [cifta.pk], contact.email)])
    contact.email = "new.liaison@canada.example"
    contact.save()

    for answer in (Client().get(path), Client().post(path)):
        assert answer.status_code == 410
        assert "reminders no longer go to the address it was sent to" in answer.text
    assert not ReminderSubscription.objects.exists()


def test_a_link_older_than_six_months_is_gone_and_unsubscribes_nobody(contact, cifta, monkeypatch):
    now = time.time()
    # The link signed (dated) a day more than six months ago, then read today.
    monkeypatch.setattr(
        signing.time, "time", lambda: now - (UNSUBSCRIBE_MAX_AGE + dt.timedelta(days=1)).total_seconds()
    )
    path = reverse("reminders:unsubscribe", args=[unsubscribe_token(contact.pk, [cifta.pk], contact.email)])
    monkeypatch.undo()

    answer = Client().post(path)

    assert answer.status_code == 410 and "This link is too old" in answer.text
    assert not ReminderSubscription.objects.exists()


def test_a_link_from_before_links_named_their_address_is_gone(contact, cifta):
    token = signing.dumps({"contact": contact.pk, "conventions": [cifta.pk]}, salt=UNSUBSCRIBE_SALT)

    assert Client().post(reverse("reminders:unsubscribe", args=[token])).status_code == 410
    assert not ReminderSubscription.objects.exists()


def test_other_methods_are_refused(contact, cifta):
    path = reverse("reminders:unsubscribe", args=[unsubscribe_token(contact.pk, [cifta.pk], contact.email)])

    assert Client().put(path).status_code == 405
    assert not ReminderSubscription.objects.exists()


@pytest.fixture
def letter(canada):
    entry = OutreachEntryFactory(date=dt.date(2020, 12, 3))
    entry.document.save("letter.pdf", ContentFile(b"%PDF-1.4 letter"))
    entry.states.add(canada)
    return entry


def test_an_outreach_document_is_refused_to_anonymous_outsiders_and_other_states(client, letter, jamaica):
    url = letter.get_document_url()

    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
    for user in (UserFactory(), LiaisonFactory(state=jamaica).user):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_an_outreach_document_is_served_to_staff_and_the_states_liaison(client, letter, canada):
    for user in (UserFactory(is_staff=True), LiaisonFactory(state=canada).user):
        client.force_login(user)
        response = client.get(letter.get_document_url())
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 letter"
        assert "letter" in response["Content-Disposition"]


def test_an_entry_without_a_document_has_no_document_page(client, canada):
    entry = OutreachEntryFactory()
    client.force_login(UserFactory(is_staff=True))

    assert entry.get_document_url() == ""
    assert client.get(reverse("reminders:outreach_document", args=[entry.pk])).status_code == 404
