from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from outbox.admin import OutgoingMailAdmin
from questionnaires.uploads import MAX_DOCUMENT_BYTES
from reminders import services
from reminders.models import (
    Digest,
    OutreachEntry,
    OutreachKind,
    ReminderPolicy,
    ReminderSubscription,
    StateWithoutContact,
)
from reminders.resources import OutreachEntryResource, ReminderPolicyResource
from reminders.selectors import reminder_digests_build
from states.models import State
from tracker.record_admin import RecordAdmin
from tracker.request_bodies import accepts_upload


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(RecordAdmin):
    resource_classes = [ReminderPolicyResource]
    list_display = ["name", "scope", "kind", "days", "frequency", "audience", "is_active"]
    list_filter = ["is_active", "kind", "frequency", "audience", "convention", "body"]
    list_select_related = ["convention", "body"]
    search_fields = ["name", "notes"]
    fieldsets = [
        (None, {"fields": ["name", "is_active"]}),
        (_("About"), {"fields": ["convention", "body"]}),
        (_("What, how often, to whom"), {"fields": ["kind", "days", "frequency", "audience"]}),
        (_("Notes"), {"fields": ["notes"]}),
    ]

    @admin.display(description=_("convention or body"))
    def scope(self, policy):
        return policy.scope


class OutreachEntryAdminForm(forms.ModelForm):
    """The entry with the states it was sent to, chosen in one box as before.

    The states go through OutreachEntryState (which protects them from deletion), and the admin
    leaves a many-to-many with its own through model out of its forms; this field puts the
    choice back and the admin saves it with ``states.set`` (so the history sees the change).
    """

    sent_to = forms.ModelMultipleChoiceField(
        label=_("states"),
        queryset=State.objects.order_by("name_en"),
        required=False,
        widget=FilteredSelectMultiple(_("states"), is_stacked=False),
    )

    class Meta:
        model = OutreachEntry
        fields = [
            *("date", "kind", "subject", "convention"),
            *("sender", "recipients", "reference", "document", "code", "source", "notes"),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["sent_to"].initial = list(self.instance.states.all())


@admin.register(OutreachEntry)
class OutreachEntryAdmin(RecordAdmin):
    """The outreach log: letters and notes entered by staff, and the digests the app sent."""

    resource_classes = [OutreachEntryResource]
    list_display = ["date", "kind", "subject", "convention", "state_codes", "digest_link"]
    list_display_links = ["date", "subject"]
    list_filter = ["kind", "convention", "states"]
    search_fields = [
        "subject",
        "sender",
        "recipients",
        "reference",
        "notes",
        "states__iso3",
        "states__name_en",
    ]
    form = OutreachEntryAdminForm
    date_hierarchy = "date"
    readonly_fields = ["digest_link"]
    fieldsets = [
        (None, {"fields": ["date", "kind", "subject", "convention", "sent_to"]}),
        (_("Who and what"), {"fields": ["sender", "recipients", "reference", "document"]}),
        (_("Sources and notes"), {"fields": ["code", "source", "notes", "digest_link"]}),
    ]

    # Their form takes the entry's document: a letter or report like a questionnaire's documents.
    @accepts_upload(MAX_DOCUMENT_BYTES)
    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, extra_context)

    @accepts_upload(MAX_DOCUMENT_BYTES)
    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("convention", "digest")
            .prefetch_related(Prefetch("states", queryset=State.objects.order_by("iso3")))
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.states.set(form.cleaned_data["sent_to"])

    def has_change_permission(self, request, obj=None):
        # A digest's entry is the app's record of what it sent: read, never edited.
        if obj is not None and obj.kind == OutreachKind.DIGEST:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.kind == OutreachKind.DIGEST:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("states"))
    def state_codes(self, entry):
        return ", ".join(state.iso3 for state in entry.states.all())

    @admin.display(description=_("digest"))
    def digest_link(self, entry):
        if entry.digest_id is None:
            return "-"
        url = reverse("admin:reminders_digest_change", args=[entry.digest_id])
        return format_html('<a href="{}">{}</a>', url, entry.digest)


@admin.register(Digest)
class DigestAdmin(OutgoingMailAdmin):
    """Digests as claimed and sent. Read only: staff act on them through the actions."""

    list_display = ["period", "state", "contact", "language", "status", "attempts", "claimed_at", "sent_at"]
    list_filter = ["status", "period", "language", "state"]
    list_select_related = ["state", "contact__state"]
    search_fields = ["contact__name", "recipient", "state__iso3", "state__name_en", "subject"]
    date_hierarchy = "claimed_at"
    outbox = services.DIGESTS
    readonly_fields = ["html_preview"]
    fieldsets = [
        (None, {"fields": ["contact", "state", "period", "as_of", "language", "recipient"]}),
        (
            _("What became of it"),
            {"fields": ["status", "attempts", "claimed_at", "sending_started_at", "sent_at", "last_error"]},
        ),
        (_("The mail"), {"fields": ["subject", "body_text", "html_preview", "items"]}),
    ]

    @admin.display(description=_("HTML"))
    def html_preview(self, digest):
        return format_html('<pre style="white-space: pre-wrap">{}</pre>', digest.body_html)


@admin.register(ReminderSubscription)
class ReminderSubscriptionAdmin(SimpleHistoryAdmin):
    """Who unsubscribed from which convention's reminders; staff can switch them back on."""

    list_display = ["contact", "state", "convention", "unsubscribed", "changed_at", "changed_by", "note"]
    list_filter = ["unsubscribed", "convention", "contact__state"]
    list_select_related = ["contact__state", "convention", "changed_by"]
    search_fields = ["contact__name", "contact__email", "contact__state__iso3", "contact__state__name_en"]
    actions = ["switch_back_on"]
    readonly_fields = ["contact", "convention", "unsubscribed", "changed_at", "changed_by", "note"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("state"), ordering="contact__state__name_en")
    def state(self, subscription):
        return subscription.contact.state

    @admin.action(description=_("Switch reminders back on"), permissions=["change"])
    def switch_back_on(self, request, queryset):
        changed = services.reminders_resubscribe(list(queryset.values_list("pk", flat=True)), request.user)
        self.message_user(
            request,
            ngettext(
                "Reminders switched back on for %(count)d setting.",
                "Reminders switched back on for %(count)d settings.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )


@admin.register(StateWithoutContact)
class StateWithoutContactAdmin(admin.ModelAdmin):
    """The states that owe something the active policies remind of, today, with no one to tell."""

    search_fields = ["name_en", "iso3"]
    list_per_page = 100

    def _plan(self, request):
        # One plan per request (constant queries), shared by the list and its column.
        if not hasattr(request, "_reminder_plan"):
            request._reminder_plan = reminder_digests_build(timezone.localdate())
        return request._reminder_plan

    def get_queryset(self, request):
        owing = {owing.state.pk for owing in self._plan(request).without_contact}
        return super().get_queryset(request).filter(pk__in=owing)

    def get_list_display(self, request):
        items = {owing.state.pk: owing.items for owing in self._plan(request).without_contact}

        @admin.display(description=_("owes, and nobody is reminded of it"))
        def owes(state):
            return format_html_join(
                "",
                "<div>{} {}</div>",
                ((item.convention.code, item.detail()) for item in items.get(state.pk, ())),
            )

        return ["name_en", "iso3", owes]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
