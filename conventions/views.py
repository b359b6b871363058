"""The public, read-only pages of the treaty record: no sign-in needed."""

from csp.decorators import csp_replace
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from conventions.changes import change_lines, record_changes_between
from conventions.entry_into_force import road_to_entry_into_force_from_status
from conventions.forms import AsOfForm, ChangesForm, as_of_for_download
from conventions.models import Convention
from conventions.presenters import status_table
from conventions.selectors import treaty_counts_as_of, treaty_status_as_of
from conventions.status_export import treaty_status_csv_lines
from tracker.spreadsheets import csv_response, xlsx_response

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
    treaty = treaty_status_as_of(convention, as_of, with_practice=True)
    return render(
        request,
        "conventions/convention_status.html",
        {
            "convention": convention,
            "form": form,
            "table": status_table(treaty),
            # On the page's day too, read off the same status: no query of its own.
            "road": road_to_entry_into_force_from_status(treaty),
        },
    )


# --- What changed between two days -----------------------------------------------------------

CHANGES_PER_PAGE = 200


def _changes_form(query) -> ChangesForm:
    form = ChangesForm(query, today=timezone.localdate())
    form.is_valid()
    return form


def _record_changes(form: ChangesForm):
    data = form.cleaned_data
    return record_changes_between(
        data["from"], data["to"], convention=data["convention"], state=data["state"]
    )


@require_safe
def record_changes(request):
    """The changes in the record between two days: by default over the last year."""
    form = _changes_form(request.GET)
    context = {"form": form}
    if form.is_valid():
        changes = _record_changes(form)
        query = form.query()
        context.update(
            changes=changes,
            page=Paginator(changes.changes, CHANGES_PER_PAGE).get_page(request.GET.get("page")),
            query=query,
        )
    return render(request, "conventions/changes.html", context)


@require_safe
def record_changes_export(request, file_format):
    """The same list as a file; a bad value is refused in plain words, naming its field."""
    form = _changes_form(request.GET)
    if not form.is_valid():
        lines = [f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()]
        return HttpResponseBadRequest("\n".join(lines), content_type="text/plain")
    changes = _record_changes(form)
    parts = ["changes", changes.start.isoformat(), changes.end.isoformat()]
    parts += [c.code for c in changes.conventions or ()] + ([changes.state.iso3] if changes.state else [])
    filename = f"{'-'.join(parts)}.{file_format}"
    if file_format == "csv":
        return csv_response(change_lines(changes.changes), filename, byte_order_mark=True)
    return xlsx_response(
        change_lines(changes.changes),
        filename,
        title=f"{changes.start.isoformat()} {changes.end.isoformat()}",
        column_widths={"A": 24, "E": 32, "F": 24},
    )


# Member states' own sites may show a convention's figures: a small page they may frame, and a
# badge. Only the widget may be framed; every other page keeps frame-ancestors 'none' and DENY.
BADGE_CACHE_SECONDS = 60 * 60
# Pixels per character of the badge's 11 px sans-serif text, and on each side of each part: the text is
# stretched to the width computed (textLength), so an estimate is enough.
BADGE_CHARACTER_WIDTH = 7
BADGE_PADDING = 5


@require_safe
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def convention_widget(request, code):
    """Today's counts of a convention, in the reader's language, to be framed by another site."""
    convention = get_object_or_404(Convention, code=code)
    (counts,) = treaty_counts_as_of([convention], timezone.localdate())
    return render(request, "conventions/status_widget.html", {"convention": convention, "counts": counts})


@require_safe
def convention_badge(request, code):
    """A convention's parties as an SVG image ("A-66: 24 parties"), cached for an hour and
    revalidated by its ETag."""
    convention = get_object_or_404(Convention, code=code)
    (counts,) = treaty_counts_as_of([convention], timezone.localdate())
    # %d, not the template's number formatting: a badge shows 1234, never 1,234 or 1.234.
    message = ngettext("%(count)d party", "%(count)d parties", counts.parties) % {"count": counts.parties}
    label_text_width = len(convention.code) * BADGE_CHARACTER_WIDTH
    message_text_width = len(message) * BADGE_CHARACTER_WIDTH
    label_width = label_text_width + 2 * BADGE_PADDING
    response = render(
        request,
        "conventions/status_badge.svg",
        {
            "label": convention.code,
            "message": message,
            "padding": BADGE_PADDING,
            "label_text_width": label_text_width,
            "message_text_width": message_text_width,
            "label_width": label_width,
            "message_x": label_width + BADGE_PADDING,
            "message_width": message_text_width + 2 * BADGE_PADDING,
            "width": label_width + message_text_width + 2 * BADGE_PADDING,
        },
        content_type="image/svg+xml",
    )
    patch_cache_control(response, public=True, max_age=BADGE_CACHE_SECONDS)
    set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)
