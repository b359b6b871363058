from django.templatetags.static import static
from django.urls import path
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

from wayfinding import views

app_name = "wayfinding"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("open-data/", views.open_data, name="open_data"),
    # Browsers ask for /favicon.ico whatever the page's <link> says.
    path(
        "favicon.ico",
        require_safe(RedirectView.as_view(url=static("wayfinding/favicon.svg"), permanent=True)),
        name="favicon",
    ),
]
