"""A liaison reads the site in her contact's language once signed in; the switcher still wins."""

import pytest
from django.conf import settings
from django.urls import reverse

from states.models import Language
from states.tests.factories import LiaisonFactory, SecretariatStaffFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True)


def test_a_failed_sign_in_leaves_the_language_alone(client):
    liaison = LiaisonFactory(language=Language.PORTUGUESE)

    response = client.post(reverse("login"), {"username": liaison.user.username, "password": "wrong"})

    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert response.context["user"].is_anonymous


def test_staff_without_a_contact_keep_the_language_they_chose(client):
    staff = SecretariatStaffFactory()
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    response = sign_in(client, staff)

    assert response.wsgi_request.LANGUAGE_CODE == "fr"


def test_a_liaison_sees_her_dashboard_in_her_contact_language(client):
    liaison = LiaisonFactory(language=Language.PORTUGUESE)

    response = sign_in(client, liaison.user)

    assert response.redirect_chain[-1][0] == reverse("dashboards:state", args=[liaison.state.iso3])
    assert response.wsgi_request.LANGUAGE_CODE == "pt"
    assert '<html lang="pt"' in response.content.decode()


def test_the_switcher_wins_after_sign_in(client):
    liaison = LiaisonFactory(language=Language.SPANISH)
    sign_in(client, liaison.user)

    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    response = client.get(reverse("dashboards:home"))

    assert response.wsgi_request.LANGUAGE_CODE == "fr"
