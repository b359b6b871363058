"""The data package built from the reference record, checked by the frictionless library."""

import csv
import datetime as dt
import hashlib
import io
import json

import frictionless
import pytest

from conventions.models import Convention
from opendata.package import DESCRIPTOR_NAME, data_package_build

pytestmark = pytest.mark.django_db

CREATED = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def package(reference_record):
    return data_package_build(version=7, created=CREATED)


def _written(package, directory, replace: dict[str, bytes] | None = None):
    """The package's files in ``directory``; ``replace`` swaps some tables' contents and, like a
    careless editor, also updates their size and checksum in the descriptor."""
    replace = replace or {}
    descriptor = json.loads(package.descriptor.content)
    for table in package.tables:
        content = replace.get(table.name, table.content)
        (directory / table.name).write_bytes(content)
        if table.name in replace:
            resource = next(r for r in descriptor["resources"] if r["path"] == table.name)
            resource["bytes"] = len(content)
            resource["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
    (directory / DESCRIPTOR_NAME).write_text(json.dumps(descriptor))
    return str(directory / DESCRIPTOR_NAME)


def _rows(package, name: str) -> list[dict]:
    table = next(t for t in package.tables if t.name == f"{name}.csv")
    return list(csv.DictReader(io.StringIO(table.content.decode())))


def _errors(report) -> list[tuple[str, str, str]]:
    """Each error frictionless found: its table, its kind and its message."""
    return [(task.name, error.type, error.note) for task in report.tasks for error in task.errors]


def test_the_package_of_the_reference_record_is_valid(package, tmp_path):
    report = frictionless.validate(_written(package, tmp_path))

    assert report.valid, _errors(report)
    assert [task.name for task in report.tasks] == [
        "conventions",
        "states",
        "bodies",
        "participations",
        "reservations",
        "meetings",
    ]


def test_the_descriptor_names_the_version_licence_sources_and_keys(package):
    descriptor = json.loads(package.descriptor.content)

    assert descriptor["version"] == "7"
    assert descriptor["created"] == "2026-12-04T12:00:00+00:00"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert {"title": "Text and adoption of A-66", "path": descriptor["sources"][-1]["path"]} in descriptor[
        "sources"
    ]
    participations = next(r for r in descriptor["resources"] if r["name"] == "participations")
    assert participations["schema"]["primaryKey"] == ["convention", "state"]
    assert {
        "fields": ["state"],
        "reference": {"resource": "states", "fields": ["iso3"]},
    } in participations["schema"]["foreignKeys"]
    types = {field["name"]: field["type"] for field in participations["schema"]["fields"]}
    assert types["deposit_earliest"] == "date" and types["deposit_edtf"] == "string"


def test_approximate_dates_are_given_as_their_bounds_and_in_edtf(package):
    rows = {(row["convention"], row["state"]): row for row in _rows(package, "participations")}

    # Argentina's deposit of A-66 is known to the month only; the Dominican Republic's
    # signature only as falling between two days.
    argentina = rows["A-66", "ARG"]
    assert (argentina["deposit_earliest"], argentina["deposit_latest"], argentina["deposit_edtf"]) == (
        "2005-12-01",
        "2005-12-31",
        "2005-12",
    )
    dominican = rows["A-66", "DOM"]
    assert dominican["signature_edtf"] == f"{dominican['signature_earliest']}/{dominican['signature_latest']}"
    assert rows["A-66", "CAN"]["signature_edtf"] == "2002-12-02"


def test_a_participation_of_a_state_missing_from_the_states_is_reported_invalid(package, tmp_path):
    participations = next(t for t in package.tables if t.name == "participations.csv").content.decode()
    broken = participations.replace("\nA-63,ARG,", "\nA-63,ZZZ,", 1).encode()

    report = frictionless.validate(_written(package, tmp_path, {"participations.csv": broken}))

    # Argentina's reservation to A-63 now points at no participation either.
    assert _errors(report) == [
        (
            "participations",
            "foreign-key",
            'for "state": values "ZZZ" not found in the lookup table "states" as "iso3"',
        ),
        (
            "reservations",
            "foreign-key",
            'for "convention, state": values "A-63, ARG" not found in the lookup table "participations" '
            'as "convention, state"',
        ),
    ]


def test_a_file_changed_after_the_release_is_reported_by_its_checksum(package, tmp_path):
    path = _written(package, tmp_path)
    states = tmp_path / "states.csv"
    states.write_bytes(states.read_bytes().replace(b"Argentina", b"Argentine", 1))

    report = frictionless.validate(path)

    assert [(table, kind) for table, kind, _note in _errors(report)] == [("states", "hash-count")]


def test_a_text_a_spreadsheet_would_run_as_a_formula_is_written_as_text(reference_record):
    Convention.objects.filter(code="A-66").update(adopting_instrument="=HYPERLINK(1)")

    rebuilt = data_package_build(version=8, created=CREATED)

    conventions = {row["code"]: row for row in _rows(rebuilt, "conventions")}
    assert conventions["A-66"]["adopting_instrument"] == "'=HYPERLINK(1)"
