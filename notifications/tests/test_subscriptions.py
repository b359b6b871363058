"""Double opt-in, one-click unsubscribe, and a liaison's subscriptions that come with her account."""

import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from notifications import tokens
from notifications.models import Subscription
from notifications.services import subscription_request
from notifications.tests.factories import SubscriptionFactory
from states.tests.factories import LiaisonFactory, UserFactory

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def subscribe(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("notifications:subscribe"), data)


def test_subscribing_mails_a_link_and_sends_nothing_else_until_it_is_followed(
    client, a66, django_capture_on_commit_callbacks
):
    response = subscribe(client, django_capture_on_commit_callbacks, email="Ana@Example.org", language="es",
                         convention="A-66", state="")  # fmt: skip

    assert response.status_code == 200 and "Ana@Example.org" in response.text
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.language, subscription.convention) == (
        "ana@example.org",
        "es",
        a66,
    )
    assert not subscription.is_active
    [message] = mail.outbox
    assert message.to == ["ana@example.org"] and "suscripción" in message.subject.lower()

    link = link_in(message)
    page = client.get(link)  # a mail scanner opening the link confirms nothing
    assert page.status_code == 200
    subscription.refresh_from_db()
    assert not subscription.is_active

    assert client.post(link).status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_active


def test_a_forged_or_expired_confirmation_link_is_refused(client, a66, settings):
    subscription = SubscriptionFactory(confirmed_at=None)
    token = tokens.confirm_token(subscription.pk, subscription.email)

    assert client.get(reverse("notifications:confirm", args=[token + "x"])).status_code == 404
    other = tokens.unsubscribe_token(subscription.pk, subscription.email)  # another salt
    assert client.post(reverse("notifications:confirm", args=[other])).status_code == 404
    settings.NOTIFICATIONS_CONFIRMATION_MAX_AGE_SECONDS = -1
    expired = client.post(reverse("notifications:confirm", args=[token]))
    assert expired.status_code == 410 and "subscribe again" in expired.text
    subscription.refresh_from_db()
    assert not subscription.is_active


def test_a_confirmation_link_sent_before_an_unsubscribe_does_not_bring_the_subscription_back(
    client, a66, django_capture_on_commit_callbacks
):
    subscribe(client, django_capture_on_commit_callbacks, email="ana@example.org", language="en",
              convention="A-66", state="")  # fmt: skip
    first_link = link_in(mail.outbox[0])
    assert client.post(first_link).status_code == 200
    subscription = Subscription.objects.get()
    unsubscribe = reverse(
        "notifications:unsubscribe", args=[tokens.unsubscribe_token(subscription.pk, subscription.email)]
    )
    client.post(unsubscribe)

    for answer in (client.get(first_link), client.post(first_link)):
        assert answer.status_code == 410
        assert "the subscription was stopped after it was sent" in answer.text
    subscription.refresh_from_db()
    assert not subscription.is_active

    # Asking again mails a new link, which works; after another unsubscribe it is outdated too.
    subscribe(client, django_capture_on_commit_callbacks, email="ana@example.org", language="en",
              convention="A-66", state="")  # fmt: skip
    second_link = link_in(mail.outbox[1])
    assert client.post(second_link).status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_active
    client.post(unsubscribe)
    assert client.post(second_link).status_code == 410
    subscription.refresh_from_db()
    assert not subscription.is_active


def test_asking_twice_for_a_confirmed_subscription_changes_nothing_and_mails_nothing(
    a66, django_capture_on_commit_callbacks
):
    SubscriptionFactory(email="ana@example.org", convention=a66)
    with django_capture_on_commit_callbacks(execute=True):
        subscription_request(email="ana@example.org", language="en", convention=a66)
    assert Subscription.objects.count() == 1 and mail.outbox == []


def test_a_convention_and_a_state_at_once_are_refused(client, a66, argentina):
    response = client.post(
        reverse("notifications:subscribe"),
        {"email": "a@example.org", "language": "en", "convention": "A-66", "state": "ARG"},
    )
    assert response.status_code == 200 and Subscription.objects.count() == 0
    assert response.context["form"].errors


def test_the_database_refuses_the_same_address_and_scope_twice_and_both_scopes(a66, argentina):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    SubscriptionFactory(email="ana@example.org", convention=None, state=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        SubscriptionFactory(email="ANA@example.org", convention=None, state=None)
    both = Subscription(email="b@example.org", convention=a66, state=argentina)
    with pytest.raises(ValidationError):
        both.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        both.save()


def test_unsubscribing_takes_a_post_and_works_without_a_csrf_token(a66):
    from django.test import Client

    subscription = SubscriptionFactory(convention=a66)
    url = reverse(
        "notifications:unsubscribe", args=[tokens.unsubscribe_token(subscription.pk, subscription.email)]
    )
    client = Client(enforce_csrf_checks=True)

    assert client.get(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_active
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    subscription.refresh_from_db()
    assert not subscription.is_active


def test_an_unsubscribe_link_for_another_address_is_refused(client):
    subscription = SubscriptionFactory()
    token = signing.dumps({"s": subscription.pk, "e": "someone@else.org"}, salt=tokens.UNSUBSCRIBE_SALT)
    assert client.post(reverse("notifications:unsubscribe", args=[token])).status_code == 404


# A liaison's own page


def test_anonymous_visitors_are_sent_to_sign_in_and_non_liaisons_find_no_page(client):
    url = reverse("notifications:mine")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_a_liaison_has_her_state_by_default_and_manages_her_subscriptions(client, argentina, a66):
    liaison = LiaisonFactory(state=argentina, language="es")
    client.force_login(liaison.user)
    url = reverse("notifications:mine")

    page = client.get(url)

    [default] = page.context["subscriptions"]
    assert (default.state, default.user, default.language, default.is_active) == (
        argentina,
        liaison.user,
        "es",
        True,
    )
    client.post(url, {"subscription": default.pk, "on": "0"})
    client.post(url, {"convention": a66.pk})
    subscriptions = {s.scope_label: s.is_active for s in client.get(url).context["subscriptions"]}
    assert subscriptions == {"Argentina": False, "A-66": True}


def test_a_liaison_cannot_switch_someone_elses_subscription(client, argentina):
    liaison = LiaisonFactory(state=argentina)
    someone = SubscriptionFactory()
    client.force_login(liaison.user)
    refused = client.post(reverse("notifications:mine"), {"subscription": someone.pk, "on": "0"})

    assert refused.status_code == 400
    assert "That is not one of your subscriptions." in refused.content.decode()
    someone.refresh_from_db()
    assert someone.is_active
