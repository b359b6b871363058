"""Spreadsheet import and export of questionnaires, cycles and the receipt log.

Rows name what they belong to by readable keys (convention code, questionnaire version, section
and question numbers, cycle label, ISO3), as the treaty record's files do. Like every
``RecordResource``, a file with one bad row imports nothing and names the row and column.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from conventions.models import Convention
from conventions.resources import ISO_DATE, ApproxDateWidget
from questionnaires.models import (
    VALUE_FIELD,
    Answer,
    Obligation,
    Question,
    QuestionKind,
    Questionnaire,
    ReportingCycle,
    Section,
    Submission,
)
from questionnaires.services import cycle_addressees_sync, submission_receipt_logged
from questionnaires.workflow import status_on_receipt
from states.models import State
from tracker.importing import NaturalKeyWidget, RecordResource, WholeNumberWidget, shortened


class RowKeyWidget(widgets.Widget):
    """A foreign key found by several columns of the row: e.g. a cycle by convention and label.

    ``lookups`` maps each lookup of the related model to the column holding its value; the
    field's own column is one of them. An empty own column means no related object.
    """

    def __init__(self, model, lookups: dict[str, str], shown: str):
        self.model = model
        self.lookups = lookups
        self.shown = shown
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        keys = {lookup: str(row.get(column) or "").strip() for lookup, column in self.lookups.items()}
        try:
            return self.model.objects.get(**keys)
        except self.model.DoesNotExist:
            described = ", ".join(
                f"{column} “{shortened(keys[lookup])}”" for lookup, column in self.lookups.items()
            )
            raise ValueError(
                _("No %(model)s with %(described)s.")
                % {"model": self.model._meta.verbose_name, "described": described}
            ) from None

    def render(self, value, obj=None, **kwargs):
        for name in self.shown.split("."):
            value = None if value is None else getattr(value, name)
        return "" if value is None else str(value)


def _convention_field():
    return fields.Field(
        attribute="convention", column_name="convention", widget=NaturalKeyWidget(Convention, field="code")
    )


class ObligationResource(RecordResource):
    convention = _convention_field()

    class Meta(RecordResource.Meta):
        model = Obligation
        import_id_fields = ["convention", "code"]
        fields = [
            "convention", "code", "position", "article", "title_en", "title_es", "title_fr", "title_pt",
            "notes",
        ]  # fmt: skip


class QuestionnaireResource(RecordResource):
    convention = _convention_field()

    class Meta(RecordResource.Meta):
        model = Questionnaire
        import_id_fields = ["convention", "version"]
        fields = ["convention", "version", "title_en", "title_es", "title_fr", "title_pt", "notes"]


class SectionResource(RecordResource):
    convention = fields.Field(column_name="convention", readonly=True)
    questionnaire = fields.Field(
        attribute="questionnaire",
        column_name="version",
        widget=RowKeyWidget(
            Questionnaire, {"convention__code": "convention", "version": "version"}, "version"
        ),
    )
    position = fields.Field(attribute="position", column_name="section", widget=WholeNumberWidget())

    class Meta(RecordResource.Meta):
        model = Section
        import_id_fields = ["questionnaire", "position"]
        fields = ["convention", "questionnaire", "position", "title_en", "title_es", "title_fr", "title_pt"]

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).select_related("questionnaire__convention")

    def dehydrate_convention(self, section):
        return section.questionnaire.convention.code


class QuestionResource(RecordResource):
    convention = fields.Field(column_name="convention", readonly=True)
    version = fields.Field(column_name="version", readonly=True)
    section = fields.Field(
        attribute="section",
        column_name="section",
        widget=RowKeyWidget(
            Section,
            {
                "questionnaire__convention__code": "convention",
                "questionnaire__version": "version",
                "position": "section",
            },
            "position",
        ),
    )
    position = fields.Field(attribute="position", column_name="question", widget=WholeNumberWidget())
    obligation = fields.Field(
        attribute="obligation",
        column_name="obligation",
        widget=RowKeyWidget(Obligation, {"convention__code": "convention", "code": "obligation"}, "code"),
        saves_null_values=True,
    )

    class Meta(RecordResource.Meta):
        model = Question
        import_id_fields = ["section", "position"]
        fields = [
            "convention", "version", "section", "position", "kind", "obligation", "is_required",
            "text_en", "text_es", "text_fr", "text_pt", "options",
        ]  # fmt: skip

    def filter_export(self, queryset, **kwargs):
        return (
            super()
            .filter_export(queryset, **kwargs)
            .select_related("section__questionnaire__convention", "obligation")
        )

    def dehydrate_convention(self, question):
        return question.section.questionnaire.convention.code

    def dehydrate_version(self, question):
        return question.section.questionnaire.version


class ReportingCycleResource(RecordResource):
    """Cycles keyed by convention and label; importing one asks its states (see the service)."""

    convention = _convention_field()
    questionnaire = fields.Field(
        attribute="questionnaire",
        column_name="questionnaire",
        widget=RowKeyWidget(
            Questionnaire, {"convention__code": "convention", "version": "questionnaire"}, "version"
        ),
    )
    opens_on = fields.Field(attribute="opens_on", column_name="opens_on", widget=ISO_DATE)
    due_on = fields.Field(attribute="due_on", column_name="due_on", widget=ISO_DATE)
    closes_on = fields.Field(attribute="closes_on", column_name="closes_on", widget=ISO_DATE)

    class Meta(RecordResource.Meta):
        model = ReportingCycle
        import_id_fields = ["convention", "label"]
        fields = [
            "convention", "label", "questionnaire", "audience", "opens_on", "due_on", "closes_on", "notes",
            "source",
        ]  # fmt: skip

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        cycle_addressees_sync(instance)

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).select_related("convention", "questionnaire")


class ReceiptLogResource(RecordResource):
    """The receipt log of a cycle: which state's questionnaire came in, when, first or update.

    A row for a state whose questionnaire had not been received makes it submitted, and the
    change is logged with the importing user; a row for one already received corrects its
    details. The status column is exported for reading and ignored on import.
    """

    composite_attributes = {"received": ("received_earliest", "received_latest")}

    convention = fields.Field(column_name="convention", readonly=True)
    cycle = fields.Field(
        attribute="cycle",
        column_name="cycle",
        widget=RowKeyWidget(ReportingCycle, {"convention__code": "convention", "label": "cycle"}, "label"),
    )
    state = fields.Field(attribute="state", column_name="state", widget=NaturalKeyWidget(State, field="iso3"))
    received_on = fields.Field(
        attribute="received", column_name="received_on", widget=ApproxDateWidget(), saves_null_values=True
    )
    status = fields.Field(attribute="status", column_name="status", readonly=True)

    class Meta(RecordResource.Meta):
        model = Submission
        import_id_fields = ["cycle", "state"]
        fields = ["convention", "cycle", "state", "received_on", "answer_kind", "language", "status", "notes"]

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        # Decided before validation, so the row is checked as it will be saved.
        instance._status_before_receipt = instance.status
        instance.status = status_on_receipt(instance.status)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if instance.status != getattr(instance, "_status_before_receipt", instance.status):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        before = instance._status_before_receipt
        if before != instance.status:
            submission_receipt_logged(
                instance, before, kwargs.get("user"), source=kwargs.get("file_name") or "a spreadsheet"
            )

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).select_related("cycle__convention", "state")

    def dehydrate_convention(self, submission):
        return submission.cycle.convention.code


QUESTION_NUMBER = re.compile(r"^\s*(\d+)\.(\d+)\s*$")


class QuestionByNumberWidget(widgets.Widget):
    """A question written as its number, ``1.2``, in the questionnaire of the row's cycle."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        match = QUESTION_NUMBER.match(text)
        if not match:
            raise ValueError(
                _("“%(text)s” is not a question number such as 1.2.") % {"text": shortened(text)}
            )
        convention, label = (str(row.get(column) or "").strip() for column in ("convention", "cycle"))
        try:
            return Question.objects.select_related("section").get(
                section__questionnaire__cycles__convention__code=convention,
                section__questionnaire__cycles__label=label,
                section__position=int(match.group(1)),
                position=int(match.group(2)),
            )
        except Question.DoesNotExist:
            raise ValueError(
                _("The questionnaire of %(convention)s %(label)s has no question %(number)s.")
                % {"convention": convention, "label": label, "number": text}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.number


def answer_value_from_text(question: Question, text: str):
    """The value a spreadsheet cell gives an answer, in the type of the question's kind."""
    if question.kind == QuestionKind.NUMBER:
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(text)s” is not a number.") % {"text": shortened(text)}) from None
    if question.kind == QuestionKind.DATE:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                _("“%(text)s” is not a date written YYYY-MM-DD.") % {"text": shortened(text)}
            ) from None
    return text


class AnswerResource(RecordResource):
    """Answers keyed by convention, cycle, state and question number (``1.2``).

    For questionnaires received on paper or by email, typed in by the secretariat; the
    ``answer`` column holds the value in the form of the question's kind (yes / no / partly, a
    number, a date YYYY-MM-DD, an option, or text).
    """

    convention = fields.Field(column_name="convention", readonly=True)
    cycle = fields.Field(column_name="cycle", readonly=True)
    submission = fields.Field(
        attribute="submission",
        column_name="state",
        widget=RowKeyWidget(
            Submission,
            {"cycle__convention__code": "convention", "cycle__label": "cycle", "state__iso3": "state"},
            "state.iso3",
        ),
    )
    question = fields.Field(attribute="question", column_name="question", widget=QuestionByNumberWidget())
    # Written by ``import_instance`` into the column that fits the question's kind.
    answer = fields.Field(attribute="value", column_name="answer", readonly=True)
    composite_attributes = {"value": ("choice", "text", "number", "date")}

    class Meta(RecordResource.Meta):
        model = Answer
        import_id_fields = ["submission", "question"]
        fields = ["convention", "cycle", "submission", "question", "answer"]

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if instance.question_id and "question" not in errors:
            text = str(row.get("answer") or "").strip()
            for column in set(VALUE_FIELD.values()):
                setattr(instance, column, None if column in ("number", "date") else "")
            try:
                if not text:
                    raise ValueError(_("Give the answer; leave out the row of a question not answered."))
                value = answer_value_from_text(instance.question, text)
            except ValueError as error:
                errors["value"] = [str(error)]
            else:
                setattr(instance, VALUE_FIELD[instance.question.kind], value)
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors and "value" in import_validation_errors:
            # No value could be read: the rule of one value an answer would only repeat it.
            raise ValidationError(self._by_column(dict(import_validation_errors)))
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        unchanged = all(
            getattr(instance, column) == getattr(original, column) for column in set(VALUE_FIELD.values())
        )
        return unchanged and super().skip_row(instance, original, row, import_validation_errors)

    def filter_export(self, queryset, **kwargs):
        return (
            super()
            .filter_export(queryset, **kwargs)
            .select_related("submission__cycle__convention", "submission__state", "question__section")
        )

    def dehydrate_convention(self, answer):
        return answer.submission.cycle.convention.code

    def dehydrate_cycle(self, answer):
        return answer.submission.cycle.label
