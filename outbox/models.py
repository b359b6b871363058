"""What every never-twice mail row has: its status, its attempts and when each step happened.

A concrete model (the reminders' ``Digest``, the notifications' ``Delivery``) adds what it
mails and to whom, and the unique constraint that makes inserting its row the claim.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker.constraints import FieldCheckConstraint


class SendStatus(models.TextChoices):
    CLAIMED = "claimed", _("Claimed, waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed: the mail server refused it")
    UNKNOWN = "unknown", _("Unknown: check whether it went out")


class OutgoingMail(models.Model):
    """claimed -> sending -> sent, failed or unknown; see ``outbox.services`` for who moves it."""

    status = models.CharField(
        _("status"), max_length=10, choices=SendStatus.choices, default=SendStatus.CLAIMED
    )
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    sending_started_at = models.DateTimeField(_("last sending started at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        abstract = True

    @staticmethod
    def status_constraints(prefix: str) -> list[models.BaseConstraint]:
        """The rules of the status, for the concrete model's ``Meta.constraints``.

        Named by the concrete model (``prefix``), since constraint names are per database.
        """
        return [
            FieldCheckConstraint(
                condition=Q(status__in=SendStatus.values),
                name=f"{prefix}_status_known",
                field="status",
                violation_error_message=_("Unknown status."),
            ),
            FieldCheckConstraint(
                condition=Q(status=SendStatus.SENT, sent_at__isnull=False)
                | (~Q(status=SendStatus.SENT) & Q(sent_at__isnull=True)),
                name=f"{prefix}_sent_has_a_time",
                field="sent_at",
                violation_error_message=_("A sent mail has the time it was sent, and only a sent one."),
            ),
            FieldCheckConstraint(
                condition=Q(status=SendStatus.CLAIMED) | Q(attempts__gte=1, sending_started_at__isnull=False),
                name=f"{prefix}_tried_before_any_outcome",
                field="attempts",
                violation_error_message=_("A mail is sent, failed or unknown only after an attempt."),
            ),
        ]

    @staticmethod
    def status_index(prefix: str) -> models.Index:
        """What the sweep for lost sends and lost queuing filters on."""
        return models.Index(fields=["status", "sending_started_at"], name=f"{prefix}_status_idx")


class MailKind(models.TextChoices):
    """Mail that anyone may ask the site to send to an address."""

    SUBSCRIPTION_CONFIRMATION = "subscription_confirmation", _("Subscription confirmation")
    PASSWORD_RESET = "password_reset", _("Password reset")


class MailRequest(models.Model):
    """A mail someone asked the site to send to an address, admitted within the day's limit.

    The n-th admitted request of a day for an address and kind takes slot n: two requests at
    once cannot take the same slot (unique constraint), so no more than the limit are admitted,
    on any database. Each kind has its own slots, so asking for confirmations cannot use up the
    password resets of the address's owner.
    """

    # Lower-cased by the service, so that case does not make another address.
    address = models.EmailField(_("address"))
    kind = models.CharField(_("kind"), max_length=30, choices=MailKind.choices)
    day = models.DateField(_("day"))
    slot = models.PositiveSmallIntegerField(_("slot"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("mail request")
        verbose_name_plural = _("mail requests")
        constraints = [
            models.UniqueConstraint(fields=["address", "kind", "day", "slot"], name="mail_request_slot_once"),
            FieldCheckConstraint(
                condition=Q(kind__in=MailKind.values),
                name="mail_request_kind_known",
                field="kind",
                violation_error_message=_("Unknown kind of mail."),
            ),
            FieldCheckConstraint(
                condition=Q(slot__gte=1),
                name="mail_request_slot_positive",
                field="slot",
                violation_error_message=_("Slots are counted from 1."),
            ),
        ]

    def __str__(self):
        return f"{self.kind} → {self.address} ({self.day}, {self.slot})"
