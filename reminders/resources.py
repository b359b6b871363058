"""Spreadsheet import and export of the reminder policies and the outreach log.

Both are also the reference files' path into the database (``fixtures/reminders/``).
"""

from import_export import fields, widgets

from conventions.models import Body, Convention
from reminders.models import OutreachEntry, ReminderPolicy
from states.models import State
from tracker.importing import NaturalKeyWidget, RecordResource, shortened


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """Comma-separated natural keys; an unknown one is the row's error, not silently dropped."""

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row=row, **kwargs)
        if not value:
            return found
        wanted = {key.strip() for key in str(value).split(self.separator) if key.strip()}
        known = {getattr(obj, self.field) for obj in found}
        unknown = sorted(wanted - known)
        if unknown:
            names = ", ".join(f"“{shortened(key)}”" for key in unknown)
            raise ValueError(f"No {self.model._meta.verbose_name} with {self.field} {names}.")
        return found


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
        widget=StrictManyToManyWidget(State, field="iso3", separator=","),
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
