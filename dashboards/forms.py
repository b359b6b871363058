from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from conventions.forms import AsOfForm


class PlainSelect(forms.Select):
    """A select of plain options (no groups) written out in one pass: the form renderer's
    template for each option costs more than the rest of the overview when there is one option
    per convention of a depositary's record."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((option, " selected" if str(option) in chosen else "", label) for option, label in self.choices),
        )
        return format_html(
            "<select{}>{}</select>",
            flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name})),
            options,
        )


class OverviewForm(AsOfForm):
    """The date the overview describes and the convention its map and status filter are about."""

    convention = forms.ChoiceField(
        label=_("Convention for the map and the status filter"),
        required=False,
        choices=(),
        widget=PlainSelect,
    )

    def __init__(self, *args, conventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convention"].choices = [(c.code, f"{c.code} {c.short_name}") for c in conventions]
