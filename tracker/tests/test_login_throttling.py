"""Sign-in throttling (django-axes): a few wrong passwords for one username from one address
lock that pair out for a while, with a message on the sign-in page; nobody else is affected."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from states.tests.factories import LiaisonFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
ATTACKER = "192.0.2.10"
ELSEWHERE = "198.51.100.7"


def sign_in(client, username, password, address=ATTACKER, **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def fail_until_locked(client, username):
    return [sign_in(client, username, "wrong") for _attempt in range(settings.AXES_FAILURE_LIMIT)]


def test_wrong_passwords_lock_the_account_from_that_address_and_say_so(client):
    LiaisonFactory(user__username="peru-liaison")

    answers = fail_until_locked(client, "peru-liaison")

    assert [a.status_code for a in answers[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert "correct username and password" in answers[0].text
    locked = answers[-1]
    assert locked.status_code == 429
    assert "Too many failed attempts to sign in to this account from your address" in locked.text
    assert "Try again in 15 minutes." in locked.text
    assert 'value="peru-liaison"' in locked.text  # the sign-in page again, username kept


def test_the_right_password_is_refused_while_locked(client):
    liaison = LiaisonFactory(user__username="peru-liaison")
    fail_until_locked(client, "peru-liaison")

    answer = sign_in(client, "peru-liaison", PASSWORD)

    assert answer.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("dashboards:home")).status_code == 302  # still sent to sign in
    assert liaison.user.last_login is None


def test_another_user_and_the_same_user_elsewhere_can_still_sign_in(client):
    LiaisonFactory(user__username="peru-liaison")
    UserFactory(username="secretariat", is_staff=True)
    fail_until_locked(client, "peru-liaison")

    colleague = sign_in(client, "secretariat", PASSWORD)
    assert colleague.status_code == 302 and colleague.url == reverse("dashboards:home")
    client.post(reverse("logout"))

    from_home = sign_in(client, "peru-liaison", PASSWORD, address=ELSEWHERE)
    assert from_home.status_code == 302


def test_after_the_cool_off_the_right_password_works_again(client):
    LiaisonFactory(user__username="peru-liaison")
    fail_until_locked(client, "peru-liaison")

    # As if the cool-off period had passed since the last failure.
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME)

    assert sign_in(client, "peru-liaison", PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_earlier_failures(client):
    LiaisonFactory(user__username="peru-liaison")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "peru-liaison", "wrong")
    assert sign_in(client, "peru-liaison", PASSWORD).status_code == 302
    client.post(reverse("logout"))

    # A full count of new failures is needed again before a lockout.
    answers = [
        sign_in(client, "peru-liaison", "wrong") for _attempt in range(settings.AXES_FAILURE_LIMIT - 1)
    ]
    assert {a.status_code for a in answers} == {200}


def test_the_admin_sign_in_is_throttled_too(client):
    UserFactory(username="secretariat", is_staff=True)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        answer = client.post(
            reverse("admin:login"), {"username": "secretariat", "password": "wrong"}, REMOTE_ADDR=ATTACKER
        )

    assert answer.status_code == 429
    refused = client.post(
        reverse("admin:login"), {"username": "secretariat", "password": PASSWORD}, REMOTE_ADDR=ATTACKER
    )
    assert refused.status_code == 429


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "Demasiados intentos fallidos"),
        ("fr", "Trop de tentatives"),
        ("pt", "Muitas tentativas"),
    ],
)
def test_the_lockout_message_speaks_the_readers_language(client, language, expected):
    LiaisonFactory(user__username="peru-liaison")

    answers = [
        sign_in(client, "peru-liaison", "wrong", headers={"accept-language": language})
        for _attempt in range(settings.AXES_FAILURE_LIMIT)
    ]

    assert answers[-1].status_code == 429
    assert expected in answers[-1].text


def test_force_login_in_tests_is_not_throttled(client):
    user = UserFactory(username="secretariat", is_staff=True)
    fail_until_locked(client, "secretariat")

    client.force_login(user)

    assert client.get(reverse("dashboards:overview")).status_code == 200


def test_a_new_forwarded_address_each_time_does_not_escape_the_lockout(client):
    LiaisonFactory(user__username="peru-liaison")

    answers = [
        sign_in(client, "peru-liaison", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")
        for attempt in range(settings.AXES_FAILURE_LIMIT)
    ]

    assert answers[-1].status_code == 429
    assert sign_in(client, "peru-liaison", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_behind_the_proxy_the_forwarded_client_is_locked_out_not_the_proxy(client, settings):
    settings.BEHIND_PROXY = True
    LiaisonFactory(user__username="peru-liaison")
    proxy = "172.18.0.5"

    answers = [
        sign_in(
            client, "peru-liaison", "wrong", address=proxy, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, {ATTACKER}"
        )
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]

    assert answers[-1].status_code == 429
    # She signs in through the same proxy from her own address.
    her_own = sign_in(client, "peru-liaison", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert her_own.status_code == 302


def test_signing_in_and_out_writes_nothing_to_the_log(client, console_log):
    LiaisonFactory(user__username="peru-liaison")

    assert sign_in(client, "peru-liaison", PASSWORD).status_code == 302
    client.post(reverse("logout"))

    assert console_log.getvalue() == ""


def test_the_log_has_a_line_for_each_wrong_password_and_one_for_the_lockout(client, console_log):
    LiaisonFactory(user__username="peru-liaison")

    fail_until_locked(client, "peru-liaison")

    lines = console_log.getvalue().splitlines()
    assert sum("login failure by" in line for line in lines) == settings.AXES_FAILURE_LIMIT
    assert sum("Locking out" in line for line in lines) == 1
    # Who and from where are in the admin's access attempts, not in the log.
    assert "peru-liaison" not in console_log.getvalue() and ATTACKER not in console_log.getvalue()
