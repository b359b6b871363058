from django import forms
from django.utils.translation import gettext_lazy as _

from conventions.forms import AsOfForm


class OverviewForm(AsOfForm):
    """The date the overview describes and the convention its map and status filter are about."""

    convention = forms.ChoiceField(
        label=_("Convention for the map and the status filter"),
        required=False,
        choices=(),
    )

    def __init__(self, *args, conventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convention"].choices = [(c.code, f"{c.code} {c.short_name}") for c in conventions]
