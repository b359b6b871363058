"""The secretariat's pages: questionnaires, cycles, receipts and reviews.

Statuses are never typed: a submission changes status through ``submission_transition`` (the
"change status to" field, or the list actions), which allows only the workflow's changes and
logs each one. A questionnaire received by email is recorded on one page ("Record a
questionnaire received"); a cycle's whole receipt log is imported from a spreadsheet.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from conventions.forms import ApproxDateField
from questionnaires.forms import ReceiptForm, checked_document
from questionnaires.models import (
    Answer,
    Obligation,
    Question,
    Questionnaire,
    ReportingCycle,
    Section,
    Submission,
    SubmissionDocument,
    SubmissionTransition,
)
from questionnaires.resources import (
    AnswerResource,
    ObligationResource,
    QuestionnaireResource,
    QuestionResource,
    ReceiptLogResource,
    ReportingCycleResource,
    SectionResource,
)
from questionnaires.services import (
    cycle_addressees_sync,
    submission_document_attach,
    submission_receipt_record,
    submission_transition,
)
from questionnaires.uploads import MAX_DOCUMENT_BYTES
from questionnaires.workflow import RECEIVED_STATUSES, TRANSITIONS, Actor, SubmissionStatus, transitions_from
from tracker.record_admin import RecordAdmin, RecordInline
from tracker.request_bodies import accepts_upload


@admin.register(Obligation)
class ObligationAdmin(RecordAdmin):
    resource_classes = [ObligationResource]
    list_display = ["title_en", "convention", "article", "code", "position"]
    list_filter = ["convention"]
    list_select_related = ["convention"]
    search_fields = ["code", "article", "title_en", "title_es", "title_fr", "title_pt"]
    autocomplete_fields = ["convention"]


class SectionInline(RecordInline):
    model = Section
    fields = ["position", "title_en", "title_es", "title_fr", "title_pt"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(RecordAdmin):
    resource_classes = [QuestionnaireResource]
    list_display = ["title_en", "convention", "version"]
    list_filter = ["convention"]
    list_select_related = ["convention"]
    search_fields = ["title_en", "version", "convention__code"]
    autocomplete_fields = ["convention"]
    inlines = [SectionInline]


class QuestionInline(RecordInline):
    model = Question
    fields = ["position", "kind", "text_en", "obligation", "is_required", "options"]
    autocomplete_fields = ["obligation"]


@admin.register(Section)
class SectionAdmin(RecordAdmin):
    resource_classes = [SectionResource]
    list_display = ["__str__", "questionnaire"]
    list_filter = ["questionnaire"]
    list_select_related = ["questionnaire"]
    search_fields = ["title_en", "questionnaire__title_en"]
    autocomplete_fields = ["questionnaire"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(RecordAdmin):
    resource_classes = [QuestionResource]
    list_display = ["number_label", "text_en", "kind", "obligation", "is_required", "questionnaire"]
    list_filter = ["section__questionnaire", "kind", "obligation"]
    list_select_related = ["section__questionnaire", "obligation"]
    search_fields = ["text_en", "text_es", "text_fr", "text_pt"]
    autocomplete_fields = ["section", "obligation"]

    @admin.display(description=_("number"), ordering="section__position")
    def number_label(self, question):
        return question.number

    @admin.display(description=_("questionnaire"))
    def questionnaire(self, question):
        return question.section.questionnaire


@admin.register(ReportingCycle)
class ReportingCycleAdmin(RecordAdmin):
    resource_classes = [ReportingCycleResource]
    list_display = [
        "__str__",
        "is_demo",
        "opens_on",
        "due_on",
        "closes_on",
        "audience",
        "asked",
        "received",
        "figures",
    ]
    list_filter = ["convention", "audience", "is_demo"]
    readonly_fields = ["is_demo"]
    list_select_related = ["convention"]
    search_fields = ["label", "convention__code"]
    autocomplete_fields = ["convention", "questionnaire"]
    actions = ["addressees_update"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                asked_count=Count("submissions"),
                received_count=Count("submissions", filter=Q(submissions__status__in=RECEIVED_STATUSES)),
            )
        )

    @admin.display(description=_("asked"), ordering="asked_count")
    def asked(self, cycle):
        return cycle.asked_count

    @admin.display(description=_("received"), ordering="received_count")
    def received(self, cycle):
        return cycle.received_count

    @admin.display(description=_("figures"))
    def figures(self, cycle):
        return format_html(
            '<a href="{}">{}</a>', reverse("questionnaires:cycle", args=[cycle.pk]), _("Compliance")
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._report_addressees(request, obj)

    @admin.action(
        description=_("Ask the states again (after a change of the treaty record)"), permissions=["change"]
    )
    def addressees_update(self, request, queryset):
        for cycle in queryset.select_related("convention"):
            self._report_addressees(request, cycle)

    def _report_addressees(self, request, cycle):
        changes = cycle_addressees_sync(cycle)
        if changes.added:
            messages.info(
                request,
                _("%(cycle)s asks %(states)s.") % {"cycle": cycle, "states": ", ".join(changes.added)},
            )
        if changes.removed:
            messages.info(
                request,
                _("%(cycle)s no longer asks %(states)s.")
                % {"cycle": cycle, "states": ", ".join(changes.removed)},
            )


@admin.register(Answer)
class AnswerAdmin(RecordAdmin):
    """Every answer, to filter by cycle or obligation, and to import those typed in a spreadsheet."""

    resource_classes = [AnswerResource]
    list_display = ["submission", "question_number", "value_as_given"]
    list_filter = ["submission__cycle", "question__obligation", "choice"]
    list_select_related = ["submission__state", "submission__cycle__convention", "question__section"]
    search_fields = ["submission__state__name_en", "submission__state__iso3", "text"]
    fields = ["submission", "question", "choice", "text", "number", "date"]
    readonly_fields = ["submission", "question"]

    def has_add_permission(self, request):
        # Answers are added on their submission's page, where the questions are its own.
        return False

    @admin.display(description=_("question"), ordering="question__section__position")
    def question_number(self, answer):
        return answer.question.number

    @admin.display(description=_("answer"))
    def value_as_given(self, answer):
        return answer.value_as_given


class AnswerInline(RecordInline):
    """Answers, typed in by the secretariat from a questionnaire received on paper or by email."""

    model = Answer
    fields = ["question", "value_as_given", "choice", "text", "number", "date"]
    readonly_fields = ["value_as_given"]
    show_change_link = False

    @admin.display(description=_("answer as given"))
    def value_as_given(self, answer):
        return answer.value_as_given if answer.pk else ""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["question"]
        questions = list(
            Question.objects.filter(section__questionnaire=obj.cycle.questionnaire_id).select_related(
                "section"
            )
            if obj
            else []
        )
        field.queryset = Question.objects.filter(pk__in=[q.pk for q in questions])
        # Listed once for the whole formset, not once a row.
        field.choices = [("", "---------"), *((q.pk, str(q)) for q in questions)]
        return formset

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question__section", "submission__cycle")


class DocumentInline(RecordInline):
    model = SubmissionDocument
    fields = ["download", "kind", "size_bytes", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    show_change_link = False
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, document):
        # Through the page that checks who asks; files are not served from MEDIA_URL.
        return format_html('<a href="{}">{}</a>', document.get_absolute_url(), document.original_name)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")


class TransitionInline(admin.TabularInline):
    model = SubmissionTransition
    fields = ["at", "from_status", "to_status", "by_user", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("status changes")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by_user")


class SubmissionAdminForm(forms.ModelForm):
    """The submission's details, a status change through the workflow, and a file to attach."""

    received_earliest = ApproxDateField(label=_("Date received"))
    received_latest = forms.DateField(required=False, disabled=True, widget=forms.HiddenInput)
    new_status = forms.ChoiceField(label=_("Change status to"), required=False)
    transition_comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Returning a questionnaire needs a comment: the state reads it."),
    )
    attach_document = forms.FileField(
        label=_("Attach a document"), required=False, validators=[checked_document],
        help_text=_("A PDF, DOCX or XLSX file of at most 10 MB."),
    )  # fmt: skip

    class Meta:
        model = Submission
        fields = ["received_earliest", "received_latest", "answer_kind", "language", "notes"]

    def __init__(self, *args, initial=None, **kwargs):
        super().__init__(*args, initial=initial, **kwargs)
        if "received_earliest" not in (initial or {}):
            self.initial["received_earliest"] = self.instance.received
        choices = transitions_from(SubmissionStatus(self.instance.status), Actor.SECRETARIAT)
        self.fields["new_status"].choices = [("", _("(no change)")), *((s.value, s.label) for s in choices)]

    def clean(self):
        cleaned_data = super().clean()
        if "received_earliest" not in self.errors:
            received = cleaned_data.get("received_earliest")
            cleaned_data["received_earliest"] = received.earliest if received else None
            cleaned_data["received_latest"] = received.latest if received else None
        new_status = cleaned_data.get("new_status")
        if new_status:
            rule = TRANSITIONS[(SubmissionStatus(self.instance.status), SubmissionStatus(new_status))]
            if rule.comment_required and not cleaned_data.get("transition_comment", "").strip():
                self.add_error("transition_comment", _("Say why: the state reads this comment."))
        return cleaned_data


@admin.register(Submission)
class SubmissionAdmin(RecordAdmin):
    resource_classes = [ReceiptLogResource]
    form = SubmissionAdminForm
    import_export_change_list_template = "admin/questionnaires/submission/change_list.html"
    list_display = [
        "state",
        "cycle",
        "status",
        "received_display",
        "timeliness_display",
        "answer_kind",
        "language",
    ]
    list_filter = ["cycle", "status", "answer_kind", "language"]
    list_select_related = ["state", "cycle__convention"]
    search_fields = ["state__name_en", "state__iso3", "cycle__label", "cycle__convention__code"]
    readonly_fields = ["cycle", "state", "status", "submitted_by", "reviewed_by", "review_comments"]
    inlines = [AnswerInline, DocumentInline, TransitionInline]
    actions = ["mark_under_review", "accept"]
    fieldsets = [
        (None, {"fields": ["cycle", "state", "status"]}),
        (
            _("Receipt"),
            {"fields": ["received_earliest", "received_latest", "answer_kind", "language", "notes"]},
        ),
        (
            _("Review"),
            {
                "fields": [
                    "new_status",
                    "transition_comment",
                    "submitted_by",
                    "reviewed_by",
                    "review_comments",
                ]
            },
        ),
        (_("Documents"), {"fields": ["attach_document"]}),
    ]

    def has_add_permission(self, request):
        # Submissions are made by asking the states (the cycle) or by recording a receipt.
        return False

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status not in RECEIVED_STATUSES:
            # A questionnaire not yet received gets its date by "Record a questionnaire received".
            readonly += ["received_earliest", "answer_kind"]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.status not in RECEIVED_STATUSES:
            return [
                (name, {"fields": [f for f in options["fields"] if f != "received_latest"]})
                for name, options in fieldsets
            ]
        return fieldsets

    # Its form attaches a document (attach_document).
    @accepts_upload(MAX_DOCUMENT_BYTES)
    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "record-receipt/",
                self.admin_site.admin_view(self.receipt_view),
                name="questionnaires_submission_record_receipt",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("state", "cycle__convention", "cycle__questionnaire")
        )

    @admin.display(description=_("received"), ordering="received_earliest")
    def received_display(self, submission):
        return submission.received

    @admin.display(description=_("timeliness"))
    def timeliness_display(self, submission):
        return submission.timeliness.label

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        try:
            if form.cleaned_data.get("attach_document"):
                submission_document_attach(obj, form.cleaned_data["attach_document"], request.user)
            if form.cleaned_data.get("new_status"):
                submission_transition(
                    obj,
                    form.cleaned_data["new_status"],
                    request.user,
                    form.cleaned_data["transition_comment"],
                )
        except (ValidationError, PermissionDenied) as error:
            # Someone else changed the submission since the page was opened.
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        obj.refresh_from_db()

    def _transition_selected(self, request, queryset, to_status):
        done, refused = [], []
        for submission in queryset.select_related("state"):
            try:
                submission_transition(submission, to_status, request.user)
            except (ValidationError, PermissionDenied) as error:
                refused.append(
                    f"{submission.state.iso3}: {' '.join(getattr(error, 'messages', [str(error)]))}"
                )
            else:
                done.append(submission.state.iso3)
        if done:
            messages.success(
                request,
                _("%(status)s: %(states)s.")
                % {"status": SubmissionStatus(to_status).label, "states": ", ".join(done)},
            )
        for line in refused:
            messages.error(request, line)

    @admin.action(description=_("Mark as under review"), permissions=["change"])
    def mark_under_review(self, request, queryset):
        self._transition_selected(request, queryset, SubmissionStatus.UNDER_REVIEW)

    @admin.action(description=_("Accept"), permissions=["change"])
    def accept(self, request, queryset):
        self._transition_selected(request, queryset, SubmissionStatus.ACCEPTED)

    @accepts_upload(MAX_DOCUMENT_BYTES)
    def receipt_view(self, request):
        """Record a questionnaire received by email: cycle, state, date, file, in one form."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = ReceiptForm(request.POST or None, request.FILES or None, initial=request.GET.dict())
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                submission = submission_receipt_record(
                    data["cycle"],
                    data["state"],
                    request.user,
                    received=data["received"],
                    answer_kind=data["answer_kind"],
                    language=data["language"],
                    notes=data["notes"],
                    document=data["document"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Recorded: %(submission)s.") % {"submission": submission})
                return redirect(reverse("admin:questionnaires_submission_change", args=[submission.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Record a questionnaire received"),
            "form": form,
        }
        return TemplateResponse(request, "admin/questionnaires/submission/record_receipt.html", context)


# The model's fields as the receipt form names them.
RECEIPT_FORM_FIELDS = {"received_earliest": "received", "received_latest": "received"}


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        name = RECEIPT_FORM_FIELDS.get(field, field)
        form.add_error(name if name in form.fields else None, messages_)
