"""The admin in a real browser at 1280 px: every column of a list in sight, and no note that
the reader's clock differs from the server's."""

import datetime as dt

import pytest

from conventions.tests.factories import ParticipationFactory
from dashboards.tests.test_browser import BROWSER_TEST_MARKS, SCREENSHOTS, sign_in
from states.models import State
from states.tests.factories import SecretariatStaffFactory

pytestmark = BROWSER_TEST_MARKS

LISTS = ["/admin/conventions/participation/", "/admin/conventions/convention/", "/admin/states/state/"]


@pytest.fixture
def staff_page(browser, live_server, member_states, request):
    """The secretariat, signed in, reading in ``request.param``, five hours ahead of the server."""
    for state in State.objects.filter(iso3__in=["ARG", "BRA", "COL", "ECU", "URY"]):
        ParticipationFactory(
            convention=member_states, state=state,
            signature_earliest=dt.date(2002, 6, 3), signature_latest=dt.date(2002, 6, 3),
            deposit_earliest=dt.date(2005, 12, 1), deposit_latest=dt.date(2005, 12, 31),
        )  # fmt: skip
    SecretariatStaffFactory(username="secretariat")
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale=request.param,
        extra_http_headers={"Accept-Language": request.param},
        timezone_id="Europe/Madrid",
    )
    page = context.new_page()
    sign_in(page, live_server, "secretariat")
    yield page
    context.close()


@pytest.mark.parametrize("staff_page", ["en", "es"], indirect=True)
def test_every_column_of_a_list_is_in_sight_at_1280_px(staff_page, live_server):
    for path in LISTS:
        staff_page.goto(live_server.url + path)
        table = staff_page.locator("#result_list")
        frame = staff_page.locator("#changelist-form .results")

        assert table.bounding_box()["width"] <= frame.evaluate("frame => frame.clientWidth"), path
        name = path.strip("/").replace("/", "-")
        staff_page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("staff_page", ["en"], indirect=True)
def test_a_date_box_shows_no_note_about_the_servers_time(staff_page, live_server):
    staff_page.goto(live_server.url + "/admin/conventions/convention/add/")

    warnings = staff_page.locator(".timezonewarning")
    assert staff_page.locator(".datetimeshortcuts").count()  # the calendar's shortcuts are drawn
    assert all(not warnings.nth(i).is_visible() for i in range(warnings.count()))
