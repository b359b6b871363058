"""A bound on what a request may send, enforced before anything reads it.

Django's CSRF check reads a POSTed form to find its token, and the form's parser writes any
file over FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file: a 300 MB POST from anyone was on
disk before a view could refuse it. DATA_UPLOAD_MAX_MEMORY_SIZE does not help there, as it
does not count files. So every request declaring a body over ``REQUEST_MAX_BYTES`` is refused
with a 413 by its Content-Length alone, unless its view takes an uploaded file
(``accepts_upload``): that view allows its file's limit more.

A body without a Content-Length (chunked) is not counted here, because Django reads none of it
(its request stream is limited to the declared length, none); behind the proxy it never comes
so anyway, as nginx buffers the body and passes it on with its length.
"""

from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import translation
from django.utils.translation import gettext as _


def accepts_upload(max_file_bytes: int | Callable[[], int]):
    """Marks a view that takes an uploaded file of at most ``max_file_bytes`` (or what a function
    gives, for a limit read from the settings when asked): its requests may be that much larger
    than ``REQUEST_MAX_BYTES``, which stays the allowance for the rest of its form."""

    def mark(view):
        view.upload_max_bytes = max_file_bytes
        return view

    return mark


def request_max_bytes(view) -> int:
    """The largest body a request to ``view`` (None: no view) may declare."""
    upload = getattr(view, "upload_max_bytes", 0)
    return settings.REQUEST_MAX_BYTES + (upload() if callable(upload) else upload)


def _views(resolver: URLResolver) -> Iterator:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def largest_request_max_bytes() -> int:
    """The largest body any address takes: what the proxy in front must let through."""
    return max(request_max_bytes(view) for view in _views(get_resolver()))


def _declared_length(request) -> int:
    # As Django's WSGIRequest reads it: a length it cannot read is no body.
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def request_body_cap(get_response):
    def middleware(request):
        declared = _declared_length(request)
        if declared <= settings.REQUEST_MAX_BYTES:
            return get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        limit = request_max_bytes(match.func if match else None)
        if declared <= limit:
            return get_response(request)
        return _too_large(request, declared, limit, in_the_api=bool(match) and match.namespace == "api")

    return middleware


def _too_large(request, declared: int, limit: int, *, in_the_api: bool):
    # This runs before LocaleMiddleware: the reader's language is looked up here, the same way.
    language = translation.get_language_from_request(request)
    with translation.override(language):
        sizes = {"size": filesizeformat(declared), "limit": filesizeformat(limit)}
        if in_the_api:
            message = _("This request sends %(size)s; the API takes at most %(limit)s.") % sizes
            answer = JsonResponse({"detail": message}, status=413)
        else:
            answer = render(request, "413.html", sizes, status=413)
    answer["Content-Language"] = language
    answer["Vary"] = "Accept-Language, Cookie"
    return answer
