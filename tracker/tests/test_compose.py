"""docker-compose.yml and the Dockerfile, checked against the code they start.

No Docker engine runs where the tests do, so these read the files and import what they name.
"""

import importlib
import re
import shlex
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from django.conf import settings
from django.urls import reverse

from tracker.request_bodies import largest_request_max_bytes
from tracker.tests.environment import BASE_DIR, settings_env_names
from tracker.tests.proxy import TEMPLATE, client_max_body_bytes, template_names

COMPOSE_FILE = BASE_DIR / "docker-compose.yml"
PROJECT_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def services() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())["services"]


def _command_words(service: dict) -> list[str]:
    """The words of a service's command, with the script of a `sh -c` split up too."""
    command = service["command"]
    words = shlex.split(command) if isinstance(command, str) else list(command)
    if words[:2] == ["sh", "-c"]:
        return words[:2] + shlex.split(" ".join(words[2:]))
    return words


def _dockerfile_of(service: dict) -> Path:
    build = service["build"]
    if isinstance(build, str):
        build = {"context": build}
    return (COMPOSE_FILE.parent / build["context"] / build.get("dockerfile", "Dockerfile")).resolve()


def test_the_six_services_are_there(services):
    assert {"proxy", "web", "worker", "beat", "db", "redis"} <= set(services)


@pytest.mark.django_db
def test_web_runs_gunicorn_on_a_wsgi_callable_that_imports(services):
    words = _command_words(services["web"])

    assert "gunicorn" in words
    after_gunicorn = words[words.index("gunicorn") + 1 :]
    target = next(word for word in after_gunicorn if re.fullmatch(r"[\w.]+:\w+", word))
    module_name, attribute = target.split(":")
    application = getattr(importlib.import_module(module_name), attribute)
    assert f"{module_name}.{attribute}" == settings.WSGI_APPLICATION
    assert "0.0.0.0:8000" in after_gunicorn

    # Served one request the way gunicorn would call it.
    environ = {"PATH_INFO": reverse("admin:login"), "REQUEST_METHOD": "GET"}
    setup_testing_defaults(environ)
    started = []
    body = b"".join(application(environ, lambda status, headers, exc_info=None: started.append(status)))
    assert started == ["200 OK"]
    assert b"<form" in body


def test_web_migrates_and_brings_the_staff_groups_up_to_date_before_gunicorn_starts(services):
    words = _command_words(services["web"])

    assert words.index("migrate") < words.index("ensure_staff_groups") < words.index("gunicorn")


@pytest.mark.parametrize("service_name, role", [("worker", "worker"), ("beat", "beat")])
def test_celery_services_name_the_tracker_app(services, service_name, role):
    words = _command_words(services[service_name])

    assert words[0] == "celery"
    assert words[words.index("-A") + 1] == "tracker"
    assert role in words


def test_celery_finds_the_tracker_app_configured_from_settings():
    import tracker

    # How `celery -A tracker` resolves its argument.
    app = find_app("tracker")

    assert isinstance(app, Celery)
    assert app is tracker.celery_app
    assert app.main == "tracker"
    assert app.conf.broker_url == settings.CELERY_BROKER_URL
    assert app.conf.task_always_eager == settings.CELERY_TASK_ALWAYS_EAGER
    assert app.conf.timezone == settings.TIME_ZONE


@pytest.mark.parametrize("service_name", PROJECT_SERVICES)
def test_project_services_build_from_the_dockerfile(services, service_name):
    dockerfile = _dockerfile_of(services[service_name])

    assert dockerfile.is_file(), f"{service_name} builds from {dockerfile}, which is not there"
    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile.read_text(), re.MULTILINE)


def test_every_service_with_the_project_image_builds_it(services):
    project_image = services["web"]["image"]
    for name, service in services.items():
        if service.get("image") == project_image:
            assert "build" in service, f"{name} uses {project_image} but does not build it"


def test_the_image_does_not_run_as_root():
    users = re.findall(r"^USER\s+(\S+)", (BASE_DIR / "Dockerfile").read_text(), re.MULTILINE)

    assert users and users[-1] not in {"root", "0"}


@pytest.mark.parametrize("service_name", PROJECT_SERVICES)
def test_project_environment_is_made_of_names_settings_read(services, service_name):
    environment = services[service_name]["environment"]
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)

    unknown = set(environment) - settings_env_names()
    assert not unknown, f"{service_name} sets {sorted(unknown)}, which settings.py never reads"
    assert {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SITE_URL"} <= set(
        environment
    )
    assert str(environment["DEBUG"]).lower() == "false"


def test_project_services_point_at_the_db_and_redis_services(services):
    environment = services["web"]["environment"]

    assert "@db:5432/" in environment["DATABASE_URL"]
    assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379/")


def test_the_site_counts_its_limits_in_a_redis_database_of_their_own(services):
    environment = services["web"]["environment"]
    databases = {
        name: environment[name].removeprefix("redis://redis:6379/")
        for name in ("CACHE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
    }

    assert environment["CACHE_URL"].startswith("redis://redis:6379/")
    # Clearing the cache empties its whole Redis database: no queued task may be in it.
    assert len(set(databases.values())) == 3, databases


@pytest.mark.parametrize("service_name", PROJECT_SERVICES)
def test_project_services_wait_for_healthy_db_and_redis(services, service_name):
    depends_on = services[service_name]["depends_on"]

    for dependency in ("db", "redis"):
        assert depends_on[dependency]["condition"] == "service_healthy"
        assert "healthcheck" in services[dependency]


def test_db_is_postgres_16_with_a_volume(services):
    db = services["db"]

    assert db["image"] == "postgres:16"
    volume = db["volumes"][0].split(":")[0]
    assert volume in yaml.safe_load(COMPOSE_FILE.read_text())["volumes"]


def test_redis_is_redis_7(services):
    assert services["redis"]["image"] == "redis:7"


def test_redis_keeps_queued_tasks_through_a_crash_on_a_volume(services):
    redis = services["redis"]

    assert redis["command"][redis["command"].index("--appendonly") + 1] == "yes"
    volume = redis["volumes"][0].split(":")[0]
    assert volume in yaml.safe_load(COMPOSE_FILE.read_text())["volumes"]


def test_nginx_is_the_only_way_in_and_answers_on_80_and_443(services):
    proxy = services["proxy"]

    assert re.fullmatch(r"nginx:[\d.]+", proxy["image"])  # the official image, a pinned version
    assert {port.split(":")[-1] for port in proxy["ports"]} == {"80", "443"}
    assert proxy["environment"]["TRACKER_HTTP_PORT"] == "80"
    assert proxy["environment"]["TRACKER_HTTPS_PORT"] == "443"
    for name, service in services.items():
        if name != "proxy":
            assert "ports" not in service, f"{name} can be reached without nginx"
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"


def _mounts(service: dict) -> dict[str, str]:
    """Each mounted path in the container, and what is mounted there (a file or a volume); the
    source may hold a colon of its own (${TLS_CERT_DIR:-...})."""
    return {
        found["target"]: found["source"]
        for found in (
            re.fullmatch(r"(?P<source>.+?):(?P<target>/[^:]*)(:\w+)?", volume)
            for volume in service["volumes"]
        )
    }


def test_nginx_runs_the_repositorys_configuration_as_the_image_fills_in_templates(services):
    proxy = services["proxy"]
    template = next(
        source for target, source in _mounts(proxy).items() if target.startswith("/etc/nginx/templates/")
    )

    # Filled in to /etc/nginx/conf.d/default.conf, in place of the image's own welcome site.
    assert _mounts(proxy)["/etc/nginx/templates/default.conf.template"] == template
    assert (COMPOSE_FILE.parent / template).resolve() == TEMPLATE
    assert template_names() == set(proxy["environment"])


def test_nginx_passes_requests_to_gunicorns_port(services):
    web_words = _command_words(services["web"])
    bind = web_words[web_words.index("--bind") + 1]

    assert services["proxy"]["environment"]["TRACKER_WEB"] == f"web:{bind.rsplit(':', 1)[1]}"
    assert services["web"]["expose"] == [bind.rsplit(":", 1)[1]]


def test_nginx_serves_the_static_files_web_collects(services):
    web, proxy = services["web"], services["proxy"]
    words = _command_words(web)
    static_volume = _mounts(web)[f"/app/{settings.STATIC_ROOT.name}"]

    assert words.index("collectstatic") < words.index("gunicorn")
    assert static_volume in yaml.safe_load(COMPOSE_FILE.read_text())["volumes"]
    assert _mounts(proxy)[proxy["environment"]["TRACKER_STATIC_ROOT"]] == static_volume
    assert re.search(r"^WORKDIR /app$", (BASE_DIR / "Dockerfile").read_text(), re.MULTILINE)


def test_nginx_answers_what_it_refuses_with_the_pages_in_the_repository(services):
    proxy = services["proxy"]
    errors = _mounts(proxy)[proxy["environment"]["TRACKER_ERRORS_ROOT"]]

    assert (BASE_DIR / errors).resolve() == BASE_DIR / "deploy" / "nginx" / "errors"
    assert (BASE_DIR / errors / "request-too-large.html").is_file()


def test_nginx_reads_the_certificate_from_a_mounted_folder(services):
    proxy = services["proxy"]

    assert proxy["environment"]["TRACKER_TLS_DIR"] in _mounts(proxy)


def test_nginx_lets_through_the_largest_request_the_site_takes_and_no_more():
    assert client_max_body_bytes() == largest_request_max_bytes()


def test_web_trusts_the_forwarded_headers_nginx_sets(services):
    assert services["web"]["environment"]["BEHIND_PROXY"].endswith("true}")
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in TEMPLATE.read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in TEMPLATE.read_text()
