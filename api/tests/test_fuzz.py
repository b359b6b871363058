"""The API fuzzed from its own OpenAPI schema: whatever a client sends, no 5xx, and every answer
is what the schema says (status, content type, body), anonymous and signed in as a liaison.

Schemathesis generates each operation's requests from the schema served at ``/api/schema/``
(valid and invalid parameters alike) and sends them to the project's WSGI application in-process,
on the test database with the small record of ``conftest.py``.
"""

import contextlib
import datetime as dt

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone

from tracker.tests.bad_input import bad_input_settings, tally

# Enough examples to reach each parameter's bad forms, few enough for the suite's time budget.
FUZZ_SETTINGS = bad_input_settings(10)


# Read when the module is collected: serving the schema reads no data. (The lazy loader,
# ``schemathesis.pytest.from_fixture``, does not run under pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@schema.hook
def filter_query(ctx, query):
    """Leave out the periods /api/changes/ refuses across its two days, which the schema cannot
    say: one that ends before it starts, or starts in year 1 (no day before it to count from).
    Its own tests ask for them."""
    if ctx.operation.path != "/api/changes/" or not isinstance(query, dict):
        return True
    days = {}
    for name in ("from", "to"):
        with contextlib.suppress(TypeError, ValueError):
            days[name] = dt.date.fromisoformat(query.get(name))
    if any(day.year == 1 for day in days.values()):
        return False
    return not ("from" in days and days["from"] > days.get("to", timezone.localdate()))


@pytest.fixture(autouse=True)
def _record(record, cast):
    """The small record of conftest.py, for every generated request to find or miss."""


@pytest.fixture(autouse=True)
def _connection_kept_between_requests():
    # Requests run inside the test's transaction, as Django's test client runs them: the
    # handler must not close the connection when a request ends (it would on PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _call(case, cookies=None):
    # Anonymous requests are throttled per address; every generated request is counted afresh.
    cache.clear()
    headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())} if cookies else None
    response = case.call_and_validate(headers=headers)
    assert response.status_code < 500
    tally("API requests (anonymous)" if cookies is None else "API requests (signed-in liaison)")
    return response


@schema.parametrize()
@FUZZ_SETTINGS
def test_anonymous_requests_never_fail_and_match_the_schema(case):
    _call(case)


@pytest.fixture
def liaison_cookies(cast):
    client = Client()
    client.force_login(cast["liaison"])
    return {name: morsel.value for name, morsel in client.cookies.items()}


@schema.parametrize()
@FUZZ_SETTINGS
def test_a_liaisons_requests_never_fail_and_match_the_schema(case, liaison_cookies):
    _call(case, cookies=liaison_cookies)
