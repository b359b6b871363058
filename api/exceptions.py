"""Errors as JSON: a bad parameter is a 400 naming it, never a 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, which also answers a model or form ``ValidationError`` with a 400.

    A rule the domain checks with Django's ``ValidationError`` (``full_clean``, a form field)
    reaches the client as ``{"<field>": ["message"]}`` rather than as a server error.
    """
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(as_serializer_error(exc))
    return drf_exception_handler(exc, context)
