"""Who may see which state's non-public records: decided here once, used by every page and API.

The treaty record itself is public. What is not (contacts, questionnaire answers, reminders)
is visible to secretariat staff for every state and to a liaison for her own state only.
"""

from django.db.models import QuerySet

from states.models import Contact, State


def is_secretariat(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def liaison_state_id(user) -> int | None:
    """The state a signed-in liaison speaks for, or None."""
    if not (user.is_authenticated and user.is_active):
        return None
    return (
        Contact.objects.filter(user=user, role=Contact.Role.LIAISON, is_active=True)
        .values_list("state_id", flat=True)
        .first()
    )


def states_visible_to(user) -> QuerySet[State]:
    if is_secretariat(user):
        return State.objects.all()
    state_id = liaison_state_id(user)
    if state_id is None:
        return State.objects.none()
    return State.objects.filter(pk=state_id)


def can_see_state(user, state: State) -> bool:
    return is_secretariat(user) or liaison_state_id(user) == state.pk


def can_answer_for_state(user, state: State) -> bool:
    """Whether ``user`` answers questionnaires online for ``state``: only its own liaison.

    Staff see every state but answer for none; they record what states send them.
    """
    return liaison_state_id(user) == state.pk
