from django import forms
from django.utils.translation import gettext_lazy as _

from wayfinding.selectors import QUERY_MAX_LENGTH, QUERY_MIN_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the record"),
        min_length=QUERY_MIN_LENGTH,
        max_length=QUERY_MAX_LENGTH,
        help_text=_("A state, a convention or a meeting, by name or code (PER, A-66, CICTE)."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
