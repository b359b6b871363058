"""Reading the data package's releases."""

from django.db.models import Prefetch, QuerySet

from opendata.models import DataRelease, DataReleaseFile


def release_list() -> QuerySet[DataRelease]:
    """Releases, latest first, each with its files' names, checksums and sizes (not their
    contents): two queries, one for the releases and one for all their files."""
    files = DataReleaseFile.objects.defer("content").order_by("name")
    return DataRelease.objects.order_by("-version").prefetch_related(Prefetch("files", queryset=files))


def release_files(version: int) -> list[DataReleaseFile]:
    """Every file of release ``version`` with its content and release (one query); empty when
    there is no such release."""
    return list(DataReleaseFile.objects.filter(release__version=version).select_related("release"))


def release_file(version: int, name: str) -> DataReleaseFile | None:
    """One file of release ``version`` (one query), or None."""
    return (
        DataReleaseFile.objects.filter(release__version=version, name=name).select_related("release").first()
    )


def latest_release_version() -> int | None:
    return DataRelease.objects.order_by("-version").values_list("version", flat=True).first()
