"""What staff do with an outbox's mail in the admin: read it, and decide about the failed and
unknown ones (send again, or record as sent once checked). Nothing else changes a row: it is
the lock that keeps the mail from going out twice."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outbox.models import SendStatus
from outbox.services import Outbox


class OutgoingMailAdmin(admin.ModelAdmin):
    """The admin of a concrete ``OutgoingMail`` model; ``outbox`` is the outbox that sends it."""

    outbox: Outbox
    actions = ["send_again", "confirm_sent"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields] + list(self.readonly_fields)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again (failed or unknown mail only)"), permissions=["change"])
    def send_again(self, request, queryset):
        chosen = list(queryset.values_list("pk", flat=True))
        queued = [pk for pk in chosen if self.outbox.resend(pk, request.user)]
        skipped = len(chosen) - len(queued)
        if queued:
            self.message_user(
                request,
                ngettext("%(count)d mail queued again.", "%(count)d mails queued again.", len(queued))
                % {"count": len(queued)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d mail left alone: only failed or unknown ones are sent again.",
                    "%(count)d mails left alone: only failed or unknown ones are sent again.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(
        description=_("Record as sent (unknown mail checked to have gone out)"), permissions=["change"]
    )
    def confirm_sent(self, request, queryset):
        unknown = queryset.filter(status=SendStatus.UNKNOWN).values_list("pk", flat=True)
        done = [pk for pk in unknown if self.outbox.confirm_sent(pk, request.user)]
        self.message_user(
            request,
            ngettext("%(count)d mail recorded as sent.", "%(count)d mails recorded as sent.", len(done))
            % {"count": len(done)},
            messages.SUCCESS if done else messages.WARNING,
        )
