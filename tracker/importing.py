"""Spreadsheet import shared by every app: all rows or none, and each bad row named.

The admin's import screens and the ``load_reference`` command both go through
django-import-export resources; this module holds what they share. The treaty record's
participations, which come by the hundred thousand at a depositary's size, are imported
set-based (``tracker.staged_import``).
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _
from import_export import instance_loaders, resources, results, widgets


def shortened(value, limit: int = 40) -> str:
    """A cell's text as a message quotes it: a cell of any length, cut to a readable size."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}…"


def values_listed(values, limit: int = 60) -> str:
    """Valid values as a message lists them: all of them, or the first ``limit`` and how many more."""
    values = [str(value) for value in values]
    listed = ", ".join(values[:limit])
    if len(values) > limit:
        listed += " " + _("and %(count)s more") % {"count": len(values) - limit}
    return listed


class FormulaCell(str):
    """A workbook's formula cell, as the spreadsheet formats read it (its formula, not a value).

    An import takes values: a formula has none to read (or one computed by a program we cannot
    check), so the row is refused naming the cell.
    """


def unreadable_cell(value) -> str | None:
    """Why no column can take ``value`` whatever its type (a formula, a NUL character), or None."""
    if isinstance(value, FormulaCell):
        return _("This cell holds a formula, %(formula)s: an import reads values; type the value in.") % {
            "formula": shortened(value)
        }
    if isinstance(value, str) and "\x00" in value:
        return _("This cell holds a NUL character, which no text can keep; remove it.")
    return None


def invalid_choice_message(model_field, value) -> str:
    """A wrong choice's message, listing the valid ones (Django's says only that it is not one)."""
    return _("“%(value)s” is not a valid value; the valid ones are %(valid)s.") % {
        "value": shortened(value),
        "valid": values_listed(choice for choice, _label in model_field.flatchoices if choice != ""),
    }


class ImportTooLarge(ValueError):
    """A file beyond what one import takes (``IMPORT_MAX_BYTES``, ``IMPORT_MAX_ROWS``); the
    message says which bound and what to do."""


def rows_bounded(rows, declared: int | None = None):
    """The data rows of a file as they are read, refused at the first beyond ``IMPORT_MAX_ROWS``
    (the rest of the file is never read), or at once if the file ``declared`` more."""
    limit = settings.IMPORT_MAX_ROWS
    refused = ImportTooLarge(
        _("This file has more than %(limit)s rows; import it in files of at most %(limit)s rows.")
        % {"limit": limit}
    )
    if declared is not None and declared > limit:
        raise refused
    for count, row in enumerate(rows, start=1):
        if count > limit:
            raise refused
        yield row


class WholeNumberWidget(widgets.IntegerWidget):
    """An integer cell: text or a fraction is the cell's error, not a crash or a number cut short.

    ``bounds`` are the column's range, the same on every database (SQLite would keep any size).
    """

    def __init__(self, bounds=(None, None), **kwargs):
        super().__init__(**kwargs)
        low, high = bounds
        self.validators = [
            *([MinValueValidator(low)] if low is not None else []),
            *([MaxValueValidator(high)] if high is not None else []),
        ]

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number != number.to_integral_value():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": shortened(value)})
        number = super().clean(value, row, **kwargs)
        try:
            for validator in self.validators:
                validator(number)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from None
        return number


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key written as its natural key (ISO3, convention code), with a plain error.

    The related table is read into a dictionary at the first row of an import, one query per
    related model rather than one per row; ``forget()`` drops it when the next import starts.
    """

    def __init__(self, model, field="pk", **kwargs):
        super().__init__(model, field=field, **kwargs)
        self._by_key = None

    def forget(self):
        self._by_key = None

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip() if isinstance(value, str) else value
        if not value:
            return None
        try:
            return self._records(value, row, **kwargs)[str(value)]
        except KeyError:
            raise ValueError(self.unknown_key_message(value)) from None

    def unknown_key_message(self, value) -> str:
        return _("No %(model)s with %(field)s “%(value)s”; the valid ones are %(valid)s.") % {
            "model": self.model._meta.verbose_name,
            "field": self.field,
            "value": shortened(value),
            "valid": values_listed(self.valid_keys()),
        }

    def valid_keys(self) -> list[str]:
        """Every key a cell of this column may hold, in order."""
        return sorted(self._records())

    def primary_keys(self) -> dict[str, object]:
        """Each key's row, by its primary key."""
        return {key: record.pk for key, record in self._records().items()}

    def _records(self, value=None, row=None, **kwargs) -> dict:
        if self._by_key is None:
            self._by_key = {
                str(getattr(obj, self.field)): obj for obj in self.get_queryset(value, row, **kwargs)
            }
        return self._by_key


class KeyListWidget(widgets.ManyToManyWidget):
    """Comma-separated natural keys; unlike the library's widget, an unknown key is an error."""

    def clean(self, value, row=None, **kwargs):
        keys = [key.strip() for key in str(value or "").split(self.separator) if key.strip()]
        found = {
            getattr(obj, self.field): obj for obj in self.model.objects.filter(**{f"{self.field}__in": keys})
        }
        unknown = [key for key in keys if key not in found]
        if unknown:
            raise ValueError(
                _("No %(model)s with %(field)s %(values)s.")
                % {
                    "model": self.model._meta.verbose_name,
                    "field": self.field,
                    "values": ", ".join(f"“{shortened(k)}”" for k in unknown),
                }
            )
        # In the cell's order, which is the order the annexes name them in.
        return list(dict.fromkeys(found[key] for key in keys))

    def render(self, value, obj=None, **kwargs):
        # A many-to-many field gives its related manager; a list cell of links gives its members.
        members = value.all() if hasattr(value, "all") else value or []
        return self.separator.join(str(getattr(member, self.field)) for member in members)


class SpreadsheetResult(results.Result):
    """An import result that numbers rows as a spreadsheet does, the header being row 1.

    The admin's preview and the ``load_reference`` command then name the same row.
    """

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(number + 1, row, validation_error)
        # The preview marks each cell in error: the row's cells by their file's column.
        invalid = self.invalid_rows[-1]
        invalid.cells = [(column, value, invalid.error_dict.get(column, [])) for column, value in row.items()]
        # What no cell of the file can show: errors of the row as a whole or of a missing column.
        invalid.row_errors = [
            message if column == NON_FIELD_ERRORS else f"{column}: {message}"
            for column, messages in invalid.error_dict.items()
            if column not in row
            for message in messages
        ]
        self.file_headers = list(row.keys())

    def append_error_row(self, number, row, errors):
        super().append_error_row(number + 1, row, errors)

    def row_errors(self):
        return [(number + 1, errors) for number, errors in super().row_errors()]


class RecordInstanceLoader(instance_loaders.ModelInstanceLoader):
    """Finds each row's stored record by the resource's ``import_id_fields``, and refuses a row
    that names the record of an earlier row of the file: written in turn, the later row would
    overwrite the earlier without a word.
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.id_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        meta = resource._meta.model._meta
        self.model_fields = [meta.get_field(field.attribute) for field in self.id_fields]
        self.row_number = None  # the spreadsheet row being read: set by RecordResource.import_row
        self.first_row = {}  # each key's first spreadsheet row

    def get_instance(self, row):
        key = self._key(row)  # raises ValueError for a key that cannot be read
        first = self.first_row.setdefault(key, self.row_number)
        if first != self.row_number:
            raise ValidationError(
                _("This row repeats the %(columns)s of row %(row)s; list each record once.")
                % {"row": first, "columns": ", ".join(f.column_name for f in self.id_fields)}
            )
        return self.stored_record(key)

    def stored_record(self, key):
        lookups = {field.attname: part for field, part in zip(self.model_fields, key, strict=True)}
        try:
            return self.get_queryset().get(**lookups)
        except self.resource._meta.model.DoesNotExist:
            return None

    def _key(self, row) -> tuple:
        return tuple(
            self._key_part(model_field, field.clean(row))
            for field, model_field in zip(self.id_fields, self.model_fields, strict=True)
        )

    @staticmethod
    def _key_part(model_field, value):
        if isinstance(value, models.Model):
            return getattr(value, model_field.target_field.attname)
        return value


class RecordResource(resources.ModelResource):
    """Base for the record's resources: validate every row, keep unchanged rows untouched.

    A row's errors are keyed by the file's column names, so the admin's preview and the
    command line both point at the cell to correct.
    """

    # Columns whose attribute stands for several model fields (an approximate date is an
    # interval of two): attribute -> model fields.
    composite_attributes: dict[str, tuple[str, ...]] = {}
    # An empty XLSX cell reads as None; a text column stores "" (django-import-export leaves
    # TextField to a widget that keeps None, which the NOT NULL column then refuses).
    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "TextField": widgets.CharWidget,
        **{
            internal_type: "whole_number_widget"
            for internal_type, widget in resources.ModelResource.WIDGETS_MAP.items()
            if widget is widgets.IntegerWidget
        },
    }

    @classmethod
    def whole_number_widget(cls, model_field):
        ranges = BaseDatabaseOperations.integer_field_ranges
        return partial(WholeNumberWidget, bounds=ranges.get(model_field.get_internal_type(), (None, None)))

    def before_import(self, dataset, **kwargs):
        for field in self.fields.values():
            if isinstance(field.widget, NaturalKeyWidget):
                field.widget.forget()  # what was read for an earlier import may have changed
        super().before_import(dataset, **kwargs)

    def import_row(self, row, instance_loader, **kwargs):
        instance_loader.row_number = kwargs["row_number"] + 1  # the header is row 1
        if progress := kwargs.get("progress"):  # a background import, telling how far it is
            progress(kwargs["row_number"])
        return super().import_row(row, instance_loader, **kwargs)

    def before_import_row(self, row, **kwargs):
        # Cells no column can take, whatever its type: refused before any cell is read.
        errors = {}
        for field in self.get_import_fields():
            if problem := unreadable_cell(row.get(field.column_name)):
                errors[field.attribute or field.column_name] = [problem]
        if errors:
            raise ValidationError(self._by_column(errors))
        super().before_import_row(row, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        # django-import-export reads many-to-many cells only when it saves them, after
        # validation, where an unknown key is an error of the row as a whole: read them here.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors.setdefault(field.attribute, []).append(ValidationError(str(error)))
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # A cell that could not be read leaves its model fields out of full_clean(), so the
        # row reports the cell and not rules broken only because the cell is missing.
        errors = dict(import_validation_errors or {})
        unread = {f for attribute in errors for f in self.composite_attributes.get(attribute, (attribute,))}
        try:
            instance.full_clean(exclude=unread, validate_unique=validate_unique)
        except ValidationError as error:
            errors = self._choices_listed(error).update_error_dict(errors)
        if errors:
            raise ValidationError(self._by_column(errors))

    def _choices_listed(self, error: ValidationError) -> ValidationError:
        """``error`` with each wrong choice's message listing the valid ones (Django's says only
        that the value is not one of them)."""
        if not hasattr(error, "error_dict"):
            return error
        listed = {}
        for name, field_errors in error.error_dict.items():
            listed[name] = [self._choice_listed(name, field_error) for field_error in field_errors]
        return ValidationError(listed)

    def _choice_listed(self, name: str, error: ValidationError) -> ValidationError:
        if error.code != "invalid_choice" or name == NON_FIELD_ERRORS:
            return error
        return ValidationError(
            invalid_choice_message(
                self._meta.model._meta.get_field(name), (error.params or {}).get("value", "")
            ),
            code="invalid_choice",
        )

    def before_save_instance(self, instance, row, **kwargs):
        # The history entry says where the change came from; the admin also passes the user.
        instance._change_reason = f"Imported from {kwargs.get('file_name') or 'a spreadsheet'}"
        if kwargs.get("user") is not None:
            instance._history_user = kwargs["user"]
        super().before_save_instance(instance, row, **kwargs)

    def column_of(self, name: str) -> str:
        """The spreadsheet column of a resource attribute or model field."""
        for field in self.get_import_fields():
            if name == field.attribute or name in self.composite_attributes.get(field.attribute, ()):
                return field.column_name
        return name

    def _by_column(self, errors: dict) -> dict[str, list]:
        by_column: dict[str, list] = {}
        for name, messages in errors.items():
            column = name if name == NON_FIELD_ERRORS else self.column_of(name)
            by_column.setdefault(column, []).extend(messages)
        return by_column

    def filter_export(self, queryset, **kwargs):
        # Each line names its related records (a state's ISO3, a body's acronym): read them
        # with the lines, not a query per line.
        joined, prefetched = self._export_relations()
        return super().filter_export(queryset, **kwargs).select_related(*joined).prefetch_related(*prefetched)

    def _export_relations(self) -> tuple[list[str], list]:
        """The foreign-key paths and the many-to-many fields the exported columns go through,
        and what columns of their own kind ask to have joined (``export_joined``) or prefetched
        (``export_prefetch``)."""
        joined, prefetched = [], []
        for field in self.get_export_fields():
            if getattr(field, "export_prefetch", None) is not None:
                prefetched.append(field.export_prefetch)
                continue
            if getattr(field, "export_joined", None):
                joined.extend(field.export_joined)
                continue
            model, path = self._meta.model, []
            for name in (field.attribute or "").split("__"):
                try:
                    model_field = model._meta.get_field(name)
                except FieldDoesNotExist:
                    break
                if model_field.many_to_many:
                    prefetched.append("__".join([*path, name]))
                    break
                if not (model_field.many_to_one or model_field.one_to_one):
                    break
                path.append(name)
                model = model_field.related_model
            if path:
                joined.append("__".join(path))
        return joined, prefetched

    @classmethod
    def get_result_class(cls):
        return SpreadsheetResult

    def get_instance(self, instance_loader, row):
        # An unknown natural key in the identifying columns is the row's error, not a crash;
        # the error names each identifying column that could not be read.
        try:
            return super().get_instance(instance_loader, row)
        except ValueError as error:
            errors = {}
            for name in self.get_import_id_fields():
                field = self.fields[name]
                try:
                    field.clean(row)
                except ValueError as column_error:
                    errors[field.column_name] = [str(column_error)]
            raise ValidationError(errors or {NON_FIELD_ERRORS: [str(error)]}) from None

    class Meta:
        abstract = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        instance_loader_class = RecordInstanceLoader


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    message: str

    def __str__(self):
        if self.field:
            return _("row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.field,
                "message": self.message,
            }
        return _("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class ImportRefused(Exception):
    """Raised when any row is bad; nothing was written."""

    def __init__(self, source: str, problems: list[RowProblem]):
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"{source}: {len(problems)} problem(s), nothing imported.\n{lines}")


def import_problems(resource: RecordResource, result) -> list[RowProblem]:
    """Every problem of an import result, with its spreadsheet row (see ``SpreadsheetResult``)."""
    problems = []
    for invalid in result.invalid_rows:
        for field, messages in invalid.error_dict.items():
            column = "" if field == NON_FIELD_ERRORS else resource.column_of(field)
            problems.extend(RowProblem(invalid.number, column, str(m)) for m in messages)
    for number, errors in result.row_errors():
        problems.extend(RowProblem(number, "", str(error.error)) for error in errors)
    problems.extend(RowProblem(0, "", str(error.error)) for error in result.base_errors)
    return sorted(problems, key=lambda problem: problem.row)


@transaction.atomic
def dataset_import(resource: RecordResource, dataset, source: str = "import"):
    """Import every row of ``dataset`` or, if any row is bad, none; returns the result.

    The result says what each row did but not how (no per-row diffs: the admin's preview has
    those, at the cost of a copy of each record).
    """
    result = resource.import_data(
        dataset,
        file_name=source,
        row_diffs=False,
        dry_run=False,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    problems = import_problems(resource, result)
    if problems:
        raise ImportRefused(source, problems)
    return result
