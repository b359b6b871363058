"""Django's debug page under the Content-Security-Policy, when DEBUG is on.

The debug page is made of inline styles and scripts, which the policy forbids. django-csp
already skips every 404 and 500 under DEBUG, but the same page also answers a suspicious request
(400: a bad Host, a body or a form too large), and the policy made it unreadable. The reporter
that draws the page notes it on the request; the policy leaves that response alone.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.views.debug import ExceptionReporter


class DebugPageExceptionReporter(ExceptionReporter):
    """Django's exception reporter, noting on the request that its debug page was made for it.

    Also the reporter of the error mails, which is why this module imports nothing that needs
    the apps loaded: the logging configuration loads it first.
    """

    def get_traceback_html(self):
        if self.request is not None:
            self.request.shows_debug_page = True
        return super().get_traceback_html()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, leaving Django's debug page alone when DEBUG is on, at any status."""

    def process_response(self, request, response):
        if settings.DEBUG and getattr(request, "shows_debug_page", False):
            return response
        return super().process_response(request, response)
