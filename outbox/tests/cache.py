"""A cache that cannot be reached, for tests of what the limits do when Redis is down."""

from django.test import override_settings

from outbox.tests.smtp import free_port


def cache_unreachable():
    """Settings whose cache is a Redis on a port where nothing listens."""
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            }
        }
    )
