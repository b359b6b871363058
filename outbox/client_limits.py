"""The per-client bound on mail that anyone may ask for, counted in the cache (django-ratelimit).

With the per-address bound of ``outbox.services.mail_request_admit`` it keeps one client from
making the site mail many addresses, and many clients from flooding one address.
"""

from outbox.conf import mail_requests_per_client_rate
from tracker.security import client_requests_count


def client_mail_requests_exceeded(request, group: str) -> bool:
    """Count this request against its client's (address's) budget for ``group``; True once over it.

    Not while the cache cannot be reached: the per-address bound (``mail_request_admit``) holds.
    """
    usage = client_requests_count(request, group=group, rate=mail_requests_per_client_rate())
    return usage is not None and usage["should_limit"]
