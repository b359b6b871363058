"""Turning the compiled reference CSVs into the project's import files (``fixtures/``).

The reference files (see ``fixtures/README.md``) keep the sources' shapes: a signature is either
``signed_on`` or a ``signed_between`` interval, a deposit either ``deposited_on`` or a month in
``deposited_on_approx``. The import files hold one date column each, in the form the admin
import reads, so the reference data enters the database by the same path as any spreadsheet.
"""

import csv
import re
from pathlib import Path

SUBREGIONS = {
    "North America": "north_america",
    "Central America": "central_america",
    "Caribbean": "caribbean",
    "South America": "south_america",
}
# Which body follows each convention, by the reference's `body` column.
FOLLOWING_BODY = {"A-66": "CICTE", "A-63": "CIFTA-CC"}
# The reference keeps titles in English and Spanish only; the French and Portuguese titles, and
# the short names, depositary and place of adoption in the other languages are kept in
# fixtures/sources/, with their sources in fixtures/SOURCES.md.
CONVENTION_TRANSLATIONS = Path(__file__).resolve().parents[1] / "fixtures/sources/convention_translations.csv"
ARTICLE = re.compile(r"Art\. [0-9IVXLC]+(?:\([0-9a-z]+\))?")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def states_rows(reference: Path) -> list[dict[str, str]]:
    return [
        {
            "iso3": row["iso3"],
            "iso2": row["iso2"],
            "name_en": row["name_en"],
            "name_es": row["name_es"],
            "name_fr": row["name_fr"],
            "name_pt": row["name_pt"],
            "subregion": SUBREGIONS[row["subregion"]],
            "oas_member_since": row["oas_member_since"],
            "notes": row["notes"],
        }
        for row in _read(reference / "states.csv")
    ]


def conventions_rows(reference: Path) -> list[dict[str, str]]:
    translations = {row["code"]: row for row in _read(CONVENTION_TRANSLATIONS)}
    rows = []
    for row in _read(reference / "conventions.csv"):
        instruments, days = _eif_rule(row["entry_into_force_rule"])
        translated = translations[row["code"]]
        rows.append(
            {
                "code": row["code"],
                "short_name_en": row["short_name"],
                "short_name_es": translated["short_name_es"],
                "short_name_fr": translated["short_name_fr"],
                "short_name_pt": translated["short_name_pt"],
                "title_en": row["title_en"],
                "title_es": row["title_es"],
                "title_fr": translated["title_fr"],
                "title_pt": translated["title_pt"],
                "adopted_at_en": row["adopted_at"],
                "adopted_at_es": translated["adopted_at_es"],
                "adopted_at_fr": translated["adopted_at_fr"],
                "adopted_at_pt": translated["adopted_at_pt"],
                "adopted_on": row["adopted_on"],
                "opened_for_signature_on": row["opened_for_signature_on"],
                "depositary_en": row["depositary"],
                "depositary_es": translated["depositary_es"],
                "depositary_fr": translated["depositary_fr"],
                "depositary_pt": translated["depositary_pt"],
                "followed_by": FOLLOWING_BODY[row["code"]],
                "adopting_instrument": row["adopting_instrument"],
                "eif_instruments_required": str(instruments),
                "eif_days_after_deposit": str(days),
                "eif_rule_text": row["entry_into_force_rule"],
                "entry_into_force_on": row["entry_into_force_on"],
                "source_url": row["source_url"],
                "notes": "\n\n".join(filter(None, [row["body"], row["notes"]])),
            }
        )
    return rows


ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
DAY_ORDINALS = {"tenth": 10, "thirtieth": 30, "sixtieth": 60, "ninetieth": 90}


def _eif_rule(text: str) -> tuple[int, int]:
    """The rule's numbers from its wording: 'thirtieth day after deposit of the sixth instrument'."""
    match = re.search(r"(\w+) day after deposit of the (\w+) instrument", text)
    if not match or match.group(1) not in DAY_ORDINALS or match.group(2) not in ORDINALS:
        raise ValueError(f"Cannot read the entry-into-force rule: {text[:80]}")
    return ORDINALS[match.group(2)], DAY_ORDINALS[match.group(1)]


def participations_rows(reference: Path) -> list[dict[str, str]]:
    rows = []
    for row in _read(reference / "treaty_actions.csv"):
        kind = row["action_kind"]
        rows.append(
            {
                "convention": row["convention_code"],
                "state": row["state_iso3"],
                "signed_on": row["signed_on"] or row["signed_between"],
                "instrument": "" if kind == "signature" else kind,
                "instrument_dated": row["ratified_on"],
                "deposited_on": row["deposited_on"] or row["deposited_on_approx"],
                "denunciation_notified_on": row["denounced_on"],
                "denunciation_effective_on": row["denounced_on"],
                "notes": row["notes"],
                "source": row["source_url"],
            }
        )
    return rows


def reservations_rows(reference: Path) -> list[dict[str, str]]:
    rows = []
    for row in _read(reference / "treaty_actions.csv"):
        text = row["reservations_or_declarations"]
        if not text:
            continue
        article = ARTICLE.search(text)
        rows.append(
            {
                "convention": row["convention_code"],
                "state": row["state_iso3"],
                "kind": "reservation" if text.lower().startswith("reservation") else "declaration",
                "article": article.group(0) if article else "",
                "text": text,
                # The sources give these with the instrument: they count from the deposit.
                "made_on": "",
                "withdrawn_on": "",
            }
        )
    return rows


BUILT = {
    "states.csv": states_rows,
    "conventions.csv": conventions_rows,
    "participations.csv": participations_rows,
    "reservations.csv": reservations_rows,
}


def reference_fixtures_build(reference: Path, output: Path) -> list[Path]:
    written = []
    for name, build in BUILT.items():
        rows = build(reference)
        _write(output / name, list(rows[0]), rows)
        written.append(output / name)
    return written
