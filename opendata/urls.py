from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.release_list, name="releases"),
    # "latest" before the versions: it always leads to the latest one's own stable address.
    path("latest/datapackage.zip", views.latest_zip, name="latest_zip"),
    path("latest/<str:name>", views.latest_file, name="latest_file"),
    path("<int:version>/datapackage.zip", views.release_zip, name="release_zip"),
    path("<int:version>/<str:name>", views.release_file, name="release_file"),
]
