"""The dashboards: a state's own page and the secretariat's overview, with their exports.

Who may open what is decided in ``states.access``; these views only ask it.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from conventions.forms import AsOfForm, as_of_for_download
from conventions.models import Convention
from conventions.presenters import status_table
from conventions.selectors import treaty_status_as_of
from dashboards.exports import matrix_lines
from dashboards.forms import OverviewForm
from dashboards.maps import status_map
from dashboards.pdf import convention_status_pdf
from dashboards.presenters import cycle_items_html, matrix_table, state_status_rows, timeline_chart
from dashboards.selectors import (
    overview_charts_get,
    overview_frame,
    overview_get,
    reporting_cycles,
    state_dashboard_get,
)
from states.access import is_secretariat, liaison_state_id, secretariat_or_404, state_for_user_or_404
from states.models import State
from tracker.spreadsheets import csv_response, xlsx_response


@require_GET
@login_required
def home(request):
    """Where signing in leads: staff to the overview, a liaison to her state's page."""
    if is_secretariat(request.user):
        return redirect("dashboards:overview")
    state_id = liaison_state_id(request.user)
    if state_id is not None:
        iso3 = State.objects.values_list("iso3", flat=True).get(pk=state_id)
        return redirect("dashboards:state", iso3=iso3)
    return render(request, "dashboards/no_dashboard.html")


@require_GET
@login_required
def state_dashboard(request, iso3):
    state = state_for_user_or_404(request.user, iso3)
    dashboard = state_dashboard_get(state, timezone.localdate(), request.GET.get("page"))
    rows, footnotes = state_status_rows(dashboard)
    return render(
        request,
        "dashboards/state_dashboard.html",
        {
            "dashboard": dashboard,
            "state": state,
            "rows": rows,
            "footnotes": footnotes,
            "show_overview_link": is_secretariat(request.user),
        },
    )


def _as_of(request):
    """The date asked for, today when none is, or today with the error shown beside the field."""
    today = timezone.localdate()
    if "as_of" not in request.GET:
        return today
    form = AsOfForm(request.GET)
    return (form.cleaned_data["as_of"] if form.is_valid() else None) or today


def _overview(request):
    overview = overview_get(
        request.GET,
        as_of=_as_of(request),
        convention_code=request.GET.get("convention"),
        page=request.GET.get("page"),
    )
    data = request.GET.copy()
    data.setdefault("as_of", timezone.localdate().isoformat())
    if overview.chosen:
        data.setdefault("convention", overview.chosen.code)
    form = OverviewForm(data, conventions=overview.conventions)
    form.is_valid()
    return overview, form


def _without_page(query):
    query = query.copy()
    query.pop("page", None)
    return query


@require_GET
@login_required
def overview(request):
    secretariat_or_404(request.user)
    overview, form = _overview(request)
    return render(
        request,
        "dashboards/overview.html",
        {
            "overview": overview,
            "form": form,
            "table": matrix_table(overview),
            # Those of the conventions on the page: a large record has one per convention and year.
            "cycles_html": cycle_items_html(
                reporting_cycles([treaty.convention for treaty in overview.columns])
            ),
            "query": _without_page(request.GET).urlencode(),
            # The charts of the same filters and page of columns, loaded by the page on its own.
            "charts_query": request.GET.urlencode(),
        },
    )


@require_GET
@login_required
def overview_charts(request):
    """The overview's timelines and map, a page of their own: the overview loads them into itself
    once its matrix is shown, and links to this page for a browser without JavaScript."""
    secretariat_or_404(request.user)
    charts = overview_charts_get(
        request.GET,
        as_of=_as_of(request),
        convention_code=request.GET.get("convention"),
        page=request.GET.get("page"),
    )
    return render(
        request,
        "dashboards/overview_charts.html",
        {
            "charts": [
                timeline_chart(convention, charts.as_of, charts.states_shown, charts.timelines[convention.pk])
                for convention in charts.conventions
            ],
            "map": status_map(charts.chosen, lambda iso3: reverse("dashboards:state", kwargs={"iso3": iso3}))
            if charts.chosen
            else None,
            "as_of": charts.as_of,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@login_required
def overview_export(request, file_format):
    secretariat_or_404(request.user)
    as_of = _as_of(request)
    frame = overview_frame(request.GET, as_of=as_of, convention_code=request.GET.get("convention"))
    filename = f"treaty-status-{as_of.isoformat()}.{file_format}"
    if file_format == "csv":
        return csv_response(matrix_lines(frame), filename, byte_order_mark=True)
    return xlsx_response(
        matrix_lines(frame), filename, title=as_of.isoformat(), freeze_panes="C2", column_widths={"A": 32}
    )


@require_GET
def convention_pdf(request, code):
    """The public status table of a convention, printable: the record it shows is public."""
    convention = get_object_or_404(Convention.objects.select_related("followed_by"), code=code)
    try:
        as_of = as_of_for_download(request.GET, timezone.localdate())
    except ValidationError as error:
        return HttpResponseBadRequest("as_of: " + " ".join(error.messages), content_type="text/plain")
    table = status_table(treaty_status_as_of(convention, as_of, with_practice=True))
    response = HttpResponse(convention_status_pdf(table), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{convention.code}-status-{as_of.isoformat()}.pdf"'
    return response
