"""Fast entry: an item with its program areas, states and organizations on one page."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.models import (
    Contribution,
    ItemOrganization,
    ItemProgramArea,
    ItemState,
    Mandate,
    MandateCitation,
    Meeting,
    MeetingAttendance,
    MeetingDocument,
    MeetingOfficer,
    MeetingOutcome,
    Organization,
    ProgramArea,
    ProgramYearNote,
    Report,
    ReportItem,
    SecretariatSection,
    StatedFigure,
)
from reports.resources import (
    ContributionResource,
    MandateCitationResource,
    MandateResource,
    MeetingDocumentResource,
    MeetingOfficerResource,
    MeetingOutcomeResource,
    MeetingResource,
    OrganizationResource,
    ProgramAreaResource,
    ProgramYearNoteResource,
    ReportItemResource,
    ReportResource,
    SecretariatSectionResource,
    StatedFigureResource,
)
from tracker.record_admin import RecordAdmin, RecordInline


class ItemProgramAreaInline(RecordInline):
    model = ItemProgramArea
    autocomplete_fields = ["program_area"]
    show_change_link = False
    extra = 1


class ItemStateInline(RecordInline):
    model = ItemState
    fields = ["state", "role"]
    autocomplete_fields = ["state"]
    show_change_link = False
    extra = 2

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("state")


class ItemOrganizationInline(RecordInline):
    model = ItemOrganization
    fields = ["organization", "role"]
    autocomplete_fields = ["organization"]
    show_change_link = False
    extra = 2

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


@admin.register(ReportItem)
class ReportItemAdmin(RecordAdmin):
    resource_classes = [ReportItemResource]
    list_display = [
        "title",
        "kind",
        "body",
        "date_earliest",
        "date_latest",
        "secretariat_participation",
        "in_annex",
    ]
    list_filter = ["body", "kind", "in_annex", "program_areas", "secretariat_participation"]
    list_select_related = ["body"]
    search_fields = ["title", "reference", "place", "description"]
    date_hierarchy = "date_earliest"
    autocomplete_fields = ["body"]
    inlines = [ItemProgramAreaInline, ItemStateInline, ItemOrganizationInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["reference", "body", "kind", "title", "in_annex"]}),
        (
            _("When and where"),
            {"fields": ["date_earliest", "date_latest", "date_text", "place", "is_virtual"]},
        ),
        (
            _("Secretariat and participants"),
            {
                "fields": [
                    "organized_by_secretariat",
                    "secretariat_participation",
                    "participants_at_least",
                    "participants_text",
                ]
            },
        ),  # fmt: skip
        (_("Publication"), {"fields": ["languages", "link"]}),
        (_("Text"), {"fields": ["description", "notes"]}),
    ]


class MeetingAttendanceInline(RecordInline):
    model = MeetingAttendance
    autocomplete_fields = ["state", "organization"]
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("state", "organization")


class MeetingOfficerInline(RecordInline):
    model = MeetingOfficer
    fields = ["role", "state", "name", "capacity"]
    autocomplete_fields = ["state"]


class MeetingDocumentInline(RecordInline):
    model = MeetingDocument
    fields = ["symbol", "title", "revision", "dated_on", "submitted_by"]
    autocomplete_fields = ["submitted_by"]


class MeetingOutcomeInline(RecordInline):
    model = MeetingOutcome
    fields = ["kind", "title", "document", "elected_state", "office", "term"]
    autocomplete_fields = ["elected_state"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # An outcome cites a document of its own meeting.
        if db_field.name == "document":
            meeting_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = MeetingDocument.objects.filter(meeting_id=meeting_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Meeting)
class MeetingAdmin(RecordAdmin):
    resource_classes = [MeetingResource]
    list_display = ["title_en", "body", "kind", "number", "date_earliest", "chair_state", "vice_chair_state"]
    list_filter = ["body", "kind", "is_virtual"]
    list_select_related = ["body", "chair_state", "vice_chair_state"]
    search_fields = ["title_en", "title_es", "code", "venue"]
    autocomplete_fields = ["body", "chair_state", "vice_chair_state"]
    inlines = [MeetingOfficerInline, MeetingAttendanceInline, MeetingDocumentInline, MeetingOutcomeInline]


@admin.register(MeetingDocument)
class MeetingDocumentAdmin(RecordAdmin):
    resource_classes = [MeetingDocumentResource]
    list_display = ["symbol", "title", "meeting", "dated_on", "submitted_by"]
    list_select_related = ["meeting", "submitted_by"]
    search_fields = ["symbol", "title"]
    autocomplete_fields = ["meeting", "submitted_by"]


@admin.register(MeetingOfficer)
class MeetingOfficerAdmin(RecordAdmin):
    resource_classes = [MeetingOfficerResource]
    list_display = ["name", "role", "state", "meeting"]
    list_select_related = ["meeting", "state"]
    search_fields = ["name", "capacity"]
    autocomplete_fields = ["meeting", "state"]


@admin.register(MeetingOutcome)
class MeetingOutcomeAdmin(RecordAdmin):
    resource_classes = [MeetingOutcomeResource]
    list_display = ["title", "kind", "meeting", "elected_state", "office", "term"]
    list_filter = ["kind", "office"]
    list_select_related = ["meeting", "elected_state"]
    search_fields = ["title"]
    autocomplete_fields = ["meeting", "document", "elected_state"]


@admin.register(Report)
class ReportAdmin(RecordAdmin):
    resource_classes = [ReportResource]
    list_display = ["body", "year", "kind", "symbol", "approved_on"]
    list_filter = ["body", "kind"]
    list_select_related = ["body"]
    search_fields = ["title_en", "title_es", "symbol"]
    autocomplete_fields = ["body", "presented_at"]


@admin.register(Organization)
class OrganizationAdmin(RecordAdmin):
    resource_classes = [OrganizationResource]
    list_display = ["name_en", "short_name", "category"]
    list_filter = ["category"]
    search_fields = ["short_name", "name_en", "name_es"]


@admin.register(ProgramArea)
class ProgramAreaAdmin(RecordAdmin):
    resource_classes = [ProgramAreaResource]
    list_display = ["name_en", "code", "section", "position"]
    list_select_related = ["section"]
    search_fields = ["code", "name_en", "name_es"]


@admin.register(SecretariatSection)
class SecretariatSectionAdmin(RecordAdmin):
    resource_classes = [SecretariatSectionResource]
    list_display = ["name_en", "code"]
    search_fields = ["code", "name_en", "name_es"]


@admin.register(Contribution)
class ContributionAdmin(RecordAdmin):
    resource_classes = [ContributionResource]
    list_display = ["__str__", "body", "year", "financial"]
    list_filter = ["body", "year", "financial", "organization__category"]
    list_select_related = ["body", "state", "organization"]
    search_fields = ["state__name_en", "organization__name_en", "organization__short_name"]
    autocomplete_fields = ["body", "state", "organization"]


class MandateCitationInline(RecordInline):
    model = MandateCitation
    fields = ["meeting", "report", "item", "program_area", "passage"]
    autocomplete_fields = ["meeting", "report", "item", "program_area"]


@admin.register(Mandate)
class MandateAdmin(RecordAdmin):
    """A resolution or plan, with the meetings, reports, items and programs that cite it."""

    resource_classes = [MandateResource]
    list_display = ["__str__", "kind", "issuer", "body", "date_earliest"]
    list_filter = ["kind", "issuer", "body"]
    list_select_related = ["body"]
    search_fields = ["code", "symbol", "title"]
    autocomplete_fields = ["body", "adopted_at"]
    inlines = [MandateCitationInline]


@admin.register(MandateCitation)
class MandateCitationAdmin(RecordAdmin):
    resource_classes = [MandateCitationResource]
    list_display = ["mandate", "meeting", "report", "item", "program_area"]
    list_select_related = ["mandate", "meeting", "report__body", "item", "program_area"]
    search_fields = ["mandate__symbol", "mandate__title", "passage"]
    autocomplete_fields = ["mandate", "meeting", "report", "item", "program_area"]


@admin.register(StatedFigure)
class StatedFigureAdmin(RecordAdmin):
    """Figures as the documents state them; the site's "Figures to check" compares them."""

    resource_classes = [StatedFigureResource]
    list_display = ["stated_as", "measure", "qualifier", "value", "report", "program_area", "item", "meeting"]
    list_filter = ["measure", "qualifier", "report"]
    list_select_related = ["report__body", "program_area", "item", "meeting"]
    search_fields = ["stated_as"]
    autocomplete_fields = ["report", "program_area", "item", "meeting", "convention"]


@admin.register(ProgramYearNote)
class ProgramYearNoteAdmin(RecordAdmin):
    resource_classes = [ProgramYearNoteResource]
    list_display = ["program_area", "report", "without_activity", "without_funding"]
    list_filter = ["without_activity", "without_funding", "report"]
    list_select_related = ["program_area", "report__body"]
    search_fields = ["reason", "program_area__name_en"]
    autocomplete_fields = ["report", "program_area"]
