from django.urls import path

from questionnaires import views

app_name = "questionnaires"

urlpatterns = [
    path("", views.index, name="index"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("documents/<int:pk>/remove/", views.document_remove, name="document_remove"),
    path("states/<str:iso3>/", views.state_history, name="state_history"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/compliance.<str:file_format>", views.cycle_compliance_export, name="cycle_export"),
    path("conventions/<str:code>/obligations/", views.obligations, name="obligations"),
    path(
        "conventions/<str:code>/obligations.<str:file_format>",
        views.obligations_export,
        name="obligations_export",
    ),
]
