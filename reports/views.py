"""Public pages of the reports: the annexes and summaries the secretariat publishes anyway."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from conventions.models import Body
from reports.calendar import upcoming_calendar
from reports.documents import annex_json, annex_markdown, report_docx, report_pdf
from reports.figures import figures_in_disagreement, figures_of_year
from reports.models import Meeting, Report
from reports.selectors import (
    ANNEX_NUMBERS,
    annex_build,
    body_by_acronym,
    body_page,
    mandate_list,
    mandate_page,
    meeting_page,
    report_contents,
    report_mandates,
    state_activity,
    upcoming_meetings,
)
from states.access import secretariat_required
from states.models import State

FILE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
WRITERS = {"docx": report_docx, "pdf": report_pdf}


@require_safe
def report_list(request):
    reports = Report.objects.select_related("body").order_by("-year", "body__acronym", "kind")
    meetings = Meeting.objects.select_related("body").order_by("-date_earliest", "body__acronym")
    return render(
        request,
        "reports/report_list.html",
        {"reports": reports, "meetings": meetings, "bodies": Body.objects.order_by("acronym")},
    )


@require_safe
def body_meetings(request, body):
    return render(request, "reports/body_page.html", {"page": body_page(body, timezone.localdate())})


@require_safe
def meeting_detail(request, meeting):
    return render(request, "reports/meeting_page.html", {"page": meeting_page(meeting)})


@require_safe
@secretariat_required
def figures_to_check(request):
    """For staff: each figure a document states that the record does not bear out."""
    return render(request, "reports/figures_to_check.html", {"comparisons": figures_in_disagreement()})


@require_safe
def mandates(request):
    return render(request, "reports/mandate_list.html", {"mandates": mandate_list()})


@require_safe
def mandate_detail(request, mandate):
    return render(request, "reports/mandate_page.html", {"page": mandate_page(mandate)})


@require_safe
def meetings_calendar(request, body=None):
    """Upcoming meetings as iCalendar: all bodies', or one body's."""
    found = body_by_acronym(body) if body else None
    name = _("Upcoming meetings of %(body)s") % {"body": found.acronym} if found else _("Upcoming meetings")
    response = HttpResponse(
        upcoming_calendar(upcoming_meetings(timezone.localdate(), found), name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{found.acronym if found else "meetings"}.ics"'
    return response


@require_safe
def report_page(request, body, year):
    found = body_by_acronym(body)
    contents = report_contents(found, year)
    return render(
        request,
        "reports/report_page.html",
        {
            "body": found,
            "year": year,
            "reports": contents.reports,
            "layout": contents.layout,
            "summaries": contents.summaries,
            "annexes": contents.annexes,
            "treaty_changes": contents.treaty_changes,
            "mandate_citations": report_mandates(found, year),
            "figures": figures_of_year(found, year),
        },
    )


def _attachment(content, file_format: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FILE_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def report_file(request, body, year, file_format):
    if file_format not in WRITERS:
        raise Http404("Choose docx or pdf.")
    found = body_by_acronym(body)
    contents = report_contents(found, year)
    title = (
        ""
        if contents.annexes
        else _("%(body)s %(year)s: report summaries") % {"body": found.acronym, "year": year}
    )
    content = WRITERS[file_format](contents.annexes, contents.summaries, title)
    language = request.LANGUAGE_CODE
    return _attachment(content, file_format, f"{found.acronym}-{year}-annexes-{language}.{file_format}")


@require_safe
def annex_file(request, body, year, number, file_format):
    if number not in ANNEX_NUMBERS or file_format not in (*WRITERS, "json", "md"):
        raise Http404("No such annex or format.")
    annex = annex_build(body_by_acronym(body), year, number)
    if file_format == "json":
        return HttpResponse(
            json.dumps(annex_json(annex), ensure_ascii=False, indent=2), content_type="application/json"
        )
    if file_format == "md":
        return HttpResponse(annex_markdown(annex), content_type="text/markdown; charset=utf-8")
    filename = f"{annex.body.acronym}-{year}-annex-{number}-{request.LANGUAGE_CODE}.{file_format}"
    return _attachment(WRITERS[file_format]([annex]), file_format, filename)


@require_safe
def state_page(request, iso3):
    state = get_object_or_404(State, iso3=iso3)
    return render(request, "reports/state_activity.html", {"activity": state_activity(state)})
