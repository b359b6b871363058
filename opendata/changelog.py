"""What changed between two versions of the package, table by table, read from their CSV files."""

import csv
import io

from opendata.package import TABLES

KEY_SEPARATOR = " · "


def _rows_by_key(content: bytes, primary_key: tuple[str, ...]) -> dict[str, dict]:
    reader = csv.DictReader(io.StringIO(content.decode("utf-8")))
    return {KEY_SEPARATOR.join(row[name] for name in primary_key): row for row in reader}


def table_changes(before: dict[str, bytes], after: dict[str, bytes]) -> dict[str, dict[str, list[str]]]:
    """Per table whose rows differ, the keys of the rows added, removed and changed.

    ``before`` and ``after`` map file names to contents; a table missing from ``before`` (one
    a later version added) counts as empty. Keys are the primary key's values joined by " · ".
    """
    changes = {}
    for table in TABLES:
        old = _rows_by_key(before[table.file_name], table.primary_key) if table.file_name in before else {}
        new = _rows_by_key(after[table.file_name], table.primary_key)
        differences = {
            "added": sorted(new.keys() - old.keys()),
            "removed": sorted(old.keys() - new.keys()),
            "changed": sorted(key for key in new.keys() & old.keys() if new[key] != old[key]),
        }
        if any(differences.values()):
            changes[table.name] = differences
    return changes
