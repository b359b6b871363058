"""Drafts from participation rows written with SQL (an import), set-based: the same rules as a
save through the record's service, in a constant number of statements."""

import pytest
from django.db import connection

from conventions.models import Participation
from conventions.services import participations_recorded
from conventions.tests.factories import ParticipationFactory
from notifications.models import Notification, NotificationStatus
from notifications.tests.conftest import D, deposit, published
from states.tests.factories import StateFactory

pytestmark = pytest.mark.django_db
HistoricalParticipation = Participation.history.model


def _recorded_since(history_id: int) -> int:
    return participations_recorded(
        HistoricalParticipation.objects.filter(history_id__gt=history_id), source="import"
    )


def _last_history_id() -> int:
    return HistoricalParticipation.objects.order_by("-history_id").values_list("history_id", flat=True)[0]


def test_new_participations_draft_their_actions_with_their_history(a66, argentina, chile):
    ParticipationFactory(convention=a66, state=argentina, signature_earliest=D(2002, 6, 3),
                         deposit_earliest=D(2005, 12, 14))  # fmt: skip
    ParticipationFactory(convention=a66, state=chile, signature_earliest=D(2002, 6, 3))

    assert _recorded_since(0) == 3

    drafts = Notification.objects.order_by("pk")
    assert [(n.state.iso3, n.kind, n.action_earliest) for n in drafts] == [
        ("ARG", "signature", D(2002, 6, 3)),
        ("ARG", "deposit", D(2005, 12, 14)),
        ("CHL", "signature", D(2002, 6, 3)),
    ]
    assert {n.status for n in drafts} == {NotificationStatus.DRAFT}
    assert "Argentina deposited its instrument of ratification" in drafts[1].wording().texts["en"]
    assert list(Notification.history.values_list("id", "history_type", "source")) == [
        (n.pk, "+", "import") for n in drafts.order_by("-pk")
    ]


def test_a_date_changed_before_publication_redates_the_draft(signed):
    draft = deposit(signed, on="2005-12-14")
    since = _last_history_id()
    signed.deposit_earliest = signed.deposit_latest = D(2005, 12, 15)
    signed.save()

    assert _recorded_since(since) == 1

    draft.refresh_from_db()
    assert (Notification.objects.count(), draft.action_earliest) == (1, D(2005, 12, 15))
    assert draft.history.first().history_change_reason.startswith("Date changed in the record")


def test_a_date_changed_after_publication_drafts_a_correction(signed, clerk):
    notice = published(deposit(signed, on="2005-12-14"), clerk)
    since = _last_history_id()
    signed.deposit_earliest = signed.deposit_latest = D(2005, 12, 15)
    signed.save()

    assert _recorded_since(since) == 1

    correction = Notification.objects.latest("pk")
    assert (correction.kind, correction.corrects, correction.previous_earliest) == (
        "correction", notice, D(2005, 12, 14)
    )  # fmt: skip
    assert "2005-12-15" in correction.wording().texts["en"]


def test_rows_that_change_no_action_draft_nothing(a66, argentina):
    participation = ParticipationFactory(convention=a66, state=argentina, signature_earliest=D(2002, 6, 3),
                                         deposit_earliest=D(2005, 12, 14))  # fmt: skip
    since = _last_history_id()
    participation.notes = "Checked."
    participation.save()
    participation.deposit_earliest = participation.deposit_latest = None  # struck out: not an action
    participation.instrument_kind = ""
    participation.save()

    assert _recorded_since(since) == 0
    assert not Notification.objects.exists()


@pytest.mark.parametrize("participations", [1, 30])
def test_the_number_of_statements_does_not_grow_with_the_rows(a66, participations, django_assert_num_queries):
    for _index in range(participations):
        ParticipationFactory(convention=a66, state=StateFactory(), signature_earliest=D(2002, 6, 3),
                             deposit_earliest=D(2005, 12, 14))  # fmt: skip
    # On PostgreSQL, the history's statistics refreshed and the drafts to re-date locked.
    postgresql = 2 if connection.vendor == "postgresql" else 0
    # savepoint and release; temporary table made and dropped; the changes; the latest
    # notification of each, [locked,] and its status; the last id; drafts and their history;
    # re-dated drafts and their history.
    with django_assert_num_queries(12 + postgresql):
        assert _recorded_since(0) == 2 * participations
