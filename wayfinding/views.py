"""Public pages for finding one's way: search and the list of downloads."""

from django.conf import settings
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

from conventions.models import Convention
from opendata.selectors import latest_release_version
from reports.models import Report
from states.models import State
from wayfinding.forms import SearchForm
from wayfinding.selectors import record_search


@require_safe
def search(request):
    form = SearchForm(request.GET if "q" in request.GET else None)
    # Nothing is looked up until the words are usable; the form says why they are not.
    results = record_search(form.cleaned_data["q"]) if form.is_valid() else None
    return render(request, "wayfinding/search.html", {"form": form, "results": results})


@require_safe
def open_data(request):
    return render(
        request,
        "wayfinding/open_data.html",
        {
            "conventions": Convention.objects.all(),
            # One line per body and year: its annexes are one download whatever the report's kind.
            "report_years": Report.objects.order_by("-year", "body__acronym")
            .values_list("body__acronym", "year")
            .distinct(),
            "states": State.objects.all(),
            "latest_release": latest_release_version(),
            # The embedding code other sites copy names this site by its public address.
            "site_url": settings.SITE_URL,
        },
    )


class FaviconRedirect(RedirectView):
    """Browsers ask for /favicon.ico whatever the page's ``<link rel="icon">`` says."""

    # Not permanent: the target's name carries the file's hash, which changes with the file.
    permanent = False
    http_method_names = ["get", "head"]

    def get_redirect_url(self, *args, **kwargs):
        # Resolved per request: the static files' manifest may not exist when URLs are loaded.
        return static("wayfinding/favicon.svg")
