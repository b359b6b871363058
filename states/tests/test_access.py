"""A liaison sees her own state's non-public records; staff see all; anyone else, none."""

import pytest
from django.contrib.auth.models import AnonymousUser

from states.access import can_see_state, states_visible_to
from states.models import Contact
from states.tests.factories import ContactFactory, LiaisonFactory, StateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_states():
    return StateFactory(iso3="PER"), StateFactory(iso3="CHL")


def test_a_liaison_sees_only_her_own_state(two_states):
    peru, chile = two_states
    liaison = LiaisonFactory(state=peru)
    ContactFactory(state=peru)
    ContactFactory(state=chile)

    assert list(states_visible_to(liaison.user)) == [peru]
    assert {c.state for c in Contact.objects.visible_to(liaison.user)} == {peru}
    assert can_see_state(liaison.user, peru) and not can_see_state(liaison.user, chile)


def test_staff_see_every_state(two_states):
    staff = UserFactory(is_staff=True)

    assert set(states_visible_to(staff)) == set(two_states)
    assert all(can_see_state(staff, state) for state in two_states)


@pytest.mark.parametrize(
    "who", ["anonymous", "user without contact", "inactive liaison", "deactivated account"]
)
def test_anyone_else_sees_no_state(two_states, who):
    peru, _chile = two_states
    ContactFactory(state=peru)
    if who == "anonymous":
        user = AnonymousUser()
    elif who == "user without contact":
        user = UserFactory()
    elif who == "inactive liaison":
        user = LiaisonFactory(state=peru, is_active=False).user
    else:
        user = LiaisonFactory(state=peru, user__is_active=False).user

    assert not states_visible_to(user).exists()
    assert not Contact.objects.visible_to(user).exists()
    assert not can_see_state(user, peru)
