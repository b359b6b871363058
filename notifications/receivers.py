"""The notifications app's answer to the record's writes: a draft for each action a write adds or
re-dates (``conventions.signals.record_saved``; connected in ``NotificationsConfig.ready``)."""

from django.dispatch import receiver

from conventions.models import Objection, Participation, ParticipationNotice, Reservation
from conventions.signals import history_recorded, record_saved
from notifications.drafting import participation_history_notifications_draft
from notifications.services import (
    notice_notifications_draft,
    objection_notifications_draft,
    participations_notifications_draft,
    reservation_notifications_draft,
)


@receiver(record_saved, sender=Participation, dispatch_uid="notifications.participations")
def participations_saved(sender, saved, source, **kwargs):
    return participations_notifications_draft(saved, source=source)


@receiver(history_recorded, sender=Participation, dispatch_uid="notifications.participation_history")
def participation_history_recorded(sender, history, source, **kwargs):
    return participation_history_notifications_draft(history, source=source)


# The other kinds come one record at a time (the admin and their imports save them one by one).


@receiver(record_saved, sender=Reservation, dispatch_uid="notifications.reservations")
def reservations_saved(sender, saved, source, **kwargs):
    return [
        draft
        for record, before in saved
        for draft in reservation_notifications_draft(record, before, source=source)
    ]


@receiver(record_saved, sender=Objection, dispatch_uid="notifications.objections")
def objections_saved(sender, saved, source, **kwargs):
    return [
        draft
        for record, before in saved
        for draft in objection_notifications_draft(record, before, source=source)
    ]


@receiver(record_saved, sender=ParticipationNotice, dispatch_uid="notifications.notices")
def notices_saved(sender, saved, source, **kwargs):
    return [
        draft
        for record, before in saved
        for draft in notice_notifications_draft(record, before, source=source)
    ]
