"""The API's selectors: each reads a fixed number of queries and adds no rule of its own."""

import datetime as dt

import pytest

from api import selectors
from api.tests.conftest import add_states
from questionnaires.models import Submission
from states.selectors import Standing

pytestmark = pytest.mark.django_db


def test_a_state_record_takes_six_queries_however_many_states(record, django_assert_num_queries):
    add_states(record["convention"], 10)

    with django_assert_num_queries(6):
        found = selectors.state_record_as_of("SIG", dt.date(2018, 1, 1))

    assert found.standing == Standing.MEMBER
    assert [event.kind for event in found.membership_events] == ["denunciation_notified"]
    assert [(status.convention.code, row.state.iso3) for status, row in found.conventions] == [
        ("T-1", "SIG"),
        ("T-2", "SIG"),
    ]


def test_the_state_list_reads_standings_from_its_prefetched_events(record, django_assert_num_queries):
    with django_assert_num_queries(2):
        standings = {
            state.iso3: selectors.state_standing(state, dt.date(2020, 1, 1))
            for state in selectors.state_list()
        }

    assert standings == {
        "MAY": Standing.MEMBER,
        "NON": Standing.MEMBER,
        "PTY": Standing.MEMBER,
        "SIG": Standing.WITHDRAWN,
    }


def test_states_by_standing(record):
    assert selectors.iso3_with_standing(Standing.WITHDRAWN, dt.date(2020, 1, 1)) == ["SIG"]
    assert selectors.iso3_with_standing(Standing.WITHDRAWN, dt.date(2019, 4, 26)) == []


def test_a_liaisons_submission_list_is_her_states(cast, django_assert_num_queries):
    with django_assert_num_queries(2):  # her state (states.access), then its submissions
        found = selectors.my_submission_list(cast["liaison"])

    assert {submission.state.iso3 for submission in found} == {"OWN"}


def test_another_states_submission_is_not_found(cast):
    with pytest.raises(Submission.DoesNotExist):
        selectors.my_submission_get(cast["other_liaison"], cast["accepted"].pk)
