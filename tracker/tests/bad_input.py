"""What the bad-input tests share: the tally of generated inputs tried, and the record's fingerprint.

Each test counts what it tried under a kind ("participations import", "API requests", ...);
the root ``conftest.py`` prints the tally at the end of the run, so the figure is measured,
not estimated. ``record_fingerprint`` tells whether a refused input changed anything.
"""

import calendar
import hashlib
import string
from collections import Counter

from django.apps import apps
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

TRIED = Counter()

# The record and everything written beside it: history, notifications, digests, the admin's log.
RECORD_APPS = {"conventions", "states", "questionnaires", "reports", "reminders", "notifications", "admin"}

def bad_input_settings(max_examples: int) -> settings:
    """Hypothesis settings of a bad-input test: its number of examples, the same ones every run.

    The database is set up once per test and every example must leave it as it was, which is
    what the tests assert: sharing the function's fixtures between examples is the point. No
    deadline: the machine is shared, and a slow example is not a wrong one.
    """
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        # No shrinking: every example touches the database, and a failure already shows its input.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def tally(kind: str, count: int = 1) -> None:
    TRIED[kind] += count


def summary_lines() -> list[str]:
    if not TRIED:
        return []
    width = max(len(kind) for kind in TRIED)
    lines = [f"{kind:<{width}}  {count:>6}" for kind, count in sorted(TRIED.items())]
    return [*lines, f"{'total':<{width}}  {sum(TRIED.values()):>6}"]


def record_fingerprint() -> dict[str, tuple[int, str]]:
    """Each table of the record (history tables included): its row count and a checksum of its rows."""
    fingerprint = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in RECORD_APPS:
            rows = list(model._base_manager.order_by("pk").values_list())
            fingerprint[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return fingerprint


# Dates no calendar has, in the forms people type them.
_YEARS = st.integers(1900, 2100)
BAD_DATES = st.one_of(
    st.builds(  # a day past the month's end: 2021-02-30, 2023-04-31
        lambda year, month, extra: f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1] + extra:02d}",
        _YEARS,
        st.integers(1, 12),
        st.integers(1, 99 - 31),
    ),
    st.builds(lambda year, month: f"{year}-{month:02d}", _YEARS, st.integers(13, 99)),  # 2020-13
    st.builds(lambda month, year: f"{month}/{year}", st.integers(1, 99), _YEARS),  # 13/2020
    st.builds(lambda day, month, year: f"{day:02d}/{month:02d}/{year}", st.integers(1, 31), st.integers(1, 12), _YEARS),
    st.builds(lambda year: f"{year}-01-01", st.integers(10_000, 10**12)),  # beyond any calendar
    st.just("0000-00-00"),
    st.text(string.ascii_letters + " ", min_size=1, max_size=30).filter(str.strip),  # "yesterday"
)
# What a spreadsheet would run as a formula, in a cell that must hold a code or a date.
FORMULAS = st.sampled_from(
    ["=cmd|' /C calc'!A0", "=1+1", "+SUM(A1:A9)", '@HYPERLINK("http://example.org")', "=HYPERLINK(A1)"]
)
# A cell far longer than any code, date or name.
HUGE_CELLS = st.integers(1_000, 200_000).map(lambda size: "Z" * size)
# Text a database cannot keep: PostgreSQL refuses the NUL character outright.
NUL_TEXT = st.text(string.ascii_letters, max_size=8).map(lambda text: f"{text}\x00{text}")
