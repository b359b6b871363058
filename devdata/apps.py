from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Development data: a synthetic record of depositary size, for benchmarks and scale tests.

    It writes to every app's models, so it sits above them all: no domain app imports it.
    """

    name = "devdata"
    verbose_name = "Development data"
