"""Reminders to member states and the log of what the secretariat sent them.

Staff keep *reminder policies* as data: which convention (or every convention a body follows),
what to remind of, how often and to whom. Each day the dispatch builds one *digest* per
contact and period and sends it; the digest's row, unique per contact and period, is the lock
that keeps it from going out twice. Letters and notes sent outside the app, and every digest
sent, are entries of the *outreach log*.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conventions.models import Body, Convention
from outbox.models import OutgoingMail, SendStatus
from states.models import Contact, Language, State
from tracker.constraints import FieldCheckConstraint


def _one_of(field: str, choices) -> Q:
    return Q(**{f"{field}__in": [value for value, _label in choices]})


class PolicyKind(models.TextChoices):
    SIGNED_NOT_RATIFIED = "signed_not_ratified", _("Signed but not ratified for more than N days")
    QUESTIONNAIRE_MISSING_OR_OVERDUE = (
        "questionnaire_missing_or_overdue",
        _("Questionnaire missing or overdue in an open cycle"),
    )
    DEADLINE_WITHIN = "deadline_within", _("Questionnaire due within N days")


# The kinds that count days; the other kind has none.
KINDS_WITH_DAYS = (PolicyKind.SIGNED_NOT_RATIFIED, PolicyKind.DEADLINE_WITHIN)


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class PolicyAudience(models.TextChoices):
    LIAISONS = "liaisons", _("Liaisons (national points of contact)")
    OTHER_CONTACTS = "other_contacts", _("Other contacts (missions, ministries, others)")
    ALL_CONTACTS = "all_contacts", _("All contacts")


class ReminderPolicy(models.Model):
    """What to remind states of, about which convention or body, how often and to whom."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    convention = models.ForeignKey(
        Convention,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reminder_policies",
        verbose_name=_("convention"),
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reminder_policies",
        verbose_name=_("body"),
        help_text=_("Instead of a convention: every convention the body follows or was set up by."),
    )
    kind = models.CharField(_("remind of"), max_length=40, choices=PolicyKind.choices)
    days = models.PositiveIntegerField(
        _("days"),
        null=True,
        blank=True,
        help_text=_(
            "Signed but not ratified: for more than this many days. Due within: this many days "
            "ahead. Empty for a missing or overdue questionnaire."
        ),
    )
    frequency = models.CharField(_("how often"), max_length=20, choices=Frequency.choices)
    audience = models.CharField(_("to whom"), max_length=20, choices=PolicyAudience.choices)
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")
        constraints = [
            FieldCheckConstraint(
                condition=Q(convention__isnull=False, body__isnull=True)
                | Q(convention__isnull=True, body__isnull=False),
                name="policy_scope_is_a_convention_or_a_body",
                field="convention",
                violation_error_message=_("Choose either a convention or a body, not both."),
            ),
            FieldCheckConstraint(
                condition=Q(kind__in=KINDS_WITH_DAYS, days__isnull=False)
                | (~Q(kind__in=KINDS_WITH_DAYS) & Q(days__isnull=True)),
                name="policy_days_when_the_kind_counts_them",
                field="days",
                violation_error_message=_(
                    "Give the number of days for “signed but not ratified” and “due within”, and "
                    "none for a missing or overdue questionnaire."
                ),
            ),
            FieldCheckConstraint(
                condition=_one_of("kind", PolicyKind.choices),
                name="policy_kind_known",
                field="kind",
                violation_error_message=_("Choose what to remind of from the list."),
            ),
            FieldCheckConstraint(
                condition=_one_of("frequency", Frequency.choices),
                name="policy_frequency_known",
                field="frequency",
                violation_error_message=_("Choose how often from the list."),
            ),
            FieldCheckConstraint(
                condition=_one_of("audience", PolicyAudience.choices),
                name="policy_audience_known",
                field="audience",
                violation_error_message=_("Choose to whom from the list."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def scope(self) -> Convention | Body:
        return self.convention or self.body

    def reaches(self, contact: Contact) -> bool:
        """Whether a contact of this role is in the policy's audience."""
        if self.audience == PolicyAudience.ALL_CONTACTS:
            return True
        is_liaison = contact.role == Contact.Role.LIAISON
        return is_liaison if self.audience == PolicyAudience.LIAISONS else not is_liaison


# The status of a digest is an outgoing mail's (claimed, sending, sent, failed, unknown).
DigestStatus = SendStatus


# A period is a month (2026-11) or a quarter (2026-Q4).
PERIOD_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$"


class Digest(OutgoingMail):
    """One contact's reminder for one period, from the moment it is claimed.

    The row is inserted before anything is sent, and only one row may exist per contact and
    period: a second dispatch, a task delivered twice or two workers find it and send nothing.
    The sender moves it from "claimed" to "sending" with a conditional UPDATE before it talks
    to the mail server, so only one sender ever gets that far.
    """

    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, related_name="reminder_digests", verbose_name=_("contact")
    )
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="reminder_digests", verbose_name=_("state")
    )
    period = models.CharField(
        _("period"), max_length=7, help_text=_("A month (2026-11) or a quarter (2026-Q4).")
    )
    as_of = models.DateField(_("as of"), help_text=_("The day the reminders were worked out for."))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    recipient = models.EmailField(_("sent to"))
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"))
    items = models.JSONField(_("items"), default=list)

    class Meta:
        ordering = ["-claimed_at", "-pk"]
        verbose_name = _("reminder digest")
        verbose_name_plural = _("reminder digests")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "period"],
                name="digest_once_per_contact_and_period",
                violation_error_message=_("This contact already has a digest for this period."),
            ),
            FieldCheckConstraint(
                condition=Q(period__regex=PERIOD_PATTERN),
                name="digest_period_is_a_month_or_quarter",
                field="period",
                violation_error_message=_("Write the period as a month (2026-11) or a quarter (2026-Q4)."),
            ),
            *OutgoingMail.status_constraints("digest"),
        ]
        indexes = [OutgoingMail.status_index("digest")]

    def __str__(self):
        return f"{self.contact} {self.period}"


class ReminderSubscription(models.Model):
    """Whether a contact gets reminders about a convention; no row means she does.

    A row is made when the contact follows the unsubscribe link of a digest; staff can see it
    and switch her reminders back on (the history keeps who did what).
    """

    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, related_name="reminder_subscriptions", verbose_name=_("contact")
    )
    convention = models.ForeignKey(
        Convention,
        on_delete=models.PROTECT,
        related_name="reminder_subscriptions",
        verbose_name=_("convention"),
    )
    unsubscribed = models.BooleanField(_("unsubscribed"), default=True)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
        help_text=_("Empty when the contact changed it herself, through the link in a digest."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["contact__state__name_en", "contact__name", "convention__code"]
        verbose_name = _("reminder subscription")
        verbose_name_plural = _("reminder subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "convention"],
                name="subscription_once_per_contact_and_convention",
                violation_error_message=_("This contact already has a setting for this convention."),
            ),
        ]

    def __str__(self):
        return f"{self.contact} — {self.convention.code}"


class OutreachKind(models.TextChoices):
    LETTER = "letter", _("Letter")
    NOTE = "note", _("Note")
    STATEMENT = "statement", _("Call made in a meeting or statement")
    DIGEST = "digest", _("Reminder digest")


def outreach_document_path(entry, filename: str) -> str:
    return f"outreach/{timezone.now():%Y}/{filename}"


class OutreachEntryState(models.Model):
    """A state an outreach entry was sent to. Deleting the state is refused while a letter names it."""

    entry = models.ForeignKey(
        "reminders.OutreachEntry",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("outreach entry"),
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+", verbose_name=_("state"))

    class Meta:
        verbose_name = _("state an outreach entry was sent to")
        verbose_name_plural = _("states an outreach entry was sent to")
        constraints = [
            models.UniqueConstraint(fields=["entry", "state"], name="outreach_state_once"),
        ]

    def __str__(self):
        return f"{self.entry} → {self.state}"


class OutreachEntry(models.Model):
    """Something the secretariat (or a body) sent or said to states: the outreach log.

    Letters and notes sent outside the app are entered by staff or loaded from the reference
    files; each digest sent adds an entry of its own, linked to it.
    """

    code = models.SlugField(
        _("code"),
        max_length=100,
        blank=True,
        help_text=_("A short name for the reference files, e.g. cifta-2020-12-03-ratification-letters."),
    )
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("Empty when not known."))
    kind = models.CharField(_("kind"), max_length=10, choices=OutreachKind.choices)
    states = models.ManyToManyField(
        State,
        through=OutreachEntryState,
        blank=True,
        related_name="outreach_entries",
        verbose_name=_("states"),
    )
    convention = models.ForeignKey(
        Convention,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_entries",
        verbose_name=_("convention"),
        help_text=_("Empty when it is about several conventions or none."),
    )
    subject = models.CharField(_("subject"), max_length=300)
    sender = models.CharField(_("sent by"), max_length=300, blank=True)
    recipients = models.CharField(_("sent to"), max_length=300, blank=True)
    reference = models.CharField(
        _("document symbol"), max_length=100, blank=True, help_text=_("e.g. CIFTA/CC-XX/doc.1/20")
    )
    document = models.FileField(_("document"), upload_to=outreach_document_path, max_length=200, blank=True)
    source = models.CharField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("Where this is known from: a link or a citation."),
    )
    notes = models.TextField(_("notes"), blank=True)
    digest = models.OneToOneField(
        Digest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_entry",
        verbose_name=_("digest"),
    )

    history = HistoricalRecords(m2m_fields=[states])

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "-pk"]
        verbose_name = _("outreach entry")
        verbose_name_plural = _("outreach log")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="outreach_code_once",
                violation_error_message=_("Another entry has this code."),
            ),
            FieldCheckConstraint(
                condition=_one_of("kind", OutreachKind.choices),
                name="outreach_kind_known",
                field="kind",
                violation_error_message=_("Choose a kind from the list."),
            ),
            FieldCheckConstraint(
                condition=Q(kind=OutreachKind.DIGEST, digest__isnull=False, date__isnull=False)
                | (~Q(kind=OutreachKind.DIGEST) & Q(digest__isnull=True)),
                name="outreach_digest_entries_are_the_apps_own",
                field="kind",
                violation_error_message=_(
                    "Reminder digests are logged by the app when they are sent; choose another kind."
                ),
            ),
        ]

    def __str__(self):
        when = self.date.isoformat() if self.date else _("date unknown")
        return f"{when} {self.subject}"

    def get_document_url(self) -> str:
        """Where staff and the states' liaisons download the document (empty if none)."""
        return reverse("reminders:outreach_document", kwargs={"pk": self.pk}) if self.document else ""


class StateWithoutContact(State):
    """The states that owe something a policy reminds of but have no contact to remind.

    A proxy, so the admin can list them on a page of their own.
    """

    class Meta:
        proxy = True
        verbose_name = _("state with no contact to remind")
        verbose_name_plural = _("states with no contact to remind")
