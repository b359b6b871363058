"""The status of a convention as plain data: for JSON, CSV and the terminal."""

from conventions.approx_dates import ApproxDate
from conventions.selectors import StateStatus, TreatyStatus

STATE_COLUMNS = [
    "state", "name", "status", "possible", "signed_on", "instrument", "deposited_on", "in_force_on",
    "reservations", "denunciation_effective_on",
]  # fmt: skip


def _text(date: ApproxDate | None) -> str | None:
    return date.isoformat() if date else None


def _practice(row: StateStatus) -> dict:
    """The row's reservations with the objections to them, and its notices (both empty unless
    the status was read ``with_practice``)."""
    return {
        "reservations_in_effect": [
            {
                "kind": entry.reservation.kind,
                "article": entry.reservation.article,
                "made_on": _day(entry.reservation.made_on),
                "accepted_unless_objected_by": _text(entry.acceptance_date),
                "objections": [
                    {
                        "state": objected.objection.objecting_state.iso3,
                        "made_on": _day(objected.objection.made_on),
                        "withdrawn_on": _day(objected.withdrawn_on),
                        "twelve_months_ended_on": _text(objected.acceptance_date),
                    }
                    for objected in entry.objections
                ],
            }
            for entry in row.reservation_entries
        ],
        "notices": [
            {
                "kind": noted.notice.kind,
                "territory": noted.notice.territory,
                "predecessor": noted.notice.predecessor,
                "made_on": _day(noted.notice.made_on),
                "effective_on": _day(noted.notice.effective_on),
                "ended_on": _day(noted.ended_on),
            }
            for noted in row.notices or ()
        ],
    }


def _day(day) -> str | None:
    return day.isoformat() if day else None


def treaty_status_rows(status: TreatyStatus) -> list[dict]:
    """One dict per state; approximate dates are written as ``YYYY-MM``, ``YYYY`` or ``start/end``."""
    return [
        {
            "state": row.state.iso3,
            "name": row.state.name_en,
            "status": str(row.status),
            "possible": [str(s) for s in row.possible],
            "signed_on": _text(row.signature),
            "instrument": row.instrument_kind or None,
            "deposited_on": _text(row.deposit),
            "in_force_on": _text(row.in_force_on),
            "reservations": bool(row.reservations),
            "denunciation_effective_on": (
                row.denunciation_effective_on.isoformat() if row.denunciation_effective_on else None
            ),
        }
        for row in status.states
    ]


def treaty_status_csv_lines(status: TreatyStatus):
    """The header, then one line per state, for a CSV file; possible statuses joined by spaces."""
    yield STATE_COLUMNS
    for row in treaty_status_rows(status):
        row["possible"] = " ".join(row["possible"])
        yield [row[column] for column in STATE_COLUMNS]


def treaty_status_document(status: TreatyStatus) -> dict:
    eif = status.entry_into_force
    return {
        "convention": status.convention.code,
        "title": status.convention.title_en,
        "as_of": status.as_of.isoformat(),
        "signatories": status.signatories,
        "parties": status.parties,
        "in_force": status.in_force,
        "denounced": status.denounced,
        "uncertain": status.uncertain,
        "convention_in_force": status.convention_in_force,
        "entry_into_force": {
            "recorded": eif.recorded.isoformat() if eif.recorded else None,
            "computed": _text(eif.computed),
            "mismatch": eif.mismatch,
        },
        "states": [
            {**exported, **_practice(row)}
            for exported, row in zip(treaty_status_rows(status), status.states, strict=True)
        ],
    }
