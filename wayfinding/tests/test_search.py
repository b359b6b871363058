import pytest
from django.test import Client
from django.urls import reverse

from conventions.tests.factories import ConventionFactory
from reports.tests.factories import MeetingFactory
from states.tests.factories import StateFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("wayfinding:search")


@pytest.fixture
def record():
    StateFactory(
        iso3="MEX", iso2="MX", name_en="Mexico", name_es="México", name_fr="Mexique", name_pt="México"
    )
    StateFactory(iso3="PER", iso2="PE", name_en="Peru", name_es="Perú", name_fr="Pérou", name_pt="Peru")
    ConventionFactory(
        code="A-66",
        short_name_en="Against Terrorism",
        title_en="Inter-American Convention against Terrorism",
        title_es="Convención Interamericana contra el Terrorismo",
        title_fr="Convention interaméricaine contre le terrorisme",
        title_pt="Convenção Interamericana contra o Terrorismo",
    )
    MeetingFactory(
        code="cicte-rs-20", title_en="Twentieth Regular Session", title_es="Vigésimo Período Ordinario"
    )


def _found(client, words, language="en"):
    page = client.get(SEARCH, {"q": words}, headers={"accept-language": language})
    assert page.status_code == 200
    return page


@pytest.mark.parametrize(
    ("words", "language", "expected"),
    [
        ("mexique", "fr", "Mexique"),
        ("México", "es", "México"),
        ("mex", "en", "Mexico"),
        ("MX", "pt", "México"),
        ("Pérou", "fr", "Pérou"),
    ],
)
def test_a_state_is_found_by_code_or_by_its_name_in_any_language(record, words, language, expected):
    page = _found(Client(), words, language)
    assert f">{expected}</a>" in page.text
    assert reverse("reports:state", args=["MEX" if expected.startswith("M") else "PER"]) in page.text


@pytest.mark.parametrize(
    ("words", "language", "shown_title"),
    [
        ("A-66", "en", "Inter-American Convention against Terrorism"),
        ("contra el terrorismo", "es", "Convención Interamericana contra el Terrorismo"),
        ("contre le terrorisme", "fr", "Convention interaméricaine contre le terrorisme"),
        ("contra o terrorismo", "pt", "Convenção Interamericana contra o Terrorismo"),
    ],
)
def test_a_convention_is_found_by_code_or_title_in_any_language(record, words, language, shown_title):
    page = _found(Client(), words, language)
    assert shown_title in page.text
    assert reverse("conventions:status", args=["A-66"]) in page.text


def test_a_meeting_is_found_by_code_or_spanish_title_and_leads_to_its_body_s_year(record):
    for words in ("cicte-rs-20", "vigésimo"):
        page = _found(Client(), words, "es")
        assert "Vigésimo Período Ordinario" in page.text
        assert reverse("reports:report", args=["CICTE", 2020]) in page.text


def test_words_that_match_nothing_say_so(record):
    page = _found(Client(), "Atlantis")
    assert 'id="no-results"' in page.text and "Atlantis" in page.text


@pytest.mark.parametrize("words", ["", "M", " x ", "a\x00b", "é" * 101])
def test_unusable_words_are_explained_and_nothing_is_looked_up(record, words, django_assert_num_queries):
    client = Client()
    with django_assert_num_queries(0):
        page = client.get(SEARCH, {"q": words})
    assert page.status_code == 200
    assert 'class="errorlist' in page.text
    assert 'id="results-' not in page.text and 'id="no-results"' not in page.text


def test_the_page_without_words_shows_only_the_form(record):
    page = Client().get(SEARCH)
    assert page.status_code == 200
    assert 'class="errorlist' not in page.text and 'id="no-results"' not in page.text


def test_a_search_takes_three_queries_however_much_it_finds(record, django_assert_num_queries):
    for n in range(5):
        StateFactory(name_en=f"Terra {n}")
        MeetingFactory(title_en=f"Terra meeting {n}")
    client = Client()
    # One query each for states, conventions and meetings (with their body).
    with django_assert_num_queries(3):
        page = client.get(SEARCH, {"q": "terr"})
    assert page.text.count("Terra ") == 10
