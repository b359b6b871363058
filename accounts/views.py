from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.invitations import InvitationExpired, InvitationInvalid, invited_user
from outbox.client_limits import client_mail_requests_exceeded


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
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response
    return render(request, "accounts/invitation.html", {"form": form, "invited": user})
