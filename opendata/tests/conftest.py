# The browser's page (the browser itself is the root conftest's) and the member states of the
# dashboards' browser tests, for this app's browser tests.
from dashboards.tests.test_browser import member_states, page  # noqa: F401
