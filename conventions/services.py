"""Writing the treaty record."""

from pathlib import Path

import tablib
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from tracker.importing import dataset_import

REFERENCE_DIR = settings.BASE_DIR / "fixtures"


def reference_files() -> list[tuple[str, type]]:
    """Every app's reference files, apps in INSTALLED_APPS order (each lists its own in order)."""
    return [
        (name, import_string(resource))
        for config in apps.get_app_configs()
        for name, resource in getattr(config, "reference_files", [])
    ]


@transaction.atomic
def reference_data_load(directory: Path = REFERENCE_DIR) -> dict[str, dict[str, int]]:
    """Load the committed reference record; rows already as in the files are left untouched.

    All files load in one transaction: a bad row anywhere leaves the database as it was and
    raises ``ImportRefused`` naming the file, row and column.
    """
    totals = {}
    for name, resource_class in reference_files():
        text = (directory / name).read_text(encoding="utf-8")
        dataset = tablib.Dataset().load(text, format="csv")
        result = dataset_import(resource_class(), dataset, source=name)
        totals[name] = {kind: count for kind, count in result.totals.items() if count}
    return totals
