import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _run(**options) -> str:
    out = StringIO()
    call_command("create_demo_user", stdout=out, **options)
    return out.getvalue()


def _printed(output: str, label: str) -> str:
    match = re.search(rf"^\s*{label}:\s+(\S+)\s*$", output, re.MULTILINE)
    assert match, f"no {label!r} line in:\n{output}"
    return match.group(1)


def test_command_prints_where_and_how_to_sign_in(settings):
    settings.DEBUG = True

    output = _run()

    assert _printed(output, "URL") == "http://127.0.0.1:8000/admin/"
    assert _printed(output, "username") == "secretariat"


def test_command_prints_the_address_it_is_given(settings):
    settings.DEBUG = True

    output = _run(base_url="http://127.0.0.1:8799/")

    assert _printed(output, "URL") == "http://127.0.0.1:8799/admin/"


def test_printed_password_opens_the_admin_index(client, settings):
    settings.DEBUG = True
    output = _run()

    response = client.post(
        reverse("admin:login"),
        {
            "username": _printed(output, "username"),
            "password": _printed(output, "password"),
            "next": reverse("admin:index"),
        },
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert response.context["user"].username == "secretariat"
    assert not response.context["user"].is_superuser


def test_command_refuses_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--allow-production"):
        _run()

    assert not get_user_model().objects.filter(username="secretariat").exists()


def test_command_runs_with_debug_off_when_told_to(settings):
    settings.DEBUG = False

    _run(allow_production=True)

    assert get_user_model().objects.filter(username="secretariat", is_staff=True).exists()
