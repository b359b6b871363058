"""Every rule of the reports fails twice: readably in full_clean(), and in the database."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from reports.models import Contribution, MeetingOutcome, ReportItem, SecretariatParticipation
from reports.tests.factories import (
    ContributionFactory,
    ItemStateFactory,
    MeetingFactory,
    OrganizationFactory,
    ReportItemFactory,
)
from states.tests.factories import StateFactory

pytestmark = pytest.mark.django_db
D = dt.date


def refused_both_ways(instance, field, words):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    assert field in caught.value.message_dict, caught.value.message_dict
    assert words in " ".join(caught.value.message_dict[field])
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


@pytest.mark.parametrize(
    "fields, field, words",
    [
        pytest.param(
            {"date_earliest": D(2020, 6, 2), "date_latest": D(2020, 6, 1)},
            "date_earliest",
            "cannot be after",
            id="reversed-dates",
        ),
        pytest.param({"languages": "es,english"}, "languages", "language codes", id="bad-language-code"),
        pytest.param(
            {
                "kind": ReportItem.Kind.PUBLICATION,
                "secretariat_participation": SecretariatParticipation.OFFICIALS,
            },
            "secretariat_participation",
            "not attended",
            id="attended-publication",
        ),
    ],
)
def test_report_item_rules(fields, field, words):
    item = ReportItemFactory.build(body=ReportItemFactory().body, **fields)
    refused_both_ways(item, field, words)


def test_report_item_accepts_a_range_known_only_to_the_month():
    item = ReportItemFactory.build(
        body=ReportItemFactory().body,
        date_earliest=D(2020, 6, 1),
        date_latest=D(2020, 12, 31),
        date_text="June-December 2020",
        languages="es,en",
    )
    item.full_clean()
    item.save()
    assert item.date.isoformat() == "2020-06-01/2020-12-31"


def test_meeting_chair_and_vice_chair_differ():
    state = StateFactory()
    meeting = MeetingFactory.build(body=MeetingFactory().body, chair_state=state, vice_chair_state=state)
    refused_both_ways(meeting, "vice_chair_state", "different states")


def test_meeting_next_meeting_comes_after():
    meeting = MeetingFactory.build(
        body=MeetingFactory().body, next_meeting_earliest=D(2019, 1, 1), next_meeting_latest=D(2019, 12, 31)
    )
    refused_both_ways(meeting, "next_meeting_earliest", "comes after")


def test_meeting_platform_only_if_virtual():
    meeting = MeetingFactory.build(body=MeetingFactory().body, is_virtual=False, virtual_platform="KUDO")
    refused_both_ways(meeting, "virtual_platform", "Only a virtual meeting")


def test_meeting_number_once_per_body_and_kind():
    first = MeetingFactory(number=20)
    second = MeetingFactory.build(body=first.body, number=20, code="another")
    with pytest.raises(ValidationError, match="already has a meeting"):
        second.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_election_names_state_and_office():
    meeting = MeetingFactory()
    without_state = MeetingOutcome(
        meeting=meeting, kind=MeetingOutcome.Kind.ELECTION, title="Chair", office="chair"
    )
    refused_both_ways(without_state, "elected_state", "names the state elected")
    declaration_with_state = MeetingOutcome(
        meeting=meeting,
        kind=MeetingOutcome.Kind.DECLARATION,
        title="Declaration",
        elected_state=StateFactory(),
    )
    refused_both_ways(declaration_with_state, "elected_state", "only an election")


def test_contribution_is_from_a_state_or_an_organization():
    both = ContributionFactory.build(
        body=ContributionFactory().body, state=StateFactory(), organization=OrganizationFactory()
    )
    refused_both_ways(both, "state", "not both")


def test_contribution_once_a_year():
    first = ContributionFactory()
    again = Contribution(body=first.body, year=first.year, state=first.state)
    with pytest.raises(ValidationError, match="already listed"):
        again.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        again.save()


def test_contribution_needs_a_categorized_organization():
    contribution = ContributionFactory.build(
        body=ContributionFactory().body, state=None, organization=OrganizationFactory(category="")
    )
    with pytest.raises(ValidationError) as caught:
        contribution.full_clean()
    assert "category first" in " ".join(caught.value.message_dict["organization"])


def test_a_state_with_items_cannot_be_deleted():
    link = ItemStateFactory()
    with pytest.raises(ProtectedError):
        link.state.delete()
    assert ReportItem.objects.filter(pk=link.item_id).exists()
