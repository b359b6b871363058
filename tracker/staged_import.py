"""Imports of the record's big tables, set-based: a file of any length in a constant number of
statements.

Each cell is typed by its column's widget, and each natural key (a convention's code, a state's
ISO3) looked up, on the way to a staging table: COPY on PostgreSQL, one batched INSERT on
SQLite. One UPDATE … FROM then matches the staged rows with the stored records. Every rule is one
query over the staged rows, and each row that breaks it is reported with its spreadsheet row, its
column and the rule's own message: the natural keys found, a record named twice, the choices and
lengths of the columns, the model's check constraints, and the rules the resource adds across
tables. If no row breaks a rule, the records are written with one INSERT … SELECT and one
UPDATE … FROM, and their history entries with one INSERT … SELECT; the staged rows are then
deleted.
"""

import uuid
from collections import defaultdict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connections, models, router, transaction
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, Min, OuterRef, Window
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.resources import Diff
from import_export.results import Error, RowResult

from tracker.importing import (
    FormulaCell,
    NaturalKeyWidget,
    RecordResource,
    invalid_choice_message,
    unreadable_cell,
)
from tracker.locking import is_versioned

NEW, UPDATE, SKIP = RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE, RowResult.IMPORT_TYPE_SKIP
# How often the typing of the rows tells a background import how far it is.
PROGRESS_EVERY_ROWS = 1000
# The distinct cells of a column read once and kept (dates and choices repeat from row to row);
# beyond that many, cells are read each time, so that memory does not grow with the file.
CELLS_KEPT_PER_COLUMN = 4096


class StagedRecordResource(RecordResource):
    """A record resource imported set-based through ``staging_model``.

    The staging model has the record's columns by the same names (text ones of any length), its
    natural-key foreign keys (``NaturalKeyWidget`` columns) with each key as written in
    ``<attribute>_key``, and ``batch``, ``row``, ``unread``, ``record`` (the stored record a row
    updates) and ``action`` (``new`` by default).
    """

    staging_model: type[models.Model]

    class Meta(RecordResource.Meta):
        abstract = True

    def import_data(self, dataset, dry_run=False, **options):
        # Every row or none, whatever the caller asks: the rows are checked together, then
        # written together.
        using = router.db_for_write(self._meta.model)
        with transaction.atomic(using=using):
            result = StagedImport(self, dataset, options).run()
            if dry_run or result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True, using=using)
        return result

    def related_rules(self, readable):
        """Rules across tables, beyond the model's own: pairs of a model field (whose column gets
        the blame) and the breaking rows' ``(row, message)``, of the staged rows ``readable``."""
        return []

    def after_staged_write(self, history):
        """Called with the history entries the import wrote (a queryset), in its transaction."""


class StagedImport:
    """One import of ``dataset`` through ``resource``: ``run()`` gives its result."""

    def __init__(self, resource: StagedRecordResource, dataset, options: dict):
        self.resource, self.dataset, self.options = resource, dataset, options
        self.model = resource._meta.model
        self.staging = resource.staging_model
        self.connection = connections[router.db_for_write(self.model)]
        self.quoted = self.connection.ops.quote_name
        self.batch = uuid.uuid4()
        self.staged = self.staging.objects.filter(batch=self.batch)
        self.result = resource.get_result_class()()
        self.result.diff_headers = resource.get_diff_headers()
        self.result.total_rows = len(dataset)
        self.problems = defaultdict(lambda: defaultdict(list))  # row -> column -> messages
        headers = dataset.headers or []
        importable = [f for f in resource.get_import_fields() if not f.readonly]
        self.key_fields = [f for f in importable if isinstance(f.widget, NaturalKeyWidget)]
        values = [f for f in importable if f not in self.key_fields]
        # The record's fields the file gives, and those it leaves as they are stored.
        self.value_fields = [f for f in values if f.column_name in headers]
        self.written = [name for f in self.value_fields for name in self._model_fields(f)]
        self.kept = [name for f in values if f not in self.value_fields for name in self._model_fields(f)]
        self.id_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.missing = [field.column_name for field in self.id_fields if field.column_name not in headers]

    def run(self):
        self.resource.before_import(self.dataset, **self.options)
        if self.missing:
            self.result.append_base_error(
                Error(
                    ValueError(
                        _("The file has no column %(columns)s, which names each record.")
                        % {"columns": ", ".join(f"“{column}”" for column in self.missing)}
                    )
                )
            )
            return self.result
        self._stage()
        self._stored_match()
        self._check()
        if self.problems:
            self._report()
        else:
            originals = self._instances(self.model.objects.filter(pk__in=self.staged.values("record")))
            history = self._write()
            self.resource.after_staged_write(history)
            self._rows_report(originals)
        self.staged.delete()
        return self.result

    def _model_fields(self, field) -> tuple[str, ...]:
        return self.resource.composite_attributes.get(field.attribute, (field.attribute,))

    def _sql(self, statement: str, params=()) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.rowcount

    def _batch_value(self):
        return self.staging._meta.get_field("batch").get_db_prep_value(self.batch, self.connection)

    # --- Typing the cells into the staging table ----------------------------------------------

    def _stage(self):
        columns = [
            "batch",
            "row",
            "unread",
            *(f"{field.attribute}_key" for field in self.key_fields),
            *(self.staging._meta.get_field(field.attribute).column for field in self.key_fields),
            *self.written,
        ]
        # Read before the COPY starts: no other query can run on the connection during it.
        rows = self._typed_rows(
            [(field, field.widget.primary_keys()) for field in self.key_fields],
            [(field, *self._cell_reader(field)) for field in self.value_fields],
        )
        table = self.quoted(self.staging._meta.db_table)
        names = ", ".join(self.quoted(column) for column in columns)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)

    def _typed_rows(self, keys, values):
        """Each data row as the staging table's values. A cell that cannot be read is reported
        and staged empty, its row marked unread; a key that names nothing is staged without its
        row (the check reports it)."""
        headers = self.dataset.headers
        keys = [(headers.index(field.column_name), field, rows) for field, rows in keys]
        values = [(headers.index(field.column_name), field, *reader) for field, *reader in values]
        batch, progress = self._batch_value(), self.options.get("progress")
        for number, cells in enumerate(self.dataset, start=2):
            unread = False
            texts, found = [], []
            for index, field, rows in keys:
                cell = cells[index]
                if problem := unreadable_cell(cell):
                    self.problems[number][field.column_name].append(problem)
                    unread = True
                    texts.append(None)
                    found.append(None)
                else:
                    key = "" if cell is None else str(cell).strip()
                    texts.append(key)
                    found.append(rows.get(key))
            typed = []
            for index, field, read, empty in values:
                try:
                    typed.extend(read(cells[index]))
                except ValueError as error:
                    self.problems[number][field.column_name].append(str(error))
                    typed.extend(empty)
                    unread = True
            if progress and number % PROGRESS_EVERY_ROWS == 0:
                progress(number)
            yield [batch, number, unread, *texts, *found, *typed]

    def _cell_reader(self, field):
        """A function from a cell to its column's database values, raising ValueError with the
        message for a cell that cannot be read; and the values of an empty cell."""
        model_fields = [self.model._meta.get_field(name) for name in self._model_fields(field)]
        # A text column is NOT NULL: empty is "".
        empty = ["" if f.get_internal_type() in ("CharField", "TextField") else None for f in model_fields]
        scratch = self.model()  # splits a composite attribute's value into its fields
        kept = {}

        def read(cell):
            # A formula equals the text of its formula: it must not find that text's values.
            if type(cell) is not FormulaCell and cell in kept:
                return kept[cell]
            if problem := unreadable_cell(cell):
                raise ValueError(problem)
            value = field.widget.clean(cell)
            if len(model_fields) > 1:
                setattr(scratch, field.attribute, value)
                parts = [getattr(scratch, f.attname) for f in model_fields]
            else:
                parts = [value]
            typed = [
                blank if part is None else f.get_db_prep_save(part, self.connection)
                for f, part, blank in zip(model_fields, parts, empty, strict=True)
            ]
            if len(kept) < CELLS_KEPT_PER_COLUMN:
                kept[cell] = typed
            return typed

        return read, empty

    # --- Matching the stored records ------------------------------------------------------------

    def _matched(self, stored: str, staged: str) -> str:
        """The join of a stored record with the staged rows that name it."""
        return " AND ".join(
            f"{stored}.{self.quoted(column)} = {staged}.{self.quoted(column)}"
            for column in (self.model._meta.get_field(field.attribute).column for field in self.id_fields)
        )

    def _stored_match(self):
        """Each staged row's stored record (locked until the import ends), the columns the file
        leaves out taken from it, and whether the row changes it: one UPDATE … FROM."""
        table = self.quoted(self.model._meta.db_table)
        staging = self.quoted(self.staging._meta.db_table)
        batch = self._batch_value()
        if self.connection.features.has_select_for_update_of:
            self._sql(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} AS stored JOIN {staging} AS staged"
                f" ON {self._matched('stored', 'staged')} WHERE staged.batch = %s"
                " FOR UPDATE OF stored) AS locked",
                [batch],
            )
        same = " AND ".join(
            self._same(f"{staging}.{column}", f"stored.{column}") for column in self._columns(self.written)
        )
        action = (
            f"CASE WHEN {same} THEN %s ELSE %s END" if same and self.resource._meta.skip_unchanged else "%s"
        )
        assignments = [
            f"{self.quoted(self.staging._meta.get_field('record').column)} = stored.id",
            *(f"{column} = stored.{column}" for column in self._columns(self.kept)),
            f"{self.quoted('action')} = {action}",
        ]
        self._sql(
            f"UPDATE {staging} SET {', '.join(assignments)} FROM {table} AS stored"
            f" WHERE {staging}.batch = %s AND {self._matched('stored', staging)}",
            [*([SKIP] if action != "%s" else []), UPDATE, batch],
        )

    def _columns(self, names) -> list[str]:
        return [self.quoted(self.model._meta.get_field(name).column) for name in names]

    def _same(self, left: str, right: str) -> str:
        """SQL: the two values are equal, NULL being equal to NULL."""
        if self.connection.vendor == "sqlite":
            return f"{left} IS {right}"
        return f"{left} IS NOT DISTINCT FROM {right}"

    # --- Checking the staged rows --------------------------------------------------------------

    def _problem(self, row: int, field: str, message: str):
        column = NON_FIELD_ERRORS if field == NON_FIELD_ERRORS else self.resource.column_of(field)
        self.problems[row][column].append(str(message))

    def _check(self):
        for field in self.key_fields:
            unknown = self.staged.filter(
                **{f"{field.attribute}__isnull": True, f"{field.attribute}_key__isnull": False}
            )
            for row, key in unknown.values_list("row", f"{field.attribute}_key"):
                message = (
                    field.widget.unknown_key_message(key)
                    if key
                    else self.model._meta.get_field(field.attribute).error_messages["null"]
                )
                self.problems[row][field.column_name].append(str(message))
        readable = self.staged.filter(
            unread=False, **{f"{field.attribute}__isnull": False for field in self.key_fields}
        )
        self._repeated_check(readable)
        for name in self.written:
            self._column_check(readable, self.model._meta.get_field(name))
        for constraint in self.model._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                # As in the database's CHECK, a condition that is unknown (NULL) holds.
                breaking = readable.annotate(
                    holds=ExpressionWrapper(constraint.condition, output_field=BooleanField())
                ).filter(holds=False)
                message = constraint.get_violation_error_message()
                for row in breaking.values_list("row", flat=True):
                    self._problem(row, getattr(constraint, "field", NON_FIELD_ERRORS), message)
        for field, breaking in self.resource.related_rules(readable):
            for row, message in breaking:
                self._problem(row, field, message)

    def _repeated_check(self, readable):
        """A row that names the record of an earlier row is refused: written in turn, the later
        row would overwrite the earlier without a word."""
        first = Window(Min("row"), partition_by=[F(field.attribute) for field in self.id_fields])
        repeated = readable.annotate(first=first).filter(row__gt=F("first"))
        columns = ", ".join(field.column_name for field in self.id_fields)
        for row, first_row in repeated.values_list("row", "first"):
            self.problems[row][NON_FIELD_ERRORS].append(
                _("This row repeats the %(columns)s of row %(row)s; list each record once.")
                % {"row": first_row, "columns": columns}
            )

    def _column_check(self, readable, model_field):
        """A column's own rules: one of its choices, within its length, given if required."""
        name = model_field.name
        if model_field.choices:
            allowed = [choice for choice, _label in model_field.flatchoices]
            if model_field.blank:
                allowed.append("")
            for row, value in readable.exclude(**{f"{name}__in": allowed}).values_list("row", name):
                self._problem(row, name, invalid_choice_message(model_field, value))
        elif model_field.max_length:
            too_long = readable.annotate(length=Length(name)).filter(length__gt=model_field.max_length)
            validator = next(v for v in model_field.validators if getattr(v, "code", "") == "max_length")
            for row, length in too_long.values_list("row", "length"):
                limits = {"limit_value": model_field.max_length, "show_value": length}
                self._problem(row, name, validator.message % limits)
        if not model_field.blank and model_field.get_internal_type() in ("CharField", "TextField"):
            for row in readable.filter(**{name: ""}).values_list("row", flat=True):
                self._problem(row, name, model_field.error_messages["blank"])

    def _report(self):
        headers = self.dataset.headers
        for row in sorted(self.problems):
            cells = dict(zip(headers, self.dataset[row - 2], strict=True))
            # Numbered as django-import-export numbers rows (from 1), which SpreadsheetResult
            # turns into the spreadsheet's.
            self.result.append_invalid_row(row - 1, cells, ValidationError(dict(self.problems[row])))
            self.result.totals[RowResult.IMPORT_TYPE_INVALID] += 1

    # --- Writing --------------------------------------------------------------------------------

    def _write(self):
        """Insert the new records, update the changed ones, and write their history entries;
        the entries written (a queryset)."""
        meta, quoted = self.model._meta, self.quoted
        table, staging = quoted(meta.db_table), quoted(self.staging._meta.db_table)
        keys = [quoted(self.staging._meta.get_field(field.attribute).column) for field in self.key_fields]
        values = self._columns([*self.written, *self.kept])
        names = ", ".join([*keys, *values])
        assignments = [f"{column} = staged.{column}" for column in values]
        version = quoted(self.model._concurrencymeta.field.column) if is_versioned(self.model) else None
        if version:
            assignments.append(f"{version} = {table}.{version} + 1")
        of_batch = f"staged.batch = %s AND staged.{quoted('action')} = %s"
        batch = self._batch_value()
        # A new record's version is 1, as its first save makes it; an update's goes up by one,
        # so that a form opened before the import is refused with the import's values.
        self._sql(
            f"INSERT INTO {table} ({names}{f', {version}' if version else ''})"
            f" SELECT {names}{', 1' if version else ''} FROM {staging} AS staged"
            f" WHERE {of_batch} ORDER BY staged.{quoted('row')}",
            [batch, NEW],
        )
        self._sql(
            f"UPDATE {table} SET {', '.join(assignments)} FROM {staging} AS staged"
            f" WHERE {of_batch} AND {table}.id = staged.record_id",
            [batch, UPDATE],
        )
        # The history entries, as save() would write them: the record as saved, with the file
        # as the reason and the importing user.
        history = self.model.history.model
        now = timezone.now()
        reason = f"Imported from {self.options.get('file_name') or 'a spreadsheet'}"
        columns = [quoted(f.column) for f in meta.concrete_fields]
        self._sql(
            f"INSERT INTO {quoted(history._meta.db_table)} ({', '.join(columns)}, history_date,"
            f" history_change_reason, history_type, history_user_id)"
            f" SELECT {', '.join(f'{table}.{column}' for column in columns)}, %s, %s,"
            f" CASE staged.{quoted('action')} WHEN %s THEN '+' ELSE '~' END, %s"
            f" FROM {table} JOIN {staging} AS staged ON {self._matched(table, 'staged')}"
            f" WHERE staged.batch = %s AND staged.{quoted('action')} <> %s ORDER BY staged.{quoted('row')}",
            [
                history._meta.get_field("history_date").get_db_prep_value(now, self.connection),
                reason,
                NEW,
                getattr(self.options.get("user"), "pk", None),
                batch,
                SKIP,
            ],
        )
        return history.objects.filter(history_date=now, history_change_reason=reason)

    # --- The result ---------------------------------------------------------------------------

    def _with_differences(self) -> bool:
        """The admin's preview shows each row's changes; other imports only count them."""
        return self.options.get("row_diffs", True)

    def _instances(self, queryset) -> dict:
        """The records of ``queryset`` by their key, with the related rows their columns show;
        none unless the import shows its differences."""
        if not self._with_differences():
            return {}
        attnames = [self.model._meta.get_field(field.attribute).attname for field in self.id_fields]
        related = [field.attribute for field in self.key_fields]
        return {
            tuple(getattr(record, attname) for attname in attnames): record
            for record in queryset.select_related(*related)
        }

    def _rows_report(self, originals: dict):
        """Each row's result, with its record before and after, where the preview shows them;
        otherwise only how many rows are new, updated and unchanged (a count, flat in memory)."""
        if not self._with_differences():
            for action, count in self.staged.values_list("action").annotate(count=Count("pk")).order_by():
                self.result.totals[action] += count
            return
        keys = [field.attribute for field in self.id_fields]
        named = self.staged.filter(**{key: OuterRef(key) for key in keys})
        written = self._instances(self.model.objects.filter(Exists(named)))
        for action, *key in self.staged.order_by("row").values_list("action", *keys):
            row_result = RowResult()
            row_result.import_type = action
            row_result.instance = written[tuple(key)]
            diff = Diff(self.resource, originals.get(tuple(key), self.model()), action == NEW)
            diff.compare_with(self.resource, row_result.instance)
            row_result.diff = diff.as_html()
            row_result.add_instance_info(row_result.instance)
            self.result.append_row_result(row_result)
            self.result.increment_row_result_total(row_result)
