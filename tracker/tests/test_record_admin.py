import datetime as dt

import pytest
import tablib

from tracker.record_admin import CSV, XLSX, formula_escaped


@pytest.mark.parametrize(
    ("cell", "exported"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Ratified with a declaration", "Ratified with a declaration"),
        ("a = b", "a = b"),
        ("", ""),
        (None, None),
        (1948, 1948),
        (dt.date(2005, 12, 8), dt.date(2005, 12, 8)),
    ],
)
def test_only_text_a_spreadsheet_would_run_is_escaped(cell, exported):
    assert formula_escaped(cell) == exported


@pytest.mark.parametrize("format_class", [CSV, XLSX])
def test_formats_escape_when_the_setting_is_on_and_keep_empty_cells_empty(settings, format_class):
    settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
    dataset = tablib.Dataset(("=1+1", None, 1948), headers=["notes", "deposited_on", "year"])

    exported = format_class().export_data(dataset)
    [row] = format_class().create_dataset(exported)

    assert row[0] == "'=1+1"
    assert row[1] in ("", None)
    assert str(row[2]) == "1948"
