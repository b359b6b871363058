"""In a real browser: another site frames the widget, and no other page; the new pages fit a phone."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dashboards.tests.test_browser import BROWSER_TEST_MARKS, PHONE
from opendata.services import data_release_make
from tracker.tests.test_csp_browser import _violations

pytestmark = BROWSER_TEST_MARKS


@pytest.fixture
def member_state_site():
    """A member state's site: another origin than the tracker's, on its own loopback server (a
    page the browser made up itself would count as public, and Chromium lets no public page
    frame a local one). Serves the page it is given, whatever the path."""
    served = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(served["page"].encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def site(page: str) -> str:
        served["page"] = page
        return f"http://127.0.0.1:{server.server_port}/"

    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, locale="en-US")
    yield context.new_page()
    context.close()


def test_another_site_may_frame_the_widget_and_no_other_page(
    page, live_server, member_states, member_state_site
):
    site = member_state_site(f"""<!DOCTYPE html><html><body>
      <iframe name="widget" src="{live_server.url}/conventions/A-66/widget/"></iframe>
      <iframe name="status" src="{live_server.url}/conventions/A-66/"></iframe>
    </body></html>""")
    refused = []
    page.on("console", lambda message: refused.append(message.text))

    page.goto(site)
    page.wait_for_load_state("networkidle")

    assert page.frame(name="widget").locator("#count-parties").inner_text() == "3"
    assert page.frame(name="status").locator("main table").count() == 0
    assert any("frame-ancestors" in text for text in refused), refused


def test_the_widget_and_the_releases_page_break_no_rule_of_the_policy(page, live_server, member_states):
    data_release_make()

    found = _violations(
        page,
        live_server.url,
        {"/conventions/A-66/widget/": "#count-parties", "/open-data/releases/": "#release-1"},
    )

    assert found == {}


@pytest.mark.parametrize("path", ["/open-data/", "/open-data/releases/", "/conventions/A-66/widget/"])
def test_the_new_pages_fit_a_phone(phone_page, live_server, member_states, path):
    data_release_make()

    phone_page.goto(live_server.url + path)

    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
