"""What other sites and machines read of a convention: its JSON-LD, the widget they frame, the badge."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse

from conventions.tests.factories import ConventionFactory, ParticipationFactory
from states.tests.factories import StateFactory

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _record(parties: int, signatories: int, **convention):
    """A convention in force (its rule asks for one instrument) with parties and mere signatories."""
    convention = ConventionFactory(code="A-66", eif_instruments_required=1, **convention)
    for _ in range(parties):
        ParticipationFactory(
            convention=convention,
            state=StateFactory(),
            deposit_earliest=dt.date(2003, 1, 1),
        )
    for _ in range(signatories):
        ParticipationFactory(convention=convention, state=StateFactory())
    return convention


def _counts_on_the_status_page(client) -> dict[str, str]:
    page = client.get(reverse("conventions:status", args=["A-66"])).content.decode()
    return {
        name: re.search(rf'<dd id="count-{name}">([^<]*)</dd>', page).group(1)
        for name in ("signatories", "parties")
    }


def test_the_convention_page_describes_it_as_legislation_with_the_table_s_counts():
    _record(parties=2, signatories=1)
    page = Client().get(reverse("conventions:status", args=["A-66"]) + "?as_of=2026-01-01").content.decode()

    (data,) = [json.loads(block) for block in JSON_LD.findall(page)]

    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "A-66"
    assert data["name"] == "Inter-American Convention A-66"
    assert data["legislationDate"] == "2002-06-03"
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    assert data["url"].endswith("/conventions/A-66/")
    status = data["subjectOf"]
    assert status["temporalCoverage"] == "2026-01-01"
    measured = {value["name"]: value["value"] for value in status["variableMeasured"]}
    assert measured == {"signatories": 3, "parties": 2, "in_force": 2, "denounced": 0}
    assert re.search(r'<dd id="count-parties">2</dd>', page)


def test_a_title_that_closes_the_script_element_stays_inside_it():
    _record(parties=0, signatories=0, title_en='Convention </script><script>alert("x")</script> & more')

    page = Client().get(reverse("conventions:status", args=["A-66"])).content.decode()

    (block,) = JSON_LD.findall(page)
    assert "</script>" not in block and "<script>" not in page.replace('<script src="', "")
    assert json.loads(block)["name"] == 'Convention </script><script>alert("x")</script> & more'


def test_the_widget_may_be_framed_by_any_site_while_the_status_page_may_not():
    _record(parties=1, signatories=0)
    client = Client()

    widget = client.get(reverse("conventions:widget", args=["A-66"]))
    status = client.get(reverse("conventions:status", args=["A-66"]))
    open_data = client.get(reverse("wayfinding:open_data"))

    assert "X-Frame-Options" not in widget
    assert "frame-ancestors *" in widget["Content-Security-Policy"]
    # The rest of the policy is the site's: still no inline script.
    assert "script-src 'self'" in widget["Content-Security-Policy"]
    for page in (status, open_data):
        assert page["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_the_widget_shows_today_s_counts_in_the_reader_s_language_and_links_to_the_table():
    _record(parties=2, signatories=1)

    page = (
        Client().get(reverse("conventions:widget", args=["A-66"]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    )

    assert '<html lang="es">' in page
    assert '<dd id="count-signatories">3</dd>' in page and '<dd id="count-parties">2</dd>' in page
    assert f'href="{reverse("conventions:status", args=["A-66"])}" target="_blank"' in page


def test_the_badge_counts_the_parties_of_the_status_table():
    _record(parties=2, signatories=1)
    client = Client()

    badge = client.get(reverse("conventions:badge", args=["A-66"]))

    assert badge["Content-Type"] == "image/svg+xml"
    svg = ET.fromstring(badge.content)
    title = svg.find("{http://www.w3.org/2000/svg}title").text
    assert title == f"A-66: {_counts_on_the_status_page(client)['parties']} parties" == "A-66: 2 parties"


def test_the_badge_is_cached_and_revalidated_by_its_etag():
    _record(parties=1, signatories=0)
    client = Client()

    badge = client.get(reverse("conventions:badge", args=["A-66"]))
    again = client.get(reverse("conventions:badge", args=["A-66"]), HTTP_IF_NONE_MATCH=badge["ETag"])

    assert "max-age=3600" in badge["Cache-Control"] and "public" in badge["Cache-Control"]
    assert again.status_code == 304 and again.content == b""
    assert "1 party" in badge.content.decode()


def test_the_badge_escapes_the_code_and_never_localises_its_number(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    convention = ConventionFactory(code="X&<Y")
    for _ in range(2):
        ParticipationFactory(
            convention=convention, state=StateFactory(), deposit_earliest=dt.date(2003, 1, 1)
        )

    badge = Client().get(reverse("conventions:badge", args=["X&<Y"]), HTTP_ACCEPT_LANGUAGE="fr")

    svg = ET.fromstring(badge.content)  # well-formed: the code's & and < are escaped
    assert svg.find("{http://www.w3.org/2000/svg}title").text.startswith("X&<Y: 2 ")
    assert all(re.fullmatch(r"\d+", svg.get(size)) for size in ("width", "height"))


@pytest.mark.parametrize("url_name", ["conventions:widget", "conventions:badge"])
def test_an_unknown_convention_has_no_widget_nor_badge(url_name):
    assert Client().get(reverse(url_name, args=["Z-1"])).status_code == 404


@pytest.mark.parametrize("url_name", ["conventions:widget", "conventions:badge"])
@pytest.mark.parametrize("states", [2, 12])
def test_the_widget_and_badge_ask_as_many_queries_however_many_states(
    url_name, states, django_assert_num_queries
):
    _record(parties=states // 2, signatories=states - states // 2)

    # The convention; its counts (one query over its participations); its entry into force.
    with django_assert_num_queries(3):
        response = Client().get(reverse(url_name, args=["A-66"]))

    assert response.status_code == 200
