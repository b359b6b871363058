import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from states.services import (
    SECRETARIAT_APP_LABELS,
    SECRETARIAT_GROUP_NAME,
    demo_secretariat_user_create,
    secretariat_group_ensure,
)

pytestmark = pytest.mark.django_db

MODEL_ACTIONS = ("add", "change", "delete", "view")


def _record_models():
    """The models the secretariat keeps, without django-simple-history's history tables."""
    for label in SECRETARIAT_APP_LABELS:
        for model in apps.get_app_config(label).get_models():
            if not hasattr(model, "instance_type"):
                yield model


def _group_perm_names(group) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_group_holds_every_model_permission_of_the_record_apps():
    group = secretariat_group_ensure()

    held = _group_perm_names(group)
    expected = {
        f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        for model in _record_models()
        for action in MODEL_ACTIONS
    }
    assert expected  # the apps do have models
    # The secretariat's daily work: the record, questionnaire reviews, reminder policies, and
    # publishing depositary notifications.
    assert {
        "conventions.change_participation",
        "states.view_state",
        "questionnaires.change_submission",
        "reminders.change_reminderpolicy",
        "notifications.change_notification",
    } <= expected
    assert expected <= held


def test_group_may_read_history_but_not_rewrite_it():
    held = _group_perm_names(secretariat_group_ensure())

    assert "states.view_historicalstate" in held
    assert "states.change_historicalstate" not in held
    assert "states.delete_historicalstate" not in held


def test_group_cannot_manage_accounts():
    held = _group_perm_names(secretariat_group_ensure())

    assert not {name for name in held if name.startswith(("auth.", "admin.", "contenttypes."))}


def test_group_ensure_twice_keeps_one_group_with_the_same_permissions():
    first = _group_perm_names(secretariat_group_ensure())
    second = _group_perm_names(secretariat_group_ensure())

    assert Group.objects.filter(name=SECRETARIAT_GROUP_NAME).count() == 1
    assert first == second


def test_group_ensure_restores_a_removed_permission():
    group = secretariat_group_ensure()
    group.permissions.clear()

    secretariat_group_ensure()

    assert "conventions.change_participation" in _group_perm_names(group)


def test_demo_user_is_staff_in_the_group_and_not_a_superuser():
    demo_secretariat_user_create()

    user = get_user_model().objects.get(username="secretariat")
    assert user.is_staff
    assert user.is_active
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [SECRETARIAT_GROUP_NAME]
    assert user.has_perm("conventions.change_participation")
    assert not user.has_perm("auth.change_user")


def test_demo_user_twice_keeps_one_user_and_one_group_and_changes_the_password():
    first_password = demo_secretariat_user_create()
    second_password = demo_secretariat_user_create()

    assert get_user_model().objects.filter(username="secretariat").count() == 1
    assert Group.objects.filter(name=SECRETARIAT_GROUP_NAME).count() == 1
    user = get_user_model().objects.get(username="secretariat")
    assert user.groups.count() == 1
    assert first_password != second_password
    assert not user.check_password(first_password)
    assert user.check_password(second_password)


def test_demo_user_takes_away_superuser_from_an_existing_account():
    get_user_model().objects.create_superuser("secretariat", "s@example.org", "an-old-password")

    password = demo_secretariat_user_create()

    user = get_user_model().objects.get(username="secretariat")
    assert not user.is_superuser
    assert user.check_password(password)


def test_demo_user_signs_in_to_the_admin_index_with_the_returned_password(client):
    password = demo_secretariat_user_create(username="demo")

    response = client.post(
        reverse("admin:login"),
        {"username": "demo", "password": password, "next": reverse("admin:index")},
    )

    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_password_does_not_open_the_admin(client):
    demo_secretariat_user_create()

    client.post(reverse("admin:login"), {"username": "secretariat", "password": "not-it"})

    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
