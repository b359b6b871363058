"""Depositary notifications, who subscribes to them, and the delivery of each to each subscriber.

A notification is made (as a draft) by the domain service that records an action of the treaty
record (``conventions.services``), whatever the path: admin, import, API. Staff publish it; only
then does it get its reference number, appear on the public pages and go out by mail.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conventions.approx_dates import ApproxDateAttribute
from notifications.wording import Wording, notification_facts, notification_wording
from outbox.models import OutgoingMail, SendStatus
from states.models import Language
from tracker.constraints import YEAR_VALIDATORS, FieldCheckConstraint, year_constraint


class Action(models.TextChoices):
    """What a state did, as the record holds it."""

    SIGNATURE = "signature", _("Signature")
    DEPOSIT = "deposit", _("Deposit of an instrument")
    RESERVATION = "reservation", _("Reservation or declaration made")
    WITHDRAWAL = "withdrawal", _("Reservation or declaration withdrawn")
    DENUNCIATION = "denunciation", _("Denunciation")
    OBJECTION = "objection", _("Objection to a reservation")
    OBJECTION_WITHDRAWN = "objection_withdrawn", _("Objection to a reservation withdrawn")
    TERRITORIAL = "territorial", _("Declaration of territorial application")
    TERRITORIAL_WITHDRAWN = "territory_withdrawn", _("Declaration of territorial application withdrawn")
    PROVISIONAL = "provisional", _("Provisional application")
    PROVISIONAL_ENDED = "provisional_ended", _("Provisional application terminated")
    SUCCESSION = "succession", _("Notification of succession")


class NotificationKind(models.TextChoices):
    SIGNATURE = Action.SIGNATURE.value, Action.SIGNATURE.label
    DEPOSIT = Action.DEPOSIT.value, Action.DEPOSIT.label
    RESERVATION = Action.RESERVATION.value, Action.RESERVATION.label
    WITHDRAWAL = Action.WITHDRAWAL.value, Action.WITHDRAWAL.label
    DENUNCIATION = Action.DENUNCIATION.value, Action.DENUNCIATION.label
    OBJECTION = Action.OBJECTION.value, Action.OBJECTION.label
    OBJECTION_WITHDRAWN = Action.OBJECTION_WITHDRAWN.value, Action.OBJECTION_WITHDRAWN.label
    TERRITORIAL = Action.TERRITORIAL.value, Action.TERRITORIAL.label
    TERRITORIAL_WITHDRAWN = Action.TERRITORIAL_WITHDRAWN.value, Action.TERRITORIAL_WITHDRAWN.label
    PROVISIONAL = Action.PROVISIONAL.value, Action.PROVISIONAL.label
    PROVISIONAL_ENDED = Action.PROVISIONAL_ENDED.value, Action.PROVISIONAL_ENDED.label
    SUCCESSION = Action.SUCCESSION.value, Action.SUCCESSION.label
    CORRECTION = "correction", _("Correction of an earlier date")


class NotificationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class NotificationCounter(models.Model):
    """The last number given to a notification of a convention in a year; its row is the lock."""

    convention = models.ForeignKey("conventions.Convention", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(validators=YEAR_VALIDATORS)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["convention", "year"], name="notification_counter_once"),
            year_constraint("year", "notification_counter_year_in_calendar"),
        ]

    def __str__(self):
        return f"{self.convention_id}/{self.year}: {self.last}"


class NotificationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=NotificationStatus.PUBLISHED)


class Notification(models.Model):
    convention = models.ForeignKey(
        "conventions.Convention",
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("convention"),
    )
    state = models.ForeignKey(
        "states.State", on_delete=models.PROTECT, related_name="notifications", verbose_name=_("state")
    )
    # The record the action concerns: for an objection, the reserving state's (``state`` is the
    # objecting state).
    participation = models.ForeignKey(
        "conventions.Participation",
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("participation"),
    )
    reservation = models.ForeignKey(
        "conventions.Reservation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("reservation or declaration"),
    )
    objection = models.ForeignKey(
        "conventions.Objection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("objection to a reservation"),
    )
    notice = models.ForeignKey(
        "conventions.ParticipationNotice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("territorial or provisional application, or succession"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    # The action notified; for a correction, the action whose date it corrects.
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    action_earliest = models.DateField(_("action, earliest day"))
    action_latest = models.DateField(_("action, latest day"))
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    previous_earliest = models.DateField(_("date corrected, earliest day"), null=True, blank=True)
    previous_latest = models.DateField(_("date corrected, latest day"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.DRAFT
    )
    # Given at publication: a draft has no number, so a draft thrown away leaves no gap.
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    # Made by `build_notifications --backfill` from the record, not when the action was recorded.
    reconstructed = models.BooleanField(_("reconstructed from the record"), default=False)
    source = models.CharField(_("recorded through"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # A draft holds the facts above; its words are made from them when it is published (what staff
    # leave blank) and kept from then on, as the document the depositary issued.
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=500, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=500, blank=True)
    title_pt = models.CharField(_("title (Portuguese)"), max_length=500, blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)
    text_fr = models.TextField(_("text (French)"), blank=True)
    text_pt = models.TextField(_("text (Portuguese)"), blank=True)

    history = HistoricalRecords()
    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-year", "-number", "-pk"]
        verbose_name = _("depositary notification")
        verbose_name_plural = _("depositary notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "year", "number"],
                name="notification_number_once",
                violation_error_message=_("This reference number is already taken."),
            ),
            year_constraint("year", "notification_year_in_calendar"),
            FieldCheckConstraint(
                condition=Q(
                    status=NotificationStatus.DRAFT,
                    number__isnull=True,
                    year__isnull=True,
                    reference="",
                    published_at__isnull=True,
                )
                | Q(
                    status=NotificationStatus.PUBLISHED,
                    number__isnull=False,
                    year__isnull=False,
                    issued_on__isnull=False,
                    published_at__isnull=False,
                )
                & ~Q(reference=""),
                name="notification_published_has_number",
                field="status",
                violation_error_message=_(
                    "A published notification has its number, date and publication time; a draft has none."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(status=NotificationStatus.DRAFT)
                | ~Q(title_en="")
                & ~Q(title_es="")
                & ~Q(title_fr="")
                & ~Q(title_pt="")
                & ~Q(text_en="")
                & ~Q(text_es="")
                & ~Q(text_fr="")
                & ~Q(text_pt=""),
                name="notification_published_is_worded",
                field="text_en",
                violation_error_message=_(
                    "A published notification has its title and text in every language."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(kind=NotificationKind.CORRECTION, previous_earliest__isnull=False)
                | ~Q(kind=NotificationKind.CORRECTION) & Q(corrects__isnull=True),
                name="notification_correction_says_what",
                field="corrects",
                violation_error_message=_("Only a correction corrects, and it gives the date corrected."),
            ),
            FieldCheckConstraint(
                condition=Q(action_latest__gte=models.F("action_earliest")),
                name="notification_action_interval",
                field="action_latest",
                violation_error_message=_("The action's date range is reversed."),
            ),
        ]
        indexes = [models.Index(fields=["status", "issued_on"], name="notification_public_idx")]

    def __str__(self):
        return self.reference or f"{_('draft')} #{self.pk}"

    def get_absolute_url(self):
        return reverse(
            "notifications:detail",
            kwargs={"code": self.convention.code, "year": self.year, "number": self.number},
        )

    @property
    def is_published(self) -> bool:
        return self.status == NotificationStatus.PUBLISHED

    action_date = ApproxDateAttribute("action")

    def wording(self) -> Wording:
        """Its title and text in each language: as stored, and what a draft leaves blank as its
        facts word it today (what publication will store)."""
        stored = Wording.stored_in(self)
        if stored.complete:
            return stored
        return stored.completed_by(notification_wording(notification_facts(self)))

    @property
    def title(self) -> str:
        return self.wording().title

    @property
    def text(self) -> str:
        return self.wording().text


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscription(models.Model):
    """Someone who asked for the notifications of a convention, of a state, or all of them.

    Anyone subscribes by email and confirms through a signed link (double opt-in); until then she
    gets nothing. A liaison's subscriptions belong to her account (``user``) and need no link.
    """

    email = models.EmailField(_("email"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    convention = models.ForeignKey(
        "conventions.Convention",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_subscriptions",
        verbose_name=_("convention"),
    )
    state = models.ForeignKey(
        "states.State",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_subscriptions",
        verbose_name=_("state"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_subscriptions",
        verbose_name=_("user account"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["email", "pk"]
        verbose_name = _("notification subscription")
        verbose_name_plural = _("notification subscriptions")
        constraints = [
            # One subscription per address and scope; "everything" is the scope with neither.
            models.UniqueConstraint(
                Lower("email"),
                Coalesce("convention", models.Value(0)),
                Coalesce("state", models.Value(0)),
                name="subscription_once_per_scope",
                violation_error_message=_("This address already subscribes to these notifications."),
            ),
            FieldCheckConstraint(
                condition=Q(convention__isnull=True) | Q(state__isnull=True),
                name="subscription_one_scope",
                field="state",
                violation_error_message=_("Subscribe to a convention or to a state, not both at once."),
            ),
        ]

    def __str__(self):
        return f"{self.email}: {self.scope_label}"

    @property
    def scope_label(self) -> str:
        if self.convention_id:
            return str(self.convention.code)
        if self.state_id:
            return str(self.state.name)
        return str(_("every notification"))

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


# The status of a delivery is an outgoing mail's (claimed, sending, sent, failed, unknown).
DeliveryStatus = SendStatus


class Delivery(OutgoingMail):
    """One notification to one subscriber. Inserting the row claims the mail: it is the lock."""

    notification = models.ForeignKey(
        Notification, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("notification")
    )
    subscription = models.ForeignKey(
        Subscription, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("subscription")
    )
    # Lower-cased: one mail per address, whichever of her subscriptions matched.
    recipient = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)

    class Meta:
        ordering = ["-claimed_at", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notification", "subscription"], name="delivery_once"),
            models.UniqueConstraint(fields=["notification", "recipient"], name="delivery_once_per_address"),
            *OutgoingMail.status_constraints("delivery"),
        ]
        indexes = [OutgoingMail.status_index("delivery")]

    def __str__(self):
        return f"{self.notification} → {self.recipient}"
