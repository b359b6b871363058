"""Compliance figures as plain data: for JSON, CSV, XLSX and the terminal."""

import tablib
from django.http import HttpResponse
from django.utils import timezone

from questionnaires.selectors import CycleCompliance, ObligationMatrix
from tracker.record_admin import formula_escaped

COMPLIANCE_COLUMNS = [
    "state", "name", "status", "received", "answer_kind", "language", "timeliness", "last_answered_cycle",
]  # fmt: skip

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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


def compliance_rows(compliance: CycleCompliance) -> list[dict]:
    rows = []
    for row in compliance.rows:
        submission = row.submission
        rows.append(
            {
                "state": row.state.iso3,
                "name": row.state.name_en,
                "status": submission.status,
                "received": submission.received.isoformat() if submission.received else "",
                "answer_kind": submission.answer_kind,
                "language": submission.language,
                "timeliness": row.timeliness.value,
                "last_answered_cycle": row.last_answered.label if row.last_answered else "",
            }
        )
    return rows


def compliance_dataset(compliance: CycleCompliance) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=COMPLIANCE_COLUMNS, title=f"{compliance.cycle.label}"[:31])
    for row in compliance_rows(compliance):
        dataset.append([formula_escaped(row[column]) for column in COMPLIANCE_COLUMNS])
    return dataset


def obligation_matrix_dataset(matrix: ObligationMatrix) -> tablib.Dataset:
    """One row a state; one column an obligation, holding the implementation reported."""
    headers = ["state", "name", "source_cycle", *(o.code for o in matrix.obligations)]
    dataset = tablib.Dataset(headers=headers, title=matrix.convention.code[:31])
    for row in matrix.rows:
        source = row.source.cycle.label if row.source else ""
        dataset.append(
            [formula_escaped(value) for value in (row.state.iso3, row.state.name_en, source)]
            + [cell.value for cell in row.cells]
        )
    return dataset


def dataset_response(dataset: tablib.Dataset, stem: str, file_format: str) -> HttpResponse:
    """A download of ``dataset`` as CSV or XLSX, named ``stem-<today>.<format>``."""
    content = dataset.export(file_format)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    filename = f"{stem}-{timezone.localdate().isoformat()}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
