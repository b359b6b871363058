"""Who may see which state's non-public records: decided here once, used by every page and API.

The treaty record itself is public. What is not (contacts, questionnaire answers, reminders)
is visible to secretariat staff for every state and to a liaison for her own state only.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from states.models import Contact, State


def is_secretariat(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def can_change_as_secretariat(user, permission: str) -> bool:
    """Whether staff ``user`` may change records outside the admin: only with ``permission``.

    Seeing is staff's by right; changing is not. Read-only staff (the "Secretariat (read only)"
    group) see every state's records and change none, on the site's pages as in the admin.
    """
    return is_secretariat(user) and user.has_perm(permission)


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


def can_change_state_records(user, state: State, permission: str) -> bool:
    """Whether ``user`` may change ``state``'s non-public records: its liaison, or staff with
    ``permission``. What may change when (an open cycle, a draft) is the services' to say."""
    return can_answer_for_state(user, state) or can_change_as_secretariat(user, permission)


def state_for_user_or_404(user, iso3: str) -> State:
    """The state whose non-public records ``user`` asks for, or 404.

    An unknown code and another state's code get the same answer, so a liaison learns nothing
    about what she may not see. Pages send anonymous visitors to sign in before asking.
    """
    return get_object_or_404(states_visible_to(user), iso3=iso3)


def secretariat_or_404(user) -> None:
    """Pages for the secretariat only: anyone else signed in is told the page does not exist."""
    if not is_secretariat(user):
        raise Http404("No such page.")


def secretariat_required(view):
    """A page for signed-in staff only; anyone else signed in is told it does not exist."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_secretariat(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
