"""The upcoming meetings as an iCalendar feed (RFC 5545), for a diary to subscribe to."""

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from reports.selectors import UpcomingMeeting


def _meeting_event(entry: UpcomingMeeting, host: str) -> Event:
    meeting = entry.meeting
    event = Event()
    event.add("uid", f"{meeting.code}@{host}")
    event.add("summary", meeting.title)
    event.add("url", settings.SITE_URL + meeting.get_absolute_url())
    if meeting.venue:
        event.add("location", meeting.venue)
    elif meeting.virtual_platform:
        event.add("location", _("Virtual (%(platform)s)") % {"platform": meeting.virtual_platform})
    elif meeting.is_virtual:
        event.add("location", _("Virtual"))
    if meeting.theme:
        event.add("description", meeting.theme)
    return event


def _announced_event(entry: UpcomingMeeting, host: str) -> Event:
    announced_at = entry.announced_at
    event = Event()
    # One entry per announcement: a later meeting's announcement replaces it under a new UID.
    event.add("uid", f"{announced_at.code}-next@{host}")
    event.add("summary", _("%(body)s: next meeting") % {"body": announced_at.body.name})
    event.add("url", settings.SITE_URL + announced_at.body.get_absolute_url())
    event.add(
        "description",
        _("Announced at the %(meeting)s. Date: %(date)s.")
        % {"meeting": announced_at.title, "date": entry.date.describe()},
    )
    return event


def upcoming_calendar(upcoming: list[UpcomingMeeting], name: str) -> bytes:
    """``upcoming`` as all-day events; a date known only to the month or year spans it whole
    and says so, since a diary has no way to show an approximate day."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", "-//Inter-American treaty record//Upcoming meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for entry in upcoming:
        event = _meeting_event(entry, host) if entry.meeting else _announced_event(entry, host)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.date.earliest)
        event.add("dtend", entry.date.latest + dt.timedelta(days=1))  # DTEND of a day is exclusive
        if not entry.date.is_exact and entry.meeting is None:
            event.add("status", "TENTATIVE")
        calendar.add_component(event)
    return calendar.to_ical()
