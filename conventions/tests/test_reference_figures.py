"""The real record gives the figures published with the reference data, for any date."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conventions.models import Convention, Participation
from conventions.selectors import Status, signatories_as_of, treaty_statuses_as_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_record")]


def status_json(code, as_of):
    out = io.StringIO()
    call_command("treaty_status", code, "--as-of", as_of, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_approximate_dates_load_with_their_precision():
    argentina = Participation.objects.get(convention__code="A-66", state__iso3="ARG")
    trinidad = Participation.objects.get(convention__code="A-66", state__iso3="TTO")

    assert argentina.deposit.isoformat() == "2005-12"
    assert trinidad.signature.isoformat() == "2002-06-04/2003-05-07"


@pytest.mark.parametrize(
    ("code", "as_of", "signatories", "parties"),
    [
        # The cross-checks published with the reference data (SOURCES.md).
        ("A-66", "2005-11-15", 33, 14),
        ("A-66", "2021-10-08", 33, 24),
        ("A-66", "2022-09-12", 33, 24),
        ("A-63", "2020-12-03", 33, 31),
    ],
)
def test_treaty_status_gives_the_published_figures(code, as_of, signatories, parties):
    document = status_json(code, as_of)

    assert (document["signatories"], document["parties"]) == (signatories, parties)
    assert document["uncertain"] == []
    assert not document["entry_into_force"]["mismatch"]


def test_the_signatories_that_have_not_ratified():
    terrorism = status_json("A-66", "2022-09-12")
    firearms = status_json("A-63", "2020-12-03")

    def waiting(document):
        return sorted(s["state"] for s in document["states"] if s["status"] == "signatory")

    assert waiting(terrorism) == ["BHS", "BLZ", "BOL", "BRB", "HTI", "JAM", "KNA", "LCA", "SUR", "VCT"]
    assert waiting(firearms) == ["CAN", "JAM", "USA"]


def test_entry_into_force_is_computed_from_the_deposits():
    terrorism = status_json("A-66", "2003-07-10")
    firearms = status_json("A-63", "1998-07-01")

    assert terrorism["entry_into_force"] == {
        "recorded": "2003-07-10",
        "computed": "2003-07-10",
        "mismatch": False,
    }
    assert firearms["entry_into_force"]["computed"] == "1998-07-01"
    assert terrorism["in_force"] == 6 and terrorism["convention_in_force"]
    brazil = next(s for s in status_json("A-66", "2006-01-01")["states"] if s["state"] == "BRA")
    assert brazil["in_force_on"] == "2005-11-24"


def test_the_day_before_the_first_signatures_nobody_had_signed():
    document = status_json("A-66", "2002-06-02")

    assert (document["signatories"], document["parties"], document["in_force"]) == (0, 0, 0)
    assert {s["status"] for s in document["states"]} == {"not_signed"}


def test_a_date_inside_an_approximate_deposit_month_is_uncertain():
    document = status_json("A-66", "2005-12-10")

    assert document["uncertain"] == ["ARG"]
    argentina = next(s for s in document["states"] if s["state"] == "ARG")
    assert argentina["deposited_on"] == "2005-12" and argentina["status"] == "uncertain"


def test_treaty_status_prints_csv_and_a_table():
    out = io.StringIO()
    call_command("treaty_status", "A-63", "--as-of", "2020-12-03", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 35
    assert next(r for r in rows if r["state"] == "ARG")["reservations"] == "True"

    out = io.StringIO()
    call_command("treaty_status", "A-63", "--as-of", "2020-12-03", stdout=out)
    assert "33 signatories, 31 parties" in out.getvalue()


def test_treaty_status_of_an_unknown_convention_names_the_known_ones():
    with pytest.raises(CommandError, match="A-63, A-66"):
        call_command("treaty_status", "A-99")


@pytest.mark.parametrize("as_of", ["1998-01-01", "2005-11-15", "2005-12-10", "2020-12-03", "2022-09-12"])
def test_the_signatories_read_alone_are_the_signatory_rows_of_the_whole_status(as_of):
    day = dt.date.fromisoformat(as_of)
    conventions = list(Convention.objects.order_by("code"))

    alone = signatories_as_of(conventions, day)

    for treaty in treaty_statuses_as_of(conventions, day):
        expected = [row for row in treaty.states if row.status == Status.SIGNATORY]
        found = alone.get(treaty.convention.pk, [])
        assert [(r.state.iso3, r.signature) for r in found] == [(r.state.iso3, r.signature) for r in expected]


def test_the_cifta_signatories_reminded_in_december_2020_are_canada_jamaica_and_the_united_states():
    [cifta] = Convention.objects.filter(code="A-63")

    rows = signatories_as_of([cifta], dt.date(2020, 12, 3))[cifta.pk]

    assert sorted(row.state.iso3 for row in rows) == ["CAN", "JAM", "USA"]
