from django.urls import path

from accounts import views

# Before django.contrib.auth.urls in tracker/urls.py: this "login" and "password_reset" are the
# ones served.
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    # The link in a liaison's invitation: she sets her first password there.
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
