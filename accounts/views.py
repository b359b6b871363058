from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.utils import translation

from accounts import services
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
