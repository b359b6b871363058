from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.utils import translation

from accounts import selectors, services
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
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's page, but the mail goes through the task queue and within the limits.

    Every valid address gets the same answer, known or not, admitted or over a limit: the
    "check your mail" page.
    """

    def form_valid(self, form):
        if not client_mail_requests_exceeded(self.request, group="accounts.password_reset"):
            services.password_reset_request(form.cleaned_data["email"], language=translation.get_language())
        return HttpResponseRedirect(self.get_success_url())
