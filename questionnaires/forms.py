from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conventions.forms import ApproxDateField
from questionnaires.models import AnswerKind, Question, QuestionKind, ReportingCycle, YesNoPartly
from questionnaires.selectors import SectionAnswers
from questionnaires.uploads import MAX_DOCUMENT_BYTES, document_kind
from states.models import Language, State
from tracker.locking import VersionField

NOT_ANSWERED = [("", _("Not answered"))]


def _answer_field(question: Question) -> forms.Field:
    common = {
        "label": f"{question.number} {question.text}",
        "required": False,
        "help_text": _("Needed to submit.") if question.is_required else "",
    }
    match question.kind:
        case QuestionKind.YES_NO_PARTLY:
            return forms.ChoiceField(
                choices=NOT_ANSWERED + YesNoPartly.choices, widget=forms.RadioSelect, **common
            )
        case QuestionKind.CHOICE:
            options = [(option, option) for option in question.option_list]
            return forms.ChoiceField(choices=NOT_ANSWERED + options, **common)
        case QuestionKind.NUMBER:
            return forms.DecimalField(max_digits=20, decimal_places=4, **common)
        case QuestionKind.DATE:
            return forms.DateField(
                input_formats=["%Y-%m-%d"],
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                **common,
            )
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)


def answer_field_name(question: Question) -> str:
    return f"question_{question.pk}"


class AnswersForm(forms.Form):
    """The questionnaire as a form: every question optional, so a draft can be saved half done.

    Whether every required question is answered is checked when she submits
    (``services.submission_transition``), and reported beside each one.
    """

    answer_kind = forms.ChoiceField(
        label=_("This is"), choices=[("", "—"), *AnswerKind.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Language of the answers"), choices=[("", "—"), *Language.choices], required=False
    )
    version = VersionField()

    def __init__(self, sections: list[SectionAnswers], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            for item in section.items:
                name = answer_field_name(item.question)
                self.fields[name] = _answer_field(item.question)
                if item.answer is not None:
                    self.initial[name] = item.answer.value

    def grouped(self):
        """Sections, each with its questions' bound fields, in the questionnaire's order."""
        return [
            (section.section, [(item, self[answer_field_name(item.question)]) for item in section.items])
            for section in self.sections
        ]

    def answer_values(self) -> dict[int, object]:
        return {
            item.question.pk: self.cleaned_data.get(answer_field_name(item.question))
            for section in self.sections
            for item in section.items
        }


def checked_document(uploaded):
    document_kind(uploaded)


def _document_help() -> str:
    return gettext("A PDF, DOCX or XLSX file of at most %(limit)s.") % {
        "limit": filesizeformat(MAX_DOCUMENT_BYTES)
    }


# Lazy, as a label: a form class is made once, and its help is read in each reader's language.
DOCUMENT_HELP = lazy(_document_help, str)()


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Document"),
        validators=[checked_document],
        help_text=DOCUMENT_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx"}),
    )


class ReceiptForm(forms.Form):
    """A questionnaire received by email, recorded by the secretariat in one form."""

    cycle = forms.ModelChoiceField(
        label=_("Cycle"), queryset=ReportingCycle.objects.select_related("convention")
    )
    state = forms.ModelChoiceField(label=_("State"), queryset=State.objects.all())
    received = ApproxDateField(
        label=_("Date received"),
        help_text=_(
            "YYYY-MM-DD, or YYYY-MM, YYYY or a range when the day is not known; empty if not known at all."
        ),
    )
    answer_kind = forms.ChoiceField(label=_("This is"), choices=AnswerKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=[("", "—"), *Language.choices], required=False)
    document = forms.FileField(
        label=_("File received"),
        required=False,
        validators=[checked_document],
        help_text=DOCUMENT_HELP,
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
