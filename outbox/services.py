"""Never twice: claiming, sending and recording what became of each mail of an outbox.

A mail's row is inserted (the concrete model's unique constraint makes that the claim) before
it is queued, and moved from "claimed" to "sending" by a conditional UPDATE before the mail
server hears of it; whoever loses either race does nothing. What happens after "sending" is
recorded as sent, failed (the server refused: safe to try again) or unknown (the worker lost
track: a person decides), never guessed.
"""

import datetime as dt
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from outbox.conf import OutboxSettings, mail_requests_per_address_per_day
from outbox.models import MailRequest, OutgoingMail, SendStatus
from tracker.permissions import permission_check

logger = logging.getLogger(__name__)

LOST_SENDING = "The worker stopped before it knew whether the mail went out."
FOUND_SENDING = "Found still sending when delivered again: the worker stopped before it knew."

# Every outbox made, by name, for the periodic sweep (``outbox.tasks``).
OUTBOXES: dict[str, "Outbox"] = {}


class MailRefused(Exception):
    """The mail server said no, or could not be reached: nothing was delivered."""


class MailOutcomeUnknown(Exception):
    """The connection broke while the message was being handed over: it may have gone out."""


def absolute_url(path: str) -> str:
    """A link in a mail: the site's address (the SITE_URL setting, read when used) and ``path``."""
    return settings.SITE_URL + path


def mail_request_admit(address: str, kind: str) -> bool:
    """Whether a mail of ``kind`` that someone asked for may be sent to ``address`` today.

    Admitted: its request is recorded in the day's next free slot. Refused once the day's
    slots (MAIL_REQUESTS_PER_ADDRESS_PER_DAY) are taken; nothing is written then. Two requests
    at once that find the same slot free: one inserts it, the other tries the next one.
    """
    address = address.strip().lower()
    now = timezone.now()
    day = timezone.localdate(now)
    taken = MailRequest.objects.filter(address=address, kind=kind, day=day).count()
    for slot in range(taken + 1, mail_requests_per_address_per_day() + 1):
        try:
            with transaction.atomic():
                MailRequest.objects.create(address=address, kind=kind, day=day, slot=slot, requested_at=now)
        except IntegrityError:
            continue
        return True
    return False


def mail_requests_prune() -> int:
    """Forget the asks of the days before yesterday (only today's count); how many were deleted."""
    before = timezone.localdate() - dt.timedelta(days=1)
    deleted, _by_model = MailRequest.objects.filter(day__lt=before).delete()
    return deleted


def mail_message_send(message: EmailMessage, *, timeout: float) -> None:
    """Hand one message to the mail server; raise ``MailRefused`` or ``MailOutcomeUnknown``.

    Refused: the connection could not be opened, or the server answered with an error code
    (sender, recipients or message refused). Nothing was delivered; it may be tried again.
    Unknown: the connection broke or timed out while the message was being handed over.
    """
    connection = get_connection(timeout=timeout)
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        raise MailRefused(f"{type(error).__name__}: {error}") from error
    try:
        connection.send_messages([message])
    except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused) as error:
        raise MailRefused(f"{type(error).__name__}: {error}") from error
    except (smtplib.SMTPException, OSError) as error:
        raise MailOutcomeUnknown(f"{type(error).__name__}: {error}") from error
    finally:
        connection.close()


@dataclass
class SweepReport:
    marked_unknown: list[int] = field(default_factory=list)
    requeued: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"marked_unknown": self.marked_unknown, "requeued": self.requeued}


@dataclass(frozen=True)
class Outbox:
    """One kind of never-twice mail: its model, how a row becomes a message, its settings.

    ``message`` builds the mail of a row fetched with ``related``; ``send_task`` is the dotted
    path of the Celery task that sends one row (it calls ``outbox.tasks.outgoing_mail_send``);
    ``on_sent``, if given, runs in the transaction that records a row as sent.
    """

    name: str
    model: type[OutgoingMail]
    message: Callable[[OutgoingMail], EmailMessage]
    send_task: str
    settings_prefix: str
    related: tuple[str, ...] = ()
    on_sent: Callable[[OutgoingMail, dt.datetime], object] | None = None

    def __post_init__(self):
        OUTBOXES[self.name] = self

    @property
    def conf(self) -> OutboxSettings:
        return OutboxSettings(self.settings_prefix)

    @property
    def change_permission(self) -> str:
        """What staff need to send a row again or record it as sent."""
        return f"{self.model._meta.app_label}.change_{self.model._meta.model_name}"

    def _rows(self, pk: int, *statuses: str):
        return self.model.objects.filter(pk=pk, status__in=statuses)

    def _fetch(self, pk: int) -> OutgoingMail:
        return self.model.objects.select_related(*self.related).get(pk=pk)

    # Queuing

    def _enqueue(self, pk: int) -> None:
        import_string(self.send_task).delay(pk)

    def enqueue_on_commit(self, pk: int) -> None:
        """Queue the row's sending once its claim is committed.

        ``robust``: if the broker cannot be reached, the row stays "claimed" and the sweep
        queues it again, rather than the error undoing the other claims' queuing.
        """
        transaction.on_commit(partial(self._enqueue, pk), robust=True)

    # Sending

    def send_start(self, pk: int) -> OutgoingMail | None:
        """Take the row for sending: claimed -> sending, one attempt more. None if not ours.

        Only one caller's UPDATE matches a claimed row. A caller that finds it "sending" for
        longer than any send takes is looking at a dead worker's row: it is marked unknown.
        """
        now = timezone.now()
        taken = self._rows(pk, SendStatus.CLAIMED).update(
            status=SendStatus.SENDING, sending_started_at=now, attempts=F("attempts") + 1
        )
        if taken:
            return self._fetch(pk)
        stale_before = now - dt.timedelta(seconds=self.conf.sending_stale_seconds())
        self._rows(pk, SendStatus.SENDING).filter(sending_started_at__lt=stale_before).update(
            status=SendStatus.UNKNOWN, last_error=FOUND_SENDING
        )
        return None

    def mail_send(self, row: OutgoingMail) -> None:
        mail_message_send(self.message(row), timeout=self.conf.smtp_timeout_seconds())

    # Outcomes

    @transaction.atomic
    def sent_record(self, pk: int) -> bool:
        """Record the row as sent; False if it was not sending.

        An "unknown" row found to have gone out after all becomes sent too: now it is known.
        """
        now = timezone.now()
        done = self._rows(pk, SendStatus.SENDING, SendStatus.UNKNOWN).update(
            status=SendStatus.SENT, sent_at=now, last_error=""
        )
        if done and self.on_sent:
            self.on_sent(self._fetch(pk), now)
        return bool(done)

    def _sending_to(self, pk: int, status: str, error: str) -> bool:
        return bool(self._rows(pk, SendStatus.SENDING).update(status=status, last_error=error))

    def retry_release(self, pk: int, error: str) -> bool:
        """Put a refused row back to "claimed" so its retry can take it again."""
        return self._sending_to(pk, SendStatus.CLAIMED, error)

    def failed_record(self, pk: int, error: str) -> bool:
        return self._sending_to(pk, SendStatus.FAILED, error)

    def unknown_record(self, pk: int, error: str) -> bool:
        return self._sending_to(pk, SendStatus.UNKNOWN, error)

    # What went astray

    def lost_mark_unknown(self, now: dt.datetime | None = None) -> list[int]:
        """Rows left "sending" long past any send: their worker died. Marked unknown, not resent."""
        cutoff = (now or timezone.now()) - dt.timedelta(seconds=self.conf.sending_stale_seconds())
        lost = self.model.objects.filter(status=SendStatus.SENDING, sending_started_at__lt=cutoff)
        return [pk for pk in lost.values_list("pk", flat=True) if self.unknown_record(pk, LOST_SENDING)]

    def unqueued_requeue(self, now: dt.datetime | None = None) -> list[int]:
        """Claimed rows whose message was lost: queue them again.

        A row never tried is lost when its claim is long past (the broker was down at commit).
        A row waiting for a retry is lost when even the longest backoff after its last attempt
        is long past (its retry message went with a crashed broker). Queuing again is safe: the
        sender's conditional UPDATE lets one of the messages through, whichever comes first.
        """
        claim_cutoff = (now or timezone.now()) - dt.timedelta(seconds=self.conf.claimed_stale_seconds())
        retry_cutoff = claim_cutoff - dt.timedelta(seconds=self.conf.retry_backoff_max_seconds())
        never_tried = Q(attempts=0, claimed_at__lt=claim_cutoff)
        retry_overdue = Q(attempts__gte=1, sending_started_at__lt=retry_cutoff)
        pks = list(
            self.model.objects.filter(never_tried | retry_overdue, status=SendStatus.CLAIMED).values_list(
                "pk", flat=True
            )
        )
        for pk in pks:
            self.enqueue_on_commit(pk)
        return pks

    def sweep(self, now: dt.datetime | None = None) -> SweepReport:
        """Mark the lost sends unknown and queue the lost claims again."""
        report = SweepReport(marked_unknown=self.lost_mark_unknown(now))
        with transaction.atomic():
            report.requeued = self.unqueued_requeue(now)
        return report

    # What staff decide

    @transaction.atomic
    def resend(self, pk: int, user) -> bool:
        """Staff decided to send a failed or unknown row again: back to claimed, and queued."""
        permission_check(user, self.change_permission)
        note = gettext("Sent again by %(user)s on %(time)s.") % {
            "user": user.get_username(),
            "time": timezone.now().isoformat(timespec="seconds"),
        }
        done = self._rows(pk, SendStatus.FAILED, SendStatus.UNKNOWN).update(
            status=SendStatus.CLAIMED, last_error=note
        )
        if done:
            self.enqueue_on_commit(pk)
        return bool(done)

    @transaction.atomic
    def confirm_sent(self, pk: int, user) -> bool:
        """Staff checked that an unknown row did go out: record it as sent."""
        permission_check(user, self.change_permission)
        if not self._rows(pk, SendStatus.UNKNOWN).select_for_update().exists():
            return False
        logger.info("%s %s recorded as sent by %s", self.model.__name__, pk, user.get_username())
        return self.sent_record(pk)
