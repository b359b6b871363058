"""What the secretariat overview can be narrowed to: rows (states) and columns (conventions).

A state's status under a convention and its OAS standing are worked out from the record for a
date, not stored; the selector works them out once and hands them to the filter set, which
narrows the queryset to the states that have them.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conventions.models import Body, Convention
from conventions.selectors import STATUS_LABELS, Status
from dashboards.forms import PlainSelect
from states.models import State, Subregion
from states.selectors import STANDING_LABELS, Standing


class StateMatrixFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or ISO code"), method="filter_text")
    subregion = django_filters.ChoiceFilter(
        label=_("Subregion"), choices=Subregion.choices, empty_label=_("Any subregion"), widget=PlainSelect
    )
    standing = django_filters.ChoiceFilter(
        label=_("OAS membership"),
        choices=[(s.value, label) for s, label in STANDING_LABELS.items()],
        method="filter_standing",
        empty_label=_("Any standing"),
        widget=PlainSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status under the chosen convention"),
        choices=[(s.value, label) for s, label in STATUS_LABELS.items()],
        method="filter_status",
        empty_label=_("Any status"),
        widget=PlainSelect,
    )

    class Meta:
        model = State
        fields = ["q", "subregion", "standing", "status"]

    def __init__(
        self, data=None, queryset=None, *, standings: dict[str, Standing], statuses: dict[int, Status]
    ):
        """``standings`` by ISO code; ``statuses`` under the chosen convention by state id, for
        the states with a record under it (the others have not signed it)."""
        super().__init__(data, queryset=queryset)
        self.standings = standings
        self.statuses = statuses

    def filter_text(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(iso3__iexact=text)
            | Q(iso2__iexact=text)
            | Q(name_en__icontains=text)
            | Q(name_es__icontains=text)
            | Q(name_fr__icontains=text)
            | Q(name_pt__icontains=text)
        )

    def filter_standing(self, queryset, name, value):
        return queryset.filter(
            iso3__in=[iso3 for iso3, standing in self.standings.items() if standing == value]
        )

    def filter_status(self, queryset, name, value):
        if value == Status.NOT_SIGNED:
            return queryset.exclude(pk__in=[pk for pk, status in self.statuses.items() if status != value])
        return queryset.filter(pk__in=[pk for pk, status in self.statuses.items() if status == value])


class ConventionColumnFilter(django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(
        label=_("Body"),
        field_name="followed_by",
        to_field_name="acronym",
        queryset=Body.objects.order_by("acronym"),
        empty_label=_("Any body"),
        widget=PlainSelect,
    )

    class Meta:
        model = Convention
        fields = ["body"]
