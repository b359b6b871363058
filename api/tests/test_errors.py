"""Whatever a client sends, the API answers in JSON and never with a server error."""

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle

from api.exceptions import exception_handler

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/api/", "/api/treaties/", "/api/conventions/T-1/signatures/", "/api/states/PTY/x/"]
)
def test_an_unknown_address_is_a_json_404(anonymous, record, path):
    response = anonymous.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "No such endpoint. See /api/docs/ for those there are."}


def test_an_address_without_its_slash_is_redirected(anonymous, record):
    assert anonymous.get("/api/states").url == "/api/states/"
    assert anonymous.get("/api/treaties").url == "/api/treaties/"


@pytest.mark.parametrize(
    "path",
    [
        "/api/conventions/%00/",
        "/api/conventions/%00/status/",
        "/api/states/%00%00%00/",
        "/api/states/%C3%A9/",
    ],
)
def test_odd_characters_in_a_code_are_a_404(anonymous, record, path):
    response = anonymous.get(path)

    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/conventions/",
        "/api/conventions/T-1/",
        "/api/conventions/T-1/status/",
        "/api/changes/",
        "/api/states/",
        "/api/states/PTY/",
    ],
)
def test_nothing_can_be_written(anonymous, record, method, url):
    response = getattr(anonymous, method)(url, {}, format="json")

    assert response.status_code == 405
    assert response.json() == {"detail": f"This API is read-only: {method.upper()} is not allowed."}


@pytest.mark.parametrize("url", ["/api/conventions/", "/api/states/PTY/"])
def test_head_and_options_are_answered(anonymous, record, url):
    assert anonymous.head(url).status_code == 200
    assert anonymous.options(url).status_code == 200


def test_too_many_anonymous_requests_are_slowed_down(anonymous, record, monkeypatch):
    # A day: the count starts again when the client's window ends, never within this test.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/day"})

    assert [anonymous.get("/api/states/").status_code for _ in range(3)] == [200, 200, 429]
    response = anonymous.get("/api/states/")
    assert response.json()["detail"].startswith("Request was throttled.")
    assert int(response["Retry-After"]) > 0


def test_the_anonymous_rate_leaves_room_for_a_test_module(settings):
    number, period = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"].split("/")
    assert (int(number), period) == (120, "minute")


def test_a_domain_validation_error_is_a_400_naming_the_field():
    response = exception_handler(DjangoValidationError({"as_of": ["Too early."]}), {})

    assert response.status_code == 400
    assert response.data == {"as_of": ["Too early."]}


def test_a_domain_validation_error_without_a_field_is_a_400_too():
    response = exception_handler(DjangoValidationError("Not allowed."), {})

    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Not allowed."]}


def test_every_api_address_is_tried_in_these_tests():
    """A new endpoint must be added here, with its anonymous test, before it can pass."""
    from api.urls import urlpatterns

    named = {pattern.name for pattern in urlpatterns if pattern.name}
    assert named == {
        "convention-list",
        "convention-detail",
        "convention-status",
        "convention-entry-into-force",  # conventions/tests/test_entry_into_force.py
        "changes",  # test_changes_api.py
        "state-list",
        "state-detail",
        "my-submission-list",
        "my-submission-detail",
        "schema",
        "docs",
    }
    assert reverse("api:docs") == "/api/docs/"
