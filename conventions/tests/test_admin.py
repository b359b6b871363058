import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conventions.models import Body, Convention, Objection, Participation, ParticipationNotice, Reservation
from conventions.tests.factories import (
    ConventionFactory,
    ObjectionFactory,
    ParticipationFactory,
    ParticipationNoticeFactory,
    ReservationFactory,
)
from states.tests.factories import LiaisonFactory, StateFactory
from tracker.tests.admin_pages import (
    admin_url,
    answers,
    change_form_data,
    registered_models,
    secretariat_user,
    staff_user,
)

pytestmark = pytest.mark.django_db

PARTICIPATION_COLUMNS = "convention,state,signed_on,instrument,deposited_on,notes\n"


@pytest.fixture
def records():
    """One record of each model of the app, each with its admin pages."""
    reservation = ReservationFactory(participation__convention__code="A-66", participation__state__iso3="ARG")
    participation = reservation.participation
    return {
        Body: participation.convention.followed_by,
        Convention: participation.convention,
        Participation: participation,
        Reservation: reservation,
        Objection: ObjectionFactory(reservation=reservation),
        ParticipationNotice: ParticipationNoticeFactory(participation=participation),
    }


@pytest.fixture
def secretariat(client):
    user = secretariat_user(username="clerk")
    client.force_login(user)
    return user


def test_every_model_of_the_app_is_in_the_admin(records):
    assert registered_models("conventions") == sorted(records, key=lambda model: model._meta.model_name)


def test_anonymous_is_sent_to_the_admin_sign_in_from_every_page(client, records):
    pages = answers(client, records.values())

    assert set(pages.values()) == {reverse("admin:login")}


def test_a_liaison_is_not_staff_and_is_sent_to_the_admin_sign_in(client, records):
    client.force_login(LiaisonFactory().user)

    pages = answers(client, records.values())

    assert set(pages.values()) == {reverse("admin:login")}


def test_staff_without_permissions_is_refused_every_page(client, records):
    client.force_login(staff_user())

    pages = answers(client, records.values())

    assert set(pages.values()) == {403}


def test_the_secretariat_opens_every_page(client, secretariat, records):
    pages = answers(client, records.values())

    assert set(pages.values()) == {200}, pages


def test_the_list_has_import_and_export_buttons_and_the_record_its_history(client, secretariat, records):
    participation = records[Participation]

    changelist = client.get(admin_url(Participation, "changelist")).text
    change = client.get(admin_url(Participation, "change", participation.pk)).text

    assert admin_url(Participation, "import") in changelist
    assert admin_url(Participation, "export") in changelist
    assert admin_url(Participation, "history", participation.pk) in change


def _participations(count):
    convention = ConventionFactory(code="A-66")
    for _ in range(count):
        ParticipationFactory(
            convention=convention, deposit_earliest=dt.date(2005, 12, 1), deposit_latest=dt.date(2005, 12, 31)
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_participation_list_runs_nine_queries_however_many_rows(
    client, secretariat, django_assert_num_queries, rows
):
    _participations(rows)
    url = admin_url(Participation, "changelist")
    client.get(url)  # the first page also fills Django's cache of content types

    # session, user, the user's own and group permissions (2), conventions for the filter,
    # count of the filtered rows, count of all rows, the page of rows with state and convention,
    # the conventions' entries into force for the status today.
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.context["cl"].result_count == rows


def test_the_participation_list_shows_status_and_entry_into_force_today(client, secretariat):
    convention = ConventionFactory(code="A-66", eif_instruments_required=1, eif_days_after_deposit=30)
    ParticipationFactory(
        convention=convention, state__name_en="Argentina",
        deposit_earliest=dt.date(2005, 12, 1), deposit_latest=dt.date(2005, 12, 1),
    )  # fmt: skip
    ParticipationFactory(convention=convention, state__name_en="Brazil", signature_earliest=dt.date(2002, 6, 4),
                         signature_latest=dt.date(2002, 6, 4))  # fmt: skip

    rows = {
        row.split("</th>")[0]: row
        for row in client.get(admin_url(Participation, "changelist")).text.split("<tr")
    }
    argentina = next(row for name, row in rows.items() if "Argentina" in name)
    brazil = next(row for name, row in rows.items() if "Brazil" in name)

    assert '<td class="field-status_today">Party</td>' in argentina
    assert '<td class="field-in_force_on">2005-12-31</td>' in argentina
    assert '<td class="field-status_today">Signatory</td>' in brazil


@pytest.mark.parametrize(("status", "shown"), [("party", ["ARG"]), ("signatory", ["BRA"]), ("denounced", [])])
def test_the_participation_list_filters_by_status_today(client, secretariat, status, shown):
    convention = ConventionFactory(code="A-66")
    signed = {"signature_earliest": dt.date(2002, 6, 4), "signature_latest": dt.date(2002, 6, 4)}
    deposited = {"deposit_earliest": dt.date(2005, 12, 1), "deposit_latest": dt.date(2005, 12, 1)}
    ParticipationFactory(convention=convention, state__iso3="ARG", **signed, **deposited)
    ParticipationFactory(convention=convention, state__iso3="BRA", **signed)

    response = client.get(admin_url(Participation, "changelist"), {"status": status})

    assert [p.state.iso3 for p in response.context["cl"].result_list] == shown


def test_an_unknown_status_in_the_address_lists_every_participation(client, secretariat):
    _participations(2)

    response = client.get(admin_url(Participation, "changelist"), {"status": "nonsense"})

    assert response.status_code == 200


def test_the_convention_page_runs_as_many_queries_for_30_states_as_for_3(
    client, secretariat, django_assert_max_num_queries
):
    convention = ConventionFactory(code="A-66")
    url = admin_url(Convention, "change", convention.pk)
    ParticipationFactory.create_batch(3, convention=convention)
    _queries(client, url)  # the first page also fills Django's cache of content types
    few = _queries(client, url)
    ParticipationFactory.create_batch(27, convention=convention)

    # session, user, the convention with its deposit count, the user's own and group
    # permissions (2), the states offered in every row (read once), the participations,
    # the following body shown in its autocomplete box.
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert _queries(client, url) == few
    assert len(response.context["inline_admin_formsets"][0].formset.forms) == 30


def test_the_participation_list_shows_approximate_dates_as_typed(client, secretariat):
    ParticipationFactory(
        convention=ConventionFactory(code="A-66"),
        state=StateFactory(name_en="Argentina"),
        signature_earliest=dt.date(2002, 6, 4),
        signature_latest=dt.date(2003, 5, 7),
        deposit_earliest=dt.date(2005, 12, 1),
        deposit_latest=dt.date(2005, 12, 31),
    )

    page = client.get(admin_url(Participation, "changelist")).text

    assert "2002-06-04/2003-05-07" in page
    assert ">2005-12<" in page


def test_the_participation_list_filters_by_deposit_and_searches_by_iso3(client, secretariat):
    convention = ConventionFactory(code="A-66")
    party = ParticipationFactory(
        convention=convention, state__iso3="ARG", deposit_earliest=dt.date(2005, 1, 3)
    )
    ParticipationFactory(convention=convention, state__iso3="BRA")

    deposited = client.get(admin_url(Participation, "changelist"), {"deposited": "yes"})
    searched = client.get(admin_url(Participation, "changelist"), {"q": "ARG"})

    assert list(deposited.context["cl"].result_list) == [party]
    assert list(searched.context["cl"].result_list) == [party]


# Editing a participation: approximate dates typed as one text each.


def _edit(client, participation, **changes):
    url = admin_url(Participation, "change", participation.pk)
    data = change_form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def _field_errors(response, name) -> list[str]:
    """The messages shown beside a field of the admin form."""
    match = re.search(rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', response.text, re.S)
    return re.findall(r"<li>(.*?)</li>", match.group(1)) if match else []


def test_a_deposit_typed_as_a_month_is_saved_as_the_month(client, secretariat, participation):
    response = _edit(client, participation, deposit_earliest="2005-12", instrument_kind="ratification")

    assert response.status_code == 302
    participation.refresh_from_db()
    assert (participation.deposit_earliest, participation.deposit_latest) == (
        dt.date(2005, 12, 1),
        dt.date(2005, 12, 31),
    )
    page = client.get(admin_url(Participation, "change", participation.pk)).text
    assert 'value="2005-12"' in page


def test_a_date_that_does_not_exist_is_refused_beside_the_deposit(client, secretariat, participation):
    response = _edit(client, participation, deposit_earliest="2005-13", instrument_kind="ratification")

    assert response.status_code == 200
    [error] = _field_errors(response, "deposit_earliest")
    assert error.startswith("“2005-13” is not a valid date")
    participation.refresh_from_db()
    assert participation.deposit is None


def test_a_deposit_before_the_signature_is_refused_beside_the_deposit(client, secretariat, participation):
    Participation.objects.update(
        signature_earliest=dt.date(2003, 6, 10), signature_latest=dt.date(2003, 6, 10)
    )

    response = _edit(client, participation, deposit_earliest="2003-06-09", instrument_kind="ratification")

    assert response.status_code == 200
    assert _field_errors(response, "deposit_earliest") == [
        "The deposit cannot be earlier than the signature."
    ]
    participation.refresh_from_db()
    assert participation.deposit is None


def test_a_deposit_without_an_instrument_is_refused_beside_the_instrument(client, secretariat, participation):
    response = _edit(client, participation, deposit_earliest="2005", instrument_kind="")

    assert response.status_code == 200
    assert _field_errors(response, "instrument_kind") == [
        "A deposit needs the kind of instrument, and only a deposit has one."
    ]


def test_a_second_record_of_the_same_state_and_convention_is_refused(client, secretariat, participation):
    response = client.post(
        admin_url(Participation, "add"),
        {
            "convention": participation.convention.pk,
            "state": participation.state.pk,
            "signature_earliest": "2002-06",
            "reservations-TOTAL_FORMS": "0",
            "reservations-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "This state already has a record under this convention." in response.text
    assert Participation.objects.count() == 1


def test_an_edit_in_the_admin_is_in_the_history_with_who_made_it(client, secretariat, participation):
    _edit(client, participation, deposit_earliest="2005-12-08", instrument_kind="accession")

    entry = participation.history.first()
    assert entry.history_type == "~"
    assert entry.history_user == secretariat
    history_page = client.get(admin_url(Participation, "history", participation.pk)).text
    assert "clerk" in history_page
    assert "2005-12-08" in history_page
    before = participation.history.last()
    version = client.get(admin_url(Participation, "simple_history", participation.pk, before.history_id))
    assert version.status_code == 200
    assert version.context["adminform"].form["deposit_earliest"].value() is None


def test_a_reservation_is_added_on_the_participation_page(client, secretariat, participation):
    url = admin_url(Participation, "change", participation.pk)
    data = change_form_data(client.get(url))
    data.update(
        {
            "reservations-TOTAL_FORMS": "1",
            "reservations-0-kind": Reservation.Kind.RESERVATION,
            "reservations-0-article": "Art. 13",
            "reservations-0-text": "On asylum.",
        }
    )

    assert client.post(url, data).status_code == 302
    assert participation.reservations.get().text == "On asylum."


# Editing on the convention's page: every state's record, inline.


def test_a_deposit_is_recorded_from_the_convention_page(client, secretariat, participation):
    url = admin_url(Convention, "change", participation.convention.pk)
    data = change_form_data(client.get(url))
    data.update(
        {"participations-0-deposit_earliest": "2005", "participations-0-instrument_kind": "ratification"}
    )

    assert client.post(url, data).status_code == 302
    participation.refresh_from_db()
    assert participation.deposit.isoformat() == "2005"
    assert participation.history.first().history_user == secretariat


def test_a_bad_date_on_the_convention_page_is_shown_beside_it(client, secretariat, participation):
    url = admin_url(Convention, "change", participation.convention.pk)
    data = change_form_data(client.get(url))
    data.update(
        {"participations-0-deposit_earliest": "2005-13", "participations-0-instrument_kind": "ratification"}
    )

    response = client.post(url, data)

    assert response.status_code == 200
    [error] = _field_errors(response, "participations-0-deposit_earliest")
    assert error.startswith("“2005-13” is not a valid date")


# Importing a spreadsheet through the admin.


@pytest.fixture
def a66():
    convention = ConventionFactory(code="A-66")
    for iso3, name in [("ARG", "Argentina"), ("BRA", "Brazil"), ("CHL", "Chile")]:
        StateFactory(iso3=iso3, name_en=name)
    return convention


def _upload(client, text, name="participations.csv", format_index="0"):
    content = text.encode() if isinstance(text, str) else text
    return client.post(
        admin_url(Participation, "import"),
        {"format": format_index, "import_file": SimpleUploadedFile(name, content)},
    )


def _confirm(client, preview):
    return client.post(admin_url(Participation, "process_import"), preview.context["confirm_form"].initial)


def test_a_good_file_is_previewed_then_written_when_confirmed(client, secretariat, a66):
    text = PARTICIPATION_COLUMNS + "A-66,ARG,2002-06-03,ratification,2005-12,\nA-66,BRA,2002-07,,,\n"

    preview = _upload(client, text)

    assert preview.status_code == 200
    assert "Confirm import" in preview.text
    assert Participation.objects.count() == 0

    confirmed = _confirm(client, preview)

    assert confirmed.status_code == 302
    argentina = Participation.objects.get(state__iso3="ARG")
    assert argentina.deposit.isoformat() == "2005-12"
    assert Participation.objects.get(state__iso3="BRA").signature.isoformat() == "2002-07"
    for record in Participation.objects.all():
        entry = record.history.get()
        assert entry.history_user == secretariat
        assert entry.history_change_reason == "Imported from participations.csv"
    assert "Import finished: 2 new" in str(list(get_messages(confirmed.wsgi_request))[0])


@pytest.mark.parametrize(
    ("bad_row", "column", "message"),
    [
        ("A-66,XYZ,2002-06-03,,,", "state", "No state with iso3 “XYZ”; the valid ones are"),
        ("A-66,BRA,2002-06-03,ratification,2005-13,", "deposited_on", "“2005-13” is not a valid date"),
        (
            "A-66,BRA,2003-06-03,ratification,2003-06-02,",
            "deposited_on",
            "The deposit cannot be earlier than the signature.",
        ),
    ],
)
def test_a_file_with_a_bad_row_names_the_row_and_column_and_writes_nothing(
    client, secretariat, a66, bad_row, column, message
):
    text = PARTICIPATION_COLUMNS + f"A-66,ARG,2002-06-03,,,\n{bad_row}\nA-66,CHL,2002-06-03,,,\n"

    preview = _upload(client, text)

    assert preview.status_code == 200
    assert "confirm_form" not in preview.context
    assert [(row.number, list(row.error_dict)) for row in preview.context["result"].invalid_rows] == [
        (3, [column])
    ]
    assert "Some rows failed to validate" in preview.text
    assert f'<td class="cell-in-error" data-column="{column}">' in preview.text
    assert message in preview.text
    assert Participation.objects.count() == 0
    assert Participation.history.count() == 0


def test_a_row_that_went_bad_after_the_preview_stops_the_whole_import(client, secretariat, a66):
    ConventionFactory(code="A-67")
    text = PARTICIPATION_COLUMNS + "A-66,ARG,2002-06-03,,,\nA-67,ARG,2002-06-03,,,\n"
    preview = _upload(client, text)
    # Meanwhile a colleague corrects A-67's opening for signature to a later day.
    Convention.objects.filter(code="A-67").update(opened_for_signature_on=dt.date(2002, 7, 1))

    confirmed = _confirm(client, preview)

    assert confirmed.status_code == 302
    assert confirmed.url == admin_url(Participation, "import")
    shown = [str(message) for message in get_messages(confirmed.wsgi_request)]
    assert shown[0].startswith("Nothing was imported")
    assert "row 3, column “signed_on”: A-67 opened for signature on 2002-07-01." in shown
    assert Participation.objects.count() == 0


# Exporting: what a spreadsheet opens must not run formulas.


def _export(client, format_index):
    page = client.get(admin_url(Participation, "export"))
    form = page.context["form"]
    selected = {
        name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)
    }
    return client.post(admin_url(Participation, "export"), {"format": format_index, **selected})


def test_a_formula_in_a_note_is_exported_as_text_in_csv(client, secretariat, participation):
    Participation.objects.update(notes='=HYPERLINK("http://evil.example","click")')

    response = _export(client, "0")

    row = next(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert row["notes"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["state"] == "ARG"
    assert row["deposited_on"] == ""


def test_an_xlsx_export_escapes_formulas_and_imports_back_unchanged(client, secretariat, participation):
    Participation.objects.update(notes="@SUM(A1)", source="=1+1")

    exported = _export(client, "1").getvalue()

    sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert (row["notes"].value, row["notes"].data_type) == ("'@SUM(A1)", "s")
    assert (row["source"].value, row["source"].data_type) == ("'=1+1", "s")
    assert row["deposited_on"].value is None

    # The file reads back: the empty cells stay empty, so the unchanged row is skipped.
    Participation.objects.update(notes="'@SUM(A1)", source="'=1+1")
    preview = _upload(client, exported, name="participations.xlsx", format_index="1")
    assert not preview.context["result"].has_validation_errors()
    assert [row.import_type for row in preview.context["result"]] == ["skip"]


def test_importing_needs_the_change_permission(client, records):
    client.force_login(staff_user())

    response = client.post(admin_url(Participation, "import"), {"format": "0"})

    assert response.status_code == 403


def test_read_only_staff_read_the_status_today_but_record_nothing(client):
    from states.services import read_only_group_ensure

    participation = ParticipationFactory(
        convention=ConventionFactory(code="A-66"), signature_earliest=dt.date(2002, 6, 4),
        signature_latest=dt.date(2002, 6, 4),
    )  # fmt: skip
    reader = staff_user()
    reader.groups.add(read_only_group_ensure())
    client.force_login(reader)
    url = admin_url(Participation, "change", participation.pk)

    listed = client.get(admin_url(Participation, "changelist"), {"status": "signatory"})
    refused = client.post(url, {"deposit_earliest": "2005-12-14", "instrument_kind": "ratification"})

    assert '<td class="field-status_today">Signatory</td>' in listed.text
    assert refused.status_code == 403
    participation.refresh_from_db()
    assert participation.deposit is None and not participation.notifications.exists()
