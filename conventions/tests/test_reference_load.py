"""The reference record loads completely, once, and a bad row anywhere refuses it all."""

import io
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command

from conventions.models import Convention, Participation, Reservation
from conventions.reference import reference_fixtures_build
from conventions.services import REFERENCE_DIR, reference_data_load
from states.models import MembershipEvent, State
from tracker.importing import ImportRefused

pytestmark = pytest.mark.django_db
SHARED_REFERENCE = settings.BASE_DIR.parent / "shared" / "reference"


def record_counts():
    return [m.objects.count() for m in (State, Convention, Participation, Reservation, MembershipEvent)]


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
