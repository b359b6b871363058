import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_an_unknown_address_shows_the_sites_own_not_found_page(client):
    answer = client.get("/conventions/NO-SUCH-CODE/")

    assert answer.status_code == 404
    assert "Page not found" in answer.text
    assert "Inter-American treaty record" in answer.text  # the site's layout, not Django's bare page
