"""Two people editing the same record: the later save from a form opened before the earlier one
is refused, with what changed meanwhile, and the record keeps the earlier change."""

import datetime as dt
import html

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conventions.models import Participation
from conventions.resources import ParticipationResource
from conventions.tests.factories import ConventionFactory, ParticipationFactory, ReservationFactory
from states.models import Contact
from states.tests.factories import ContactFactory
from tracker.importing import dataset_import
from tracker.tests.admin_pages import admin_url, change_form_data, secretariat_user, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return signed_in(secretariat_user(username="ana"))


@pytest.fixture
def ben():
    return signed_in(secretariat_user(username="ben"))


def _opened(client, record) -> tuple[str, dict]:
    """The change page's address and what saving it unedited would post."""
    url = admin_url(type(record), "change", record.pk)
    return url, change_form_data(client.get(url))


def _saved(client, opened, **changes):
    url, data = opened
    return client.post(url, {**data, **changes})


def _refusal(response) -> str:
    return html.unescape(" ".join(response.context["adminform"].form.non_field_errors()))


def test_the_later_of_two_staff_saving_a_participation_is_refused_with_the_earlier_change(
    ana, ben, participation
):
    anas_page, bens_page = _opened(ana, participation), _opened(ben, participation)
    assert _saved(ana, anas_page, signature_earliest="2002-06-04").status_code == 302

    response = _saved(ben, bens_page, notes="Signed at the General Assembly.")

    assert response.status_code == 200
    refusal = _refusal(response)
    assert "ana saved this record after you opened it; nothing of yours was saved." in refusal
    assert "Signed, earliest day: “2002-06-03” → “2002-06-04”" in refusal
    participation.refresh_from_db()
    assert participation.signature_earliest == dt.date(2002, 6, 4)
    assert participation.notes == ""


def test_saving_again_after_the_refusal_applies_ones_change_over_the_earlier(ana, ben, participation):
    anas_page, bens_page = _opened(ana, participation), _opened(ben, participation)
    _saved(ana, anas_page, signature_earliest="2002-06-04")
    refused = _saved(ben, bens_page, notes="Signed at the General Assembly.")

    again = ben.post(bens_page[0], change_form_data(refused))

    assert again.status_code == 302
    participation.refresh_from_db()
    assert participation.notes == "Signed at the General Assembly."
    assert participation.signature_earliest == dt.date(2002, 6, 3)  # ben's form still said so


def test_a_reservation_row_opened_before_someone_else_saved_it_is_refused(ana, ben, participation):
    reservation = ReservationFactory(participation=participation, article="Art. 13")
    anas_row = _opened(ana, reservation)
    bens_page = _opened(ben, participation)
    assert _saved(ana, anas_row, article="Art. 15").status_code == 302

    response = _saved(ben, bens_page, **{"reservations-0-text": "Withdrawn in part."})

    assert response.status_code == 200
    [row] = response.context["inline_admin_formsets"][0].formset.forms
    assert "Article: “Art. 13” → “Art. 15”" in html.unescape(" ".join(row.non_field_errors()))
    reservation.refresh_from_db()
    assert (reservation.article, reservation.text) == ("Art. 15", "Declaration on the asylum provision.")


def test_a_contacts_conventions_changed_meanwhile_are_listed(ana, ben):
    contact = ContactFactory(name="Ana Gómez")
    convention = ConventionFactory(code="A-66")
    anas_page, bens_page = _opened(ana, contact), _opened(ben, contact)
    assert _saved(ana, anas_page, conventions=[str(convention.pk)]).status_code == 302

    response = _saved(ben, bens_page, name="Ana Gómez Ruiz")

    assert str(convention) in _refusal(response)
    assert Contact.objects.get().name == "Ana Gómez"


def test_a_participation_opened_before_an_import_wrote_it_is_refused(ana, participation):
    page = _opened(ana, participation)
    row = (participation.convention.code, participation.state.iso3, "From the depositary's table.")
    dataset_import(
        ParticipationResource(notify=False),
        tablib.Dataset(row, headers=["convention", "state", "notes"]),
        source="table.csv",
    )

    response = _saved(ana, page, source="https://example.org")

    assert "Notes: “(empty)” → “From the depositary's table.”" in _refusal(response)


def test_an_old_version_restored_from_the_history_is_saved(ana, participation):
    old = participation.history.get()
    participation.notes = "A mistake."
    participation.save()
    url = admin_url(Participation, "simple_history", participation.pk, old.history_id)

    response = ana.post(url, change_form_data(ana.get(url)))

    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.notes == ""


def test_a_form_that_sends_no_version_is_saved_as_before(ana, participation):
    url, data = _opened(ana, participation)
    del data["version"]

    assert ana.post(url, {**data, "notes": "Checked."}).status_code == 302
    participation.refresh_from_db()
    assert participation.notes == "Checked."


def _participation_versions_read_to_save(client, convention) -> list[str]:
    """The queries that read participations' versions alone, as the check does."""
    url, data = _opened(client, convention)
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, data).status_code == 302
    selected = [query["sql"].split(" FROM ")[0] for query in queries]
    return [
        columns
        for columns in selected
        if '"conventions_participation"."version"' in columns and "convention_id" not in columns
    ]


def test_the_versions_of_a_pages_rows_are_checked_in_one_query_whatever_their_number(ana):
    convention = ConventionFactory(code="A-66")
    ParticipationFactory(convention=convention)
    ParticipationFactory.create_batch(4, convention=convention)

    assert len(_participation_versions_read_to_save(ana, convention)) == 1
