from django.urls import path

from accounts import views

# Before django.contrib.auth.urls in tracker/urls.py: this "password_reset" is the one served.
urlpatterns = [
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    # The link in a liaison's invitation: she sets her first password there.
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
