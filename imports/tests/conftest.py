import os

import pytest

from outbox.tests.fixtures import broker, real_parts, smtp_server, start_worker  # noqa: F401
from outbox.tests.workers import RedisQueue


@pytest.fixture
def worker_queue() -> RedisQueue:
    """The Redis database of the imports' real-worker tests."""
    return RedisQueue(int(os.environ.get("IMPORTS_TEST_REDIS_DB", "12")))
