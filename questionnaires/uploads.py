"""What a questionnaire document may be: a PDF, DOCX or XLSX file of at most 10 MB.

The name's extension is only a claim; the content decides. A PDF begins with ``%PDF-`` and ends
with ``%%EOF``; DOCX and XLSX are ZIP packages whose member list names the main part of a Word
document or of an Excel workbook, and which would not unpack to more than 100 MB. Reading the
ZIP's directory does not unpack anything.
"""

import os
import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
# A PDF ends with this marker, within its last bytes (some writers add a line or two after it).
PDF_END = b"%%EOF"
PDF_END_WITHIN = 1024
# What a package may unpack to, by its own directory: far above any real questionnaire, far
# below what a crafted one (a "zip bomb") would make whoever opens it unpack.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


class DocumentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word document (DOCX)")
    XLSX = "xlsx", _("Excel workbook (XLSX)")


# The part every Office Open XML package of that kind contains.
PACKAGE_MAIN_PART = {DocumentKind.DOCX: "word/document.xml", DocumentKind.XLSX: "xl/workbook.xml"}
CONTENT_TYPES = {
    DocumentKind.PDF: "application/pdf",
    DocumentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def document_kind(uploaded) -> DocumentKind:
    """The kind of an uploaded file, read from its content; ``ValidationError`` if refused."""
    extension = os.path.splitext(uploaded.name or "")[1].lower().lstrip(".")
    if extension not in DocumentKind.values:
        raise ValidationError(
            _("“%(name)s” is not a PDF, DOCX or XLSX file."), code="extension", params={"name": uploaded.name}
        )
    if uploaded.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={
                "name": uploaded.name,
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(MAX_DOCUMENT_BYTES),
            },
        )
    if uploaded.size == 0:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": uploaded.name})
    kind = DocumentKind(extension)
    if not _content_matches(uploaded, kind):
        raise ValidationError(
            _("“%(name)s” is named .%(extension)s but its content is not of that kind."),
            code="content",
            params={"name": uploaded.name, "extension": extension},
        )
    return kind


def _content_matches(uploaded, kind: DocumentKind) -> bool:
    uploaded.seek(0)
    try:
        if kind == DocumentKind.PDF:
            if uploaded.read(len(PDF_MAGIC)) != PDF_MAGIC:
                return False
            uploaded.seek(max(uploaded.size - PDF_END_WITHIN, 0))
            return PDF_END in uploaded.read()
        try:
            with zipfile.ZipFile(uploaded) as package:
                members = package.infolist()
        except (zipfile.BadZipFile, OSError):
            return False
        names = {member.filename for member in members}
        unpacked = sum(member.file_size for member in members)
        return {"[Content_Types].xml", PACKAGE_MAIN_PART[kind]} <= names and unpacked <= MAX_UNPACKED_BYTES
    finally:
        uploaded.seek(0)


def document_upload_path(document, filename: str) -> str:
    # The stored name is random: the state's own file name is kept in the record, and a name
    # chosen by the uploader never becomes a path on the server.
    extension = os.path.splitext(filename)[1].lower()
    return f"questionnaire-documents/{uuid.uuid4().hex}{extension}"
