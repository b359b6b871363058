"""The site's own answers when a request fails on the server, or a link from a mail is spent."""

import sys

from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.views import defaults

# How long a client (or a proxy) should wait before asking again while the database is away.
DATABASE_AWAY_RETRY_SECONDS = 30


def server_error(request):
    """500, unless the database could not be reached: that is a 503, temporary, to retry.

    Django calls the handler while the exception is being handled, so it is in ``sys.exc_info``.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        answer = defaults.server_error(request, template_name="503.html")
        answer.status_code = 503
        answer["Retry-After"] = str(DATABASE_AWAY_RETRY_SECONDS)
        return answer
    return defaults.server_error(request)


def link_gone(request, reason: str):
    """410 Gone: a link from a mail that was good once and no longer is (too old, outdated),
    saying why and what to do, where a 404 would only say there is no such page."""
    return render(request, "410.html", {"reason": reason}, status=410)
