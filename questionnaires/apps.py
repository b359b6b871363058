from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "questionnaires"
    verbose_name = _("Implementation questionnaires")
    # Files of fixtures/ that `load_reference` imports, in order, with their resources. Loading
    # a cycle asks its states, so the receipt log that follows finds their submissions.
    reference_files: list[tuple[str, str]] = [
        ("questionnaires/obligations.csv", "questionnaires.resources.ObligationResource"),
        ("questionnaires/questionnaires.csv", "questionnaires.resources.QuestionnaireResource"),
        ("questionnaires/sections.csv", "questionnaires.resources.SectionResource"),
        ("questionnaires/questions.csv", "questionnaires.resources.QuestionResource"),
        ("questionnaires/cycles.csv", "questionnaires.resources.ReportingCycleResource"),
        ("questionnaires/receipts.csv", "questionnaires.resources.ReceiptLogResource"),
    ]
