"""Reading notifications: what the public sees, who receives one, what the record holds."""

from django.db.models import Q, QuerySet

from conventions.approx_dates import ApproxDate
from conventions.models import Objection, Participation, ParticipationNotice, Reservation
from notifications.actions import NOTICE_ACTIONS, RecordedAction, reservation_made
from notifications.filters import NotificationFilter
from notifications.models import Action, Notification, Subscription

PUBLIC_ORDER = ["-issued_on", "-published_at", "-number", "-pk"]


def notifications_published() -> QuerySet[Notification]:
    """Published notifications, newest first, with what every list shows. Drafts are never public."""
    return (
        Notification.objects.published()
        .select_related("convention", "state", "corrects__convention")
        .order_by(*PUBLIC_ORDER)
    )


def notification_list(filters: dict | None = None) -> tuple[NotificationFilter, QuerySet[Notification]]:
    """The public list, filtered, and the filter set whose form shows the choices and any errors.

    A filter that cannot be read (a malformed date) lists nothing rather than everything.
    """
    filterset = NotificationFilter(filters or None, queryset=notifications_published())
    if filterset.is_bound and not filterset.is_valid():
        return filterset, Notification.objects.none()
    return filterset, filterset.qs


def notification_get_published(code: str, year: int, number: int) -> Notification:
    """``Notification.DoesNotExist`` for a draft or an unknown reference."""
    return notifications_published().get(convention__code=code, year=year, number=number)


def notification_subscribers(notification: Notification) -> list[Subscription]:
    """Active subscriptions that ask for this notification, one per address (the oldest)."""
    matching = (
        Subscription.objects.active()
        .filter(
            Q(convention__isnull=True, state__isnull=True)
            | Q(convention_id=notification.convention_id)
            | Q(state_id=notification.state_id)
        )
        .select_related("convention", "state")
        .order_by("pk")
    )
    chosen: dict[str, Subscription] = {}
    for subscription in matching:
        chosen.setdefault(subscription.email.lower(), subscription)
    return list(chosen.values())


def recorded_actions() -> list[RecordedAction]:
    """Every action the record holds: signatures, deposits, denunciations, reservations and
    declarations made, objections to them, territorial and provisional application and
    succession, and their withdrawals or ends."""
    participations = Participation.objects.select_related("convention", "state")
    actions = []
    for participation in participations:
        for action, date in (
            (Action.SIGNATURE, participation.signature),
            (Action.DEPOSIT, participation.deposit),
            (
                Action.DENUNCIATION,
                participation.denunciation_notified_on
                and ApproxDate.exact(participation.denunciation_notified_on),
            ),
        ):
            if date:
                actions.append(RecordedAction(participation, None, action, date))
    for reservation in Reservation.objects.select_related(
        "participation__convention", "participation__state"
    ):
        made = reservation_made(reservation.made_on, reservation.participation)
        if made:
            actions.append(RecordedAction(reservation.participation, reservation, Action.RESERVATION, made))
        if reservation.withdrawn_on:
            actions.append(
                RecordedAction(
                    reservation.participation,
                    reservation,
                    Action.WITHDRAWAL,
                    ApproxDate.exact(reservation.withdrawn_on),
                )
            )
    for objection in Objection.objects.select_related(
        "objecting_state", "reservation__participation__convention", "reservation__participation__state"
    ):
        reservation = objection.reservation
        for action, day in (
            (Action.OBJECTION, objection.made_on),
            (Action.OBJECTION_WITHDRAWN, objection.withdrawn_on),
        ):
            if day:
                actions.append(
                    RecordedAction(
                        reservation.participation,
                        reservation,
                        action,
                        ApproxDate.exact(day),
                        objection=objection,
                    )
                )
    for notice in ParticipationNotice.objects.select_related(
        "participation__convention", "participation__state"
    ):
        for action, day in zip(NOTICE_ACTIONS[notice.kind], (notice.made_on, notice.ended_on), strict=True):
            if action and day:
                actions.append(
                    RecordedAction(notice.participation, None, action, ApproxDate.exact(day), notice=notice)
                )
    return actions


def liaison_subscriptions(user) -> list[Subscription]:
    return list(Subscription.objects.filter(user=user).select_related("convention", "state").order_by("pk"))
