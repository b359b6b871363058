from django.contrib import admin
from django.urls import include, path

from wayfinding.views import FaviconRedirect

urlpatterns = [
    path("admin/", admin.site.urls),
    # Language switching (set_language) for the public pages.
    path("i18n/", include("django.conf.urls.i18n")),
    # Sign-in, sign-out and password reset for liaisons and staff; the reset asked for through
    # accounts (mailed by a worker, within the limits), the rest Django's own.
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("questionnaires/", include("questionnaires.urls")),
    path("reports/", include("reports.urls")),
    path("api/", include("api.urls")),
    path("dashboard/", include("dashboards.urls")),
    # Unsubscribing from reminder digests, through the signed link each one carries.
    path("reminders/", include("reminders.urls")),
    # Depositary notifications: public list, pages and feeds; subscribing and unsubscribing.
    path("notifications/", include("notifications.urls")),
    # Search, the open-data page and the favicon.
    path("", include("wayfinding.urls")),
    # The versioned data package: its releases, their changes and files.
    path("open-data/releases/", include("opendata.urls")),
    path("favicon.ico", FaviconRedirect.as_view(), name="favicon"),
    path("", include("conventions.urls")),
]

# A database that cannot be reached answers 503 (retry later), any other failure 500.
handler500 = "tracker.views.server_error"
