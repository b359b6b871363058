from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from outbox.services import absolute_url, mail_message_send

# Long enough for a slow mail server, short enough that a hung one does not hold the worker.
SMTP_TIMEOUT_SECONDS = 30


class SiteUrlPasswordResetForm(PasswordResetForm):
    """Django's reset form, its link built from SITE_URL, its mail handed over or an error raised.

    Django's own form builds the link from the request's Host (which the client chooses) and
    logs a mail server's refusal without a word to the caller; the task retries on it instead.
    """

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        link = reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        context = {**context, "reset_url": absolute_url(link)}
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        mail_message_send(message, timeout=SMTP_TIMEOUT_SECONDS)
