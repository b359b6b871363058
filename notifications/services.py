"""Writing notifications: drafts from recorded actions, publication and numbering, subscriptions,
and delivery by mail.

Never twice: a delivery row, unique per notification and subscriber, is inserted before its
mail is queued, and moved from "claimed" to "sending" by a conditional UPDATE before the mail
server hears of it; whoever loses either race does nothing. After "sending" the outcome is
recorded as sent, failed (refused: safe to retry) or unknown (the worker lost track), never
guessed: the deliveries' outbox (``outbox.services``), as the reminders' digests have theirs.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from conventions.approx_dates import ApproxDate, approx_date_or_none
from conventions.models import Objection, Participation, ParticipationNotice, Reservation
from notifications import tokens
from notifications.actions import NOTICE_ACTIONS, RecordedAction, action_key, reservation_made
from notifications.models import (
    Action,
    Delivery,
    Notification,
    NotificationCounter,
    NotificationKind,
    NotificationStatus,
    Subscription,
)
from notifications.rendering import confirmation_mail, delivery_mail
from notifications.selectors import notification_subscribers
from notifications.wording import LANGUAGES
from outbox.models import MailKind
from outbox.services import Outbox, mail_message_send, mail_request_admit
from states.models import Contact
from tracker.history import records_save_in_bulk
from tracker.permissions import permission_check

logger = logging.getLogger(__name__)

# What the conventions' services read from the stored row before saving, to see what changed.
PARTICIPATION_ACTION_FIELDS = (
    "signature_earliest", "signature_latest", "deposit_earliest", "deposit_latest",
    "denunciation_notified_on",
)  # fmt: skip
RESERVATION_ACTION_FIELDS = ("made_on", "withdrawn_on")
OBJECTION_ACTION_FIELDS = ("made_on", "withdrawn_on")
NOTICE_ACTION_FIELDS = ("made_on", "ended_on")


# ----------------------------------------------------------------------------------------------
# Drafts from recorded actions
# ----------------------------------------------------------------------------------------------


def _participation_dates(values: dict | None) -> dict[str, ApproxDate | None]:
    values = values or {}
    denounced = values.get("denunciation_notified_on")
    return {
        Action.SIGNATURE: approx_date_or_none(
            values.get("signature_earliest"), values.get("signature_latest")
        ),
        Action.DEPOSIT: approx_date_or_none(values.get("deposit_earliest"), values.get("deposit_latest")),
        Action.DENUNCIATION: ApproxDate.exact(denounced) if denounced else None,
    }


def participations_notifications_draft(
    saved: list[tuple[Participation, dict | None]], *, source: str = ""
) -> list[Notification]:
    """Draft one notification per action each save added or re-dated, with a constant number of
    queries: ``saved`` pairs each saved participation with its stored row before the save."""
    changes = []
    for participation, before in saved:
        old = _participation_dates(before)
        after = {name: getattr(participation, name) for name in PARTICIPATION_ACTION_FIELDS}
        new = _participation_dates(after)
        changes.extend(
            _ActionChange(participation, None, action, old[action], new[action])
            for action in (Action.SIGNATURE, Action.DEPOSIT, Action.DENUNCIATION)
        )
    return _drafts_write(changes, source=source)


def reservation_notifications_draft(
    reservation: Reservation, before: dict | None, *, source: str = ""
) -> list[Notification]:
    participation = reservation.participation
    made_before = reservation_made(before["made_on"], participation) if before else None
    withdrawn_before = before["withdrawn_on"] if before else None
    changes = [
        _ActionChange(
            participation,
            reservation,
            Action.RESERVATION,
            made_before,
            reservation_made(reservation.made_on, participation),
        ),
        _ActionChange(
            participation,
            reservation,
            Action.WITHDRAWAL,
            ApproxDate.exact(withdrawn_before) if withdrawn_before else None,
            ApproxDate.exact(reservation.withdrawn_on) if reservation.withdrawn_on else None,
        ),
    ]
    return _drafts_write(changes, source=source)


def _exact(day: dt.date | None) -> ApproxDate | None:
    return ApproxDate.exact(day) if day else None


def objection_notifications_draft(
    objection: Objection, before: dict | None, *, source: str = ""
) -> list[Notification]:
    """Draft the notification of an objection's making or withdrawal (or of a corrected date):
    the objecting state's action, on the record of the state whose reservation it concerns."""
    reservation = objection.reservation
    before = before or {}
    changes = [
        _ActionChange(
            reservation.participation,
            reservation,
            action,
            _exact(before.get(field)),
            _exact(getattr(objection, field)),
            objection=objection,
        )
        for action, field in zip(
            (Action.OBJECTION, Action.OBJECTION_WITHDRAWN), OBJECTION_ACTION_FIELDS, strict=True
        )
    ]
    return _drafts_write(changes, source=source)


def notice_notifications_draft(
    notice: ParticipationNotice, before: dict | None, *, source: str = ""
) -> list[Notification]:
    """Draft the notification of a territorial or provisional application or a succession, or of
    its end (or of a corrected date)."""
    before = before or {}
    changes = [
        _ActionChange(
            notice.participation,
            None,
            action,
            _exact(before.get(field)),
            _exact(getattr(notice, field)),
            notice=notice,
        )
        for action, field in zip(NOTICE_ACTIONS[notice.kind], NOTICE_ACTION_FIELDS, strict=True)
        if action is not None
    ]
    return _drafts_write(changes, source=source)


@dataclass(frozen=True)
class _ActionChange:
    participation: Participation
    reservation: Reservation | None
    action: str
    before: ApproxDate | None
    after: ApproxDate | None
    objection: Objection | None = None
    notice: ParticipationNotice | None = None

    @property
    def key(self) -> tuple:
        return action_key(self.participation, self.reservation, self.objection, self.notice, self.action)


def _drafts_write(changes: list[_ActionChange], *, source: str) -> list[Notification]:
    # Nothing new; a date struck out of the record is not an action of the state.
    changes = [change for change in changes if change.after is not None and change.before != change.after]
    earlier = _latest_notifications([change for change in changes if change.before is not None])
    created, redated = [], []
    for change in changes:
        if change.before is None:
            created.append(_draft(change, NotificationKind(change.action), source=source))
            continue
        notification = earlier.get(change.key)
        if notification is not None and notification.status == NotificationStatus.DRAFT:
            # Not public yet: the draft is put right rather than corrected in public.
            redated.append(_draft_redated(notification, change, source=source))
        else:
            created.append(
                _draft(
                    change,
                    NotificationKind.CORRECTION,
                    corrects=notification,
                    previous=change.before,
                    source=source,
                )
            )
    records_save_in_bulk(Notification, created, redated, fields=REDATED_FIELDS)
    return created + redated


def _latest_notifications(changes: list[_ActionChange]) -> dict[tuple, Notification]:
    """The latest notification of each change's action, locked; one query for them all."""
    keys = {change.key for change in changes}
    if not keys:
        return {}
    notifications = (
        Notification.objects.select_for_update(of=("self",))
        .select_related("corrects")
        .filter(participation__in={key[0] for key in keys}, action__in={key[-1] for key in keys})
        .order_by("-pk")
    )
    latest = {}
    for notification in notifications:
        key = (
            notification.participation_id,
            notification.reservation_id,
            notification.objection_id,
            notification.notice_id,
            notification.action,
        )
        if key in keys:
            latest.setdefault(key, notification)
    return latest


def _draft(change: _ActionChange, kind, *, corrects=None, previous=None, source="") -> Notification:
    """A new draft, not yet saved: the facts of the action, worded when it is published."""
    participation, date = change.participation, change.after
    notification = Notification(
        convention=participation.convention,
        state=change.objection.objecting_state if change.objection else participation.state,
        participation=participation,
        reservation=change.reservation,
        objection=change.objection,
        notice=change.notice,
        kind=kind,
        action=change.action,
        action_earliest=date.earliest,
        action_latest=date.latest,
        corrects=corrects,
        previous_earliest=previous.earliest if previous else None,
        previous_latest=previous.latest if previous else None,
        source=source,
    )
    notification._change_reason = f"Drafted when the action was recorded ({source or 'unknown path'})"
    return notification


WORDING_FIELDS = [f"{part}_{language}" for part in ("title", "text") for language in LANGUAGES]
# What re-dating a draft changes.
REDATED_FIELDS = ["action_earliest", "action_latest", *WORDING_FIELDS]


def _draft_redated(notification: Notification, change: _ActionChange, *, source: str) -> Notification:
    """The draft with the action's new date, not yet saved. Words written for the old date are
    dropped: the draft is worded again from its facts when it is published."""
    date = change.after
    notification.action_earliest, notification.action_latest = date.earliest, date.latest
    for name in WORDING_FIELDS:
        setattr(notification, name, "")
    notification._change_reason = (
        f"Date changed in the record before publication ({source or 'unknown path'})"
    )
    return notification


# ----------------------------------------------------------------------------------------------
# Numbering and publication
# ----------------------------------------------------------------------------------------------


def notification_number_take(convention_id: int, year: int) -> int:
    """The next number of the convention's notifications in ``year``. Call inside a transaction.

    The counter row is locked (SELECT ... FOR UPDATE) until the caller commits, so two
    publications at once wait for each other and get different numbers.
    """
    counters = NotificationCounter.objects.select_for_update()
    counter = counters.filter(convention_id=convention_id, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                NotificationCounter.objects.create(convention_id=convention_id, year=year)
        except IntegrityError:
            pass  # another transaction made it first; its lock is awaited just below
        counter = counters.get(convention_id=convention_id, year=year)
    counter.last = F("last") + 1
    counter.save(update_fields=["last"])
    counter.refresh_from_db(fields=["last"])
    return counter.last


def _number(notification: Notification, issued_on: dt.date) -> None:
    notification.issued_on = issued_on
    notification.year = issued_on.year
    notification.number = notification_number_take(notification.convention_id, notification.year)
    notification.reference = f"{notification.convention.code}/{notification.year}/{notification.number}"


# What a notification's wording is made from (``wording.notification_facts``).
WORDED_FROM = [
    "convention", "participation__convention", "participation__state", "reservation",
    "objection__objecting_state", "notice", "corrects",
]  # fmt: skip


def _worded(notification: Notification) -> None:
    """Store the words of a notification being published: what staff wrote, and the rest from its
    facts."""
    for name, value in notification.wording().fields().items():
        setattr(notification, name, value)


def _enqueue(task: str, *args) -> None:
    # Named, as DELIVERIES names its task: the tasks call the services, not the other way round.
    import_string(task).delay(*args)


def notification_publish(notification_id: int, *, by_user=None) -> Notification | None:
    """Publish a draft: number and date it, and queue its mail once committed. None if not a draft."""
    permission_check(by_user, "notifications.change_notification")
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related(*WORDED_FROM)
            .filter(pk=notification_id, status=NotificationStatus.DRAFT)
            .first()
        )
        if notification is None:
            return None
        _worded(notification)
        now = timezone.now()
        _number(notification, timezone.localdate(now))
        notification.status = NotificationStatus.PUBLISHED
        notification.published_at = now
        notification.published_by = by_user if by_user and by_user.is_authenticated else None
        notification.full_clean(validate_unique=False)
        notification._change_reason = "Published"
        notification.save()
        # robust: a broker out of reach must not undo the publication; `deliver` can be re-run.
        transaction.on_commit(
            partial(_enqueue, "notifications.tasks.notification_deliver", notification.pk), robust=True
        )
    return notification


# ----------------------------------------------------------------------------------------------
# Backfill from the loaded record
# ----------------------------------------------------------------------------------------------


@dataclass
class BackfillReport:
    created: list[Notification] = field(default_factory=list)
    already_notified: int = 0

    def as_dict(self) -> dict:
        return {
            "created": len(self.created),
            "already_notified": self.already_notified,
            "references": [n.reference for n in self.created],
        }


@transaction.atomic
def notifications_backfill(actions: list[RecordedAction], *, dry_run: bool = False) -> BackfillReport:
    """Publish a reconstructed notification for each recorded action that has none, in date order.

    Numbered per convention and year of the action; nobody is mailed (nothing is queued). An
    action that already has a notification (of any status) is left alone, so a second run
    changes nothing.
    """
    report = BackfillReport()
    notified = set(
        Notification.objects.exclude(kind=NotificationKind.CORRECTION).values_list(
            "participation_id", "reservation_id", "objection_id", "notice_id", "action"
        )
    )
    now = timezone.now()
    for recorded in sorted(actions, key=lambda a: a.sort_key):
        if recorded.key in notified:
            report.already_notified += 1
            continue
        participation, reservation, objection = (
            recorded.participation,
            recorded.reservation,
            recorded.objection,
        )
        notification = Notification(
            convention=participation.convention,
            state=objection.objecting_state if objection else participation.state,
            participation=participation,
            reservation=reservation,
            objection=objection,
            notice=recorded.notice,
            kind=recorded.action,
            action=recorded.action,
            action_earliest=recorded.date.earliest,
            action_latest=recorded.date.latest,
            status=NotificationStatus.PUBLISHED,
            published_at=now,
            reconstructed=True,
            source="build_notifications --backfill",
        )
        _worded(notification)
        _number(notification, recorded.date.earliest)
        notification._change_reason = "Reconstructed from the record (backfill)"
        notification.save()
        report.created.append(notification)
    if dry_run:
        transaction.set_rollback(True)
    return report


# ----------------------------------------------------------------------------------------------
# Subscriptions
# ----------------------------------------------------------------------------------------------


@transaction.atomic
def subscription_request(*, email: str, language: str, convention=None, state=None) -> Subscription | None:
    """Someone asks for notifications: a confirmation link is mailed; nothing is sent before.

    Asking again (also after unsubscribing) mails a new link; a confirmed subscription stays
    as it is, and the page says the same either way, so nobody learns who subscribes. At most
    MAIL_REQUESTS_PER_ADDRESS_PER_DAY links a day go to one address; beyond, nothing is
    written or mailed and the answer is None.
    """
    email = email.strip().lower()
    subscription = (
        Subscription.objects.select_for_update()
        .filter(email=email, convention=convention, state=state)
        .first()
    )
    if subscription is not None and subscription.is_active:
        return subscription
    if not mail_request_admit(email, MailKind.SUBSCRIPTION_CONFIRMATION):
        return None
    if subscription is None:
        subscription = Subscription(email=email, language=language, convention=convention, state=state)
        subscription.full_clean()
        subscription.save()
    transaction.on_commit(
        partial(_enqueue, "notifications.tasks.subscription_confirmation_send", subscription.pk), robust=True
    )
    return subscription


class ConfirmationOutdated(Exception):
    """The subscription was stopped after the confirmation link was sent: it stays stopped."""


def subscription_confirm(link: tokens.ConfirmationLink) -> Subscription | None:
    """The link was followed: the subscription starts (again, if she had unsubscribed before
    the link was sent). None if there is no such subscription; ``ConfirmationOutdated`` if she
    unsubscribed after it was sent, so an old link never brings back what she stopped."""
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update().filter(pk=link.subscription_id, email=link.email).first()
        )
        if subscription is None:
            return None
        if tokens.confirmation_outdated(link, subscription.unsubscribed_at):
            raise ConfirmationOutdated(subscription.pk)
        if not subscription.is_active:
            subscription.confirmed_at = timezone.now()
            subscription.unsubscribed_at = None
            subscription._change_reason = "Confirmed through the link mailed"
            subscription.save()
    return subscription


def subscription_unsubscribe(subscription_id: int, email: str) -> Subscription | None:
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update().filter(pk=subscription_id, email=email).first()
        )
        if subscription is None:
            return None
        if subscription.unsubscribed_at is None:
            subscription.unsubscribed_at = timezone.now()
            subscription._change_reason = "Unsubscribed"
            subscription.save()
    return subscription


def liaison_subscriptions_ensure(user=None) -> list[Subscription]:
    """A liaison's subscriptions come with her account: her own state's, unless she has any.

    Confirmed at once (she signs in with that address). Once she has a subscription, even one
    she stopped, nothing is added back for her.
    """
    contacts = Contact.objects.filter(role=Contact.Role.LIAISON, is_active=True, user__isnull=False).exclude(
        user__notification_subscriptions__isnull=False
    )
    if user is not None:
        contacts = contacts.filter(user=user)
    created = []
    now = timezone.now()
    for contact in contacts:
        try:
            with transaction.atomic():
                created.append(
                    Subscription.objects.create(
                        email=contact.email.lower(),
                        language=contact.language,
                        state_id=contact.state_id,
                        user_id=contact.user_id,
                        confirmed_at=now,
                    )
                )
        except IntegrityError:
            # She had subscribed with the same address without signing in: it becomes hers.
            Subscription.objects.filter(
                email=contact.email.lower(), state_id=contact.state_id, convention=None, user=None
            ).update(user_id=contact.user_id)
    return created


@transaction.atomic
def liaison_subscription_set(
    user, *, convention=None, state=None, everything=False, on: bool
) -> Subscription:
    """A signed-in liaison switches one of her subscriptions on or off from her page."""
    contact = Contact.objects.get(user=user, role=Contact.Role.LIAISON, is_active=True)
    if everything:
        convention = state = None
    email = contact.email.lower()
    subscription, _created = Subscription.objects.select_for_update().get_or_create(
        email=email,
        convention=convention,
        state=state,
        defaults={"language": contact.language, "user": user, "confirmed_at": timezone.now()},
    )
    subscription.user = user
    subscription.confirmed_at = subscription.confirmed_at or timezone.now()
    subscription.unsubscribed_at = None if on else (subscription.unsubscribed_at or timezone.now())
    subscription.full_clean(validate_unique=False)
    subscription.save()
    return subscription


# ----------------------------------------------------------------------------------------------
# Delivery
# ----------------------------------------------------------------------------------------------


DELIVERIES = Outbox(
    name="notifications",
    model=Delivery,
    message=delivery_mail,
    send_task="notifications.tasks.delivery_send",
    settings_prefix="NOTIFICATIONS",
    related=("notification__convention", "subscription"),
)


def deliveries_claim(notification_id: int) -> list[int]:
    """Insert a delivery row for each active subscriber of a published notification, and queue it.

    Each insert is its own transaction and is queued once committed; a row already there (the
    task delivered twice, or run again by hand) is skipped by the unique constraints.
    """
    notification = Notification.objects.filter(
        pk=notification_id, status=NotificationStatus.PUBLISHED, reconstructed=False
    ).first()
    if notification is None:
        return []
    liaison_subscriptions_ensure()
    claimed = []
    for subscription in notification_subscribers(notification):
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(
                    notification=notification,
                    subscription=subscription,
                    recipient=subscription.email.lower(),
                    language=subscription.language,
                )
                DELIVERIES.enqueue_on_commit(delivery.pk)
        except IntegrityError:
            continue
        claimed.append(delivery.pk)
    return claimed


def subscription_confirmation_mail_send(subscription: Subscription) -> None:
    """Mail the double opt-in link; ``MailRefused`` or ``MailOutcomeUnknown`` if it may not have gone."""
    mail_message_send(confirmation_mail(subscription), timeout=DELIVERIES.conf.smtp_timeout_seconds())
