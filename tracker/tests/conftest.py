import io
import logging

import pytest

# The browser's page (the browser itself is the root conftest's) and the member states of the
# reference files, as the dashboards' browser tests make them; tracker's own browser tests use
# the same.
# Argentina's signature of A-66, as the conventions' admin tests edit it (test_locking.py too).
from conventions.tests.conftest import participation  # noqa: F401
from dashboards.tests.test_browser import member_states, page  # noqa: F401


@pytest.fixture
def console_log():
    """What the site writes to its console log (the operator's log) during a test."""
    console = next(handler for handler in logging.getLogger().handlers if handler.name == "console")
    written = io.StringIO()
    earlier = console.setStream(written)
    yield written
    console.setStream(earlier)
