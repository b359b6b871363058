"""Dates known only to some precision.

The depositary record holds dates known to the day, to the month (a deposit seen only as
"12/05" in a fact sheet), to the year (OAS membership since 1981), or only as bounds (a
signature "after 2002-06-03 and before 2003-05-07"). Each is kept as the closed interval of
days it may fall on, ``earliest``..``latest``; an exact date is an interval of one day. The
precision is read off the interval, so it can never disagree with it.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, order=True)
class ApproxDate:
    earliest: dt.date
    latest: dt.date

    def __post_init__(self):
        if self.earliest > self.latest:
            raise ValueError(
                _("%(earliest)s is after %(latest)s")
                % {"earliest": self.earliest.isoformat(), "latest": self.latest.isoformat()}
            )

    @classmethod
    def exact(cls, day: dt.date) -> "ApproxDate":
        return cls(day, day)

    @classmethod
    def parse(cls, text: str) -> "ApproxDate":
        """Read ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or an ISO 8601 interval ``start/end``.

        Raises ``ValueError`` with a message fit to show a user.
        """
        text = text.strip()
        try:
            if "/" in text:
                start, _slash, end = text.partition("/")
                return cls(cls.parse(start).earliest, cls.parse(end).latest)
            if match := _DAY.match(text):
                return cls.exact(dt.date(*map(int, match.groups())))
            if match := _MONTH.match(text):
                year, month = map(int, match.groups())
                last_day = calendar.monthrange(year, month)[1]
                return cls(dt.date(year, month, 1), dt.date(year, month, last_day))
            if match := _YEAR.match(text):
                year = int(match.group(1))
                return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))
        except ValueError as error:
            raise ValueError(
                _("“%(text)s” is not a valid date: %(error)s.") % {"text": text, "error": error}
            ) from None
        raise ValueError(
            _(
                "“%(text)s” is not a date: write YYYY-MM-DD, YYYY-MM, YYYY, or a range "
                "such as 2002-06-04/2003-05-07."
            )
            % {"text": text}
        )

    @property
    def precision(self) -> Precision:
        first, last = self.earliest, self.latest
        if first == last:
            return Precision.DAY
        if first.day == 1 and last == _month_end(first):
            return Precision.MONTH
        if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and (first.year == last.year):
            return Precision.YEAR
        return Precision.RANGE

    @property
    def is_exact(self) -> bool:
        return self.earliest == self.latest

    def certainly_by(self, day: dt.date) -> bool:
        """Whether the event had happened by ``day`` (inclusive) whatever its exact day."""
        return self.latest <= day

    def possibly_by(self, day: dt.date) -> bool:
        return self.earliest <= day

    def shifted(self, days: int) -> "ApproxDate":
        delta = dt.timedelta(days=days)
        return ApproxDate(self.earliest + delta, self.latest + delta)

    def not_before(self, day: dt.date) -> "ApproxDate":
        """This date, or ``day`` where this one could fall earlier."""
        return ApproxDate(max(self.earliest, day), max(self.latest, day))

    def isoformat(self) -> str:
        """The shortest text that ``parse`` reads back to the same interval."""
        match self.precision:
            case Precision.DAY:
                return self.earliest.isoformat()
            case Precision.MONTH:
                return self.earliest.strftime("%Y-%m")
            case Precision.YEAR:
                return str(self.earliest.year)
        return f"{self.earliest.isoformat()}/{self.latest.isoformat()}"

    def describe(self) -> str:
        """Wording for a footnote, saying how much is known."""
        match self.precision:
            case Precision.DAY:
                return str(_("on %(day)s") % {"day": self.earliest.isoformat()})
            case Precision.MONTH:
                return str(_("in %(month)s, day not known") % {"month": self.isoformat()})
            case Precision.YEAR:
                return str(_("in %(year)s, day not known") % {"year": self.isoformat()})
        return str(
            _("between %(earliest)s and %(latest)s, day not known")
            % {"earliest": self.earliest.isoformat(), "latest": self.latest.isoformat()}
        )

    def __str__(self) -> str:
        return self.isoformat()


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def approx_date_or_none(earliest: dt.date | None, latest: dt.date | None) -> ApproxDate | None:
    if earliest is None or latest is None:
        return None
    return ApproxDate(earliest, latest)


def interval_bounds(value: ApproxDate | None) -> tuple[dt.date | None, dt.date | None]:
    """The two model fields' values for an approximate date, or two Nones."""
    return (value.earliest, value.latest) if value else (None, None)


class ApproxDateAttribute:
    """A model's approximate date, kept in its fields ``<prefix>_earliest`` and ``<prefix>_latest``.

    Reads as an ``ApproxDate``, or None while a bound is empty; setting None empties both.
    ``deposit = ApproxDateAttribute("deposit")`` on a model with ``deposit_earliest`` and
    ``deposit_latest``.
    """

    def __init__(self, prefix: str):
        self.earliest, self.latest = f"{prefix}_earliest", f"{prefix}_latest"

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return approx_date_or_none(getattr(instance, self.earliest), getattr(instance, self.latest))

    def __set__(self, instance, value: ApproxDate | None):
        earliest, latest = interval_bounds(value)
        setattr(instance, self.earliest, earliest)
        setattr(instance, self.latest, latest)
