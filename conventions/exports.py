"""A convention's status table as rows for a file: one line per member state, machine-read.

The columns are stable English keys and the dates ISO 8601 (a date known only to the month or
year, or between two days, in the form ``ApproxDate.isoformat`` writes, which is also EDTF);
the state's name and the status label are in the reader's language beside the codes.
"""

from collections.abc import Iterator

from conventions.selectors import TreatyStatus

STATUS_COLUMNS = (
    "convention",
    "as_of",
    "state_iso3",
    "state",
    "status_code",
    "status",
    "signed",
    "instrument",
    "deposited",
    "in_force_on",
    "denunciation_notified_on",
    "denunciation_effective_on",
    "reservations_and_declarations",
)


def _iso(value) -> str:
    return value.isoformat() if value is not None else ""


def status_lines(treaty: TreatyStatus) -> Iterator[tuple]:
    yield STATUS_COLUMNS
    as_of = treaty.as_of.isoformat()
    for row in sorted(treaty.states, key=lambda row: row.state.iso3):
        yield (
            treaty.convention.code,
            as_of,
            row.state.iso3,
            row.state.name,
            row.status.value,
            str(row.status.label),
            _iso(row.signature),
            row.instrument_label,
            _iso(row.deposit),
            _iso(row.in_force_on),
            _iso(row.denunciation_notified_on),
            _iso(row.denunciation_effective_on),
            len(row.reservations),
        )
