"""Making a release of the data package."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from opendata.changelog import table_changes
from opendata.models import DataRelease, DataReleaseFile
from opendata.package import data_package_build, record_checksum, record_tables


@dataclass(frozen=True)
class ReleaseOutcome:
    """What ``data_release_make`` did, or would do on a dry run."""

    # The release made (or that would be made); the latest one when the record is unchanged.
    version: int
    made: bool
    record_changed: bool
    # Per table, the keys of the rows added, removed and changed since the latest release.
    changes: dict


@transaction.atomic
def data_release_make(*, dry_run: bool = False) -> ReleaseOutcome:
    """Release the record as the next version of the data package, unless it is unchanged.

    The tables are compared with the latest release's by checksum; the changes per table are
    read from that release's stored files. With ``dry_run`` nothing is written. Two releases
    made at once cannot both take a number: the version is unique.
    """
    latest = DataRelease.objects.order_by("-version").first()
    tables = record_tables()
    checksum = record_checksum(tables)
    if latest and latest.record_checksum == checksum:
        return ReleaseOutcome(latest.version, made=False, record_changed=False, changes={})
    version = latest.version + 1 if latest else 1
    changes = {}
    if latest:
        before = {name: bytes(content) for name, content in latest.files.values_list("name", "content")}
        changes = table_changes(before, {table.name: table.content for table in tables})
    if dry_run:
        return ReleaseOutcome(version, made=False, record_changed=True, changes=changes)
    created_at = timezone.now()
    release = DataRelease(version=version, created_at=created_at, record_checksum=checksum, changes=changes)
    release.full_clean()
    release.save()
    package = data_package_build(version=version, created=created_at, tables=tables)
    DataReleaseFile.objects.bulk_create(
        DataReleaseFile(
            release=release, name=file.name, content=file.content, sha256=file.sha256, rows=file.rows
        )
        for file in package.files
    )
    return ReleaseOutcome(version, made=True, record_changed=True, changes=changes)
