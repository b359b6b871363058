from django.urls import path

from conventions import views

app_name = "conventions"

urlpatterns = [
    path("", views.convention_list, name="list"),
    path("conventions/<str:code>/", views.convention_status, name="status"),
    path("conventions/<str:code>/status.csv", views.convention_status_csv, name="status_csv"),
]
