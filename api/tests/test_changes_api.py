"""``/api/changes/``: what changed between two days, asked for by an anonymous client."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from api.serializers import RecordChangesSerializer
from api.tests.conftest import add_states
from conventions.changes import (
    a_year_before,
    record_changes_between,
    record_changes_document,
)

pytestmark = pytest.mark.django_db

URL = reverse("api:changes")

# What the endpoint asks the database for one convention and one state, whatever their size:
QUERIES = [
    "the convention by its code",
    "the state by its code",
    "the convention's entry into force (its n-th deposit)",
    "the participations with an action possibly in the period, with their states",
    "the reservations made or withdrawn in it, with their participations and states",
    "the objections made or withdrawn in it, with the states",
    "the figures before: counted over the participations",
    "the figures before: the entry into force",
    "the figures after: counted over the participations",
    "the figures after: the entry into force",
    "the state's row the day before: its reservations",
    "the state's row the day before: its participations",
    "the state's row the day before: the entry into force",
    "the state's row on the last day: its reservations",
    "the state's row on the last day: its participations",
    "the state's row on the last day: the entry into force",
]


def test_anyone_may_read_the_changes_of_a_convention(anonymous, record):
    response = anonymous.get(URL, {"from": "2003-01-01", "to": "2003-05-15", "convention": "T-1"})

    assert response.status_code == 200
    document = response.json()
    assert [(c["state"], c["change"], c["date"], c["in_period"]) for c in document["changes"]] == [
        ("PTY", "deposit", "2003-01-10", "certainly"),
        ("PTY", "reservation_made", "2003-01-10", "certainly"),
        # Some day of May 2003: perhaps after the 15th.
        ("MAY", "deposit", "2003-05", "possibly"),
    ]
    [figures] = document["figures"]
    assert figures["convention"] == "T-1"
    assert (figures["before"]["as_of"], figures["after"]["as_of"]) == ("2002-12-31", "2003-05-15")
    assert (figures["before"]["parties"], figures["after"]["parties"]) == (0, 1)
    assert figures["after"]["uncertain"] == 1


def test_the_answer_is_the_selectors_document(anonymous, record):
    response = anonymous.get(URL, {"from": "2002-06-03", "to": "2003-12-31", "state": "may"})

    expected = record_changes_between(dt.date(2002, 6, 3), dt.date(2003, 12, 31), state=record["approximate"])
    assert response.json() == record_changes_document(expected)
    assert response.json()["figures"][0]["state_before"] == "not_signed"
    assert response.json()["figures"][0]["state_after"] == "party"


def test_the_documented_fields_are_the_documents(record):
    document = record_changes_document(record_changes_between(dt.date(2002, 1, 1), dt.date(2003, 12, 31)))
    declared = RecordChangesSerializer().fields

    assert set(declared) == set(document)
    assert set(declared["changes"].child.fields) == set(document["changes"][0])
    assert set(declared["figures"].child.fields) == set(document["figures"][0])


@pytest.mark.parametrize("params", [{}, {"from": "", "to": ""}])
def test_without_days_the_period_is_the_last_year(anonymous, record, params):
    document = anonymous.get(URL, params).json()

    today = timezone.localdate()
    assert (document["from"], document["to"]) == (a_year_before(today).isoformat(), today.isoformat())


@pytest.mark.parametrize(
    ("params", "name", "message"),
    [
        ({"from": "2024-13-01"}, "from", "is not a day of the calendar"),
        ({"to": "2024-5-1"}, "to", "is not a date"),
        ({"from": "2006-06-04", "to": "2005-06-05"}, "from", "starts after it ends"),
        ({"from": "2999-01-01"}, "from", "starts after it ends"),
        ({"from": "0001-01-01", "to": "0001-01-02"}, "from", "no day before"),
        ({"state": "=1+1"}, "state", "is not an ISO alpha-3 code"),
        ({"state": "AR"}, "state", "is not an ISO alpha-3 code"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(anonymous, record, params, name, message):
    response = anonymous.get(URL, params)

    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [name]
    assert message in errors[name][0]


@pytest.mark.parametrize(
    ("params", "name", "message"),
    [
        ({"convention": "X-1"}, "convention", "No convention has the code “X-1”."),
        ({"convention": "A" * 30}, "convention", "No convention has the code"),
        ({"convention": "T-1\x00"}, "convention", "No convention has the code"),
        ({"state": "XYZ"}, "state", "No state has the ISO alpha-3 code “XYZ”."),
    ],
)
def test_a_code_that_names_nothing_is_a_404_naming_the_parameter(anonymous, record, params, name, message):
    response = anonymous.get(URL, params)

    assert response.status_code == 404
    errors = response.json()
    assert list(errors) == [name]
    assert message in errors[name][0]


def test_a_bad_day_is_refused_before_anything_is_read(anonymous, record, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = anonymous.get(URL, {"from": "yesterday"})

    assert response.status_code == 400


@pytest.mark.parametrize("extra_states", [0, 27])
def test_the_changes_take_the_same_queries_for_3_or_30_states(
    anonymous, record, extra_states, django_assert_num_queries
):
    add_states(record["convention"], extra_states)

    with django_assert_num_queries(len(QUERIES)):
        response = anonymous.get(
            URL, {"from": "2002-01-01", "to": "2004-12-31", "convention": "T-1", "state": "PTY"}
        )

    assert response.status_code == 200
    assert len(response.json()["changes"]) == 4  # PTY: signature, deposit, its declaration, entry into force


def test_the_endpoint_is_in_the_schema(anonymous, db):
    schema = anonymous.get(reverse("api:schema"), headers={"accept": "application/json"}).json()

    operation = schema["paths"]["/api/changes/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"from", "to", "convention", "state"}
    assert set(operation["responses"]) == {"200", "400", "404", "429"}
    assert {} in operation["security"]


def test_it_is_read_only(anonymous, record):
    assert anonymous.post(URL, {}).status_code in (403, 405)
