import contextlib
import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from conventions.approx_dates import ApproxDate
from conventions.changes import a_year_before
from conventions.models import Convention, Participation
from states.models import State


def day_field(label, help_text) -> forms.DateField:
    """A day in one format in every language, so that a link means the same day for anyone."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
    )


class AsOfForm(forms.Form):
    """The date a status page describes; empty means today."""

    as_of = day_field(_("Status as of"), _("A date written YYYY-MM-DD; leave empty for today."))


def as_of_for_download(query, today: dt.date) -> dt.date:
    """The date a file download asks for (``as_of``), or today when it asks for none.

    A file has no field to show an error beside, so a date that is not one raises
    ``ValidationError`` and the view answers 400 with the message.
    """
    if not query.get("as_of"):
        return today
    form = AsOfForm(query)
    if not form.is_valid():
        raise ValidationError(form.errors["as_of"])
    return form.cleaned_data["as_of"]


class ApproxDateField(forms.CharField):
    """One text box for a date known to the day, the month, the year, or only between two days."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("YYYY-MM-DD, YYYY-MM, YYYY, or a range such as 2002-06-04/2003-05-07.")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.isoformat() if isinstance(value, ApproxDate) else value

    def to_python(self, value):
        if isinstance(value, ApproxDate) or value is None:
            return value
        if isinstance(value, dt.date):
            return ApproxDate.exact(value)
        text = super().to_python(value)
        if not text:
            return None
        try:
            return ApproxDate.parse(text)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True


# The model keeps each approximate date as two columns; the form shows one text box for both.
APPROX_DATES = {"signature": _("Signature date"), "deposit": _("Deposit date")}


class ParticipationForm(forms.ModelForm):
    """A participation with its signature and deposit each typed as one approximate date.

    The text box is the form field of ``<date>_earliest`` and ``<date>_latest`` stays in the
    form as a hidden field that ``clean()`` fills. Both must be form fields: the model's
    constraints on a field left out of a form are not checked, and the database would then
    refuse the row with an error page instead of a message beside the field.
    """

    signature_earliest = ApproxDateField(label=APPROX_DATES["signature"])
    signature_latest = forms.DateField(required=False, disabled=True, widget=forms.HiddenInput)
    deposit_earliest = ApproxDateField(label=APPROX_DATES["deposit"])
    deposit_latest = forms.DateField(required=False, disabled=True, widget=forms.HiddenInput)

    class Meta:
        model = Participation
        fields = [
            "convention", "state", "signature_earliest", "signature_latest", "instrument_kind",
            "instrument_dated", "deposit_earliest", "deposit_latest", "denunciation_notified_on",
            "denunciation_effective_on", "source", "notes",
        ]  # fmt: skip

    def __init__(self, *args, initial=None, **kwargs):
        super().__init__(*args, initial=initial, **kwargs)
        for name in APPROX_DATES:
            if name + "_earliest" not in (initial or {}):
                self.initial[name + "_earliest"] = getattr(self.instance, name)

    def clean(self):
        cleaned_data = super().clean()
        for name in APPROX_DATES:
            # A text that could not be read keeps the stored interval; its error is shown.
            if name + "_earliest" in self.errors:
                continue
            value = cleaned_data.get(name + "_earliest")
            cleaned_data[name + "_earliest"] = value.earliest if value else None
            cleaned_data[name + "_latest"] = value.latest if value else None
        return cleaned_data


class ChangesForm(forms.Form):
    """The period a list of changes covers (both days included) and what it is about.

    The first day's field is named ``from``, a word Python keeps for itself, so it is added to
    the fields when the form is made rather than declared.
    """

    to = day_field(_("To"), _("The last day of the period, YYYY-MM-DD; empty for today."))
    convention = forms.ModelChoiceField(
        label=_("Convention"),
        queryset=Convention.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label=_("any"),
    )
    state = forms.ModelChoiceField(
        label=_("State"),
        queryset=State.objects.order_by("name_en"),
        to_field_name="iso3",
        required=False,
        empty_label=_("any"),
    )

    def __init__(self, data, *, today: dt.date, **kwargs):
        # Empty dates are the defaults, and shown as such in their boxes.
        data = data.copy()
        if not data.get("to"):
            data["to"] = today.isoformat()
        if not data.get("from"):
            # Left empty beside a "to" that is not a date, which is shown as wrong.
            with contextlib.suppress(ValueError):
                last = dt.datetime.strptime(data["to"], "%Y-%m-%d").date()
                data["from"] = a_year_before(last).isoformat()
        super().__init__(data, **kwargs)
        first_day = day_field(
            _("From"), _("The first day of the period, YYYY-MM-DD; both days are included.")
        )
        self.fields = {"from": first_day, **self.fields}
        self.fields["convention"].label_from_instance = lambda convention: (
            f"{convention.code} {convention.short_name}"
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start == dt.date.min:
            self.add_error("from", _("There is no day before this one to count from: choose a later day."))
        elif start and end and start > end:
            self.add_error(
                "from",
                _("The period starts after it ends: %(start)s is after %(end)s.")
                % {"start": start.isoformat(), "end": end.isoformat()},
            )
        elif "from" not in self.errors and not start:
            self.add_error("from", _("Enter the first day of the period."))
        return data

    def query(self) -> str:
        """The valid form's choices as a query string, dates written out."""
        data = self.cleaned_data
        query = QueryDict(mutable=True)
        query["from"], query["to"] = data["from"].isoformat(), data["to"].isoformat()
        if data.get("convention"):
            query["convention"] = data["convention"].code
        if data.get("state"):
            query["state"] = data["state"].iso3
        return query.urlencode()
