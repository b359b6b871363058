"""Measure the admin import's bounds: a 100,000-row workbook posted to the state import.

    .venv/bin/python bench/import_limits.py [--rows 100000]

Two workbooks are posted to the admin: one that declares its size (as Excel and LibreOffice
write it), one that does not (openpyxl's streaming writer), both written by a child process.
A throwaway SQLite database in a temporary folder is migrated first, before anything is
measured. Prints each workbook's size, the answer and the time the request took, the Python
allocations' peak during the request (tracemalloc, a second request) and the process's peak RSS
before and after it (``resource``); then, for comparison, the same workbook read whole with the
row limit lifted (only read into a dataset, not imported).
"""

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from states.tests.factories import UserFactory  # noqa: E402
from tracker.record_admin import XLSX  # noqa: E402

COLUMNS = ["iso3", "iso2", "name_en", "name_es", "name_fr", "name_pt", "subregion"]


def workbook(rows: int, *, declared: bool) -> bytes:
    """A workbook of ``rows`` states; ``declared``: with its size written in the file, as Excel
    and LibreOffice write it (openpyxl's streaming writer does not)."""
    book = openpyxl.Workbook(write_only=not declared)
    sheet = book.active if declared else book.create_sheet()
    sheet.append(COLUMNS)
    for number in range(rows):
        sheet.append(
            [f"{number:03d}"[-3:], "XX", f"State {number}", "Estado", "État", "Estado", "south_america"]
        )
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def admin_import(client, content):
    return client.post(
        "/admin/states/state/import/",
        {"format": "1", "import_file": SimpleUploadedFile("states.xlsx", content)},
    )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--write", help=argparse.SUPPRESS)  # the child that writes the workbooks
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    if args.write:
        for declared in (True, False):
            Path(args.write, f"{declared}.xlsx").write_bytes(workbook(args.rows, declared=declared))
        return
    # Written by another process, so that this one's peak RSS is the import's, not the writer's.
    subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--write", str(folder)], check=True)
    call_command("migrate", verbosity=0)
    setup_test_environment()
    print(f"limits: IMPORT_MAX_BYTES={settings.IMPORT_MAX_BYTES} IMPORT_MAX_ROWS={settings.IMPORT_MAX_ROWS}")
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for declared in (True, False):
        content = Path(folder, f"{declared}.xlsx").read_bytes()
        kind = "size declared" if declared else "size not declared"
        print(f"workbook, {kind}: {args.rows} rows, {len(content) / 1e6:.2f} MB")
        started = time.perf_counter()
        response = admin_import(client, content)
        elapsed = time.perf_counter() - started
        errors = response.context["form"].errors.get("import_file")
        print(
            f"  admin import: HTTP {response.status_code} in {elapsed:.2f} s, form error: {errors.as_text()}"
        )
        rss_before = peak_rss_mb()
        tracemalloc.start()
        admin_import(client, content)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  Python allocations' peak during the request (again, traced): {peak / 1e6:.1f} MB")
        print(f"  peak RSS of the process: {rss_before:.0f} MB before, {peak_rss_mb():.0f} MB after")

    with override_settings(IMPORT_MAX_ROWS=10**9):
        tracemalloc.start()
        started = time.perf_counter()
        dataset = XLSX().create_dataset(content)
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"unbounded, for comparison: {len(dataset)} rows read into a dataset in {elapsed:.2f} s,")
    print(f"  Python allocations' peak {peak / 1e6:.1f} MB, peak RSS now {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
