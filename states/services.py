"""Writes about who works on the record: the secretariat's group and its demo account."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.crypto import get_random_string

from states.models import Contact, State

SECRETARIAT_GROUP_NAME = "Secretariat"
# Staff who may read the whole record in the admin and the staff pages but change nothing:
# auditors, interns, colleagues from other departments.
READ_ONLY_GROUP_NAME = "Secretariat (read only)"
# The apps whose records the secretariat keeps. An app with no models adds nothing.
SECRETARIAT_APP_LABELS = ("conventions", "states", "questionnaires", "reports", "reminders", "notifications")
DEMO_PASSWORD_LENGTH = 20


def _is_history_model(model) -> bool:
    # django-simple-history builds a "Historical<Model>" for each tracked model and marks it so.
    return hasattr(model, "instance_type")


def _secretariat_permissions(*, read_only: bool = False) -> list[Permission]:
    """Every default permission on the secretariat's models, or only "view" if ``read_only``.

    The history tables are the audit trail: staff may read them but not write or delete them.
    """
    wanted: dict[ContentType, set[str]] = {}
    for label in SECRETARIAT_APP_LABELS:
        app_config = apps.get_app_config(label)
        # Permissions are made after `migrate`; make sure they exist whatever ran before.
        create_permissions(app_config, verbosity=0)
        for model in app_config.get_models():
            writable = not (read_only or _is_history_model(model))
            actions = model._meta.default_permissions if writable else ("view",)
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            wanted[content_type] = {f"{action}_{model._meta.model_name}" for action in actions}

    permissions = Permission.objects.filter(content_type__in=wanted).select_related("content_type")
    return [p for p in permissions if p.codename in wanted[p.content_type]]


@transaction.atomic
def secretariat_group_ensure() -> Group:
    """Create the "Secretariat" group, or bring its permissions up to date. Safe to run again."""
    group, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP_NAME)
    group.permissions.set(_secretariat_permissions())
    return group


@transaction.atomic
def read_only_group_ensure() -> Group:
    """Create the "Secretariat (read only)" group, or bring it up to date. Safe to run again.

    Its members are staff who may view every model the secretariat keeps, and change none.
    """
    group, _created = Group.objects.get_or_create(name=READ_ONLY_GROUP_NAME)
    group.permissions.set(_secretariat_permissions(read_only=True))
    return group


@transaction.atomic
def demo_secretariat_user_create(username: str = "secretariat") -> str:
    """Create or reset a staff account in the secretariat group; return its new password.

    The account is staff (it signs in to the admin) but never a superuser: it has exactly the
    secretariat's permissions, so a demo shows what the secretariat really sees.
    """
    group = secretariat_group_ensure()
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(username=username)
    password = get_random_string(DEMO_PASSWORD_LENGTH)
    user.set_password(password)
    user.is_staff = True
    user.is_superuser = False
    user.is_active = True
    user.full_clean()
    user.save()
    user.groups.add(group)
    return password


# The demo liaison answers for a party to both conventions, so every liaison page has content.
DEMO_LIAISON_STATE = "MEX"


@transaction.atomic
def demo_liaison_create(username: str = "liaison", iso3: str = DEMO_LIAISON_STATE) -> tuple[Contact, str]:
    """Create or reset the demo liaison of ``iso3`` (a contact flagged demo), with a new password."""
    state = State.objects.get(iso3=iso3)
    user, _created = get_user_model().objects.get_or_create(username=username)
    password = get_random_string(DEMO_PASSWORD_LENGTH)
    user.set_password(password)
    user.is_staff = user.is_superuser = False
    user.is_active = True
    user.full_clean()
    user.save()
    contact = Contact.objects.filter(user=user).first() or Contact(user=user)
    contact.state = state
    contact.role = Contact.Role.LIAISON
    contact.name = "Demo liaison"
    contact.email = f"{username}@demo.invalid"
    contact.is_active = contact.is_demo = True
    contact.full_clean()
    contact.save()
    return contact, password
