"""The helpers the dashboards added to ``states.access``, the one place that decides access."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from states.access import secretariat_or_404, state_for_user_or_404
from states.tests.factories import LiaisonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("asked", ["CHL", "XYZ"])
@pytest.mark.parametrize("who", ["anonymous", "no state", "liaison of Peru", "inactive staff"])
def test_a_state_is_not_found_for_who_may_not_see_it(peru, chile, who, asked):
    user = {
        "anonymous": lambda: AnonymousUser(),
        "no state": lambda: UserFactory(),
        "liaison of Peru": lambda: LiaisonFactory(state=peru).user,
        "inactive staff": lambda: UserFactory(is_staff=True, is_active=False),
    }[who]()

    with pytest.raises(Http404):
        state_for_user_or_404(user, asked)


def test_a_liaison_gets_her_own_state_and_staff_any(peru, chile, peru_liaison, staff):
    assert state_for_user_or_404(peru_liaison.user, "PER") == peru
    assert state_for_user_or_404(staff, "CHL") == chile


def test_only_staff_pass_the_secretariat_check(peru_liaison, staff):
    secretariat_or_404(staff)
    for user in (AnonymousUser(), peru_liaison.user):
        with pytest.raises(Http404):
            secretariat_or_404(user)
