from django import forms
from django.utils.translation import gettext_lazy as _

# Two characters find an ISO 3166-1 alpha-2 code; one would match nearly everything.
SEARCH_MIN_LENGTH = 2
SEARCH_MAX_LENGTH = 100


class SearchForm(forms.Form):
    # Django's CharField refuses NUL characters, which PostgreSQL cannot store or compare.
    q = forms.CharField(
        label=_("Search the record"),
        min_length=SEARCH_MIN_LENGTH,
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("A state, a convention or a meeting, by name or code (e.g. MEX, A-66), in any language."),
        error_messages={
            "required": _("Type what you are looking for."),
            "min_length": _("Type at least %(limit_value)d characters."),
            "max_length": _("Type at most %(limit_value)d characters."),
        },
    )
