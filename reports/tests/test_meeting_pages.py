"""The public pages of the bodies and their meetings, and the calendar of upcoming meetings."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from conventions.models import Convention
from conventions.tests.factories import BodyFactory, ConventionFactory
from reports.models import (
    FigureMeasure,
    FigureQualifier,
    MeetingAttendance,
    MeetingDocument,
    MeetingOfficer,
    MeetingOutcome,
    OfficerRole,
    StatedFigure,
)
from reports.tests.factories import MeetingFactory, OrganizationFactory
from states.tests.factories import StateFactory

pytestmark = pytest.mark.django_db

MEETING_PAGE_QUERIES = [
    "the meeting with its body, chair and vice chair",
    "its officers, attendance, documents, outcomes, mandates cited and mandates adopted (one each)",
    "the body's meetings of the same kind just before and just after",
    "the reports of its year and those presented at it",
    "the figures stated at it",
    "those figures' convention counted on their days: the counts, the conventions' entries into force",
]
MEETING_PAGE_QUERY_COUNT = 1 + 6 + 2 + 1 + 1 + 2
BODY_PAGE_QUERY_COUNT = 5  # the body, its conventions, upcoming meetings, all meetings, reports


def _get(client, url, language="en"):
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_first_meeting_of_consultation_shows_what_its_report_records(client, reference_record):
    html = _get(client, reverse("reports:meeting", args=["rcepter-1"]))

    assert "First Meeting of Consultation of States Parties" in html
    assert "The Secretary General of the OAS, Luis Almagro, at the request of the Government of Peru" in html
    assert "2022-03-17" in html and "CP/RES. 1200 (2384/22)" in html
    assert "virtual (KUDO)" in html
    assert "Ana Cecilia Gervasi Díaz" in html and "Anthony Blinken" in html
    assert "16 delegations of states" in html
    assert "<code>RCEPTER/doc.5/rev.6</code>" in html
    assert "Peru elected Chair" in html and "United States elected Vice Chair" in html
    assert "Next meeting, as this one set it: in 2027, day not known." in html
    assert "Raffi Gregorian" in html and "Keynote speaker" in html
    # The Secretary General's "10 signatory states which have not yet ratified", against the record.
    figures = html[html.index('id="figures-heading"') :]
    assert "called on the 10 signatory states" in figures
    assert "<td>10</td>" in figures and "<td>yes</td>" in figures
    # The meetings before it, of other kinds, are the body's but not this one's sequence.
    assert "Previous:" not in html


def test_a_meeting_page_speaks_spanish_and_marks_the_sources_english(client, reference_record):
    html = _get(client, reverse("reports:meeting", args=["rcepter-1"]), "es")

    assert "Primera Reunión de Consulta de los Estados Parte" in html
    assert "Perú" in html
    assert '<td lang="en">Recommendations of the Meeting of Consultation' in html


def test_a_body_page_lists_its_meetings_latest_first_and_its_convention(client, reference_record):
    html = _get(client, reverse("reports:body", args=["RCEPTER"]))

    codes = ["rcepter-1", "rcepter-preparatory-2022", "rcepter-informal-2022"]
    positions = [html.index(f'id="meeting-{code}"') for code in codes]
    assert positions == sorted(positions)
    assert reverse("conventions:status", args=["A-66"]) in html
    assert reverse("reports:body_calendar", args=["RCEPTER"]) in html


def test_pages_that_name_a_meeting_or_body_link_to_it(client, reference_record):
    meeting_url = reverse("reports:meeting", args=["cicte-rs-20"])

    assert meeting_url in _get(client, reverse("reports:list"))
    assert reverse("reports:body", args=["CICTE"]) in _get(
        client, reverse("conventions:status", args=["A-66"])
    )
    assert reverse("reports:body", args=["CIFTA-CC"]) in _get(
        client, reverse("conventions:status", args=["A-63"])
    )
    assert meeting_url in _get(client, reverse("reports:state", args=["CAN"]))


def test_an_unknown_meeting_or_body_is_not_found(client):
    assert client.get(reverse("reports:meeting", args=["no-such-meeting"])).status_code == 404
    assert client.get(reverse("reports:body", args=["NOBODY"])).status_code == 404
    assert client.get(reverse("reports:body_calendar", args=["NOBODY"])).status_code == 404


def _meeting_with(count: int):
    """A meeting with ``count`` officers, delegations, organizations, documents and outcomes."""
    # Unnumbered: the reference record's sessions hold the numbers a sequence would reach.
    meeting = MeetingFactory(number=None)
    convention = ConventionFactory()
    MeetingFactory(
        body=meeting.body, number=None, date_earliest=meeting.date_earliest - dt.timedelta(days=365)
    )
    for n in range(count):
        state = StateFactory()
        MeetingOfficer.objects.create(
            meeting=meeting, role=OfficerRole.OPENING, state=state, name=f"Speaker {n}"
        )
        MeetingAttendance.objects.create(meeting=meeting, state=state)
        MeetingAttendance.objects.create(meeting=meeting, organization=OrganizationFactory())
        document = MeetingDocument.objects.create(
            meeting=meeting, symbol=f"CICTE/doc.{n}/20", title=f"Statement {n}", submitted_by=state
        )
        MeetingOutcome.objects.create(
            meeting=meeting, kind=MeetingOutcome.Kind.DECISION, title=f"Decision {n}", document=document
        )
        StatedFigure.objects.create(
            meeting=meeting, measure=FigureMeasure.PARTIES, qualifier=FigureQualifier.EXACTLY, value=n,
            convention=convention, as_of=meeting.date_earliest - dt.timedelta(days=n), stated_as=f"{n} parties",
        )  # fmt: skip
    return meeting


@pytest.mark.parametrize("count", [2, 10])
def test_a_meeting_page_takes_the_same_queries_whatever_its_size(client, count, django_assert_num_queries):
    meeting = _meeting_with(count)

    with django_assert_num_queries(MEETING_PAGE_QUERY_COUNT):
        html = _get(client, meeting.get_absolute_url())

    assert html.count("<code>CICTE/doc.") == 2 * count  # in the table, and beside each decision
    assert "Previous:" in html


@pytest.mark.parametrize("count", [2, 10])
def test_a_body_page_takes_the_same_queries_whatever_its_size(client, count, django_assert_num_queries):
    first = MeetingFactory(body=BodyFactory(acronym="CIFTA-CSP"), number=None)
    for _n in range(count - 1):
        MeetingFactory(body=first.body, number=None)

    with django_assert_num_queries(BODY_PAGE_QUERY_COUNT):
        html = _get(client, first.body.get_absolute_url())

    assert html.count('<tr id="meeting-') == count


def _calendar(client, url, language="en"):
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_the_calendar_holds_meetings_to_come_and_the_next_one_announced(client):
    today = timezone.localdate()
    coming = MeetingFactory(
        date_earliest=today + dt.timedelta(days=30),
        date_latest=today + dt.timedelta(days=31),
        venue="Washington, D.C.",
        number=None,
    )
    past = MeetingFactory(body=coming.body, number=None, date_earliest=today - dt.timedelta(days=400))
    announcing = MeetingFactory(
        body=BodyFactory(acronym="MC", name_en="Meeting of Consultation", name_es="Reunión de Consulta"),
        number=None,
        date_earliest=today - dt.timedelta(days=10),
        next_meeting_earliest=dt.date(today.year + 1, 1, 1),
        next_meeting_latest=dt.date(today.year + 1, 12, 31),
    )

    events = {
        str(event["UID"]): event
        for event in _calendar(client, reverse("reports:meetings_calendar")).walk("VEVENT")
    }

    assert not any(uid.startswith(past.code + "@") for uid in events)
    meeting = next(event for uid, event in events.items() if uid.startswith(coming.code + "@"))
    assert meeting["SUMMARY"] == coming.title_en
    assert meeting.decoded("DTSTART") == coming.date_earliest
    assert meeting.decoded("DTEND") == coming.date_latest + dt.timedelta(days=1)  # exclusive end
    assert meeting["LOCATION"] == "Washington, D.C."
    assert str(meeting["URL"]).endswith(coming.get_absolute_url())
    announced = events[next(uid for uid in events if uid.startswith(f"{announcing.code}-next@"))]
    assert announced["STATUS"] == "TENTATIVE"
    assert announced.decoded("DTSTART") == dt.date(today.year + 1, 1, 1)
    assert announced.decoded("DTEND") == dt.date(today.year + 2, 1, 1)

    spanish = _calendar(client, reverse("reports:body_calendar", args=["MC"]), "es").walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in spanish] == ["Reunión de Consulta: próxima reunión"]


def test_the_convention_page_names_the_body_it_set_up(client, reference_record):
    convention = Convention.objects.get(code="A-63")
    html = _get(client, convention.get_absolute_url())

    for body in convention.bodies.all():
        assert body.get_absolute_url() in html
