"""The site's own answer when a request fails on the server."""

import sys

from django.db import InterfaceError, OperationalError
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
