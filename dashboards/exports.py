"""The overview matrix as a file, exactly as the page shows it (same filters, same date)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from dashboards.presenters import MatrixTable

# A spreadsheet runs a cell that starts with one of these as a formula (or as DDE on some).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """``value`` as a spreadsheet will show it and never run it: text that would start a formula
    gets a leading apostrophe. Numbers are left as numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def matrix_rows(table: MatrixTable) -> list[list]:
    """Header, one line per state, then the counts per convention, as the page's table has them."""
    columns = table.overview.columns
    header = [_("State"), _("ISO code"), _("Subregion"), _("OAS membership")]
    for treaty in columns:
        code = treaty.convention.code
        header += [_("%(code)s status") % {"code": code}, _("%(code)s since") % {"code": code}]
    lines = [header]
    for row in table.rows:
        line = [row.state.name, row.state.iso3, row.state.get_subregion_display(), row.standing.label]
        for cell in row.cells:
            line += [cell.status.status.label, cell.date_text]
        lines.append(line)
    for label, count in (
        (_("Signatories"), lambda t: t.signatories),
        (_("Parties"), lambda t: t.parties),
        (_("In force for"), lambda t: t.in_force),
        (_("Denounced"), lambda t: t.denounced),
        (_("Uncertain"), lambda t: len(t.uncertain)),
    ):
        line = [label, "", "", ""]
        for treaty in columns:
            line += [count(treaty), ""]
        lines.append(line)
    return lines


def matrix_csv(table: MatrixTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in matrix_rows(table):
        writer.writerow([spreadsheet_safe(value) for value in line])
    # With a byte-order mark, spreadsheets read the accented names as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def matrix_xlsx(table: MatrixTable) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.overview.as_of.isoformat()
    lines = matrix_rows(table)
    for line in lines:
        sheet.append([spreadsheet_safe(value) for value in line])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["A"].width = 32
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
