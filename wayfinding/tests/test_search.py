"""The site's search: a reader finds a state, a convention or a meeting from the header's box."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from conventions.tests.factories import BodyFactory, ConventionFactory
from reports.tests.factories import MeetingFactory
from states.tests.factories import StateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(db):
    StateFactory(iso3="PER", iso2="PE", name_en="Peru", name_es="Perú", name_fr="Pérou", name_pt="Peru")
    StateFactory(
        iso3="BRA", iso2="BR", name_en="Brazil", name_es="Brasil", name_fr="Brésil", name_pt="Brasil"
    )
    cicte = BodyFactory(
        acronym="CICTE",
        name_en="Inter-American Committee against Terrorism",
        name_es="Comité Interamericano contra el Terrorismo",
    )
    ConventionFactory(
        code="A-66",
        short_name_en="Terrorism",
        title_en="Inter-American Convention against Terrorism",
        title_fr="Convention interaméricaine contre le terrorisme",
        followed_by=cicte,
    )
    ConventionFactory(
        code="A-63", short_name_en="CIFTA", title_en="Inter-American Convention against firearms"
    )
    MeetingFactory(
        body=cicte,
        title_en="Twentieth Regular Session",
        title_es="Vigésimo Período Ordinario de Sesiones",
        date_earliest=dt.date(2020, 9, 25),
    )


def search(client, query, language="en"):
    with translation.override(language):
        return client.get(reverse("wayfinding:search"), {"q": query}, HTTP_ACCEPT_LANGUAGE=language)


def found(response):
    results = response.context["results"]
    return (
        [state.iso3 for state in results.states],
        [convention.code for convention in results.conventions],
        [meeting.title_en for meeting in results.meetings],
    )


@pytest.mark.parametrize(
    ("query", "states"),
    [
        ("Perú", ["PER"]),
        ("Pérou", ["PER"]),
        ("peru", ["PER"]),
        ("PER", ["PER"]),
        ("pe", ["PER"]),
        ("Bra", ["BRA"]),
    ],
)
def test_a_state_is_found_by_its_name_in_any_language_or_its_code(client, record, query, states):
    assert found(search(client, query))[0] == states


def test_a_convention_is_found_by_code_prefix_and_by_its_title_in_another_language(client, record):
    assert found(search(client, "A-6"))[1] == ["A-63", "A-66"]
    assert found(search(client, "interaméricaine"))[1] == ["A-66"]
    assert found(search(client, "cifta"))[1] == ["A-63"]


def test_a_meeting_is_found_by_its_title_or_its_bodys_name_and_links_to_the_bodys_year(client, record):
    response = search(client, "Vigésimo")
    assert found(response)[2] == ["Twentieth Regular Session"]
    assert found(search(client, "Comité Interamericano"))[2] == ["Twentieth Regular Session"]
    assert reverse("reports:report", args=["CICTE", 2020]) in response.content.decode()


def test_results_are_shown_in_the_readers_language_with_links(client, record):
    page = search(client, "PER", language="fr").content.decode()

    assert 'lang="fr"' in page
    assert "Pérou" in page
    assert f'href="{reverse("reports:state", args=["PER"])}"' in page


def test_nothing_found_says_so_and_suggests_what_to_try(client, record):
    response = search(client, "Atlantis")

    assert not response.context["results"]
    assert "Nothing in the record matches" in response.content.decode()


@pytest.mark.parametrize("query", ["x", "", "a" * 101, "PE\x00RU"])
def test_a_query_too_short_too_long_or_with_a_nul_is_refused_beside_the_box(client, record, query):
    response = search(client, query)

    assert response.status_code == 200
    assert response.context["results"] is None
    assert response.context["form"].errors["q"]
    assert 'id="id_q_error"' in response.content.decode()


def test_the_empty_search_page_is_a_form_without_errors(client, record):
    response = client.get(reverse("wayfinding:search"))

    assert response.status_code == 200
    assert not response.context["form"].is_bound


@pytest.mark.parametrize("size", [1, 12])
def test_a_search_costs_the_same_queries_whatever_it_finds(client, db, django_assert_num_queries, size):
    for n in range(size):
        StateFactory(name_en=f"Saint Example {n}")
        MeetingFactory(title_en=f"Saint Example meeting {n}")
    # The states, the conventions and the meetings with their bodies.
    with django_assert_num_queries(3):
        response = client.get(reverse("wayfinding:search"), {"q": "Saint"})
    assert len(response.context["results"].states) == size
