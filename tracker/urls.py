from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # Language switching (set_language) for the public pages.
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("conventions.urls")),
]
