from django.urls import path, re_path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("states/<str:iso3>/", views.state_dashboard, name="state"),
    path("overview/", views.overview, name="overview"),
    path("overview/charts/", views.overview_charts, name="overview_charts"),
    re_path(r"^overview/export\.(?P<file_format>csv|xlsx)$", views.overview_export, name="overview_export"),
    path("conventions/<str:code>/status.pdf", views.convention_pdf, name="convention_pdf"),
]
