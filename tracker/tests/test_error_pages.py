import subprocess
import sys

import pytest
from django.core.exceptions import SuspiciousOperation
from django.db import DEFAULT_DB_ALIAS
from django.db.utils import ConnectionHandler
from django.test import Client, override_settings
from django.urls import include, path

from states.tests.factories import SecretariatStaffFactory
from tracker.tests.environment import BASE_DIR, clean_environment
from tracker.urls import handler500  # noqa: F401 (this module is the URLconf of the tests below)

pytestmark = pytest.mark.django_db


def database_away(request):
    """A view whose database cannot be opened: a real failed connection, not a raised stand-in."""
    unreachable = ConnectionHandler(
        {
            DEFAULT_DB_ALIAS: {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": "/nonexistent/directory/db.sqlite3",
            }
        }
    )
    unreachable[DEFAULT_DB_ALIAS].cursor()


def broken(request):
    raise ValueError("a fault of the code, not of the database")


def suspicious(request):
    raise SuspiciousOperation("a request Django refuses with a 400")


urlpatterns = [
    path("database-away/", database_away),
    path("suspicious/", suspicious),
    path("broken/", broken),
    path("", include("tracker.urls")),
]


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@override_settings(DEBUG=False)
def test_an_unknown_address_shows_the_sites_own_not_found_page(client):
    answer = client.get("/conventions/NO-SUCH-CODE/")

    assert answer.status_code == 404
    assert "Page not found" in answer.text
    assert "Inter-American treaty record" in answer.text  # the site's layout, not Django's bare page


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_database_that_cannot_be_reached_is_a_503_to_retry_later(visitor):
    answer = visitor.get("/database-away/")

    assert answer.status_code == 503
    assert answer["Retry-After"] == "30"
    assert "temporarily unavailable" in answer.text
    assert "OperationalError" not in answer.text and "/nonexistent/" not in answer.text


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_any_other_failure_is_the_sites_own_500_page(visitor):
    answer = visitor.get("/broken/")

    assert answer.status_code == 500
    assert "Something went wrong on our side" in answer.text
    assert "Retry-After" not in answer


@override_settings(DEBUG=True, ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    "address, status", [("/broken/", 500), ("/suspicious/", 400), ("/no-such-page/", 404)]
)
def test_with_debug_on_djangos_debug_page_comes_without_the_policy_that_would_break_it(
    visitor, address, status
):
    debug_page = visitor.get(address)

    assert debug_page.status_code == status
    assert "<style" in debug_page.text
    assert "Content-Security-Policy" not in debug_page
    # Every other page keeps its policy, with DEBUG on as off.
    assert "Content-Security-Policy" in visitor.get("/")


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_with_debug_off_the_sites_error_pages_keep_the_policy(visitor):
    assert "Content-Security-Policy" in visitor.get("/suspicious/")
    assert "Content-Security-Policy" in visitor.get("/broken/")


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    "address, logged",
    [
        # Accounts are the superuser's alone.
        ("/admin/auth/user/", "Forbidden (Permission denied): /admin/auth/user/"),
        ("/conventions/NO-SUCH-CODE/", "Not Found: /conventions/NO-SUCH-CODE/"),
        ("/suspicious/", "a request Django refuses with a 400"),
    ],
)
def test_a_refused_request_is_one_line_in_the_log_without_a_traceback(visitor, console_log, address, logged):
    visitor.force_login(SecretariatStaffFactory())

    visitor.get(address)

    assert console_log.getvalue().splitlines() == [logged]


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_failure_is_in_the_log_once_with_its_traceback(visitor, console_log):
    visitor.get("/broken/")

    log = console_log.getvalue()
    assert log.startswith("Internal Server Error: /broken/\nTraceback (most recent call last):\n")
    assert log.endswith("ValueError: a fault of the code, not of the database\n")
    assert log.count("Internal Server Error") == 1 and log.count("Traceback") == 1


# Requests to this module's addresses, made in a fresh process whose settings come from its
# environment, as a developer's runserver would answer them.
_REQUESTS = """
import sys, django
django.setup()
from django.test import Client, override_settings
with override_settings(ROOT_URLCONF="tracker.tests.test_error_pages"):
    visitor = Client(raise_request_exception=False)
    for address in sys.argv[1:]:
        visitor.get(address)
"""


def test_with_debug_on_each_error_is_in_the_console_once():
    result = subprocess.run(
        [sys.executable, "-c", _REQUESTS, "/broken/", "/suspicious/", "/no-such-page/"],
        cwd=BASE_DIR, env=clean_environment(DEBUG="true"), capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    log = result.stderr
    assert log.count("Internal Server Error: /broken/") == 1 and log.count("Traceback") == 1
    assert log.count("a request Django refuses with a 400") == 1
    assert log.count("Not Found: /no-such-page/") == 1
