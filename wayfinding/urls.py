from django.urls import path

from wayfinding import views

app_name = "wayfinding"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("open-data/", views.open_data, name="open_data"),
]
