from concurrency.fields import AutoIncVersionField
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tracker.constraints import YEAR_VALIDATORS, FieldCheckConstraint, year_constraint


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Español"
    FRENCH = "fr", "Français"
    PORTUGUESE = "pt", "Português"


def localized(obj, prefix: str) -> str:
    """``obj.<prefix>_<active language>``, falling back to English where it is blank."""
    language = (get_language() or "en")[:2]
    return getattr(obj, f"{prefix}_{language}", "") or getattr(obj, f"{prefix}_en")


class Subregion(models.TextChoices):
    NORTH_AMERICA = "north_america", _("North America")
    CENTRAL_AMERICA = "central_america", _("Central America")
    CARIBBEAN = "caribbean", _("Caribbean")
    SOUTH_AMERICA = "south_america", _("South America")


class StateQuerySet(models.QuerySet):
    def by_natural_key(self):
        return {state.iso3: state for state in self}


class State(models.Model):
    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, unique=True)
    # The record's key is the alpha-3 code; the alpha-2 one is kept where the entity has one (the
    # 676 two-letter codes would also cap a synthetic record of depositary size). Null, not "",
    # where there is none: several states may lack one, and the unique index ignores nulls.
    iso2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, unique=True, null=True, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=100)
    subregion = models.CharField(_("subregion"), max_length=20, choices=Subregion.choices)
    oas_member_since = models.PositiveSmallIntegerField(
        _("OAS member since (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    notes = models.TextField(_("notes"), blank=True)

    version = AutoIncVersionField(verbose_name=_("version"))

    history = HistoricalRecords()
    objects = StateQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("state")
        verbose_name_plural = _("states")
        constraints = [
            year_constraint("oas_member_since", "state_oas_member_since_in_calendar"),
            FieldCheckConstraint(
                condition=Q(iso3__regex=r"^[A-Z]{3}$"),
                name="state_iso3_three_capitals",
                field="iso3",
                violation_error_message=_("An ISO 3166-1 alpha-3 code is three capital letters."),
            ),
            FieldCheckConstraint(
                condition=Q(iso2__isnull=True) | Q(iso2__regex=r"^[A-Z]{2}$"),
                name="state_iso2_two_capitals",
                field="iso2",
                violation_error_message=_("An ISO 3166-1 alpha-2 code is two capital letters."),
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.iso3,)

    @property
    def name(self) -> str:
        return localized(self, "name")


class MembershipEventKind(models.TextChoices):
    """Changes in a state's standing in the OAS, as the Charter and the record name them."""

    DENUNCIATION_NOTIFIED = "denunciation_notified", _("Denunciation of the Charter notified")
    WITHDRAWAL_EFFECTIVE = "withdrawal_effective", _("Withdrawal effective")
    PARTICIPATION_EXCLUDED = "participation_excluded", _("Government excluded from participation")
    EXCLUSION_LIFTED = "exclusion_lifted", _("Exclusion lifted")
    SUSPENDED = "suspended", _("Suspended from participation")
    SUSPENSION_LIFTED = "suspension_lifted", _("Suspension lifted")
    OTHER = "other", _("Other decision (no change of standing)")


class MembershipEvent(models.Model):
    """A dated change in a state's OAS membership (Venezuela and Nicaragua left, ...)."""

    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="membership_events", verbose_name=_("state")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MembershipEventKind.choices)
    occurred_on = models.DateField(_("date"))
    reference = models.CharField(
        _("reference"),
        max_length=200,
        blank=True,
        help_text=_("Resolution or note, e.g. AG/RES. 2438 (XXXIX-O/09)."),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["state__name_en", "occurred_on"]
        verbose_name = _("OAS membership event")
        verbose_name_plural = _("OAS membership events")
        constraints = [
            models.UniqueConstraint(
                fields=["state", "kind", "occurred_on"],
                name="membership_event_once",
                violation_error_message=_("This event is already recorded for this state."),
            )
        ]

    def __str__(self):
        return f"{self.state.iso3} {self.get_kind_display()} {self.occurred_on}"


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        from states.access import states_visible_to

        return self.filter(state__in=states_visible_to(user))

    def reference(self):
        """Contacts of the record, without those `load_demo` made to try the site."""
        return self.filter(is_demo=False)


class Contact(models.Model):
    """Someone the secretariat writes to about one state.

    A contact with a user account is a liaison (national point of contact): she signs in and
    sees her own state's records. Other contacts (a permanent mission, a ministry) only receive
    mail.
    """

    class Role(models.TextChoices):
        LIAISON = "liaison", _("National point of contact")
        PERMANENT_MISSION = "permanent_mission", _("Permanent mission to the OAS")
        MINISTRY = "ministry", _("Ministry")
        OTHER = "other", _("Other")

    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("state")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contact",
        verbose_name=_("user account"),
        help_text=_("Only for liaisons, who sign in to see their state's records."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("name"), max_length=200)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    conventions = models.ManyToManyField(
        "conventions.Convention", blank=True, related_name="contacts", verbose_name=_("conventions followed")
    )
    bodies = models.ManyToManyField(
        "conventions.Body", blank=True, related_name="contacts", verbose_name=_("bodies followed")
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(
        _("demo"),
        default=False,
        editable=False,
        help_text=_("Made by the demo command to try the site; not part of the record."),
    )

    version = AutoIncVersionField(verbose_name=_("version"))

    history = HistoricalRecords(m2m_fields=[conventions, bodies])
    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["state__name_en", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        permissions = [("invite_liaison", _("Can invite a contact as liaison and close her account"))]
        constraints = [
            FieldCheckConstraint(
                condition=Q(role="liaison", user__isnull=False) | ~Q(role="liaison"),
                name="contact_liaison_has_user",
                field="user",
                violation_error_message=_("A liaison signs in: choose her user account."),
            ),
            models.UniqueConstraint(
                fields=["state", "email"],
                name="contact_email_once_per_state",
                violation_error_message=_("This email is already a contact of this state."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.state.iso3})"
