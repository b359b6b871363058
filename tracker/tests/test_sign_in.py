import pytest
from django.urls import reverse

from states.tests.factories import LiaisonFactory

pytestmark = pytest.mark.django_db


def test_a_liaison_signs_in_with_her_password_and_sees_she_is_signed_in(client):
    liaison = LiaisonFactory(user__username="peru-liaison")

    page = client.get(reverse("login"))
    assert page.status_code == 200 and "Sign in" in page.text

    signed_in = client.post(
        reverse("login"), {"username": "peru-liaison", "password": "a-long-test-password"}, follow=True
    )

    assert signed_in.context["user"] == liaison.user
    assert "Sign out" in signed_in.text


def test_a_wrong_password_is_refused_with_a_message(client):
    LiaisonFactory(user__username="peru-liaison")

    answer = client.post(reverse("login"), {"username": "peru-liaison", "password": "wrong"})

    assert answer.status_code == 200
    assert not answer.context["user"].is_authenticated
    assert "correct username and password" in answer.text
