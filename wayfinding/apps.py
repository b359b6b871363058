from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WayfindingConfig(AppConfig):
    """What helps a reader find her way: the site's search and the list of open data."""

    name = "wayfinding"
    verbose_name = _("Finding your way")
