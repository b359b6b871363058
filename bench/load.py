"""Load test: gunicorn on loopback, DEBUG off, on a PostgreSQL database holding the reference
record, under wrk (50 connections for 60 s by default) over the main pages and API.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_load .venv/bin/python bench/load.py
    DATABASE_URL=... .venv/bin/python bench/load.py --duration 10 --no-load

The database is emptied and the reference record loaded (``--no-load``: use it as it is). Each
URL is asked once before the run and must answer 200. The public pages are asked anonymously;
the state dashboard and the API with a liaison's session (the API throttles anonymous clients to
120 requests a minute, which a load test from one address would meet at once). Prints
requests/s, errors (non-2xx answers and socket errors), p50 and p99, writes
``bench/results-load.json`` and rewrites ``bench/RESULTS.md`` (bench/run.py's writer).
Needs ``wrk`` (Debian: ``apt-get install wrk``).
"""

import argparse
import datetime as dt
import io
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
# One key for this process, which signs the liaison's session, and for gunicorn, which reads it.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from conventions.models import Convention  # noqa: E402
from states.models import Contact, State  # noqa: E402

AS_OF = "2024-06-30"
HOST = "127.0.0.1"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def liaison_session(state: State) -> str:
    """A liaison of ``state`` signed in: the session cookie gunicorn will accept (sessions are
    rows of the database, shared with it)."""
    from django.contrib.auth.models import User

    user, _created = User.objects.get_or_create(username=f"load-liaison-{state.iso3.lower()}")
    Contact.objects.get_or_create(
        state=state,
        email=f"load-liaison-{state.iso3.lower()}@example.org",
        defaults={"user": user, "role": Contact.Role.LIAISON, "name": "Load test liaison"},
    )
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def targets() -> list[tuple[str, str, str]]:
    """(name, path, cookie) of every URL the clients go round; cookie empty: anonymous."""
    convention = max(Convention.objects.all(), key=lambda c: c.participations.count())
    state = State.objects.filter(participations__convention=convention).order_by("name_en").first()
    signed_in = liaison_session(state)
    code, iso3, as_of = {"code": convention.code}, {"iso3": state.iso3}, f"?as_of={AS_OF}"
    return [
        ("convention list", reverse("conventions:list"), ""),
        ("status table", reverse("conventions:status", kwargs=code) + as_of, ""),
        ("status table today", reverse("conventions:status", kwargs=code), ""),
        ("state dashboard", reverse("dashboards:state", kwargs=iso3), signed_in),
        ("API conventions", reverse("api:convention-list"), signed_in),
        ("API status as of", reverse("api:convention-status", kwargs=code) + as_of, signed_in),
        ("API state as of", reverse("api:state-detail", kwargs=iso3) + as_of, signed_in),
    ]


def server_environment(static_root: str) -> dict[str, str]:
    from tracker.tests.environment import clean_environment

    return clean_environment(
        DATABASE_URL=os.environ["DATABASE_URL"],
        DEBUG="false",
        SECRET_KEY=os.environ["SECRET_KEY"],
        ALLOWED_HOSTS=HOST,
        SITE_URL=f"http://{HOST}",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=static_root,
        LOG_LEVEL="WARNING",
    )


def wait_listening(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer at {url} within {timeout} s")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_each(base: str, urls: list[tuple[str, str, str]]) -> None:
    """Every URL answers 200 before the load starts: a run of redirects to the sign-in page or
    of 404s would measure nothing."""
    opener = urllib.request.build_opener(NoRedirect)
    for name, path, cookie in urls:
        request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
        try:
            with opener.open(request, timeout=30) as answer:
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            sys.exit(f"{name} ({path}) answered {status} before the load started")


def run_wrk(base: str, urls, connections: int, threads: int, duration: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as listing:
        listing.writelines(f"{path}\t{cookie}\n" for _name, path, cookie in urls)
    try:
        completed = subprocess.run(
            ["wrk", f"--connections={connections}", f"--threads={threads}", f"--duration={duration}s",
             "--timeout=10s", f"--script={BENCH / 'load.lua'}", base + "/"],
            env={**os.environ, "LOAD_URLS": listing.name},
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    finally:
        os.unlink(listing.name)
    line = next(line for line in completed.stdout.splitlines() if line.startswith("LOAD-RESULT "))
    return json.loads(line.removeprefix("LOAD-RESULT "))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (as docker-compose.yml)")
    parser.add_argument("--no-load", action="store_true", help="Use the database as it is.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database of your own: the load test empties it.")
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")
    if not args.no_load:
        print("Loading the reference record ...", flush=True)
        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        call_command("load_reference", stdout=io.StringIO())
    urls = targets()
    connection.close()

    port = free_port()
    base = f"http://{HOST}:{port}"
    with tempfile.TemporaryDirectory() as static_root:
        env = server_environment(static_root)
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                       cwd=BENCH.parent, env=env, check=True)  # fmt: skip
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "tracker.wsgi:application", f"--bind={HOST}:{port}",
             f"--workers={args.workers}", "--log-level=warning"],
            cwd=BENCH.parent, env=env, start_new_session=True,
        )  # fmt: skip
        try:
            wait_listening(base + "/", gunicorn)
            check_each(base, urls)
            print(f"wrk: {args.connections} connections, {args.duration} s, {len(urls)} URLs ...", flush=True)
            started = dt.datetime.now(dt.UTC)
            figures = run_wrk(base, urls, args.connections, args.threads, args.duration)
        finally:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(timeout=30)

    non_2xx = sum(count for status, count in figures["statuses"].items() if not status.startswith("2"))
    socket_errors = sum(figures["socket_errors"].values())
    result = {
        "date": started.isoformat(timespec="seconds"),
        "connections": args.connections,
        "duration_s": figures["duration_s"],
        "gunicorn_workers": args.workers,
        "wrk_threads": args.threads,
        "load_average": os.getloadavg(),
        "urls": [{"name": name, "path": path, "signed_in": bool(cookie)} for name, path, cookie in urls],
        "requests": figures["requests"],
        "requests_per_s": figures["requests"] / figures["duration_s"],
        "non_2xx": non_2xx,
        "socket_errors": figures["socket_errors"],
        "statuses": figures["statuses"],
        "latency_ms": figures["latency_ms"],
    }
    (BENCH / "results-load.json").write_text(json.dumps(result, indent=2))
    print(
        f"{result['requests']} requests in {result['duration_s']:.1f} s: {result['requests_per_s']:.1f}/s; "
        f"errors: {non_2xx} non-2xx, {socket_errors} socket; "
        f"p50 {result['latency_ms']['p50']:.1f} ms, p99 {result['latency_ms']['p99']:.1f} ms"
    )
    from run import write_markdown

    write_markdown()
    sys.exit(1 if non_2xx or socket_errors else 0)


if __name__ == "__main__":
    main()
