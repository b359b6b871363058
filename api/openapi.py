"""How the schema describes the API beyond what drf-spectacular reads off the views."""

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from api.permissions import ReadOnly

ERROR_DETAIL = inline_serializer("ErrorDetail", {"detail": serializers.CharField()})
# A 400 is keyed by the parameter's name: {"as_of": [...]}, {"page": [...]}, {"subregion": [...]}.
_PARAMETER_ERRORS = {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}


def bad_parameters(**examples: str) -> OpenApiResponse:
    """A 400, with an example message for each parameter named."""
    return OpenApiResponse(
        response=_PARAMETER_ERRORS,
        description="A query parameter is not valid: each bad one by name, with what is wrong with it.",
        examples=[
            OpenApiExample(f"Bad {name}", value={name: [message]}) for name, message in examples.items()
        ],
    )


def not_found(description: str, message: str) -> OpenApiResponse:
    return OpenApiResponse(
        response=ERROR_DETAIL,
        description=description,
        examples=[OpenApiExample("Not found", value={"detail": message})],
    )


BAD_PAGE = {"page": "Give a page number from 1 (or “last”), not “two”."}
BAD_DATE = {"as_of": "“2024-13-01” is not a day of the calendar: month must be in 1..12."}
PAGINATION_PARAMETERS = {"page", "page_size"}
PAGE_NOT_FOUND = not_found("A page past the last one.", "There is no page 9: the last page is 1.")
THROTTLED = OpenApiResponse(
    response=ERROR_DETAIL,
    description="Too many requests from this address without signing in; the answer says when to retry.",
)


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, told that endpoints guarded by ``ReadOnly`` alone need no sign-in."""

    def get_auth(self):
        auths = super().get_auth()
        public = all(isinstance(p, ReadOnly) for p in self.view.get_permissions())
        if public and self.method in SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths

    def _get_parameters(self):
        # An empty filter or as_of is read as not given (django-filter's rule, and as_of's
        # default); only the page numbers must be numbers when present.
        parameters = super()._get_parameters()
        for parameter in parameters:
            if parameter["in"] == "query" and parameter["name"] not in PAGINATION_PARAMETERS:
                parameter["allowEmptyValue"] = True
        return parameters
