"""What a locked-out sign-in sees (the sign-in page again, saying why and when to try again),
the client's address, the one every limit counts by, and the count of a client's requests."""

import ipaddress
import logging
import math

import redis
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

# The address of a request that came with none (made in code, or over a Unix socket): all such
# requests are one client.
NO_ADDRESS = "0.0.0.0"


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' lockout callable: the sign-in page with the lockout message, status 429.

    The message names the wait but never whether the password was right, so it tells someone
    guessing nothing more than the failures did.
    """
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    message = ngettext(
        "Too many failed attempts to sign in to this account from your address. "
        "Try again in %(minutes)d minute.",
        "Too many failed attempts to sign in to this account from your address. "
        "Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD, "")
    form = AuthenticationForm(request, initial={"username": username})
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_out": message, "next": request.POST.get("next", "")},
        status=429,
    )


def client_address(request) -> str:
    """The client's address, as every limit counts it (API throttle, sign-in lockout, mail
    requests): the one the connection came from, REMOTE_ADDR.

    Behind the one proxy (BEHIND_PROXY), and only for a connection from it (TRUSTED_PROXIES,
    when set), the last X-Forwarded-For entry: the proxy appended it; anything before it the
    client may have written. The proxy's own address if that entry is missing or no address.
    """
    remote = request.META.get("REMOTE_ADDR") or NO_ADDRESS
    if not settings.BEHIND_PROXY or not _is_trusted_proxy(remote):
        return remote
    last = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return remote


def _is_trusted_proxy(address: str) -> bool:
    if not settings.TRUSTED_PROXIES:
        return True
    try:
        remote = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(remote in network for network in settings.TRUSTED_PROXIES)


def client_requests_count(request, group: str, rate: str) -> dict | None:
    """Count this request against its client's ``rate`` for ``group`` (django-ratelimit: one
    atomic increment in the cache, in fixed windows); its usage (``should_limit``, ``time_left``).

    None while the cache (Redis) cannot be reached: the request is not held back, as the site
    would otherwise refuse everyone until Redis is back.
    """
    try:
        return get_usage(request, group=group, key="ip", rate=rate, increment=True)
    except redis.RedisError as error:
        logger.error("Request not counted for %s, the cache cannot be reached: %s", group, error)
        return None
