"""The public, read-only pages of the treaty record: no sign-in needed."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from conventions.forms import AsOfForm, as_of_for_download
from conventions.models import Convention
from conventions.presenters import status_table
from conventions.selectors import treaty_counts_as_of, treaty_status_as_of
from conventions.status_export import treaty_status_csv_lines
from tracker.spreadsheets import csv_response

CONVENTIONS_PER_PAGE = 50


@require_safe
def convention_list(request):
    today = timezone.localdate()
    conventions = Convention.objects.select_related("followed_by")
    # A page number that is not one gives the first page, one past the end the last.
    page = Paginator(conventions, CONVENTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "conventions/convention_list.html",
        {"as_of": today, "page": page, "statuses": treaty_counts_as_of(page, today)},
    )


@require_safe
def convention_status_csv(request, code):
    """The status table as CSV, for a date given as ``?as_of=`` (today without one)."""
    convention = get_object_or_404(Convention, code=code)
    try:
        as_of = as_of_for_download(request.GET, timezone.localdate())
    except ValidationError as error:
        return HttpResponseBadRequest("as_of: " + " ".join(error.messages), content_type="text/plain")
    return csv_response(
        treaty_status_csv_lines(treaty_status_as_of(convention, as_of)),
        f"{convention.code}-status-{as_of.isoformat()}.csv",
        byte_order_mark=True,
    )


@require_safe
def convention_status(request, code):
    convention = get_object_or_404(
        Convention.objects.select_related("followed_by").prefetch_related("bodies"), code=code
    )
    today = timezone.localdate()
    if "as_of" in request.GET:
        form = AsOfForm(request.GET)
        # An invalid date is shown beside the field over today's table, not refused.
        as_of = (form.cleaned_data["as_of"] if form.is_valid() else None) or today
    else:
        form = AsOfForm(initial={"as_of": today})
        as_of = today
    return render(
        request,
        "conventions/convention_status.html",
        {
            "convention": convention,
            "form": form,
            "table": status_table(treaty_status_as_of(convention, as_of)),
        },
    )
