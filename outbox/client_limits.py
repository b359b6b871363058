"""The per-client bound on mail that anyone may ask for, counted in the cache (django-ratelimit).

With the per-address bound of ``outbox.services.mail_request_admit`` it keeps one client from
making the site mail many addresses, and many clients from flooding one address.
"""

from django_ratelimit.core import is_ratelimited

from outbox.conf import mail_requests_per_client_rate


def client_mail_requests_exceeded(request, group: str) -> bool:
    """Count this request against its client's (address's) budget for ``group``; True once over it."""
    return is_ratelimited(
        request, group=group, key="ip", rate=mail_requests_per_client_rate(), method="POST", increment=True
    )
