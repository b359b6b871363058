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
DRAFT_ONE_AT_A_TIME = {
    Reservation: reservation_notifications_draft,
    Objection: objection_notifications_draft,
    ParticipationNotice: notice_notifications_draft,
}


def records_saved_one_at_a_time(sender, saved, source, **kwargs):
    draft = DRAFT_ONE_AT_A_TIME[sender]
    return [notification for record, before in saved for notification in draft(record, before, source=source)]


for model in DRAFT_ONE_AT_A_TIME:
    record_saved.connect(
        records_saved_one_at_a_time, sender=model, dispatch_uid=f"notifications.{model._meta.model_name}"
    )
