import pytest


@pytest.fixture(autouse=True)
def _english(settings):
    """Tests read English labels unless they choose a language."""
    settings.LANGUAGE_CODE = "en"
