"""Writing the treaty record."""

from pathlib import Path

import tablib
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from conventions.models import Objection, Participation, ParticipationNotice, Reservation
from conventions.signals import history_recorded, record_saved
from tracker.importing import dataset_import
from tracker.permissions import permission_check

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
    raises ``ImportRefused`` naming the file, row and column. It drafts no notification: the
    reference record is history, published by ``build_notifications --backfill``.
    """
    totals = {}
    for name, resource_class in reference_files():
        text = (directory / name).read_text(encoding="utf-8")
        dataset = tablib.Dataset().load(text, format="csv")
        result = dataset_import(resource_class(notify=False), dataset, source=name)
        totals[name] = {kind: count for kind, count in result.totals.items() if count}
    return totals


# Every write of a participation, reservation, objection or notice goes through these, whatever
# the path (the admin's pages and inlines, spreadsheet imports, the API): each announces what it
# saved (``record_saved``), on which the notifications app drafts the depositary notification of
# what the write adds to the record.


def _stored_before(model, pk):
    """The stored row of a record about to be saved, locked until the write commits; None if new."""
    if pk is None:
        return None
    return model.objects.select_for_update().filter(pk=pk).values().first()


def _announce(model, saved, *, by_user=None, source: str = "") -> list:
    """Send ``record_saved`` for ``saved`` (records with their stored rows before the save) and
    return what the receivers made."""
    responses = record_saved.send(sender=model, saved=saved, by_user=by_user, source=source)
    return [made for _receiver, made_list in responses for made in made_list]


@transaction.atomic
def participation_record(participation, *, by_user=None, source: str = "", notify: bool = True):
    """Save a participation (validated) and draft a notification for each action it adds or
    re-dates; the drafts are returned."""
    permission_check(
        by_user, "conventions.change_participation" if participation.pk else "conventions.add_participation"
    )
    before = _stored_before(Participation, participation.pk)
    participation.full_clean(validate_unique=participation.pk is None)
    participation.save()
    if not notify:
        return []
    return _announce(Participation, [(participation, before)], by_user=by_user, source=source)


@transaction.atomic
def participations_recorded(history, *, source: str) -> int:
    """Draft the depositary notifications of what the historical participation rows ``history``
    (a queryset, already written) added to the record, each participation's rows compared with its
    row before them; set-based. The number of notifications drafted or re-dated."""
    responses = history_recorded.send(sender=Participation, history=history, source=source)
    return sum(made for _receiver, made in responses)


@transaction.atomic
def reservation_record(reservation, *, by_user=None, source: str = "", notify: bool = True):
    """Save a reservation or declaration (validated) and draft the notification of its making or
    withdrawal (or of a corrected date); the drafts are returned."""
    permission_check(
        by_user, "conventions.change_reservation" if reservation.pk else "conventions.add_reservation"
    )
    before = _stored_before(Reservation, reservation.pk)
    reservation.full_clean()
    reservation.save()
    if not notify:
        return []
    return _announce(Reservation, [(reservation, before)], by_user=by_user, source=source)


@transaction.atomic
def objection_record(objection, *, by_user=None, source: str = "", notify: bool = True):
    """Save an objection to a reservation (validated) and draft the notification of its making or
    withdrawal (or of a corrected date); the drafts are returned."""
    permission_check(by_user, "conventions.change_objection" if objection.pk else "conventions.add_objection")
    before = _stored_before(Objection, objection.pk)
    objection.full_clean()
    objection.save()
    if not notify:
        return []
    return _announce(Objection, [(objection, before)], by_user=by_user, source=source)


@transaction.atomic
def participation_notice_record(notice, *, by_user=None, source: str = "", notify: bool = True):
    """Save a territorial or provisional application or a succession (validated) and draft the
    notification of its making or end (or of a corrected date); the drafts are returned."""
    permission_check(
        by_user,
        "conventions.change_participationnotice" if notice.pk else "conventions.add_participationnotice",
    )
    before = _stored_before(ParticipationNotice, notice.pk)
    notice.full_clean()
    notice.save()
    if not notify:
        return []
    return _announce(ParticipationNotice, [(notice, before)], by_user=by_user, source=source)
