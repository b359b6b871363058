"""Writes about who works on the record: the secretariat's group and its demo account, and the
accounts of liaisons, which staff open by invitation and close."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from accounts.invitations import invitation_token
from outbox.services import absolute_url, mail_message_send
from states.models import Contact, State
from tracker.permissions import permission_check

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
            if writable:  # a model's own permissions (inviting a liaison) are for writers too
                wanted[content_type] |= {codename for codename, _name in model._meta.permissions}

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


INVITE_PERMISSION = "states.invite_liaison"
# Long enough for a slow mail server, short enough that a hung one does not hold the worker.
SMTP_TIMEOUT_SECONDS = 30


def _enqueue_invitation_mail(contact_id: int) -> None:
    from states.tasks import liaison_invitation_mail_send  # the tasks module imports this one

    liaison_invitation_mail_send.delay(contact_id)


def _free_username(email: str) -> str:
    user_model = get_user_model()
    username, n = email.lower(), 1
    while user_model.objects.filter(username=username).exists():
        n += 1
        username = f"{email.lower()}-{n}"
    return username


@transaction.atomic
def liaison_invite(contact: Contact, *, by_user=None):
    """Make ``contact`` her state's liaison with an account, and mail her an invitation.

    The account has no password until she sets one from the link; inviting again (a lost mail,
    an expired link, an account closed before) sends a new link. A contact who already signs in
    is refused: she can ask for a password reset herself. Returns the account.
    """
    permission_check(by_user, INVITE_PERMISSION)
    contact = Contact.objects.select_for_update(of=("self",)).select_related("user").get(pk=contact.pk)
    if not contact.is_active:
        raise ValidationError(
            _("%(contact)s is not an active contact: make her active first.") % {"contact": contact}
        )
    user = contact.user
    if user is not None and user.is_active and user.has_usable_password():
        raise ValidationError(
            _("%(contact)s already signs in as %(username)s; she can reset her password herself.")
            % {"contact": contact, "username": user.get_username()}
        )
    if user is None:
        user = get_user_model()(username=_free_username(contact.email), email=contact.email)
    user.email = contact.email
    user.is_active = True
    user.is_staff = False
    user.set_unusable_password()
    user.full_clean()
    user.save()
    contact.user = user
    contact.role = Contact.Role.LIAISON
    contact.full_clean()
    contact.save()
    transaction.on_commit(lambda: _enqueue_invitation_mail(contact.pk), robust=True)
    return user


@transaction.atomic
def liaison_deactivate(contact: Contact, *, by_user=None) -> bool:
    """Close the liaison's account: she can no longer sign in, and her links stop working.

    The contact and her account stay, with their history; inviting her again reopens it.
    False if she had no open account.
    """
    permission_check(by_user, INVITE_PERMISSION)
    user_model = get_user_model()
    return bool(user_model.objects.filter(contact=contact, is_active=True).update(is_active=False))


def liaison_invitation_mail_send(contact_id: int) -> bool:
    """Mail the contact her invitation, in her language; False if it is no longer wanted.

    Each sending makes a new link (an earlier one keeps working until used or too old), so a
    retried task does no harm. Raises ``outbox.services.MailRefused`` if the server says no.
    """
    contact = Contact.objects.select_related("user", "state").get(pk=contact_id)
    user = contact.user
    if user is None or not user.is_active or user.has_usable_password():
        return False  # accepted, or closed, since it was asked for
    with translation.override(contact.language):
        link = reverse("invitation_accept", args=[invitation_token(user, contact.language)])
        context = {
            "contact": contact,
            "username": user.get_username(),
            "link": absolute_url(link),
            "valid_until": (timezone.localdate() + settings.LIAISON_INVITATION_MAX_AGE).isoformat(),
        }
        subject = "".join(render_to_string("states/invitation_subject.txt", context).splitlines())
        body = render_to_string("states/invitation_email.txt", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [contact.email])
    mail_message_send(message, timeout=SMTP_TIMEOUT_SECONDS)
    return True


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
