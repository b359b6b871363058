import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from states.services import READ_ONLY_GROUP_NAME, SECRETARIAT_GROUP_NAME

pytestmark = pytest.mark.django_db


def _codenames(name: str) -> set[str]:
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def test_the_command_makes_both_staff_groups_and_running_it_again_changes_nothing():
    call_command("ensure_staff_groups", stdout=io.StringIO())
    first = {name: _codenames(name) for name in (SECRETARIAT_GROUP_NAME, READ_ONLY_GROUP_NAME)}

    out = io.StringIO()
    call_command("ensure_staff_groups", stdout=out)

    assert {name: _codenames(name) for name in first} == first
    assert {"change_participation", "view_participation"} <= first[SECRETARIAT_GROUP_NAME]
    assert "view_participation" in first[READ_ONLY_GROUP_NAME]
    assert not any(code.startswith(("add_", "change_", "delete_")) for code in first[READ_ONLY_GROUP_NAME])
    assert f"{READ_ONLY_GROUP_NAME}: {len(first[READ_ONLY_GROUP_NAME])} permissions" in out.getvalue()
