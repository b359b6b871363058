import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from conventions.models import Convention
from notifications.models import Notification, NotificationKind
from states.models import State

ISO_DATE = {
    "input_formats": ["%Y-%m-%d"],
    "widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
}


class NotificationFilter(django_filters.FilterSet):
    """The public list's filters; conventions and states are named by code, as in links."""

    convention = django_filters.ModelChoiceFilter(
        label=_("Convention"), queryset=Convention.objects.order_by("code"), to_field_name="code"
    )
    state = django_filters.ModelChoiceFilter(
        label=_("State"), queryset=State.objects.order_by("name_en"), to_field_name="iso3"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=NotificationKind.choices)
    issued_after = django_filters.DateFilter(
        label=_("From"), field_name="issued_on", lookup_expr="gte", **ISO_DATE
    )
    issued_before = django_filters.DateFilter(
        label=_("Until"), field_name="issued_on", lookup_expr="lte", **ISO_DATE
    )

    class Meta:
        model = Notification
        fields = ["convention", "state", "kind", "issued_after", "issued_before"]
