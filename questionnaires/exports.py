"""Compliance figures as plain data: for JSON, CSV, XLSX and the terminal."""

from collections.abc import Iterable, Iterator

from django.utils import timezone

from questionnaires.selectors import CycleCompliance, ObligationMatrix
from tracker.spreadsheets import csv_response, xlsx_response

COMPLIANCE_COLUMNS = [
    "state", "name", "status", "received", "answer_kind", "language", "timeliness", "last_answered_cycle",
]  # fmt: skip


def compliance_document(compliance: CycleCompliance) -> dict:
    """The figures ``questionnaire_status --format json`` prints; states by ISO3."""
    cycle = compliance.cycle

    def iso3(rows):
        return [row.state.iso3 for row in rows]

    return {
        "convention": cycle.convention.code,
        "cycle": cycle.label,
        "questionnaire": cycle.questionnaire.version,
        "audience": cycle.audience,
        "opens_on": cycle.opens_on.isoformat(),
        "due_on": cycle.due_on.isoformat() if cycle.due_on else None,
        "closes_on": cycle.closes_on.isoformat() if cycle.closes_on else None,
        "asked": compliance.asked,
        "received": iso3(compliance.received),
        "on_time": iso3(compliance.on_time),
        "late": iso3(compliance.late),
        "timeliness_unknown": iso3(compliance.timeliness_unknown),
        "missing": iso3(compliance.missing),
        "no_answer_on_record": iso3(compliance.no_answer_on_record),
    }


def compliance_rows(compliance: CycleCompliance) -> Iterator[dict]:
    for row in compliance.rows:
        submission = row.submission
        yield {
            "state": row.state.iso3,
            "name": row.state.name_en,
            "status": submission.status,
            "received": submission.received.isoformat() if submission.received else "",
            "answer_kind": submission.answer_kind,
            "language": submission.language,
            "timeliness": row.timeliness.value,
            "last_answered_cycle": row.last_answered.label if row.last_answered else "",
        }


def compliance_lines(compliance: CycleCompliance) -> Iterator[list]:
    yield COMPLIANCE_COLUMNS
    for row in compliance_rows(compliance):
        yield [row[column] for column in COMPLIANCE_COLUMNS]


def obligation_matrix_lines(matrix: ObligationMatrix) -> Iterator[list]:
    """One row a state; one column an obligation, holding the implementation reported."""
    yield ["state", "name", "source_cycle", *(o.code for o in matrix.obligations)]
    for row in matrix.rows:
        source = row.source.cycle.label if row.source else ""
        yield [row.state.iso3, row.state.name_en, source, *(cell.value for cell in row.cells)]


def lines_response(lines: Iterable[list], *, title: str, stem: str, file_format: str):
    """A download of ``lines`` (the first is the header) as CSV or XLSX, named
    ``stem-<today>.<format>``, its sheet named ``title``."""
    filename = f"{stem}-{timezone.localdate().isoformat()}.{file_format}"
    if file_format == "csv":
        return csv_response(lines, filename)
    return xlsx_response(lines, filename, title=title)
