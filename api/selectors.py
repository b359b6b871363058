"""What the API reads: the domain's own selectors, composed for its answers; no rule of its own."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from conventions.models import Convention
from conventions.selectors import StateStatus, TreatyStatus, treaty_statuses_as_of
from questionnaires.models import Submission, SubmissionDocument
from questionnaires.selectors import (
    SectionAnswers,
    submission_for_user,
    submission_list_for_user,
    submission_questions,
)
from states.models import MembershipEvent, State
from states.selectors import Standing, oas_standing, oas_standings_as_of


def convention_list() -> QuerySet[Convention]:
    return Convention.objects.select_related("followed_by")


def convention_get(code: str) -> Convention:
    """The convention with this code (one query); raises ``Convention.DoesNotExist``."""
    return convention_list().get(code=code)


def state_list() -> QuerySet[State]:
    """States with their membership events in date order, for ``state_standing`` (two queries)."""
    return State.objects.prefetch_related(
        Prefetch(
            "membership_events",
            queryset=MembershipEvent.objects.order_by("occurred_on", "pk"),
            to_attr="events_in_order",
        )
    )


def state_standing(state: State, as_of: dt.date) -> Standing:
    """The OAS standing of a state fetched through ``state_list``."""
    return oas_standing(state, state.events_in_order, as_of)


def iso3_with_standing(standing: Standing, as_of: dt.date) -> list[str]:
    """The states whose OAS standing on ``as_of`` is ``standing`` (two queries)."""
    return [iso3 for iso3, found in oas_standings_as_of(as_of).items() if found == standing]


@dataclass(frozen=True)
class StateRecord:
    """The public part of a state's record on a date: no contacts, no questionnaire answers."""

    state: State
    as_of: dt.date
    standing: Standing
    # Events on or before ``as_of``, as the status tables show only what had happened by then.
    membership_events: list[MembershipEvent]
    # Each convention's status on ``as_of``, with this state's row in it.
    conventions: list[tuple[TreatyStatus, StateStatus]]


def state_record_as_of(iso3: str, as_of: dt.date) -> StateRecord:
    """One state's record under every convention (six queries); raises ``State.DoesNotExist``."""
    state = state_list().get(iso3=iso3)
    # Only this state's participations are read; each status holds its row alone.
    statuses = treaty_statuses_as_of(convention_list(), as_of, [state])
    conventions = [(status, status.states[0]) for status in statuses]
    return StateRecord(
        state=state,
        as_of=as_of,
        standing=state_standing(state, as_of),
        membership_events=[event for event in state.events_in_order if event.occurred_on <= as_of],
        conventions=conventions,
    )


@dataclass(frozen=True)
class SubmissionRecord:
    """One questionnaire submission as its state's liaison (or the secretariat) sees it."""

    submission: Submission
    sections: list[SectionAnswers]
    documents: list[SubmissionDocument]


def my_submission_list(user) -> list[Submission]:
    """The submissions ``user`` may see (``states.access`` decides): a liaison's own state's, or all."""
    return submission_list_for_user(user)


def my_submission_get(user, pk: int) -> SubmissionRecord:
    """One submission with its answers and documents; ``Submission.DoesNotExist`` if not visible."""
    submission = submission_for_user(user, pk)
    return SubmissionRecord(
        submission=submission,
        sections=submission_questions(submission),
        documents=list(submission.documents.order_by("uploaded_at", "pk")),
    )
