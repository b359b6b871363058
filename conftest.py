import os

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tests read English labels unless they choose a language, and hash passwords cheaply."""
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """What the cache counts (mail requests per client, API requests) starts at zero in each test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def reference_record(django_db_setup, django_db_blocker):
    """The reference record of fixtures/, loaded once for a test module and rolled back after it.

    Loading it takes seconds, so a module of read-only checks shares one load; each test still
    runs in its own savepoint inside this transaction.
    """
    from django.db import transaction

    from conventions.services import reference_data_load

    with django_db_blocker.unblock(), transaction.atomic():
        reference_data_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (the browser tests of every app): starting it
    takes seconds, and each test opens its own context in it."""
    from playwright.sync_api import sync_playwright

    from dashboards.tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    # Playwright's sync API keeps an event loop running in this thread, and Django refuses
    # database work from a thread with a running loop unless told it is intended.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def pytest_terminal_summary(terminalreporter):
    """The generated bad inputs tried and refused cleanly, by kind (see tracker/tests/bad_input.py)."""
    from tracker.tests.bad_input import summary_lines

    lines = summary_lines()
    if lines:
        terminalreporter.section("bad inputs tried and refused cleanly")
        for line in lines:
            terminalreporter.write_line(line)
