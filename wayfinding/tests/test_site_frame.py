"""Every page carries one site header that leads everywhere a reader may want to go."""

import pytest
from django.urls import reverse

from conventions.tests.factories import ConventionFactory
from states.tests.factories import LiaisonFactory, SecretariatStaffFactory

pytestmark = pytest.mark.django_db

PUBLIC_SECTIONS = (
    "conventions:list",
    "reports:list",
    "notifications:list",
    "wayfinding:open_data",
    "api:docs",
)


@pytest.fixture
def convention(db):
    return ConventionFactory(code="A-66")


@pytest.mark.parametrize(
    "page", ["conventions:list", "reports:list", "notifications:list", "wayfinding:open_data", "login"]
)
def test_every_public_page_links_to_every_section_and_has_a_search_box(client, convention, page):
    html = client.get(reverse(page)).content.decode()

    for section in PUBLIC_SECTIONS:
        assert f'href="{reverse(section)}"' in html, section
    assert f'action="{reverse("wayfinding:search")}"' in html
    assert reverse("admin:index") not in html
    assert f'href="{reverse("dashboards:home")}"' not in html


def test_the_current_section_is_marked(client, convention):
    html = client.get(reverse("notifications:list")).content.decode()

    assert f'href="{reverse("notifications:list")}" aria-current="page"' in html
    assert f'href="{reverse("conventions:list")}" aria-current="page"' not in html


def test_a_liaison_sees_her_dashboard_and_no_admin(client, convention):
    client.force_login(LiaisonFactory().user)
    html = client.get(reverse("conventions:list")).content.decode()

    assert f'href="{reverse("dashboards:home")}"' in html
    assert f'href="{reverse("admin:index")}"' not in html


def test_staff_see_the_admin_too(client, convention):
    client.force_login(SecretariatStaffFactory())
    html = client.get(reverse("conventions:list")).content.decode()

    assert f'href="{reverse("admin:index")}"' in html


def test_a_convention_page_links_to_its_csv_pdf_api_and_feed_for_the_date_shown(client, convention):
    html = client.get(reverse("conventions:status", args=["A-66"]), {"as_of": "2010-05-01"}).content.decode()

    assert f"{reverse('conventions:status_csv', args=['A-66'])}?as_of=2010-05-01" in html
    assert f"{reverse('dashboards:convention_pdf', args=['A-66'])}?as_of=2010-05-01" in html
    assert f"{reverse('api:convention-status', args=['A-66'])}?as_of=2010-05-01" in html
    assert reverse("notifications:feed_convention", args=["A-66"]) in html


def test_the_open_data_page_lists_each_conventions_files(client, convention, django_assert_num_queries):
    ConventionFactory(code="A-63")
    html = client.get(reverse("wayfinding:open_data")).content.decode()

    for code in ("A-63", "A-66"):
        assert reverse("conventions:status_csv", args=[code]) in html
        assert reverse("dashboards:convention_pdf", args=[code]) in html
        assert reverse("notifications:feed_convention", args=[code]) in html
    assert reverse("api:schema") in html


def test_the_favicon_is_found_where_browsers_ask_for_it(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response.url.endswith("wayfinding/favicon.svg")
