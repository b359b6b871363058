"""A guard in front of every page: an address holding a NUL character names no page.

PostgreSQL refuses NUL in text outright, so any page that looks a path segment up (a
convention's code, a state's ISO code, a notification's code) would fail with a 500 on it,
and so would any page added later. One guard near the top of the middleware covers them all,
where a path converter would have to be remembered on every ``<str:...>`` of every app.
"""

from django.http import Http404
from django.urls import Resolver404, resolve

from api.views import unknown_endpoint


def refuse_nul_in_path(get_response):
    def middleware(request):
        if "\x00" in request.path_info:
            try:
                in_the_api = resolve(request.path_info).namespace == "api"
            except Resolver404:
                in_the_api = False
            if in_the_api:
                # The API's clients read JSON, so they get the API's own 404.
                return unknown_endpoint(request)
            # A 404 like any other unknown address: the site's own page, in the reader's language.
            raise Http404("No page has a NUL character in its address.")
        return get_response(request)

    return middleware
