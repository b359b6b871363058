import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from states.models import Contact, MembershipEvent
from states.selectors import Standing, oas_standings_as_of
from states.tests.factories import ContactFactory, StateFactory

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_liaison_must_have_an_account():
    liaison = ContactFactory.build(state=StateFactory(), role=Contact.Role.LIAISON, user=None)

    with pytest.raises(ValidationError) as caught:
        liaison.full_clean()
    assert "sign" in caught.value.message_dict["user"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        liaison.save()


def test_an_iso3_code_is_three_capitals():
    state = StateFactory.build(iso3="pe1")

    with pytest.raises(ValidationError) as caught:
        state.full_clean()
    assert "three capital letters" in caught.value.message_dict["iso3"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        state.save()


def test_an_iso2_code_is_two_capitals_held_once_or_none():
    StateFactory(iso2="PE")
    StateFactory(iso2=None)
    StateFactory(iso2=None)  # several states may have no alpha-2 code

    taken = StateFactory.build(iso2="PE")
    with pytest.raises(ValidationError) as caught:
        taken.full_clean()
    assert "already exists" in caught.value.message_dict["iso2"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        taken.save()
    lower = StateFactory.build(iso2="pe")
    with pytest.raises(ValidationError) as caught:
        lower.full_clean()
    assert "two capital letters" in caught.value.message_dict["iso2"][0]


def test_oas_standing_follows_the_membership_events():
    venezuela = StateFactory(iso3="VEN", oas_member_since=1948)
    honduras = StateFactory(iso3="HND", oas_member_since=1948)
    cuba = StateFactory(iso3="CUB", oas_member_since=1948)
    StateFactory(iso3="CAN", oas_member_since=1990)
    MembershipEvent.objects.create(state=venezuela, kind="denunciation_notified", occurred_on=D(2017, 4, 28))
    MembershipEvent.objects.create(state=venezuela, kind="withdrawal_effective", occurred_on=D(2019, 4, 27))
    MembershipEvent.objects.create(state=honduras, kind="suspended", occurred_on=D(2009, 7, 5))
    MembershipEvent.objects.create(state=honduras, kind="suspension_lifted", occurred_on=D(2011, 6, 1))
    MembershipEvent.objects.create(state=cuba, kind="participation_excluded", occurred_on=D(1962, 1, 31))
    MembershipEvent.objects.create(state=cuba, kind="other", occurred_on=D(2009, 6, 3))

    in_2010 = oas_standings_as_of(D(2010, 1, 1))
    in_2020 = oas_standings_as_of(D(2020, 1, 1))

    assert in_2010 == {
        "VEN": Standing.MEMBER, "HND": Standing.NOT_PARTICIPATING,
        "CUB": Standing.NOT_PARTICIPATING, "CAN": Standing.MEMBER,
    }  # fmt: skip
    assert in_2020["VEN"] == Standing.WITHDRAWN and in_2020["HND"] == Standing.MEMBER
    assert in_2020["CUB"] == Standing.NOT_PARTICIPATING
    assert oas_standings_as_of(D(1985, 1, 1))["CAN"] == Standing.NOT_YET_MEMBER
