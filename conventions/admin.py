from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conventions.forms import ParticipationForm
from conventions.models import Body, Convention, Objection, Participation, ParticipationNotice, Reservation
from conventions.resources import (
    BodyResource,
    ConventionResource,
    ObjectionResource,
    ParticipationNoticeResource,
    ParticipationResource,
    ReservationResource,
)
from conventions.selectors import Status, participation_statuses_as_of, status_conditions
from conventions.services import (
    objection_record,
    participation_notice_record,
    participation_record,
    reservation_record,
)
from states.admin import StateAdmin
from states.models import State
from tracker.record_admin import RecordAdmin, RecordInline

# The form's approximate dates: a text box each, with the interval's other end hidden beside it.
SIGNATURE_AND_DEPOSIT = [
    "signature_earliest", "signature_latest", "instrument_kind", "instrument_dated",
    "deposit_earliest", "deposit_latest",
]  # fmt: skip
DENUNCIATION = ["denunciation_notified_on", "denunciation_effective_on"]


# The service that records each kind of action of the treaty record.
RECORD_SERVICES = {
    Participation: participation_record,
    Reservation: reservation_record,
    Objection: objection_record,
    ParticipationNotice: participation_notice_record,
}


def record_through_service(instance, request):
    """Save an action of the record as its service does, and tell the writer which depositary
    notification it drafted, with a link to review and publish it."""
    record = RECORD_SERVICES[type(instance)]
    drafted = gettext('Depositary notification drafted: <a href="{link}">{title}</a>. Review and publish it.')
    for draft in record(instance, by_user=request.user, source="admin"):
        link = reverse("admin:notifications_notification_change", args=[draft.pk])
        messages.info(request, format_html(drafted, link=link, title=draft.title))


class RecordedThroughServiceFormSet(BaseInlineFormSet):
    """Inline rows saved through the record's service instead of ``form.save()``."""

    request = None  # set for each request by the inline's get_formset

    def save_new(self, form, commit=True):
        instance = super().save_new(form, commit=False)
        return self._record(form, instance, commit)

    def save_existing(self, form, obj, commit=True):
        instance = super().save_existing(form, obj, commit=False)
        return self._record(form, instance, commit)

    def _record(self, form, instance, commit):
        if commit:
            record_through_service(instance, self.request)
            form.save_m2m()
        return instance


class RecordServiceInline(RecordInline):
    formset = RecordedThroughServiceFormSet

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)  # a new class for each request
        formset.request = request
        return formset


class RecordedListFilter(admin.SimpleListFilter):
    """Whether a date field is recorded: "Yes" or "No"."""

    field_name = ""

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{f"{self.field_name}__isnull": self.value() == "no"})
        return queryset


class SignedFilter(RecordedListFilter):
    title = _("signed")
    parameter_name = "signed"
    field_name = "signature_earliest"


class DepositedFilter(RecordedListFilter):
    title = _("instrument deposited")
    parameter_name = "deposited"
    field_name = "deposit_earliest"


class DenouncedFilter(RecordedListFilter):
    title = _("denounced")
    parameter_name = "denounced"
    field_name = "denunciation_notified_on"


class StatusTodayFilter(admin.SimpleListFilter):
    """The participation's status today, by the rule of the public status table."""

    title = _("status today")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(status.value, status.label) for status in Status]

    def queryset(self, request, queryset):
        if self.value() in {status.value for status in Status}:
            return queryset.filter(status_conditions(timezone.localdate())[Status(self.value())])
        return queryset


class ParticipationOfStateInline(RecordServiceInline):
    """The state's record under each convention, on the state's page."""

    model = Participation
    form = ParticipationForm
    fields = ["convention", *SIGNATURE_AND_DEPOSIT, *DENUNCIATION]
    choices_read_once = ("convention",)
    verbose_name_plural = _("signatures and deposits")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("convention", "state")


class StateWithRecordAdmin(StateAdmin):
    """The state's page with its record under each convention first. The states app, below this
    one, knows nothing of conventions; this app adds the record to the state's page."""

    inlines = [ParticipationOfStateInline, *StateAdmin.inlines]


admin.site.unregister(State)
admin.site.register(State, StateWithRecordAdmin)


class ParticipationOfConventionInline(RecordServiceInline):
    """Every state's record under the convention, on the convention's page."""

    model = Participation
    form = ParticipationForm
    fields = ["state", *SIGNATURE_AND_DEPOSIT, *DENUNCIATION]
    choices_read_once = ("state",)
    verbose_name_plural = _("signatures and deposits")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("convention", "state")


class ReservationInline(RecordServiceInline):
    model = Reservation
    fields = ["kind", "article", "text", "made_on", "withdrawn_on"]


class ParticipationNoticeInline(RecordServiceInline):
    model = ParticipationNotice
    fields = ["kind", "territory", "predecessor", "made_on", "effective_on", "ended_on", "source"]


class ObjectionInline(RecordServiceInline):
    """The objections to a reservation, on the reservation's page."""

    model = Objection
    fields = ["objecting_state", "made_on", "withdrawn_on", "text", "source"]
    autocomplete_fields = ["objecting_state"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("objecting_state", "reservation__participation")


@admin.register(Body)
class BodyAdmin(RecordAdmin):
    resource_classes = [BodyResource]
    list_display = ["acronym", "name_en"]
    search_fields = ["acronym", "name_en", "name_es", "name_fr", "name_pt"]


@admin.register(Convention)
class ConventionAdmin(RecordAdmin):
    resource_classes = [ConventionResource]
    list_display = [
        "code", "short_name", "adopted_on", "entry_into_force_on", "followed_by", "deposit_count",
    ]  # fmt: skip
    list_display_links = ["code", "short_name"]
    list_filter = ["followed_by"]
    list_select_related = ["followed_by"]
    search_fields = [
        "code", "short_name_en", "short_name_es", "short_name_fr", "short_name_pt",
        "title_en", "title_es", "title_fr", "title_pt",
    ]  # fmt: skip
    autocomplete_fields = ["followed_by"]
    inlines = [ParticipationOfConventionInline]
    # Sources are web pages; a link typed without its scheme is read as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["code", "followed_by"]}),
        (
            _("Short names"),
            {"fields": [("short_name_en", "short_name_es", "short_name_fr", "short_name_pt")]},
        ),
        (_("Titles"), {"fields": ["title_en", "title_es", "title_fr", "title_pt"]}),
        (
            _("Adoption"),
            {
                "fields": [
                    ("adopted_at_en", "adopted_at_es", "adopted_at_fr", "adopted_at_pt"),
                    "adopted_on",
                    "opened_for_signature_on",
                    ("depositary_en", "depositary_es", "depositary_fr", "depositary_pt"),
                    "adopting_instrument",
                ]
            },
        ),
        (
            _("Entry into force"),
            {
                "fields": [
                    "eif_instruments_required",
                    "eif_days_after_deposit",
                    "eif_rule_text",
                    "entry_into_force_on",
                ]
            },
        ),
        (_("Sources and notes"), {"fields": ["source_url", "notes"]}),
    ]

    def get_queryset(self, request):
        deposits = Count("participations", filter=Q(participations__deposit_earliest__isnull=False))
        return super().get_queryset(request).annotate(deposit_count=deposits)

    @admin.display(description=_("deposits"), ordering="deposit_count")
    def deposit_count(self, convention):
        return convention.deposit_count


@admin.register(Participation)
class ParticipationAdmin(RecordAdmin):
    resource_classes = [ParticipationResource]
    form = ParticipationForm
    list_display = [
        "state", "convention_code", "status_today", "in_force_on", "signed", "instrument_kind",
        "deposited", "denounced",
    ]  # fmt: skip
    list_display_links = ["state", "convention_code"]
    list_filter = [
        StatusTodayFilter, "convention", "instrument_kind", SignedFilter, DepositedFilter, DenouncedFilter,
        "state__subregion",
    ]  # fmt: skip
    list_select_related = ["state", "convention"]
    search_fields = [
        "state__name_en", "state__name_es", "state__iso3", "convention__code", "convention__short_name_en",
    ]  # fmt: skip
    autocomplete_fields = ["convention", "state"]
    inlines = [ReservationInline, ParticipationNoticeInline]
    fieldsets = [
        (None, {"fields": ["convention", "state"]}),
        (_("Signature and deposit"), {"fields": SIGNATURE_AND_DEPOSIT}),
        (_("Denunciation"), {"fields": DENUNCIATION}),
        (_("Sources and notes"), {"fields": ["source", "notes"]}),
    ]

    def save_model(self, request, obj, form, change):
        record_through_service(obj, request)

    def get_queryset(self, request):
        # The record's name is its state and convention: every page that lists one needs both.
        return super().get_queryset(request).select_related("state", "convention")

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # The page's rows are read once here and kept by the list, which shows these same objects.
        today = participation_statuses_as_of(changelist.result_list, timezone.localdate())
        for participation in changelist.result_list:
            participation.today = today[participation.pk]
        return changelist

    @admin.display(description=_("status today"))
    def status_today(self, participation):
        return participation.today.status.label

    @admin.display(description=_("entry into force"))
    def in_force_on(self, participation):
        """For the state, as the rule gives it today (a day to come once deposited)."""
        return participation.today.in_force_on

    @admin.display(description=_("convention"), ordering="convention__code")
    def convention_code(self, participation):
        return participation.convention.code

    @admin.display(description=_("signed"), ordering="signature_earliest")
    def signed(self, participation):
        return participation.signature

    @admin.display(description=_("deposited"), ordering="deposit_earliest")
    def deposited(self, participation):
        return participation.deposit

    @admin.display(description=_("denunciation effective"), ordering="denunciation_effective_on")
    def denounced(self, participation):
        return participation.denunciation_effective_on


@admin.register(Reservation)
class ReservationAdmin(RecordAdmin):
    resource_classes = [ReservationResource]
    list_display = ["participation", "kind", "article", "made_on", "withdrawn_on"]
    list_filter = ["kind", "participation__convention"]
    search_fields = [
        "participation__state__name_en", "participation__state__iso3", "participation__convention__code",
        "article", "text",
    ]  # fmt: skip
    autocomplete_fields = ["participation"]
    inlines = [ObjectionInline]

    def save_model(self, request, obj, form, change):
        record_through_service(obj, request)

    def get_queryset(self, request):
        participation = ["participation__state", "participation__convention"]
        return super().get_queryset(request).select_related(*participation)


@admin.register(Objection)
class ObjectionAdmin(RecordAdmin):
    resource_classes = [ObjectionResource]
    list_display = ["objecting_state", "reservation", "reserving_state", "made_on", "withdrawn_on"]
    list_filter = ["reservation__participation__convention"]
    search_fields = [
        "objecting_state__name_en", "objecting_state__iso3", "reservation__participation__state__name_en",
        "reservation__participation__state__iso3", "reservation__participation__convention__code",
        "reservation__article",
    ]  # fmt: skip
    autocomplete_fields = ["reservation", "objecting_state"]
    fieldsets = [
        (None, {"fields": ["reservation", "objecting_state", "made_on", "withdrawn_on"]}),
        (_("Text and source"), {"fields": ["text", "source"]}),
    ]

    def save_model(self, request, obj, form, change):
        record_through_service(obj, request)

    def get_queryset(self, request):
        reservation = ["reservation__participation__state", "reservation__participation__convention"]
        return super().get_queryset(request).select_related("objecting_state", *reservation)

    @admin.display(description=_("reserving state"), ordering="reservation__participation__state__name_en")
    def reserving_state(self, objection):
        return objection.reservation.participation.state


@admin.register(ParticipationNotice)
class ParticipationNoticeAdmin(RecordAdmin):
    resource_classes = [ParticipationNoticeResource]
    list_display = [
        "participation",
        "kind",
        "territory",
        "predecessor",
        "made_on",
        "effective_on",
        "ended_on",
    ]
    list_filter = ["kind", "participation__convention"]
    search_fields = [
        "participation__state__name_en", "participation__state__iso3", "participation__convention__code",
        "territory", "predecessor",
    ]  # fmt: skip
    autocomplete_fields = ["participation"]
    fieldsets = [
        (None, {"fields": ["participation", "kind", "territory", "predecessor"]}),
        (_("Dates"), {"fields": ["made_on", "effective_on", "ended_on"]}),
        (_("Text and source"), {"fields": ["text", "source"]}),
    ]

    def save_model(self, request, obj, form, change):
        record_through_service(obj, request)

    def get_queryset(self, request):
        participation = ["participation__state", "participation__convention"]
        return super().get_queryset(request).select_related(*participation)
