"""Staff open a liaison's account without a superuser: from her contact in the admin (or the
command line) she is invited, mailed a link in her language, sets her password and reaches her
state's page; the link works once and for a limited time; staff can close the account."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from states.models import Contact, Language
from states.services import read_only_group_ensure
from states.tests.factories import ContactFactory, LiaisonFactory, StateFactory, UserFactory
from tracker.tests.admin_pages import admin_url, secretariat_user

pytestmark = pytest.mark.django_db

SITE = "https://tracker.example.org"
PASSWORD = "a-long-new-password-9"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def contact(db):
    chile = StateFactory(iso3="CHL", iso2="CL", name_en="Chile", name_es="Chile")
    return ContactFactory(state=chile, name="Ana Rojas", email="ana.rojas@example.cl", language=Language.SPANISH)


def act(client, action, *contacts, callbacks):
    """Post an admin action on the contacts' list, running what it queued on commit (the mail)."""
    with callbacks(execute=True):
        return client.post(
            admin_url(Contact, "changelist"),
            {"action": action, "_selected_action": [c.pk for c in contacts]},
            follow=True,
        )


def invitation_link(message) -> str:
    return re.search(rf"{re.escape(SITE)}(/accounts/invitation/\S+/)", message.body).group(1)


def test_a_secretariat_member_invites_and_the_liaison_reaches_her_dashboard(
    client, contact, django_capture_on_commit_callbacks
):
    client.force_login(secretariat_user())
    answer = act(client, "invite_as_liaison", contact, callbacks=django_capture_on_commit_callbacks)
    assert "1 invitation will be mailed" in answer.text

    contact.refresh_from_db()
    assert contact.role == Contact.Role.LIAISON and contact.user.email == contact.email
    assert not contact.user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["ana.rojas@example.cl"]
    assert message.subject == "Su cuenta en el Registro de tratados interamericanos"  # her language
    assert "Chile" in message.body and contact.user.username in message.body

    client.logout()
    link = invitation_link(message)
    page = client.get(link)
    assert page.status_code == 200 and 'lang="es"' in page.text
    done = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("dashboards:state", args=["CHL"])
    assert done.status_code == 200

    client.logout()
    again = client.get(link)
    assert again.status_code == 410 and 'id="invitation-used"' in again.text
    signed_in = client.post(reverse("login"), {"username": contact.user.username, "password": PASSWORD})
    assert signed_in.status_code == 302


def test_a_password_too_weak_is_refused_beside_its_field_and_the_link_still_works(
    client, contact, django_capture_on_commit_callbacks
):
    client.force_login(secretariat_user())
    act(client, "invite_as_liaison", contact, callbacks=django_capture_on_commit_callbacks)
    client.logout()
    link = invitation_link(mail.outbox[0])

    refused = client.post(link, {"new_password1": "123", "new_password2": "123"})

    assert refused.status_code == 200 and refused.context["form"].errors["new_password2"]
    assert client.get(link).status_code == 200


def test_an_expired_link_says_so_and_whom_to_ask(client, contact, settings, django_capture_on_commit_callbacks):
    client.force_login(secretariat_user())
    act(client, "invite_as_liaison", contact, callbacks=django_capture_on_commit_callbacks)
    client.logout()
    settings.LIAISON_INVITATION_MAX_AGE = dt.timedelta(seconds=-1)

    answer = client.get(invitation_link(mail.outbox[0]))

    assert answer.status_code == 410 and 'id="invitation-expired"' in answer.text


@pytest.mark.parametrize("token", ["x", "a" * 300, "eyJ9:1abc:def", "W10:1vRvDs:abc"])
def test_a_made_up_link_is_refused_without_error(client, token):
    assert client.get(f"/accounts/invitation/{token}/").status_code == 410


def test_read_only_staff_can_neither_invite_nor_close(client, contact, django_capture_on_commit_callbacks):
    reader = UserFactory(is_staff=True)
    reader.groups.add(read_only_group_ensure())
    liaison = LiaisonFactory(state=contact.state)
    client.force_login(reader)

    act(client, "invite_as_liaison", contact, callbacks=django_capture_on_commit_callbacks)
    act(client, "close_liaison_account", liaison, callbacks=django_capture_on_commit_callbacks)

    contact.refresh_from_db()
    liaison.user.refresh_from_db()
    assert contact.user is None and mail.outbox == []
    assert liaison.user.is_active


def test_a_liaison_who_already_signs_in_is_not_invited_again(client, django_capture_on_commit_callbacks):
    liaison = LiaisonFactory()
    liaison.user.set_password(PASSWORD)
    liaison.user.save()
    client.force_login(secretariat_user())

    answer = act(client, "invite_as_liaison", liaison, callbacks=django_capture_on_commit_callbacks)

    assert "already signs in" in answer.text and mail.outbox == []


def test_closing_an_account_stops_sign_in_and_an_invitation_reopens_it(
    client, contact, django_capture_on_commit_callbacks
):
    client.force_login(secretariat_user())
    act(client, "invite_as_liaison", contact, callbacks=django_capture_on_commit_callbacks)
    first_link = invitation_link(mail.outbox[0])

    answer = act(client, "close_liaison_account", contact, callbacks=django_capture_on_commit_callbacks)
    assert "1 account closed" in answer.text
    contact.refresh_from_db()
    assert not contact.user.is_active
    client.logout()
    assert client.get(first_link).status_code == 410

    client.force_login(secretariat_user(username="second"))
    act(client, "invite_as_liaison", contact, callbacks=django_capture_on_commit_callbacks)
    client.logout()
    assert client.get(invitation_link(mail.outbox[-1])).status_code == 200


def test_a_closed_liaison_is_signed_out_of_her_open_session(client, django_capture_on_commit_callbacks):
    liaison = LiaisonFactory()
    client.force_login(liaison.user)
    assert client.get(reverse("dashboards:home")).status_code == 302

    staff = secretariat_user()
    staff_client = type(client)()
    staff_client.force_login(staff)
    act(staff_client, "close_liaison_account", liaison, callbacks=django_capture_on_commit_callbacks)

    answer = client.get(reverse("dashboards:state", args=[liaison.state.iso3]))
    assert answer.status_code == 302 and reverse("login") in answer["Location"]


def test_the_command_invites_by_address_and_closes(contact, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("invite_liaison", "ANA.ROJAS@example.cl", stdout=out)
    assert "invited as liaison" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["ana.rojas@example.cl"]]

    call_command("invite_liaison", str(contact.pk), "--close", stdout=out)
    assert not get_user_model().objects.get(contact=contact).is_active


def test_the_command_says_what_is_wrong(contact):
    with pytest.raises(CommandError, match="No contact"):
        call_command("invite_liaison", "nobody@example.org")
    ContactFactory(email=contact.email)
    with pytest.raises(CommandError, match="several states"):
        call_command("invite_liaison", contact.email)
