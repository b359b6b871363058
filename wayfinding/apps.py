from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WayfindingConfig(AppConfig):
    """How a reader finds her way: site search, the open-data page and the favicon."""

    name = "wayfinding"
    verbose_name = _("Finding your way")
