from django import forms
from django.utils.translation import gettext_lazy as _


class AsOfForm(forms.Form):
    """The date a status page describes; empty means today."""

    # One format in every language, so a link to a status page means the same date for anyone.
    as_of = forms.DateField(
        label=_("Status as of"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("A date written YYYY-MM-DD; leave empty for today."),
    )
