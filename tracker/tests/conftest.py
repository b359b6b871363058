# The browser and its page, and the member states of the reference files, as the dashboards'
# browser tests make them; tracker's own browser tests (test_csp_browser.py) use the same.
from dashboards.tests.test_browser import browser, member_states, page  # noqa: F401
