"""The record's admin export: written as it is read, in a fixed number of queries, and the same
file as django-import-export's own export of the resource."""

import io

import openpyxl
import pytest

from conventions.models import Participation, Reservation
from conventions.resources import ParticipationResource, ReservationResource
from conventions.tests.factories import ConventionFactory, ParticipationFactory, ReservationFactory
from states.tests.factories import StateFactory
from tracker.record_admin import CSV, XLSX
from tracker.tests.admin_pages import admin_url, secretariat_user

pytestmark = pytest.mark.django_db

FORMATS = {"csv": "0", "xlsx": "1"}


@pytest.fixture
def secretariat(client):
    client.force_login(secretariat_user(username="clerk"))


def export(client, model, file_format):
    page = client.get(admin_url(model, "export"))
    selected = {
        name: "on"
        for name, field in page.context["form"].fields.items()
        if getattr(field, "is_selectable_field", False)
    }
    return client.post(admin_url(model, "export"), {"format": FORMATS[file_format], **selected})


def grow(participations):
    """``participations`` more records, each under a new convention with a new state, and a
    reservation for each: any query made per line would show."""
    for _ in range(participations):
        participation = ParticipationFactory(convention=ConventionFactory(), state=StateFactory())
        ReservationFactory(participation=participation)


EXPORT_QUERIES = [
    "the session",
    "the signed-in user",
    "the user's own permissions",
    "the permissions of the user's groups",
    "the conventions, for the list's convention filter (the changelist is built for its filters)",
    "the lines, each with its convention and state, read as they are written",
]


@pytest.mark.parametrize("model", [Participation, Reservation])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_runs_the_same_queries_whatever_the_number_of_lines(
    client, secretariat, django_assert_num_queries, model, file_format
):
    url = admin_url(model, "export")
    form = client.get(url).context["form"]
    selected = {
        name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)
    }
    lines_seen = []
    for more in (2, 12):
        grow(more)
        with django_assert_num_queries(len(EXPORT_QUERIES)):
            response = client.post(url, {"format": FORMATS[file_format], **selected})
            body = response.getvalue()
        lines_seen.append(body)
    assert len(lines_seen[1]) > len(lines_seen[0])


def test_the_export_is_streamed(client, secretariat):
    grow(3)

    assert export(client, Participation, "csv").streaming
    assert export(client, Participation, "xlsx").streaming


@pytest.mark.usefixtures("reference_record")
@pytest.mark.parametrize(
    ("model", "resource_class"), [(Participation, ParticipationResource), (Reservation, ReservationResource)]
)
def test_the_csv_of_the_reference_record_is_the_librarys_own_export(
    client, secretariat, model, resource_class
):
    expected = CSV().export_data(resource_class().export(model.objects.all()))

    response = export(client, model, "csv")

    assert response["Content-Disposition"].startswith(f'attachment; filename="{model.__name__}-')
    assert response.getvalue().decode() == expected


@pytest.mark.usefixtures("reference_record")
@pytest.mark.parametrize(
    ("model", "resource_class"), [(Participation, ParticipationResource), (Reservation, ReservationResource)]
)
def test_the_xlsx_of_the_reference_record_holds_the_librarys_cells(
    client, secretariat, model, resource_class
):
    expected = openpyxl.load_workbook(
        io.BytesIO(XLSX().export_data(resource_class().export(model.objects.all())))
    ).active

    sheet = openpyxl.load_workbook(io.BytesIO(export(client, model, "xlsx").getvalue())).active

    def cells(sheet):
        return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]

    assert cells(sheet) == cells(expected)
    assert len(cells(sheet)) == model.objects.count() + 1
    assert sheet.title == model.__name__
    assert sheet["A1"].font.bold
