from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in is Django's own; this app changes how a password reset is asked for and mailed."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
