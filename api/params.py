"""Query parameters shared by several endpoints, read strictly so that a typo is a 400, not a guess."""

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class IsoDayField(serializers.Field):
    """A calendar day written exactly ``YYYY-MM-DD``: no time, no week dates, no ``2024-1-5``."""

    default_error_messages = {
        "format": _("“{text}” is not a date: write it as YYYY-MM-DD, e.g. 2024-05-31."),
        "day": _("“{text}” is not a day of the calendar: {problem}."),
    }

    def to_internal_value(self, data):
        text = str(data)
        if not _ISO_DAY.fullmatch(text):
            self.fail("format", text=text[:40])
        try:
            return dt.date.fromisoformat(text)
        except ValueError as error:
            self.fail("day", text=text, problem=error)

    def to_representation(self, value):
        return value.isoformat()


class AsOfSerializer(serializers.Serializer):
    as_of = IsoDayField(required=False)


AS_OF_PARAMETER = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    OpenApiParameter.QUERY,
    description=(
        "The day to read the record as of, YYYY-MM-DD (default, or when empty: today, in the "
        "secretariat's time zone). Any day is valid, however far in the past. An action known only to the "
        "month or year counts once its last possible day has passed; until then the state is "
        "`uncertain`."
    ),
)


def as_of_from(request) -> dt.date:
    """The ``as_of`` query parameter, or today; a bad one raises a 400 naming it."""
    params = AsOfSerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data.get("as_of") or timezone.localdate()
