"""The Content-Security-Policy in a real browser: the main pages, the admin and Swagger UI load
and draw without Chromium refusing anything under the policy.

A violation shows in the browser's console ("Refused to ... because it violates the following
Content Security Policy directive"), and fires a ``securitypolicyviolation`` event; both are
collected for every page and must stay empty.
"""

import datetime as dt

import pytest

from conventions.tests.factories import ParticipationFactory
from dashboards.tests.test_browser import BROWSER_TEST_MARKS, sign_in
from states.models import State
from states.tests.factories import LiaisonFactory, UserFactory

pytestmark = BROWSER_TEST_MARKS

# Each page with something on it that only shows once its scripts and styles did their work.
PUBLIC_PAGES = {
    "/": "main h1",
    "/conventions/A-66/": "main table",
    "/accounts/login/": "form.sign-in",
    "/notifications/": "main h1",
    "/reports/": "main h1",
    # Swagger UI draws the API's title from the schema with its own scripts.
    "/api/docs/": ".swagger-ui .info .title",
}
LIAISON_PAGES = {"/dashboard/states/PER/": "#state-heading", "/questionnaires/": "main h1"}
STAFF_PAGES = {
    # The overview's map and timelines are inline SVG.
    "/dashboard/overview/": "#status-map svg",
    "/admin/": "#content-main",
    "/admin/conventions/participation/": "#result_list",
    "/admin/conventions/participation/add/": "#participation_form",
    "/admin/conventions/participation/import/": "#content form",
    "/admin/conventions/participation/export/": "#content form",
    "/admin/conventions/convention/?q=A-66": "#result_list",
}

_WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
});
"""


def _violations(page, base: str, pages: dict[str, str]) -> dict[str, list[str]]:
    """For each page that broke a rule of the policy, what the browser reported."""
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(_WATCH_VIOLATIONS)
    found = {}
    for path, selector in pages.items():
        console.clear()
        response = page.goto(base + path)
        assert response.status == 200, path
        page.wait_for_selector(selector, state="attached")
        page.wait_for_load_state("networkidle")
        reported = page.evaluate("window.__cspViolations")
        reported += [text for text in console if "Content Security Policy" in text]
        if reported:
            found[path] = reported
    return found


@pytest.fixture
def record(member_states):
    peru = State.objects.get(iso3="PER")
    ParticipationFactory(
        convention=member_states, state=State.objects.get(iso3="MEX"), signature_earliest=dt.date(2002, 6, 3)
    )
    LiaisonFactory(state=peru, user__username="peru-liaison")
    UserFactory(username="superuser", is_staff=True, is_superuser=True)
    return member_states


def test_public_pages_and_swagger_ui_break_no_rule_of_the_policy(page, live_server, record):
    assert _violations(page, live_server.url, PUBLIC_PAGES) == {}


def test_a_liaisons_pages_break_no_rule_of_the_policy(page, live_server, record):
    sign_in(page, live_server, "peru-liaison")

    assert _violations(page, live_server.url, LIAISON_PAGES) == {}


def test_the_overview_and_the_admin_break_no_rule_of_the_policy(page, live_server, record):
    sign_in(page, live_server, "superuser")

    assert _violations(page, live_server.url, STAFF_PAGES) == {}


def test_an_inline_script_would_be_caught(page, live_server, record):
    """The check itself: a page that runs an inline script is reported, and the script is not run."""
    page.add_init_script(_WATCH_VIOLATIONS)
    page.goto(live_server.url + "/")

    page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.__ran = true";
        document.body.append(s); }"""
    )
    page.wait_for_timeout(200)

    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in violation for violation in page.evaluate("window.__cspViolations"))


def test_the_export_pages_select_all_box_still_works(page, live_server, record):
    """Its inline handler is the policy's one exception, allowed by its hash."""
    sign_in(page, live_server, "superuser")
    page.add_init_script(_WATCH_VIOLATIONS)
    page.goto(f"{live_server.url}/admin/conventions/participation/export/")
    fields = page.locator(".selectable-field-export-row input[type=checkbox]:visible")
    assert fields.count() > 1 and all(fields.nth(i).is_checked() for i in range(fields.count()))

    page.click(".select-toggle")

    assert not any(fields.nth(i).is_checked() for i in range(fields.count()))
    assert page.evaluate("window.__cspViolations") == []
