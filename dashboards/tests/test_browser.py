"""The dashboards in a real browser: headless Chromium from Debian, driven by Playwright.

Skipped when /usr/bin/chromium is missing, unless CI=true: CI installs Chromium (.ci/run)
and must run these.
"""

import csv
import datetime as dt
import os
from pathlib import Path

import pytest
from django.conf import settings

from conventions.tests.factories import ConventionFactory, ParticipationFactory
from dashboards.tests.conftest import ADOPTED
from states.models import State
from states.tests.factories import LiaisonFactory, UserFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "a-long-test-password"
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS", "/tmp"))

# Also the marks of the other modules of browser tests.
BROWSER_TEST_MARKS = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("CI") != "true",
        reason="Browser tests need Chromium at /usr/bin/chromium (apt-get install chromium); CI installs it.",
    ),
]
pytestmark = BROWSER_TEST_MARKS


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def member_states():
    with (Path(settings.BASE_DIR) / "fixtures" / "states.csv").open(newline="") as source:
        rows = list(csv.DictReader(source))
    fields = ["iso3", "iso2", "name_en", "name_es", "name_fr", "name_pt", "subregion", "oas_member_since"]
    State.objects.bulk_create([State(**{f: row[f] for f in fields}) for row in rows])
    convention = ConventionFactory(code="A-66", adopted_on=ADOPTED, entry_into_force_on=dt.date(2003, 7, 10))
    # Parties in the Caribbean and South America, one deposit in 2005, the rest signatories.
    for iso3, deposit in [("BRB", None), ("JAM", dt.date(2005, 9, 15)), ("PER", dt.date(2003, 6, 10)),
                          ("CHL", None), ("KNA", dt.date(2004, 5, 25))]:  # fmt: skip
        ParticipationFactory(
            convention=convention, state=State.objects.get(iso3=iso3), deposit_earliest=deposit
        )
    return convention


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.sign-in button[type=submit]")
    page.wait_for_load_state()


def test_a_liaison_signs_in_lands_on_her_state_and_not_another(page, live_server, member_states):
    LiaisonFactory(state=State.objects.get(iso3="PER"), user__username="peru-liaison")

    sign_in(page, live_server, "peru-liaison")

    assert page.url == f"{live_server.url}/dashboard/states/PER/"
    assert page.locator("#state-heading").inner_text() == "PER Peru"
    assert "Party" in page.locator("#convention-A-66").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "dashboard-liaison-peru.png"), full_page=True)

    response = page.goto(f"{live_server.url}/dashboard/states/CHL/")
    assert response.status == 404
    page.screenshot(path=str(SCREENSHOTS / "dashboard-liaison-other-state-404.png"))


def test_staff_filter_the_matrix_and_change_the_date(page, live_server, member_states):
    UserFactory(username="secretariat", is_staff=True)
    sign_in(page, live_server, "secretariat")
    assert page.url == f"{live_server.url}/dashboard/overview/"
    assert page.locator("tbody tr[id^=row-]").count() == 35
    assert page.locator("#count-parties-A-66").inner_text() == "3"

    page.select_option("#id_subregion", "caribbean")
    page.click("#overview-filters button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("tbody tr[id^=row-]").count() == 13
    assert page.locator("#count-parties-A-66").inner_text() == "2"  # Jamaica, Saint Kitts and Nevis

    page.fill("#id_as_of", "2005-01-01")
    page.click("#overview-filters button[type=submit]")
    page.wait_for_load_state()
    assert "subregion=caribbean" in page.url and "as_of=2005-01-01" in page.url
    assert page.locator("#count-parties-A-66").inner_text() == "1"  # Jamaica had not deposited yet
    assert page.locator("#count-signatories-A-66").inner_text() == "3"
    page.screenshot(path=str(SCREENSHOTS / "dashboard-overview-filtered.png"), full_page=True)


def test_the_map_shows_all_35_member_states_as_links(page, live_server, member_states):
    UserFactory(username="secretariat", is_staff=True)
    sign_in(page, live_server, "secretariat")

    # The map comes after the matrix, into the overview.
    page.locator("#status-map").wait_for()
    assert page.url == f"{live_server.url}/dashboard/overview/"
    links = page.locator("#status-map svg a[data-iso3]")
    assert links.count() == 35
    # Every state, the smallest islands too, has something on screen to click.
    for iso3 in ("KNA", "ATG", "DMA", "GRD", "LCA", "VCT", "BRB", "CAN"):
        box = page.locator(f"#map-{iso3}").bounding_box()
        assert box and box["width"] >= 10 and box["height"] >= 10, iso3
    page.locator("#status-map").screenshot(path=str(SCREENSHOTS / "dashboard-map.png"))

    page.locator("#map-KNA circle").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/dashboard/states/KNA/"


def test_the_language_switcher_turns_the_page_spanish(page, live_server, member_states):
    LiaisonFactory(state=State.objects.get(iso3="PER"), user__username="peru-liaison")
    sign_in(page, live_server, "peru-liaison")
    assert page.locator("#state-heading").inner_text() == "PER Peru"

    page.select_option("#language-choice", "es")
    page.click(".language-switcher button[type=submit]")
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("#state-heading").inner_text() == "PER Perú"


@pytest.mark.parametrize("who", ["liaison", "staff"])
def test_the_dashboards_fit_a_phone_screen(browser, live_server, member_states, who):
    LiaisonFactory(state=State.objects.get(iso3="PER"), user__username="peru-liaison")
    UserFactory(username="secretariat", is_staff=True)
    context = browser.new_context(viewport=PHONE, locale="en-US", is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server, "peru-liaison" if who == "liaison" else "secretariat")

    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(SCREENSHOTS / f"dashboard-phone-{who}.png"), full_page=True)
    context.close()
    assert width <= PHONE["width"] + 2
