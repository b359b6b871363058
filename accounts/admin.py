"""django-axes' list of failed sign-ins, with its clean-up action fixed and permissioned."""

from axes.admin import AccessAttemptAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class FailedSignInAdmin(AccessAttemptAdmin):
    # axes' own action declares no permission (anyone who may see the list could run it) and
    # fails with a 500: it reads the time axes stamps on a request only on the way to sign in.
    actions = ["expired_attempts_remove"]

    @admin.action(description=_("Clean up expired attempts"), permissions=["delete"])
    def expired_attempts_remove(self, request, queryset):
        AxesProxyHandler.update_request(request)
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(
            request,
            ngettext(
                "%(count)d expired failed sign-in removed.",
                "%(count)d expired failed sign-ins removed.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
