from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from conventions.approx_dates import ApproxDate
from conventions.models import (
    Body,
    Convention,
    Objection,
    Participation,
    ParticipationNotice,
    Reservation,
    StagedParticipation,
)
from conventions.services import (
    objection_record,
    participation_notice_record,
    participations_recorded,
    reservation_record,
)
from states.models import State
from tracker.importing import NaturalKeyWidget, RecordResource, shortened
from tracker.staged_import import StagedRecordResource

ISO_DATE = widgets.DateWidget(format="%Y-%m-%d")


class ApproxDateWidget(widgets.Widget):
    """``2003-06-10``, ``2005-12``, ``2002`` or ``2002-06-04/2003-05-07`` in a cell."""

    template_hint = gettext_lazy(
        "A date, exact or approximate: 2003-06-10, 2005-12 (a month), 2002 (a year) "
        "or 2002-06-04/2003-05-07 (between two days)."
    )

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        if hasattr(value, "year") and hasattr(value, "day"):  # a real date cell in XLSX
            value = value.isoformat()[:10]
        return ApproxDate.parse(str(value))

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class BodyResource(RecordResource):
    # bodies.csv loads before conventions.csv and leaves this column out; the reports app's
    # reference files tie the bodies to their conventions once both are loaded.
    convention = fields.Field(
        attribute="convention", column_name="convention", widget=NaturalKeyWidget(Convention, field="code")
    )

    class Meta(RecordResource.Meta):
        model = Body
        import_id_fields = ["acronym"]
        fields = ["acronym", "name_en", "name_es", "name_fr", "name_pt", "convention"]


class ConventionResource(RecordResource):
    followed_by = fields.Field(
        attribute="followed_by", column_name="followed_by", widget=NaturalKeyWidget(Body, field="acronym")
    )
    adopted_on = fields.Field(attribute="adopted_on", column_name="adopted_on", widget=ISO_DATE)
    opened_for_signature_on = fields.Field(
        attribute="opened_for_signature_on", column_name="opened_for_signature_on", widget=ISO_DATE
    )
    entry_into_force_on = fields.Field(
        attribute="entry_into_force_on", column_name="entry_into_force_on", widget=ISO_DATE
    )

    class Meta(RecordResource.Meta):
        model = Convention
        import_id_fields = ["code"]
        fields = [
            "code", "short_name_en", "short_name_es", "short_name_fr", "short_name_pt",
            "title_en", "title_es", "title_fr", "title_pt",
            "adopted_at_en", "adopted_at_es", "adopted_at_fr", "adopted_at_pt",
            "adopted_on", "opened_for_signature_on",
            "depositary_en", "depositary_es", "depositary_fr", "depositary_pt", "followed_by",
            "adopting_instrument", "eif_instruments_required", "eif_days_after_deposit",
            "eif_rule_text", "entry_into_force_on", "source_url", "notes",
        ]  # fmt: skip


def _convention_field():
    return fields.Field(
        attribute="convention", column_name="convention", widget=NaturalKeyWidget(Convention, field="code")
    )


def _state_field():
    return fields.Field(attribute="state", column_name="state", widget=NaturalKeyWidget(State, field="iso3"))


class RecordedThroughService:
    """Rows saved by the record's service, which drafts the notification of each new action.

    ``notify=False`` (``load_reference``) saves the same way but drafts nothing.
    """

    def __init__(self, *, notify: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.notify = notify

    def before_import(self, dataset, **kwargs):
        self.source = f"import of {kwargs.get('file_name') or 'a spreadsheet'}"
        super().before_import(dataset, **kwargs)


class ParticipationResource(RecordedThroughService, StagedRecordResource):
    """One row per state and convention, keyed by convention code and ISO3; imported set-based."""

    staging_model = StagedParticipation

    composite_attributes = {
        "signature": ("signature_earliest", "signature_latest"),
        "deposit": ("deposit_earliest", "deposit_latest"),
    }

    convention = _convention_field()
    state = _state_field()
    signed_on = fields.Field(
        attribute="signature", column_name="signed_on", widget=ApproxDateWidget(), saves_null_values=True
    )
    # An empty XLSX cell reads as None; the column is text, where empty is "".
    instrument = fields.Field(
        attribute="instrument_kind", column_name="instrument", widget=widgets.CharWidget()
    )
    instrument_dated = fields.Field(
        attribute="instrument_dated", column_name="instrument_dated", widget=ISO_DATE
    )
    deposited_on = fields.Field(
        attribute="deposit", column_name="deposited_on", widget=ApproxDateWidget(), saves_null_values=True
    )
    denunciation_notified_on = fields.Field(
        attribute="denunciation_notified_on", column_name="denunciation_notified_on", widget=ISO_DATE
    )
    denunciation_effective_on = fields.Field(
        attribute="denunciation_effective_on", column_name="denunciation_effective_on", widget=ISO_DATE
    )

    class Meta(StagedRecordResource.Meta):
        model = Participation
        import_id_fields = ["convention", "state"]
        fields = [
            "convention", "state", "signed_on", "instrument", "instrument_dated", "deposited_on",
            "denunciation_notified_on", "denunciation_effective_on", "notes", "source",
        ]  # fmt: skip

    def related_rules(self, readable):
        for field, bound, message in Participation.CONVENTION_DATE_BOUNDS:
            breaking = readable.filter(**{f"{field}__lt": F(f"convention__{bound}")}).values_list(
                "row", "convention__code", f"convention__{bound}"
            )
            yield (
                field,
                ((row, message % {"code": code, "day": day.isoformat()}) for row, code, day in breaking),
            )

    def after_staged_write(self, history):
        if self.notify:
            participations_recorded(history, source=self.source)


class ParticipationByCodesWidget(widgets.Widget):
    """Finds the participation from the row's ``convention`` and ``state`` columns."""

    def clean(self, value, row=None, **kwargs):
        convention, state = (str(row.get(key) or "").strip() for key in ("convention", "state"))
        try:
            return Participation.objects.get(convention__code=convention, state__iso3=state)
        except Participation.DoesNotExist:
            raise ValueError(
                _("No record of state “%(state)s” under convention “%(convention)s”.")
                % {"state": shortened(state), "convention": shortened(convention)}
            ) from None


class RecordedOneByOne(RecordedThroughService):
    """Rows saved one at a time by ``record``, the record's service for the model."""

    record = None  # the service, e.g. reservation_record

    def save_instance(self, instance, is_create, row, **kwargs):
        # As django-import-export's own, with the service in place of instance.save().
        self.before_save_instance(instance, row, **kwargs)
        if self._is_using_transactions(kwargs) or not self._is_dry_run(kwargs):
            type(self).record(instance, by_user=kwargs.get("user"), source=self.source, notify=self.notify)
        self.after_save_instance(instance, row, **kwargs)


class OfParticipationResource(RecordedOneByOne, RecordResource):
    """Rows of a state's record under a convention, which they name by its ``convention`` and
    ``state`` columns."""

    convention = fields.Field(column_name="convention", readonly=True)
    state = fields.Field(column_name="state", readonly=True)
    participation = fields.Field(
        attribute="participation", column_name="participation", widget=ParticipationByCodesWidget()
    )
    made_on = fields.Field(attribute="made_on", column_name="made_on", widget=ISO_DATE)

    def before_import(self, dataset, **kwargs):
        # Files name the participation by its convention and state columns, not by a column
        # of its own; the widget reads those.
        if "participation" not in (dataset.headers or []):
            dataset.append_col([""] * len(dataset), header="participation")
        super().before_import(dataset, **kwargs)

    def get_export_fields(self, selected_fields=None):
        return [f for f in super().get_export_fields(selected_fields) if f.column_name != "participation"]

    def filter_export(self, queryset, **kwargs):
        # Each line names its convention and state: read with it, not two queries per line.
        return (
            super()
            .filter_export(queryset, **kwargs)
            .select_related("participation__convention", "participation__state")
        )

    def dehydrate_convention(self, record):
        return record.participation.convention.code

    def dehydrate_state(self, record):
        return record.participation.state.iso3


class ReservationResource(OfParticipationResource):
    """Reservations and declarations, keyed by convention, state, kind and article."""

    record = reservation_record
    withdrawn_on = fields.Field(attribute="withdrawn_on", column_name="withdrawn_on", widget=ISO_DATE)

    class Meta(RecordResource.Meta):
        model = Reservation
        import_id_fields = ["participation", "kind", "article"]
        fields = [
            "convention",
            "state",
            "participation",
            "kind",
            "article",
            "text",
            "made_on",
            "withdrawn_on",
        ]


class ParticipationNoticeResource(OfParticipationResource):
    """Territorial and provisional application and succession, keyed by convention, state, kind
    and territory (empty but for territorial application)."""

    record = participation_notice_record
    effective_on = fields.Field(attribute="effective_on", column_name="effective_on", widget=ISO_DATE)
    ended_on = fields.Field(attribute="ended_on", column_name="ended_on", widget=ISO_DATE)
    # An empty XLSX cell reads as None; these columns are text, where empty is "".
    territory = fields.Field(attribute="territory", column_name="territory", widget=widgets.CharWidget())
    predecessor = fields.Field(
        attribute="predecessor", column_name="predecessor", widget=widgets.CharWidget()
    )

    class Meta(RecordResource.Meta):
        model = ParticipationNotice
        import_id_fields = ["participation", "kind", "territory"]
        fields = [
            "convention", "state", "participation", "kind", "territory", "predecessor", "made_on",
            "effective_on", "ended_on", "text", "source",
        ]  # fmt: skip


class ReservationByCodesWidget(widgets.Widget):
    """Finds the reservation objected to from the row's ``convention``, ``state`` (the reserving
    state), ``reservation_kind`` and ``article`` columns."""

    def clean(self, value, row=None, **kwargs):
        convention, state, kind, article = (
            str(row.get(key) or "").strip() for key in ("convention", "state", "reservation_kind", "article")
        )
        try:
            return Reservation.objects.select_related("participation").get(
                participation__convention__code=convention,
                participation__state__iso3=state,
                kind=kind,
                article=article,
            )
        except Reservation.DoesNotExist:
            raise ValueError(
                _("No %(kind)s “%(article)s” of state “%(state)s” under convention “%(convention)s”.")
                % {
                    "kind": shortened(kind or "reservation"),
                    "article": shortened(article),
                    "state": shortened(state),
                    "convention": shortened(convention),
                }
            ) from None


class ObjectionResource(RecordedOneByOne, RecordResource):
    """Objections to reservations, keyed by the reservation (its convention, state, kind and
    article) and the objecting state."""

    record = objection_record
    convention = fields.Field(column_name="convention", readonly=True)
    state = fields.Field(column_name="state", readonly=True)
    reservation_kind = fields.Field(column_name="reservation_kind", readonly=True)
    article = fields.Field(column_name="article", readonly=True)
    reservation = fields.Field(
        attribute="reservation", column_name="reservation", widget=ReservationByCodesWidget()
    )
    objecting_state = fields.Field(
        attribute="objecting_state",
        column_name="objecting_state",
        widget=NaturalKeyWidget(State, field="iso3"),
    )
    made_on = fields.Field(attribute="made_on", column_name="made_on", widget=ISO_DATE)
    withdrawn_on = fields.Field(attribute="withdrawn_on", column_name="withdrawn_on", widget=ISO_DATE)

    class Meta(RecordResource.Meta):
        model = Objection
        import_id_fields = ["reservation", "objecting_state"]
        fields = [
            "convention", "state", "reservation_kind", "article", "reservation", "objecting_state",
            "made_on", "withdrawn_on", "text", "source",
        ]  # fmt: skip

    def before_import(self, dataset, **kwargs):
        # Files name the reservation by four columns; the widget reads those.
        if "reservation" not in (dataset.headers or []):
            dataset.append_col([""] * len(dataset), header="reservation")
        super().before_import(dataset, **kwargs)

    def get_export_fields(self, selected_fields=None):
        return [f for f in super().get_export_fields(selected_fields) if f.column_name != "reservation"]

    def filter_export(self, queryset, **kwargs):
        return (
            super()
            .filter_export(queryset, **kwargs)
            .select_related(
                "objecting_state",
                "reservation__participation__convention",
                "reservation__participation__state",
            )
        )

    def dehydrate_convention(self, objection):
        return objection.reservation.participation.convention.code

    def dehydrate_state(self, objection):
        return objection.reservation.participation.state.iso3

    def dehydrate_reservation_kind(self, objection):
        return objection.reservation.kind

    def dehydrate_article(self, objection):
        return objection.reservation.article
