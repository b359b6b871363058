from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports and meetings")
    # Files of fixtures/ that `load_reference` imports, in order, with their resources. The
    # bodies are tied to their conventions here because bodies.csv loads before conventions.csv.
    reference_files: list[tuple[str, str]] = [
        ("reports/body_conventions.csv", "reports.resources.BodyConventionResource"),
        ("reports/sections.csv", "reports.resources.SecretariatSectionResource"),
        ("reports/program_areas.csv", "reports.resources.ProgramAreaResource"),
        ("reports/organizations.csv", "reports.resources.OrganizationResource"),
        ("reports/meetings.csv", "reports.resources.MeetingResource"),
        ("reports/meeting_officers.csv", "reports.resources.MeetingOfficerResource"),
        ("reports/meeting_documents.csv", "reports.resources.MeetingDocumentResource"),
        ("reports/meeting_outcomes.csv", "reports.resources.MeetingOutcomeResource"),
        ("reports/reports.csv", "reports.resources.ReportResource"),
        ("reports/items.csv", "reports.resources.ReportItemResource"),
        ("reports/contributions.csv", "reports.resources.ContributionResource"),
        ("reports/mandates.csv", "reports.resources.MandateResource"),
        ("reports/mandate_citations.csv", "reports.resources.MandateCitationResource"),
        ("reports/stated_figures.csv", "reports.resources.StatedFigureResource"),
        ("reports/program_notes.csv", "reports.resources.ProgramYearNoteResource"),
    ]
