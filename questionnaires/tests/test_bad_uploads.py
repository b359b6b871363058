"""Generated bad documents uploaded by a liaison: each refused beside the file field, nothing kept.

Programs and other files under a document's name, PDF headers followed by junk, workbooks that
are not, zip packages that would unpack to far more than they weigh, empty and oversize files,
wrong extensions: the page answers 400 with the reason under the field, and neither the
database nor the media folder gains anything.
"""

import io
import re
import zipfile
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from questionnaires.tests.files import DOCX_BYTES, PDF_BYTES, xlsx_bytes
from questionnaires.uploads import MAX_DOCUMENT_BYTES
from tracker.tests.bad_input import bad_input_settings, record_fingerprint, tally

EXTENSIONS = ["pdf", "docx", "xlsx"]
PROGRAM_HEADERS = [b"MZ\x90\x00\x03", b"\x7fELF\x02\x01", b"#!/bin/sh\n", b"\xca\xfe\xba\xbe", b"<?php "]


def _package(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _bomb(main_part: str, megabytes: int) -> bytes:
    """A real-looking package whose one part unpacks to ``megabytes`` of zeros (it weighs KBs)."""
    return _package({"[Content_Types].xml": b"<xml/>", main_part: b"\0" * (megabytes * 1024 * 1024)})


# Built once: squeezing hundreds of megabytes takes a moment.
BOMBS = {
    "docx": _bomb("word/document.xml", 300),
    "xlsx": _bomb("xl/workbook.xml", 300),
}

BAD_DOCUMENTS = st.one_of(
    # a program (or script) named as a document
    st.tuples(st.sampled_from(PROGRAM_HEADERS), st.binary(max_size=500), st.sampled_from(EXTENSIONS)).map(
        lambda parts: (f"answers.{parts[2]}", parts[0] + parts[1])
    ),
    # a PDF's first bytes and then anything but a PDF
    st.binary(min_size=1, max_size=2_000).map(lambda junk: ("answers.pdf", b"%PDF-1.7\n" + junk)),
    # random bytes, under each name
    st.tuples(st.binary(min_size=1, max_size=2_000), st.sampled_from(EXTENSIONS)).map(
        lambda parts: (f"answers.{parts[1]}", parts[0])
    ),
    # one kind of document named as another
    st.sampled_from(
        [("answers.docx", PDF_BYTES), ("answers.xlsx", DOCX_BYTES), ("answers.pdf", DOCX_BYTES)]
    ),
    st.just(("answers.docx", xlsx_bytes())),
    # a zip that is no Office package
    st.just(("answers.docx", _package({"readme.txt": b"hello"}))),
    # packages that would unpack to hundreds of megabytes
    st.sampled_from([("answers.docx", BOMBS["docx"]), ("answers.xlsx", BOMBS["xlsx"])]),
    # empty files, and good content under a name that is not a document's
    st.sampled_from(EXTENSIONS).map(lambda extension: (f"answers.{extension}", b"")),
    st.tuples(
        st.sampled_from(["answers.exe", "answers.pdf.exe", "answers", "answers.doc", ".pdf", "answers.PDF "]),
        st.just(PDF_BYTES),
    ),
)


def upload_url(submission):
    return reverse("questionnaires:document_upload", args=[submission.pk])


def _field_error(response) -> str:
    found = re.search(r'id="id_file_error"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    return unescape(found.group(1)) if found else ""


def test_bad_documents_are_refused_beside_the_field_and_nothing_is_kept(client, liaison, submission, media):
    client.force_login(liaison)
    before = record_fingerprint()

    @bad_input_settings(40)
    @given(document=BAD_DOCUMENTS)
    def refused(document):
        name, content = document
        response = client.post(upload_url(submission), {"file": SimpleUploadedFile(name, content)})

        assert response.status_code == 400
        assert _field_error(response)
        assert record_fingerprint() == before
        assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))
        tally("questionnaire document uploads")

    refused()


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_an_oversize_document_is_refused(client, liaison, submission, extension):
    client.force_login(liaison)
    before = record_fingerprint()
    content = {"pdf": PDF_BYTES, "docx": DOCX_BYTES, "xlsx": xlsx_bytes()}[extension]

    response = client.post(
        upload_url(submission),
        {"file": SimpleUploadedFile(f"big.{extension}", content + b"0" * MAX_DOCUMENT_BYTES)},
    )

    assert response.status_code == 400
    assert "the limit is" in _field_error(response)
    assert record_fingerprint() == before
