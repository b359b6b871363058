from django.urls import path, re_path

from conventions import views

app_name = "conventions"

urlpatterns = [
    path("", views.convention_list, name="list"),
    # Before a convention's own page, which would take "changes" for a code.
    path("conventions/changes/", views.record_changes, name="changes"),
    re_path(
        r"^conventions/changes\.(?P<file_format>csv|xlsx)$",
        views.record_changes_export,
        name="changes_export",
    ),
    path("conventions/<str:code>/", views.convention_status, name="status"),
    path("conventions/<str:code>/status.csv", views.convention_status_csv, name="status_csv"),
    path("conventions/<str:code>/widget/", views.convention_widget, name="widget"),
    path("conventions/<str:code>/badge.svg", views.convention_badge, name="badge"),
]
