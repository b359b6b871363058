import datetime as dt
import io
import os
import tempfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from imports.models import PendingImport
from imports.services import pending_imports_prune
from states.models import MembershipEvent, State
from tracker.tests.admin_pages import admin_url, secretariat_user, signed_in

pytestmark = pytest.mark.django_db

COLUMNS = "iso3,iso2,name_en,name_es,name_fr,name_pt,subregion\n"
ARGENTINA = "ARG,AR,Argentina,Argentina,Argentine,Argentina,south_america\n"


@pytest.fixture
def clerk():
    return signed_in(secretariat_user(username="clerk"))


@pytest.fixture
def colleague():
    return signed_in(secretariat_user(username="colleague"))


def _preview(client, text=COLUMNS + ARGENTINA, name="states.csv", format_index="0"):
    return client.post(
        admin_url(State, "import"),
        {
            "format": format_index,
            "import_file": SimpleUploadedFile(name, text if isinstance(text, bytes) else text.encode()),
        },
    )


def _confirm(client, confirmation, model=State, **changes):
    return client.post(admin_url(model, "process_import"), {**confirmation, **changes})


def test_the_uploader_confirms_her_own_import_and_it_is_forgotten(clerk):
    confirmation = _preview(clerk).context["confirm_form"].initial

    assert _confirm(clerk, confirmation).status_code == 302
    assert list(State.objects.values_list("iso3", flat=True)) == ["ARG"]
    assert not PendingImport.objects.exists()


def test_another_users_pending_import_cannot_be_confirmed_nor_deleted(clerk, colleague):
    confirmation = _preview(clerk).context["confirm_form"].initial

    assert _confirm(colleague, confirmation).status_code == 404
    assert not State.objects.exists()
    # Still there for its owner.
    assert _confirm(clerk, confirmation).status_code == 302
    assert State.objects.filter(iso3="ARG").exists()


def test_a_pending_import_is_confirmed_only_on_the_model_it_was_uploaded_to(clerk):
    confirmation = _preview(clerk).context["confirm_form"].initial

    assert _confirm(clerk, confirmation, model=MembershipEvent).status_code == 404
    assert PendingImport.objects.count() == 1


@pytest.mark.parametrize("made_up", ["0" * 32, "not-a-name", "../../../etc/passwd", "/etc/passwd"])
def test_a_name_the_server_did_not_give_is_refused(clerk, made_up):
    confirmation = _preview(clerk).context["confirm_form"].initial

    assert _confirm(clerk, confirmation, import_file_name=made_up).status_code == 404
    assert not State.objects.exists()
    assert PendingImport.objects.count() == 1


def test_a_file_of_the_temp_folder_is_neither_read_nor_deleted(clerk):
    confirmation = _preview(clerk).context["confirm_form"].initial
    with tempfile.NamedTemporaryFile(delete=False) as other_file:
        other_file.write((COLUMNS + ARGENTINA).encode())
    try:
        for name in (os.path.basename(other_file.name), other_file.name):
            assert _confirm(clerk, confirmation, import_file_name=name).status_code == 404
        assert os.path.exists(other_file.name)
        assert not State.objects.exists()
    finally:
        os.remove(other_file.name)


def test_a_confirmation_in_another_format_than_the_preview_is_refused(clerk):
    confirmation = _preview(clerk).context["confirm_form"].initial

    assert _confirm(clerk, confirmation, format="1").status_code == 400
    assert not State.objects.exists()


@pytest.mark.parametrize("posted", ["x", "7", "-1", ""])
def test_a_confirmation_in_a_format_the_admin_does_not_have_is_refused(clerk, posted):
    confirmation = _preview(clerk).context["confirm_form"].initial

    refused = _confirm(clerk, confirmation, format=posted)

    assert (refused.status_code, list(refused.context["errors"])) == (200, ["format"])
    assert not State.objects.exists()
    assert PendingImport.objects.count() == 1


def test_uploads_older_than_a_day_are_forgotten_and_cannot_be_confirmed(clerk):
    confirmation = _preview(clerk).context["confirm_form"].initial
    _preview(clerk)
    PendingImport.objects.filter(name=confirmation["import_file_name"]).update(
        created_at=timezone.now() - dt.timedelta(days=1, minutes=1)
    )

    assert _confirm(clerk, confirmation).status_code == 404
    assert pending_imports_prune() == 1
    assert PendingImport.objects.count() == 1


def test_a_file_over_the_size_limit_is_refused_on_the_form(clerk, settings):
    settings.IMPORT_MAX_BYTES = 100
    preview = _preview(clerk, COLUMNS + ARGENTINA * 2)

    assert preview.status_code == 200
    assert preview.context["form"].errors["import_file"] == [
        "This file is 174\xa0bytes; an import takes at most 100\xa0bytes. Import it in smaller files."
    ]
    assert not PendingImport.objects.exists()


def _workbook(rows: int) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(COLUMNS.strip().split(","))
    for _ in range(rows):
        sheet.append(ARGENTINA.strip().split(","))
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "format_index"),
    [("states.csv", (COLUMNS + ARGENTINA * 3).encode(), "0"), ("states.xlsx", _workbook(3), "1")],
)
def test_a_file_over_the_row_limit_is_refused_on_the_form(clerk, settings, name, content, format_index):
    settings.IMPORT_MAX_ROWS = 2
    preview = _preview(clerk, content, name, format_index)

    assert preview.status_code == 200
    assert preview.context["form"].errors["import_file"] == [
        "This file has more than 2 rows; import it in files of at most 2 rows."
    ]
    assert "confirm_form" not in preview.context
    assert not State.objects.exists()
