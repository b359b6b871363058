"""Imports that explain themselves: a blank file to fill in for each kind of record, messages
that list the valid values, and a preview that shows each error in the cell it is about."""

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conventions.models import Participation
from states.models import MembershipEvent, MembershipEventKind, State
from states.resources import MembershipEventResource
from states.services import read_only_group_ensure
from states.tests.factories import LiaisonFactory, StateFactory, UserFactory
from tracker.import_templates import VALID_VALUES_SHEET
from tracker.importing import ImportRefused, dataset_import
from tracker.record_admin import CSV, XLSX, RecordAdmin
from tracker.tests.admin_pages import admin_url, secretariat_user, signed_in

pytestmark = pytest.mark.django_db

RECORD_MODELS = sorted(
    (model for model, model_admin in admin.site._registry.items() if isinstance(model_admin, RecordAdmin)),
    key=lambda model: model._meta.label,
)


def _accepted_columns(model) -> list[str]:
    """The columns the model's import reads (its resource's fields that are not read-only)."""
    model_admin = admin.site._registry[model]
    resource_class = model_admin.get_import_resource_classes(None)[0]
    return [field.column_name for field in resource_class().get_import_fields() if not field.readonly]


def _read_only_staff():
    user = UserFactory(is_staff=True)
    user.groups.add(read_only_group_ensure())
    return user


def _template(client, model, extension):
    response = client.get(admin_url(model, f"import_template_{extension}"))
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_outsiders_get_the_sign_in_page_not_a_template(client, extension):
    liaison = LiaisonFactory()
    for browser in (client, signed_in(liaison.user)):
        response = browser.get(admin_url(State, f"import_template_{extension}"))

        assert response.status_code == 302
        assert "/admin/login/" in response.url


def test_staff_who_may_not_view_a_record_get_no_template_of_it():
    response = signed_in(UserFactory(is_staff=True)).get(admin_url(State, "import_template_csv"))

    assert response.status_code == 403


def test_read_only_staff_may_download_templates_but_not_post_to_them():
    browser = signed_in(_read_only_staff())

    assert _template(browser, State, "csv").decode("utf-8-sig").strip() == ",".join(_accepted_columns(State))
    assert browser.post(admin_url(State, "import_template_csv")).status_code == 405


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda model: model._meta.label)
def test_each_kind_of_record_has_templates_headed_with_the_columns_its_import_reads(model):
    browser = signed_in(secretariat_user())
    accepted = _accepted_columns(model)

    header = next(csv.reader(io.StringIO(_template(browser, model, "csv").decode("utf-8-sig"))))
    book = openpyxl.load_workbook(io.BytesIO(_template(browser, model, "xlsx")))
    sheet = book.worksheets[0]

    assert header == accepted
    assert [cell.value for cell in sheet[1]] == accepted
    assert all(cell.comment and cell.comment.text for cell in sheet[1])  # a hint on every column
    assert book[VALID_VALUES_SHEET].sheet_state == "hidden"


def test_the_xlsx_offers_the_states_codes_and_the_choices_as_drop_down_lists():
    StateFactory(iso3="ARG")
    StateFactory(iso3="BRA")
    book = openpyxl.load_workbook(
        io.BytesIO(_template(signed_in(secretariat_user()), MembershipEvent, "xlsx"))
    )
    sheet, lists = book.worksheets[0], book[VALID_VALUES_SHEET]
    header = [cell.value for cell in sheet[1]]

    offered = {}
    for validation in sheet.data_validations.dataValidation:
        column = header[openpyxl.utils.column_index_from_string(str(validation.sqref)[0]) - 1]
        sheet_name, cells = validation.formula1.split("!")
        assert (validation.type, sheet_name) == ("list", f"'{VALID_VALUES_SHEET}'")
        offered[column] = [cell.value for row in lists[cells.replace("$", "")] for cell in row]

    assert offered == {"state": ["ARG", "BRA"], "kind": list(MembershipEventKind.values)}
    hints = {cell.value: cell.comment.text for cell in sheet[1]}
    assert "year-month-day" in hints["occurred_on"]


def test_hints_are_written_in_the_readers_language():
    response = signed_in(secretariat_user()).get(
        admin_url(MembershipEvent, "import_template_xlsx"), HTTP_ACCEPT_LANGUAGE="es"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]

    assert "año-mes-día" in {cell.value: cell.comment.text for cell in sheet[1]}["occurred_on"]


def test_a_template_filled_in_with_a_valid_row_imports():
    StateFactory(iso3="VEN")
    book = openpyxl.load_workbook(
        io.BytesIO(_template(signed_in(secretariat_user()), MembershipEvent, "xlsx"))
    )
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = {
        "state": "VEN",
        "kind": "denunciation_notified",
        "occurred_on": "2017-04-28",
        "reference": "OEA/Ser.G",
    }
    sheet.append([row.get(column) for column in header])
    filled = io.BytesIO()
    book.save(filled)

    dataset_import(MembershipEventResource(), XLSX().create_dataset(filled.getvalue()))

    event = MembershipEvent.objects.get()
    assert (event.state.iso3, event.kind, event.occurred_on) == (
        "VEN",
        MembershipEventKind.DENUNCIATION_NOTIFIED,
        dt.date(2017, 4, 28),
    )


def _refusal(text: str) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        dataset_import(MembershipEventResource(), CSV().create_dataset(text))
    return [str(problem) for problem in refused.value.problems]


def test_a_wrong_choice_is_refused_with_the_valid_values_listed():
    StateFactory(iso3="VEN")

    (problem,) = _refusal("state,kind,occurred_on\nVEN,walked_out,2017-04-28\n")

    assert "“walked_out”" in problem
    assert ", ".join(MembershipEventKind.values) in problem


def test_an_unknown_state_code_is_refused_with_the_valid_codes_listed():
    StateFactory(iso3="ARG")
    StateFactory(iso3="VEN")

    (problem,) = _refusal("state,kind,occurred_on\nXYZ,suspended,2017-04-28\n")

    assert "“XYZ”" in problem and "ARG, VEN" in problem


def test_the_preview_shows_each_error_in_the_cell_it_is_about_in_words():
    StateFactory(iso3="VEN")
    upload = SimpleUploadedFile(
        "events.csv", b"state,kind,occurred_on\nVEN,suspended,2017-04-28\nVEN,walked_out,2018-01-02\n"
    )

    page = signed_in(secretariat_user()).post(
        admin_url(MembershipEvent, "import"), {"format": 0, "import_file": upload}
    )
    html = page.content.decode()

    assert page.status_code == 200
    cells = re.findall(r'<td class="cell-in-error" data-column="kind">(.*?)</td>', html, re.S)
    assert len(cells) == html.count('class="cell-in-error"') == 1  # the kind of row 3, and no other cell
    assert cells[0].strip().startswith("walked_out")
    assert "Error:" in cells[0] and "suspension_lifted" in cells[0]
    assert '<th scope="row">3</th>' in html
    assert "validation-error-container" not in html  # no message left to a hover


def test_the_import_page_links_to_its_templates():
    page = signed_in(secretariat_user()).get(admin_url(MembershipEvent, "import"))

    assert page.status_code == 200
    for extension in ("csv", "xlsx"):
        assert f'href="{admin_url(MembershipEvent, f"import_template_{extension}")}"' in page.content.decode()


def test_a_template_reads_each_list_of_valid_values_once_however_long():
    browser = signed_in(secretariat_user())
    counts = []
    for states in (2, 12):
        StateFactory.create_batch(states)
        with CaptureQueriesContext(connection) as queries:
            _template(browser, Participation, "xlsx")
        counts.append(len(queries))

    assert counts[0] == counts[1]
