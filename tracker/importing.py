"""Spreadsheet import shared by every app: all rows or none, and each bad row named.

The admin's import screens and the ``load_reference`` command both go through
django-import-export resources; this module holds what they share.
"""

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import resources, results, widgets


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key written as its natural key (ISO3, convention code), with a plain error."""

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip() if isinstance(value, str) else value
        if not value:
            return None
        try:
            return self.get_queryset(value, row, **kwargs).get(**{self.field: value})
        except self.model.DoesNotExist:
            raise ValueError(
                _("No %(model)s with %(field)s “%(value)s”.")
                % {"model": self.model._meta.verbose_name, "field": self.field, "value": value}
            ) from None


class SpreadsheetResult(results.Result):
    """An import result that numbers rows as a spreadsheet does, the header being row 1.

    The admin's preview and the ``load_reference`` command then name the same row.
    """

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(number + 1, row, validation_error)

    def append_error_row(self, number, row, errors):
        super().append_error_row(number + 1, row, errors)

    def row_errors(self):
        return [(number + 1, errors) for number, errors in super().row_errors()]


class RecordResource(resources.ModelResource):
    """Base for the record's resources: validate every row, keep unchanged rows untouched.

    A row's errors are keyed by the file's column names, so the admin's preview and the
    command line both point at the cell to correct.
    """

    # Columns whose attribute stands for several model fields (an approximate date is an
    # interval of two): attribute -> model fields.
    composite_attributes: dict[str, tuple[str, ...]] = {}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # A cell that could not be read leaves its model fields out of full_clean(), so the
        # row reports the cell and not rules broken only because the cell is missing.
        errors = dict(import_validation_errors or {})
        unread = {f for attribute in errors for f in self.composite_attributes.get(attribute, (attribute,))}
        try:
            instance.full_clean(exclude=unread, validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(self._by_column(errors))

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
    """Import every row of ``dataset`` or, if any row is bad, none; returns the result."""
    result = resource.import_data(
        dataset,
        file_name=source,
        dry_run=False,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    problems = import_problems(resource, result)
    if problems:
        raise ImportRefused(source, problems)
    return result
