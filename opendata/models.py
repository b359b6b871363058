from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tracker.constraints import FieldCheckConstraint

# A SHA-256 digest written as 64 lower-case hexadecimal digits.
SHA256_HEX = r"^[0-9a-f]{64}$"


class DataRelease(models.Model):
    """One published version of the data package. Releases are never changed once made."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    created_at = models.DateTimeField(_("created at"))
    # Of the data files only (not datapackage.json, which names the version and the date): the
    # next release is made only when this differs from the latest one's.
    record_checksum = models.CharField(_("checksum of the record"), max_length=64)
    # Per table, the keys of the rows added, removed and changed since the previous release;
    # empty for the first.
    changes = models.JSONField(_("changes since the previous release"), default=dict, blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("data release")
        verbose_name_plural = _("data releases")
        constraints = [
            FieldCheckConstraint(
                condition=Q(version__gte=1),
                name="datarelease_version_from_one",
                field="version",
                violation_error_message=_("Versions are numbered from 1."),
            ),
            FieldCheckConstraint(
                condition=Q(record_checksum__regex=SHA256_HEX),
                name="datarelease_checksum_is_sha256",
                field="record_checksum",
                violation_error_message=_("The checksum is a SHA-256 digest in hexadecimal."),
            ),
        ]

    def __str__(self):
        return str(self.version)

    def get_absolute_url(self):
        return reverse("opendata:release_zip", args=[self.version])


class DataReleaseFile(models.Model):
    """A file of a release (a table's CSV or ``datapackage.json``), kept as it was published."""

    release = models.ForeignKey(
        DataRelease, on_delete=models.PROTECT, related_name="files", verbose_name=_("release")
    )
    name = models.CharField(_("file name"), max_length=100)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # Data rows of a table (its header not counted); empty for datapackage.json.
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)

    class Meta:
        ordering = ["release", "name"]
        verbose_name = _("data release file")
        verbose_name_plural = _("data release files")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "name"],
                name="datareleasefile_once_per_release",
                violation_error_message=_("This release already has a file of this name."),
            ),
            FieldCheckConstraint(
                condition=Q(sha256__regex=SHA256_HEX),
                name="datareleasefile_sha256_is_hex",
                field="sha256",
                violation_error_message=_("The checksum is a SHA-256 digest in hexadecimal."),
            ),
        ]

    def __str__(self):
        return f"{self.release.version}/{self.name}"

    def get_absolute_url(self):
        return reverse("opendata:release_file", args=[self.release.version, self.name])
