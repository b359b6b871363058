"""Dates, lists and languages worded as a report writes them, in the active language."""

import datetime as dt

from django.utils.dates import MONTHS
from django.utils.translation import get_language, pgettext

from conventions.approx_dates import ApproxDate, Precision

LANGUAGE_NAMES = {
    "en": lambda: pgettext("language named in a sentence", "English"),
    "es": lambda: pgettext("language named in a sentence", "Spanish"),
    "fr": lambda: pgettext("language named in a sentence", "French"),
    "pt": lambda: pgettext("language named in a sentence", "Portuguese"),
}


def _month(day: dt.date) -> str:
    return str(MONTHS[day.month])


def _day(day: dt.date) -> str:
    return pgettext("a day", "%(month)s %(day)s, %(year)s") % {
        "month": _month(day),
        "day": day.day,
        "year": day.year,
    }


def _month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def date_words(date: ApproxDate) -> str:
    """``January 19-20, 2020``, ``July 2020``, ``June-December 2020``: the span of days in words."""
    first, last = date.earliest, date.latest
    precision = date.precision
    if precision == Precision.DAY:
        return _day(first)
    if precision == Precision.YEAR:
        return str(first.year)
    if precision == Precision.MONTH:
        return pgettext("a month", "%(month)s %(year)s") % {"month": _month(first), "year": first.year}
    if first.year != last.year:
        return f"{_day(first)} - {_day(last)}"
    if first.day == 1 and _month_end(last):
        return pgettext("whole months", "%(first_month)s-%(last_month)s %(year)s") % {
            "first_month": _month(first),
            "last_month": _month(last),
            "year": first.year,
        }
    if first.month == last.month:
        return pgettext("days of a month", "%(month)s %(first)s-%(last)s, %(year)s") % {
            "month": _month(first),
            "first": first.day,
            "last": last.day,
            "year": first.year,
        }
    return pgettext(
        "days across two months", "%(first_month)s %(first)s-%(last_month)s %(last)s, %(year)s"
    ) % {
        "first_month": _month(first),
        "first": first.day,
        "last_month": _month(last),
        "last": last.day,
        "year": first.year,
    }


def capfirst_words(text: str) -> str:
    """A sentence starts with a capital, also when it starts with a Spanish month name."""
    return text[:1].upper() + text[1:]


def joined(words: list[str]) -> str:
    """``A, B and C`` in the active language."""
    words = [word for word in words if word]
    if len(words) <= 1:
        return "".join(words)
    conjunction = pgettext("the last two of a list", "%(first)s and %(last)s")
    last = words[-1]
    # Spanish writes "e" for "y" before a word starting with the sound "i" (español e inglés).
    if (
        (get_language() or "").startswith("es")
        and last.lower().startswith(("i", "hi"))
        and not (last.lower().startswith("hie"))
    ):
        conjunction = "%(first)s e %(last)s"
    return conjunction % {"first": ", ".join(words[:-1]), "last": last}


def language_names(codes: list[str]) -> str:
    return joined([LANGUAGE_NAMES[code]() for code in codes if code in LANGUAGE_NAMES])
