"""The shapes of the API's answers. Statuses come out as the ``treaty_status`` command writes them.

Where the domain already turns a status into plain data (``conventions.status_export``), the
serializer declares that shape for the schema and hands the export's own output through; a test
checks the declared fields against the export's keys so the two cannot drift apart.
"""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.selectors import state_standing
from conventions.changes import (
    CERTAINLY,
    POSSIBLY,
    ChangeKind,
    RecordChanges,
    record_changes_document,
)
from conventions.models import Body, Convention, InstrumentKind, ParticipationNotice, Reservation
from conventions.selectors import Status, TreatyStatus
from conventions.status_export import treaty_status_document, treaty_status_rows
from questionnaires.models import QuestionKind, Submission, SubmissionDocument, Timeliness
from questionnaires.selectors import QuestionAnswer
from questionnaires.uploads import DocumentKind
from questionnaires.workflow import SubmissionStatus
from states.models import MembershipEvent, MembershipEventKind, State, Subregion
from states.selectors import Standing

APPROX_DATE_HELP = (
    "A date as precise as it is known: YYYY-MM-DD, YYYY-MM (day unknown), YYYY (month unknown) "
    "or an ISO 8601 interval start/end such as 2002-06-04/2003-05-07."
)
STATUS_CHOICES = [status.value for status in Status]
STANDING_CHOICES = [standing.value for standing in Standing]


def approx_date_field(help_text: str) -> serializers.CharField:
    return serializers.CharField(allow_null=True, help_text=f"{help_text} {APPROX_DATE_HELP}")


class BodySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the language of the request.")

    class Meta:
        model = Body
        fields = ["acronym", "name"]


class TreatyCountsSerializer(serializers.Serializer):
    """A convention's figures on one day, as the depositary counts them."""

    as_of = serializers.DateField()
    convention_in_force = serializers.BooleanField()
    signatories = serializers.IntegerField(
        help_text="States that had signed by the day, whatever they did next."
    )
    parties = serializers.IntegerField()
    in_force = serializers.IntegerField(help_text="Parties for which the convention was certainly in force.")
    denounced = serializers.IntegerField()
    uncertain = serializers.IntegerField(
        help_text="States whose status on the day depends on a date known only approximately."
    )


class ConventionSerializer(serializers.ModelSerializer):
    """A convention with today's figures; the view passes ``counts`` (``TreatyCounts`` by convention
    id) in the context."""

    url = serializers.HyperlinkedIdentityField(view_name="api:convention-detail", lookup_field="code")
    status_url = serializers.HyperlinkedIdentityField(view_name="api:convention-status", lookup_field="code")
    title = serializers.CharField(read_only=True, help_text="In the language of the request.")
    adopted_at = serializers.CharField(read_only=True, help_text="In the language of the request.")
    depositary = serializers.CharField(read_only=True, help_text="In the language of the request.")
    followed_by = BodySerializer(read_only=True, allow_null=True)
    counts = serializers.SerializerMethodField()

    class Meta:
        model = Convention
        fields = [
            "url", "status_url", "code", "short_name",
            "title", "title_en", "title_es", "title_fr", "title_pt",
            "adopted_at", "adopted_on", "opened_for_signature_on", "depositary", "followed_by",
            "entry_into_force_on", "counts",
        ]  # fmt: skip

    @extend_schema_field(TreatyCountsSerializer)
    def get_counts(self, convention: Convention) -> dict:
        return TreatyCountsSerializer(self.context["counts"][convention.pk]).data


class EntryIntoForceSerializer(serializers.Serializer):
    recorded = serializers.DateField(allow_null=True, help_text="As published.")
    computed = approx_date_field("From the deposits and the entry-into-force clause.")
    mismatch = serializers.BooleanField(help_text="The recorded date is outside what the deposits allow.")


class ConventionDetailSerializer(ConventionSerializer):
    entry_into_force = serializers.SerializerMethodField()

    class Meta(ConventionSerializer.Meta):
        fields = [
            *ConventionSerializer.Meta.fields,
            "adopting_instrument", "eif_instruments_required", "eif_days_after_deposit", "eif_rule_text",
            "entry_into_force", "source_url",
        ]  # fmt: skip

    @extend_schema_field(EntryIntoForceSerializer)
    def get_entry_into_force(self, convention: Convention) -> dict:
        return EntryIntoForceSerializer(self.context["counts"][convention.pk].entry_into_force).data


class ObjectionRowSerializer(serializers.Serializer):
    state = serializers.CharField(help_text="The objecting state's ISO 3166-1 alpha-3 code.")
    made_on = serializers.DateField()
    withdrawn_on = serializers.DateField(allow_null=True, help_text="When withdrawn by the day.")
    twelve_months_ended_on = approx_date_field(
        "The end of the twelve months after which this state, had it not objected, would have been "
        "considered to accept the reservation (VCLT art. 20(5)): twelve months after it was notified, "
        "or its own deposit if later."
    )


class ReservationInEffectSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Reservation.Kind.choices)
    article = serializers.CharField()
    made_on = serializers.DateField(allow_null=True, help_text="Null when made with the instrument.")
    accepted_unless_objected_by = approx_date_field(
        "Twelve months after the reservation was notified (VCLT art. 20(5))."
    )
    objections = ObjectionRowSerializer(many=True, help_text="Objections made by the day.")


class NoticeRowSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ParticipationNotice.Kind.choices)
    territory = serializers.CharField(help_text="Territorial application only.")
    predecessor = serializers.CharField(help_text="Succession only: the predecessor state's name.")
    made_on = serializers.DateField()
    effective_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True, help_text="Withdrawn or terminated by the day.")


class StatusRowSerializer(serializers.Serializer):
    """A state's row in a convention's status, as ``treaty_status --format json`` writes it."""

    status = serializers.ChoiceField(choices=STATUS_CHOICES)
    possible = serializers.ListField(
        child=serializers.ChoiceField(choices=STATUS_CHOICES),
        help_text="The statuses the state may have on the day: one, unless it is uncertain.",
    )
    signed_on = approx_date_field("Signature, when it may have happened by the day.")
    instrument = serializers.ChoiceField(choices=InstrumentKind.choices, allow_null=True)
    deposited_on = approx_date_field("Deposit of the instrument, when it may have happened by the day.")
    in_force_on = approx_date_field("When the convention entered into force for the state.")
    reservations = serializers.BooleanField(help_text="Reservations or declarations in effect on the day.")
    denunciation_effective_on = serializers.DateField(allow_null=True)


class StateStatusRowSerializer(StatusRowSerializer):
    state = serializers.CharField(help_text="ISO 3166-1 alpha-3 code.")
    name = serializers.CharField(help_text="The state's name in English.")
    reservations_in_effect = ReservationInEffectSerializer(
        many=True, help_text="Each with the objections made to it by the day."
    )
    notices = NoticeRowSerializer(
        many=True, help_text="Territorial or provisional application, or succession, notified by the day."
    )


class TreatyStatusDocumentSerializer(serializers.Serializer):
    """Documents ``conventions.status_export.treaty_status_document``, whose output it returns."""

    convention = serializers.CharField(help_text="The depositary's code, e.g. A-66.")
    title = serializers.CharField(help_text="In English.")
    as_of = serializers.DateField()
    signatories = serializers.IntegerField()
    parties = serializers.IntegerField()
    in_force = serializers.IntegerField()
    denounced = serializers.IntegerField()
    uncertain = serializers.ListField(
        child=serializers.CharField(), help_text="ISO alpha-3 codes of the states whose status is uncertain."
    )
    convention_in_force = serializers.BooleanField()
    entry_into_force = EntryIntoForceSerializer()
    states = StateStatusRowSerializer(many=True)

    def to_representation(self, status: TreatyStatus) -> dict:
        return treaty_status_document(status)


class SignatoryRoadSerializer(serializers.Serializer):
    state = serializers.CharField(source="state.iso3", help_text="ISO 3166-1 alpha-3 code.")
    name = serializers.CharField(source="state.name_en", help_text="The state's name in English.")
    signed_on = serializers.CharField(source="signature", help_text=APPROX_DATE_HELP)
    in_force_on = serializers.CharField(
        allow_null=True,
        help_text="When the convention would enter into force for the state if it deposited its "
        "instrument on the day; null while other instruments would still be needed. " + APPROX_DATE_HELP,
    )
    others_still_needed = serializers.IntegerField(
        help_text="Instruments of other states still needed before its deposit brings the convention "
        "into force (0 when `in_force_on` is given)."
    )


class DenunciationSerializer(serializers.Serializer):
    state = serializers.CharField(source="state.iso3", help_text="ISO 3166-1 alpha-3 code.")
    name = serializers.CharField(source="state.name_en", help_text="The state's name in English.")
    notified_on = serializers.DateField()
    effective_on = serializers.DateField(help_text="When the denunciation takes effect, as recorded.")
    in_effect = serializers.BooleanField(help_text="It had taken effect by the day.")


class RoadToEntryIntoForceSerializer(serializers.Serializer):
    """A convention's road to entry into force on a day (``conventions.entry_into_force``)."""

    convention = serializers.CharField(source="road.convention.code", help_text="The depositary's code.")
    as_of = serializers.DateField(source="road.day", help_text="The day of the record and of the deposit.")
    convention_in_force = serializers.BooleanField(source="road.in_force")
    entry_into_force_on = serializers.CharField(
        source="road.entry_into_force",
        allow_null=True,
        help_text="The convention's own entry into force, once the instruments it needs had been deposited "
        "by the day. " + APPROX_DATE_HELP,
    )
    instruments_required = serializers.IntegerField(source="road.required")
    instruments_deposited = serializers.IntegerField(
        source="road.instruments.deposited", help_text="Certainly deposited by the day."
    )
    instruments_possibly_deposited = serializers.IntegerField(
        source="road.instruments.possibly_deposited",
        help_text="Deposited on a day known only approximately that may be after the day: not counted.",
    )
    instruments_still_needed = serializers.IntegerField(source="road.still_needed")
    days_after_deposit = serializers.IntegerField(
        source="road.convention.eif_days_after_deposit",
        help_text="The convention enters into force this many days after the last instrument it needs, "
        "and for a state depositing later, after its own.",
    )
    in_force_if_next_deposited_on = serializers.CharField(
        source="road.in_force_after_a_deposit_on_the_day",
        allow_null=True,
        help_text="When the convention would enter into force (for the state depositing, at least) if "
        "one more instrument were deposited on the day; null while more than one is still needed. "
        + APPROX_DATE_HELP,
    )
    signatories = SignatoryRoadSerializer(
        many=True, help_text="States that had signed and not deposited by the day, in the states' order."
    )
    denunciations = DenunciationSerializer(many=True, help_text="Denunciations notified by the day.")


class ChangeRowSerializer(serializers.Serializer):
    """One action in the period, as ``conventions.changes.change_rows`` writes it."""

    date = serializers.CharField(help_text=f"The day of the action. {APPROX_DATE_HELP}")
    in_period = serializers.ChoiceField(
        choices=[CERTAINLY, POSSIBLY],
        help_text="`possibly` when the day is known only approximately and may fall outside the period.",
    )
    convention = serializers.CharField()
    state = serializers.CharField(help_text="ISO 3166-1 alpha-3 code of the state that acted.")
    name = serializers.CharField(help_text="The state's name in English.")
    change = serializers.ChoiceField(choices=[kind.value for kind in ChangeKind])
    instrument = serializers.ChoiceField(choices=InstrumentKind.choices, allow_null=True)
    reservation_kind = serializers.ChoiceField(
        choices=Reservation.Kind.choices,
        allow_null=True,
        help_text="For a reservation made or withdrawn, or objected to.",
    )
    article = serializers.CharField(allow_null=True)
    reservation_state = serializers.CharField(
        allow_null=True,
        help_text="The state whose reservation it is (for an objection, not the objecting one).",
    )


class ChangeFiguresSerializer(serializers.Serializer):
    convention = serializers.CharField()
    before = TreatyCountsSerializer(help_text="On the day before `from`.")
    after = TreatyCountsSerializer(help_text="On `to`.")
    state_before = serializers.ChoiceField(
        choices=STATUS_CHOICES, allow_null=True, help_text="The chosen state's status, if a state is chosen."
    )
    state_after = serializers.ChoiceField(choices=STATUS_CHOICES, allow_null=True)


class RecordChangesSerializer(serializers.Serializer):
    """Documents ``conventions.changes.record_changes_document``, whose output it returns."""

    to = serializers.DateField()
    conventions = serializers.ListField(
        child=serializers.CharField(), allow_null=True, help_text="The convention asked for; null for all."
    )
    state = serializers.CharField(allow_null=True, help_text="The state asked for; null for all.")
    figures = ChangeFiguresSerializer(
        many=True, help_text="Each convention asked for, or else each with a change listed."
    )
    changes = ChangeRowSerializer(many=True, help_text="By date, then convention and state.")

    def get_fields(self):
        # "from" is a word Python keeps for itself: the field is added here, not declared.
        return {"from": serializers.DateField(), **super().get_fields()}

    def to_representation(self, record: RecordChanges) -> dict:
        return record_changes_document(record)


class StateSerializer(serializers.ModelSerializer):
    """A state; the view passes ``as_of`` in the context for its standing."""

    url = serializers.HyperlinkedIdentityField(view_name="api:state-detail", lookup_field="iso3")
    name = serializers.CharField(read_only=True, help_text="In the language of the request.")
    oas_standing = serializers.SerializerMethodField()

    class Meta:
        model = State
        fields = [
            "url", "iso3", "iso2", "name", "name_en", "name_es", "name_fr", "name_pt",
            "subregion", "oas_member_since", "oas_standing",
        ]  # fmt: skip

    @extend_schema_field(serializers.ChoiceField(choices=STANDING_CHOICES))
    def get_oas_standing(self, state: State) -> str:
        return str(state_standing(state, self.context["as_of"]))


class MembershipEventSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=MembershipEventKind.choices)
    kind_label = serializers.CharField(source="get_kind_display", help_text="In the language of the request.")

    class Meta:
        model = MembershipEvent
        fields = ["kind", "kind_label", "occurred_on", "reference"]


class StateConventionSerializer(StatusRowSerializer):
    """The state's row under one convention: the status export's row, without the state's own names."""

    convention = serializers.CharField()
    short_name = serializers.CharField()
    convention_in_force = serializers.BooleanField()

    def to_representation(self, pair) -> dict:
        status, row = pair
        exported = treaty_status_rows(replace(status, states=[row]))[0]
        del exported["state"], exported["name"]
        return {
            "convention": status.convention.code,
            "short_name": status.convention.short_name,
            "convention_in_force": status.convention_in_force,
            **exported,
        }


class StateRecordSerializer(serializers.Serializer):
    iso3 = serializers.CharField(source="state.iso3")
    iso2 = serializers.CharField(source="state.iso2")
    name = serializers.CharField(source="state.name", help_text="In the language of the request.")
    name_en = serializers.CharField(source="state.name_en")
    name_es = serializers.CharField(source="state.name_es")
    name_fr = serializers.CharField(source="state.name_fr")
    name_pt = serializers.CharField(source="state.name_pt")
    subregion = serializers.ChoiceField(source="state.subregion", choices=Subregion.choices)
    oas_member_since = serializers.IntegerField(source="state.oas_member_since", allow_null=True)
    as_of = serializers.DateField()
    oas_standing = serializers.ChoiceField(source="standing", choices=STANDING_CHOICES)
    membership_events = MembershipEventSerializer(
        many=True, help_text="Changes in the state's OAS membership up to the day."
    )
    conventions = StateConventionSerializer(many=True)


# --- A liaison's own questionnaire submissions (signed in) -----------------------------------


class MySubmissionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:my-submission-detail")
    page_url = serializers.SerializerMethodField(help_text="The submission's page on the site, to answer it.")
    convention = serializers.CharField(source="cycle.convention.code")
    cycle = serializers.CharField(source="cycle.label", help_text="The year or period, e.g. 2019-2020.")
    opens_on = serializers.DateField(source="cycle.opens_on")
    due_on = serializers.DateField(source="cycle.due_on", allow_null=True)
    closes_on = serializers.DateField(source="cycle.closes_on", allow_null=True)
    state = serializers.CharField(source="state.iso3", help_text="ISO 3166-1 alpha-3 code.")
    status = serializers.ChoiceField(choices=SubmissionStatus.choices)
    status_label = serializers.CharField(
        source="get_status_display", help_text="In the language of the request."
    )
    received = serializers.SerializerMethodField(help_text=f"The day the answers came in. {APPROX_DATE_HELP}")
    timeliness = serializers.ChoiceField(choices=Timeliness.choices)

    class Meta:
        model = Submission
        fields = [
            "id", "url", "page_url", "convention", "cycle", "opens_on", "due_on", "closes_on", "state",
            "status", "status_label", "received", "answer_kind", "language", "timeliness",
        ]  # fmt: skip

    def get_page_url(self, submission: Submission) -> str:
        return self.context["request"].build_absolute_uri(submission.get_absolute_url())

    def get_received(self, submission: Submission) -> str | None:
        return submission.received.isoformat() if submission.received else None


class AnsweredQuestionSerializer(serializers.Serializer):
    number = serializers.CharField(source="question.number", help_text="Section and question, e.g. 1.2.")
    text = serializers.CharField(source="question.text", help_text="In the language of the request.")
    kind = serializers.ChoiceField(source="question.kind", choices=QuestionKind.choices)
    obligation = serializers.CharField(
        source="question.obligation.code", allow_null=True, help_text="The obligation the question is about."
    )
    is_required = serializers.BooleanField(source="question.is_required")
    answer = serializers.SerializerMethodField(
        help_text="The answer as text (a number in decimals, a date as YYYY-MM-DD); null if unanswered."
    )

    def get_answer(self, item: QuestionAnswer) -> str | None:
        if item.answer is None:
            return None
        value = item.answer.value
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        if isinstance(value, dt.date):
            return value.isoformat()
        return value


class AnsweredSectionSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="section.position")
    title = serializers.CharField(source="section.title", help_text="In the language of the request.")
    questions = AnsweredQuestionSerializer(source="items", many=True)


class SubmissionDocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(
        help_text="Served only to those who may see the submission."
    )
    kind = serializers.ChoiceField(choices=DocumentKind.choices)

    class Meta:
        model = SubmissionDocument
        fields = ["id", "original_name", "kind", "size_bytes", "uploaded_at", "download_url"]

    def get_download_url(self, document: SubmissionDocument) -> str:
        return self.context["request"].build_absolute_uri(document.get_absolute_url())


class MySubmissionDetailSerializer(MySubmissionSerializer):
    """A submission with its answers and documents; the view passes them in the context."""

    sections = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()

    class Meta(MySubmissionSerializer.Meta):
        fields = [*MySubmissionSerializer.Meta.fields, "review_comments", "sections", "documents"]

    @extend_schema_field(AnsweredSectionSerializer(many=True))
    def get_sections(self, submission: Submission) -> list:
        return AnsweredSectionSerializer(self.context["sections"], many=True, context=self.context).data

    @extend_schema_field(SubmissionDocumentSerializer(many=True))
    def get_documents(self, submission: Submission) -> list:
        return SubmissionDocumentSerializer(self.context["documents"], many=True, context=self.context).data
