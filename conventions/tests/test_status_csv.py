"""A convention's status table as CSV: the same record as the page, for anyone to reuse."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from conventions.selectors import Status
from conventions.tests.factories import ConventionFactory, ParticipationFactory
from states.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_reference_record_as_csv_agrees_with_the_status_page(client, reference_record):
    url = reverse("conventions:status", args=["A-66"])
    page = client.get(url, {"as_of": "2010-01-01"}).context["table"].treaty

    response = client.get(reverse("conventions:status_csv", args=["A-66"]), {"as_of": "2010-01-01"})

    assert response.status_code == 200
    assert 'filename="A-66-status-2010-01-01.csv"' in response["Content-Disposition"]
    lines = rows(response)
    assert len(lines) == 35  # every member state, those that took no action included
    statuses = [line["status_code"] for line in lines]
    assert statuses.count("party") == page.parties
    assert sum(1 for line in lines if line["signed"]) >= page.signatories
    peru = next(line for line in lines if line["state_iso3"] == "PER")
    assert peru["convention"] == "A-66" and peru["as_of"] == "2010-01-01"


@pytest.mark.parametrize("who", ["anonymous", "a signed-in user"])
def test_anyone_may_download_it_and_names_are_in_the_readers_language(client, who):
    participation = ParticipationFactory(convention=ConventionFactory(code="A-66"), state__name_es="Perú")
    if who != "anonymous":
        client.force_login(UserFactory())

    response = client.get(reverse("conventions:status_csv", args=["A-66"]), HTTP_ACCEPT_LANGUAGE="es")

    line = next(line for line in rows(response) if line["state_iso3"] == participation.state.iso3)
    assert line["state"] == "Perú"
    assert line["status_code"] == Status.SIGNATORY.value
    with translation.override("es"):
        assert line["status"] == str(Status.SIGNATORY.label) != "Signatory"
    assert line["signed"] == participation.signature_earliest.isoformat()


def test_a_bad_date_is_refused_with_the_reason(client):
    ConventionFactory(code="A-66")

    response = client.get(reverse("conventions:status_csv", args=["A-66"]), {"as_of": "2024-02-30"})

    assert response.status_code == 400
    assert response.content.decode() == "as_of: Enter a valid date."


def test_an_unknown_convention_is_not_found(client):
    assert client.get(reverse("conventions:status_csv", args=["Z-9"])).status_code == 404
