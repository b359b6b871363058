from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from accounts import selectors, services
from accounts.invitations import InvitationExpired, InvitationInvalid, invited_user
from outbox.client_limits import client_mail_requests_exceeded


class SignInView(auth_views.LoginView):
    """Django's sign-in page; a liaison then reads the site in her contact's language.

    The language is set once, as the switcher sets it (the language cookie), so a later choice
    in the switcher wins until the next sign-in.
    """

    def form_valid(self, form):
        response = super().form_valid(form)
        language = selectors.sign_in_language(form.get_user())
        if language:
            _language_remember(response, language)
        return response


def _language_remember(response, language: str) -> None:
    """Set the language as the switcher does (the language cookie), so the switcher can change it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's page, but the mail goes through the task queue and within the limits.

    Every valid address gets the same answer, known or not, admitted or over a limit: the
    "check your mail" page.
    """

    def form_valid(self, form):
        if not client_mail_requests_exceeded(self.request, group="accounts.password_reset"):
            services.password_reset_request(form.cleaned_data["email"], language=translation.get_language())
        return HttpResponseRedirect(self.get_success_url())


@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request, token):
    """A new liaison sets her first password from her invitation's link, then goes to her page."""
    try:
        user, language = invited_user(token)
    except InvitationExpired:
        return render(request, "accounts/invitation_invalid.html", {"expired": True}, status=410)
    except InvitationInvalid:
        return render(request, "accounts/invitation_invalid.html", {"expired": False}, status=410)
    translation.activate(language)
    form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        form.save()
        # Signed in by the link she just used, not by a password check: say which backend vouches.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        response = redirect("dashboards:home")
        _language_remember(response, language)
        return response
    return render(request, "accounts/invitation.html", {"form": form, "invited": user})
