"""The conventions endpoints, tried by an anonymous client first, as every outside reader is."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from api.tests.conftest import add_states
from conventions.selectors import treaty_status_as_of
from conventions.status_export import treaty_status_document

pytestmark = pytest.mark.django_db

LIST_URL = reverse("api:convention-list")

# What the list asks the database, whatever the number of conventions or states:
LIST_QUERIES = [
    "the number of conventions (for the pagination)",
    "the page of conventions with their following bodies",
    "their figures, counted over their participations",
    "their entries into force (each one's n-th deposit)",
]
DETAIL_QUERIES = [
    "the convention by its code, with its following body",
    "its figures, counted over its participations",
    "its entry into force (its n-th deposit)",
]
# And the status of one convention, every state's row:
ONE_CONVENTION_QUERIES = [
    "the convention by its code, with its following body",
    "every state",
    "the convention's participations",
    "their reservations",
    "its entry into force (its n-th deposit)",
    "the objections to its reservations, with each objecting state's deposit",
    "its territorial and provisional applications and successions",
]


def status_url(code="T-1", **params):
    url = reverse("api:convention-status", kwargs={"code": code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


# --- The list ----------------------------------------------------------------------------------


def test_anyone_may_read_the_list(anonymous, record):
    response = anonymous.get(LIST_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_the_list_gives_todays_figures(anonymous, record):
    body = anonymous.get(LIST_URL).json()

    assert body["count"] == 2
    assert [c["code"] for c in body["results"]] == ["T-1", "T-2"]
    t1 = body["results"][0]
    assert t1["counts"] == {
        "as_of": timezone.localdate().isoformat(),
        "convention_in_force": True,
        "signatories": 3,
        "parties": 2,
        "in_force": 2,
        "denounced": 0,
        "uncertain": 0,
    }
    assert body["results"][1]["counts"]["signatories"] == 0


def test_the_list_describes_each_convention(anonymous, record):
    t1, t2 = anonymous.get(LIST_URL).json()["results"]

    assert t1["short_name"] == "Test Convention"
    assert t1["title"] == t1["title_en"] == "Inter-American Test Convention"
    assert t1["title_es"] == "Convención Interamericana de Prueba"
    assert (t1["title_fr"], t1["title_pt"]) == ("", "")
    assert t1["adopted_at"] == "Bridgetown, Barbados"
    assert t1["adopted_on"] == t1["opened_for_signature_on"] == "2002-06-03"
    assert t1["depositary"] == "General Secretariat of the Organization of American States"
    assert t1["followed_by"]["acronym"] == record["convention"].followed_by.acronym
    assert t2["followed_by"] is None
    assert t1["entry_into_force_on"] is None
    assert t1["url"] == "http://testserver/api/conventions/T-1/"
    assert t1["status_url"] == "http://testserver/api/conventions/T-1/status/"


def test_the_title_follows_the_language_asked_for(anonymous, record):
    t1, t2 = anonymous.get(LIST_URL, headers={"accept-language": "es"}).json()["results"]

    assert t1["title"] == "Convención Interamericana de Prueba"
    # Without a Spanish title, the English one.
    assert t2["title"] == t2["title_en"]


def test_the_list_is_paginated(anonymous, record):
    body = anonymous.get(LIST_URL, {"page_size": 1, "page": 2}).json()

    assert body["count"] == 2
    assert [c["code"] for c in body["results"]] == ["T-2"]
    assert body["next"] is None
    assert body["previous"] == "http://testserver/api/conventions/?page_size=1"


def test_the_list_refuses_writing(anonymous, record):
    response = anonymous.post(LIST_URL, {"code": "X-1"}, format="json")

    assert response.status_code == 405
    assert response.json() == {"detail": "This API is read-only: POST is not allowed."}


@pytest.mark.parametrize("extra_states", [0, 27])
def test_the_list_takes_the_same_queries_for_3_or_30_states(
    anonymous, record, extra_states, django_assert_num_queries
):
    add_states(record["convention"], extra_states)

    with django_assert_num_queries(len(LIST_QUERIES)):
        response = anonymous.get(LIST_URL)

    assert response.json()["results"][0]["counts"]["parties"] == 2 + extra_states


# --- One convention ----------------------------------------------------------------------------


def test_anyone_may_read_a_convention(anonymous, record):
    response = anonymous.get(reverse("api:convention-detail", kwargs={"code": "T-1"}))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "T-1"
    assert body["counts"]["parties"] == 2
    assert body["eif_instruments_required"] == 2
    assert body["eif_days_after_deposit"] == 30
    # The second deposit was some day in May 2003; in force 30 days later.
    assert body["entry_into_force"] == {
        "recorded": None,
        "computed": "2003-05-31/2003-06-30",
        "mismatch": False,
    }


def test_an_unknown_convention_is_a_json_404(anonymous, record):
    response = anonymous.get(reverse("api:convention-detail", kwargs={"code": "X-9"}))

    assert response.status_code == 404
    assert response.json() == {"detail": "No convention has the code “X-9”."}


@pytest.mark.parametrize("extra_states", [0, 27])
def test_a_convention_takes_the_same_queries_for_3_or_30_states(
    anonymous, record, extra_states, django_assert_num_queries
):
    add_states(record["convention"], extra_states)

    with django_assert_num_queries(len(DETAIL_QUERIES)):
        response = anonymous.get(reverse("api:convention-detail", kwargs={"code": "T-1"}))

    assert response.json()["counts"]["parties"] == 2 + extra_states


# --- The status on a day -----------------------------------------------------------------------


def test_anyone_may_read_a_status(anonymous, record):
    assert anonymous.get(status_url()).status_code == 200


def test_the_status_is_the_treaty_status_document(anonymous, record):
    day = dt.date(2003, 5, 15)

    body = anonymous.get(status_url(as_of="2003-05-15")).json()

    assert body == treaty_status_document(treaty_status_as_of(record["convention"], day))


def test_the_status_on_a_day_when_a_deposit_may_or_may_not_have_happened(anonymous, record):
    body = anonymous.get(status_url(as_of="2003-05-15")).json()

    assert body["as_of"] == "2003-05-15"
    assert (body["signatories"], body["parties"], body["in_force"]) == (3, 1, 0)
    assert body["uncertain"] == ["MAY"]
    assert body["convention_in_force"] is False
    approximate = next(row for row in body["states"] if row["state"] == "MAY")
    assert approximate["status"] == "uncertain"
    assert approximate["possible"] == ["signatory", "party"]
    assert approximate["deposited_on"] == "2003-05"


@pytest.mark.parametrize("params", [{}, {"as_of": ""}], ids=["no as_of", "empty as_of"])
def test_the_status_is_todays_without_a_date(anonymous, record, params):
    body = anonymous.get(status_url(), params).json()

    assert body == treaty_status_document(treaty_status_as_of(record["convention"], timezone.localdate()))
    assert (body["signatories"], body["parties"], body["in_force"], body["uncertain"]) == (3, 2, 2, [])


def test_a_day_long_before_the_convention_is_valid(anonymous, record):
    response = anonymous.get(status_url(as_of="1900-01-01"))

    assert response.status_code == 200
    body = response.json()
    assert (body["signatories"], body["parties"]) == (0, 0)
    assert {row["status"] for row in body["states"]} == {"not_signed"}


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("yesterday", "“yesterday” is not a date: write it as YYYY-MM-DD, e.g. 2024-05-31."),
        (" ", "“ ” is not a date: write it as YYYY-MM-DD, e.g. 2024-05-31."),
        ("2024-1-5", "“2024-1-5” is not a date: write it as YYYY-MM-DD, e.g. 2024-05-31."),
        ("2024-05-31T10:00", "“2024-05-31T10:00” is not a date: write it as YYYY-MM-DD, e.g. 2024-05-31."),
        ("2023-02-29", "“2023-02-29” is not a day of the calendar: day is out of range for month."),
        ("2024-13-01", "“2024-13-01” is not a day of the calendar: month must be in 1..12."),
        ("0000-01-01", "“0000-01-01” is not a day of the calendar: year 0 is out of range."),
    ],
)
def test_a_bad_date_is_a_400_naming_the_parameter(anonymous, record, as_of, message):
    response = anonymous.get(status_url(), {"as_of": as_of})

    assert response.status_code == 400
    assert response.json() == {"as_of": [message]}


def test_a_bad_date_is_refused_before_anything_is_read(anonymous, record, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = anonymous.get(status_url("X-9", as_of="soon"))

    assert response.status_code == 400
    assert response.json() == {"as_of": ["“soon” is not a date: write it as YYYY-MM-DD, e.g. 2024-05-31."]}


def test_an_unknown_code_is_a_404(anonymous, record):
    response = anonymous.get(status_url("X-9", as_of="2020-01-01"))

    assert response.status_code == 404
    assert response.json() == {"detail": "No convention has the code “X-9”."}


@pytest.mark.parametrize("extra_states", [0, 27])
def test_a_status_takes_the_same_queries_for_3_or_30_states(
    anonymous, record, extra_states, django_assert_num_queries
):
    add_states(record["convention"], extra_states)

    with django_assert_num_queries(len(ONE_CONVENTION_QUERIES)):
        response = anonymous.get(status_url(as_of="2010-01-01"))

    assert len(response.json()["states"]) == 4 + extra_states
