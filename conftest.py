import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tests read English labels unless they choose a language, and hash passwords cheaply."""
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
