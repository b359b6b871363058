"""Background imports: each uploader follows her own; staff who may view them see all."""

from django.contrib import admin
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from imports.models import ImportJob
from imports.services import import_job_rows_done

# The rows of an import by what it did with them (django-import-export's totals), in words.
ROW_KINDS = {"new": _("new"), "update": _("updated"), "skip": _("unchanged"), "delete": _("deleted")}


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["file_name", "model_label", "owner", "status", "rows", "created_at", "finished_at"]
    list_filter = ["status", "model_label"]
    list_select_related = ["owner"]
    fields = [
        "file_name",
        "model_label",
        "owner",
        "status",
        "progress",
        "outcome_display",
        "created_at",
        "finished_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request).defer("content")
        if request.user.has_perm("imports.view_importjob"):
            return queryset
        return queryset.filter(owner=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        # Her own imports she may always follow; anyone's, with the permission.
        return self.has_module_permission(request) and (
            request.user.has_perm("imports.view_importjob") or obj is None or obj.owner_id == request.user.pk
        )

    def has_add_permission(self, request):
        return False  # made by uploading a long file to a model's import page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("progress"))
    def progress(self, job):
        done = import_job_rows_done(job)
        return format_html(
            '<progress max="{}" value="{}"></progress> {}',
            job.rows,
            done,
            _("%(done)s of %(rows)s rows")
            % {
                "done": number_format(done, force_grouping=True),
                "rows": number_format(job.rows, force_grouping=True),
            },
        )

    @admin.display(description=_("outcome"))
    def outcome_display(self, job):
        if problems := job.outcome.get("problems"):
            return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((p,) for p in problems)))
        totals = job.outcome.get("totals", {})
        return (
            ", ".join(f"{ROW_KINDS.get(kind, kind)}: {count}" for kind, count in totals.items() if count)
            or "-"
        )
