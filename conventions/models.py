from concurrency.fields import AutoIncVersionField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conventions.approx_dates import ApproxDateAttribute
from states.models import State, localized
from tracker.constraints import FieldCheckConstraint, interval_constraint


class Body(models.Model):
    """An organ that follows a convention (CICTE, the CIFTA Consultative Committee, ...)."""

    acronym = models.CharField(_("acronym"), max_length=30, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_es = models.CharField(_("name (Spanish)"), max_length=300, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=300, blank=True)
    # The treaty that set the body up (the Consultative Committee of CIFTA, the Meeting of
    # Consultation of States Parties to A-66); empty for a body of the OAS itself, like CICTE,
    # which the General Assembly created and a convention only later chose to follow it.
    convention = models.ForeignKey(
        "Convention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("convention"),
        help_text=_("The convention that established this body, if any."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self):
        return self.acronym

    def get_absolute_url(self):
        return reverse("reports:body", args=[self.acronym])

    def natural_key(self):
        return (self.acronym,)

    @property
    def name(self) -> str:
        return localized(self, "name")


class Convention(models.Model):
    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("The depositary's code, e.g. A-66.")
    )
    short_name_en = models.CharField(_("short name (English)"), max_length=100)
    short_name_es = models.CharField(_("short name (Spanish)"), max_length=100, blank=True)
    short_name_fr = models.CharField(_("short name (French)"), max_length=100, blank=True)
    short_name_pt = models.CharField(_("short name (Portuguese)"), max_length=100, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=400)
    title_es = models.CharField(_("title (Spanish)"), max_length=400, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=400, blank=True)
    title_pt = models.CharField(_("title (Portuguese)"), max_length=400, blank=True)
    adopted_at_en = models.CharField(_("place of adoption (English)"), max_length=200)
    adopted_at_es = models.CharField(_("place of adoption (Spanish)"), max_length=200, blank=True)
    adopted_at_fr = models.CharField(_("place of adoption (French)"), max_length=200, blank=True)
    adopted_at_pt = models.CharField(_("place of adoption (Portuguese)"), max_length=200, blank=True)
    adopted_on = models.DateField(_("date of adoption"))
    opened_for_signature_on = models.DateField(_("opened for signature on"))
    depositary_en = models.CharField(_("depositary (English)"), max_length=200)
    depositary_es = models.CharField(_("depositary (Spanish)"), max_length=200, blank=True)
    depositary_fr = models.CharField(_("depositary (French)"), max_length=200, blank=True)
    depositary_pt = models.CharField(_("depositary (Portuguese)"), max_length=200, blank=True)
    followed_by = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conventions",
        verbose_name=_("following body"),
    )
    adopting_instrument = models.CharField(_("adopting instrument"), max_length=300, blank=True)
    # The entry-into-force rule as data: in force on the day `eif_days_after_deposit` after
    # the deposit of the `eif_instruments_required`-th instrument; for later parties, that
    # many days after their own deposit.
    eif_instruments_required = models.PositiveSmallIntegerField(_("instruments needed for entry into force"))
    eif_days_after_deposit = models.PositiveSmallIntegerField(_("days from deposit to entry into force"))
    eif_rule_text = models.TextField(_("entry-into-force clause"), blank=True)
    entry_into_force_on = models.DateField(
        _("entry into force (recorded)"),
        null=True,
        blank=True,
        help_text=_("As published; the date computed from the deposits is checked against it."),
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        constraints = [
            FieldCheckConstraint(
                condition=Q(opened_for_signature_on__gte=F("adopted_on")),
                name="convention_opened_after_adoption",
                field="opened_for_signature_on",
                violation_error_message=_("A convention cannot open for signature before it is adopted."),
            ),
            FieldCheckConstraint(
                condition=Q(entry_into_force_on__isnull=True) | Q(entry_into_force_on__gt=F("adopted_on")),
                name="convention_in_force_after_adoption",
                field="entry_into_force_on",
                violation_error_message=_("A convention enters into force after its adoption."),
            ),
            FieldCheckConstraint(
                condition=Q(eif_instruments_required__gte=1),
                name="convention_eif_needs_an_instrument",
                field="eif_instruments_required",
                violation_error_message=_("At least one instrument is needed for entry into force."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.short_name}"

    def get_absolute_url(self):
        return reverse("conventions:status", kwargs={"code": self.code})

    def natural_key(self):
        return (self.code,)

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def short_name(self) -> str:
        return localized(self, "short_name")

    @property
    def adopted_at(self) -> str:
        return localized(self, "adopted_at")

    @property
    def depositary(self) -> str:
        return localized(self, "depositary")


class InstrumentKind(models.TextChoices):
    RATIFICATION = "ratification", _("Ratification")
    ACCESSION = "accession", _("Accession")
    ACCEPTANCE = "acceptance", _("Acceptance")
    APPROVAL = "approval", _("Approval")
    SUCCESSION = "succession", _("Succession")


class Participation(models.Model):
    """What one state has done under one convention: the row of a depositary's status table.

    Signature and deposit dates are kept as intervals (see ``approx_dates``): ``*_earliest``
    and ``*_latest`` are the same day when the day is known.
    """

    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, related_name="participations", verbose_name=_("convention")
    )
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="participations", verbose_name=_("state")
    )
    signature_earliest = models.DateField(_("signed, earliest day"), null=True, blank=True)
    signature_latest = models.DateField(_("signed, latest day"), null=True, blank=True)
    instrument_kind = models.CharField(
        _("instrument"), max_length=20, choices=InstrumentKind.choices, blank=True
    )
    instrument_dated = models.DateField(
        _("instrument dated"),
        null=True,
        blank=True,
        help_text=_("Date of the instrument itself, where known apart from its deposit."),
    )
    deposit_earliest = models.DateField(_("deposited, earliest day"), null=True, blank=True)
    deposit_latest = models.DateField(_("deposited, latest day"), null=True, blank=True)
    denunciation_notified_on = models.DateField(_("denunciation notified on"), null=True, blank=True)
    denunciation_effective_on = models.DateField(_("denunciation effective on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("Where the dates come from: a link or a citation."),
    )

    version = AutoIncVersionField(verbose_name=_("version"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["convention__code", "state__name_en"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "state"],
                name="participation_one_per_state_and_convention",
                violation_error_message=_("This state already has a record under this convention."),
            ),
            FieldCheckConstraint(
                condition=Q(signature_earliest__isnull=False) | Q(deposit_earliest__isnull=False),
                name="participation_has_an_action",
                field="signature_earliest",
                violation_error_message=_("Record at least a signature or a deposit."),
            ),
            interval_constraint(
                "signature",
                "participation_signature_interval",
                _("The signature date is incomplete or its range is reversed."),
            ),
            interval_constraint(
                "deposit",
                "participation_deposit_interval",
                _("The deposit date is incomplete or its range is reversed."),
            ),
            FieldCheckConstraint(
                condition=Q(deposit_earliest__isnull=True, instrument_kind="")
                | Q(deposit_earliest__isnull=False) & ~Q(instrument_kind=""),
                name="participation_deposit_has_instrument_kind",
                field="instrument_kind",
                violation_error_message=_(
                    "A deposit needs the kind of instrument, and only a deposit has one."
                ),
            ),
            FieldCheckConstraint(
                condition=~Q(instrument_kind=InstrumentKind.RATIFICATION)
                | Q(signature_earliest__isnull=False),
                name="participation_ratification_follows_signature",
                field="instrument_kind",
                violation_error_message=_(
                    "A state ratifies what it signed: record the signature, or choose accession."
                ),
            ),
            # The deposit may be on the day of signature (Canada signed and ratified A-66 the
            # same day) but never certainly before it.
            FieldCheckConstraint(
                condition=Q(signature_earliest__isnull=True)
                | Q(deposit_latest__isnull=True)
                | Q(deposit_latest__gte=F("signature_earliest")),
                name="participation_deposit_not_before_signature",
                field="deposit_earliest",
                violation_error_message=_("The deposit cannot be earlier than the signature."),
            ),
            FieldCheckConstraint(
                condition=Q(instrument_dated__isnull=True)
                | Q(deposit_latest__isnull=True)
                | Q(instrument_dated__lte=F("deposit_latest")),
                name="participation_instrument_dated_before_deposit",
                field="instrument_dated",
                violation_error_message=_("An instrument cannot be dated after its deposit."),
            ),
            FieldCheckConstraint(
                condition=Q(denunciation_notified_on__isnull=True, denunciation_effective_on__isnull=True)
                | Q(
                    denunciation_notified_on__isnull=False,
                    denunciation_effective_on__isnull=False,
                    denunciation_effective_on__gte=F("denunciation_notified_on"),
                ),
                name="participation_denunciation_dates",
                field="denunciation_effective_on",
                violation_error_message=_(
                    "A denunciation needs both the date notified and the date it takes effect, "
                    "not earlier than the notification."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(denunciation_notified_on__isnull=True)
                | Q(deposit_latest__isnull=False, denunciation_notified_on__gt=F("deposit_latest")),
                name="participation_denunciation_after_deposit",
                field="denunciation_notified_on",
                violation_error_message=_(
                    "Only a party can denounce: the denunciation must follow the deposit."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "convention"], name="participation_state_idx"),
            # A convention's n-th deposit, for its entry into force, read off the first n entries.
            models.Index(
                fields=["convention", "deposit_earliest"],
                condition=Q(deposit_earliest__isnull=False),
                name="participation_deposit_e_idx",
            ),
            models.Index(
                fields=["convention", "deposit_latest"],
                condition=Q(deposit_latest__isnull=False),
                name="participation_deposit_l_idx",
            ),
        ]

    def __str__(self):
        return f"{self.state} — {self.convention.code}"

    # Rules that span tables, which a check constraint cannot state: a date of the record and
    # the convention's date it may not precede, with the message naming both. ``clean()`` checks
    # one participation; an import checks all its rows with one query per rule.
    CONVENTION_DATE_BOUNDS = (
        ("signature_earliest", "opened_for_signature_on", _("%(code)s opened for signature on %(day)s.")),
        ("deposit_earliest", "adopted_on", _("%(code)s was adopted on %(day)s.")),
    )

    def clean(self):
        super().clean()
        if not self.convention_id:
            return
        for field, bound, message in self.CONVENTION_DATE_BOUNDS:
            day, first = getattr(self, field), getattr(self.convention, bound)
            if day and day < first:
                raise ValidationError(
                    {field: message % {"code": self.convention.code, "day": first.isoformat()}}
                )

    signature = ApproxDateAttribute("signature")
    deposit = ApproxDateAttribute("deposit")


class StagedParticipation(models.Model):
    """A row of a participations file being imported: its cells typed, checked with the other
    rows of its ``batch`` by one query per rule, then written set-based and deleted (see
    ``tracker.staged_import``). Each column of the record has its column here, by the same name.
    """

    batch = models.UUIDField()
    row = models.PositiveIntegerField()  # in the spreadsheet, the header being row 1
    # A cell of the row could not be read (its problem is reported): no rule is checked on it.
    unread = models.BooleanField(db_default=False)
    # The natural keys as the file wrote them, and the rows they name (NULL: none). A key is
    # NULL where its cell could not be read, which differs from an empty cell.
    convention_key = models.TextField(null=True)  # noqa: DJ001
    state_key = models.TextField(null=True)  # noqa: DJ001
    convention = models.ForeignKey(
        Convention, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    state = models.ForeignKey(
        State, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    # The stored record the row updates, and what the import does with the row.
    record = models.ForeignKey(
        Participation, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    action = models.CharField(max_length=6, db_default="new")

    signature_earliest = models.DateField(null=True)
    signature_latest = models.DateField(null=True)
    # Text of any length: a wrong value is reported, not cut to the record's column.
    instrument_kind = models.TextField(db_default="")
    instrument_dated = models.DateField(null=True)
    deposit_earliest = models.DateField(null=True)
    deposit_latest = models.DateField(null=True)
    denunciation_notified_on = models.DateField(null=True)
    denunciation_effective_on = models.DateField(null=True)
    notes = models.TextField(db_default="")
    source = models.TextField(db_default="")

    class Meta:
        indexes = [models.Index(fields=["batch", "row"], name="staged_participation_batch")]

    def __str__(self):
        return f"row {self.row} of import {self.batch}"


class Reservation(models.Model):
    """A reservation, declaration or understanding a state made to a convention."""

    class Kind(models.TextChoices):
        RESERVATION = "reservation", _("Reservation")
        DECLARATION = "declaration", _("Declaration")
        UNDERSTANDING = "understanding", _("Understanding")

    participation = models.ForeignKey(
        Participation, on_delete=models.PROTECT, related_name="reservations", verbose_name=_("participation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    article = models.CharField(_("article"), max_length=50, blank=True, help_text=_("e.g. Art. 13"))
    text = models.TextField(_("text"))
    made_on = models.DateField(
        _("made on"),
        null=True,
        blank=True,
        help_text=_("Leave empty when made with the instrument: it then counts from the deposit."),
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    version = AutoIncVersionField(verbose_name=_("version"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["participation", "made_on", "pk"]
        verbose_name = _("reservation or declaration")
        verbose_name_plural = _("reservations and declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "kind", "article"],
                name="reservation_once_per_article",
                violation_error_message=_("This state already has such a reservation to this article."),
            ),
            FieldCheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(made_on__isnull=True)
                | Q(withdrawn_on__gte=F("made_on")),
                name="reservation_withdrawn_after_made",
                field="withdrawn_on",
                violation_error_message=_("A reservation cannot be withdrawn before it was made."),
            ),
        ]

    def __str__(self):
        label = self.get_kind_display()
        return f"{label} {self.article}".strip()


class Objection(models.Model):
    """A state's objection to another state's reservation (VCLT arts. 20(4)(b) and 21(3)).

    A state that has not objected by the end of twelve months after it was notified of the
    reservation, or by the day it consented to be bound if that is later, is considered to have
    accepted it (art. 20(5)): ``conventions.selectors.tacit_acceptance_date`` gives that day.
    """

    reservation = models.ForeignKey(
        Reservation, on_delete=models.PROTECT, related_name="objections", verbose_name=_("reservation")
    )
    objecting_state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="objections", verbose_name=_("objecting state")
    )
    made_on = models.DateField(_("made on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Where it is recorded: a link or a citation.")
    )

    version = AutoIncVersionField(verbose_name=_("version"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["reservation", "made_on", "pk"]
        verbose_name = _("objection to a reservation")
        verbose_name_plural = _("objections to reservations")
        constraints = [
            models.UniqueConstraint(
                fields=["reservation", "objecting_state"],
                name="objection_once_per_state",
                violation_error_message=_("This state has already objected to this reservation."),
            ),
            FieldCheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("made_on")),
                name="objection_withdrawn_after_made",
                field="withdrawn_on",
                violation_error_message=_("An objection cannot be withdrawn before it was made."),
            ),
        ]

    def __str__(self):
        return _("Objection of %(state)s to %(reservation)s") % {
            "state": self.objecting_state,
            "reservation": self.reservation,
        }

    def clean(self):
        """Rules that span tables, which a check constraint cannot see."""
        super().clean()
        if not (self.reservation_id and self.objecting_state_id):
            return
        reservation = self.reservation
        if reservation.participation.state_id == self.objecting_state_id:
            raise ValidationError({"objecting_state": _("A state cannot object to its own reservation.")})
        if reservation.made_on and self.made_on and self.made_on < reservation.made_on:
            raise ValidationError(
                {
                    "made_on": _("The reservation was made on %(day)s: it cannot be objected to before.")
                    % {"day": reservation.made_on.isoformat()}
                }
            )


class ParticipationNotice(models.Model):
    """What a state notified the depositary about how it is bound, beyond its instrument:

    - a declaration of territorial application, extending or limiting the convention to a
      territory (withdrawn on ``ended_on``);
    - provisional application, from ``effective_on`` until the convention enters into force for
      it or it notifies the end (``ended_on``);
    - a notification of succession, as successor of ``predecessor`` (from the date of
      succession, ``effective_on``, where known).

    One model for the three: each is a dated notice by a state under a convention that may end,
    shown in the state's row, notified alike; the fields only one kind has are required for that
    kind and empty for the others, by check constraints.
    """

    class Kind(models.TextChoices):
        TERRITORIAL = "territorial", _("Territorial application")
        PROVISIONAL = "provisional", _("Provisional application")
        SUCCESSION = "succession", _("Succession")

    participation = models.ForeignKey(
        Participation, on_delete=models.PROTECT, related_name="notices", verbose_name=_("participation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    territory = models.CharField(
        _("territory"), max_length=200, blank=True, help_text=_("Territorial application only.")
    )
    predecessor = models.CharField(
        _("predecessor state"),
        max_length=200,
        blank=True,
        help_text=_("Succession only: the name of the state it succeeds."),
    )
    made_on = models.DateField(_("notified on"))
    effective_on = models.DateField(
        _("effective from"),
        null=True,
        blank=True,
        help_text=_(
            "Provisional application: the day it applies from (required). Succession: the date of "
            "succession. Territorial application: the day it takes effect, if it says."
        ),
    )
    ended_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_(
            "Territorial application: withdrawn on. Provisional application: terminated on (it also "
            "ends when the convention enters into force for the state)."
        ),
    )
    text = models.TextField(_("text"), blank=True)
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Where it is recorded: a link or a citation.")
    )

    version = AutoIncVersionField(verbose_name=_("version"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["participation", "made_on", "pk"]
        verbose_name = _("territorial or provisional application, or succession")
        verbose_name_plural = _("territorial and provisional application, succession")
        constraints = [
            # One provisional application and one succession per state and convention (their
            # territory is empty), and one declaration per territory.
            models.UniqueConstraint(
                fields=["participation", "kind", "territory"],
                name="notice_once_per_kind_and_territory",
                violation_error_message=_("This state already has such a notice under this convention."),
            ),
            FieldCheckConstraint(
                condition=Q(kind="territorial") & ~Q(territory="") | ~Q(kind="territorial") & Q(territory=""),
                name="notice_territory_for_territorial_only",
                field="territory",
                violation_error_message=_(
                    "A declaration of territorial application names its territory; other notices have none."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(kind="succession") & ~Q(predecessor="")
                | ~Q(kind="succession") & Q(predecessor=""),
                name="notice_predecessor_for_succession_only",
                field="predecessor",
                violation_error_message=_(
                    "A succession names the predecessor state; other notices have none."
                ),
            ),
            FieldCheckConstraint(
                condition=~Q(kind="provisional") | Q(effective_on__isnull=False),
                name="notice_provisional_has_start",
                field="effective_on",
                violation_error_message=_(
                    "Give the day from which the state applies the convention provisionally."
                ),
            ),
            FieldCheckConstraint(
                condition=~Q(kind="succession") | Q(ended_on__isnull=True),
                name="notice_succession_does_not_end",
                field="ended_on",
                violation_error_message=_("A succession is not withdrawn: a denunciation ends it."),
            ),
            FieldCheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(ended_on__gte=F("made_on"))
                & (Q(effective_on__isnull=True) | Q(ended_on__gte=F("effective_on"))),
                name="notice_ends_after_start",
                field="ended_on",
                violation_error_message=_("It cannot end before it was notified or took effect."),
            ),
        ]

    def __str__(self):
        label = str(self.Kind(self.kind).label) if self.kind in self.Kind.values else ""
        return f"{label}: {self.territory}" if self.territory else label
