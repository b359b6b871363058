"""Implementation questionnaires: what a convention obliges, what states are asked, what they answer.

A convention's obligations are data. A questionnaire (versioned) has sections of questions, each
question optionally about one obligation. A reporting cycle sends one questionnaire version to
the states a rule names (all OAS member states, or the convention's parties) on its opening
day; each state asked has one submission in the cycle, which moves through the statuses of
``workflow`` and keeps its answers, documents and log of changes.
"""

import datetime as dt
from decimal import Decimal

from concurrency.fields import AutoIncVersionField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conventions.approx_dates import ApproxDateAttribute
from conventions.models import Convention
from questionnaires.uploads import MAX_DOCUMENT_BYTES, DocumentKind, document_upload_path
from questionnaires.workflow import (
    NOT_RECEIVED_STATUSES,
    RECEIVED_STATUSES,
    REVIEWED_STATUSES,
    TRANSITIONS,
    SubmissionStatus,
)
from states.models import Language, State, localized
from tracker.constraints import FieldCheckConstraint, interval_constraint, one_of


class Obligation(models.Model):
    """Something a convention requires of its parties: marking firearms, licensing exports, ..."""

    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, related_name="obligations", verbose_name=_("convention")
    )
    code = models.SlugField(_("code"), max_length=50, help_text=_("A short name for files, e.g. marking."))
    article = models.CharField(
        _("article"),
        max_length=50,
        blank=True,
        help_text=_("The article of the convention, e.g. Art. VI; left blank until a source gives it."),
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_pt = models.CharField(_("title (Portuguese)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), help_text=_("Order in lists and tables."))
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["convention__code", "position"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "code"],
                name="obligation_code_once_per_convention",
                violation_error_message=_("This convention already has an obligation with this code."),
            ),
            models.UniqueConstraint(
                fields=["convention", "position"],
                name="obligation_position_once_per_convention",
                violation_error_message=_("Another obligation of this convention has this position."),
            ),
        ]

    def __str__(self):
        return f"{self.article} {self.title}".strip()

    @property
    def title(self) -> str:
        return localized(self, "title")


class Questionnaire(models.Model):
    """One version of a convention's implementation questionnaire."""

    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, related_name="questionnaires", verbose_name=_("convention")
    )
    version = models.CharField(_("version"), max_length=20)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_pt = models.CharField(_("title (Portuguese)"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["convention__code", "version"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "version"],
                name="questionnaire_version_once_per_convention",
                violation_error_message=_("This convention already has a questionnaire of this version."),
            ),
        ]

    def __str__(self):
        return f"{self.title_en} (version {self.version})"

    @property
    def title(self) -> str:
        return localized(self, "title")


class Section(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="sections", verbose_name=_("questionnaire")
    )
    position = models.PositiveSmallIntegerField(_("number"))
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_pt = models.CharField(_("title (Portuguese)"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["questionnaire", "position"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "position"],
                name="section_number_once_per_questionnaire",
                violation_error_message=_("This questionnaire already has a section with this number."),
            ),
            FieldCheckConstraint(
                condition=Q(position__gte=1),
                name="section_number_from_one",
                field="position",
                violation_error_message=_("Sections are numbered from 1."),
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title_en}"

    @property
    def title(self) -> str:
        return localized(self, "title")


class QuestionKind(models.TextChoices):
    YES_NO_PARTLY = "yes_no_partly", _("Yes / no / partly")
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice from a list")


class YesNoPartly(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class Implementation(models.TextChoices):
    """How far a state reports it implements an obligation."""

    IMPLEMENTED = "implemented", _("Implemented")
    PARTLY = "partly", _("Partly implemented")
    NOT_IMPLEMENTED = "not_implemented", _("Not implemented")
    NO_DATA = "no_data", _("No data")


class Question(models.Model):
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="questions", verbose_name=_("section")
    )
    position = models.PositiveSmallIntegerField(_("number in the section"))
    kind = models.CharField(_("kind of answer"), max_length=20, choices=QuestionKind.choices)
    text_en = models.TextField(_("question (English)"))
    text_es = models.TextField(_("question (Spanish)"), blank=True)
    text_fr = models.TextField(_("question (French)"), blank=True)
    text_pt = models.TextField(_("question (Portuguese)"), blank=True)
    options = models.TextField(
        _("options"), blank=True, help_text=_("For a choice from a list: one option a line.")
    )
    obligation = models.ForeignKey(
        Obligation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("obligation"),
        help_text=_("The obligation a yes / no / partly answer reports on."),
    )
    is_required = models.BooleanField(
        _("required"), default=True, help_text=_("A liaison cannot submit online without answering it.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["section__questionnaire", "section__position", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "position"],
                name="question_number_once_per_section",
                violation_error_message=_("This section already has a question with this number."),
            ),
            FieldCheckConstraint(
                condition=Q(position__gte=1),
                name="question_number_from_one",
                field="position",
                violation_error_message=_("Questions are numbered from 1."),
            ),
            FieldCheckConstraint(
                condition=one_of("kind", QuestionKind.choices),
                name="question_kind_known",
                field="kind",
                violation_error_message=_("Choose a kind of answer from the list."),
            ),
            FieldCheckConstraint(
                condition=Q(kind=QuestionKind.CHOICE) & ~Q(options="")
                | ~Q(kind=QuestionKind.CHOICE) & Q(options=""),
                name="question_options_only_for_a_choice",
                field="options",
                violation_error_message=_("A choice from a list needs its options, and only it has options."),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.text_en[:80]}"

    def clean(self):
        super().clean()
        if (
            self.obligation_id
            and self.section_id
            and self.obligation.convention_id != self.section.questionnaire.convention_id
        ):
            raise ValidationError(
                {"obligation": _("This obligation belongs to another convention than the questionnaire.")}
            )

    @property
    def number(self) -> str:
        return f"{self.section.position}.{self.position}"

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class Audience(models.TextChoices):
    ALL_MEMBERS = "all_members", _("All OAS member states")
    PARTIES = "parties", _("Parties to the convention")


class ReportingCycleQuerySet(models.QuerySet):
    def reference(self):
        """Cycles of the record, without the one `load_demo` opened to try the site."""
        return self.filter(is_demo=False)


class ReportingCycle(models.Model):
    """One round of a questionnaire: who is asked, from when, and by when answers are due."""

    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, related_name="reporting_cycles", verbose_name=_("convention")
    )
    label = models.CharField(_("label"), max_length=9, help_text=_("The year or period, e.g. 2019-2020."))
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("questionnaire")
    )
    opens_on = models.DateField(
        _("opens on"),
        help_text=_(
            "The day the questionnaire was sent or the period began; who is asked is decided as of it."
        ),
    )
    due_on = models.DateField(
        _("due on"),
        null=True,
        blank=True,
        help_text=_("Leave empty when no due date was set or it is not known."),
    )
    closes_on = models.DateField(
        _("closes on"),
        null=True,
        blank=True,
        help_text=_("The last day liaisons can answer online; empty while the cycle stays open."),
    )
    audience = models.CharField(_("who is asked"), max_length=20, choices=Audience.choices)
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    is_demo = models.BooleanField(
        _("demo"),
        default=False,
        editable=False,
        help_text=_("Opened by the demo command to try the site; never counted in the record's figures."),
    )

    history = HistoricalRecords()
    objects = ReportingCycleQuerySet.as_manager()

    class Meta:
        ordering = ["convention__code", "-opens_on"]
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "label"],
                name="cycle_label_once_per_convention",
                violation_error_message=_("This convention already has a cycle with this label."),
            ),
            FieldCheckConstraint(
                condition=Q(label__regex=r"^[0-9]{4}(-[0-9]{4})?$"),
                name="cycle_label_is_a_year_or_period",
                field="label",
                violation_error_message=_("Write the label as a year (2021) or a period (2019-2020)."),
            ),
            FieldCheckConstraint(
                condition=one_of("audience", Audience.choices),
                name="cycle_audience_known",
                field="audience",
                violation_error_message=_("Choose who is asked from the list."),
            ),
            FieldCheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=F("opens_on")),
                name="cycle_due_after_opening",
                field="due_on",
                violation_error_message=_("Answers cannot be due before the cycle opens."),
            ),
            FieldCheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=F("opens_on")),
                name="cycle_closes_after_opening",
                field="closes_on",
                violation_error_message=_("A cycle cannot close before it opens."),
            ),
            FieldCheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(due_on__isnull=True) | Q(closes_on__gte=F("due_on")),
                name="cycle_closes_after_due_date",
                field="closes_on",
                violation_error_message=_("A cycle cannot close before its answers are due."),
            ),
        ]

    def __str__(self):
        return f"{self.convention.code} {self.label}"

    def clean(self):
        super().clean()
        if (
            self.questionnaire_id
            and self.convention_id
            and self.questionnaire.convention_id != self.convention_id
        ):
            raise ValidationError({"questionnaire": _("This questionnaire is for another convention.")})
        if self.pk and self.questionnaire_id and self._answered_in_another_questionnaire():
            raise ValidationError(
                {
                    "questionnaire": _(
                        "States have answered this cycle's questionnaire: it can no longer be replaced."
                    )
                }
            )

    def _answered_in_another_questionnaire(self) -> bool:
        return (
            Answer.objects.filter(submission__cycle=self.pk)
            .exclude(question__section__questionnaire=self.questionnaire_id)
            .exists()
        )

    def is_open_on(self, day: dt.date) -> bool:
        """Whether liaisons can answer online on ``day``."""
        return self.opens_on <= day and (self.closes_on is None or day <= self.closes_on)


class AnswerKind(models.TextChoices):
    FIRST = "first", _("First answer")
    UPDATE = "update", _("Update of an earlier answer")


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    # Received, but the due date or the day of receipt is not known well enough to tell.
    UNKNOWN = "unknown", _("Received, timeliness unknown")
    MISSING = "missing", _("Not received")


class Submission(models.Model):
    """A state's answer to one cycle, from the day it is asked to the secretariat's decision.

    The day received is an interval like the treaty record's dates (``received_earliest`` ..
    ``received_latest``): a questionnaire known only to have come in during a period keeps
    that period, and one whose day is not known at all keeps none.
    """

    cycle = models.ForeignKey(
        ReportingCycle, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("cycle")
    )
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="questionnaire_submissions", verbose_name=_("state")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.NOT_STARTED
    )
    received_earliest = models.DateField(_("received, earliest day"), null=True, blank=True)
    received_latest = models.DateField(_("received, latest day"), null=True, blank=True)
    answer_kind = models.CharField(
        _("first answer or update"), max_length=10, choices=AnswerKind.choices, blank=True
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
        help_text=_("The liaison who submitted online; empty for answers received by email."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_comments = models.TextField(_("review comments"), blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("The secretariat's notes and sources."))

    version = AutoIncVersionField(verbose_name=_("version"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle", "state__name_en"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "state"],
                name="submission_one_per_state_and_cycle",
                violation_error_message=_("This state already has a submission in this cycle."),
            ),
            FieldCheckConstraint(
                condition=one_of("status", SubmissionStatus.choices),
                name="submission_status_known",
                field="status",
                violation_error_message=_("Unknown status."),
            ),
            FieldCheckConstraint(
                condition=Q(answer_kind="") | one_of("answer_kind", AnswerKind.choices),
                name="submission_answer_kind_known",
                field="answer_kind",
                violation_error_message=_("Choose first answer or update."),
            ),
            interval_constraint(
                "received",
                "submission_received_interval",
                _("The date received is incomplete or its range is reversed."),
            ),
            FieldCheckConstraint(
                condition=~Q(status__in=sorted(NOT_RECEIVED_STATUSES)) | Q(received_earliest__isnull=True),
                name="submission_received_only_when_sent",
                field="received_earliest",
                violation_error_message=_("A questionnaire not yet sent has no date received."),
            ),
            FieldCheckConstraint(
                condition=~Q(status__in=sorted(RECEIVED_STATUSES)) | ~Q(answer_kind=""),
                name="submission_received_says_first_or_update",
                field="answer_kind",
                violation_error_message=_(
                    "Say whether the questionnaire received is a first answer or an update."
                ),
            ),
            FieldCheckConstraint(
                condition=~Q(status__in=sorted(REVIEWED_STATUSES)) | Q(reviewed_by__isnull=False),
                name="submission_decision_names_reviewer",
                field="reviewed_by",
                violation_error_message=_("An accepted or returned questionnaire names its reviewer."),
            ),
        ]
        indexes = [models.Index(fields=["state", "cycle"], name="submission_state_idx")]

    def __str__(self):
        return f"{self.state} — {self.cycle}"

    def get_absolute_url(self):
        return reverse("questionnaires:submission", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.cycle_id and self.received_earliest and self.received_earliest < self.cycle.opens_on:
            raise ValidationError(
                {
                    "received_earliest": _(
                        "The cycle %(cycle)s opened on %(day)s; nothing is received before."
                    )
                    % {"cycle": self.cycle.label, "day": self.cycle.opens_on.isoformat()}
                }
            )

    received = ApproxDateAttribute("received")

    @property
    def is_received(self) -> bool:
        return self.status in RECEIVED_STATUSES

    @property
    def timeliness(self) -> Timeliness:
        """On time if certainly received by the due date, late if certainly after it."""
        if not self.is_received:
            return Timeliness.MISSING
        received, due_on = self.received, self.cycle.due_on
        if received is None or due_on is None:
            return Timeliness.UNKNOWN
        if received.certainly_by(due_on):
            return Timeliness.ON_TIME
        if received.earliest > due_on:
            return Timeliness.LATE
        return Timeliness.UNKNOWN


class Answer(models.Model):
    """One answer, in the column that fits its question's kind; an unanswered question has none."""

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="answers", verbose_name=_("submission")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    choice = models.CharField(_("choice"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    number = models.DecimalField(_("number"), max_digits=20, decimal_places=4, null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "question__section__position", "question__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "question"],
                name="answer_once_per_question",
                violation_error_message=_("This question is already answered in this submission."),
            ),
            models.CheckConstraint(
                condition=(~Q(choice="") & Q(text="", number__isnull=True, date__isnull=True))
                | (~Q(text="") & Q(choice="", number__isnull=True, date__isnull=True))
                | Q(number__isnull=False, choice="", text="", date__isnull=True)
                | Q(date__isnull=False, choice="", text="", number__isnull=True),
                name="answer_has_exactly_one_value",
                violation_error_message=_("An answer holds exactly one value."),
            ),
        ]

    def __str__(self):
        return f"{self.question.number}: {self.value_as_given}"

    def clean(self):
        super().clean()
        if not (self.question_id and self.submission_id):
            return
        question = self.question
        if question.section.questionnaire_id != self.submission.cycle.questionnaire_id:
            raise ValidationError({"question": _("This question is not in the cycle's questionnaire.")})
        field = VALUE_FIELD[question.kind]
        if any(getattr(self, other) not in (None, "") for other in set(VALUE_FIELD.values()) - {field}):
            raise ValidationError(
                {
                    field: _("A question of kind “%(kind)s” is answered here.")
                    % {"kind": question.get_kind_display()}
                }
            )
        allowed = allowed_choices(question)
        if allowed is not None and self.choice and self.choice not in allowed:
            raise ValidationError(
                {"choice": _("“%(value)s” is not one of the options.") % {"value": self.choice}}
            )

    @property
    def value(self) -> str | Decimal | dt.date:
        return getattr(self, VALUE_FIELD[self.question.kind])

    @property
    def value_as_given(self) -> str | Decimal | dt.date:
        """The value as the liaison picked it on the form: "Partly", not the stored "partly"."""
        if self.question.kind == QuestionKind.YES_NO_PARTLY and self.choice in YesNoPartly.values:
            return YesNoPartly(self.choice).label
        return self.value


# The column that holds the answer to each kind of question.
VALUE_FIELD = {
    QuestionKind.YES_NO_PARTLY: "choice",
    QuestionKind.CHOICE: "choice",
    QuestionKind.TEXT: "text",
    QuestionKind.NUMBER: "number",
    QuestionKind.DATE: "date",
}


def allowed_choices(question: Question) -> list[str] | None:
    if question.kind == QuestionKind.YES_NO_PARTLY:
        return YesNoPartly.values
    if question.kind == QuestionKind.CHOICE:
        return question.option_list
    return None


class SubmissionDocument(models.Model):
    """A file sent with the answers (the questionnaire itself, a law, a report).

    Served only through ``views.document_download``, which checks who asks.
    """

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="documents", verbose_name=_("submission")
    )
    file = models.FileField(_("file"), upload_to=document_upload_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "uploaded_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            FieldCheckConstraint(
                condition=one_of("kind", DocumentKind.choices),
                name="document_kind_allowed",
                field="kind",
                violation_error_message=_("Only PDF, DOCX and XLSX files are kept."),
            ),
            FieldCheckConstraint(
                condition=Q(size_bytes__gt=0, size_bytes__lte=MAX_DOCUMENT_BYTES),
                name="document_size_within_limit",
                field="size_bytes",
                violation_error_message=_("A document is not empty and at most 10 MB."),
            ),
        ]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("questionnaires:document", kwargs={"pk": self.pk})


class SubmissionTransition(models.Model):
    """One change of a submission's status: who, when, from what, to what, and why."""

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="transitions", verbose_name=_("submission")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=SubmissionStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=SubmissionStatus.choices)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty for changes loaded from the reference files."),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["submission", "at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    *(Q(from_status=start, to_status=end) for start, end in TRANSITIONS),
                    _connector=Q.OR,
                ),
                name="transition_allowed",
                violation_error_message=_("This change of status is not allowed."),
            ),
        ]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    @property
    def office(self) -> str:
        return office_of(self.by_user)


def office_of(user) -> str:
    """Who made a change as the state is told it: an office, never a staff member's account."""
    if user is None:
        return ""
    if user.is_staff:
        return _("Secretariat")
    return _("The state's liaison")
