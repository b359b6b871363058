from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "states"
    verbose_name = _("Member states and contacts")
    # Files of fixtures/ that `load_reference` imports, in order, with their resources.
    reference_files = [
        ("states.csv", "states.resources.StateResource"),
        ("membership_events.csv", "states.resources.MembershipEventResource"),
    ]
