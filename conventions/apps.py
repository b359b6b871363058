from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConventionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "conventions"
    verbose_name = _("Treaty record")
    # Files of fixtures/ that `load_reference` imports, in order, with their resources.
    reference_files = [
        ("bodies.csv", "conventions.resources.BodyResource"),
        ("conventions.csv", "conventions.resources.ConventionResource"),
        ("participations.csv", "conventions.resources.ParticipationResource"),
        ("reservations.csv", "conventions.resources.ReservationResource"),
    ]
