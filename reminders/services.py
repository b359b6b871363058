"""Writing for the reminders: claiming digests, recording what became of them, unsubscribing.

Never twice: a digest's row is inserted (unique per contact and period) before it is queued;
its sending is the digests' outbox (``outbox.services``), which moves it from "claimed" to
"sending" by a conditional UPDATE before the mail server hears of it.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, override

from outbox.services import Outbox
from reminders.models import Digest, OutreachEntry, OutreachKind, ReminderSubscription
from reminders.rendering import digest_render
from reminders.selectors import DigestPlan, ReminderItem, StateOwing, reminder_digests_build
from states.models import Contact
from tracker.permissions import permission_check

logger = logging.getLogger(__name__)


def digest_mail(digest: Digest) -> EmailMultiAlternatives:
    """The message itself: plain text and HTML, with one-click unsubscribe headers (RFC 8058)."""
    from reminders.rendering import unsubscribe_url

    link = unsubscribe_url(digest.contact_id, _digest_convention_ids(digest), digest.recipient)
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


def _outreach_log_digest(digest: Digest, sent_at: dt.datetime) -> OutreachEntry:
    """Each digest sent is an entry of the outreach log, written with its "sent"."""
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


DIGESTS = Outbox(
    name="reminders",
    model=Digest,
    message=digest_mail,
    send_task="reminders.tasks.digest_send",
    settings_prefix="REMINDERS",
    related=("contact", "state"),
    on_sent=_outreach_log_digest,
)
digest_resend = DIGESTS.resend
digest_confirm_sent = DIGESTS.confirm_sent


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
            DIGESTS.enqueue_on_commit(digest.pk)
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


def reminders_dispatch(as_of: dt.date | None = None) -> DispatchReport:
    """The daily dispatch: claim every digest due and queue it; report who has no contact.

    Each claim is its own transaction, so each digest is queued as soon as its row is there.
    """
    as_of = as_of or timezone.localdate()
    report = DispatchReport(as_of)
    swept = DIGESTS.sweep()
    report.marked_unknown, report.requeued = swept.marked_unknown, swept.requeued
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
    permission_check(user, "reminders.change_remindersubscription")
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
