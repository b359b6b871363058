"""Downloads of rows as CSV or XLSX, written as the rows come, so a file of the whole record
takes no more memory than a chunk of it.

CSV goes out while it is written (``StreamingHttpResponse``); XLSX is written by openpyxl's
write-only workbook into a temporary file, which is then sent (``FileResponse``). Every text
cell that a spreadsheet would run as a formula is made plain text on the way.
"""

import codecs
import csv
import re
import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

# What a spreadsheet reads as the start of a formula (or of DDE, on some) when it opens a file.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

INVALID_IN_SHEET_TITLE = re.compile(r"[\\/?*:\[\]]")

# Rows are sent in pieces of about this many characters: one per row would mean thousands of
# tiny writes to the client.
CSV_PIECE = 64 * 1024


def formula_escaped(value):
    """A text cell that a spreadsheet would run as a formula, made plain text.

    The leading apostrophe is the spreadsheets' own mark for "this is text"; the original
    text stays readable after it. Cells that are not text (numbers, dates, empty) are kept
    as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """The one method ``csv.writer`` needs of a file: it hands each written row back."""

    def write(self, text):
        return text


def csv_pieces(lines: Iterable[Sequence], *, byte_order_mark: bool = False):
    """``lines`` as UTF-8 CSV, escaped, in pieces of about ``CSV_PIECE`` characters."""
    writer = csv.writer(_Echo())
    piece = []
    size = 0
    if byte_order_mark:
        # With it, spreadsheets read accented names as UTF-8.
        yield codecs.BOM_UTF8
    for line in lines:
        text = writer.writerow([formula_escaped(value) for value in line])
        piece.append(text)
        size += len(text)
        if size >= CSV_PIECE:
            yield "".join(piece).encode()
            piece, size = [], 0
    if piece:
        yield "".join(piece).encode()


def csv_response(lines: Iterable[Sequence], filename: str, *, byte_order_mark: bool = False):
    """A download of ``lines`` as CSV, sent while the lines are read."""
    response = StreamingHttpResponse(
        csv_pieces(lines, byte_order_mark=byte_order_mark), content_type=CSV_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_file(
    lines: Iterable[Sequence],
    *,
    title: str,
    freeze_panes: str = "A2",
    column_widths: dict[str, float] | None = None,
):
    """``lines`` as a one-sheet workbook in a temporary file (at its start); the first line is the
    header, in bold. The sheet is written row by row and never held whole in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    sheet.freeze_panes = freeze_panes
    for column, width in (column_widths or {}).items():
        sheet.column_dimensions[column].width = width
    header = Font(bold=True)
    wrapped = Alignment(wrap_text=True)
    for number, line in enumerate(lines):
        cells = []
        for value in map(_xlsx_value, line):
            if number == 0:
                cell = WriteOnlyCell(sheet, value=value)
                cell.font = header
            elif isinstance(value, str) and "\n" in value:
                cell = WriteOnlyCell(sheet, value=value)
                cell.alignment = wrapped
            else:
                cell = value
            cells.append(cell)
        sheet.append(cells)
    file = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    workbook.save(file)
    file.seek(0)
    return file


def sheet_title(text: str) -> str:
    """``text`` as a sheet's name may be: at most 31 characters, none of ``\\ / ? * : [ ]``."""
    return INVALID_IN_SHEET_TITLE.sub("-", text)[:31]


def xlsx_response(lines: Iterable[Sequence], filename: str, **sheet):
    """A download of ``lines`` as XLSX (see ``xlsx_file`` for ``sheet``)."""
    return FileResponse(
        xlsx_file(lines, **sheet), as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


def _xlsx_value(value):
    value = formula_escaped(value)
    # Control characters are not allowed in the file's XML: openpyxl would refuse the row.
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
    return value
