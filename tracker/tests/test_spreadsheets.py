"""Downloads written as their rows come: the same file as a whole-file writer would give."""

import codecs
import csv
import io

from openpyxl import load_workbook

from tracker.spreadsheets import CSV_PIECE, csv_pieces, csv_response, sheet_title, xlsx_file, xlsx_response

LINES = [
    ["state", "note", "count"],
    ["Perú", "=1+2", 3],
    ["Chile", "two\nlines", -4],
    ["@home", "", None],
]


def test_csv_is_sent_in_pieces_that_join_into_the_escaped_file():
    many = [LINES[0]] + [["Perú", f"row {n}", n] for n in range(20_000)]

    pieces = list(csv_pieces(many, byte_order_mark=True))

    assert pieces[0] == codecs.BOM_UTF8
    assert len(pieces) > 3
    assert all(len(piece) < CSV_PIECE * 2 for piece in pieces)
    lines = list(csv.reader(io.StringIO(b"".join(pieces).decode("utf-8-sig"))))
    assert lines == [[str(value) for value in line] for line in many]


def test_csv_cells_that_would_run_are_made_text():
    response = csv_response(iter(LINES), "f.csv")

    lines = list(csv.reader(io.StringIO(response.getvalue().decode())))

    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="f.csv"'
    assert lines[1:] == [["Perú", "'=1+2", "3"], ["Chile", "two\nlines", "-4"], ["'@home", "", ""]]


def test_xlsx_holds_the_cells_with_a_bold_header_and_runs_no_formula():
    response = xlsx_response(iter(LINES), "f.xlsx", title="2024/06: [draft]", freeze_panes="B2")

    sheet = load_workbook(io.BytesIO(response.getvalue())).active

    assert response["Content-Disposition"] == 'attachment; filename="f.xlsx"'
    assert sheet.title == "2024-06- -draft-"
    assert sheet.freeze_panes == "B2"
    assert [cell.font.bold for cell in sheet[1]] == [True, True, True]
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] == [
        ["Perú", "'=1+2", 3],
        ["Chile", "two\nlines", -4],
        ["'@home", None, None],
    ]
    assert sheet["B2"].data_type == "s"
    assert sheet["B3"].alignment.wrap_text


def test_xlsx_replaces_characters_a_workbook_cannot_hold():
    sheet = load_workbook(xlsx_file([["a"], ["bell\x07here"]], title="t")).active

    assert sheet["A2"].value == "bell\N{REPLACEMENT CHARACTER}here"


def test_a_sheet_title_is_cut_to_what_a_workbook_allows():
    assert sheet_title("A-63 2019-2020 compliance of every state") == "A-63 2019-2020 compliance of ev"
