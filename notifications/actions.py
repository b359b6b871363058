"""The actions of a state that the record holds, as depositary notifications name them.

Shared by the services that draft notifications when an action is recorded and by the selectors
that read every action back from the record (the backfill).
"""

import datetime as dt
from dataclasses import dataclass

from conventions.approx_dates import ApproxDate
from conventions.models import Objection, Participation, ParticipationNotice, Reservation
from notifications.models import Action

# What notifies the making and the end of each kind of participation notice (a succession has no end).
NOTICE_ACTIONS = {
    ParticipationNotice.Kind.TERRITORIAL: (Action.TERRITORIAL, Action.TERRITORIAL_WITHDRAWN),
    ParticipationNotice.Kind.PROVISIONAL: (Action.PROVISIONAL, Action.PROVISIONAL_ENDED),
    ParticipationNotice.Kind.SUCCESSION: (Action.SUCCESSION, None),
}


def reservation_made(made_on: dt.date | None, participation: Participation) -> ApproxDate | None:
    """A reservation with no date of its own was made with the instrument (or the signature)."""
    if made_on:
        return ApproxDate.exact(made_on)
    return participation.deposit or participation.signature


# Two actions of a state on the same day (Canada signed and ratified A-66 on 2002-12-02) are
# notified in the order they happen.
ACTION_ORDER = {a: i for i, a in enumerate(Action)}


def action_key(participation, reservation, objection, notice, action: str) -> tuple:
    """What tells one action of the record from another, as a notification's ids name it."""
    return (
        participation.pk,
        reservation.pk if reservation else None,
        objection.pk if objection else None,
        notice.pk if notice else None,
        action,
    )


@dataclass(frozen=True)
class RecordedAction:
    participation: Participation
    reservation: Reservation | None
    action: str
    date: ApproxDate
    objection: Objection | None = None
    notice: ParticipationNotice | None = None

    @property
    def key(self) -> tuple:
        return action_key(self.participation, self.reservation, self.objection, self.notice, self.action)

    @property
    def sort_key(self) -> tuple:
        return (
            self.date.earliest,
            self.date.latest,
            self.participation.state.name_en,
            ACTION_ORDER[self.action],
            self.participation.convention.code,
            self.reservation.pk if self.reservation else 0,
        )
