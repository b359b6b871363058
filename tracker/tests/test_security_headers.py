"""The headers and cookies a browser gets from the site in production (DEBUG off), asked for in
a fresh process started with a production environment, as gunicorn would be."""

import json
import secrets
import subprocess
import sys

import pytest

from tracker.settings import IMPORT_EXPORT_SELECT_ALL_HANDLER
from tracker.tests.environment import BASE_DIR, clean_environment

PRODUCTION = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "tracker.example.org",
    "SITE_URL": "https://tracker.example.org",
}

# Asks for a few addresses with Django's test client and prints what came back, as JSON. The
# addresses need no database: the API's JSON "not found" and a stored file's media address.
# Static files are looked up without collectstatic's manifest, which this process has not made.
_ASK = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings, setup_test_environment

setup_test_environment()
plain = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
client = Client(headers={"host": "tracker.example.org"})
with override_settings(STORAGES=plain):
    https = client.get("/api/no-such-endpoint/", secure=True)
    http = client.get("/api/no-such-endpoint/")
    media = client.get("/" + settings.MEDIA_URL.strip("/") + "/questionnaires/answers.pdf", secure=True)
print(json.dumps({
    "https": {"status": https.status_code, "headers": dict(https.headers)},
    "http": {"status": http.status_code, "location": http.headers.get("Location")},
    "media": media.status_code,
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
    "cookies": {
        "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
        "SESSION_COOKIE_HTTPONLY": settings.SESSION_COOKIE_HTTPONLY,
        "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    },
}))
"""


def _production_answers(**environment) -> dict:
    env = clean_environment(SECRET_KEY=secrets.token_urlsafe(50), **PRODUCTION, **environment)
    result = subprocess.run(
        [sys.executable, "-c", _ASK], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production():
    return _production_answers()


def _csp(headers: dict) -> dict[str, list[str]]:
    policy = headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def test_https_responses_carry_hsts_and_the_browser_protections(production):
    headers = production["https"]["headers"]

    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_content_security_policy_allows_only_our_own_scripts(production):
    policy = _csp(production["https"]["headers"])

    assert policy["default-src"] == ["'self'"]
    # Our files, and the one inline handler of django-import-export's export page, by its hash.
    assert policy["script-src"] == ["'self'", "'unsafe-hashes'", IMPORT_EXPORT_SELECT_ALL_HANDLER]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]


def test_plain_http_is_sent_to_https(production):
    assert production["http"]["status"] == 301
    assert production["http"]["location"] == "https://tracker.example.org/api/no-such-endpoint/"


def test_cookies_are_sent_over_https_only_and_the_session_is_out_of_scripts_reach(production):
    assert production["cookies"] == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_uploaded_files_have_no_public_address(production):
    assert production["media"] == 404


def test_the_forwarded_protocol_is_trusted_only_behind_a_proxy(production):
    assert production["proxy_header"] is None

    behind_proxy = _production_answers(BEHIND_PROXY="true")

    assert behind_proxy["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_hsts_follows_the_environment():
    answers = _production_answers(
        SECURE_HSTS_SECONDS="3600", SECURE_HSTS_INCLUDE_SUBDOMAINS="false", SECURE_HSTS_PRELOAD="true"
    )

    assert answers["https"]["headers"]["Strict-Transport-Security"] == "max-age=3600; preload"
