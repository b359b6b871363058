from django import forms
from django.utils.translation import gettext_lazy as _

from conventions.models import Convention
from notifications.models import Subscription
from states.models import Language, State


class SubscribeForm(forms.Form):
    """Subscribe by email to a convention, a state, or everything (neither chosen)."""

    # As long as the subscription's column: a longer address is refused here, not by the database.
    email = forms.EmailField(label=_("Email"), max_length=Subscription._meta.get_field("email").max_length)
    language = forms.ChoiceField(label=_("Language of the mail"), choices=Language.choices)
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

    def clean(self):
        data = super().clean()
        if data.get("convention") and data.get("state"):
            raise forms.ValidationError(
                _("Choose a convention or a state, not both; leave both empty for every notification.")
            )
        return data


class LiaisonSubscriptionForm(forms.Form):
    """A liaison adds a subscription on her page: a convention, a state, or everything."""

    convention = forms.ModelChoiceField(
        label=_("Convention"), queryset=Convention.objects.order_by("code"), required=False
    )
    state = forms.ModelChoiceField(
        label=_("State"), queryset=State.objects.order_by("name_en"), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("convention") and data.get("state"):
            raise forms.ValidationError(_("Choose a convention or a state, not both."))
        return data


class LiaisonSubscriptionSwitchForm(forms.Form):
    """A liaison stops one of her subscriptions, or starts it again; only her own are choices."""

    subscription = forms.ModelChoiceField(
        queryset=Subscription.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That is not one of your subscriptions.")},
    )
    on = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subscription"].queryset = Subscription.objects.filter(user=user).select_related(
            "convention", "state"
        )
