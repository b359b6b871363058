"""Filters for the state list; an unknown value is a 400 naming the parameter (django-filter's form)."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from api import selectors
from states.models import State, Subregion
from states.selectors import STANDING_LABELS, Standing


class StateFilter(django_filters.FilterSet):
    subregion = django_filters.ChoiceFilter(choices=Subregion.choices, help_text="The state's subregion.")
    standing = django_filters.ChoiceFilter(
        choices=[(standing.value, STANDING_LABELS[standing]) for standing in Standing],
        method="filter_standing",
        help_text="The state's standing in the OAS today.",
    )
    q = django_filters.CharFilter(
        method="filter_text",
        max_length=100,
        help_text="Part of a name in any of the four languages, or an exact ISO alpha-3 or alpha-2 code.",
    )

    class Meta:
        model = State
        fields = ["subregion", "standing", "q"]

    def filter_standing(self, queryset, name, value):
        return queryset.filter(iso3__in=selectors.iso3_with_standing(Standing(value), timezone.localdate()))

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(name_en__icontains=value)
            | Q(name_es__icontains=value)
            | Q(name_fr__icontains=value)
            | Q(name_pt__icontains=value)
            | Q(iso3__iexact=value)
            | Q(iso2__iexact=value)
        )
