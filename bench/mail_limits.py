"""Measure the bounds on mail anyone can make the site send: subscription links and password resets.

    .venv/bin/python bench/mail_limits.py [--requests 20]

A throwaway SQLite database in a temporary folder is migrated first; tasks run in-process (no
broker) and mail goes to Django's in-memory outbox, so every mail the site would send is counted.
Prints, for each flood, the requests sent, the answers (status and template) and the mails out;
and the password reset's time for a known and an unknown address (median of the requests).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from outbox.models import MailRequest  # noqa: E402
from states.tests.factories import UserFactory  # noqa: E402


def flood(name: str, requests: list[tuple[str, dict, str]]) -> None:
    """POST each (path, data, client address); print the answers and the mails that went out."""
    mail.outbox.clear()
    before = MailRequest.objects.count()
    answers = Counter()
    for path, data, address in requests:
        response = Client(REMOTE_ADDR=address).post(path, data)
        answers[(response.status_code, response.get("Location") or response.templates[0].name)] += 1
    print(f"{name}: {len(requests)} requests sent, answers {dict(answers)},")
    print(f"  mail requests recorded {MailRequest.objects.count() - before}, mails out {len(mail.outbox)}")
    cache.clear()  # the per-client counts, so that each flood starts afresh


def reset_timings(requests: int) -> None:
    """The reset form's time for a known and an unknown address, each asked from its own client."""
    UserFactory(username="known", email="known@example.org")
    timings = {"known": [], "unknown": []}
    for number in range(requests):
        for kind in timings:
            client = Client(REMOTE_ADDR=f"198.51.100.{number % 250}")
            started = time.perf_counter()
            client.post("/accounts/password_reset/", {"email": f"{kind}@example.org"})
            timings[kind].append((time.perf_counter() - started) * 1000)
        cache.clear()
    for kind, values in timings.items():
        median = statistics.median(values)
        print(f"  password reset, {kind} address: median {median:.1f} ms over {len(values)}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    n = args.requests
    call_command("migrate", verbosity=0)
    setup_test_environment()
    print(
        f"limits: MAIL_REQUESTS_PER_ADDRESS_PER_DAY={settings.MAIL_REQUESTS_PER_ADDRESS_PER_DAY} "
        f"MAIL_REQUESTS_PER_CLIENT_RATE={settings.MAIL_REQUESTS_PER_CLIENT_RATE}"
    )
    subscribe = "/notifications/subscribe/"
    flood(
        "subscription links to one address, from as many clients",
        [(subscribe, {"email": "target@example.org", "language": "en"}, f"203.0.113.{i}") for i in range(n)],
    )
    flood(
        "subscription links to as many addresses, from one client",
        [(subscribe, {"email": f"r{i}@example.org", "language": "en"}, "203.0.113.200") for i in range(n)],
    )
    UserFactory(username="target", email="target@example.org")
    flood(
        "password resets of one account, from as many clients",
        [("/accounts/password_reset/", {"email": "target@example.org"}, f"192.0.2.{i}") for i in range(n)],
    )
    reset_timings(n)


if __name__ == "__main__":
    main()
