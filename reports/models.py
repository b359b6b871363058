"""What the secretariats report on: meetings of the bodies, and the items of their reports.

An item (a workshop, a webinar, a publication, ...) is entered once, when it happens, under the
body whose secretariat ran or attended it. A report of that body for a year, and its annexes,
are read from the items dated in that year (see ``reports.selectors``).

Dates are intervals of days, ``*_earliest``..``*_latest``, as in the treaty record: one day, a
run of days (a two-day workshop), a month (a publication of "July 2020") or a span known only
roughly ("June-December 2020"). Where the source words the dates in a way the interval cannot
say (separate days, a span known only as a range), ``date_text`` keeps its words.
"""

import operator
from functools import reduce

from concurrency.fields import AutoIncVersionField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conventions.approx_dates import ApproxDateAttribute
from conventions.models import Body
from states.models import Language, State, localized
from tracker.constraints import (
    YEAR_VALIDATORS,
    FieldCheckConstraint,
    interval_constraint,
    one_of,
    year_constraint,
)


class SecretariatSection(models.Model):
    """A section of a secretariat, as an executive order sets them (CICTE 2016: capacity building, policy)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("secretariat section")
        verbose_name_plural = _("secretariat sections")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class ProgramArea(models.Model):
    """A program of a secretariat (cybersecurity, resolution 1540, maritime security, ...)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=200, blank=True)
    section = models.ForeignKey(
        SecretariatSection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="program_areas",
        verbose_name=_("secretariat section"),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Where the area comes in a report's summaries.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("program area")
        verbose_name_plural = _("program areas")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class OrganizationCategory(models.TextChoices):
    # In the order of a report's list of donors and partners; member states come first.
    PERMANENT_OBSERVER = "permanent_observer", _("Permanent Observers")
    INTERNATIONAL = (
        "international",
        _("International organizations, regional bodies, and international forums"),
    )
    ACADEMIA = "academia", _("Academic sector")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil Society")
    GOVERNMENT_AGENCY = "government_agency", _("National government agencies")
    OTHER = "other", _("Others")


class Organization(models.Model):
    """A partner, organizer or donor that is not an OAS member state."""

    Category = OrganizationCategory

    short_name = models.CharField(
        _("short name"), max_length=100, unique=True, help_text=_("How spreadsheets name it, e.g. IDB.")
    )
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_es = models.CharField(_("name (Spanish)"), max_length=300, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=300, blank=True)
    category = models.CharField(
        _("category"),
        max_length=30,
        choices=Category.choices,
        blank=True,
        help_text=_("Needed before it can be listed as a donor or partner."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            FieldCheckConstraint(
                condition=Q(category="") | one_of("category", OrganizationCategory.choices),
                name="organization_known_category",
                field="category",
                violation_error_message=_("Choose one of the categories."),
            )
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.short_name,)

    @property
    def name(self) -> str:
        return localized(self, "name")


class Meeting(models.Model):
    """A meeting of a body: a regular session, a Meeting of Consultation, a preparatory meeting."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular session")
        SPECIAL = "special", _("Special session")
        CONSULTATION = "consultation", _("Meeting of Consultation")
        PREPARATORY = "preparatory", _("Preparatory meeting")
        INFORMAL = "informal", _("Informal meeting")

    code = models.SlugField(
        _("code"), max_length=50, unique=True, help_text=_("A short unique code, e.g. cicte-rs-20.")
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("20 for the Twentieth Regular Session.")
    )
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_pt = models.CharField(_("title (Portuguese)"), max_length=300, blank=True)
    date_earliest = models.DateField(_("held, first day"))
    date_latest = models.DateField(_("held, last day"))
    date_text = models.CharField(_("dates as the source words them"), max_length=200, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    is_virtual = models.BooleanField(_("virtual"), default=False)
    virtual_platform = models.CharField(_("virtual platform"), max_length=100, blank=True)
    theme = models.CharField(_("theme"), max_length=500, blank=True)
    convened_by = models.CharField(
        _("convened by"),
        max_length=300,
        blank=True,
        help_text=_("Who convened it and at whose request, e.g. the Secretary General at Peru's request."),
    )
    convened_on = models.DateField(_("convened on"), null=True, blank=True)
    convened_under = models.CharField(
        _("convened under"),
        max_length=500,
        blank=True,
        help_text=_("The provision, resolution or document under which it was convened and its date set."),
    )
    chair_state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_chaired",
        verbose_name=_("chair"),
    )
    vice_chair_state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_vice_chaired",
        verbose_name=_("vice chair"),
    )
    next_meeting_earliest = models.DateField(_("next meeting, earliest day"), null=True, blank=True)
    next_meeting_latest = models.DateField(_("next meeting, latest day"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    version = AutoIncVersionField(verbose_name=_("version"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["date_earliest", "date_latest", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "kind", "number"],
                condition=Q(number__isnull=False),
                name="meeting_number_once_per_body_and_kind",
                violation_error_message=_("This body already has a meeting of this kind with this number."),
            ),
            interval_constraint(
                "date", "meeting_date_interval", _("The first day cannot be after the last."), required=True
            ),
            interval_constraint(
                "next_meeting",
                "meeting_next_meeting_interval",
                _("The next meeting's date is incomplete or its range is reversed."),
                required=False,
            ),
            FieldCheckConstraint(
                condition=Q(next_meeting_earliest__isnull=True)
                | Q(next_meeting_earliest__gt=F("date_latest")),
                name="meeting_next_meeting_after",
                field="next_meeting_earliest",
                violation_error_message=_("The next meeting comes after this one."),
            ),
            FieldCheckConstraint(
                condition=Q(virtual_platform="") | Q(is_virtual=True),
                name="meeting_platform_only_if_virtual",
                field="virtual_platform",
                violation_error_message=_("Only a virtual meeting has a platform."),
            ),
            FieldCheckConstraint(
                condition=Q(chair_state__isnull=True)
                | Q(vice_chair_state__isnull=True)
                | ~Q(chair_state=F("vice_chair_state")),
                name="meeting_chair_is_not_vice_chair",
                field="vice_chair_state",
                violation_error_message=_("The chair and the vice chair are different states."),
            ),
        ]

    def __str__(self):
        return f"{self.title_en} ({self.date})"

    def get_absolute_url(self):
        return reverse("reports:meeting", args=[self.code])

    @property
    def title(self) -> str:
        return localized(self, "title")

    date = ApproxDateAttribute("date")
    next_meeting = ApproxDateAttribute("next_meeting")


class MeetingAttendance(models.Model):
    """A delegation of a state, or an organization, that took part in a meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("meeting")
    )
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings_attended",
        verbose_name=_("state"),
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings_attended",
        verbose_name=_("organization"),
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegation or organization present")
        verbose_name_plural = _("delegations and organizations present")
        constraints = [
            FieldCheckConstraint(
                condition=Q(state__isnull=False, organization__isnull=True)
                | Q(state__isnull=True, organization__isnull=False),
                name="meeting_attendance_state_or_organization",
                field="state",
                violation_error_message=_("Choose a state or an organization, not both."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "state"],
                condition=Q(state__isnull=False),
                name="meeting_attendance_state_once",
                violation_error_message=_("This delegation is already listed."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "organization"],
                condition=Q(organization__isnull=False),
                name="meeting_attendance_organization_once",
                violation_error_message=_("This organization is already listed."),
            ),
        ]

    def __str__(self):
        return str(self.state or self.organization)


class OfficerRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice Chair")
    PRO_TEMPORE_SECRETARIAT = "pro_tempore_secretariat", _("Pro Tempore Secretariat")
    OPENING = "opening", _("Opened the meeting")
    KEYNOTE = "keynote", _("Keynote speaker")
    SPEAKER = "speaker", _("Speaker")
    PANELIST = "panelist", _("Panelist")


class ElectedOffice(models.TextChoices):
    """The offices a meeting elects a state to."""

    CHAIR = OfficerRole.CHAIR.value, OfficerRole.CHAIR.label
    VICE_CHAIR = OfficerRole.VICE_CHAIR.value, OfficerRole.VICE_CHAIR.label
    PRO_TEMPORE_SECRETARIAT = (
        OfficerRole.PRO_TEMPORE_SECRETARIAT.value,
        OfficerRole.PRO_TEMPORE_SECRETARIAT.label,
    )


class MeetingOfficer(models.Model):
    """Someone who presided, opened or addressed the meeting, as the source names them."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="officers", verbose_name=_("meeting")
    )
    role = models.CharField(_("role"), max_length=30, choices=OfficerRole.choices)
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_officers",
        verbose_name=_("state"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=200)
    capacity = models.CharField(
        _("capacity"),
        max_length=300,
        blank=True,
        help_text=_("e.g. Vice Minister of Foreign Affairs of Peru."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("officer or speaker")
        verbose_name_plural = _("officers and speakers")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "role", "name"],
                name="meeting_officer_once",
                violation_error_message=_("This person already holds this role at the meeting."),
            ),
            FieldCheckConstraint(
                condition=one_of("role", OfficerRole.choices),
                name="meeting_officer_role_known",
                field="role",
                violation_error_message=_("Choose a role from the list."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class MeetingDocument(models.Model):
    """A document of a meeting, by its symbol (``RCEPTER/doc.5/rev.6``, ``CICTE/doc.5/17``)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="documents", verbose_name=_("meeting")
    )
    symbol = models.CharField(_("symbol"), max_length=100)
    title = models.CharField(_("title"), max_length=500)
    revision = models.CharField(_("revision"), max_length=20, blank=True, help_text=_("e.g. rev.6"))
    dated_on = models.DateField(_("dated"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_documents",
        verbose_name=_("submitted by"),
    )  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "symbol"],
                name="meeting_document_symbol_once",
                violation_error_message=_("This meeting already has a document with this symbol."),
            )
        ]

    def __str__(self):
        return self.symbol


class MeetingOutcome(models.Model):
    """What a meeting adopted or decided: a declaration, recommendations, an election."""

    class Kind(models.TextChoices):
        DECLARATION = "declaration", _("Declaration")
        RECOMMENDATIONS = "recommendations", _("Recommendations")
        RESOLUTION = "resolution", _("Resolution")
        DECISION = "decision", _("Decision")
        ELECTION = "election", _("Election")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="outcomes", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    document = models.ForeignKey(
        MeetingDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="outcomes",
        verbose_name=_("document"),
    )  # fmt: skip
    elected_state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="elections",
        verbose_name=_("state elected"),
    )  # fmt: skip
    office = models.CharField(_("office"), max_length=30, choices=ElectedOffice.choices, blank=True)
    term = models.CharField(_("term"), max_length=50, blank=True, help_text=_("e.g. 2020-2021"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "title"],
                name="meeting_outcome_once",
                violation_error_message=_("This outcome is already recorded for the meeting."),
            ),
            FieldCheckConstraint(
                condition=Q(kind="election", elected_state__isnull=False)
                & one_of("office", ElectedOffice.choices)
                | ~Q(kind="election") & Q(elected_state__isnull=True, office=""),
                name="meeting_outcome_election_names_state_and_office",
                field="elected_state",
                violation_error_message=_(
                    "An election, and only an election, names the state elected and its office."
                ),
            ),
        ]

    def __str__(self):
        return self.title


class Report(models.Model):
    """A report a body presents for a year: the annual report, the work-plan report, ..."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual report")
        WORK_PLAN = "work_plan", _("Report on the implementation of the work plan")
        PRO_TEMPORE = "pro_tempore", _("Report of the pro tempore secretariat")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="reports", verbose_name=_("body"))
    year = models.PositiveSmallIntegerField(_("year reported on"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title_en = models.CharField(_("title (English)"), max_length=400)
    title_es = models.CharField(_("title (Spanish)"), max_length=400, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=400, blank=True)
    title_pt = models.CharField(_("title (Portuguese)"), max_length=400, blank=True)
    period = models.CharField(
        _("period"),
        max_length=50,
        blank=True,
        help_text=_("When it is not the calendar year, e.g. 2019-2020."),
    )
    symbol = models.CharField(_("symbol"), max_length=100, blank=True)
    dated_on = models.DateField(_("dated"), null=True, blank=True)
    presented_at = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="reports_presented",
        verbose_name=_("presented at"),
    )  # fmt: skip
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_session = models.CharField(_("approved at"), max_length=300, blank=True)
    original_language = models.CharField(
        _("original language"), max_length=2, choices=Language.choices, blank=True
    )
    source = models.CharField(_("source"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["body__acronym", "-year", "kind"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            year_constraint("year", "report_year_in_calendar"),
            models.UniqueConstraint(
                fields=["body", "year", "kind"],
                name="report_once_per_body_year_and_kind",
                violation_error_message=_("This body already has a report of this kind for this year."),
            ),
            FieldCheckConstraint(
                condition=Q(year__gte=1900, year__lte=2200),
                name="report_year_plausible",
                field="year",
                violation_error_message=_("Give the year as four digits."),
            ),
        ]

    def __str__(self):
        return f"{self.body.acronym} {self.year} {self.get_kind_display()}"

    @property
    def title(self) -> str:
        return localized(self, "title")


class SecretariatParticipation(models.TextChoices):
    # The order is the markers' order: one asterisk for the Executive Secretary, ...
    EXECUTIVE_SECRETARY = "executive_secretary", _("Participation of the Executive Secretary")
    DEPUTY_EXECUTIVE_SECRETARY = (
        "deputy_executive_secretary",
        _("Participation of the Deputy Executive Secretary"),
    )
    OFFICIALS = "officials", _("Participation of Secretariat officials")


class ReportItem(models.Model):
    """Something a secretariat did or took part in, entered once, on the day it happens."""

    class Kind(models.TextChoices):
        HIGH_LEVEL_MEETING = "high_level_meeting", _("High-level meeting")
        WEBINAR = "webinar", _("Webinar or virtual forum")
        WORKSHOP = "workshop", _("Workshop or course")
        MEETING = "meeting", _("Other meeting or event")
        PUBLICATION = "publication", _("Publication")
        PROJECT = "project", _("Project")
        TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")

    reference = models.SlugField(
        _("reference"),
        max_length=50,
        unique=True,
        help_text=_("A short unique code, e.g. 2020-webinar-07: spreadsheets update the item by it."),
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="report_items", verbose_name=_("body")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(
        _("title"), max_length=500, help_text=_("As the report gives it, in its language.")
    )
    date_earliest = models.DateField(_("date, first day"))
    date_latest = models.DateField(_("date, last day"))
    date_text = models.CharField(
        _("dates as the source words them"),
        max_length=200,
        blank=True,
        help_text=_("Only when the days are not one run: “June-December 2020”, “July 21 and 28, 2020”."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    is_virtual = models.BooleanField(_("virtual"), default=False)
    organized_by_secretariat = models.BooleanField(_("organized by the secretariat"), default=False)
    secretariat_participation = models.CharField(
        _("secretariat participation"), max_length=30, choices=SecretariatParticipation.choices, blank=True
    )
    participants_at_least = models.PositiveIntegerField(_("participants, at least"), null=True, blank=True)
    participants_text = models.CharField(
        _("participants as the source counts them"), max_length=300, blank=True,
        help_text=_("e.g. more than 1,500 in the open sessions and approximately 400 in the closed sessions"),
    )  # fmt: skip
    languages = models.CharField(
        _("languages"),
        max_length=20,
        blank=True,
        help_text=_("Codes in the order the source gives them, e.g. es,en."),
    )
    link = models.URLField(_("link"), max_length=500, blank=True)
    in_annex = models.BooleanField(
        _("listed in the annex"),
        default=True,
        help_text=_("Annexes list a selection: clear this for an item told only in the program's section."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Printed in the annex after the title.")
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("For the secretariat; not printed."))
    program_areas = models.ManyToManyField(
        ProgramArea, through="ItemProgramArea", related_name="items", verbose_name=_("program areas")
    )
    states = models.ManyToManyField(
        State, through="ItemState", related_name="report_items", verbose_name=_("states")
    )
    organizations = models.ManyToManyField(
        Organization, through="ItemOrganization", related_name="report_items", verbose_name=_("organizations")
    )

    history = HistoricalRecords()

    class Meta:
        # Chronological; an item known less precisely sorts by the first day it may fall on,
        # and items on the same days keep the order they were entered in.
        ordering = ["date_earliest", "date_latest", "pk"]
        verbose_name = _("report item")
        verbose_name_plural = _("report items")
        constraints = [
            interval_constraint(
                "date",
                "report_item_date_interval",
                _("The first day cannot be after the last."),
                required=True,
            ),
            FieldCheckConstraint(
                condition=Q(languages="") | Q(languages__regex=r"^(en|es|fr|pt)(,(en|es|fr|pt))*$"),
                name="report_item_language_codes",
                field="languages",
                violation_error_message=_("Write language codes separated by commas, e.g. es,en."),
            ),
            FieldCheckConstraint(
                condition=Q(secretariat_participation="")
                | one_of("secretariat_participation", SecretariatParticipation.choices),
                name="report_item_known_participation",
                field="secretariat_participation",
                violation_error_message=_("Choose one of the levels of participation."),
            ),
            FieldCheckConstraint(
                condition=~Q(kind="publication") | Q(secretariat_participation=""),
                name="report_item_publication_has_no_participation",
                field="secretariat_participation",
                violation_error_message=_("A publication is not attended: leave the participation empty."),
            ),
        ]
        indexes = [models.Index(fields=["body", "date_earliest"], name="report_item_body_date_idx")]

    def __str__(self):
        return self.title

    date = ApproxDateAttribute("date")

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]


class ItemProgramArea(models.Model):
    item = models.ForeignKey(
        ReportItem, on_delete=models.PROTECT, related_name="program_area_links", verbose_name=_("item")
    )
    program_area = models.ForeignKey(
        ProgramArea, on_delete=models.PROTECT, related_name="item_links", verbose_name=_("program area")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("program area")
        verbose_name_plural = _("program areas")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "program_area"],
                name="item_program_area_once",
                violation_error_message=_("The item is already under this program area."),
            )
        ]

    def __str__(self):
        return str(self.program_area)


class StateRole(models.TextChoices):
    PARTICIPANT = "participant", _("Took part")
    BENEFICIARY = "beneficiary", _("Benefited")
    HOST = "host", _("Hosted")
    PARTNER = "partner", _("Partner")


class ItemState(models.Model):
    """A member state's part in an item."""

    Role = StateRole

    item = models.ForeignKey(
        ReportItem, on_delete=models.PROTECT, related_name="state_roles", verbose_name=_("item")
    )
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="item_roles", verbose_name=_("state")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("state")
        verbose_name_plural = _("states")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "state", "role"],
                name="item_state_role_once",
                violation_error_message=_("This state already has this role in the item."),
            ),
            FieldCheckConstraint(
                condition=one_of("role", StateRole.choices),
                name="item_state_known_role",
                field="role",
                violation_error_message=_("Choose one of the roles."),
            ),
        ]

    def __str__(self):
        return f"{self.state} ({self.get_role_display()})"


class OrganizationRole(models.TextChoices):
    ORGANIZER = "organizer", _("Organizer")
    PARTNER = "partner", _("Partner")


class ItemOrganization(models.Model):
    """An organization that organized an item, or took part in it as a partner."""

    Role = OrganizationRole

    item = models.ForeignKey(
        ReportItem, on_delete=models.PROTECT, related_name="organization_roles", verbose_name=_("item")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="item_roles", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "organization", "role"],
                name="item_organization_role_once",
                violation_error_message=_("This organization already has this role in the item."),
            ),
            FieldCheckConstraint(
                condition=one_of("role", OrganizationRole.choices),
                name="item_organization_known_role",
                field="role",
                violation_error_message=_("Choose one of the roles."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"


class Contribution(models.Model):
    """A donor's or institutional partner's support to a body's secretariat in a year."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("body")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="contributions",
        verbose_name=_("member state"),
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="contributions",
        verbose_name=_("organization"),
    )  # fmt: skip
    financial = models.BooleanField(
        _("financial contribution"),
        default=False,
        help_text=_("Specific funds for the secretariat's programs."),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["body__acronym", "-year", "pk"]
        verbose_name = _("donor or partner")
        verbose_name_plural = _("donors and partners")
        constraints = [
            year_constraint("year", "contribution_year_in_calendar"),
            FieldCheckConstraint(
                condition=Q(state__isnull=False, organization__isnull=True)
                | Q(state__isnull=True, organization__isnull=False),
                name="contribution_state_or_organization",
                field="state",
                violation_error_message=_("Choose a member state or an organization, not both."),
            ),
            models.UniqueConstraint(
                fields=["body", "year", "state"],
                condition=Q(state__isnull=False),
                name="contribution_state_once_a_year",
                violation_error_message=_("This state is already listed for this body and year."),
            ),
            models.UniqueConstraint(
                fields=["body", "year", "organization"],
                condition=Q(organization__isnull=False),
                name="contribution_organization_once_a_year",
                violation_error_message=_("This organization is already listed for this body and year."),
            ),
        ]

    def __str__(self):
        return f"{self.state or self.organization} ({self.body.acronym} {self.year})"

    def clean(self):
        """An organization is listed under its category: it must have one."""
        super().clean()
        if self.organization_id and not self.organization.category:
            raise ValidationError(
                {"organization": _("Give %(name)s a category first.") % {"name": self.organization.name}}
            )


class MandateKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    DECLARATION = "declaration", _("Declaration")
    DECISION = "decision", _("Decision")
    PLAN = "plan", _("Plan or course of action")
    CHARTER = "charter", _("Charter, statute or rules of procedure")
    ORDER = "order", _("Executive order")


class MandateIssuer(models.TextChoices):
    OAS_GENERAL_ASSEMBLY = "oas_general_assembly", _("OAS General Assembly")
    OAS_PERMANENT_COUNCIL = "oas_permanent_council", _("OAS Permanent Council")
    UN_SECURITY_COUNCIL = "un_security_council", _("United Nations Security Council")


class Mandate(models.Model):
    """A resolution, declaration, decision or plan that meetings, reports and programs rest on:
    a General Assembly resolution, a Security Council resolution, the CIFTA Course of Action."""

    code = models.SlugField(_("code"), max_length=60, unique=True, help_text=_("e.g. ag-res-2950-l-o-20."))
    symbol = models.CharField(
        _("symbol"),
        max_length=100,
        blank=True,
        help_text=_("As the body numbers it, e.g. AG/RES. 2950 (L-O/20)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MandateKind.choices)
    # Who adopted it: an organ outside the record (the General Assembly), or one of its bodies.
    issuer = models.CharField(_("adopted by"), max_length=30, choices=MandateIssuer.choices, blank=True)
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="mandates",
        verbose_name=_("adopted by the body"),
    )  # fmt: skip
    adopted_at = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="mandates_adopted",
        verbose_name=_("adopted at"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=500, help_text=_("As the source gives it."))
    date_earliest = models.DateField(_("adopted, earliest day"), null=True, blank=True)
    date_latest = models.DateField(_("adopted, latest day"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date_earliest", "symbol", "code"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.UniqueConstraint(
                fields=["symbol"],
                condition=~Q(symbol=""),
                name="mandate_symbol_once",
                violation_error_message=_("A mandate with this symbol is already recorded."),
            ),
            FieldCheckConstraint(
                condition=one_of("kind", MandateKind.choices),
                name="mandate_kind_known",
                field="kind",
                violation_error_message=_("Choose a kind from the list."),
            ),  # fmt: skip
            FieldCheckConstraint(
                condition=Q(issuer="") | one_of("issuer", MandateIssuer.choices) & Q(body__isnull=True),
                name="mandate_issuer_or_body",
                field="issuer",
                violation_error_message=_("Name the organ that adopted it, or the body, not both."),
            ),
            interval_constraint(
                "date",
                "mandate_date_interval",
                _("The adoption date is incomplete or its range is reversed."),
            ),
        ]

    def __str__(self):
        return self.symbol or self.title

    def get_absolute_url(self):
        return reverse("reports:mandate", args=[self.code])

    date = ApproxDateAttribute("date")

    @property
    def adopted_by(self) -> str:
        return self.body.name if self.body_id else self.get_issuer_display()


# What can cite a mandate: each citation names exactly one of these.
MANDATE_CITING = ("meeting", "report", "item", "program_area")


class MandateCitation(models.Model):
    """A meeting, report, report item or program that rests on a mandate, as its source says."""

    mandate = models.ForeignKey(
        Mandate, on_delete=models.PROTECT, related_name="citations", verbose_name=_("mandate")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="mandate_citations",
        verbose_name=_("meeting"),
    )  # fmt: skip
    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="mandate_citations",
        verbose_name=_("report"),
    )  # fmt: skip
    item = models.ForeignKey(
        ReportItem, on_delete=models.PROTECT, null=True, blank=True, related_name="mandate_citations",
        verbose_name=_("report item"),
    )  # fmt: skip
    program_area = models.ForeignKey(
        ProgramArea, on_delete=models.PROTECT, null=True, blank=True, related_name="mandate_citations",
        verbose_name=_("program area"),
    )  # fmt: skip
    passage = models.CharField(
        _("what it rests on"),
        max_length=500,
        blank=True,
        help_text=_("As the source puts it, e.g. paragraph 92: synergies with other organizations."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["mandate", "pk"]
        verbose_name = _("citation of a mandate")
        verbose_name_plural = _("citations of mandates")
        constraints = [
            FieldCheckConstraint(
                condition=reduce(
                    operator.or_,
                    (
                        Q(**{f"{field}__isnull": field != chosen for field in MANDATE_CITING})
                        for chosen in MANDATE_CITING
                    ),
                ),
                name="mandate_citation_cites_one_record",
                field="meeting",
                violation_error_message=_("Choose one meeting, report, item or program area."),
            ),
            *(
                models.UniqueConstraint(
                    fields=["mandate", citing],
                    condition=Q(**{f"{citing}__isnull": False}),
                    name=f"mandate_citation_{citing}_once",
                    violation_error_message=_("This record already cites this mandate."),
                )
                for citing in MANDATE_CITING
            ),
        ]

    def __str__(self):
        return f"{self.mandate}: {self.citing}"

    @property
    def citing_kind(self) -> str:
        """Which of ``MANDATE_CITING`` this citation names."""
        return next(name for name in MANDATE_CITING if getattr(self, f"{name}_id"))

    @property
    def citing(self):
        return getattr(self, self.citing_kind)


class FigureQualifier(models.TextChoices):
    EXACTLY = "exactly", _("exactly")
    MORE_THAN = "more_than", _("more than")
    AT_LEAST = "at_least", _("at least")
    ABOUT = "about", _("about")


class FigureMeasure(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants")
    STATES = "states", _("States that took part or benefited")
    ACTIVITIES = "activities", _("Activities")
    SIGNATORIES = "signatories", _("States that have signed the convention")
    PARTIES = "parties", _("States parties to the convention")
    NOT_RATIFIED = "not_ratified", _("Signatory states that have not ratified")
    OTHER = "other", _("Other (the record does not compute it)")


# Figures about a convention's status: the record counts them on the day the document gives.
TREATY_MEASURES = (FigureMeasure.SIGNATORIES, FigureMeasure.PARTIES, FigureMeasure.NOT_RATIFIED)


class StatedFigure(models.Model):
    """A figure as its document states it ("more than 3,000 people"), kept beside the figure
    the record computes, so that where they disagree shows."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="stated_figures",
        verbose_name=_("report"),
    )  # fmt: skip
    # A report's figure may be about one of its programs ("the cybersecurity program reached ...").
    program_area = models.ForeignKey(
        ProgramArea, on_delete=models.PROTECT, null=True, blank=True, related_name="stated_figures",
        verbose_name=_("program area"),
    )  # fmt: skip
    item = models.ForeignKey(
        ReportItem, on_delete=models.PROTECT, null=True, blank=True, related_name="stated_figures",
        verbose_name=_("report item"),
    )  # fmt: skip
    # A figure said at a meeting, in the words of its report ("the 10 signatory states ...").
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="stated_figures",
        verbose_name=_("meeting"),
    )  # fmt: skip
    measure = models.CharField(_("measure"), max_length=20, choices=FigureMeasure.choices)
    convention = models.ForeignKey(
        "conventions.Convention", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("convention"),
        help_text=_("For a figure about a convention's signatories or parties."),
    )  # fmt: skip
    as_of = models.DateField(
        _("counted on"),
        null=True,
        blank=True,
        help_text=_("The day the document counts a convention's states on (its “to date”)."),
    )
    qualifier = models.CharField(_("qualifier"), max_length=20, choices=FigureQualifier.choices)
    value = models.PositiveIntegerField(_("value"))
    stated_as = models.CharField(
        _("as stated"), max_length=300, help_text=_("The document's words, e.g. more than 3,000 people.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "item", "pk"]
        verbose_name = _("stated figure")
        verbose_name_plural = _("stated figures")
        constraints = [
            FieldCheckConstraint(
                condition=Q(report__isnull=False, item__isnull=True, meeting__isnull=True)
                | Q(report__isnull=True, item__isnull=False, meeting__isnull=True, program_area__isnull=True)
                | Q(report__isnull=True, item__isnull=True, meeting__isnull=False, program_area__isnull=True),
                name="stated_figure_of_a_report_an_item_or_a_meeting",
                field="report",
                violation_error_message=_(
                    "Choose a report (and, if the figure is about one program, its program area), an item "
                    "or a meeting."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(measure__in=TREATY_MEASURES, convention__isnull=False, as_of__isnull=False)
                | ~Q(measure__in=TREATY_MEASURES) & Q(convention__isnull=True, as_of__isnull=True),
                name="stated_figure_of_a_convention_on_a_day",
                field="convention",
                violation_error_message=_(
                    "A figure about signatories or parties names the convention and the day it is counted "
                    "on; other figures name neither."
                ),
            ),
            FieldCheckConstraint(
                condition=one_of("measure", FigureMeasure.choices),
                name="stated_figure_measure_known",
                field="measure",
                violation_error_message=_("Choose a measure from the list."),
            ),
            FieldCheckConstraint(
                condition=one_of("qualifier", FigureQualifier.choices),
                name="stated_figure_qualifier_known",
                field="qualifier",
                violation_error_message=_("Choose a qualifier from the list."),
            ),
        ]

    def __str__(self):
        return self.stated_as


class ProgramYearNote(models.Model):
    """What a report says of a program that had no activity or no funding in its period, so
    that the program is reported as such rather than left out."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="program_notes", verbose_name=_("report")
    )
    program_area = models.ForeignKey(
        ProgramArea, on_delete=models.PROTECT, related_name="year_notes", verbose_name=_("program area")
    )
    without_activity = models.BooleanField(_("no activity of its own"), default=False)
    without_funding = models.BooleanField(_("no funding"), default=False)
    reason = models.CharField(_("as the report says it"), max_length=500)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "program_area__position"]
        verbose_name = _("program without activity or funding")
        verbose_name_plural = _("programs without activity or funding")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "program_area"],
                name="program_year_note_once",
                violation_error_message=_("This report already has a note on this program."),
            ),
            FieldCheckConstraint(
                condition=Q(without_activity=True) | Q(without_funding=True),
                name="program_year_note_says_what_was_missing",
                field="without_activity",
                violation_error_message=_("Say whether the program had no activity, no funding, or both."),
            ),
        ]

    def __str__(self):
        return f"{self.program_area} ({self.report})"
