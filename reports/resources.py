"""Spreadsheet columns of the reports app: one row per item, meeting, document, ...

States are written by ISO3 code, organizations by short name, program areas and meetings by
code; a cell may list several, separated by commas. An unknown code is the row's error, named
with its column, and the whole file is refused (see ``tracker.importing``).
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from import_export import fields, widgets

from conventions.models import Body, Convention
from conventions.resources import ISO_DATE, ApproxDateWidget
from reports.models import (
    Contribution,
    ItemOrganization,
    ItemProgramArea,
    ItemState,
    Mandate,
    MandateCitation,
    Meeting,
    MeetingAttendance,
    MeetingDocument,
    MeetingOfficer,
    MeetingOutcome,
    Organization,
    OrganizationRole,
    ProgramArea,
    ProgramYearNote,
    Report,
    ReportItem,
    SecretariatSection,
    StatedFigure,
    StateRole,
)
from states.models import State
from tracker.importing import KeyListWidget, NaturalKeyWidget, RecordResource, shortened

BOOLEAN = widgets.BooleanWidget()


class MembersField(fields.Field):
    """A cell listing the members an owner has in one role, kept in a link table.

    ``through`` links ``owner`` to ``member``; ``scope`` narrows it to one role (a state that
    hosted an item, an organization that organized it). Importing the cell makes those links
    exactly the ones listed, leaving the owner's links in other roles alone.
    """

    def __init__(self, *, column_name, through, owner, member, key, scope=None):
        self.through, self.owner, self.member, self.scope = through, owner, member, scope or {}
        member_model = through._meta.get_field(member).related_model
        super().__init__(
            attribute=column_name, column_name=column_name, widget=KeyListWidget(member_model, field=key)
        )

    def _links(self, instance):
        return self.through.objects.filter(
            **{self.owner: instance, f"{self.member}__isnull": False}, **self.scope
        )

    @property
    def export_prefetch(self) -> Prefetch:
        """The owner's links with their members, read once for all the exported lines."""
        accessor = self.through._meta.get_field(self.owner).remote_field.get_accessor_name()
        links = self.through.objects.select_related(self.member)
        return Prefetch(accessor, queryset=links, to_attr=self._prefetched)

    @property
    def _prefetched(self) -> str:
        return f"exported_{self.column_name}"

    def export(self, instance, **kwargs):
        links = getattr(instance, self._prefetched, None)
        if links is None:  # one instance on its own, e.g. the import preview's row diff
            return super().export(instance, **kwargs)
        members = [
            getattr(link, self.member)
            for link in links
            if getattr(link, f"{self.member}_id") is not None
            and all(getattr(link, name) == value for name, value in self.scope.items())
        ]
        members.sort(key=lambda member: getattr(member, self.widget.field))
        return self.widget.render(members, **kwargs)

    def get_value(self, instance):
        member_model = self.widget.model
        if instance.pk is None:
            return member_model.objects.none()
        return member_model.objects.filter(pk__in=self._links(instance).values(self.member)).order_by(
            self.widget.field
        )

    def save(self, instance, row, is_m2m=False, **kwargs):
        members = list(self.clean(row))
        self._links(instance).exclude(**{f"{self.member}__in": members}).delete()
        linked = set(self._links(instance).values_list(self.member, flat=True))
        self.through.objects.bulk_create(
            self.through(**{self.owner: instance, self.member: member}, **self.scope)
            for member in members
            if member.pk not in linked
        )


def _key(attribute, model, key, column_name=None):
    return fields.Field(
        attribute=attribute, column_name=column_name or attribute, widget=NaturalKeyWidget(model, field=key)
    )


def _body():
    return _key("body", Body, "acronym")


def _meeting():
    return _key("meeting", Meeting, "code")


def _state(attribute, column_name=None):
    return _key(attribute, State, "iso3", column_name)


def _approx_date(attribute, column_name):
    return fields.Field(
        attribute=attribute, column_name=column_name, widget=ApproxDateWidget(), saves_null_values=True
    )


def _boolean(attribute):
    return fields.Field(attribute=attribute, column_name=attribute, widget=BOOLEAN)


class BodyConventionResource(RecordResource):
    """Ties each body to the convention that set it up, once both bodies and conventions are loaded."""

    convention = _key("convention", Convention, "code")

    class Meta(RecordResource.Meta):
        model = Body
        import_id_fields = ["acronym"]
        fields = ["acronym", "convention"]


class SecretariatSectionResource(RecordResource):
    class Meta(RecordResource.Meta):
        model = SecretariatSection
        import_id_fields = ["code"]
        fields = ["code", "name_en", "name_es", "name_fr", "name_pt"]


class ProgramAreaResource(RecordResource):
    section = _key("section", SecretariatSection, "code")

    class Meta(RecordResource.Meta):
        model = ProgramArea
        import_id_fields = ["code"]
        fields = ["code", "name_en", "name_es", "name_fr", "name_pt", "section", "position"]


class OrganizationResource(RecordResource):
    class Meta(RecordResource.Meta):
        model = Organization
        import_id_fields = ["short_name"]
        fields = ["short_name", "name_en", "name_es", "name_fr", "name_pt", "category"]


class MeetingResource(RecordResource):
    composite_attributes = {
        "date": ("date_earliest", "date_latest"),
        "next_meeting": ("next_meeting_earliest", "next_meeting_latest"),
    }

    body = _body()
    date = _approx_date("date", "date")
    is_virtual = _boolean("is_virtual")
    chair = _state("chair_state", "chair")
    vice_chair = _state("vice_chair_state", "vice_chair")
    convened_on = fields.Field(attribute="convened_on", column_name="convened_on", widget=ISO_DATE)
    next_meeting = _approx_date("next_meeting", "next_meeting")
    delegations = MembersField(
        column_name="delegations", through=MeetingAttendance, owner="meeting", member="state", key="iso3"
    )
    organizations = MembersField(
        column_name="organizations",
        through=MeetingAttendance,
        owner="meeting",
        member="organization",
        key="short_name",
    )

    class Meta(RecordResource.Meta):
        model = Meeting
        import_id_fields = ["code"]
        fields = [
            "code", "body", "kind", "number", "title_en", "title_es", "title_fr", "title_pt", "date",
            "date_text", "venue", "is_virtual", "virtual_platform", "theme", "convened_by", "convened_on",
            "convened_under", "chair", "vice_chair",
            "next_meeting", "delegations", "organizations", "source", "notes",
        ]  # fmt: skip


class MeetingOfficerResource(RecordResource):
    meeting = _meeting()
    state = _state("state")

    class Meta(RecordResource.Meta):
        model = MeetingOfficer
        import_id_fields = ["meeting", "role", "name"]
        fields = ["meeting", "role", "state", "name", "capacity"]


class MeetingDocumentResource(RecordResource):
    meeting = _meeting()
    dated_on = fields.Field(attribute="dated_on", column_name="dated_on", widget=ISO_DATE)
    submitted_by = _state("submitted_by")

    class Meta(RecordResource.Meta):
        model = MeetingDocument
        import_id_fields = ["meeting", "symbol"]
        fields = ["meeting", "symbol", "title", "revision", "dated_on", "submitted_by", "notes"]


class DocumentOfMeetingWidget(widgets.Widget):
    """A document named by its symbol, among the documents of the row's meeting."""

    def clean(self, value, row=None, **kwargs):
        symbol = str(value or "").strip()
        if not symbol:
            return None
        meeting = str((row or {}).get("meeting") or "").strip()
        try:
            return MeetingDocument.objects.get(meeting__code=meeting, symbol=symbol)
        except MeetingDocument.DoesNotExist:
            raise ValueError(
                _("Meeting “%(meeting)s” has no document “%(symbol)s”.")
                % {"meeting": shortened(meeting), "symbol": shortened(symbol)}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.symbol if value else ""


class MeetingOutcomeResource(RecordResource):
    meeting = _meeting()
    document = fields.Field(attribute="document", column_name="document", widget=DocumentOfMeetingWidget())
    elected_state = _state("elected_state")

    class Meta(RecordResource.Meta):
        model = MeetingOutcome
        import_id_fields = ["meeting", "kind", "title"]
        fields = ["meeting", "kind", "title", "document", "elected_state", "office", "term"]


class ReportResource(RecordResource):
    body = _body()
    dated_on = fields.Field(attribute="dated_on", column_name="dated_on", widget=ISO_DATE)
    approved_on = fields.Field(attribute="approved_on", column_name="approved_on", widget=ISO_DATE)
    presented_at = _key("presented_at", Meeting, "code")

    class Meta(RecordResource.Meta):
        model = Report
        import_id_fields = ["body", "year", "kind"]
        fields = [
            "body", "year", "kind", "title_en", "title_es", "title_fr", "title_pt", "period", "symbol",
            "dated_on", "presented_at", "approved_on", "approval_session", "original_language", "source",
            "notes",
        ]  # fmt: skip


def _item_states(column_name, role):
    return MembersField(
        column_name=column_name,
        through=ItemState,
        owner="item",
        member="state",
        key="iso3",
        scope={"role": role},
    )


def _item_organizations(column_name, role):
    return MembersField(
        column_name=column_name,
        through=ItemOrganization,
        owner="item",
        member="organization",
        key="short_name",
        scope={"role": role},
    )


class ReportItemResource(RecordResource):
    """One row per item, with its program areas, states and organizations in their own cells."""

    composite_attributes = {"date": ("date_earliest", "date_latest")}

    body = _body()
    date = _approx_date("date", "date")
    is_virtual = _boolean("is_virtual")
    organized_by_secretariat = _boolean("organized_by_secretariat")
    in_annex = _boolean("in_annex")
    program_areas = MembersField(
        column_name="program_areas", through=ItemProgramArea, owner="item", member="program_area", key="code"
    )
    participating_states = _item_states("participating_states", StateRole.PARTICIPANT)
    beneficiary_states = _item_states("beneficiary_states", StateRole.BENEFICIARY)
    host_states = _item_states("host_states", StateRole.HOST)
    partner_states = _item_states("partner_states", StateRole.PARTNER)
    organizers = _item_organizations("organizers", OrganizationRole.ORGANIZER)
    partners = _item_organizations("partners", OrganizationRole.PARTNER)

    class Meta(RecordResource.Meta):
        model = ReportItem
        import_id_fields = ["reference"]
        fields = [
            "reference", "body", "kind", "title", "date", "date_text", "place", "is_virtual",
            "organized_by_secretariat", "secretariat_participation", "participants_at_least",
            "participants_text", "languages", "link", "in_annex", "program_areas",
            "participating_states", "beneficiary_states", "host_states", "partner_states",
            "organizers", "partners", "description", "notes",
        ]  # fmt: skip


class ContributionResource(RecordResource):
    body = _body()
    state = _state("state")
    organization = _key("organization", Organization, "short_name")
    financial = _boolean("financial")

    class Meta(RecordResource.Meta):
        model = Contribution
        import_id_fields = ["body", "year", "state", "organization"]
        fields = ["body", "year", "state", "organization", "financial", "notes"]


class ReportKeyWidget(NaturalKeyWidget):
    """A report written as body/year/kind (``CIFTA-CC/2020/pro_tempore``): no one column names it."""

    def __init__(self):
        super().__init__(Report, field="body/year/kind")

    @staticmethod
    def key(report: Report) -> str:
        return f"{report.body.acronym}/{report.year}/{report.kind}"

    def _records(self, value=None, row=None, **kwargs) -> dict:
        if self._by_key is None:
            self._by_key = {self.key(report): report for report in Report.objects.select_related("body")}
        return self._by_key

    def render(self, value, obj=None, **kwargs):
        return self.key(value) if value else ""


class ReportField(fields.Field):
    """A report column: its key needs the report's body, read with the exported lines."""

    export_joined = ["report__body"]

    def __init__(self):
        super().__init__(attribute="report", column_name="report", widget=ReportKeyWidget())


class MandateResource(RecordResource):
    composite_attributes = {"date": ("date_earliest", "date_latest")}

    body = _body()
    adopted_at = _key("adopted_at", Meeting, "code")
    date = _approx_date("date", "date")

    class Meta(RecordResource.Meta):
        model = Mandate
        import_id_fields = ["code"]
        fields = [
            "code",
            "symbol",
            "kind",
            "issuer",
            "body",
            "adopted_at",
            "title",
            "date",
            "source",
            "notes",
        ]


class MandateCitationResource(RecordResource):
    mandate = _key("mandate", Mandate, "code")
    meeting = _meeting()
    report = ReportField()
    item = _key("item", ReportItem, "reference")
    program_area = _key("program_area", ProgramArea, "code")

    class Meta(RecordResource.Meta):
        model = MandateCitation
        import_id_fields = ["mandate", "meeting", "report", "item", "program_area"]
        fields = ["mandate", "meeting", "report", "item", "program_area", "passage"]


class StatedFigureResource(RecordResource):
    report = ReportField()
    program_area = _key("program_area", ProgramArea, "code")
    item = _key("item", ReportItem, "reference")
    meeting = _meeting()
    convention = _key("convention", Convention, "code")

    class Meta(RecordResource.Meta):
        model = StatedFigure
        import_id_fields = ["report", "program_area", "item", "meeting", "measure", "stated_as"]
        fields = [
            "report",
            "program_area",
            "item",
            "meeting",
            "measure",
            "qualifier",
            "value",
            "convention",
            "as_of",
            "stated_as",
        ]


class ProgramYearNoteResource(RecordResource):
    report = ReportField()
    program_area = _key("program_area", ProgramArea, "code")
    without_activity = _boolean("without_activity")
    without_funding = _boolean("without_funding")

    class Meta(RecordResource.Meta):
        model = ProgramYearNote
        import_id_fields = ["report", "program_area"]
        fields = ["report", "program_area", "without_activity", "without_funding", "reason"]
