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
