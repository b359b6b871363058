from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """The record as a versioned Frictionless data package, and its releases."""

    name = "opendata"
    verbose_name = _("Open data")
