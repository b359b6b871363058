"""Blank files to fill in for an import: the columns the import reads, and what each takes.

The CSV is the header line alone. The XLSX has the same header, a comment on each column
saying what it takes (a date's format, an approximate date, codes), and a drop-down list on
each column whose values are known (states' ISO3, conventions' codes, choices), read from a
hidden sheet of valid values.
"""

import io
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponse
from django.utils.translation import gettext as _
from import_export import widgets
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tracker.importing import KeyListWidget, NaturalKeyWidget, WholeNumberWidget
from tracker.spreadsheets import XLSX_CONTENT_TYPE, csv_response

VALID_VALUES_SHEET = "Valid values"
# Rows of the template that offer the drop-down lists (a spreadsheet keeps them cheaply).
ROWS_WITH_LISTS = 5000


@dataclass
class TemplateColumn:
    name: str
    hint: str
    valid_values: list[str] = field(default_factory=list)


def template_columns(resource) -> list[TemplateColumn]:
    """The columns an import with ``resource`` reads, in its order, each with its hint."""
    return [
        _column(resource, import_field)
        for import_field in resource.get_import_fields()
        if not import_field.readonly
    ]


def _model_field(resource, import_field):
    try:
        return resource._meta.model._meta.get_field(import_field.attribute or import_field.column_name)
    except FieldDoesNotExist:
        return None


def _column(resource, import_field) -> TemplateColumn:
    widget = import_field.widget
    model_field = _model_field(resource, import_field)
    values: list[str] = []
    if hint := getattr(widget, "template_hint", None):
        hint = str(hint)
    elif isinstance(widget, NaturalKeyWidget):
        values = widget.valid_keys()
        hint = _("The %(field)s of a %(model)s; choose from the list.") % {
            "field": widget.field,
            "model": widget.model._meta.verbose_name,
        }
    elif isinstance(widget, KeyListWidget):
        hint = _("The %(field)s of each %(model)s, separated by commas.") % {
            "field": widget.field,
            "model": widget.model._meta.verbose_name,
        }
    elif model_field is not None and model_field.choices:
        values = [str(value) for value, _label in model_field.flatchoices if value != ""]
        hint = _("One of: %(values)s.") % {"values": ", ".join(values)}
    elif isinstance(widget, widgets.BooleanWidget):
        values = ["TRUE", "FALSE"]
        hint = _("TRUE or FALSE.")
    elif isinstance(widget, widgets.DateWidget):
        hint = _("A date, year-month-day: 2024-03-15.")
    elif isinstance(widget, WholeNumberWidget):
        hint = _("A whole number.")
    else:
        hint = _("Text.")
    if model_field is not None:
        label = str(model_field.verbose_name)
        hint = f"{label[:1].upper()}{label[1:]}. {hint}"
        if not (model_field.blank or model_field.null or model_field.has_default()):
            hint = " ".join([hint, _("Required.")])
    return TemplateColumn(import_field.column_name, hint, values)


def template_csv(resource, filename: str):
    """The CSV template: the header line."""
    return csv_response([[column.name for column in template_columns(resource)]], filename)


def template_xlsx(resource, filename: str, title: str) -> HttpResponse:
    """The XLSX template: header with a hint on each column, drop-down lists of valid values."""
    columns = template_columns(resource)
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    lists = book.create_sheet(VALID_VALUES_SHEET)
    lists.sheet_state = "hidden"
    list_column = 0
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.name)
        cell.font = Font(bold=True)
        cell.comment = Comment(column.hint, "")
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.name) + 4)
        if not column.valid_values:
            continue
        list_column += 1
        letter = get_column_letter(list_column)
        lists.cell(row=1, column=list_column, value=column.name)
        for row, value in enumerate(column.valid_values, start=2):
            lists.cell(row=row, column=list_column, value=value)
        validation = DataValidation(
            type="list",
            formula1=f"'{VALID_VALUES_SHEET}'!${letter}$2:${letter}${len(column.valid_values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            error=_("Choose a value from the list."),
            errorTitle=column.name,
        )
        sheet.add_data_validation(validation)
        target = get_column_letter(index)
        validation.add(f"{target}2:{target}{ROWS_WITH_LISTS}")
    sheet.freeze_panes = "A2"
    content = io.BytesIO()
    book.save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
