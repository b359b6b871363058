import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from conventions.tests.factories import ConventionFactory, ParticipationFactory
from reports.tests.factories import MeetingFactory
from states.tests.factories import LiaisonFactory, SecretariatStaffFactory, StateFactory
from tracker.tests.admin_pages import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def convention():
    return ConventionFactory(code="A-66", short_name_en="Against Terrorism")


def _header(page) -> str:
    text = page.content.decode()
    return text[text.index('<header class="site-header">') : text.index("</header>")]


@pytest.mark.parametrize(
    "url_name",
    [
        "conventions:list",
        "reports:list",
        "notifications:list",
        "wayfinding:open_data",
        "wayfinding:search",
        "login",
    ],
)
def test_every_public_page_has_the_site_header_with_its_sections(convention, url_name):
    header = _header(Client().get(reverse(url_name)))
    for section in (
        "conventions:list",
        "reports:list",
        "notifications:list",
        "wayfinding:open_data",
        "api:docs",
    ):
        assert f'href="{reverse(section)}"' in header
    assert f'action="{reverse("wayfinding:search")}"' in header
    assert 'name="language"' in header
    assert reverse("login") in header
    assert reverse("dashboards:home") not in header and reverse("admin:index") not in header


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/", "Conventions"),
        ("/conventions/A-66/", "Conventions"),
        ("/reports/", "Meetings and reports"),
        ("/notifications/", "Notifications"),
        ("/open-data/", "Open data"),
    ],
)
def test_the_header_marks_the_section_the_reader_is_in(convention, url, current):
    header = _header(Client().get(url))
    assert header.count('aria-current="page"') == 1
    assert f'aria-current="page">{current}</a>' in header


def test_a_liaison_sees_her_dashboard_and_sign_out_but_not_the_admin():
    header = _header(signed_in(LiaisonFactory().user).get("/"))
    assert reverse("dashboards:home") in header
    assert f'action="{reverse("logout")}" method="post"' in header
    assert reverse("admin:index") not in header


def test_staff_see_the_admin_in_the_header():
    header = _header(signed_in(SecretariatStaffFactory()).get("/"))
    assert f'href="{reverse("admin:index")}"' in header and reverse("dashboards:home") in header


def test_the_header_is_in_the_reader_s_language(convention):
    header = _header(Client().get("/", headers={"accept-language": "es"}))
    assert "Notificaciones" in header and "Datos abiertos" in header


def test_a_convention_page_links_to_its_pdf_csv_and_feed(convention):
    page = Client().get("/conventions/A-66/?as_of=2020-01-31").content.decode()
    assert f'{reverse("dashboards:convention_pdf", args=["A-66"])}?as_of=2020-01-31"' in page
    assert f'{reverse("conventions:status_csv", args=["A-66"])}?as_of=2020-01-31"' in page
    assert f'href="{reverse("notifications:feed_convention", args=["A-66"])}"' in page


def test_the_status_csv_lists_each_state_as_of_the_date_asked(convention):
    ParticipationFactory(convention=convention, state=StateFactory(iso3="MEX", name_en="Mexico"))
    response = Client().get(reverse("conventions:status_csv", args=["A-66"]), {"as_of": "2024-01-01"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="A-66-status-2024-01-01.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [(row["state"], row["name"]) for row in rows] == [("MEX", "Mexico")]


@pytest.mark.parametrize("as_of", ["31/01/2020", "2020-02-30", "x" * 5000, "2020\x00"])
def test_the_status_csv_refuses_a_date_it_cannot_read(convention, as_of):
    response = Client().get(reverse("conventions:status_csv", args=["A-66"]), {"as_of": as_of})
    assert response.status_code == 400


def test_the_status_csv_of_an_unknown_convention_is_not_found():
    assert Client().get(reverse("conventions:status_csv", args=["Z-1"])).status_code == 404


def test_the_open_data_page_lists_each_convention_s_downloads_and_the_api(
    convention, django_assert_num_queries
):
    StateFactory(iso3="MEX")
    client = Client()
    # Conventions, body-and-year pairs of the reports, states (for their feeds), the latest release.
    with django_assert_num_queries(4):
        page = client.get(reverse("wayfinding:open_data")).content.decode()
    for url in (
        reverse("opendata:releases"),
        reverse("conventions:widget", args=["A-66"]),
        reverse("conventions:badge", args=["A-66"]),
        reverse("dashboards:convention_pdf", args=["A-66"]),
        reverse("conventions:status_csv", args=["A-66"]),
        reverse("notifications:feed_convention", args=["A-66"]),
        reverse("notifications:feed_state", args=["MEX"]),
        reverse("notifications:feed"),
        reverse("api:schema"),
        reverse("api:docs"),
    ):
        assert f'href="{url}"' in page


def test_the_favicon_is_served_and_linked():
    response = Client().get("/favicon.ico")
    assert response.status_code == 302 and response.url.endswith("favicon.svg")
    assert 'rel="icon"' in Client().get("/").content.decode()


def test_meetings_and_reports_lists_each_meeting_leading_to_its_page(django_assert_num_queries):
    meeting = MeetingFactory(
        code="cicte-rs-20", title_en="Twentieth Regular Session", title_es="Vigésimo Período Ordinario"
    )
    MeetingFactory(code="cicte-rs-21", title_en="Twenty-first Regular Session")
    client = Client(headers={"accept-language": "es"})
    # The reports with their bodies, the meetings with theirs, the bodies.
    with django_assert_num_queries(3):
        page = client.get(reverse("reports:list")).content.decode()
    assert "Vigésimo Período Ordinario" in page and "Twenty-first Regular Session" in page
    assert f'href="{meeting.get_absolute_url()}"' in page
    assert f'href="{meeting.body.get_absolute_url()}"' in page


def test_a_page_that_does_not_exist_still_has_the_site_header():
    page = Client().get("/no-such-page/")
    assert page.status_code == 404
    assert f'href="{reverse("wayfinding:open_data")}"' in _header(page)
