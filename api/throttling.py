"""How often an anonymous client may call the API, counted in the shared cache."""

from rest_framework.throttling import AnonRateThrottle

from tracker.security import client_requests_count


class AnonymousClientThrottle(AnonRateThrottle):
    """DRF's anonymous rate (``anon``), counted as the mail requests per client are: by
    django-ratelimit, per client address (``tracker.security.client_address``; DRF's own would
    take the first X-Forwarded-For entry, which any client can write), one atomic increment in
    the cache per request. DRF's own count reads the client's history and writes it back, so
    workers answering the same client at once each let a request through."""

    def allow_request(self, request, view):
        if self.rate is None or request.user.is_authenticated:
            return True
        self.usage = client_requests_count(request, group="api.anonymous", rate=self.rate)
        return self.usage is None or not self.usage["should_limit"]

    def wait(self):
        # At least a second: the window may end within this one.
        return max(self.usage["time_left"], 1)
