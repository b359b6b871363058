"""The period a digest belongs to: a month or a quarter, named so that it sorts."""

import datetime as dt

from reminders.models import Frequency


def period_key(frequency: str, day: dt.date) -> str:
    """``2026-11`` for a monthly digest, ``2026-Q4`` for a quarterly one."""
    if frequency == Frequency.MONTHLY:
        return f"{day.year}-{day.month:02d}"
    if frequency == Frequency.QUARTERLY:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    raise ValueError(f"Unknown frequency {frequency!r}")
