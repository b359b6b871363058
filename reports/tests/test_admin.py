"""Admin pages: staff enter an item with its states and partners on one page; others get nothing."""

import pytest
from django.urls import reverse

from reports.tests.factories import ItemStateFactory, MeetingFactory
from states.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["reportitem", "meeting", "organization", "contribution", "report", "programarea"]


@pytest.mark.parametrize("model", PAGES)
def test_anonymous_is_sent_to_sign_in(client, model):
    response = client.get(reverse(f"admin:reports_{model}_changelist"))
    assert response.status_code == 302


@pytest.mark.parametrize("model", PAGES)
def test_staff_see_the_list(admin_client, model):
    assert admin_client.get(reverse(f"admin:reports_{model}_changelist")).status_code == 200


def test_item_page_shows_its_states_and_partners(admin_client):
    link = ItemStateFactory(state__name_en="Peru")
    response = admin_client.get(reverse("admin:reports_reportitem_change", args=[link.item.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "state_roles-TOTAL_FORMS" in text and "organization_roles-TOTAL_FORMS" in text and "Peru" in text


def test_meeting_page_has_officers_documents_and_outcomes(admin_client):
    meeting = MeetingFactory()
    text = admin_client.get(reverse("admin:reports_meeting_change", args=[meeting.pk])).content.decode()
    for prefix in ("officers", "documents", "outcomes", "attendance"):
        assert f"{prefix}-TOTAL_FORMS" in text


def test_non_staff_user_cannot_open_the_admin(client):
    client.force_login(UserFactory())
    assert client.get(reverse("admin:reports_reportitem_changelist")).status_code == 302
