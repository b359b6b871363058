from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import views

app_name = "api"

urlpatterns = [
    path("conventions/", views.ConventionListView.as_view(), name="convention-list"),
    path("conventions/<str:code>/", views.ConventionDetailView.as_view(), name="convention-detail"),
    path("conventions/<str:code>/status/", views.ConventionStatusView.as_view(), name="convention-status"),
    path(
        "conventions/<str:code>/entry-into-force/",
        views.ConventionEntryIntoForceView.as_view(),
        name="convention-entry-into-force",
    ),
    path("changes/", views.ChangesView.as_view(), name="changes"),
    path("states/", views.StateListView.as_view(), name="state-list"),
    path("states/<str:iso3>/", views.StateDetailView.as_view(), name="state-detail"),
    path("my/submissions/", views.MySubmissionListView.as_view(), name="my-submission-list"),
    path("my/submissions/<int:pk>/", views.MySubmissionDetailView.as_view(), name="my-submission-detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's start-up script is served from this same address (?script), not inline,
    # so the Content-Security-Policy needs no 'unsafe-inline'.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    # Last: any other address ending in a slash is a JSON 404. Without the trailing slash Django
    # first redirects to it (APPEND_SLASH), so /api/states still reaches the list.
    re_path(r"^(?:.*/)?$", views.unknown_endpoint),
]
