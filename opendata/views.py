"""The data package's releases: their list with what changed, and each release's files."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from opendata import selectors
from opendata.package import PACKAGE_NAME, data_package_zip

RELEASES_PER_PAGE = 20
CONTENT_TYPES = {".csv": "text/csv; charset=utf-8", ".json": "application/json"}


def _immutable(response: HttpResponse) -> HttpResponse:
    # A release never changes once made: its files may be kept as long as a cache likes.
    patch_cache_control(response, public=True, max_age=365 * 24 * 60 * 60, immutable=True)
    return response


@require_safe
def release_list(request):
    page = Paginator(selectors.release_list(), RELEASES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "opendata/release_list.html", {"page": page})


@require_safe
def release_zip(request, version):
    files = selectors.release_files(version)
    if not files:
        raise Http404("No such release.")
    content = data_package_zip(
        [(file.name, bytes(file.content)) for file in files], files[0].release.created_at
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{PACKAGE_NAME}-{version}.zip"'
    return _immutable(response)


@require_safe
def release_file(request, version, name):
    file = selectors.release_file(version, name)
    if file is None:
        raise Http404("No such file in this release.")
    extension = name[name.rindex(".") :]
    return _immutable(HttpResponse(bytes(file.content), content_type=CONTENT_TYPES[extension]))


def _latest_version() -> int:
    version = selectors.latest_release_version()
    if version is None:
        raise Http404("No release has been made yet.")
    return version


@require_safe
def latest_zip(request):
    return redirect("opendata:release_zip", _latest_version())


@require_safe
def latest_file(request, name):
    return redirect("opendata:release_file", _latest_version(), name)
