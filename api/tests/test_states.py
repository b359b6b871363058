"""The states endpoints, tried by an anonymous client first."""

import itertools
import string

import pytest
from django.urls import reverse

from api.tests.conftest import add_states
from conventions.selectors import treaty_status_as_of
from conventions.status_export import treaty_status_rows
from states.tests.factories import StateFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("api:state-list")

# What the list asks the database, whatever the number of states:
LIST_QUERIES = [
    "the number of states (for the pagination)",
    "the page of states",
    "their membership events (prefetched, for the standing)",
]
# Filtering by standing reads every state's standing first:
STANDING_FILTER_QUERIES = ["every membership event", "every state"]
# And one state's record, whatever the number of states or conventions:
RECORD_QUERIES = [
    "the state by its code",
    "its membership events (prefetched)",
    "every convention with its following body",
    "the state's participations under them",
    "their reservations (prefetched)",
    "each convention's entry into force (its n-th deposit)",
]


def record_url(iso3, **params):
    url = reverse("api:state-detail", kwargs={"iso3": iso3})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def codes(response):
    return [state["iso3"] for state in response.json()["results"]]


# --- The list ----------------------------------------------------------------------------------


def test_anyone_may_read_the_list(anonymous, record):
    response = anonymous.get(LIST_URL)

    assert response.status_code == 200
    assert response.json()["count"] == 4
    # In the order of their English names.
    assert codes(response) == ["MAY", "NON", "PTY", "SIG"]


def test_the_list_describes_each_state(anonymous, record):
    states = {s["iso3"]: s for s in anonymous.get(LIST_URL).json()["results"]}

    assert states["PTY"] == {
        "url": "http://testserver/api/states/PTY/",
        "iso3": "PTY",
        "iso2": "ZP",
        "name": "Partyland",
        "name_en": "Partyland",
        "name_es": "Partilandia",
        "name_fr": "État Partyland",
        "name_pt": "Estado Partyland",
        "subregion": "caribbean",
        "oas_member_since": 1948,
        "oas_standing": "member",
    }
    assert states["SIG"]["oas_standing"] == "withdrawn"


def test_the_name_follows_the_language_asked_for(anonymous, record):
    states = {
        s["iso3"]: s for s in anonymous.get(LIST_URL, headers={"accept-language": "es"}).json()["results"]
    }

    assert states["PTY"]["name"] == "Partilandia"


def test_the_list_never_shows_contacts(anonymous, record):
    content = anonymous.get(LIST_URL).content.decode()

    assert "private.person@example.org" not in content
    assert "Private Person" not in content


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"subregion": "south_america"}, ["MAY"]),
        ({"subregion": "caribbean"}, ["PTY"]),
        ({"standing": "withdrawn"}, ["SIG"]),
        ({"standing": "member"}, ["MAY", "NON", "PTY"]),
        ({"standing": "not_yet_member"}, []),
        ({"q": "partil"}, ["PTY"]),  # Spanish name, any case
        ({"q": "État N"}, ["NON"]),  # French name
        ({"q": "sig"}, ["SIG"]),  # alpha-3 code, any case
        ({"q": "land"}, ["PTY"]),
        ({"q": "   "}, ["MAY", "NON", "PTY", "SIG"]),
        ({"q": "zzz"}, []),
        ({"subregion": "caribbean", "q": "approx"}, []),
    ],
)
def test_the_list_is_filtered(anonymous, record, params, expected):
    response = anonymous.get(LIST_URL, params)

    assert response.status_code == 200
    assert codes(response) == expected


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        (
            {"subregion": "oceania"},
            {"subregion": ["Select a valid choice. oceania is not one of the available choices."]},
        ),
        (
            {"standing": "expelled"},
            {"standing": ["Select a valid choice. expelled is not one of the available choices."]},
        ),
        ({"q": "x" * 101}, {"q": ["Ensure this value has at most 100 characters (it has 101)."]}),
        ({"q": "a\x00b"}, {"q": ["Null characters are not allowed."]}),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(anonymous, record, params, errors):
    response = anonymous.get(LIST_URL, params)

    assert response.status_code == 400
    assert response.json() == errors


def test_the_text_search_finds_an_alpha_2_code_in_any_case(anonymous, record):
    assert codes(anonymous.get(LIST_URL, {"q": "zm"})) == ["MAY"]


def test_unknown_parameters_are_ignored(anonymous, record):
    assert codes(anonymous.get(LIST_URL, {"colour": "blue"})) == ["MAY", "NON", "PTY", "SIG"]


def test_the_list_is_paginated(anonymous, record):
    first = anonymous.get(LIST_URL, {"page_size": 3}).json()
    second = anonymous.get(LIST_URL, {"page_size": 3, "page": 2}).json()
    last = anonymous.get(LIST_URL, {"page_size": 3, "page": "last"}).json()

    assert first["count"] == 4
    assert [s["iso3"] for s in first["results"]] == ["MAY", "NON", "PTY"]
    assert first["next"] == "http://testserver/api/states/?page=2&page_size=3"
    assert first["previous"] is None
    assert [s["iso3"] for s in second["results"]] == ["SIG"]
    assert last == second


def test_fifty_states_to_a_page_by_default_and_at_most_two_hundred(anonymous, db):
    # More states than the factory's made-up codes allow in one test: give each its own.
    letters = string.ascii_uppercase
    for first, second in list(itertools.product(letters, letters))[:201]:
        StateFactory(iso2=first + second, iso3=f"{first}{second}Q", name_en=f"State {first}{second}")

    assert len(anonymous.get(LIST_URL).json()["results"]) == 50
    assert len(anonymous.get(LIST_URL, {"page_size": 5000}).json()["results"]) == 200


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"page": "two"}, {"page": ["Give a page number from 1 (or “last”), not “two”."]}),
        ({"page": "0"}, {"page": ["Give a page number from 1 (or “last”), not “0”."]}),
        ({"page": "-1"}, {"page": ["Give a page number from 1 (or “last”), not “-1”."]}),
        ({"page": "1.5"}, {"page": ["Give a page number from 1 (or “last”), not “1.5”."]}),
        ({"page": "9" * 5000}, {"page": [f"Give a page number from 1 (or “last”), not “{'9' * 5000}”."]}),
        ({"page_size": "ten"}, {"page_size": ["Give a whole number from 1, not “ten”."]}),
        ({"page_size": "0"}, {"page_size": ["Give a whole number from 1, not “0”."]}),
    ],
)
def test_a_bad_page_is_a_400_naming_the_parameter(anonymous, record, params, errors):
    response = anonymous.get(LIST_URL, params)

    assert response.status_code == 400
    assert response.json() == errors


def test_a_page_past_the_last_is_a_json_404(anonymous, record):
    response = anonymous.get(LIST_URL, {"page": 3, "page_size": 2})

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no page 3: the last page is 2."}


def test_an_empty_list_has_one_empty_page(anonymous, db):
    body = anonymous.get(LIST_URL).json()

    assert (body["count"], body["results"]) == (0, [])
    assert anonymous.get(LIST_URL, {"page": 2}).status_code == 404


@pytest.mark.parametrize("extra_states", [0, 26])
def test_the_list_takes_the_same_queries_for_4_or_30_states(
    anonymous, record, extra_states, django_assert_num_queries
):
    add_states(record["convention"], extra_states)

    with django_assert_num_queries(len(LIST_QUERIES)):
        response = anonymous.get(LIST_URL)
    assert response.json()["count"] == 4 + extra_states

    with django_assert_num_queries(len(LIST_QUERIES) + len(STANDING_FILTER_QUERIES)):
        response = anonymous.get(LIST_URL, {"standing": "member"})
    assert response.json()["count"] == 3 + extra_states


# --- One state's record ------------------------------------------------------------------------


def test_anyone_may_read_a_states_record(anonymous, record):
    response = anonymous.get(record_url("PTY"))

    assert response.status_code == 200
    body = response.json()
    assert (body["iso3"], body["iso2"], body["name"], body["name_es"]) == (
        "PTY",
        "ZP",
        "Partyland",
        "Partilandia",
    )
    assert (body["subregion"], body["oas_member_since"], body["oas_standing"]) == (
        "caribbean",
        1948,
        "member",
    )
    assert body["membership_events"] == []


def test_the_record_has_the_states_row_under_every_convention(anonymous, record):
    body = anonymous.get(record_url("PTY", as_of="2003-05-15")).json()

    assert body["as_of"] == "2003-05-15"
    assert body["conventions"] == [
        {
            "convention": "T-1",
            "short_name": "Test Convention",
            "convention_in_force": False,
            "status": "party",
            "possible": ["party"],
            "signed_on": "2002-06-03",
            "instrument": "ratification",
            "deposited_on": "2003-01-10",
            "in_force_on": None,
            "reservations": True,
            "denunciation_effective_on": None,
        },
        {
            "convention": "T-2",
            "short_name": "Convention T-2",
            "convention_in_force": False,
            "status": "not_signed",
            "possible": ["not_signed"],
            "signed_on": None,
            "instrument": None,
            "deposited_on": None,
            "in_force_on": None,
            "reservations": False,
            "denunciation_effective_on": None,
        },
    ]


@pytest.mark.parametrize("iso3", ["PTY", "MAY", "SIG", "NON"])
@pytest.mark.parametrize("as_of", ["2003-05-15", "2030-01-01"])
def test_each_row_is_the_one_of_the_convention_status(anonymous, record, iso3, as_of):
    """The record repeats the status export's row for the state, less its name and code."""
    import datetime as dt

    rows = treaty_status_rows(treaty_status_as_of(record["convention"], dt.date.fromisoformat(as_of)))
    exported = next(row for row in rows if row["state"] == iso3)

    row = anonymous.get(record_url(iso3, as_of=as_of)).json()["conventions"][0]

    assert row == {
        "convention": "T-1",
        "short_name": "Test Convention",
        "convention_in_force": as_of == "2030-01-01",
        **{k: v for k, v in exported.items() if k not in ("state", "name")},
    }


def test_the_record_shows_membership_events_up_to_the_day(anonymous, record):
    today = anonymous.get(record_url("SIG")).json()
    before_withdrawal = anonymous.get(record_url("SIG", as_of="2018-01-01")).json()

    assert today["oas_standing"] == "withdrawn"
    assert today["membership_events"] == [
        {
            "kind": "denunciation_notified",
            "kind_label": "Denunciation of the Charter notified",
            "occurred_on": "2017-04-28",
            "reference": "",
        },
        {
            "kind": "withdrawal_effective",
            "kind_label": "Withdrawal effective",
            "occurred_on": "2019-04-27",
            "reference": "Withdrawal after the two years the Charter requires",
        },
    ]
    assert before_withdrawal["oas_standing"] == "member"
    assert [e["kind"] for e in before_withdrawal["membership_events"]] == ["denunciation_notified"]


def test_the_record_never_shows_contacts(anonymous, record):
    response = anonymous.get(record_url("NON"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "private.person@example.org" not in content
    assert "Private Person" not in content
    assert "contacts" not in response.json()


def test_the_code_may_be_in_lower_case(anonymous, record):
    assert anonymous.get(record_url("pty")).json()["iso3"] == "PTY"


@pytest.mark.parametrize("iso3", ["XYZ", "PTYX", "P"])
def test_an_unknown_state_is_a_json_404(anonymous, record, iso3):
    response = anonymous.get(record_url(iso3))

    assert response.status_code == 404
    assert response.json() == {"detail": f"No state has the ISO alpha-3 code “{iso3}”."}


@pytest.mark.parametrize("iso3", ["PTY", "XYZ"])
def test_a_bad_date_is_a_400_naming_the_parameter(anonymous, record, iso3, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = anonymous.get(record_url(iso3, as_of="31/05/2024"))

    assert response.status_code == 400
    assert response.json() == {
        "as_of": ["“31/05/2024” is not a date: write it as YYYY-MM-DD, e.g. 2024-05-31."]
    }


@pytest.mark.parametrize("extra_states", [0, 26])
def test_a_record_takes_the_same_queries_for_4_or_30_states(
    anonymous, record, extra_states, django_assert_num_queries
):
    add_states(record["other"], extra_states)

    with django_assert_num_queries(len(RECORD_QUERIES)):
        response = anonymous.get(record_url("SIG"))

    assert [c["status"] for c in response.json()["conventions"]] == ["signatory", "not_signed"]
