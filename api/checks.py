"""A warning when production counts its limits in each process's own memory."""

from django.conf import settings
from django.core.checks import Warning, register

PER_PROCESS_CACHE = "django.core.cache.backends.locmem.LocMemCache"


@register
def limits_counted_in_a_shared_cache(app_configs, **kwargs):
    """Each gunicorn worker would count the API throttle and the mail requests per client on its
    own, so a client would get each rate once per worker."""
    if settings.DEBUG or settings.CACHES["default"]["BACKEND"] != PER_PROCESS_CACHE:
        return []
    return [
        Warning(
            "The API throttle and the mail requests per client are counted in each process's own "
            "memory: with several workers, a client gets each rate once per worker.",
            hint="Set CACHE_URL to a Redis database (redis://host:6379/2).",
            id="api.W001",
        )
    ]
