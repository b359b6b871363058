"""Staff review drafts and publish them (an action on the list, a button on the page).

A draft holds the facts of the action: its page shows the words it will be published with, made
from those facts, and staff may write their own in any field (what they leave blank is worded
from the facts at publication). A published notification is read-only: a mistake in it is put
right by a correction, which the record's service drafts.
"""

from django.contrib import admin, messages
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from notifications.models import Delivery, Notification, NotificationStatus, Subscription
from notifications.services import DELIVERIES, notification_publish
from notifications.wording import LANGUAGES
from outbox.admin import OutgoingMailAdmin

WORDING = [f"{part}_{lang}" for lang in LANGUAGES for part in ("title", "text")]
FACTS = [
    "reference", "status", "kind", "action", "convention", "state", "participation", "reservation",
    "objection", "notice", "action_earliest", "action_latest", "corrects", "previous_earliest",
    "previous_latest", "issued_on", "published_at", "published_by", "reconstructed", "source", "created_at",
]  # fmt: skip


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return NotificationStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(Notification)
class NotificationAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "status",
        "kind",
        "convention",
        "state",
        "action_date",
        "issued_on",
        "created_at",
    ]
    list_filter = [StatusFilter, "kind", "convention", "reconstructed"]
    list_select_related = ["convention", "state"]
    search_fields = ["reference", "state__name_en", "state__iso3", "convention__code", "text_en"]
    actions = ["publish"]
    list_per_page = 50

    def has_add_permission(self, request):
        return False  # made by the record's service when an action is recorded

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.status == NotificationStatus.DRAFT:
            return [
                (None, {"fields": FACTS}),
                (_("Wording at publication"), {"fields": ["wording_at_publication"]}),
                (
                    _("Your own wording"),
                    {
                        "fields": WORDING,
                        "description": _(
                            "Leave a field blank to have it worded from the facts at publication."
                        ),
                    },
                ),
            ]
        return [(None, {"fields": FACTS}), (_("Wording"), {"fields": WORDING})]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == NotificationStatus.DRAFT:
            return [*FACTS, "wording_at_publication"]
        return FACTS + WORDING

    @admin.display(description=_("title and text in each language"))
    def wording_at_publication(self, notification):
        wording = notification.wording()
        return format_html_join(
            "",
            '<p lang="{}"><strong>{}</strong><br>{}</p>',
            ((language, wording.titles[language], wording.texts[language]) for language in LANGUAGES),
        )

    @admin.display(description=_("action date"))
    def action_date(self, notification):
        return notification.action_date

    @admin.action(description=_("Publish the selected drafts"), permissions=["change"])
    def publish(self, request, queryset):
        published = [
            n
            for pk in queryset.filter(status=NotificationStatus.DRAFT)
            .order_by("pk")
            .values_list("pk", flat=True)
            if (n := notification_publish(pk, by_user=request.user))
        ]
        self.message_user(
            request,
            ngettext(
                "%(count)d notification published, numbered %(references)s.",
                "%(count)d notifications published, numbered %(references)s.",
                len(published),
            )
            % {"count": len(published), "references": ", ".join(n.reference for n in published)}
            if published
            else _("No draft was selected: nothing was published."),
            messages.SUCCESS if published else messages.WARNING,
        )

    def response_change(self, request, obj):
        if "_publish" in request.POST and self.has_change_permission(request, obj):
            published = notification_publish(obj.pk, by_user=request.user)
            if published:
                self.message_user(
                    request,
                    _("Published as %(reference)s.") % {"reference": published.reference},
                    messages.SUCCESS,
                )
            else:
                self.message_user(request, _("Only a draft can be published."), messages.WARNING)
        return super().response_change(request, obj)


@admin.register(Subscription)
class SubscriptionAdmin(SimpleHistoryAdmin):
    list_display = ["email", "convention", "state", "language", "user", "confirmed_at", "unsubscribed_at"]
    list_filter = ["language", "convention"]
    list_select_related = ["convention", "state", "user"]
    search_fields = ["email"]
    readonly_fields = ["created_at", "confirmed_at", "unsubscribed_at"]
    autocomplete_fields = ["convention", "state", "user"]


@admin.register(Delivery)
class DeliveryAdmin(OutgoingMailAdmin):
    list_display = ["notification", "recipient", "language", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    list_select_related = ["notification__convention"]
    search_fields = ["recipient", "notification__reference"]
    outbox = DELIVERIES
