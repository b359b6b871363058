"""The public list, a notification's page, and the Atom feeds: drafts never show."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils.html import escape

from conventions.tests.factories import ParticipationFactory
from notifications.tests.conftest import deposit, published
from states.tests.factories import StateFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def many_published(a66, count):
    """``count`` states deposited and their notifications published (and one draft left)."""
    notifications = []
    for index in range(count):
        letters = chr(65 + index // 26) + chr(65 + index % 26)
        state = StateFactory(iso3=f"Z{letters}", iso2=letters, name_en=f"State {letters}")
        notifications.append(published(deposit(ParticipationFactory(convention=a66, state=state))))
    return notifications


@pytest.fixture
def listed(signed, a66, chile):
    """One published deposit (Argentina) and one draft (Chile)."""
    notification = published(deposit(signed))
    draft = deposit(ParticipationFactory(convention=a66, state=chile), on="2004-09-29")
    return notification, draft


def test_the_list_shows_published_notifications_and_never_drafts(client, listed):
    notification, draft = listed

    page = client.get(reverse("notifications:list")).text

    assert notification.reference in page and "Argentina" in page
    assert "Chile" not in page.split("<table")[1]


def test_the_list_filters_by_convention_state_kind_and_date(client, listed):
    notification, _draft = listed
    day = notification.issued_on.isoformat()
    url = reverse("notifications:list")

    def refs(**params):
        return client.get(url, params).context["page"].object_list

    assert list(
        refs(convention="A-66", state="ARG", kind="deposit", issued_after=day, issued_before=day)
    ) == [notification]
    assert list(refs(kind="signature")) == []
    assert list(refs(state="CHL")) == []


def test_a_bad_filter_shows_its_error_and_no_rows(client, listed):
    response = client.get(reverse("notifications:list"), {"issued_after": "soon"})
    assert response.status_code == 200 and list(response.context["page"].object_list) == []


def test_a_notification_has_a_stable_page_and_a_draft_has_none(client, listed):
    notification, draft = listed

    assert notification.get_absolute_url() == (
        f"/notifications/A-66/{notification.year}/{notification.number}/"
    )
    page = client.get(notification.get_absolute_url())
    assert page.status_code == 200 and notification.text_en in page.text
    assert client.get(f"/notifications/A-66/{notification.year}/2/").status_code == 404


def test_the_page_is_in_the_visitors_language(client, listed):
    notification, _draft = listed
    client.cookies["django_language"] = "fr"
    assert escape(notification.text_fr) in client.get(notification.get_absolute_url()).text


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_runs_the_same_queries_whatever_its_length(client, a66, count, django_assert_num_queries):
    many_published(a66, count)
    # 1 convention choices of the filter, 2 state choices, 3 count for the paginator, 4 the page's
    # rows with convention, state and the notification each corrects.
    with django_assert_num_queries(4):
        response = client.get(reverse("notifications:list"))
    assert len(response.context["page"].object_list) == count


def parse_atom(text: str) -> ET.Element:
    """The feed, checked for what RFC 4287 requires of a feed and of each entry."""
    feed = ET.fromstring(text)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}") is not None and feed.find(f"{ATOM}{name}").text, name
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}") is not None and entry.find(f"{ATOM}{name}").text, name
        assert entry.find(f"{ATOM}link") is not None
    return feed


def entry_titles(feed: ET.Element) -> list[str]:
    return [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]


@pytest.mark.parametrize(
    "url",
    [
        "/notifications/feed/",
        "/notifications/feed/convention/A-66/",
        "/notifications/feed/state/ARG/",
    ],
)
def test_each_feed_is_valid_atom_with_the_published_notification_and_not_the_draft(client, listed, url):
    notification, _draft = listed

    response = client.get(url)

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse_atom(response.content)
    titles = entry_titles(feed)
    assert titles == [f"{notification.reference}: {notification.title_en}"]
    entry = feed.find(f"{ATOM}entry")
    assert (
        entry.find(f"{ATOM}id").text
        == f"tag:treaty-tracker,{notification.issued_on}:notification/{notification.reference}"
    )


def test_a_feed_of_another_state_or_convention_is_empty_or_missing(client, listed):
    assert entry_titles(parse_atom(client.get("/notifications/feed/state/CHL/").content)) == []
    assert client.get("/notifications/feed/state/XXX/").status_code == 404
    assert client.get("/notifications/feed/convention/A-99/").status_code == 404


def test_a_feed_with_nothing_published_is_still_valid_atom(client, a66):
    assert entry_titles(parse_atom(client.get("/notifications/feed/").content)) == []


@pytest.mark.parametrize("count", [3, 30])
def test_the_feeds_run_the_same_queries_whatever_their_length(client, a66, count, django_assert_num_queries):
    many_published(a66, count)
    # The rows with convention, state and corrected notification, in one query.
    with django_assert_num_queries(1):
        client.get("/notifications/feed/")
    # 1 the convention, 2 its rows.
    with django_assert_num_queries(2):
        feed = parse_atom(client.get("/notifications/feed/convention/A-66/").content)
    assert len(entry_titles(feed)) == count
