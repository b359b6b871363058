"""Small documents for upload tests: real PDF, DOCX and XLSX content, and impostors."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def package(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in members:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Questionnaire"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


DOCX_BYTES = package("[Content_Types].xml", "_rels/.rels", "word/document.xml")


def pdf(name="answers.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def docx(name="answers.docx"):
    return SimpleUploadedFile(name, DOCX_BYTES)


def xlsx(name="answers.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes())
