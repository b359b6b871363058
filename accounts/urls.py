from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

# Before django.contrib.auth.urls in tracker/urls.py: these are the ones served. Changing one's
# password is drawn in the site's frame; the admin's own page keeps the admin's template of the
# same name (registration/password_change_form.html), so the site's pages are named apart.
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    # The link in a liaison's invitation: she sets her first password there.
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(template_name="accounts/password_change_form.html"),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
]
