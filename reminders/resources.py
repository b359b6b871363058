"""Spreadsheet import and export of the reminder policies and the outreach log.

Both are also the reference files' path into the database (``fixtures/reminders/``).
"""

from import_export import fields, widgets

from conventions.models import Body, Convention
from reminders.models import OutreachEntry, ReminderPolicy
from states.models import State
from tracker.importing import KeyListWidget, NaturalKeyWidget, RecordResource


class ReminderPolicyResource(RecordResource):
    convention = fields.Field(
        attribute="convention", column_name="convention", widget=NaturalKeyWidget(Convention, field="code")
    )
    body = fields.Field(attribute="body", column_name="body", widget=NaturalKeyWidget(Body, field="acronym"))

    class Meta(RecordResource.Meta):
        model = ReminderPolicy
        import_id_fields = ["name"]
        fields = ["name", "convention", "body", "kind", "days", "frequency", "audience", "is_active", "notes"]


class OutreachEntryResource(RecordResource):
    """Letters, notes and calls keyed by their code; states as comma-separated ISO3 codes.

    Digests are logged by the app itself: a row of kind "digest" is refused by the model's
    constraint. The document file is attached in the admin, not by spreadsheet.
    """

    date = fields.Field(attribute="date", column_name="date", widget=widgets.DateWidget(format="%Y-%m-%d"))
    convention = fields.Field(
        attribute="convention", column_name="convention", widget=NaturalKeyWidget(Convention, field="code")
    )
    states = fields.Field(
        attribute="states", column_name="states",
        widget=KeyListWidget(State, field="iso3", separator=","),
    )  # fmt: skip

    class Meta(RecordResource.Meta):
        model = OutreachEntry
        import_id_fields = ["code"]
        fields = [
            "code", "date", "kind", "states", "convention", "subject", "sender", "recipients",
            "reference", "source", "notes",
        ]  # fmt: skip

    def before_import_row(self, row, **kwargs):
        if not str(row.get("code") or "").strip():
            raise ValueError("Give each row a code: it is how a file finds the entry again.")
        super().before_import_row(row, **kwargs)
