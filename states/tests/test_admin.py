import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conventions.models import Participation
from conventions.tests.factories import ConventionFactory, ParticipationFactory
from states.models import Contact, MembershipEvent, MembershipEventKind, State
from states.tests.factories import ContactFactory, LiaisonFactory, StateFactory, UserFactory
from tracker.tests.admin_pages import (
    admin_url,
    answers,
    change_form_data,
    registered_models,
    secretariat_user,
    staff_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    """One record of each model of the app."""
    state = StateFactory(iso3="VEN", name_en="Venezuela")
    return {
        State: state,
        MembershipEvent: MembershipEvent.objects.create(
            state=state, kind=MembershipEventKind.DENUNCIATION_NOTIFIED, occurred_on=dt.date(2017, 4, 28)
        ),
        Contact: LiaisonFactory(state=state),
    }


@pytest.fixture
def secretariat(client):
    user = secretariat_user(username="clerk")
    client.force_login(user)
    return user


def test_every_model_of_the_app_is_in_the_admin(records):
    assert registered_models("states") == sorted(records, key=lambda model: model._meta.model_name)


def test_anonymous_is_sent_to_the_admin_sign_in_from_every_page(client, records):
    pages = answers(client, records.values())

    assert set(pages.values()) == {reverse("admin:login")}


def test_a_liaison_is_not_staff_and_is_sent_to_the_admin_sign_in(client, records):
    # She speaks for this very state, and still does not edit the record.
    client.force_login(records[Contact].user)

    pages = answers(client, records.values())

    assert set(pages.values()) == {reverse("admin:login")}


def test_staff_without_permissions_is_refused_every_page(client, records):
    client.force_login(staff_user())

    pages = answers(client, records.values())

    assert set(pages.values()) == {403}


def test_the_secretariat_opens_every_page(client, secretariat, records):
    pages = answers(client, records.values())

    assert set(pages.values()) == {200}, pages


def _states_with_a_deposit(count):
    convention = ConventionFactory(code="A-66")
    for _ in range(count):
        ParticipationFactory(convention=convention, deposit_earliest=dt.date(2005, 1, 3))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_state_list_runs_as_many_queries_for_30_rows_as_for_3(
    client, secretariat, django_assert_max_num_queries
):
    url = admin_url(State, "changelist")
    _states_with_a_deposit(3)
    few = _queries(client, url)
    _states_with_a_deposit(27)

    # session, user, the user's own and group permissions (2), count of the filtered rows,
    # count of all rows, the page of states with their number of deposits.
    with django_assert_max_num_queries(7):
        response = client.get(url)
    assert _queries(client, url) == few
    assert response.context["cl"].result_count == 30
    assert {state.deposit_count for state in response.context["cl"].result_list} == {1}


def test_the_state_page_runs_as_many_queries_for_30_conventions_as_for_3(
    client, secretariat, django_assert_max_num_queries
):
    state = StateFactory(iso3="ARG")
    url = admin_url(State, "change", state.pk)
    ParticipationFactory.create_batch(3, state=state)
    _queries(client, url)  # the first page also fills Django's cache of content types
    few = _queries(client, url)
    ParticipationFactory.create_batch(27, state=state)

    # session, user, the state, the user's own and group permissions (2), the conventions
    # offered in every row (read once), the state's participations, membership events, contacts.
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert _queries(client, url) == few
    assert len(response.context["inline_admin_formsets"][0].formset.forms) == 30


def test_the_contact_list_runs_as_many_queries_for_30_rows_as_for_3(client, secretariat):
    url = admin_url(Contact, "changelist")
    LiaisonFactory.create_batch(3)
    few = _queries(client, url)
    LiaisonFactory.create_batch(27)

    assert _queries(client, url) == few


def test_the_state_list_searches_names_in_every_language(client, secretariat):
    brazil = StateFactory(iso3="BRA", name_en="Brazil", name_pt="Brasil")
    StateFactory(iso3="ARG", name_en="Argentina")

    found = client.get(admin_url(State, "changelist"), {"q": "brasil"})

    assert list(found.context["cl"].result_list) == [brazil]


# The state's page: its record under each convention, edited inline.


@pytest.fixture
def argentina():
    state = StateFactory(iso3="ARG", name_en="Argentina")
    ParticipationFactory(state=state, convention=ConventionFactory(code="A-66"))
    return state


def test_a_deposit_is_recorded_from_the_state_page(client, secretariat, argentina):
    url = admin_url(State, "change", argentina.pk)
    data = change_form_data(client.get(url))
    data.update(
        {"participations-0-deposit_earliest": "2005-12", "participations-0-instrument_kind": "ratification"}
    )

    assert client.post(url, data).status_code == 302
    participation = argentina.participations.get()
    assert (participation.deposit_earliest, participation.deposit_latest) == (
        dt.date(2005, 12, 1),
        dt.date(2005, 12, 31),
    )
    assert participation.history.first().history_user == secretariat


def test_a_deposit_before_the_signature_on_the_state_page_is_shown_beside_it(client, secretariat, argentina):
    url = admin_url(State, "change", argentina.pk)
    data = change_form_data(client.get(url))
    data.update(
        {
            "participations-0-signature_earliest": "2003-06-10",
            "participations-0-deposit_earliest": "2003-06-09",
            "participations-0-instrument_kind": "ratification",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[0].errors == {
        "deposit_earliest": ["The deposit cannot be earlier than the signature."]
    }
    assert argentina.participations.get().deposit is None


def test_a_second_record_under_the_same_convention_is_refused_on_the_state_page(
    client, secretariat, argentina
):
    url = admin_url(State, "change", argentina.pk)
    data = change_form_data(client.get(url))
    existing = argentina.participations.get()
    data.update(
        {
            "participations-TOTAL_FORMS": "2",
            "participations-1-convention": str(existing.convention_id),
            "participations-1-signature_earliest": "2002-07",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Please correct the duplicate data for convention." in response.text
    assert Participation.objects.count() == 1


def test_a_contact_is_added_on_the_state_page(client, secretariat, argentina):
    url = admin_url(State, "change", argentina.pk)
    data = change_form_data(client.get(url))
    data.update(
        {
            "contacts-TOTAL_FORMS": "1",
            "contacts-0-name": "Mission of Argentina",
            "contacts-0-role": Contact.Role.PERMANENT_MISSION,
            "contacts-0-email": "mission@example.org",
            "contacts-0-language": "es",
            "contacts-0-is_active": "on",
        }
    )

    assert client.post(url, data).status_code == 302
    assert argentina.contacts.get().email == "mission@example.org"


# Contacts and liaisons.


def test_a_liaison_without_a_user_account_is_refused_beside_the_account(client, secretariat, argentina):
    response = client.post(
        admin_url(Contact, "add"),
        {
            "state": argentina.pk,
            "name": "Ana",
            "role": Contact.Role.LIAISON,
            "email": "ana@example.org",
            "language": "es",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "user": ["A liaison signs in: choose her user account."]
    }
    assert not Contact.objects.exists()


def test_a_liaison_is_given_an_account_and_the_conventions_she_follows(client, secretariat, argentina):
    account = UserFactory(username="ana")
    a66 = argentina.participations.get().convention

    response = client.post(
        admin_url(Contact, "add"),
        {
            "state": argentina.pk,
            "name": "Ana",
            "role": Contact.Role.LIAISON,
            "user": account.pk,
            "email": "ana@example.org",
            "language": "es",
            "is_active": "on",
            "conventions": [a66.pk],
        },
    )

    assert response.status_code == 302
    liaison = Contact.objects.get()
    assert liaison.user == account
    assert list(liaison.conventions.all()) == [a66]
    assert liaison.history.first().history_user == secretariat


def test_contacts_are_filtered_by_role_and_language(client, secretariat):
    liaison = LiaisonFactory(language="es")
    ContactFactory(language="es")
    LiaisonFactory(language="fr")

    found = client.get(admin_url(Contact, "changelist"), {"role__exact": "liaison", "language__exact": "es"})

    assert list(found.context["cl"].result_list) == [liaison]


def test_the_contact_page_chooses_conventions_and_bodies_side_by_side(client, secretariat, records):
    page = client.get(admin_url(Contact, "change", records[Contact].pk)).text

    for name in ("conventions", "bodies"):
        select = re.search(rf'<select name="{name}"[^>]*>', page).group(0)
        assert 'class="selectfilter"' in select and 'data-is-stacked="0"' in select


# Importing states.


def test_a_state_file_with_a_bad_code_names_the_row_and_column_and_writes_nothing(client, secretariat):
    columns = "iso3,iso2,name_en,name_es,name_fr,name_pt,subregion\n"
    text = (
        columns
        + "ARG,AR,Argentina,Argentina,Argentine,Argentina,south_america\n"
        + "bra,BR,Brazil,Brasil,Brésil,Brasil,south_america\n"
    )

    preview = client.post(
        admin_url(State, "import"),
        {"format": "0", "import_file": SimpleUploadedFile("states.csv", text.encode())},
    )

    assert [(row.number, dict(row.error_dict)) for row in preview.context["result"].invalid_rows] == [
        (3, {"iso3": ["An ISO 3166-1 alpha-3 code is three capital letters."]})
    ]
    assert not State.objects.exists()


def test_an_imported_state_is_in_the_history_with_the_importing_user(client, secretariat):
    text = "iso3,iso2,name_en,name_es,name_fr,name_pt,subregion\nARG,AR,Argentina,Argentina,Argentine,Argentina,south_america\n"
    preview = client.post(
        admin_url(State, "import"),
        {"format": "0", "import_file": SimpleUploadedFile("states.csv", text.encode())},
    )

    client.post(admin_url(State, "process_import"), preview.context["confirm_form"].initial)

    entry = State.objects.get(iso3="ARG").history.get()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        secretariat,
        "Imported from states.csv",
    )
    history_page = client.get(admin_url(State, "history", entry.id)).text
    assert "clerk" in history_page and "Imported from states.csv" in history_page
