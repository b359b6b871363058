"""The settings as a fresh process sees them, started with an environment these tests choose."""

import json
import secrets
import subprocess
import sys

from tracker.tests.environment import BASE_DIR, clean_environment, settings_env_names

PRODUCTION = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "tracker.example.org",
    "SITE_URL": "https://tracker.example.org",
    "CACHE_URL": "redis://redis.invalid:6379/2",
}

# Prints what these tests look at, as JSON, from a process that only imported the settings.
_SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
from tracker import celery_app
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": settings.DATABASES["default"]["ENGINE"],
    "NAME": str(settings.DATABASES["default"]["NAME"]),
    "CELERY_TASK_ALWAYS_EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    "celery_app_eager": celery_app.conf.task_always_eager,
    "celery_app_broker": celery_app.conf.broker_url,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "CACHE": settings.CACHES["default"],
}))
"""


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def _settings_seen_with(**environment: str) -> dict:
    result = _run(["-c", _SHOW_SETTINGS], clean_environment(**environment))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _secret_key() -> str:
    return secrets.token_urlsafe(50)


def test_the_environment_names_are_found_in_settings():
    assert {"DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "CELERY_BROKER_URL"} <= (
        settings_env_names()
    )


def test_deploy_check_passes_with_production_environment():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        clean_environment(SECRET_KEY=_secret_key(), **PRODUCTION),
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output


def test_production_without_secret_key_fails_naming_it():
    result = _run(["manage.py", "check"], clean_environment(**PRODUCTION))

    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment" in result.stderr


def test_production_without_allowed_hosts_fails_naming_it():
    result = _run(["manage.py", "check"], clean_environment(DEBUG="false", SECRET_KEY=_secret_key()))

    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS in the environment" in result.stderr


def test_production_without_site_url_fails_naming_it():
    without_site_url = {name: value for name, value in PRODUCTION.items() if name != "SITE_URL"}
    result = _run(["manage.py", "check"], clean_environment(SECRET_KEY=_secret_key(), **without_site_url))

    assert result.returncode != 0
    assert "Set SITE_URL in the environment" in result.stderr


def test_production_without_a_shared_cache_warns_that_limits_count_per_process():
    without_cache = {name: value for name, value in PRODUCTION.items() if name != "CACHE_URL"}
    result = _run(["manage.py", "check"], clean_environment(SECRET_KEY=_secret_key(), **without_cache))

    assert result.returncode == 0, result.stderr
    assert "(api.W001) The API throttle and the mail requests per client are counted in each" in result.stderr
    assert "Set CACHE_URL" in result.stderr


def test_development_counts_in_its_own_memory_without_a_warning():
    result = _run(["manage.py", "check", "--fail-level", "WARNING"], clean_environment())

    assert result.returncode == 0, result.stderr
    assert "api.W001" not in result.stdout + result.stderr


def test_a_cache_url_that_is_not_redis_is_refused():
    result = _run(["manage.py", "check"], clean_environment(CACHE_URL="memcached://127.0.0.1:11211"))

    assert result.returncode != 0
    assert "CACHE_URL must be a redis:// or rediss:// address" in result.stderr


def test_trusted_proxies_that_are_not_addresses_are_refused():
    result = _run(
        ["manage.py", "check"], clean_environment(BEHIND_PROXY="true", TRUSTED_PROXIES="10.0.0.1,proxy")
    )

    assert result.returncode != 0
    assert "TRUSTED_PROXIES must be addresses or networks" in result.stderr


def test_a_debug_value_that_is_not_a_boolean_is_refused():
    result = _run(["manage.py", "check"], clean_environment(DEBUG="maybe"))

    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_no_environment_gives_sqlite_and_eager_celery():
    seen = _settings_seen_with()

    assert seen["DEBUG"] is True
    assert seen["ENGINE"] == "django.db.backends.sqlite3"
    assert seen["NAME"] == str(BASE_DIR / "db.sqlite3")
    assert seen["CELERY_TASK_ALWAYS_EAGER"] is True
    assert seen["celery_app_eager"] is True
    assert seen["celery_app_broker"] == "memory://localhost/"
    assert seen["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert seen["CACHE"] == {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


def test_database_url_broker_and_cache_switch_to_postgresql_and_redis():
    seen = _settings_seen_with(
        DATABASE_URL="postgres://tracker@db.invalid:5432/tracker",
        CELERY_BROKER_URL="redis://redis.invalid:6379/0",
        CACHE_URL="redis://redis.invalid:6379/2",
    )

    assert seen["ENGINE"] == "django.db.backends.postgresql"
    assert seen["NAME"] == "tracker"
    assert seen["CELERY_TASK_ALWAYS_EAGER"] is False
    assert seen["celery_app_eager"] is False
    assert seen["celery_app_broker"] == "redis://redis.invalid:6379/0"
    assert seen["CACHE"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://redis.invalid:6379/2",
    }


def test_a_command_prints_its_own_output_and_nothing_else():
    result = _run(["manage.py", "check"], clean_environment())

    assert result.stdout == "System check identified no issues (0 silenced).\n"
    assert result.stderr == ""
