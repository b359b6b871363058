"""Writing for the reminders: claiming digests, recording what became of them, unsubscribing.

Never twice: a digest's row is inserted (unique per contact and period) before it is queued,
and moved from "claimed" to "sending" by a conditional UPDATE before the mail server hears of
it. Whoever loses either race does nothing. What happens after "sending" is recorded as sent,
failed (the server refused: safe to try again) or unknown (the worker lost track: a person
decides), never guessed.
"""

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass, field
from functools import partial

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, override

from reminders import conf
from reminders.models import Digest, DigestStatus, OutreachEntry, OutreachKind, ReminderSubscription
from reminders.rendering import digest_render
from reminders.selectors import DigestPlan, ReminderItem, StateOwing, reminder_digests_build
from states.models import Contact

logger = logging.getLogger(__name__)


class MailRefused(Exception):
    """The mail server said no, or could not be reached: nothing was delivered."""


class MailOutcomeUnknown(Exception):
    """The connection broke while the message was being handed over: it may have gone out."""


def _enqueue_send(digest_id: int) -> None:
    # Imported here: the tasks module imports this one.
    from reminders.tasks import digest_send

    digest_send.delay(digest_id)


def digest_enqueue_on_commit(digest_id: int) -> None:
    """Queue the digest's sending once the claim is committed.

    ``robust``: if the broker cannot be reached, the digest stays "claimed" and the next
    dispatch queues it again, rather than the error undoing the other claims' queuing.
    """
    transaction.on_commit(partial(_enqueue_send, digest_id), robust=True)


def digest_claim(plan: DigestPlan) -> Digest | None:
    """Insert the digest's row, which claims it; None if it was already claimed this period.

    No ``full_clean()``: nothing here is typed by a person, and the unique constraint is what
    decides between two claimants, not a SELECT that both could pass.
    """
    rendered = digest_render(plan)
    with override("en"):
        items = [item.as_dict() for item in plan.items]
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                contact=plan.contact,
                state=plan.state,
                period=plan.period,
                as_of=plan.as_of,
                language=plan.language,
                recipient=plan.contact.email,
                subject=rendered.subject,
                body_text=rendered.text,
                body_html=rendered.html,
                items=items,
            )
            digest_enqueue_on_commit(digest.pk)
    except IntegrityError:
        return None
    return digest


@dataclass
class DispatchReport:
    as_of: dt.date
    claimed: list[Digest] = field(default_factory=list)
    already_claimed: int = 0
    without_contact: list[StateOwing] = field(default_factory=list)
    marked_unknown: list[int] = field(default_factory=list)
    requeued: list[int] = field(default_factory=list)
    # Everything owed on the day, whether anyone is reminded of it or not.
    items: list[ReminderItem] = field(default_factory=list)

    @property
    def no_contact(self) -> list[str]:
        return [owing.state.iso3 for owing in self.without_contact]

    def as_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "claimed": [digest.pk for digest in self.claimed],
            "already_claimed": self.already_claimed,
            "no_contact": self.no_contact,
            "marked_unknown": self.marked_unknown,
            "requeued": self.requeued,
        }


def digests_lost_mark_unknown(now: dt.datetime | None = None) -> list[int]:
    """Digests left "sending" long past any send: their worker died. Marked unknown, not resent."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=conf.sending_stale_seconds())
    lost = list(
        Digest.objects.filter(status=DigestStatus.SENDING, sending_started_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    marked = []
    for pk in lost:
        if _mark_unknown(pk, "The worker stopped before it knew whether the mail went out."):
            marked.append(pk)
    return marked


def digests_unqueued_requeue(now: dt.datetime | None = None) -> list[int]:
    """Claimed digests never tried, long after their claim: their queuing was lost. Queue again.

    Safe: the sender's conditional UPDATE lets one of the messages through, whichever.
    Claimed digests already tried wait for a retry that is queued already.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=conf.claimed_stale_seconds())
    pks = list(
        Digest.objects.filter(status=DigestStatus.CLAIMED, attempts=0, claimed_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for pk in pks:
        digest_enqueue_on_commit(pk)
    return pks


def reminders_dispatch(as_of: dt.date | None = None) -> DispatchReport:
    """The daily dispatch: claim every digest due and queue it; report who has no contact.

    Each claim is its own transaction, so each digest is queued as soon as its row is there.
    """
    as_of = as_of or timezone.localdate()
    report = DispatchReport(as_of)
    report.marked_unknown = digests_lost_mark_unknown()
    with transaction.atomic():
        report.requeued = digests_unqueued_requeue()
    plan = reminder_digests_build(as_of)
    report.without_contact = plan.without_contact
    report.items = plan.items
    for digest_plan in plan.digests:
        digest = digest_claim(digest_plan)
        if digest is None:
            report.already_claimed += 1
        else:
            report.claimed.append(digest)
    logger.info(
        "Reminders dispatch as of %s: %s claimed, %s already claimed, no contact to remind: %s; "
        "marked unknown: %s; queued again: %s",
        as_of,
        len(report.claimed),
        report.already_claimed,
        ", ".join(report.no_contact) or "none",
        report.marked_unknown or "none",
        report.requeued or "none",
    )
    return report


def digest_send_start(digest_id: int) -> Digest | None:
    """Take the digest for sending: claimed -> sending, one attempt more. None if not ours.

    Only one caller's UPDATE matches a claimed row. A caller that finds it "sending" for
    longer than any send takes is looking at a dead worker's digest: it is marked unknown.
    """
    now = timezone.now()
    taken = Digest.objects.filter(pk=digest_id, status=DigestStatus.CLAIMED).update(
        status=DigestStatus.SENDING, sending_started_at=now, attempts=F("attempts") + 1
    )
    if taken:
        return Digest.objects.select_related("contact", "state").get(pk=digest_id)
    stale_before = now - dt.timedelta(seconds=conf.sending_stale_seconds())
    Digest.objects.filter(
        pk=digest_id, status=DigestStatus.SENDING, sending_started_at__lt=stale_before
    ).update(
        status=DigestStatus.UNKNOWN,
        last_error="Found still sending when delivered again: the worker stopped before it knew.",
    )
    return None


def digest_mail(digest: Digest) -> EmailMultiAlternatives:
    """The message itself: plain text and HTML, with one-click unsubscribe headers (RFC 8058)."""
    from reminders.rendering import unsubscribe_url

    link = unsubscribe_url(digest.contact_id, _digest_convention_ids(digest))
    message = EmailMultiAlternatives(
        subject=digest.subject,
        body=digest.body_text,
        to=[digest.recipient],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Tracker-Digest": str(digest.pk),
        },
    )
    message.attach_alternative(digest.body_html, "text/html")
    return message


def _digest_convention_ids(digest: Digest) -> list[int]:
    from conventions.models import Convention

    codes = sorted({item["convention"] for item in digest.items})
    return list(Convention.objects.filter(code__in=codes).values_list("pk", flat=True))


def digest_mail_send(digest: Digest) -> None:
    """Hand the digest to the mail server; raise ``MailRefused`` or ``MailOutcomeUnknown``.

    Refused: the connection could not be opened, or the server answered with an error code
    (sender, recipients or message refused). Nothing was delivered; it may be tried again.
    Unknown: the connection broke or timed out while the message was being handed over.
    """
    message = digest_mail(digest)
    connection = get_connection(timeout=conf.smtp_timeout_seconds())
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


@transaction.atomic
def digest_sent_record(digest_id: int) -> bool:
    """Record the digest as sent and log it in the outreach log; False if it was not sending.

    An "unknown" digest found to have gone out after all becomes sent too: now it is known.
    """
    now = timezone.now()
    done = Digest.objects.filter(
        pk=digest_id, status__in=[DigestStatus.SENDING, DigestStatus.UNKNOWN]
    ).update(status=DigestStatus.SENT, sent_at=now, last_error="")
    if done:
        _outreach_log_digest(Digest.objects.select_related("contact", "state").get(pk=digest_id), now)
    return bool(done)


def _outreach_log_digest(digest: Digest, sent_at: dt.datetime) -> OutreachEntry:
    from conventions.models import Convention

    codes = sorted({item["convention"] for item in digest.items})
    entry = OutreachEntry.objects.create(
        date=timezone.localdate(sent_at),
        kind=OutreachKind.DIGEST,
        convention=Convention.objects.filter(code=codes[0]).first() if len(codes) == 1 else None,
        subject=digest.subject,
        sender="treaty-tracker",
        recipients=f"{digest.contact.name} <{digest.recipient}>",
        digest=digest,
        notes=", ".join(codes),
    )
    entry.states.add(digest.state)
    return entry


def digest_retry_release(digest_id: int, error: str) -> bool:
    """Put a refused digest back to "claimed" so its retry can take it again."""
    return bool(
        Digest.objects.filter(pk=digest_id, status=DigestStatus.SENDING).update(
            status=DigestStatus.CLAIMED, last_error=error
        )
    )


def digest_failed_record(digest_id: int, error: str) -> bool:
    return bool(
        Digest.objects.filter(pk=digest_id, status=DigestStatus.SENDING).update(
            status=DigestStatus.FAILED, last_error=error
        )
    )


def _mark_unknown(digest_id: int, error: str) -> bool:
    return bool(
        Digest.objects.filter(pk=digest_id, status=DigestStatus.SENDING).update(
            status=DigestStatus.UNKNOWN, last_error=error
        )
    )


def digest_unknown_record(digest_id: int, error: str) -> bool:
    return _mark_unknown(digest_id, error)


@transaction.atomic
def digest_resend(digest_id: int, user) -> bool:
    """Staff decided to send a failed or unknown digest again: back to claimed, and queued."""
    note = gettext("Sent again by %(user)s on %(time)s.") % {
        "user": user.get_username(),
        "time": timezone.now().isoformat(timespec="seconds"),
    }
    done = Digest.objects.filter(pk=digest_id, status__in=[DigestStatus.FAILED, DigestStatus.UNKNOWN]).update(
        status=DigestStatus.CLAIMED, last_error=note
    )
    if done:
        digest_enqueue_on_commit(digest_id)
    return bool(done)


@transaction.atomic
def digest_confirm_sent(digest_id: int, user) -> bool:
    """Staff checked that an unknown digest did go out: record it as sent, with the log entry."""
    if not Digest.objects.select_for_update().filter(pk=digest_id, status=DigestStatus.UNKNOWN).exists():
        return False
    logger.info("Digest %s recorded as sent by %s", digest_id, user.get_username())
    return digest_sent_record(digest_id)


@transaction.atomic
def reminders_unsubscribe(contact_id: int, convention_ids: list[int]) -> list[ReminderSubscription]:
    """The contact stops reminders about these conventions (from the link in a digest)."""
    contact = Contact.objects.get(pk=contact_id)
    now = timezone.now()
    subscriptions = []
    for convention_id in convention_ids:
        subscription, _created = ReminderSubscription.objects.update_or_create(
            contact=contact,
            convention_id=convention_id,
            defaults={"unsubscribed": True, "changed_at": now, "changed_by": None, "note": ""},
        )
        subscriptions.append(subscription)
    return subscriptions


@transaction.atomic
def reminders_resubscribe(subscription_ids: list[int], user, note: str = "") -> int:
    """Staff switch a contact's reminders back on (an override of her unsubscribing)."""
    changed = 0
    for subscription in ReminderSubscription.objects.select_for_update().filter(
        pk__in=subscription_ids, unsubscribed=True
    ):
        subscription.unsubscribed = False
        subscription.changed_at = timezone.now()
        subscription.changed_by = user
        subscription.note = note or gettext("Switched back on by staff.")
        subscription._change_reason = "Reminders switched back on by staff"
        subscription.full_clean()
        subscription.save()
        changed += 1
    return changed
