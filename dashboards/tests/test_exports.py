"""Exports of the overview as shown, and the printable status table."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conventions.models import Convention
from conventions.presenters import status_table
from conventions.selectors import treaty_status_as_of
from conventions.tests.factories import ConventionFactory, ParticipationFactory, ReservationFactory
from dashboards.pdf import _ref_letter, convention_status_pdf
from dashboards.tests.conftest import ADOPTED
from dashboards.tests.test_views import SESSION_QUERIES
from states.models import State, Subregion
from states.tests.factories import StateFactory, UserFactory
from tracker.spreadsheets import formula_escaped

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("Peru", "Peru"),
        ("2005-12", "2005-12"),
        ("", ""),
        (-4, -4),
        (12, 12),
    ],
)
def test_formula_escaped_defuses_what_would_start_a_formula(value, safe):
    assert formula_escaped(value) == safe


@pytest.fixture
def record():
    convention = ConventionFactory(code="A-66", adopted_on=ADOPTED, entry_into_force_on=dt.date(2003, 7, 10))
    peru = StateFactory(iso3="PER", iso2="PE", name_en="Peru", subregion=Subregion.SOUTH_AMERICA)
    # A name a spreadsheet would run, had it not been escaped.
    rogue = StateFactory(iso3="ROG", iso2="RG", name_en="=1+2", subregion=Subregion.CARIBBEAN)
    ParticipationFactory(
        convention=convention,
        state=peru,
        deposit_earliest=dt.date(2005, 12, 1),
        deposit_latest=dt.date(2005, 12, 31),
    )
    ParticipationFactory(convention=convention, state=rogue)
    return convention


def export_url(file_format, **query):
    url = reverse("dashboards:overview_export", kwargs={"file_format": file_format})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exports_send_an_anonymous_visitor_to_sign_in(client, file_format):
    response = client.get(export_url(file_format))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exports_are_not_found_for_a_liaison(client, peru_liaison, file_format):
    client.force_login(peru_liaison.user)

    assert client.get(export_url(file_format)).status_code == 404


def test_an_unknown_export_format_is_not_found(client, staff):
    client.force_login(staff)

    assert client.get("/dashboard/overview/export.exe").status_code == 404


def read_csv(response):
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_csv_is_the_table_as_shown_with_its_counts(client, staff, record):
    client.force_login(staff)

    response = client.get(export_url("csv", as_of="2024-01-01"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="treaty-status-2024-01-01.csv"' in response["Content-Disposition"]
    lines = read_csv(response)
    assert lines[0] == ["State", "ISO code", "Subregion", "OAS membership", "A-66 status", "A-66 since"]
    assert lines[1] == ["'=1+2", "ROG", "Caribbean", "Member", "Signatory", "2002-06-03"]
    assert lines[2] == ["Peru", "PER", "South America", "Member", "Party", "2005-12"]
    assert lines[3] == ["Signatories", "", "", "", "2", ""]
    assert lines[4] == ["Parties", "", "", "", "1", ""]


def test_csv_applies_the_filters_and_the_date(client, staff, record):
    client.force_login(staff)

    lines = read_csv(client.get(export_url("csv", as_of="2005-01-01", subregion="south_america")))

    assert lines[1] == ["Peru", "PER", "South America", "Member", "Signatory", "2002-06-03"]
    assert lines[2] == ["Signatories", "", "", "", "1", ""]
    assert lines[3] == ["Parties", "", "", "", "0", ""]


def test_xlsx_holds_the_same_cells_and_runs_no_formula(client, staff, record):
    client.force_login(staff)

    response = client.get(export_url("xlsx", as_of="2024-01-01"))

    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.title == "2024-01-01"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[1][:5] == ["'=1+2", "ROG", "Caribbean", "Member", "Signatory"]
    assert sheet["A2"].data_type == "s"
    assert rows[2][4:] == ["Party", "2005-12"]
    assert rows[3] == ["Signatories", None, None, None, 2, None]


MATRIX_EXPORT_QUERIES = [
    *SESSION_QUERIES,
    "every convention",
    "the chosen convention's statuses, for the status filter (status_cells)",
    "every OAS membership event (oas_standings_as_of)",
    "every state (oas_standings_as_of)",
    "the conventions left by the body filter",
    "the states left by the other filters",
    "the shown conventions' entries into force (treaty_statuses_streamed)",
    "their participations, streamed",
    "their reservations, streamed",
]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_queries_do_not_grow_with_the_record(
    client, django_assert_num_queries, staff, record, file_format
):
    from dashboards.tests.conftest import build_record

    client.force_login(staff)
    for states, conventions in ((2, 1), (12, 4)):
        build_record(states, conventions)
        with django_assert_num_queries(len(MATRIX_EXPORT_QUERIES)):
            response = client.get(export_url(file_format, as_of="2024-01-01"))
            body = response.getvalue()
        assert body


# The printable status table: public, like the page it prints.


def pdf_url(code, **query):
    url = reverse("dashboards:convention_pdf", kwargs={"code": code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("who", ["anonymous", "liaison of another state"])
def test_anyone_may_print_a_status_table(client, record, who):
    if who != "anonymous":
        client.force_login(UserFactory())

    response = client.get(pdf_url("A-66", as_of="2024-01-01"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="A-66-status-2024-01-01.pdf"' in response["Content-Disposition"]


def test_printing_an_unknown_convention_is_not_found(client):
    assert client.get(pdf_url("Z-1")).status_code == 404


def test_printing_with_an_invalid_date_is_refused_with_the_reason(client, record):
    response = client.get(pdf_url("A-66", as_of="2024-02-30"))

    assert response.status_code == 400
    assert response.content.decode() == "as_of: Enter a valid date."


def test_the_pdf_lists_every_state_with_its_instrument_and_reservations(record):
    ReservationFactory(
        participation=record.participations.get(state__iso3="PER"), text="On asylum.", article="Art. 13"
    )
    StateFactory(iso3="URY", iso2="UY", name_en="Uruguay")
    table = status_table(treaty_status_as_of(record, dt.date(2024, 1, 1)))

    text = pdf_text(convention_status_pdf(table, compress=False))

    for expected in ["Peru", "Uruguay", "RA", "2005-12", "Deposit by Peru: in 2005-12, day not known.",
                     "a. Peru: Declaration, Art. 13", "On asylum."]:  # fmt: skip
        assert expected in text, expected


def pdf_text(content: bytes) -> str:
    """The text drawn by an uncompressed PDF: the strings of its text operators, joined."""
    pieces = re.findall(rb"\((.*?)(?<!\\)\)\s*Tj", content)
    return " ".join(piece.decode("latin-1") for piece in pieces)


@pytest.mark.parametrize(("index", "letter"), [(0, "a"), (25, "z"), (26, "aa"), (27, "ab")])
def test_references_are_lettered_as_the_depositary_letters_them(index, letter):
    assert _ref_letter(index) == letter


def test_the_pdf_queries_do_not_grow_with_the_states(client, django_assert_num_queries):
    from dashboards.tests.conftest import build_record

    build_record(3, 1)
    code = Convention.objects.get().code
    for more in (0, 12):
        build_record(more, 0)
        for state in State.objects.filter(participations__isnull=True)[: more // 2]:
            ParticipationFactory(convention=Convention.objects.get(code=code), state=state)
        # The convention with its following body, every state, the participations, their
        # reservations, the convention's entry into force, the objections to the reservations,
        # the territorial and provisional applications and successions.
        with django_assert_num_queries(7):
            assert client.get(pdf_url(code)).status_code == 200
