"""Benchmark the tracker's pages, imports and exports on PostgreSQL, each against its SQL floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench .venv/bin/python bench/run.py --size small
    DATABASE_URL=... .venv/bin/python bench/run.py --size large

The database is emptied and loaded again (small: the reference record via ``load_reference``;
large: ``generate_scale_data``). See bench/README.md for what each figure and floor means.
"""

import argparse
import csv
import datetime as dt
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from conventions.models import Convention, Participation  # noqa: E402
from questionnaires.models import ReportingCycle  # noqa: E402
from states.models import State  # noqa: E402

AS_OF = "2024-06-30"


# --- Measuring ------------------------------------------------------------------------------


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def peak_rss():
    """The peak resident memory while the block runs, sampled every 5 ms (no tracing overhead)."""
    result = {"baseline": rss_bytes(), "peak": rss_bytes()}
    running = True

    def sample():
        while running:
            result["peak"] = max(result["peak"], rss_bytes())
            time.sleep(0.005)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield result
    finally:
        running = False
        thread.join()
        result["peak"] = max(result["peak"], rss_bytes())
        result["growth"] = result["peak"] - result["baseline"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@contextmanager
def counted_queries():
    """Every query the block runs (CaptureQueriesContext keeps only the last 9,000)."""
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield executed


def sql_floor(queries, repeats):
    """The median time to run the same SELECTs again with a bare cursor and fetch every row."""
    selects = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in selects:
                cursor.execute(sql)
                cursor.fetchall()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_page(client, url, repeats):
    client.get(url)  # warm: the session, translations, templates
    times, counts = [], set()
    last = None
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        counts.add(len(captured))
        last = captured.captured_queries
    floor = sql_floor(last, repeats)
    median = statistics.median(times)
    return {
        "url": url,
        "queries": max(counts),
        "query_counts_seen": sorted(counts),
        "median_ms": median * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "floor_ms": floor * 1000,
        "ratio": median / floor if floor else None,
    }


# --- Loading --------------------------------------------------------------------------------


def load(size):
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    start = time.perf_counter()
    if size == "small":
        call_command("load_reference", stdout=io.StringIO())
    else:
        call_command("generate_scale_data", states=200, conventions=600, seed=1, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - start


# --- The benchmarks -------------------------------------------------------------------------


def pages(repeats):
    from django.contrib.auth.models import User

    staff, _created = User.objects.get_or_create(username="bench", defaults={"is_staff": True})
    client = Client()
    client.force_login(staff)
    # The busiest convention, state and cycle: the worst case of each page.
    convention = max(Convention.objects.all(), key=lambda c: c.participations.count())
    state = State.objects.order_by("name_en").first()
    cycle = (
        ReportingCycle.objects.order_by("-opens_on", "pk").first()
        if ReportingCycle.objects.exists()
        else None
    )
    urls = {
        "status table": reverse("conventions:status", kwargs={"code": convention.code}) + f"?as_of={AS_OF}",
        "overview with counts (convention list)": reverse("conventions:list"),
        "matrix (secretariat overview)": reverse("dashboards:overview") + f"?as_of={AS_OF}",
        "overview's charts (fragment)": reverse("dashboards:overview_charts") + f"?as_of={AS_OF}",
        "state dashboard": reverse("dashboards:state", kwargs={"iso3": state.iso3}),
        "as-of API (convention status)": reverse("api:convention-status", kwargs={"code": convention.code})
        + f"?as_of={AS_OF}",
        "as-of API (state record)": reverse("api:state-detail", kwargs={"iso3": state.iso3})
        + f"?as_of={AS_OF}",
    }
    if cycle:
        urls["questionnaire compliance"] = reverse("questionnaires:cycle", kwargs={"pk": cycle.pk})
    results = {}
    for name, url in urls.items():
        print(f"  {name} ...", flush=True)
        results[name] = time_page(client, url, repeats)
    return results


def digests():
    """The reminder digests' build, if the reminders app provides it."""
    try:
        from reminders.models import ReminderPolicy
        from reminders.selectors import reminder_digests_build
    except ImportError as error:
        return {"skipped": f"reminders not available: {error}"}
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        plan = reminder_digests_build(dt.date.fromisoformat(AS_OF))
        elapsed = time.perf_counter() - start
    floor = sql_floor(captured.captured_queries, 5)
    return {
        "policies": ReminderPolicy.objects.count(),
        "digests": len(getattr(plan, "digests", []) or []),
        "queries": len(captured),
        "seconds": elapsed,
        "floor_ms": floor * 1000,
        "ratio": elapsed / floor if floor else None,
    }


def import_rows(rows):
    """``rows`` participation rows through ParticipationResource (the admin's and load_reference's
    path), with and without drafting their notifications, against two floors: COPY of the same CSV
    into a temporary table of text, and COPY of the same rows, typed, into the participations'
    table and its history's. Every run checks the foreign keys (``SET CONSTRAINTS ALL IMMEDIATE``)
    inside its time and is rolled back afterwards."""
    import tablib

    from conventions.models import Body
    from conventions.resources import ParticipationResource
    from notifications.models import Notification
    from tracker.importing import dataset_import

    results = {}
    with transaction.atomic():
        states = list(State.objects.order_by("pk"))
        per_convention = len(states)
        needed = -(-rows // per_convention)
        body = Body.objects.first()
        conventions = Convention.objects.bulk_create(
            Convention(
                code=f"IMP-{n:05d}",
                short_name_en=f"Import bench {n}",
                title_en=f"Import bench convention {n}",
                adopted_at_en="Washington, D.C.",
                adopted_on=dt.date(1990, 1, 1),
                opened_for_signature_on=dt.date(1990, 1, 1),
                depositary_en="bench",
                followed_by=body,
                eif_instruments_required=2,
                eif_days_after_deposit=30,
            )
            for n in range(needed)
        )
        header = ["convention", "state", "signed_on", "instrument", "instrument_dated", "deposited_on",
                  "denunciation_notified_on", "denunciation_effective_on", "notes", "source"]  # fmt: skip
        lines, typed = [], []
        for n in range(rows):
            convention, state = conventions[n // per_convention], states[n % per_convention]
            signed = dt.date(1990, 1, 1) + dt.timedelta(days=n % 700)
            deposited = None if n % 5 == 0 else signed + dt.timedelta(days=400)
            kind = "ratification" if deposited else ""
            month = n % 10 == 3
            signed_cell = signed.isoformat()[:7] if month else signed.isoformat()
            deposited_cell = deposited.isoformat() if deposited else ""
            lines.append(
                [convention.code, state.iso3, signed_cell, kind, "", deposited_cell, "", "", "", "bench"]
            )
            signed_latest = (signed.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(
                days=1
            )
            typed.append(
                [convention.pk, state.pk, signed.replace(day=1) if month else signed,
                 signed_latest if month else signed, kind, deposited, deposited, "", "bench", 1]
            )  # fmt: skip
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(lines)
        text = buffer.getvalue()
        results["rows"] = rows
        results["csv_mb"] = len(text.encode()) / 1e6

        # Floor 1: COPY of the same CSV into a temporary table of text columns.
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE bench_copy (" + ", ".join(f"{c} text" for c in header) + ")")
            start = time.perf_counter()
            with cursor.copy("COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                copy.write(text)
            results["copy_seconds"] = time.perf_counter() - start
            cursor.execute("DROP TABLE bench_copy")
        results["copy_rows_per_s"] = rows / results["copy_seconds"]

        # Floor 2: COPY of the same rows, typed, into the participations and their history.
        columns = ["convention_id", "state_id", "signature_earliest", "signature_latest", "instrument_kind",
                   "deposit_earliest", "deposit_latest", "notes", "source", "version"]  # fmt: skip
        history = Participation.history.model._meta.db_table
        now = dt.datetime.now(dt.UTC)
        with transaction.atomic(), connection.cursor() as cursor:
            start = time.perf_counter()
            with cursor.copy(f"COPY conventions_participation ({', '.join(columns)}) FROM STDIN") as copy:
                for values in typed:
                    copy.write_row(values)
            cursor.execute("SELECT id FROM conventions_participation WHERE convention_id >= %s ORDER BY id",
                           [conventions[0].pk])  # fmt: skip
            ids = [row[0] for row in cursor.fetchall()]
            history_columns = ["id", *columns, "history_date", "history_type", "history_change_reason"]
            with cursor.copy(f"COPY {history} ({', '.join(history_columns)}) FROM STDIN") as copy:
                for pk, values in zip(ids, typed, strict=True):
                    copy.write_row([pk, *values, now, "+", "bench"])
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            results["copy_tables_seconds"] = time.perf_counter() - start
            transaction.set_rollback(True)
        results["copy_tables_rows_per_s"] = rows / results["copy_tables_seconds"]

        dataset = tablib.Dataset().load(text, format="csv")
        tables = {
            "participations": Participation.objects,
            "participation history": Participation.history,
            "notification drafts": Notification.objects,
            "notification history": Notification.history,
        }
        results["imports"] = {}
        for label, notify in (("without drafts (load_reference)", False), ("with drafts (the admin)", True)):
            with transaction.atomic():
                counts_before = {name: manager.count() for name, manager in tables.items()}
                with peak_rss() as memory, counted_queries() as executed:
                    start, cpu_start = time.perf_counter(), time.process_time()
                    dataset_import(ParticipationResource(notify=notify), dataset, source="bench.csv")
                    with connection.cursor() as cursor:
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
                results["imports"][label] = {
                    # What the import wrote: each row, its history entry and the drafts of its actions.
                    "wrote": {
                        name: manager.count() - counts_before[name] for name, manager in tables.items()
                    },
                    "seconds": seconds,
                    "rows_per_s": rows / seconds,
                    # On a shared machine the wall clock counts other processes' turns; this
                    # process's own CPU time does not (the database server's work is not in it).
                    "cpu_seconds": cpu_seconds,
                    "queries": len(executed),
                    "peak_rss_mb": memory["peak"] / 1e6,
                    "rss_growth_mb": memory["growth"] / 1e6,
                    "ratio_to_copy": seconds / results["copy_seconds"],
                    "ratio_to_copy_tables": seconds / results["copy_tables_seconds"],
                }
                transaction.set_rollback(True)
        transaction.set_rollback(True)
    return results


def exports():
    """The whole record as files, through the views that send them: the overview matrix (the
    dashboards' CSV/XLSX, every state by every convention) and every participation through the
    admin's export (ParticipationResource). Each response is read piece by piece as a client
    reads a download, without keeping it; no row is written to the database (the user is not
    saved, the requests carry no session)."""
    from django.contrib import admin
    from django.contrib.auth.models import User
    from django.test import RequestFactory

    from dashboards.views import overview_export

    user = User(username="bench", is_staff=True, is_superuser=True, is_active=True)
    factory = RequestFactory()

    def download(response):
        pieces = response.streaming_content if response.streaming else [response.content]
        size = sum(len(piece) for piece in pieces)
        response.close()
        return size

    def measure(send, floor):
        download(send())  # warm: translations, templates, the first query plans
        measuring = (peak_rss(), CaptureQueriesContext(connection), counted_queries())
        with measuring[0] as memory, measuring[1] as captured, measuring[2] as executed:
            start = time.perf_counter()
            size = download(send())
            seconds = time.perf_counter() - start
        floor_seconds = floor(captured.captured_queries)
        return {
            "seconds": seconds,
            "bytes": size,
            "queries": len(executed),
            "peak_rss_mb": memory["peak"] / 1e6,
            "rss_growth_mb": memory["growth"] / 1e6,
            "floor_ms": floor_seconds * 1000,
            "ratio": seconds / floor_seconds,
        }

    results = {}
    for file_format in ("csv", "xlsx"):

        def send_matrix(file_format=file_format):
            request = factory.get("/dashboard/overview/export", {"as_of": AS_OF})
            request.user = user
            return overview_export(request, file_format)

        results[f"matrix {file_format}"] = measure(send_matrix, lambda queries: sql_floor(queries, 3))

    floor_sql = (
        "SELECT c.code, s.iso3, p.signature_earliest, p.signature_latest, p.instrument_kind, "
        "p.instrument_dated, p.deposit_earliest, p.deposit_latest, p.denunciation_notified_on, "
        "p.denunciation_effective_on, p.notes, p.source FROM conventions_participation p "
        "JOIN conventions_convention c ON c.id = p.convention_id JOIN states_state s ON s.id = p.state_id "
        "ORDER BY c.code, s.name_en"
    )

    def participations_floor(queries):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(floor_sql)
            cursor.fetchall()
        return time.perf_counter() - start

    participation_admin = admin.site._registry[Participation]
    formats = [f.__name__.lower() for f in participation_admin.get_export_formats()]
    resource_class = participation_admin.get_export_resource_classes(None)[0]
    fields = [f"{resource_class.__name__.lower()}_{name}" for name in resource_class().get_export_order()]
    for file_format in ("csv", "xlsx"):

        def send_participations(file_format=file_format):
            data = {"format": str(formats.index(file_format))}
            # The export form's field choices: every column of the resource, as the admin ticks them.
            data |= dict.fromkeys(fields, "on")
            request = factory.post("/admin/conventions/participation/export/", data)
            request.user = user
            return participation_admin.export_action(request)

        results[f"participations {file_format}"] = measure(send_participations, participations_floor)
        results[f"participations {file_format}"]["rows"] = Participation.objects.count()
    return results


# --- Reporting ------------------------------------------------------------------------------


def machine():
    def run(*command):
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip()
        except OSError:
            return "?"

    def proc_field(path, key):
        with open(path) as lines:
            return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(key)), "?")

    cpu = proc_field("/proc/cpuinfo", "model name")
    memory = proc_field("/proc/meminfo", "MemTotal")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "postgresql": pg,
        "python": platform.python_version(),
        "django": django.get_version(),
        "load_average": run("uptime"),
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=["small", "large"], required=True)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--skip", nargs="*", default=[], choices=["pages", "digests", "import", "exports"])
    parser.add_argument("--no-load", action="store_true", help="Use the database as it is.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database of your own: the benchmark empties it.")
    # Served as in production: DEBUG off, and not setup_test_environment(), whose template
    # instrumentation copies every context rendered, a cost no server pays.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    result = {"size": args.size, "machine": machine()}
    print(f"Load average at start: {result['machine']['load_average']}")
    if not args.no_load:
        print(f"Loading the {args.size} record ...", flush=True)
        result["load_seconds"] = load(args.size)
    result["record"] = {
        "states": State.objects.count(),
        "conventions": Convention.objects.count(),
        "participations": Participation.objects.count(),
    }
    if "pages" not in args.skip:
        print("Pages:", flush=True)
        result["pages"] = pages(args.repeats)
    if "digests" not in args.skip:
        result["digests"] = digests()
    if "exports" not in args.skip:
        print("Exports ...", flush=True)
        result["exports"] = exports()
    if "import" not in args.skip:
        print(f"Import of {args.import_rows} rows ...", flush=True)
        result["import"] = import_rows(args.import_rows)
    result["machine"]["load_average_at_end"] = machine()["load_average"]
    out = BENCH / f"results-{args.size}.json"
    previous = json.loads(out.read_text()) if out.exists() and args.skip else {}
    out.write_text(json.dumps({**previous, **result}, indent=2, default=str))
    print(json.dumps(result, indent=2, default=str))
    write_markdown()


def _fmt(value, digits=1):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}" if isinstance(value, float) else str(value)


def write_markdown():
    runs = {size: json.loads((BENCH / f"results-{size}.json").read_text())
            for size in ("small", "large") if (BENCH / f"results-{size}.json").exists()}  # fmt: skip
    lines = [
        "# Benchmark results",
        "",
        "Written by `bench/run.py`; see README.md for what each floor is.",
        "",
    ]
    for size, run in runs.items():
        m = run["machine"]
        lines += [
            f"## {size}: {run['record']['states']} states, {run['record']['conventions']} conventions, "
            f"{run['record']['participations']} participations",
            "",
            f"Run {m['date']} on {m['nproc']} CPUs ({m['cpu']}), {m['memory']} memory, PostgreSQL "
            f"{m['postgresql']}, Python {m['python']}, Django {m['django']}.",
            f"Load at start: `{m['load_average']}`; at end: `{m.get('load_average_at_end', '?')}` "
            "(other processes may have been running).",
            "",
        ]
        if "pages" in run:
            lines += [
                "| page | queries | median ms | p95 ms | SQL floor ms | ratio |",
                "|---|---:|---:|---:|---:|---:|",
            ]
            for name, page in run["pages"].items():
                lines.append(
                    f"| {name} | {page['queries']} | {_fmt(page['median_ms'])} | {_fmt(page['p95_ms'])} "
                    f"| {_fmt(page['floor_ms'], 2)} | {_fmt(page['ratio'])} |"
                )
            lines.append("")
        if "digests" in run:
            lines += [f"Reminder digests: `{json.dumps(run['digests'], default=str)}`", ""]
        if "exports" in run:
            lines += [
                "| export | queries | seconds | bytes | peak RSS MB | RSS growth MB | SQL floor ms | ratio |",
                "|---|---:|---:|---:|---:|---:|---:|---:|",
            ]
            for name, export in run["exports"].items():
                lines.append(
                    f"| {name} | {export['queries']} | {_fmt(export['seconds'], 2)} | {export['bytes']:,} "
                    f"| {_fmt(export['peak_rss_mb'])} | {_fmt(export['rss_growth_mb'])} "
                    f"| {_fmt(export['floor_ms'], 1)} | {_fmt(export['ratio'])} |"
                )
            lines.append("")
        if "import" in run and "imports" in run["import"]:
            i = run["import"]
            lines += [
                "| import | rows | seconds | rows/s | CPU s | queries (+1 COPY) | peak RSS MB "
                "| RSS growth MB | × COPY to text | × COPY to tables |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
                *(
                    f"| ParticipationResource, {label} | {i['rows']:,} | {_fmt(m['seconds'], 2)} "
                    f"| {_fmt(m['rows_per_s'], 0)} | {_fmt(m['cpu_seconds'], 2)} | {m['queries']} "
                    f"| {_fmt(m['peak_rss_mb'])} | {_fmt(m['rss_growth_mb'])} "
                    f"| {_fmt(m['ratio_to_copy'])} | {_fmt(m['ratio_to_copy_tables'])} |"
                    for label, m in i["imports"].items()
                ),
                f"| COPY of the CSV into a temporary table of text (floor) | {i['rows']:,} "
                f"| {_fmt(i['copy_seconds'], 2)} | {_fmt(i['copy_rows_per_s'], 0)} "
                "| – | 1 | – | – | 1.0 | – |",
                f"| COPY of the rows, typed, into the participations and their history (floor) "
                f"| {i['rows']:,} | {_fmt(i['copy_tables_seconds'], 2)} "
                f"| {_fmt(i['copy_tables_rows_per_s'], 0)} | – | 3 | – | – | – | 1.0 |",
                "",
                "Each run checks the foreign keys inside its time (`SET CONSTRAINTS ALL IMMEDIATE`), "
                "then is rolled back. What each import wrote: "
                + "; ".join(
                    f"{label}: " + ", ".join(f"{count:,} {name}" for name, count in m["wrote"].items())
                    for label, m in i["imports"].items()
                )
                + ".",
                "",
            ]
    load_file = BENCH / "results-load.json"  # written by bench/load.py
    if load_file.exists():
        run = json.loads(load_file.read_text())
        latency = run["latency_ms"]
        lines += [
            f"## Load: gunicorn ({run['gunicorn_workers']} workers) under wrk, {run['connections']} "
            f"connections for {_fmt(run['duration_s'], 0)} s",
            "",
            f"Run {run['date']}, load average at end `{run['load_average']}`. URLs, in turn: "
            + ", ".join(f"{url['name']}{' (signed in)' if url['signed_in'] else ''}" for url in run["urls"])
            + ".",
            "",
            "| requests | requests/s | non-2xx | socket errors | p50 ms | p90 ms | p99 ms | max ms |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {run['requests']:,} | {_fmt(run['requests_per_s'])} | {run['non_2xx']} "
            f"| {sum(run['socket_errors'].values())} | {_fmt(latency['p50'])} | {_fmt(latency['p90'])} "
            f"| {_fmt(latency['p99'])} | {_fmt(latency['max'])} |",
            "",
        ]
    notes = BENCH / "NOTES.md"  # the hand-written reading of the figures, kept across runs
    if notes.exists():
        lines += ["", notes.read_text()]
    (BENCH / "RESULTS.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
