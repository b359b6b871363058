"""A document is kept only if its content is the PDF, DOCX or XLSX its name says."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from questionnaires.tests.files import DOCX_BYTES, PDF_BYTES, docx, package, pdf, xlsx, xlsx_bytes
from questionnaires.uploads import MAX_DOCUMENT_BYTES, DocumentKind, document_kind


@pytest.mark.parametrize(
    ("uploaded", "kind"),
    [
        (pdf(), DocumentKind.PDF),
        (docx(), DocumentKind.DOCX),
        (xlsx(), DocumentKind.XLSX),
        (pdf("ANSWERS.PDF"), "pdf"),
    ],
    ids=["pdf", "docx", "xlsx", "capital-extension"],
)
def test_real_documents_are_recognised(uploaded, kind):
    assert document_kind(uploaded) == kind
    # The check leaves the file ready to be saved from its start.
    assert uploaded.read(2) == (b"%P" if kind == "pdf" else b"PK")


@pytest.mark.parametrize(
    ("name", "content", "code", "words"),
    [
        ("answers.doc", b"\xd0\xcf\x11\xe0 old Word", "extension", "not a PDF, DOCX or XLSX"),
        ("answers.exe", b"MZ\x90\x00", "extension", "not a PDF, DOCX or XLSX"),
        ("answers", PDF_BYTES, "extension", "not a PDF, DOCX or XLSX"),
        ("answers.pdf", b"MZ\x90\x00 a program renamed", "content", "its content is not"),
        ("answers.pdf", DOCX_BYTES, "content", "its content is not"),
        ("answers.docx", PDF_BYTES, "content", "its content is not"),
        ("answers.docx", xlsx_bytes(), "content", "its content is not"),
        ("answers.xlsx", DOCX_BYTES, "content", "its content is not"),
        ("answers.xlsx", package("xl/workbook.xml"), "content", "its content is not"),
        ("answers.docx", b"PK\x03\x04 truncated zip", "content", "its content is not"),
        ("answers.pdf", b"", "empty", "is empty"),
    ],
    ids=[
        "legacy-word", "program", "no-extension", "program-named-pdf", "docx-named-pdf", "pdf-named-docx",
        "xlsx-named-docx", "docx-named-xlsx", "zip-without-content-types", "broken-zip", "empty",
    ],
)  # fmt: skip
def test_other_files_are_refused_with_a_reason(name, content, code, words):
    with pytest.raises(ValidationError) as caught:
        document_kind(SimpleUploadedFile(name, content))

    assert caught.value.code == code
    assert words in caught.value.messages[0]
    assert name in caught.value.messages[0]


def test_a_file_over_the_limit_is_refused_before_its_content_is_read():
    big = SimpleUploadedFile("answers.pdf", PDF_BYTES + b"0" * MAX_DOCUMENT_BYTES)

    with pytest.raises(ValidationError) as caught:
        document_kind(big)

    assert caught.value.code == "too_large"
    assert "the limit is 10.0" in caught.value.messages[0]


def test_a_file_at_the_limit_is_kept():
    # Padded inside, so that it still ends as a PDF does.
    padding = b"%" + b"0" * (MAX_DOCUMENT_BYTES - len(PDF_BYTES) - 2) + b"\n"
    at_limit = SimpleUploadedFile("answers.pdf", PDF_BYTES[:9] + padding + PDF_BYTES[9:])

    assert document_kind(at_limit) == DocumentKind.PDF
