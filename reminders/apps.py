from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reminders"
    verbose_name = _("Reminders and outreach")
    # Files of fixtures/ that `load_reference` imports, in order, with their resources.
    reference_files: list[tuple[str, str]] = [
        ("reminders/policies.csv", "reminders.resources.ReminderPolicyResource"),
        ("reminders/outreach.csv", "reminders.resources.OutreachEntryResource"),
    ]
