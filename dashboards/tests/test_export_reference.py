"""The matrix files on the reference record hold what the overview page shows: the same states,
conventions, statuses, dates and counts, for any date and filters."""

import csv
import datetime as dt
import io

import pytest
from django.http import QueryDict
from django.urls import reverse
from openpyxl import load_workbook

from conventions.models import Convention
from conventions.selectors import treaty_statuses_as_of, treaty_statuses_streamed
from dashboards.presenters import matrix_table
from dashboards.selectors import overview_get
from states.models import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_record")]

QUERIES = [
    "as_of=2024-06-30",
    # Before A-66 was in force, with signatures and deposits known only to the month.
    "as_of=2003-01-01",
    "as_of=1998-06-01",
    "as_of=2024-06-30&subregion=south_america",
    "as_of=2024-06-30&status=party&convention=A-63",
    "as_of=2010-01-01&standing=member&q=an",
]


def page_lines(query: str) -> list[list]:
    """The overview page's table, line by line, from the page's own selector and presenter."""
    filters = QueryDict(query)
    overview = overview_get(
        filters, as_of=dt.date.fromisoformat(filters["as_of"]), convention_code=filters.get("convention")
    )
    table = matrix_table(overview)
    header = ["State", "ISO code", "Subregion", "OAS membership"]
    for treaty in overview.columns:
        header += [f"{treaty.convention.code} status", f"{treaty.convention.code} since"]
    lines = [header]
    for row in table.rows:
        line = [row.state.name, row.state.iso3, row.state.get_subregion_display(), row.standing.label]
        for cell in row.cells:
            line += [cell.status.status.label, cell.date_text]
        lines.append(line)
    for label, count in (
        ("Signatories", lambda t: t.signatories),
        ("Parties", lambda t: t.parties),
        ("In force for", lambda t: t.in_force),
        ("Denounced", lambda t: t.denounced),
        ("Uncertain", lambda t: t.uncertain),
    ):
        line = [label, "", "", ""]
        for treaty in overview.columns:
            line += [count(treaty), ""]
        lines.append(line)
    return lines


def export(client, file_format, query):
    url = reverse("dashboards:overview_export", kwargs={"file_format": file_format})
    return client.get(f"{url}?{query}")


@pytest.mark.parametrize("query", QUERIES)
def test_the_csv_is_the_pages_table(client, staff, query):
    client.force_login(staff)

    response = export(client, "csv", query)

    assert response.streaming
    lines = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert lines == [[str(value) for value in line] for line in page_lines(query)]


@pytest.mark.parametrize("query", QUERIES)
def test_the_xlsx_holds_the_pages_cells(client, staff, query):
    client.force_login(staff)

    response = export(client, "xlsx", query)

    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    cells = [[cell.value if cell.value is not None else "" for cell in row] for row in sheet.iter_rows()]
    assert cells == page_lines(query)
    assert sheet.freeze_panes == "C2"
    assert all(cell.font.bold for cell in sheet[1])


@pytest.mark.parametrize(
    ("as_of", "reservations_in_effect"),
    [(dt.date(1998, 6, 1), False), (dt.date(2003, 1, 1), True), (dt.date(2024, 6, 30), True)],
)
def test_statuses_read_one_convention_at_a_time_are_those_read_at_once(as_of, reservations_in_effect):
    conventions = list(Convention.objects.order_by("pk"))
    states = list(State.objects.exclude(subregion="caribbean"))

    streamed = list(treaty_statuses_streamed(conventions, states, as_of, chunk_size=7))

    assert streamed == treaty_statuses_as_of(conventions, as_of, states)
    assert any(row.reservations for treaty in streamed for row in treaty.states) == reservations_in_effect
