"""The read-only API: the public treaty record, and a signed-in liaison's own submissions.

Views parse parameters, call selectors and answer; who sees which state's private records is
decided in ``states.access``, through the questionnaires' selectors.
"""

import datetime as dt
import re

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api import selectors
from api.filters import StateFilter
from api.openapi import (
    BAD_DATE,
    BAD_PAGE,
    ERROR_DETAIL,
    PAGE_NOT_FOUND,
    THROTTLED,
    bad_parameters,
    not_found,
)
from api.params import AS_OF_PARAMETER, IsoDayField, as_of_from
from api.permissions import ReadOnly
from api.serializers import (
    ConventionDetailSerializer,
    ConventionSerializer,
    MySubmissionDetailSerializer,
    MySubmissionSerializer,
    RecordChangesSerializer,
    RoadToEntryIntoForceSerializer,
    StateRecordSerializer,
    StateSerializer,
    TreatyStatusDocumentSerializer,
)
from conventions.changes import a_year_before, record_changes_between
from conventions.entry_into_force import road_to_entry_into_force
from conventions.models import Convention
from conventions.selectors import treaty_counts_as_of, treaty_status_as_of
from questionnaires.models import Submission
from states.models import State

CODE_PARAMETER = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, description="The depositary's code of the convention, e.g. A-66."
)
ISO3_PARAMETER = OpenApiParameter(
    "iso3", str, OpenApiParameter.PATH, description="ISO 3166-1 alpha-3 code of the state, e.g. MEX."
)

ISO3 = re.compile(r"[A-Za-z]{3}")
UNKNOWN_CODE = not_found("No convention has this code.", "No convention has the code “X-1”.")


def _convention_or_404(code: str) -> Convention:
    # A code with a control character is no code; PostgreSQL would refuse a NUL outright.
    if code.isprintable():
        try:
            return selectors.convention_get(code)
        except Convention.DoesNotExist:
            pass
    raise NotFound(_("No convention has the code “%(code)s”.") % {"code": code})


def _state_record_or_404(iso3: str, as_of) -> selectors.StateRecord:
    if ISO3.fullmatch(iso3):
        try:
            return selectors.state_record_as_of(iso3.upper(), as_of)
        except State.DoesNotExist:
            pass
    raise NotFound(_("No state has the ISO alpha-3 code “%(iso3)s”.") % {"iso3": iso3})


@extend_schema(tags=["conventions"])
class ConventionListView(generics.ListAPIView):
    serializer_class = ConventionSerializer

    def get_queryset(self):
        return selectors.convention_list()

    @extend_schema(
        summary="Conventions, with their figures today",
        responses={
            200: ConventionSerializer(many=True),
            400: bad_parameters(**BAD_PAGE),
            404: PAGE_NOT_FOUND,
            429: THROTTLED,
        },
    )
    def get(self, request, *args, **kwargs):
        conventions = self.paginate_queryset(self.get_queryset())
        # Counted by the database: no row per state is built for a page of conventions.
        counts = treaty_counts_as_of(conventions, timezone.localdate())
        serializer = self.get_serializer(
            conventions, many=True, context={**self.get_serializer_context(), "counts": _by_id(counts)}
        )
        return self.get_paginated_response(serializer.data)


@extend_schema(tags=["conventions"])
class ConventionDetailView(generics.GenericAPIView):
    serializer_class = ConventionDetailSerializer

    @extend_schema(
        summary="A convention, with its figures today",
        parameters=[CODE_PARAMETER],
        responses={200: ConventionDetailSerializer, 404: UNKNOWN_CODE, 429: THROTTLED},
    )
    def get(self, request, code):
        convention = _convention_or_404(code)
        counts = treaty_counts_as_of([convention], timezone.localdate())
        serializer = self.get_serializer(
            convention, context={**self.get_serializer_context(), "counts": _by_id(counts)}
        )
        return Response(serializer.data)


@extend_schema(tags=["conventions"])
class ConventionStatusView(generics.GenericAPIView):
    serializer_class = TreatyStatusDocumentSerializer

    @extend_schema(
        summary="Every state's status under a convention on a day",
        description=(
            "The same document as `manage.py treaty_status CODE --as-of YYYY-MM-DD --format json`: "
            "the depositary's figures and one row per state."
        ),
        parameters=[CODE_PARAMETER, AS_OF_PARAMETER],
        responses={
            200: TreatyStatusDocumentSerializer,
            400: bad_parameters(**BAD_DATE),
            404: UNKNOWN_CODE,
            429: THROTTLED,
        },
    )
    def get(self, request, code):
        as_of = as_of_from(request)
        status = treaty_status_as_of(_convention_or_404(code), as_of, with_practice=True)
        return Response(self.get_serializer(status).data)


@extend_schema(tags=["conventions"])
class ConventionEntryIntoForceView(generics.GenericAPIView):
    serializer_class = RoadToEntryIntoForceSerializer

    @extend_schema(
        summary="The road to entry into force of a convention on a day",
        description=(
            "Instruments deposited and still needed, when the convention would enter into force if "
            "one more were deposited on the day, the same for each signatory that had not deposited "
            "by then, and the denunciations notified with the day each takes effect."
        ),
        parameters=[CODE_PARAMETER, AS_OF_PARAMETER],
        responses={
            200: RoadToEntryIntoForceSerializer,
            400: bad_parameters(**BAD_DATE),
            404: UNKNOWN_CODE,
            429: THROTTLED,
        },
    )
    def get(self, request, code):
        as_of = as_of_from(request)
        road = road_to_entry_into_force(_convention_or_404(code), as_of)
        return Response(self.get_serializer(road).data)


@extend_schema(tags=["states"])
class StateListView(generics.ListAPIView):
    serializer_class = StateSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = StateFilter

    def get_queryset(self):
        return selectors.state_list()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "as_of": timezone.localdate()}

    @extend_schema(
        summary="OAS member states, with their standing today",
        responses={
            200: StateSerializer(many=True),
            400: bad_parameters(
                subregion="Select a valid choice. oceania is not one of the available choices.", **BAD_PAGE
            ),
            404: PAGE_NOT_FOUND,
            429: THROTTLED,
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(tags=["states"])
class StateDetailView(generics.GenericAPIView):
    serializer_class = StateRecordSerializer

    @extend_schema(
        summary="The public record of a state on a day",
        description=(
            "Its OAS standing and membership events, and its row under every convention as "
            "`/api/conventions/{code}/status/` gives it. Contacts and questionnaire answers are "
            "not public and are not here."
        ),
        parameters=[ISO3_PARAMETER, AS_OF_PARAMETER],
        responses={
            200: StateRecordSerializer,
            400: bad_parameters(**BAD_DATE),
            404: not_found("No state has this code.", "No state has the ISO alpha-3 code “XYZ”."),
            429: THROTTLED,
        },
    )
    def get(self, request, iso3):
        as_of = as_of_from(request)
        record = _state_record_or_404(iso3, as_of)
        return Response(self.get_serializer(record).data)


class _AnyText(serializers.Field):
    """A code as given, whatever it holds: one that names nothing is not found (404), as in a path."""

    def to_internal_value(self, data):
        return str(data)


class ChangesParamsSerializer(serializers.Serializer):
    """``from``, ``to``, ``convention`` and ``state`` of ``/api/changes/``: a day that is not one,
    a period that ends before it starts or a state code that is not three letters is a 400; a
    code that names no convention or state is a 404 naming the parameter."""

    to = IsoDayField(required=False)
    convention = _AnyText(required=False)
    state = _AnyText(required=False)

    def get_fields(self):
        # "from" is a word Python keeps for itself: the field is added here, not declared.
        return {"from": IsoDayField(required=False), **super().get_fields()}

    def validate_state(self, iso3: str) -> str:
        if not ISO3.fullmatch(iso3):
            raise serializers.ValidationError(
                _("“%(iso3)s” is not an ISO alpha-3 code: three letters, e.g. ARG.") % {"iso3": iso3[:40]}
            )
        return iso3.upper()

    def validate(self, data):
        end = data["to"] = data.get("to") or timezone.localdate()
        start = data["from"] = data.get("from") or a_year_before(end)
        if start == dt.date.min:
            raise serializers.ValidationError(
                {"from": _("There is no day before this one to count from: choose a later day.")}
            )
        if start > end:
            raise serializers.ValidationError(
                {
                    "from": _("The period starts after it ends: %(start)s is after %(end)s.")
                    % {"start": start.isoformat(), "end": end.isoformat()}
                }
            )
        return data


def _changes_subjects(data) -> tuple[Convention | None, State | None]:
    """The convention and state the parameters name, or a 404 naming the one that names nothing."""
    convention = state = None
    if code := data.get("convention"):
        # A code with a control character is no code; PostgreSQL would refuse a NUL outright.
        convention = Convention.objects.filter(code=code).first() if code.isprintable() else None
        if convention is None:
            message = _("No convention has the code “%(code)s”.") % {"code": code[:40]}
            raise NotFound({"convention": [message]})
    if iso3 := data.get("state"):
        state = State.objects.filter(iso3=iso3).first()
        if state is None:
            message = _("No state has the ISO alpha-3 code “%(iso3)s”.") % {"iso3": iso3}
            raise NotFound({"state": [message]})
    return convention, state


CHANGES_PARAMETERS = [
    OpenApiParameter(
        "from",
        OpenApiTypes.DATE,
        OpenApiParameter.QUERY,
        description="The first day of the period, YYYY-MM-DD, included (default: a year before `to`).",
    ),
    OpenApiParameter(
        "to",
        OpenApiTypes.DATE,
        OpenApiParameter.QUERY,
        description="The last day of the period, YYYY-MM-DD, included (default: today).",
    ),
    OpenApiParameter(
        "convention", str, OpenApiParameter.QUERY, description="Only this convention, by its code, e.g. A-66."
    ),
    OpenApiParameter(
        "state",
        str,
        OpenApiParameter.QUERY,
        pattern="^[A-Za-z]{3}$",
        description=(
            "Only this state's actions, by its ISO 3166-1 alpha-3 code, e.g. ARG (with the objections "
            "made to its reservations)."
        ),
    ),
]


# As a 400 is, keyed by the parameter: {"convention": ["..."]}.
UNKNOWN_SUBJECT = OpenApiResponse(
    response={"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description="The convention or the state asked for is not in the record.",
    examples=[
        OpenApiExample("Unknown convention", value={"convention": ["No convention has the code “X-1”."]})
    ],
)


@extend_schema(tags=["conventions"])
class ChangesView(generics.GenericAPIView):
    serializer_class = RecordChangesSerializer

    @extend_schema(
        summary="What changed in the record between two days",
        description=(
            "Every signature, deposit, entry into force for a state, reservation or declaration made "
            "or withdrawn, objection to a reservation made or withdrawn, and denunciation notified or "
            "taking effect between `from` and `to`, both included; for one convention, one state or "
            "the whole record. An action known only to the month, the year or a range is `certainly` "
            "in the period when all its possible days are, `possibly` when only some are. With each "
            "convention concerned, its figures on the day before `from` and on `to`, as "
            "`/api/conventions/{code}/status/` gives them on those days."
        ),
        parameters=CHANGES_PARAMETERS,
        responses={
            200: RecordChangesSerializer,
            400: bad_parameters(
                **{
                    "from": "The period starts after it ends: 2006-06-04 is after 2005-06-05.",
                    "state": "“AR” is not an ISO alpha-3 code: three letters, e.g. ARG.",
                }
            ),
            404: UNKNOWN_SUBJECT,
            429: THROTTLED,
        },
    )
    def get(self, request):
        params = ChangesParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        convention, state = _changes_subjects(data)
        record = record_changes_between(data["from"], data["to"], convention=convention, state=state)
        return Response(self.get_serializer(record).data)


def _by_id(counts):
    return {convention_counts.convention.pk: convention_counts for convention_counts in counts}


def unknown_endpoint(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404, like the API's own."""
    return JsonResponse({"detail": _("No such endpoint. See /api/docs/ for those there are.")}, status=404)


# --- Signed in: a liaison's own questionnaire submissions -----------------------------------

PRIVATE = [ReadOnly, IsAuthenticated]
NOT_SIGNED_IN = OpenApiResponse(response=ERROR_DETAIL, description="Not signed in.")


@extend_schema(tags=["my submissions"])
class MySubmissionListView(generics.GenericAPIView):
    serializer_class = MySubmissionSerializer
    permission_classes = PRIVATE

    def get_queryset(self):
        # The browsable API asks for it too, to offer a filter form: the same scoped list.
        return selectors.my_submission_list(self.request.user)

    @extend_schema(
        summary="My state's questionnaire submissions",
        description=(
            "For a liaison, her own state's submissions; for secretariat staff, every state's. "
            "Most recent cycle first."
        ),
        responses={
            200: MySubmissionSerializer(many=True),
            400: bad_parameters(**BAD_PAGE),
            403: NOT_SIGNED_IN,
            404: PAGE_NOT_FOUND,
        },
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["my submissions"])
class MySubmissionDetailView(generics.GenericAPIView):
    serializer_class = MySubmissionDetailSerializer
    permission_classes = PRIVATE

    @extend_schema(
        summary="One of my state's submissions, with its answers and documents",
        responses={
            200: MySubmissionDetailSerializer,
            403: NOT_SIGNED_IN,
            404: not_found(
                "No such submission, or one of a state the user does not speak for.",
                "No submission 12 that you may see.",
            ),
        },
    )
    def get(self, request, pk):
        try:
            record = selectors.my_submission_get(request.user, pk)
        except Submission.DoesNotExist:
            # Another state's submission is answered as if it did not exist.
            raise NotFound(_("No submission %(pk)s that you may see.") % {"pk": pk}) from None
        context = {
            **self.get_serializer_context(),
            "sections": record.sections,
            "documents": record.documents,
        }
        return Response(self.get_serializer(record.submission, context=context).data)
