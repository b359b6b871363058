"""Every write path drafts notifications; staff publish in the admin; publication lists, feeds
and mails each confirmed subscriber once (tasks run in-process here; test_real_worker.py runs
them on a real worker)."""

import pytest
import tablib
from django.core import mail
from django.urls import reverse

from conventions.models import Convention, Participation
from notifications.models import Delivery, Notification
from notifications.services import deliveries_claim
from notifications.tests.factories import SubscriptionFactory
from notifications.tests.test_views import entry_titles, parse_atom
from states.tests.factories import LiaisonFactory
from tracker.importing import dataset_import
from tracker.tests.admin_pages import admin_url, change_form_data, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(client, clerk):
    client.force_login(clerk)
    return clerk


def record_deposit_in_admin(client, participation):
    url = admin_url(Participation, "change", participation.pk)
    data = change_form_data(client.get(url))
    data.update(deposit_earliest="2005-12-14", instrument_kind="ratification")
    response = client.post(url, data)
    assert response.status_code == 302
    return participation.notifications.get()


def test_recording_a_deposit_in_the_admin_yields_a_draft(client, secretariat, signed):
    draft = record_deposit_in_admin(client, signed)

    assert (draft.kind, draft.status, draft.source) == ("deposit", "draft", "admin")
    assert signed.history.first().history_user == secretariat  # the admin's history is kept


def test_a_deposit_recorded_from_the_conventions_page_inline_drafts_too(client, secretariat, signed):
    url = admin_url(Convention, "change", signed.convention.pk)
    data = change_form_data(client.get(url))
    data.update(
        {"participations-0-deposit_earliest": "2005", "participations-0-instrument_kind": "ratification"}
    )

    assert client.post(url, data).status_code == 302
    assert signed.notifications.get().action_date.isoformat() == "2005"


def test_a_reservation_added_on_the_participation_page_drafts_its_notification(client, secretariat, signed):
    url = admin_url(Participation, "change", signed.pk)
    data = change_form_data(client.get(url))
    data.update({"reservations-TOTAL_FORMS": "1", "reservations-0-kind": "declaration",
                 "reservations-0-article": "Art. 13", "reservations-0-text": "On asylum."})  # fmt: skip

    assert client.post(url, data).status_code == 302
    assert signed.notifications.get().kind == "reservation"


def test_an_import_drafts_notifications_and_the_reference_load_does_not(signed, chile):
    from conventions.resources import ParticipationResource

    rows = "convention,state,signed_on,instrument,deposited_on\nA-66,ARG,2002-06-03,ratification,2005-12\n"
    dataset_import(ParticipationResource(), tablib.Dataset().load(rows, format="csv"), source="a.csv")
    assert signed.notifications.get().source == "import of a.csv"

    rows = "convention,state,signed_on,instrument,deposited_on\nA-66,CHL,2002-06-03,ratification,2004-09-29\n"
    dataset_import(ParticipationResource(notify=False), tablib.Dataset().load(rows, format="csv"), source="b")
    assert Notification.objects.count() == 1


def test_staff_without_the_change_permission_cannot_publish(client, signed):
    from notifications.tests.conftest import deposit

    draft = deposit(signed)
    client.force_login(staff_user())
    response = client.post(
        admin_url(Notification, "changelist"), {"action": "publish", "_selected_action": [draft.pk]}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_publishing_lists_feeds_and_mails_each_confirmed_subscriber_once(
    client, secretariat, signed, a66, argentina, chile, django_capture_on_commit_callbacks
):
    everything_fr = SubscriptionFactory(email="fr@example.org", language="fr")
    both = SubscriptionFactory(email="both@example.org", convention=a66)
    SubscriptionFactory(email="both@example.org", state=argentina)
    SubscriptionFactory(email="unconfirmed@example.org", confirmed_at=None)
    SubscriptionFactory(email="gone@example.org", unsubscribed_at="2026-01-01T00:00Z")
    SubscriptionFactory(email="elsewhere@example.org", state=chile)
    liaison = LiaisonFactory(state=argentina, language="pt")
    draft = record_deposit_in_admin(client, signed)

    assert client.get(reverse("notifications:list")).context["page"].object_list.count() == 0
    assert entry_titles(parse_atom(client.get("/notifications/feed/").content)) == []

    url = admin_url(Notification, "change", draft.pk)
    data = change_form_data(client.get(url))
    data["_publish"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302

    draft.refresh_from_db()
    assert draft.status == "published" and draft.history.first().history_change_reason == "Published"
    assert list(client.get(reverse("notifications:list")).context["page"].object_list) == [draft]
    for feed in (
        "/notifications/feed/",
        "/notifications/feed/convention/A-66/",
        "/notifications/feed/state/ARG/",
    ):
        assert entry_titles(parse_atom(client.get(feed).content)) == [f"{draft.reference}: {draft.title_en}"]

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["both@example.org", "fr@example.org", liaison.email.lower()]
    assert len(mail.outbox) == 3
    assert draft.text_fr in by_address["fr@example.org"].body
    assert draft.text_pt in by_address[liaison.email.lower()].body
    unsubscribe = by_address["both@example.org"].extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://testserver/notifications/unsubscribe/")
    assert Delivery.objects.get(recipient="both@example.org").subscription == both
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}

    # Delivered again (a worker lost the acknowledgement): nobody is mailed twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_claim(draft.pk) == []
    assert len(mail.outbox) == 3 and everything_fr.deliveries.count() == 1


def test_the_publish_action_publishes_the_selected_drafts_only_once(client, secretariat, signed):
    from notifications.tests.conftest import deposit

    draft = deposit(signed)
    url = admin_url(Notification, "changelist")
    client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    client.post(url, {"action": "publish", "_selected_action": [draft.pk]})

    draft.refresh_from_db()
    assert draft.status == "published" and draft.number == 1


def test_a_published_notification_is_read_only_in_the_admin(client, secretariat, signed):
    from notifications.tests.conftest import deposit, published

    notification = published(deposit(signed))
    page = client.get(admin_url(Notification, "change", notification.pk)).text
    assert 'name="text_en"' not in page and "_publish" not in page


def test_recording_a_deposit_says_which_notification_it_drafted_and_links_to_it(client, secretariat, signed):
    url = admin_url(Participation, "change", signed.pk)
    data = change_form_data(client.get(url))
    data.update(deposit_earliest="2005-12-14", instrument_kind="ratification")

    page = client.post(url, data, follow=True).text

    draft = Notification.objects.get(participation=signed)  # its facts read afresh
    link = admin_url(Notification, "change", draft.pk)
    assert f'Depositary notification drafted: <a href="{link}">{draft.title}</a>' in page


def test_publishing_from_the_list_says_the_numbers_given(client, secretariat, signed):
    from notifications.tests.conftest import deposit

    draft = deposit(signed)
    url = admin_url(Notification, "changelist")

    page = client.post(url, {"action": "publish", "_selected_action": [draft.pk]}, follow=True).text

    draft.refresh_from_db()
    assert f"1 notification published, numbered {draft.reference}." in page


def test_a_drafts_page_previews_the_words_it_will_be_published_with(client, secretariat, signed):
    from notifications.tests.conftest import deposit

    draft = deposit(signed)
    assert draft.text_en == ""  # a draft holds facts; its words are written when it is published

    page = client.get(admin_url(Notification, "change", draft.pk)).text

    assert "Wording at publication" in page
    assert "Argentina deposited its instrument of ratification" in page
    assert "Argentina depositó su instrumento de ratificación" in page
