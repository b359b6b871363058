"""Reads about accounts."""

from states.models import Contact


def sign_in_language(user) -> str | None:
    """The language a user reads the site in after signing in: her contact's, if she is a liaison."""
    return Contact.objects.filter(user=user).values_list("language", flat=True).first()
