"""What every admin page of the record shares: import, export and the history of each change.

Secretariat staff keep the record in the admin. Each model's admin page lets them search and
edit it, import a spreadsheet (previewed, and written only if every row is good) and export
one, and see who changed what and when.
"""

import csv
import io

import openpyxl
import tablib
from concurrency.exceptions import RecordModifiedError
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.signals import post_export
from simple_history.admin import SimpleHistoryAdmin

from imports.services import import_job_queue
from imports.storage import pending_imports_of
from tracker.import_templates import template_csv, template_xlsx
from tracker.importing import FormulaCell, ImportTooLarge, import_problems, rows_bounded
from tracker.locking import RECORD_SAVED_MEANWHILE, VersionCheckedForm, VersionCheckedFormSet, is_versioned
from tracker.request_bodies import accepts_upload
from tracker.spreadsheets import csv_response, formula_escaped, xlsx_response


class FormulaEscapingMixin:
    # django-import-export calls this when IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is on. Its
    # own version only drops a leading "=" (so "+" and "@" formulas pass) and turns every
    # cell into text, writing empty cells as "None", which the import then cannot read.
    def _escape_formulae(self, dataset):
        for index, row in enumerate(dataset):
            dataset[index] = tuple(formula_escaped(cell) for cell in row)


class CSV(FormulaEscapingMixin, base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes) and self.encoding:
            in_stream = in_stream.decode(self.encoding)
        # Counted before tablib holds every row in memory.
        lines = csv.reader(io.StringIO(in_stream))
        next(lines, None)  # the header
        for _row in rows_bounded(lines):
            pass
        return super().create_dataset(in_stream, **kwargs)


class XLSX(FormulaEscapingMixin, base_formats.XLSX):
    def create_dataset(self, in_stream):
        # django-import-export reads a formula cell's last computed value, which a file written
        # by a program that computes nothing lacks: a date would vanish without a word. Each
        # formula is read as such, for the import to refuse its row and column.
        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=False)
        sheet = book.active
        rows = sheet.iter_rows()
        dataset = tablib.Dataset(headers=[cell.value for cell in next(rows)])
        # Excel and LibreOffice write the sheet's size: a workbook that declares too many rows is
        # refused unread; the rows are counted as they are read all the same (a declaration can lie).
        declared = sheet.max_row - 1 if sheet.max_row else None
        for row in rows_bounded(rows, declared):
            dataset.append([FormulaCell(cell.value) if cell.data_type == "f" else cell.value for cell in row])
        return dataset


SPREADSHEET_FORMATS = [CSV, XLSX]
# The blank files an import page offers, by extension, with their link's text.
IMPORT_TEMPLATE_FORMATS = {"csv": "CSV", "xlsx": "XLSX"}


class BoundedImportForm(ImportForm):
    def clean_import_file(self):
        import_file = self.cleaned_data["import_file"]
        if import_file.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _("This file is %(size)s; an import takes at most %(limit)s. Import it in smaller files."),
                params={
                    "size": filesizeformat(import_file.size),
                    "limit": filesizeformat(settings.IMPORT_MAX_BYTES),
                },
            )
        return import_file


class SpreadsheetConfirmImportForm(ConfirmImportForm):
    # The library indexes its formats with the posted number: one that is not an index of
    # SPREADSHEET_FORMATS is the form's error, not a 500.
    format = forms.TypedChoiceField(
        choices=[(str(index), str(index)) for index in range(len(SPREADSHEET_FORMATS))],
        coerce=int,
        widget=forms.HiddenInput,
    )


class KeyedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select, which shows only a posted value that can be a key.

    A value that cannot ("x" for a number) gets the form's "Select a valid choice" beside the
    field; Django's widget would look it up to show it selected, and fail with a 500.
    """

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self._can_be_key(v)], attr)

    def _can_be_key(self, value) -> bool:
        try:
            self.field.target_field.to_python(value)
        except ValidationError:
            return False
        return True


class KeyedAutocompleteMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeyedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def version_checked(form_or_formset, checking):
    """``form_or_formset`` refusing a record saved by someone else after it was opened."""
    if issubclass(form_or_formset, checking):
        return form_or_formset
    return type(form_or_formset.__name__, (checking, form_or_formset), {})


class VersionCheckedAdminMixin:
    """The change form of a versioned record, and each row of an inline one, carries the version
    its user saw; a save from a form opened before someone else's is refused with their changes."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not is_versioned(self.model) or not self.has_change_permission(request, obj):
            return fieldsets
        (name, options), *others = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "version"]}), *others]

    def get_form(self, request, obj=None, **kwargs):
        if is_versioned(self.model):
            kwargs["form"] = version_checked(kwargs.get("form", self.form), VersionCheckedForm)
        return super().get_form(request, obj, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        if is_versioned(self.model):
            kwargs["form"] = version_checked(kwargs.get("form", self.form), VersionCheckedForm)
            kwargs["formset"] = version_checked(kwargs.get("formset", self.formset), VersionCheckedFormSet)
        return super().get_formset(request, obj, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The form's check locks the row up to the save; django-concurrency's check on the
        # UPDATE is left for a save that comes between them where rows are not locked (SQLite).
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RecordModifiedError:
            messages.error(request, RECORD_SAVED_MEANWHILE)
            return HttpResponseRedirect(request.get_full_path())


class RecordAdmin(
    VersionCheckedAdminMixin, KeyedAutocompleteMixin, ImportExportModelAdmin, SimpleHistoryAdmin
):
    """Admin of a record model: import and export buttons on the list, history on each page."""

    formats = SPREADSHEET_FORMATS
    list_per_page = 50
    import_form_class = BoundedImportForm
    confirm_form_class = SpreadsheetConfirmImportForm
    import_template_name = "admin/record_import.html"

    def get_urls(self):
        opts = self.opts
        return [
            *(
                path(
                    f"import/template.{extension}",
                    self.admin_site.admin_view(require_safe(self.import_template_view)),
                    {"extension": extension},
                    name=f"{opts.app_label}_{opts.model_name}_import_template_{extension}",
                )
                for extension in IMPORT_TEMPLATE_FORMATS
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request, extension):
        """A blank file to fill in for an import: whoever may view the records may have it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0](**self.get_import_resource_kwargs(request))
        filename = f"{self.opts.model_name}-template.{extension}"
        if extension == "csv":
            return template_csv(resource, filename)
        return template_xlsx(resource, filename, title=self.model.__name__)

    def get_import_context_data(self, **kwargs):
        opts = self.opts
        return {
            **super().get_import_context_data(**kwargs),
            "template_links": [
                (
                    label,
                    reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_import_template_{extension}",
                        current_app=self.admin_site.name,
                    ),
                )
                for extension, label in IMPORT_TEMPLATE_FORMATS.items()
            ],
        }

    # The uploaded file waits for its confirmation as the user's own PendingImport
    # (IMPORT_EXPORT_TMP_STORAGE_CLASS), which only the same user may confirm on the same model.
    @accepts_upload(lambda: settings.IMPORT_MAX_BYTES)
    def import_action(self, request, **kwargs):
        if request.method == "POST" and (queued := self._import_queued_if_long(request)):
            return queued
        with pending_imports_of(request.user, self.opts.label_lower):
            return super().import_action(request, **kwargs)

    def _import_queued_if_long(self, request):
        """A file of more than IMPORT_IN_REQUEST_MAX_ROWS rows is imported by a worker, every
        row or none, while its page shows the progress: its page, or None to import in the request."""
        form = self.create_import_form(request)
        if not form.is_valid():
            return None  # the library's view shows the form's errors
        format_index = int(form.cleaned_data["format"])
        input_format = self.get_import_formats()[format_index](encoding=self.from_encoding)
        upload = form.cleaned_data["import_file"]
        content = b"".join(upload.chunks())
        upload.seek(0)
        try:
            rows = len(input_format.create_dataset(content))
        except Exception:  # noqa: BLE001 - unreadable files get the library's own message
            return None
        if rows <= settings.IMPORT_IN_REQUEST_MAX_ROWS:
            return None
        job = import_job_queue(
            owner=request.user,
            model_label=self.opts.label_lower,
            file_name=upload.name,
            format_index=format_index,
            read_mode=input_format.get_read_mode(),
            content=content,
            rows=rows,
        )
        messages.info(
            request,
            _(
                "The file %(file)s has %(rows)d rows: it is being imported in the background. "
                "This page shows how far it is."
            )
            % {"file": upload.name, "rows": rows},
        )
        return HttpResponseRedirect(reverse("admin:imports_importjob_change", args=[job.pk]))

    def import_in_background(self, job, progress) -> tuple[bool, dict]:
        """Import a background job's file as a confirmed import would: (refused, outcome)."""
        request = HttpRequest()
        request.user = job.owner
        input_format = self.get_import_formats()[job.format_index](encoding=self.from_encoding)
        content = bytes(job.content)
        dataset = input_format.create_dataset(content)
        resource = self.get_import_resource_classes(request)[0](**self.get_import_resource_kwargs(request))
        result = resource.import_data(
            dataset,
            dry_run=False,
            raise_errors=False,
            file_name=job.file_name,
            user=job.owner,
            progress=progress,
            row_diffs=False,  # the job keeps only the totals, not a preview of each row
            **self.get_import_data_kwargs(request=request),
        )
        if result.has_errors() or result.has_validation_errors():
            return True, {"problems": [str(problem) for problem in import_problems(resource, result)]}
        return False, {"totals": dict(result.totals)}

    def process_import(self, request, **kwargs):
        with pending_imports_of(request.user, self.opts.label_lower):
            return super().process_import(request, **kwargs)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportTooLarge):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        # django-import-export builds the whole file in memory (a tablib Dataset, then one
        # response body; its issue #1952): the record's files are written row by row instead,
        # through the same resource, fields and formats, and sent as they are written.
        if not self.has_export_permission(request):
            raise PermissionDenied
        resource_class = self.choose_export_resource_class(export_form, request)
        resource = resource_class(**self.get_export_resource_kwargs(request, export_form=export_form))
        export_fields = self.get_export_resource_fields_from_form(export_form)
        # Every cell as the widgets write it in text, in XLSX too (as the library's export of
        # these format classes does), which is what the import reads back.
        lines = resource_lines(resource, queryset, export_fields)
        filename = self.get_export_filename(request, queryset, file_format)
        post_export.send(sender=None, model=self.model)
        if file_format.is_binary():
            return xlsx_response(lines, filename, title=self.model.__name__)
        return csv_response(lines, filename)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # The confirmed import runs again on the database as it is then; a row that has
        # become invalid since the preview must stop the whole file, not be left out.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            return self._import_refused(result, request)
        return super().process_result(result, request)

    def _import_refused(self, result, request):
        # Each record admin has one resource; its errors are already keyed by column.
        resource = self.get_import_resource_classes(request)[0](**self.get_import_resource_kwargs(request))
        messages.error(
            request,
            _("Nothing was imported: the record changed since the preview. Upload the file again."),
        )
        for problem in import_problems(resource, result):
            messages.error(request, str(problem))
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_import", current_app=self.admin_site.name)
        )


def resource_lines(resource, queryset, export_fields=None, **kwargs):
    """The header and then a line per object, as ``resource.export()`` would put them in its
    Dataset, read from the database as they are written."""
    queryset = resource.filter_export(queryset, **kwargs)
    yield resource.get_export_headers(selected_fields=export_fields)
    # export_resource() would work the fields out again for every line.
    fields = resource.get_export_fields(export_fields)
    for instance in resource.iter_queryset(queryset):
        yield [resource.export_field(field, instance, **kwargs) for field in fields]


class RecordInline(VersionCheckedAdminMixin, KeyedAutocompleteMixin, admin.TabularInline):
    """Rows of a record edited on the page of the record they belong to."""

    extra = 0
    show_change_link = True
    # Foreign keys offered as a plain list read once for the page. Each row's select (or
    # autocomplete) would otherwise read the related table again: a query per row.
    choices_read_once: tuple[str, ...] = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in self.choices_read_once:
            empty = [] if field.empty_label is None else [("", field.empty_label)]
            field.choices = [*empty, *((obj.pk, str(obj)) for obj in field.queryset)]
        return field
