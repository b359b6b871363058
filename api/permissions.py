"""Who may call the API. Which states' private records a user sees is decided in states.access."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadOnly(BasePermission):
    """Anyone may read; nobody writes through this API, signed in or not (405, not 401/403)."""

    def has_permission(self, request, view):
        if request.method not in SAFE_METHODS:
            raise MethodNotAllowed(
                request.method,
                detail=_("This API is read-only: %(method)s is not allowed.") % {"method": request.method},
            )
        return True
