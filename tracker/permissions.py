"""The one check the services make before they change the record for someone."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def permission_check(user, permission: str) -> None:
    """Refuse (``PermissionDenied``) a change made by ``user`` without ``permission``.

    The services that change the record call it, so that a write is refused wherever it comes
    from (an admin page, an action, a library's view). ``None`` is the system itself (a task, a
    command, loading the reference data), which acts on its own authority.
    """
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied(_("You may not make this change."))
