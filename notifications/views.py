"""Public pages of the notifications, and subscribing. Thin: selectors read, services write.

Links in mail are the subscriber's credential (signed tokens): opening one only shows what it
would do, since mail scanners open links; doing it takes a POST. One-click unsubscribe
(RFC 8058) is that POST from a mail client, without a CSRF token.
"""

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from notifications import selectors, services, tokens
from notifications.forms import LiaisonSubscriptionForm, LiaisonSubscriptionSwitchForm, SubscribeForm
from notifications.models import Notification, Subscription
from outbox.client_limits import client_mail_requests_exceeded
from states.access import liaison_state_id
from tracker.views import link_gone

PAGE_SIZE = 50


@require_safe
def notification_list(request):
    filterset, rows = selectors.notification_list(request.GET)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"filter": filterset, "page": page})


@require_safe
def notification_detail(request, code: str, year: int, number: int):
    try:
        notification = selectors.notification_get_published(code, year, number)
    except Notification.DoesNotExist:
        raise Http404("No such notification.") from None
    return render(request, "notifications/notification_detail.html", {"notification": notification})


@require_http_methods(["GET", "POST"])
def subscribe(request):
    """The same answer whether a link is mailed or not (already subscribed, or over a limit)."""
    form = SubscribeForm(request.POST or None, initial={"language": (translation.get_language() or "en")[:2]})
    if request.method == "POST" and form.is_valid():
        if not client_mail_requests_exceeded(request, group="notifications.subscribe"):
            services.subscription_request(
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
                convention=form.cleaned_data["convention"],
                state=form.cleaned_data["state"],
            )
        return render(request, "notifications/subscribe_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "notifications/subscribe.html", {"form": form})


def _subscription_from(token: str, reader) -> Subscription:
    try:
        subscription_id, email = reader(token)
        return Subscription.objects.select_related("convention", "state").get(pk=subscription_id, email=email)
    except (signing.BadSignature, Subscription.DoesNotExist):
        raise Http404("This link is not valid.") from None


def _confirmation_gone(request, language: str | None = None):
    with translation.override(language or translation.get_language()):
        return link_gone(
            request,
            _(
                "This confirmation link is too old, or the subscription was stopped after it was "
                "sent. To receive the notifications, subscribe again: a new link will be mailed."
            ),
        )


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    try:
        link = tokens.confirm_token_read(token)
    except signing.SignatureExpired:
        return _confirmation_gone(request)
    except signing.BadSignature:
        raise Http404("This link is not valid.") from None
    subscription = (
        Subscription.objects.select_related("convention", "state")
        .filter(pk=link.subscription_id, email=link.email)
        .first()
    )
    if subscription is None:
        raise Http404("This link is not valid.")
    if tokens.confirmation_outdated(link, subscription.unsubscribed_at):
        return _confirmation_gone(request, subscription.language)
    done = False
    if request.method == "POST":
        try:
            subscription = services.subscription_confirm(link)
        except services.ConfirmationOutdated:
            return _confirmation_gone(request, subscription.language)
        if subscription is None:  # deleted by staff since the page was opened
            raise Http404("This link is not valid.")
        done = True
    with translation.override(subscription.language):
        return render(request, "notifications/confirm.html", {"subscription": subscription, "done": done})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    subscription = _subscription_from(token, tokens.unsubscribe_token_read)
    done = False
    if request.method == "POST":
        subscription = services.subscription_unsubscribe(subscription.pk, subscription.email)
        done = True
    with translation.override(subscription.language):
        return render(request, "notifications/unsubscribe.html", {"subscription": subscription, "done": done})


@login_required
@require_http_methods(["GET", "POST"])
def my_subscriptions(request):
    """A liaison's subscriptions, which come with her account; anyone else is told there is no page."""
    if liaison_state_id(request.user) is None:
        raise Http404("No such page.")
    services.liaison_subscriptions_ensure(request.user)
    switching = "subscription" in request.POST
    form = LiaisonSubscriptionForm(None if switching else request.POST or None)
    switch_form = LiaisonSubscriptionSwitchForm(request.user, request.POST if switching else None)
    if request.method == "POST":
        if switching and switch_form.is_valid():
            subscription = switch_form.cleaned_data["subscription"]
            services.liaison_subscription_set(
                request.user,
                convention=subscription.convention,
                state=subscription.state,
                everything=not (subscription.convention_id or subscription.state_id),
                on=switch_form.cleaned_data["on"],
            )
            return redirect("notifications:mine")
        if form.is_valid():
            convention, state = form.cleaned_data["convention"], form.cleaned_data["state"]
            services.liaison_subscription_set(
                request.user,
                convention=convention,
                state=state,
                everything=not (convention or state),
                on=True,
            )
            return redirect("notifications:mine")
    return render(
        request,
        "notifications/my_subscriptions.html",
        {
            "subscriptions": selectors.liaison_subscriptions(request.user),
            "form": form,
            "switch_form": switch_form,
        },
        status=400 if switch_form.errors else 200,
    )
