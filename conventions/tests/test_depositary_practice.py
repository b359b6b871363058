"""Objections to reservations, territorial and provisional application, and succession: the rest
of the depositary practice (terms of the Vienna Convention on the Law of Treaties)."""

import datetime as dt

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from conventions.approx_dates import ApproxDate
from conventions.models import Objection, ParticipationNotice, Reservation
from conventions.presenters import status_table
from conventions.resources import ObjectionResource, ParticipationNoticeResource
from conventions.selectors import tacit_acceptance_date, treaty_status_as_of
from conventions.services import objection_record, participation_notice_record
from conventions.tests.factories import (
    ConventionFactory,
    ObjectionFactory,
    ParticipationFactory,
    ParticipationNoticeFactory,
    ReservationFactory,
)
from dashboards.pdf import convention_status_pdf
from notifications.models import Action, Notification, NotificationKind
from notifications.selectors import recorded_actions
from notifications.services import notifications_backfill
from notifications.tests.conftest import published
from states.services import read_only_group_ensure
from states.tests.factories import StateFactory, UserFactory
from tracker.importing import ImportRefused, dataset_import
from tracker.tests.admin_pages import admin_url, secretariat_user, signed_in

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def convention():
    return ConventionFactory(code="T-PRACTICE", adopted_on=D(2002, 6, 3))


@pytest.fixture
def reservation(convention):
    """Peru's reservation to art. 13, made with its ratification deposited on 2005-03-10."""
    participation = ParticipationFactory(
        convention=convention,
        state=StateFactory(iso3="PER", name_en="Peru"),
        deposit_earliest=D(2005, 3, 10),
    )
    return ReservationFactory(
        participation=participation, kind=Reservation.Kind.RESERVATION, article="Art. 13", text="On asylum."
    )


@pytest.fixture
def objector(convention):
    """Chile, which deposited its own instrument on 2007-01-05."""
    chile = StateFactory(iso3="CHL", name_en="Chile")
    ParticipationFactory(convention=convention, state=chile, deposit_earliest=D(2007, 1, 5))
    return chile


@pytest.fixture
def read_only_staff():
    user = UserFactory(is_staff=True)
    user.groups.add(read_only_group_ensure())
    return user


def _refused_by_database(instance):
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


# --- Objections: the rules, by full_clean() and by the database ------------------------------


def test_a_state_objects_once_to_a_reservation(reservation, objector):
    ObjectionFactory(reservation=reservation, objecting_state=objector, made_on=D(2005, 6, 1))
    again = Objection(reservation=reservation, objecting_state=objector, made_on=D(2005, 7, 1))

    with pytest.raises(ValidationError) as error:
        again.full_clean()
    assert "This state has already objected to this reservation." in str(error.value)
    _refused_by_database(again)


def test_an_objection_is_not_withdrawn_before_it_was_made(reservation, objector):
    objection = Objection(
        reservation=reservation, objecting_state=objector, made_on=D(2005, 6, 1), withdrawn_on=D(2005, 5, 1)
    )

    with pytest.raises(ValidationError) as error:
        objection.full_clean()
    assert error.value.message_dict["withdrawn_on"] == [
        "An objection cannot be withdrawn before it was made."
    ]
    _refused_by_database(objection)


def test_a_state_cannot_object_to_its_own_reservation(reservation):
    objection = Objection(
        reservation=reservation, objecting_state=reservation.participation.state, made_on=D(2005, 6, 1)
    )

    with pytest.raises(ValidationError) as error:
        objection_record(objection)
    assert error.value.message_dict["objecting_state"] == ["A state cannot object to its own reservation."]
    assert not Objection.objects.exists()


def test_an_objection_is_not_made_before_the_reservation(reservation, objector):
    reservation.made_on = D(2005, 3, 10)
    reservation.save()
    objection = Objection(reservation=reservation, objecting_state=objector, made_on=D(2005, 3, 9))

    with pytest.raises(ValidationError) as error:
        objection.full_clean()
    assert "made_on" in error.value.message_dict


# --- Territorial and provisional application, succession --------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"kind": ParticipationNotice.Kind.TERRITORIAL},
            "territory",
            "A declaration of territorial application names its territory; other notices have none.",
        ),
        (
            {
                "kind": ParticipationNotice.Kind.PROVISIONAL,
                "effective_on": D(2003, 1, 1),
                "territory": "Aruba",
            },
            "territory",
            "A declaration of territorial application names its territory; other notices have none.",
        ),
        (
            {"kind": ParticipationNotice.Kind.SUCCESSION},
            "predecessor",
            "A succession names the predecessor state; other notices have none.",
        ),
        (
            {"kind": ParticipationNotice.Kind.PROVISIONAL},
            "effective_on",
            "Give the day from which the state applies the convention provisionally.",
        ),
        (
            {
                "kind": ParticipationNotice.Kind.SUCCESSION,
                "predecessor": "Gran Colombia",
                "ended_on": D(2004, 1, 1),
            },
            "ended_on",
            "A succession is not withdrawn: a denunciation ends it.",
        ),
        (
            {"kind": ParticipationNotice.Kind.TERRITORIAL, "territory": "Aruba", "ended_on": D(2002, 12, 31)},
            "ended_on",
            "It cannot end before it was notified or took effect.",
        ),
    ],
)
def test_each_kind_of_notice_has_its_own_fields(convention, fields, field, message):
    notice = ParticipationNotice(
        participation=ParticipationFactory(convention=convention), made_on=D(2003, 1, 1), **fields
    )

    with pytest.raises(ValidationError) as error:
        notice.full_clean()
    assert error.value.message_dict[field] == [message]
    _refused_by_database(notice)


def test_one_provisional_application_per_state_but_one_declaration_per_territory(convention):
    participation = ParticipationFactory(convention=convention)
    ParticipationNoticeFactory(participation=participation)
    territorial = {"participation": participation, "kind": ParticipationNotice.Kind.TERRITORIAL}
    ParticipationNoticeFactory(**territorial, territory="Aruba")
    ParticipationNoticeFactory(**territorial, territory="Curaçao")

    again = ParticipationNotice(
        participation=participation,
        kind=ParticipationNotice.Kind.PROVISIONAL,
        made_on=D(2004, 1, 1),
        effective_on=D(2004, 1, 1),
    )
    with pytest.raises(ValidationError):
        again.full_clean()
    _refused_by_database(again)


# --- The twelve months of VCLT art. 20(5) -----------------------------------------------------


def test_twelve_months_after_the_notification_or_the_states_own_consent_if_later():
    notified = ApproxDate.exact(D(2005, 3, 10))

    assert tacit_acceptance_date(notified) == ApproxDate.exact(D(2006, 3, 10))
    assert tacit_acceptance_date(notified, ApproxDate.exact(D(2005, 9, 1))) == ApproxDate.exact(
        D(2006, 3, 10)
    )
    assert tacit_acceptance_date(notified, ApproxDate.exact(D(2007, 1, 5))) == ApproxDate.exact(D(2007, 1, 5))
    # The period ends with the month: twelve months after 29 February.
    assert tacit_acceptance_date(ApproxDate.exact(D(2004, 2, 29))) == ApproxDate.exact(D(2005, 2, 28))
    # Notified in a month known only as such: the period ends in that month a year later.
    assert tacit_acceptance_date(ApproxDate.parse("2005-03")) == ApproxDate.parse("2006-03")


def test_the_status_gives_each_objection_its_own_twelve_month_date(convention, reservation, objector):
    early = StateFactory(iso3="ARG", name_en="Argentina")
    ParticipationFactory(convention=convention, state=early, deposit_earliest=D(2003, 1, 1))
    ObjectionFactory(reservation=reservation, objecting_state=early, made_on=D(2006, 5, 1))
    ObjectionFactory(reservation=reservation, objecting_state=objector, made_on=D(2006, 12, 1))

    status = treaty_status_as_of(convention, D(2010, 1, 1), with_practice=True)

    (entry,) = next(row for row in status.states if row.state.iso3 == "PER").reservations_objected
    assert entry.acceptance_date == ApproxDate.exact(D(2006, 3, 10))
    by_state = {objected.objection.objecting_state.iso3: objected for objected in entry.objections}
    # Argentina was bound already: its twelve months ran from the reservation, and it objected late.
    assert by_state["ARG"].acceptance_date == ApproxDate.exact(D(2006, 3, 10))
    assert by_state["ARG"].after_the_period
    # Chile consented to be bound later: it had until its own deposit.
    assert by_state["CHL"].acceptance_date == ApproxDate.exact(D(2007, 1, 5))
    assert not by_state["CHL"].after_the_period


def test_an_objection_counts_from_the_day_it_was_made(convention, reservation, objector):
    ObjectionFactory(reservation=reservation, objecting_state=objector, made_on=D(2006, 12, 1))

    def objections_on(day):
        status = treaty_status_as_of(convention, day, with_practice=True)
        (entry,) = next(row for row in status.states if row.state.iso3 == "PER").reservations_objected
        return entry.objections

    assert objections_on(D(2006, 11, 30)) == ()
    assert len(objections_on(D(2006, 12, 1))) == 1


# --- What readers see: the status page, the PDF, the API -------------------------------------


def test_the_status_page_shows_an_objection_under_the_reservation_with_its_twelve_month_date(
    client, convention, reservation, objector
):
    objection = ObjectionFactory(reservation=reservation, objecting_state=objector, made_on=D(2006, 12, 1))
    ParticipationNoticeFactory(
        participation=reservation.participation,
        kind=ParticipationNotice.Kind.TERRITORIAL,
        territory="Isla Grande",
        made_on=D(2006, 1, 2),
    )

    response = client.get(convention.get_absolute_url(), {"as_of": "2010-01-01"})

    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="objection-{objection.pk}"' in page
    assert "Objection by Chile, 2006-12-01" in page
    assert "twelve months ended 2007-01-05" in page
    assert "Accepted by a bound state that has not objected by 2006-03-10" in page
    assert "territorial application to Isla Grande, declared 2006-01-02" in page


@pytest.mark.parametrize("objections", [1, 6])
def test_the_status_with_its_practice_takes_six_queries_however_many_objections(
    convention, reservation, objections, django_assert_num_queries
):
    for _number in range(objections):
        objecting = StateFactory()
        ObjectionFactory(reservation=reservation, objecting_state=objecting, made_on=D(2006, 1, 1))
        ParticipationNoticeFactory(participation=ParticipationFactory(convention=convention, state=objecting))

    # Every state; the reservations; the participations; the convention's entry into force (its
    # n-th deposit); the objections, each with its state and the objecting state's deposit; the
    # territorial and provisional applications and successions.
    with django_assert_num_queries(6):
        status = treaty_status_as_of(convention, D(2010, 1, 1), with_practice=True)

    assert (
        sum(len(entry.objections) for row in status.states for entry in row.reservations_objected)
        == objections
    )


def test_the_pdf_lists_the_objections_and_the_notices(convention, reservation, objector):
    ObjectionFactory(reservation=reservation, objecting_state=objector, made_on=D(2006, 12, 1))
    ParticipationNoticeFactory(
        participation=reservation.participation,
        kind=ParticipationNotice.Kind.SUCCESSION,
        predecessor="Gran Colombia",
        made_on=D(2006, 1, 2),
    )
    table = status_table(treaty_status_as_of(convention, D(2010, 1, 1), with_practice=True))

    pdf = convention_status_pdf(table, compress=False)

    assert b"Objection by Chile, 2006-12-01; twelve months ended 2007-01-05" in pdf
    assert b"succession to Gran Colombia, notified 2006-01-02" in pdf


def test_the_status_pdf_page_answers(client, convention, reservation, objector):
    ObjectionFactory(reservation=reservation, objecting_state=objector, made_on=D(2006, 12, 1))

    response = client.get(
        reverse("dashboards:convention_pdf", args=[convention.code]), {"as_of": "2010-01-01"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_the_api_status_gives_the_objections_and_the_notices(client, convention, reservation, objector):
    ObjectionFactory(
        reservation=reservation, objecting_state=objector, made_on=D(2006, 12, 1), withdrawn_on=D(2008, 1, 1)
    )
    ParticipationNoticeFactory(participation=reservation.participation, made_on=D(2004, 5, 1))

    response = client.get(
        reverse("api:convention-status", args=[convention.code]),
        {"as_of": "2010-01-01"},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 200
    peru = next(row for row in response.json()["states"] if row["state"] == "PER")
    assert peru["reservations_in_effect"] == [
        {
            "kind": "reservation",
            "article": "Art. 13",
            "made_on": None,
            "accepted_unless_objected_by": "2006-03-10",
            "objections": [
                {
                    "state": "CHL",
                    "made_on": "2006-12-01",
                    "withdrawn_on": "2008-01-01",
                    "twelve_months_ended_on": "2007-01-05",
                }
            ],
        }
    ]
    assert peru["notices"] == [
        {
            "kind": "provisional",
            "territory": "",
            "predecessor": "",
            "made_on": "2004-05-01",
            "effective_on": "2004-05-01",
            "ended_on": None,
        }
    ]


# --- The admin ------------------------------------------------------------------------------


def _objection_form(reservation, objector) -> dict:
    return {
        "reservation": reservation.pk,
        "objecting_state": objector.pk,
        "made_on": "2006-12-01",
        "withdrawn_on": "",
        "text": "Not compatible.",
        "source": "",
    }


def test_the_secretariat_adds_an_objection_in_the_admin_and_its_notification_is_drafted(
    reservation, objector
):
    client = signed_in(secretariat_user())

    response = client.post(admin_url(Objection, "add"), _objection_form(reservation, objector))

    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.objecting_state, objection.made_on) == (objector, D(2006, 12, 1))
    assert objection.history.count() == 1
    assert Notification.objects.get().objection == objection


def test_read_only_staff_cannot_add_an_objection(reservation, objector, read_only_staff):
    response = signed_in(read_only_staff).post(
        admin_url(Objection, "add"), _objection_form(reservation, objector)
    )

    assert response.status_code == 403
    assert not Objection.objects.exists()


def test_read_only_staff_may_read_the_notices_but_not_change_them(reservation, read_only_staff):
    notice = ParticipationNoticeFactory(participation=reservation.participation)
    client = signed_in(read_only_staff)

    assert client.get(admin_url(ParticipationNotice, "change", notice.pk)).status_code == 200
    assert client.get(admin_url(ParticipationNotice, "add")).status_code == 403


def _notice_form(reservation, **fields) -> dict:
    empty = dict.fromkeys(["territory", "predecessor", "effective_on", "ended_on", "text", "source"], "")
    return {**empty, "participation": reservation.participation.pk, "made_on": "2006-01-02", **fields}


def test_the_secretariat_adds_a_succession_in_the_admin(reservation):
    client = signed_in(secretariat_user())
    data = _notice_form(reservation, kind="succession", predecessor="Gran Colombia")

    response = client.post(admin_url(ParticipationNotice, "add"), data)

    assert response.status_code == 302
    assert ParticipationNotice.objects.get().predecessor == "Gran Colombia"


def test_a_notice_without_its_kinds_field_is_refused_beside_the_field(reservation):
    client = signed_in(secretariat_user())

    response = client.post(
        admin_url(ParticipationNotice, "add"), _notice_form(reservation, kind="territorial")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["territory"] == [
        "A declaration of territorial application names its territory; other notices have none."
    ]
    assert not ParticipationNotice.objects.exists()


# --- The import -----------------------------------------------------------------------------

OBJECTION_HEADERS = [
    "convention",
    "state",
    "reservation_kind",
    "article",
    "objecting_state",
    "made_on",
    "withdrawn_on",
]


def test_objections_are_imported_and_each_drafts_its_notification(convention, reservation, objector):
    dataset = tablib.Dataset(
        [convention.code, "PER", "reservation", "Art. 13", "CHL", "2006-12-01", ""], headers=OBJECTION_HEADERS
    )

    dataset_import(ObjectionResource(), dataset, source="objections.csv")

    objection = Objection.objects.get()
    assert (objection.objecting_state, objection.made_on) == (objector, D(2006, 12, 1))
    assert Notification.objects.get().kind == NotificationKind.OBJECTION


def test_bad_objection_rows_are_refused_with_their_row_and_column_and_nothing_is_written(
    convention, reservation, objector
):
    dataset = tablib.Dataset(
        [convention.code, "PER", "reservation", "Art. 13", "CHL", "2006-12-01", ""],
        [convention.code, "PER", "reservation", "Art. 99", "CHL", "2006-12-01", ""],
        [convention.code, "PER", "reservation", "Art. 13", "PER", "2006-12-01", ""],
        headers=OBJECTION_HEADERS,
    )

    with pytest.raises(ImportRefused) as refused:
        dataset_import(ObjectionResource(), dataset, source="objections.csv")

    problems = {(problem.row, problem.field) for problem in refused.value.problems}
    assert problems == {(3, "reservation"), (4, "objecting_state")}
    assert not Objection.objects.exists()
    assert not Notification.objects.exists()


def test_notices_are_imported_and_a_bad_row_names_its_column(convention, reservation):
    headers = [
        "convention",
        "state",
        "kind",
        "territory",
        "predecessor",
        "made_on",
        "effective_on",
        "ended_on",
    ]
    good = [convention.code, "PER", "territorial", "Isla Grande", "", "2006-01-02", "", ""]
    bad = [convention.code, "PER", "succession", "", "", "2006-01-02", "", ""]

    with pytest.raises(ImportRefused) as refused:
        dataset_import(
            ParticipationNoticeResource(), tablib.Dataset(good, bad, headers=headers), source="n.csv"
        )
    assert [(problem.row, problem.field) for problem in refused.value.problems] == [(3, "predecessor")]

    dataset_import(ParticipationNoticeResource(), tablib.Dataset(good, headers=headers), source="n.csv")
    assert ParticipationNotice.objects.get().territory == "Isla Grande"


# --- Depositary notifications ---------------------------------------------------------------


def test_an_objection_and_its_withdrawal_are_notified_as_the_objecting_states_actions(reservation, objector):
    objection = Objection(reservation=reservation, objecting_state=objector, made_on=D(2006, 12, 1))

    (made,) = objection_record(objection, source="test")
    objection.withdrawn_on = D(2008, 1, 1)
    (withdrawn,) = objection_record(objection, source="test")

    assert (made.kind, made.state, made.participation) == (
        NotificationKind.OBJECTION,
        objector,
        reservation.participation,
    )
    made, withdrawn = published(made), published(withdrawn)  # worded when published
    assert made.text_en.endswith(
        "Chile objected on 2006-12-01 to a reservation on Art. 13 made by Peru to the "
        "Inter-American Convention T-PRACTICE (T-PRACTICE)."
    )
    assert made.title_es == "T-PRACTICE: Estado Chile, objeción a una reserva de Estado Peru"
    assert withdrawn.action == Action.OBJECTION_WITHDRAWN
    assert "withdrew on 2008-01-01 its objection" in withdrawn.text_en


def test_a_redated_draft_is_put_right_rather_than_notified_twice(reservation, objector):
    objection = Objection(reservation=reservation, objecting_state=objector, made_on=D(2006, 12, 1))
    objection_record(objection, source="test")

    objection.made_on = D(2006, 12, 2)
    objection_record(objection, source="test")

    notification = published(Notification.objects.get())
    assert notification.action_earliest == D(2006, 12, 2)
    assert "on 2006-12-02" in notification.text_en


@pytest.mark.parametrize(
    ("fields", "kind", "sentence"),
    [
        (
            {"kind": "provisional", "effective_on": D(2004, 5, 1)},
            NotificationKind.PROVISIONAL,
            "applies the Inter-American Convention T-PRACTICE (T-PRACTICE) provisionally from 2004-05-01.",
        ),
        (
            {"kind": "territorial", "territory": "Isla Grande"},
            NotificationKind.TERRITORIAL,
            "(T-PRACTICE) concerning Isla Grande.",
        ),
        (
            {"kind": "succession", "predecessor": "Gran Colombia"},
            NotificationKind.SUCCESSION,
            "as successor of Gran Colombia.",
        ),
    ],
)
def test_each_notice_is_notified(reservation, fields, kind, sentence):
    notice = ParticipationNotice(participation=reservation.participation, made_on=D(2004, 5, 1), **fields)

    (drafted,) = participation_notice_record(notice, source="test")

    assert (drafted.kind, drafted.notice, drafted.state) == (kind, notice, reservation.participation.state)
    drafted = published(drafted)
    assert drafted.text_en.endswith(sentence)
    assert all(getattr(drafted, f"text_{language}") for language in ("es", "fr", "pt"))


def test_the_end_of_a_provisional_application_is_notified(reservation):
    notice = ParticipationNoticeFactory(participation=reservation.participation, made_on=D(2004, 5, 1))

    notice.ended_on = D(2005, 3, 10)
    (drafted,) = participation_notice_record(notice, source="test")

    assert drafted.kind == NotificationKind.PROVISIONAL_ENDED
    drafted = published(drafted)
    assert "termination of its provisional application" in drafted.text_en


def test_the_backfill_publishes_each_recorded_objection_and_notice_once(reservation, objector):
    ObjectionFactory(
        reservation=reservation, objecting_state=objector, made_on=D(2006, 12, 1), withdrawn_on=D(2008, 1, 1)
    )
    ParticipationNoticeFactory(participation=reservation.participation, made_on=D(2004, 5, 1))

    notifications_backfill(recorded_actions())
    again = notifications_backfill(recorded_actions())

    backfilled = Notification.objects.exclude(kind__in=[NotificationKind.SIGNATURE, NotificationKind.DEPOSIT])
    assert sorted(backfilled.values_list("kind", "state__iso3")) == [
        (NotificationKind.OBJECTION, "CHL"),
        (NotificationKind.OBJECTION_WITHDRAWN, "CHL"),
        (NotificationKind.PROVISIONAL, "PER"),
        (NotificationKind.RESERVATION, "PER"),
    ]
    assert again.created == []
