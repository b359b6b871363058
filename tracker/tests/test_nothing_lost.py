"""Nothing of the record is lost by a deletion, and every change to it is in its history.

Every foreign key of the project's apps either refuses the deletion of what it points to
(PROTECT/RESTRICT), or is listed below with the reason a cascade or SET_NULL loses nothing of
the record. Every model of the record keeps its history, except those listed with the reason.
"""

from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from simple_history.models import registered_models as history_registered

from conventions.tests.factories import ParticipationFactory, ReservationFactory
from reminders.models import OutreachEntry, OutreachKind
from reports.models import ItemState, MeetingAttendance
from reports.tests.factories import ItemStateFactory, MeetingFactory
from states.tests.factories import StateFactory, UserFactory
from tracker.tests.admin_pages import admin_url
from tracker.tests.environment import BASE_DIR

# The project's own apps: those whose folder is in the project's.
PROJECT_APPS = [config.label for config in apps.get_app_configs() if Path(config.path).parent == BASE_DIR]

# (app_label.Model, field name): why its deletion rule may lose a row.
NOT_PROTECTED = {
    ("notifications.Subscription", "user"): (
        "a reader's own subscriptions go with her account; one that was ever mailed is held by "
        "Delivery.subscription (PROTECT), so the account's deletion is refused then"
    ),
    ("notifications.Subscription", "convention"): (
        "a reader's preference, not the record; a mailed subscription is held by Delivery (PROTECT) "
        "and a convention with any record is held by its participations (PROTECT)"
    ),
    ("notifications.Subscription", "state"): "as for its convention",
    ("imports.PendingImport", "owner"): (
        "an uploaded file waiting for its uploader's confirmation (a day at most), not the record"
    ),
    # The tables Django makes for plain many-to-many fields.
    ("states.Contact_conventions", "convention"): (
        "whom a contact follows; a convention with any record is held by its participations (PROTECT)"
    ),
    ("states.Contact_bodies", "body"): "whom a contact follows; a body with a record is held by it (PROTECT)",
    ("states.Contact_conventions", "contact"): "goes with the contact, whose digests hold it (PROTECT)",
    ("states.Contact_bodies", "contact"): "goes with the contact, whose digests hold it (PROTECT)",
    ("reminders.OutreachEntryState", "entry"): "goes with its entry, which only staff delete",
    # A staged row lives inside its import's transaction, which deletes it: it holds nothing.
    ("conventions.StagedParticipation", "convention"): "a row of an import under way, not the record",
    ("conventions.StagedParticipation", "state"): "a row of an import under way, not the record",
    ("conventions.StagedParticipation", "record"): "a row of an import under way, not the record",
}

# Models of the record apps without history, and why none is needed.
WITHOUT_HISTORY = {
    "questionnaires.SubmissionTransition": "it is itself the history of a submission: rows are only added",
    "reminders.Digest": (
        "its status moves by conditional UPDATEs (which history cannot see); its row keeps the "
        "attempts, times and last error, and a sent digest is logged in the outreach log (with history)"
    ),
    "notifications.Delivery": "the same state machine as a digest, one row per mail, with its times and error",
    "notifications.NotificationCounter": "the next number of a series, derived from the notifications (with history)",
    "outbox.MailRequest": (
        "a counter of the mail anyone asked for, not the record: rows are only added, and pruned "
        "once their day is past"
    ),
    "imports.PendingImport": (
        "an uploaded file waiting for its confirmation, not the record: deleted when confirmed, "
        "pruned after a day; what the import wrote has its history"
    ),
    "imports.ImportJob": (
        "the record of one background import, written by its worker alone; what the import wrote "
        "has its history"
    ),
    "opendata.DataRelease": (
        "a published version of the open data: made once from the record (which has its history), "
        "never changed, its files held (PROTECT)"
    ),
    "opendata.DataReleaseFile": "a file of a published version, as it was published: never changed",
    "conventions.StagedParticipation": (
        "a row of a participations file while its import runs, deleted by the import; what the "
        "import wrote has its history"
    ),
}


def project_models(include_auto_created=False):
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=include_auto_created):
            if not model._meta.proxy and not model.__name__.startswith("Historical"):
                yield model


def label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def test_every_foreign_key_refuses_to_delete_the_record_it_points_to():
    unprotected = {}
    for model in project_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.model is model:
                rule = field.remote_field.on_delete
                if rule not in (models.PROTECT, models.RESTRICT):
                    unprotected[(label(model), field.name)] = rule.__name__
    assert set(unprotected) == set(NOT_PROTECTED), unprotected


def test_every_model_of_the_record_keeps_its_history():
    without = {label(model) for model in project_models() if model not in history_registered.values()}
    assert without == set(WITHOUT_HISTORY)


@pytest.mark.django_db
def test_the_admin_refuses_to_delete_a_state_with_a_record_and_says_why(client):
    reservation = ReservationFactory(participation=ParticipationFactory())
    state = reservation.participation.state
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = admin_url(type(state), "delete", state.pk)

    page = client.get(url)
    posted = client.post(url, {"post": "yes"})

    assert page.status_code == 200
    text = page.content.decode()
    assert "would require deleting the following protected related objects" in text
    assert str(reservation.participation) in text
    # The confirmation posted anyway changes nothing.
    assert posted.status_code == 200
    assert type(state).objects.filter(pk=state.pk).exists()
    assert type(reservation).objects.filter(pk=reservation.pk).exists()


@pytest.mark.django_db
def test_a_report_item_or_a_meeting_with_its_record_cannot_be_deleted():
    role = ItemStateFactory()
    attendance = MeetingAttendance.objects.create(meeting=MeetingFactory(), state=role.state)

    for parent in (role.item, attendance.meeting):
        with pytest.raises(models.ProtectedError):
            parent.delete()
    assert ItemState.objects.filter(pk=role.pk).exists()
    assert MeetingAttendance.objects.filter(pk=attendance.pk).exists()


@pytest.mark.django_db
def test_a_state_named_in_an_outreach_letter_cannot_be_deleted(client):
    letter = OutreachEntry.objects.create(kind=OutreachKind.LETTER, subject="Ratification letters")
    state = StateFactory()
    letter.states.set([state])
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = admin_url(type(state), "delete", state.pk)

    page = client.get(url)
    posted = client.post(url, {"post": "yes"})

    assert "would require deleting the following protected related objects" in page.content.decode()
    assert posted.status_code == 200
    with pytest.raises(models.ProtectedError):
        state.delete()
    assert list(letter.states.all()) == [state]
