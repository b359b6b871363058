"""The reference record loads completely, once, and a bad row anywhere refuses it all."""

import io
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from conventions.models import Body, Convention, Participation, Reservation
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


def test_the_reference_reads_in_each_language_titles_depositary_places_and_bodies():
    reference_data_load()
    terrorism = Convention.objects.select_related("followed_by").get(code="A-66")
    seen = {}
    for language in ("en", "es", "fr", "pt"):
        with translation.override(language):
            seen[language] = (
                terrorism.short_name,
                terrorism.adopted_at,
                terrorism.depositary,
                terrorism.followed_by.name,
            )
    assert seen["fr"] == (
        "Convention interaméricaine contre le terrorisme",
        "Bridgetown, Barbade",
        "Secrétariat général de l'Organisation des États Américains",
        "Comité interaméricain contre le terrorisme",
    )
    assert seen["pt"][0] == "Convenção Interamericana contra o Terrorismo"
    assert Convention.objects.get(code="A-63").title_fr.startswith("Convention interaméricaine contre la fabrication")
    # Nothing falls back to English in another language.
    for language in ("es", "fr", "pt"):
        assert seen[language][0] != seen["en"][0]
        assert seen[language][2] != seen["en"][2]
        assert seen[language][3] != seen["en"][3]
    assert not Body.objects.filter(name_fr="").exists()
    assert not Convention.objects.filter(title_pt="").exists()


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
