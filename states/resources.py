from import_export import fields, widgets

from states.models import Contact, MembershipEvent, State
from tracker.importing import KeyListWidget, NaturalKeyWidget, RecordResource


class OptionalCodeWidget(widgets.CharWidget):
    """A code a row may leave empty: stored as none (null), never as an empty code."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or None


class StateResource(RecordResource):
    iso2 = fields.Field(attribute="iso2", column_name="iso2", widget=OptionalCodeWidget())

    class Meta(RecordResource.Meta):
        model = State
        import_id_fields = ["iso3"]
        fields = [
            "iso3", "iso2", "name_en", "name_es", "name_fr", "name_pt", "subregion",
            "oas_member_since", "notes",
        ]  # fmt: skip


class MembershipEventResource(RecordResource):
    state = fields.Field(attribute="state", column_name="state", widget=NaturalKeyWidget(State, field="iso3"))
    occurred_on = fields.Field(
        attribute="occurred_on", column_name="occurred_on", widget=widgets.DateWidget(format="%Y-%m-%d")
    )

    class Meta(RecordResource.Meta):
        model = MembershipEvent
        import_id_fields = ["state", "kind", "occurred_on"]
        fields = ["state", "kind", "occurred_on", "reference", "notes"]


class ContactResource(RecordResource):
    """Contacts keyed by state and email; conventions and bodies as comma-separated codes.

    The contact's own relations name the related models: the states app is below the conventions
    app and does not import it.
    """

    state = fields.Field(attribute="state", column_name="state", widget=NaturalKeyWidget(State, field="iso3"))
    conventions = fields.Field(
        attribute="conventions", column_name="conventions",
        widget=KeyListWidget(Contact.conventions.field.related_model, field="code", separator=","),
    )  # fmt: skip
    bodies = fields.Field(
        attribute="bodies", column_name="bodies",
        widget=KeyListWidget(Contact.bodies.field.related_model, field="acronym", separator=","),
    )  # fmt: skip

    class Meta(RecordResource.Meta):
        model = Contact
        import_id_fields = ["state", "email"]
        # Accounts are given in the admin, not by spreadsheet.
        fields = [
            "state",
            "email",
            "name",
            "role",
            "organization",
            "language",
            "conventions",
            "bodies",
            "is_active",
        ]
