"""Writing records in bulk with their history entries, as ``save()`` would record them."""

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from tracker.locking import is_versioned


def records_save_in_bulk(model, created, updated, *, fields):
    """Insert ``created`` and update ``fields`` of ``updated``, each with its history entry.

    The change reason and user of each entry are the instance's (``_change_reason``,
    ``_history_user``) or, as for ``save()``, the user of the request being served.
    A versioned record's version goes up as a save's would: a form opened before is stale.
    """
    if created:
        bulk_create_with_history(created, model)
    if updated:
        if is_versioned(model):
            for instance in updated:
                instance.version += 1
            fields = [*fields, "version"]
        bulk_update_with_history(updated, model, fields)
