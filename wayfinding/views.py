"""The site's search and its list of open data: public, read-only."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from conventions.models import Convention
from wayfinding.forms import SearchForm
from wayfinding.selectors import record_search


@require_safe
def search(request):
    form = SearchForm(request.GET if "q" in request.GET else None)
    results = record_search(form.cleaned_data["q"]) if form.is_valid() else None
    return render(request, "wayfinding/search.html", {"form": form, "results": results})


@require_safe
def open_data(request):
    return render(request, "wayfinding/open_data.html", {"conventions": Convention.objects.order_by("code")})
