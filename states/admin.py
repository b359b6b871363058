from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from states.models import Contact, MembershipEvent, State
from states.resources import ContactResource, MembershipEventResource, StateResource
from states.services import INVITE_PERMISSION, liaison_deactivate, liaison_invite
from tracker.record_admin import RecordAdmin, RecordInline


class MembershipEventInline(RecordInline):
    model = MembershipEvent
    fields = ["kind", "occurred_on", "reference"]


class ContactInline(RecordInline):
    """The state's contacts; the conventions and bodies each one follows are set on the contact's page."""

    model = Contact
    fields = ["name", "role", "email", "organization", "language", "user", "is_active"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("state", "user")


@admin.register(State)
class StateAdmin(RecordAdmin):
    resource_classes = [StateResource]
    list_display = ["name_en", "iso3", "iso2", "subregion", "oas_member_since", "deposit_count"]
    list_filter = ["subregion"]
    search_fields = ["name_en", "name_es", "name_fr", "name_pt", "iso3", "iso2"]
    # The conventions app puts the state's record under each convention first (conventions.admin).
    inlines = [MembershipEventInline, ContactInline]
    fieldsets = [
        (None, {"fields": ["name_en", "iso3", "iso2", "subregion", "oas_member_since"]}),
        (_("Names in the other official languages"), {"fields": ["name_es", "name_fr", "name_pt"]}),
        (_("Notes"), {"fields": ["notes"]}),
    ]

    def get_queryset(self, request):
        deposits = Count("participations", filter=Q(participations__deposit_earliest__isnull=False))
        return super().get_queryset(request).annotate(deposit_count=deposits)

    @admin.display(description=_("deposits"), ordering="deposit_count")
    def deposit_count(self, state):
        return state.deposit_count


@admin.register(MembershipEvent)
class MembershipEventAdmin(RecordAdmin):
    resource_classes = [MembershipEventResource]
    list_display = ["state", "kind", "occurred_on", "reference"]
    list_filter = ["kind", "state"]
    list_select_related = ["state"]
    search_fields = ["state__name_en", "state__iso3", "reference", "notes"]
    autocomplete_fields = ["state"]
    date_hierarchy = "occurred_on"


@admin.register(Contact)
class ContactAdmin(RecordAdmin):
    """Contacts of each state. A liaison is a contact with the role "liaison" and a user account:
    she signs in to see her state's records."""

    resource_classes = [ContactResource]
    list_display = ["name", "state", "role", "email", "language", "user", "is_active", "is_demo"]
    list_filter = ["role", "language", "is_active", "is_demo", "state"]
    readonly_fields = ["is_demo"]
    list_select_related = ["state", "user"]
    search_fields = ["name", "email", "organization", "state__name_en", "state__iso3", "user__username"]
    autocomplete_fields = ["state", "user"]
    filter_horizontal = ["conventions", "bodies"]
    fieldsets = [
        (None, {"fields": ["state", "name", "role", "user", "is_active", "is_demo"]}),
        (_("Contact details"), {"fields": ["email", "organization", "language"]}),
        (_("Conventions and bodies followed"), {"fields": ["conventions", "bodies"]}),
    ]
    actions = ["invite_as_liaison", "close_liaison_account"]

    def has_invite_liaison_permission(self, request):
        return request.user.has_perm(INVITE_PERMISSION)

    @admin.action(
        description=_("Invite as liaison (mail a link to set a password)"), permissions=["invite_liaison"]
    )
    def invite_as_liaison(self, request, queryset):
        invited = 0
        for contact in queryset.select_related("state"):
            try:
                liaison_invite(contact, by_user=request.user)
            except ValidationError as refusal:
                self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            else:
                invited += 1
        if invited:
            self.message_user(
                request,
                ngettext(
                    "%(count)d invitation will be mailed, in the contact's language.",
                    "%(count)d invitations will be mailed, each in the contact's language.",
                    invited,
                )
                % {"count": invited},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Close the liaison's account (she can no longer sign in)"),
        permissions=["invite_liaison"],
    )
    def close_liaison_account(self, request, queryset):
        closed = sum(liaison_deactivate(contact, by_user=request.user) for contact in queryset)
        self.message_user(
            request,
            ngettext("%(count)d account closed.", "%(count)d accounts closed.", closed) % {"count": closed},
            messages.SUCCESS,
        )
