"""Writing the treaty record."""

from pathlib import Path

import tablib
from django.conf import settings
from django.db import transaction

from conventions.resources import BodyResource, ConventionResource, ParticipationResource, ReservationResource
from states.resources import MembershipEventResource, StateResource
from tracker.importing import dataset_import

REFERENCE_DIR = settings.BASE_DIR / "fixtures"

# Files in the order their rows depend on each other.
REFERENCE_FILES = [
    ("bodies.csv", BodyResource),
    ("states.csv", StateResource),
    ("membership_events.csv", MembershipEventResource),
    ("conventions.csv", ConventionResource),
    ("participations.csv", ParticipationResource),
    ("reservations.csv", ReservationResource),
]


@transaction.atomic
def reference_data_load(directory: Path = REFERENCE_DIR) -> dict[str, dict[str, int]]:
    """Load the committed reference record; rows already as in the files are left untouched.

    All files load in one transaction: a bad row anywhere leaves the database as it was and
    raises ``ImportRefused`` naming the file, row and column.
    """
    totals = {}
    for name, resource_class in REFERENCE_FILES:
        text = (directory / name).read_text(encoding="utf-8")
        dataset = tablib.Dataset().load(text, format="csv")
        result = dataset_import(resource_class(), dataset, source=name)
        totals[name] = {kind: count for kind, count in result.totals.items() if count}
    return totals
