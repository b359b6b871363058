"""The workflow table itself: what reaches what, and who may move it."""

from questionnaires.workflow import (
    NOT_RECEIVED_STATUSES,
    RECEIVED_STATUSES,
    TRANSITIONS,
    Actor,
    SubmissionStatus,
    status_on_receipt,
    transitions_from,
)

S = SubmissionStatus


def test_every_status_not_yet_received_can_be_received():
    for status in NOT_RECEIVED_STATUSES:
        assert (status, S.SUBMITTED) in TRANSITIONS
        assert status_on_receipt(status) == S.SUBMITTED


def test_a_receipt_leaves_a_received_status_alone():
    for status in RECEIVED_STATUSES:
        assert status_on_receipt(status) == status


def test_only_the_secretariat_decides():
    for (_start, end), rule in TRANSITIONS.items():
        if end in (S.UNDER_REVIEW, S.ACCEPTED, S.RETURNED):
            assert rule.actors == {Actor.SECRETARIAT}


def test_a_liaison_can_save_submit_and_resubmit_only():
    assert transitions_from(S.NOT_STARTED, Actor.LIAISON) == [S.DRAFT, S.SUBMITTED]
    assert transitions_from(S.RETURNED, Actor.LIAISON) == [S.SUBMITTED]
    assert transitions_from(S.SUBMITTED, Actor.LIAISON) == []
    assert transitions_from(S.ACCEPTED, Actor.LIAISON) == []


def test_returning_or_reopening_needs_a_reason():
    assert {pair for pair, rule in TRANSITIONS.items() if rule.comment_required} == {
        (S.SUBMITTED, S.RETURNED),
        (S.UNDER_REVIEW, S.RETURNED),
        (S.ACCEPTED, S.UNDER_REVIEW),
    }
