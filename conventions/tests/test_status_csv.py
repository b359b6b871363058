"""The status CSV of the reference record says what the status page says, on any date."""

import csv
import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("as_of", ["2003-07-10", "2010-01-01", "2024-06-30"])
def test_the_csv_counts_the_parties_and_the_states_the_status_page_shows(client, reference_record, as_of):
    table = client.get(reverse("conventions:status", args=["A-66"]), {"as_of": as_of}).context["table"]
    treaty = table.treaty

    response = client.get(reverse("conventions:status_csv", args=["A-66"]), {"as_of": as_of})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(treaty.states) == 35  # every member state, those that took no action too
    assert sum(row["status"] == "party" for row in rows) == treaty.parties
    assert sum(row["status"] != "not_signed" for row in rows) == len(table.rows)  # the states in the table
