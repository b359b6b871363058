"""The import preview in Chromium: each error is written out in its cell, readable without hovering."""

from pathlib import Path

from playwright.sync_api import expect

from dashboards.tests.test_browser import BROWSER_TEST_MARKS, PASSWORD, SCREENSHOTS, page  # noqa: F401
from states.models import MembershipEvent
from states.tests.factories import StateFactory
from tracker.tests.admin_pages import admin_url, secretariat_user

pytestmark = BROWSER_TEST_MARKS


def test_the_errors_of_a_previewed_file_are_visible_in_their_cells(page, live_server, tmp_path):  # noqa: F811
    StateFactory(iso3="VEN")
    secretariat_user(username="clerk")
    upload = Path(tmp_path) / "events.csv"
    upload.write_text(
        "state,kind,occurred_on\nVEN,suspended,2017-04-28\nXYZ,suspended,2018-01-02\nVEN,walked_out,2019-01-02\n"
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    page.goto(f"{live_server.url}{admin_url(MembershipEvent, 'import')}")
    page.set_input_files("#id_import_file", str(upload))
    page.select_option("#id_format", index=1)  # the first choice is "---"
    page.click("input[type=submit][value=Submit]")

    for column, words in (
        ("state", "No state with iso3 “XYZ”"),
        ("kind", "“walked_out” is not a valid value"),
    ):
        message = page.locator(f'td.cell-in-error[data-column="{column}"] .cell-errors li')
        # expect() waits for the preview page the submit loads; is_visible() would not.
        expect(message).to_be_visible()
        expect(message).to_contain_text(words)
    page.screenshot(path=str(SCREENSHOTS / "import-preview-errors.png"), full_page=True)
