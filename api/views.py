"""The read-only API: the public treaty record, and a signed-in liaison's own submissions.

Views parse parameters, call selectors and answer; who sees which state's private records is
decided in ``states.access``, through the questionnaires' selectors.
"""

import re

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
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
from api.params import AS_OF_PARAMETER, as_of_from
from api.permissions import ReadOnly
from api.serializers import (
    ConventionDetailSerializer,
    ConventionSerializer,
    MySubmissionDetailSerializer,
    MySubmissionSerializer,
    StateRecordSerializer,
    StateSerializer,
    TreatyStatusDocumentSerializer,
)
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
        status = treaty_status_as_of(_convention_or_404(code), as_of)
        return Response(self.get_serializer(status).data)


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
