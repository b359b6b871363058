"""Asking for a password reset: the same answer and the same work whether or not the address
has an account, the mail sent by a worker once the ask is committed, its link built from
SITE_URL whatever Host the request named, and floods bounded per address and per client."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from outbox.models import MailKind, MailRequest
from states.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://tracker.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "attacker.example"]


@pytest.fixture
def liaison(db):
    return UserFactory(username="ana", email="ana@example.org")


def ask(client, email, *, client_address="192.0.2.1", **extra):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=client_address, **extra)


def ask_and_send(client, django_capture_on_commit_callbacks, email, **kwargs):
    """Ask, then run what was queued on commit (the task, in-process: no broker in these tests)."""
    with django_capture_on_commit_callbacks(execute=True):
        return ask(client, email, **kwargs)


def test_a_known_address_gets_a_link_built_from_site_url_whatever_the_host_asked(
    client, liaison, django_capture_on_commit_callbacks
):
    answer = ask_and_send(
        client, django_capture_on_commit_callbacks, "Ana@Example.org", HTTP_HOST="attacker.example"
    )

    assert answer.status_code == 302 and answer["Location"] == reverse("password_reset_done")
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert "attacker.example" not in message.body and "tracker.example.org" in message.subject
    link = re.search(rf"{re.escape(SITE)}(/accounts/reset/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "new_password1" in form.text


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    client, liaison, django_capture_on_commit_callbacks
):
    known = ask_and_send(client, django_capture_on_commit_callbacks, "ana@example.org")
    unknown = ask_and_send(client, django_capture_on_commit_callbacks, "nobody@example.org")

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_the_request_does_the_same_work_for_a_known_and_an_unknown_address_and_sends_nothing_itself(
    client, liaison, django_capture_on_commit_callbacks, django_assert_num_queries
):
    queued = {}
    for email in ("ana@example.org", "nobody@example.org"):
        # Savepoint, the day's count, savepoint, insert of the ask, two releases: no account read.
        with django_assert_num_queries(6), django_capture_on_commit_callbacks() as callbacks:
            ask(client, email)
        queued[email] = len(callbacks)

    assert queued == {"ana@example.org": 1, "nobody@example.org": 1}
    assert mail.outbox == []  # the mail is the worker's, once the ask is committed


def test_a_flood_for_one_address_mails_it_three_times_a_day(
    client, liaison, django_capture_on_commit_callbacks
):
    answers = [
        ask_and_send(
            client, django_capture_on_commit_callbacks, "ana@example.org", client_address=f"192.0.2.{n}"
        )
        for n in range(6)
    ]

    assert {(a.status_code, a["Location"]) for a in answers} == {(302, reverse("password_reset_done"))}
    assert len(mail.outbox) == 3
    assert MailRequest.objects.filter(kind=MailKind.PASSWORD_RESET).count() == 3


def test_one_client_may_ask_ten_times_an_hour(client, django_capture_on_commit_callbacks):
    users = [UserFactory(email=f"user{n}@example.org") for n in range(12)]
    answers = [
        ask_and_send(client, django_capture_on_commit_callbacks, user.email, client_address="198.51.100.7")
        for user in users
    ]

    assert {a.status_code for a in answers} == {302}
    assert len(mail.outbox) == 10


def test_an_account_without_a_password_or_inactive_gets_no_mail(client, django_capture_on_commit_callbacks):
    UserFactory(email="gone@example.org", is_active=False)
    UserFactory(email="sso@example.org", password=None)

    for email in ("gone@example.org", "sso@example.org"):
        assert ask_and_send(client, django_capture_on_commit_callbacks, email).status_code == 302
    assert mail.outbox == []


def test_the_mail_is_in_the_language_of_the_page_it_was_asked_from(
    client, liaison, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "ana@example.org"}, HTTP_ACCEPT_LANGUAGE="es")

    [message] = mail.outbox
    assert "contraseña" in message.body
