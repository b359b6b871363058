"""The real record: the reference data loads completely and gives the published figures."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from conventions.models import Convention, Participation, Reservation
from conventions.reference import reference_fixtures_build
from conventions.services import REFERENCE_DIR, reference_data_load
from states.models import MembershipEvent, State
from tracker.importing import ImportRefused

pytestmark = pytest.mark.django_db
SHARED_REFERENCE = settings.BASE_DIR.parent / "shared" / "reference"


def record_counts():
    return [m.objects.count() for m in (State, Convention, Participation, Reservation, MembershipEvent)]


def status_json(code, as_of):
    out = io.StringIO()
    call_command("treaty_status", code, "--as-of", as_of, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def reference():
    call_command("load_reference", stdout=io.StringIO())


def test_the_reference_loads_completely_and_a_second_load_changes_nothing():
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    assert record_counts() == [35, 2, 68, 3, 8]
    assert "participations.csv: 68 new" in out.getvalue()
    assert Participation.history.first().history_change_reason == "Imported from participations.csv"
    history = Participation.history.count()

    out = io.StringIO()
    call_command("load_reference", stdout=out)

    assert record_counts() == [35, 2, 68, 3, 8]
    assert "participations.csv: 68 skip" in out.getvalue()
    assert Participation.history.count() == history


def test_approximate_dates_load_with_their_precision(reference):
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
def test_treaty_status_gives_the_published_figures(reference, code, as_of, signatories, parties):
    document = status_json(code, as_of)

    assert (document["signatories"], document["parties"]) == (signatories, parties)
    assert document["uncertain"] == []
    assert not document["entry_into_force"]["mismatch"]


def test_the_signatories_that_have_not_ratified(reference):
    terrorism = status_json("A-66", "2022-09-12")
    firearms = status_json("A-63", "2020-12-03")

    def waiting(document):
        return sorted(s["state"] for s in document["states"] if s["status"] == "signatory")

    assert waiting(terrorism) == ["BHS", "BLZ", "BOL", "BRB", "HTI", "JAM", "KNA", "LCA", "SUR", "VCT"]
    assert waiting(firearms) == ["CAN", "JAM", "USA"]


def test_entry_into_force_is_computed_from_the_deposits(reference):
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


def test_the_day_before_the_first_signatures_nobody_had_signed(reference):
    document = status_json("A-66", "2002-06-02")

    assert (document["signatories"], document["parties"], document["in_force"]) == (0, 0, 0)
    assert {s["status"] for s in document["states"]} == {"not_signed"}


def test_a_date_inside_an_approximate_deposit_month_is_uncertain(reference):
    document = status_json("A-66", "2005-12-10")

    assert document["uncertain"] == ["ARG"]
    argentina = next(s for s in document["states"] if s["state"] == "ARG")
    assert argentina["deposited_on"] == "2005-12" and argentina["status"] == "uncertain"


def test_treaty_status_prints_csv_and_a_table(reference):
    out = io.StringIO()
    call_command("treaty_status", "A-63", "--as-of", "2020-12-03", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 35
    assert next(r for r in rows if r["state"] == "ARG")["reservations"] == "True"

    out = io.StringIO()
    call_command("treaty_status", "A-63", "--as-of", "2020-12-03", stdout=out)
    assert "33 signatories, 31 parties" in out.getvalue()


def test_treaty_status_of_an_unknown_convention_names_the_known_ones(reference):
    with pytest.raises(CommandError, match="A-63, A-66"):
        call_command("treaty_status", "A-99")


def test_a_bad_row_in_the_reference_refuses_the_whole_load(tmp_path):
    shutil.copytree(REFERENCE_DIR, tmp_path, dirs_exist_ok=True)
    participations = tmp_path / "participations.csv"
    text = participations.read_text(encoding="utf-8")
    brazil_row = (
        text.splitlines().index(next(line for line in text.splitlines() if line.startswith("A-66,BRA,"))) + 1
    )
    participations.write_text(text.replace("A-66,BRA,2002-06-03", "A-66,BRA,2002-06-31", 1), encoding="utf-8")

    with pytest.raises(ImportRefused) as refused:
        reference_data_load(tmp_path)

    assert record_counts() == [0, 0, 0, 0, 0]
    assert [(p.row, p.field) for p in refused.value.problems] == [(brazil_row, "signed_on")]
    assert "participations.csv" in str(refused.value)


@pytest.mark.skipif(
    not SHARED_REFERENCE.is_dir(), reason="the shared reference folder is not beside the project"
)
def test_the_committed_fixtures_are_built_from_the_reference(tmp_path):
    reference_fixtures_build(SHARED_REFERENCE, tmp_path)

    for built in tmp_path.glob("*.csv"):
        assert built.read_text(encoding="utf-8") == (REFERENCE_DIR / built.name).read_text(encoding="utf-8")
    assert Path(REFERENCE_DIR / "bodies.csv").exists()
