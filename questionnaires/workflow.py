"""The life of a submission: its statuses and the changes allowed between them, as data.

``services.submission_transition`` is the only code that changes a status; it looks the change
up here, and the database refuses a log entry for any pair not listed (see
``SubmissionTransition``).
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for corrections")


class Actor(StrEnum):
    """Who asks for a change: the state's liaison online, or secretariat staff."""

    LIAISON = "liaison"
    SECRETARIAT = "secretariat"


@dataclass(frozen=True)
class Transition:
    actors: frozenset[Actor]
    comment_required: bool = False


LIAISON_OR_SECRETARIAT = frozenset({Actor.LIAISON, Actor.SECRETARIAT})
SECRETARIAT_ONLY = frozenset({Actor.SECRETARIAT})

S = SubmissionStatus
TRANSITIONS: dict[tuple[SubmissionStatus, SubmissionStatus], Transition] = {
    # The liaison saves a draft online.
    (S.NOT_STARTED, S.DRAFT): Transition(frozenset({Actor.LIAISON})),
    # Answered online in one go, or received by email and recorded by the secretariat.
    (S.NOT_STARTED, S.SUBMITTED): Transition(LIAISON_OR_SECRETARIAT),
    (S.DRAFT, S.SUBMITTED): Transition(LIAISON_OR_SECRETARIAT),
    (S.SUBMITTED, S.UNDER_REVIEW): Transition(SECRETARIAT_ONLY),
    (S.SUBMITTED, S.ACCEPTED): Transition(SECRETARIAT_ONLY),
    (S.SUBMITTED, S.RETURNED): Transition(SECRETARIAT_ONLY, comment_required=True),
    (S.UNDER_REVIEW, S.ACCEPTED): Transition(SECRETARIAT_ONLY),
    (S.UNDER_REVIEW, S.RETURNED): Transition(SECRETARIAT_ONLY, comment_required=True),
    # Corrected and sent again.
    (S.RETURNED, S.SUBMITTED): Transition(LIAISON_OR_SECRETARIAT),
    # An acceptance given by mistake is reopened, with the reason on record.
    (S.ACCEPTED, S.UNDER_REVIEW): Transition(SECRETARIAT_ONLY, comment_required=True),
}

# The state has sent its answers: they count as received for the cycle's figures, even while
# returned for corrections.
RECEIVED_STATUSES = frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.ACCEPTED, S.RETURNED})
NOT_RECEIVED_STATUSES = frozenset(set(SubmissionStatus) - RECEIVED_STATUSES)
# The liaison may change the answers and documents.
EDITABLE_STATUSES = frozenset({S.NOT_STARTED, S.DRAFT, S.RETURNED})
# The decisions that name a reviewer.
REVIEWED_STATUSES = frozenset({S.ACCEPTED, S.RETURNED})


def transitions_from(status: SubmissionStatus, actor: Actor) -> list[SubmissionStatus]:
    """The statuses ``actor`` may move a submission to from ``status``, in declaration order."""
    return [to for (start, to), rule in TRANSITIONS.items() if start == status and actor in rule.actors]


def status_on_receipt(status: SubmissionStatus) -> SubmissionStatus:
    """The status once the state's questionnaire is received: submitted, unless it already was."""
    if status in RECEIVED_STATUSES:
        return SubmissionStatus(status)
    return SubmissionStatus.SUBMITTED
