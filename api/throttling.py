"""How often an anonymous client may call the API, counted in the shared cache."""

from rest_framework.throttling import AnonRateThrottle

from tracker.security import client_address


class AnonymousClientThrottle(AnonRateThrottle):
    """DRF's anonymous rate, by the address every other limit counts by (``client_address``):
    DRF's own reading would take the first X-Forwarded-For entry, which any client can write."""

    def get_ident(self, request):
        return client_address(request)
