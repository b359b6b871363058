"""The API throttle as the site runs it: gunicorn with several worker processes behind the
proxy, each request taken by whichever worker is free. With the cache in Redis (CACHE_URL) the
client meets the limit once, whichever workers served it and however many arrive at once; in
each worker's own memory, once per worker.

gunicorn's access log names the worker (pid) that answered each request. The figures are
printed (``pytest -s`` shows them).
"""

import contextlib
import subprocess
import sys
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from outbox.tests.smtp import free_port, wait_until
from outbox.tests.workers import database_url
from tracker.tests.environment import BASE_DIR, clean_environment

LIMIT = 10
# A day: a client's count starts again when its window ends (django-ratelimit counts in fixed
# windows), which in a day is unlikely (a few seconds in 86,400) to fall within a test.
RATE = f"{LIMIT}/day"
REQUESTS = 40
WORKERS = 3
# Each worker restarts after this many requests. Without it the kernel may hand every request of
# a one-at-a-time run to the same idle worker (seen on a loaded two-core machine), and nothing is
# measured across workers; with it, REQUESTS meet at least three. More than LIMIT, so that one
# worker alone can still meet the limit in its own memory.
REQUESTS_PER_WORKER = 15
AT_ONCE = 12
CLIENT = "198.51.100.7"
OTHER_CLIENT = "198.51.100.8"
PATH = "/api/states/"
ONE_WORKER = "every request went to the same worker: nothing was measured across workers"


@dataclass
class Answer:
    status: int
    worker: int


@contextlib.contextmanager
def gunicorn(tmp_path, cache_url: str):
    """The site under gunicorn on loopback, DEBUG off, behind a proxy (this test, on 127.0.0.1),
    on the test's PostgreSQL database. Yields its address and the access log."""
    port = free_port()
    access_log = tmp_path / "access.log"
    error_log = tmp_path / "gunicorn.log"
    environment = {"CACHE_URL": cache_url} if cache_url else {}
    process = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "tracker.wsgi:application",
            f"--bind=127.0.0.1:{port}", f"--workers={WORKERS}",
            # Every worker ready to take requests when the port first answers.
            "--preload",
            f"--max-requests={REQUESTS_PER_WORKER}",
            f"--access-logfile={access_log}", "--access-logformat=%(p)s %(s)s %({x-request-number}i)s",
            f"--error-logfile={error_log}",
        ],
        cwd=BASE_DIR,
        env=clean_environment(
            DATABASE_URL=database_url(),
            DEBUG="false",
            SECRET_KEY="throttle-tests-" + "x" * 50,
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=f"http://127.0.0.1:{port}",
            SECURE_SSL_REDIRECT="false",
            STATIC_ROOT=str(tmp_path),
            BEHIND_PROXY="true",
            TRUSTED_PROXIES="127.0.0.1",
            API_ANON_RATE=RATE,
            **environment,
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        # Another client than the one measured, with a budget of its own.
        try:
            wait_until(lambda: get(base, forwarded_for="192.0.2.1") == 200, timeout=60, what="gunicorn")
        except AssertionError as error:
            raise AssertionError(f"{error}\n{error_log.read_text(errors='replace')}") from None
        yield base, access_log
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(base: str, forwarded_for: str, number: int = 0) -> int:
    request = urllib.request.Request(
        base + PATH, headers={"X-Forwarded-For": forwarded_for, "X-Request-Number": str(number)}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def one_client_asks(base: str, access_log, client: str, at_once: int = 1, first: int = 1) -> list[Answer]:
    """REQUESTS requests from ``client`` through the proxy, ``at_once`` of them at a time, numbered
    from ``first``; the client writes a new address of its own before the proxy's entry each time."""
    numbers = range(first, first + REQUESTS)
    with ThreadPoolExecutor(at_once) as pool:
        statuses = list(pool.map(lambda n: get(base, f"203.0.113.{n % 256}, {client}", number=n), numbers))

    def logged() -> dict[int, int]:
        workers = {}
        for line in access_log.read_text().splitlines():
            pid, _status, number = line.split()
            if number.isdigit() and int(number) in numbers:
                workers[int(number)] = int(pid.strip("<>"))
        return workers

    wait_until(lambda: len(logged()) == REQUESTS, timeout=10, what="every request in the access log")
    workers = logged()
    return [Answer(status, workers[n]) for n, status in zip(numbers, statuses, strict=True)]


def report(how: str, answers: list[Answer]) -> None:
    sent = Counter(answer.worker for answer in answers)
    ok = Counter(answer.worker for answer in answers if answer.status == 200)
    print(
        f"\n{how}: {len(answers)} requests sent, {sum(ok.values())} answered 200, "
        f"{sum(a.status == 429 for a in answers)} answered 429, rate {RATE}, "
        f"{len(sent)} worker processes seen ({WORKERS} at a time); per worker (pid: sent/200s): "
        + ", ".join(f"{pid}: {sent[pid]}/{ok[pid]}" for pid in sorted(sent))
    )


def test_in_redis_the_client_meets_the_limit_once_whichever_workers_answer(
    transactional_db, redis_cache, tmp_path
):
    with gunicorn(tmp_path, redis_cache) as (base, access_log):
        one_by_one = one_client_asks(base, access_log, CLIENT)
        at_once = one_client_asks(base, access_log, OTHER_CLIENT, at_once=AT_ONCE, first=REQUESTS + 1)
    report("Redis cache, one request at a time", one_by_one)
    report(f"Redis cache, {AT_ONCE} requests at a time", at_once)

    assert len({answer.worker for answer in one_by_one}) >= 2, ONE_WORKER
    assert [answer.status for answer in one_by_one] == [200] * LIMIT + [429] * (REQUESTS - LIMIT)
    # Workers counting the same client at the same moment: each request counted once.
    assert len({answer.worker for answer in at_once}) >= 2, ONE_WORKER
    assert Counter(answer.status for answer in at_once) == {200: LIMIT, 429: REQUESTS - LIMIT}


def test_in_each_workers_own_memory_the_client_gets_the_limit_once_per_worker(
    transactional_db, real_parts, tmp_path
):
    """Why production needs CACHE_URL (system check api.W001): what the measurement above would
    show without it."""
    with gunicorn(tmp_path, cache_url="") as (base, access_log):
        answers = one_client_asks(base, access_log, CLIENT)
    report("each worker's own memory, one request at a time", answers)

    sent = Counter(answer.worker for answer in answers)
    ok = Counter(answer.worker for answer in answers if answer.status == 200)
    assert len(sent) >= 2, ONE_WORKER
    assert ok == {pid: min(count, LIMIT) for pid, count in sent.items()}
    assert sum(ok.values()) > LIMIT
