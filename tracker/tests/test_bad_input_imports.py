"""Generated spreadsheets with one bad row, through both import paths, for each kind of record.

Every file holds a few generated good rows and one bad row (a date no calendar has, an unknown
code, a formula, a huge cell, a repeated row, a rule of the record broken ...) at a generated
place. Each must be refused with the bad row's number and column, and the database left exactly
as it was: every table of the record, history included, has the same rows. The good rows alone
are imported, to show that the bad row is what the file was refused for.
"""

import datetime as dt
import io
import string
from dataclasses import dataclass, field

import pytest
import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import find, given, note
from hypothesis import strategies as st

from conventions.models import Objection, Participation, ParticipationNotice, Reservation
from conventions.resources import (
    ObjectionResource,
    ParticipationNoticeResource,
    ParticipationResource,
    ReservationResource,
)
from conventions.tests.factories import (
    BodyFactory,
    ConventionFactory,
    ParticipationFactory,
    ReservationFactory,
)
from questionnaires.models import Submission
from questionnaires.resources import ReceiptLogResource
from questionnaires.tests.factories import ReportingCycleFactory
from reminders.models import OutreachEntry
from reminders.resources import OutreachEntryResource
from reports.models import Contribution
from reports.resources import ContributionResource
from states.models import MembershipEvent, MembershipEventKind, State, Subregion
from states.resources import MembershipEventResource, StateResource
from states.tests.factories import StateFactory
from tracker.importing import ImportRefused, dataset_import
from tracker.tests.admin_pages import admin_url, secretariat_user
from tracker.tests.bad_input import (
    BAD_DATES,
    FORMULAS,
    HUGE_CELLS,
    bad_input_settings,
    record_fingerprint,
    tally,
)

pytestmark = pytest.mark.django_db

OPENED = dt.date(2002, 6, 3)
TODAY = dt.date(2026, 1, 1)  # any day after every generated date
UNKNOWN_CODES = st.one_of(
    st.text(string.ascii_uppercase, min_size=4, max_size=6),  # no ISO3 or convention code is that long
    st.text(string.ascii_lowercase + string.digits + "-#", min_size=1, max_size=6).map(lambda code: f"#{code}"),
    FORMULAS,
    HUGE_CELLS,
)


@dataclass
class World:
    """The record the files are imported into: a convention, states, and a little of each kind."""

    convention: object
    free_states: list  # states with no record under the convention yet
    party: object  # a state that signed and ratified, with a reservation
    cycle: object
    body: object


@pytest.fixture
def world(db):
    convention = ConventionFactory(code="BI-1", adopted_on=OPENED)
    party = StateFactory()
    participation = ParticipationFactory(
        convention=convention, state=party, deposit_earliest=dt.date(2004, 5, 1)
    )
    ReservationFactory(participation=participation, article="Art. 1")
    party.membership_events.create(kind=MembershipEventKind.OTHER, occurred_on=dt.date(2010, 1, 1))
    cycle = ReportingCycleFactory(questionnaire__convention=convention, label="2020")
    return World(
        convention=convention,
        free_states=StateFactory.create_batch(6),
        party=party,
        cycle=cycle,
        body=BodyFactory(),
    )


def _iso(day: dt.date) -> str:
    return day.isoformat()


DAYS = st.integers(0, (TODAY - OPENED).days - 400).map(lambda n: OPENED + dt.timedelta(days=n))


@dataclass
class RecordKind:
    """One kind of record as a spreadsheet: its columns, good rows, and ways to break a row."""

    name: str
    model: type
    resource: type
    columns: list[str]
    # world, state (a distinct one per row), index -> strategy of a good row
    good_row: object
    # world -> [(column, strategy of a bad value)]; the bad row is a good row with that cell
    bad_cells: object
    key_columns: list[str] = field(default_factory=list)


def _participation_row(world, state, index):
    def row(signed, deposit_after, with_deposit):
        deposit = signed + dt.timedelta(days=deposit_after)
        return {
            "convention": world.convention.code,
            "state": state.iso3,
            "signed_on": _iso(signed),
            "instrument": "ratification" if with_deposit else "",
            "deposited_on": _iso(deposit) if with_deposit else "",
            "notes": "",
            "source": "",
        }

    return st.builds(row, DAYS, st.integers(0, 365), st.booleans())


def _participation_breaks(world):
    return [
        ("signed_on", BAD_DATES | FORMULAS | HUGE_CELLS),
        ("signed_on", st.just("2003-01-01/2002-01-01")),  # a range that ends before it starts
        ("signed_on", st.builds(_iso, st.dates(dt.date(1900, 1, 1), OPENED - dt.timedelta(days=1)))),
        ("deposited_on", BAD_DATES),
        ("convention", UNKNOWN_CODES),
        ("state", UNKNOWN_CODES),
        ("instrument", st.text(string.ascii_letters, min_size=1, max_size=12).filter(lambda t: t not in KINDS)),
        ("source", st.integers(501, 5_000).map(lambda size: "s" * size)),
    ]


KINDS = {"ratification", "accession", "acceptance", "approval", "succession"}


def _participation_rule_breaks(world):
    """Whole rows that break a rule of the record, each with the column that gets the blame."""
    signed = st.builds(_iso, DAYS)
    return [
        # a deposit before the signature
        (
            "deposited_on",
            st.builds(
                lambda day, before: {"signed_on": _iso(day), "instrument": "ratification",
                                     "deposited_on": _iso(day - dt.timedelta(days=before))},
                DAYS, st.integers(1, 300),
            ),
        ),
        # a deposit without its kind of instrument
        ("instrument", st.builds(lambda day: {"signed_on": day, "instrument": "", "deposited_on": day}, signed)),
        # a ratification of what was never signed
        ("instrument", st.builds(lambda day: {"signed_on": "", "instrument": "ratification", "deposited_on": day}, signed)),
        # neither a signature nor a deposit
        ("signed_on", st.just({"signed_on": "", "instrument": "", "deposited_on": ""})),
    ]  # fmt: skip


def _reservation_row(world, state, index):
    # Reservations of the party's record, one article per row.
    return st.builds(
        lambda kind, text, made: {
            "convention": world.convention.code,
            "state": world.party.iso3,
            "kind": kind,
            "article": f"Art. {index + 10}",
            "text": text,
            "made_on": _iso(made),
            "withdrawn_on": "",
        },
        st.sampled_from(Reservation.Kind.values),
        st.text(string.ascii_letters + " ", min_size=1, max_size=40).filter(str.strip),
        DAYS,
    )


def _reservation_breaks(world):
    return [
        ("made_on", BAD_DATES | FORMULAS),
        ("withdrawn_on", BAD_DATES),
        ("withdrawn_on", st.just("1999-01-01")),  # withdrawn before it was made
        ("kind", st.text(string.ascii_letters, min_size=1, max_size=15).filter(lambda t: t not in Reservation.Kind.values)),
        ("text", st.just("")),
        ("article", st.integers(51, 500).map(lambda size: "A" * size)),
    ]  # fmt: skip


def _objection_row(world, state, index):
    # Each row's state objects to the party's reservation to Art. 1.
    return st.builds(
        lambda made: {
            "convention": world.convention.code,
            "state": world.party.iso3,
            "reservation_kind": Reservation.Kind.DECLARATION,
            "article": "Art. 1",
            "objecting_state": state.iso3,
            "made_on": _iso(made),
            "withdrawn_on": "",
        },
        DAYS,
    )


def _objection_breaks(world):
    return [
        ("made_on", BAD_DATES | FORMULAS),
        ("withdrawn_on", BAD_DATES),
        ("withdrawn_on", st.just("1999-01-01")),  # withdrawn before it was made
        ("objecting_state", UNKNOWN_CODES),
        ("objecting_state", st.just(world.party.iso3)),  # an objection to its own reservation
    ]


def _notice_row(world, state, index):
    # Declarations of territorial application of the party, one territory per row.
    return st.builds(
        lambda made: {
            "convention": world.convention.code,
            "state": world.party.iso3,
            "kind": ParticipationNotice.Kind.TERRITORIAL,
            "territory": f"Territory {index}",
            "predecessor": "",
            "made_on": _iso(made),
            "effective_on": "",
            "ended_on": "",
        },
        DAYS,
    )


def _notice_breaks(world):
    return [
        ("made_on", BAD_DATES | FORMULAS),
        ("ended_on", BAD_DATES),
        ("ended_on", st.just("1999-01-01")),  # ended before it was notified
        ("kind", st.text(string.ascii_letters, min_size=1, max_size=15).filter(lambda t: t not in ParticipationNotice.Kind.values)),
        ("territory", st.just("")),  # a territorial application names its territory
        ("predecessor", st.just("Gran Colombia")),  # only a succession has a predecessor
    ]  # fmt: skip


def _state_row(world, state, index):
    return st.builds(
        lambda subregion, since: {
            "iso3": f"Q{string.ascii_uppercase[index]}{string.ascii_uppercase[index]}",
            "iso2": f"Q{string.ascii_uppercase[index]}",
            "name_en": f"Generated state {index}",
            "name_es": f"Estado {index}",
            "name_fr": f"État {index}",
            "name_pt": f"Estado {index}",
            "subregion": subregion,
            "oas_member_since": str(since),
            "notes": "",
        },
        st.sampled_from(Subregion.values),
        st.integers(1948, 2020),
    )


def _state_breaks(world):
    return [
        ("iso3", st.sampled_from(["qzz", "Q1Z", "QZ", "QZZZ", "Q-Z"]) | FORMULAS),
        ("iso2", st.sampled_from(["q", "Q1", "QZZ"])),
        ("iso2", st.just(world.party.iso2)),  # another state's code
        ("subregion", st.text(string.ascii_letters, min_size=1, max_size=20).filter(lambda t: t not in Subregion.values)),
        ("oas_member_since", st.just("-1")),
        ("name_en", st.just("") | st.integers(101, 1000).map(lambda size: "N" * size)),
        ("name_en", st.just(world.party.name_en)),  # another state's name
    ]  # fmt: skip


def _membership_row(world, state, index):
    return st.builds(
        lambda kind, day: {"state": state.iso3, "kind": kind, "occurred_on": _iso(day), "reference": "", "notes": ""},
        st.sampled_from(MembershipEventKind.values),
        DAYS,
    )


def _membership_breaks(world):
    return [
        ("state", UNKNOWN_CODES),
        ("kind", st.text(string.ascii_letters, min_size=1, max_size=20).filter(lambda t: t not in MembershipEventKind.values)),
        ("occurred_on", BAD_DATES | FORMULAS | st.just("")),
        ("reference", st.integers(201, 2000).map(lambda size: "R" * size)),
    ]  # fmt: skip


def _receipt_row(world, state, index):
    return st.builds(
        lambda day, kind, language: {
            "convention": world.convention.code,
            "cycle": world.cycle.label,
            "state": state.iso3,
            "received_on": _iso(day),
            "answer_kind": kind,
            "language": language,
            "notes": "",
        },
        st.dates(dt.date(2020, 1, 1), TODAY),
        st.sampled_from(["first", "update"]),
        st.sampled_from(["en", "es", "fr", "pt", ""]),
    )


def _receipt_breaks(world):
    return [
        ("cycle", UNKNOWN_CODES),
        ("state", UNKNOWN_CODES),
        ("received_on", BAD_DATES | FORMULAS),
        ("answer_kind", st.sampled_from(["", "second", "FIRST", "=1+1"])),
        ("language", st.sampled_from(["xx", "english", "ES"])),
    ]


def _contribution_row(world, state, index):
    return st.builds(
        lambda year, financial: {
            "body": world.body.acronym,
            "year": str(year),
            "state": state.iso3,
            "organization": "",
            "financial": financial,
            "notes": "",
        },
        st.integers(2000, 2025),
        st.sampled_from(["1", "0"]),
    )


def _contribution_breaks(world):
    return [
        ("body", UNKNOWN_CODES),
        ("state", UNKNOWN_CODES),
        ("organization", UNKNOWN_CODES),
        ("year", st.just("-2020")),
    ]


def _outreach_row(world, state, index):
    return st.builds(
        lambda day, kind, subject: {
            "code": f"generated-{index}",
            "date": _iso(day),
            "kind": kind,
            "states": state.iso3,
            "convention": world.convention.code,
            "subject": subject,
            "sender": "",
            "recipients": "",
            "reference": "",
            "source": "",
            "notes": "",
        },
        DAYS,
        st.sampled_from(["letter", "note", "statement"]),
        st.text(string.ascii_letters + " ", min_size=1, max_size=40).filter(str.strip),
    )


def _outreach_breaks(world):
    return [
        ("date", BAD_DATES | FORMULAS),
        ("kind", st.sampled_from(["digest", "email", ""])),  # digests are logged by the app only
        ("convention", UNKNOWN_CODES),
        ("subject", st.just("") | st.integers(301, 3000).map(lambda size: "S" * size)),
        ("code", st.sampled_from(["has space", "ünïcode", "a/b"])),
    ]


RECORD_KINDS = [
    RecordKind("participations", Participation, ParticipationResource,
               ["convention", "state", "signed_on", "instrument", "deposited_on", "notes", "source"],
               _participation_row, _participation_breaks, ["convention", "state"]),
    RecordKind("reservations", Reservation, ReservationResource,
               ["convention", "state", "kind", "article", "text", "made_on", "withdrawn_on"],
               _reservation_row, _reservation_breaks, ["convention", "state", "kind", "article"]),
    RecordKind("objections", Objection, ObjectionResource,
               ["convention", "state", "reservation_kind", "article", "objecting_state", "made_on", "withdrawn_on"],
               _objection_row, _objection_breaks, ["objecting_state"]),
    RecordKind("territorial and provisional application, succession", ParticipationNotice,
               ParticipationNoticeResource,
               ["convention", "state", "kind", "territory", "predecessor", "made_on", "effective_on", "ended_on"],
               _notice_row, _notice_breaks, ["convention", "state", "kind", "territory"]),
    RecordKind("states", State, StateResource,
               ["iso3", "iso2", "name_en", "name_es", "name_fr", "name_pt", "subregion", "oas_member_since", "notes"],
               _state_row, _state_breaks, ["iso3"]),
    RecordKind("membership events", MembershipEvent, MembershipEventResource,
               ["state", "kind", "occurred_on", "reference", "notes"],
               _membership_row, _membership_breaks, ["state", "kind", "occurred_on"]),
    RecordKind("questionnaire receipt log", Submission, ReceiptLogResource,
               ["convention", "cycle", "state", "received_on", "answer_kind", "language", "notes"],
               _receipt_row, _receipt_breaks, ["convention", "cycle", "state"]),
    RecordKind("report contributions", Contribution, ContributionResource,
               ["body", "year", "state", "organization", "financial", "notes"],
               _contribution_row, _contribution_breaks, ["body", "year", "state", "organization"]),
    RecordKind("reminder outreach log", OutreachEntry, OutreachEntryResource,
               ["code", "date", "kind", "states", "convention", "subject", "sender", "recipients", "reference", "source", "notes"],
               _outreach_row, _outreach_breaks, ["code"]),
]  # fmt: skip
KIND_IDS = [kind.name for kind in RECORD_KINDS]


@st.composite
def files_with_one_bad_row(draw, kind: RecordKind, world: World):
    """Good rows, one of them broken (or repeated) at a drawn place: (rows, bad row's number, column)."""
    count = draw(st.integers(1, 5))
    rows = [draw(kind.good_row(world, world.free_states[i], i)) for i in range(count)]
    breaks = [(column, values.map(lambda value, c=column: {c: value})) for column, values in kind.bad_cells(world)]
    if kind.model is Participation:
        breaks += _participation_rule_breaks(world)
    if kind.key_columns and count > 1:
        # The same record twice in one file, the second time with other details.
        breaks.append(("", None))
    column, change = draw(st.sampled_from(breaks))
    bad_index = draw(st.integers(0, count - 1))
    if change is None:
        original = draw(st.integers(0, count - 1).filter(lambda i: i != bad_index))
        bad_index, original = max(bad_index, original), min(bad_index, original)
        rows[bad_index] = {**rows[bad_index], **{key: rows[original][key] for key in kind.key_columns}}
    else:
        rows[bad_index] = {**rows[bad_index], **draw(change)}
    # Spreadsheet rows count the header as row 1.
    return rows, bad_index + 2, column


def _dataset(kind: RecordKind, rows) -> tablib.Dataset:
    return tablib.Dataset(*[[row[column] for column in kind.columns] for row in rows], headers=kind.columns)


@pytest.mark.parametrize("kind", RECORD_KINDS, ids=KIND_IDS)
def test_good_generated_rows_import(world, kind):
    """The control: the generated good rows, alone, are imported (then rolled back)."""

    @bad_input_settings(5)
    @given(data=st.data())
    def imported(data):
        rows = [data.draw(kind.good_row(world, world.free_states[i], i)) for i in range(5)]
        with transaction.atomic():
            result = dataset_import(kind.resource(), _dataset(kind, rows), source="good.csv")
            assert result.totals["new"] + result.totals["update"] + result.totals["skip"] == 5
            transaction.set_rollback(True)

    imported()


@pytest.mark.parametrize("kind", RECORD_KINDS, ids=KIND_IDS)
def test_a_file_with_one_bad_row_is_refused_naming_it_and_nothing_is_written(world, kind):
    before = record_fingerprint()

    @bad_input_settings(40)
    @given(data=st.data())
    def refused(data):
        rows, bad_row, column = data.draw(files_with_one_bad_row(kind, world))
        note(f"bad row {bad_row}, column {column}: {str(rows[bad_row - 2])[:300]}")
        with pytest.raises(ImportRefused) as caught:
            dataset_import(kind.resource(), _dataset(kind, rows), source="generated.csv")
        assert {(problem.row, problem.field) for problem in caught.value.problems} == {(bad_row, column)}
        if not column:  # a repeated record: the message names the row it repeats and its columns
            assert all(kind.key_columns[-1] in problem.message for problem in caught.value.problems)
        assert record_fingerprint() == before
        tally(f"import, {kind.name}")

    refused()


def _upload(client, model, content: bytes, name: str, format_index: int):
    return client.post(
        admin_url(model, "import"), {"format": str(format_index), "import_file": SimpleUploadedFile(name, content)}
    )


def _csv(kind: RecordKind, rows) -> bytes:
    return _dataset(kind, rows).export("csv").encode()


def _xlsx(kind: RecordKind, rows) -> bytes:
    return _dataset(kind, rows).export("xlsx")


CSV, XLSX = 0, 1  # the order of RecordAdmin.formats


@pytest.fixture
def secretariat(client, db):
    user = secretariat_user(username="importer")
    client.force_login(user)
    return user


@pytest.mark.parametrize("kind", RECORD_KINDS, ids=KIND_IDS)
def test_the_admins_upload_refuses_a_bad_row_with_its_row_and_column(client, secretariat, world, kind):
    before = record_fingerprint()

    @bad_input_settings(12)
    @given(data=st.data(), as_xlsx=st.booleans())
    def refused(data, as_xlsx):
        rows, bad_row, column = data.draw(files_with_one_bad_row(kind, world))
        bad_values = [str(value) for value in rows[bad_row - 2].values()]
        if as_xlsx and any(len(value) > 32_767 for value in bad_values):
            as_xlsx = False  # a workbook's cell holds at most 32,767 characters
        content = _xlsx(kind, rows) if as_xlsx else _csv(kind, rows)
        response = _upload(client, kind.model, content, "generated.xlsx" if as_xlsx else "generated.csv",
                           XLSX if as_xlsx else CSV)  # fmt: skip

        assert response.status_code == 200
        assert "confirm_form" not in response.context
        if "result" not in response.context:  # refused before its rows were read: said beside the file
            assert response.context["form"].errors["import_file"]
            tally(f"admin upload, {kind.name}")
            return
        result = response.context["result"]
        found = {
            (invalid.number, "" if name == NON_FIELD_ERRORS else name)
            for invalid in result.invalid_rows
            for name in invalid.error_dict
        }
        found |= {(number, "") for number, _errors in result.row_errors()}
        found |= {(0, "") for _error in result.base_errors}
        row_errors = [(number, [str(error.error) for error in errors]) for number, errors in result.row_errors()]
        row_errors += [str(error.error) for error in result.base_errors]
        assert found == {(bad_row, column)}, row_errors
        if column:
            assert f'<td class="cell-in-error" data-column="{column}">' in response.text, (
                response.text[response.text.find('class="errors"'):][:3000]
            )
        assert record_fingerprint() == before
        tally(f"admin upload, {kind.name}")

    refused()


def test_a_formula_cell_in_a_workbook_is_refused_with_its_row_and_column(client, secretariat, world):
    kind = next(kind for kind in RECORD_KINDS if kind.name == "reminder outreach log")
    row = {column: "" for column in kind.columns}
    row.update(code="formula", date="=HYPERLINK(A1)", kind="letter", states=world.party.iso3,
               convention=world.convention.code, subject="A letter")  # fmt: skip

    response = _upload(client, OutreachEntry, _xlsx(kind, [row]), "outreach.xlsx", XLSX)

    assert "confirm_form" not in response.context
    result = response.context["result"]
    assert [(invalid.number, list(invalid.error_dict)) for invalid in result.invalid_rows] == [(2, ["date"])]
    assert "=HYPERLINK(A1)" in str(result.invalid_rows[0].error_dict["date"])


# Files that are wrong as a whole.

PARTICIPATIONS = RECORD_KINDS[0]


def _zip_of(*members: str) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in members:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


WHOLE_FILE_PROBLEMS = st.one_of(
    st.tuples(st.binary(min_size=1, max_size=2_000), st.just(XLSX)),  # random bytes called a workbook
    st.tuples(st.just(b"convention,state,signed_on\nBI-1,FAA,2003-01-01\n"), st.just(XLSX)),  # a CSV renamed
    st.tuples(st.sampled_from([_zip_of("a.txt"), _zip_of("[Content_Types].xml", "word/document.xml")]), st.just(XLSX)),
    st.tuples(st.just(b""), st.sampled_from([CSV, XLSX])),  # empty
    st.tuples(st.just(b"convention,state,signed_on,instrument,deposited_on\n"), st.just(CSV)),  # header only
    st.tuples(st.just("convention,state,signed_on\nBI-1,Perú,2003-01-01\n".encode("latin-1")), st.just(CSV)),
    st.tuples(st.binary(min_size=1, max_size=2_000).filter(lambda data: b"\n" in data), st.just(CSV)),
)  # fmt: skip


def test_whole_file_problems_are_refused_with_a_message_on_the_file(client, secretariat, world):
    before = record_fingerprint()

    @bad_input_settings(30)
    @given(problem=WHOLE_FILE_PROBLEMS)
    def refused(problem):
        content, format_index = problem
        response = _upload(client, Participation, content, "participations.xlsx" if format_index else "participations.csv", format_index)

        assert response.status_code == 200
        assert "confirm_form" not in response.context
        # Either the file could not be read (the form says so beside the file) or rows of it
        # could not: then each is named.
        form_errors = response.context["form"].errors.get("import_file", [])
        result = response.context.get("result")
        assert form_errors or (result and (result.has_errors() or result.has_validation_errors()))
        assert record_fingerprint() == before
        tally("admin upload, unreadable or empty files")

    refused()


@pytest.mark.parametrize(
    ("headers", "column"),
    [
        (["convention", "signed_on"], "state"),  # a key column missing
        (["state", "signed_on"], "convention"),
    ],
)
def test_a_file_without_a_key_column_is_refused_naming_it(world, headers, column):
    before = record_fingerprint()
    dataset = tablib.Dataset(*[[world.convention.code if h == "convention" else world.free_states[0].iso3 if h == "state" else "2003-01-01" for h in headers]], headers=headers)  # fmt: skip

    with pytest.raises(ImportRefused) as caught:
        dataset_import(ParticipationResource(), dataset, source="missing.csv")

    assert column in str(caught.value)
    assert record_fingerprint() == before


def test_a_utf8_bom_is_read_as_no_part_of_the_first_column(client, secretariat, world):
    # The simplest good row, the same each run (``.example()`` would draw one at random).
    rows = [find(PARTICIPATIONS.good_row(world, world.free_states[0], 0), lambda row: True)]
    content = b"\xef\xbb\xbf" + _csv(PARTICIPATIONS, rows)

    response = _upload(client, Participation, content, "participations.csv", CSV)

    assert "confirm_form" in response.context
    assert response.context["result"].totals["new"] == 1


# What the generated files found, each once more in its simplest form: refused naming its row
# and column, with a message of a readable length.


FOUND = [
    pytest.param(
        "states", lambda rows: [rows[0], {**rows[1], "iso3": rows[0]["iso3"]}], "iso3",
        id="a state given twice",
    ),
    pytest.param(
        "membership events", lambda rows: [rows[0], {**rows[0], "reference": "again"}], "occurred_on",
        id="an event given twice",
    ),
    pytest.param(
        "questionnaire receipt log", lambda rows: [rows[0], {**rows[1], "state": rows[0]["state"]}], "state",
        id="a receipt given twice",
    ),
    pytest.param(
        "participations", lambda rows: [rows[0], {**rows[1], "notes": "a\x00b"}], "notes",
        id="a NUL character in a text cell",
    ),
    pytest.param(
        "reservations", lambda rows: [rows[0], {**rows[1], "text": "a\x00b"}], "text",
        id="a NUL character in a reservation's text",
    ),
    pytest.param(
        "states", lambda rows: [rows[0], {**rows[1], "oas_member_since": "nineteen"}], "oas_member_since",
        id="text in a number cell",
    ),
    pytest.param(
        "states", lambda rows: [rows[0], {**rows[1], "oas_member_since": "1948.5"}], "oas_member_since",
        id="a fraction in a whole-number cell",
    ),
    pytest.param(
        "report contributions", lambda rows: [rows[0], {**rows[1], "year": "99999999"}], "year",
        id="a year too large for its column, on SQLite too",
    ),
    pytest.param(
        "reminder outreach log", lambda rows: [rows[0], {**rows[1], "states": f"{rows[0]['states']},ZZZZ"}], "states",
        id="an unknown code in a list of states",
    ),
    pytest.param(
        "participations", lambda rows: [rows[0], {**rows[1], "state": "Z" * 100_000}], "state",
        id="a huge unknown code, quoted shortened",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("kind_name", "change", "column"), FOUND)
def test_what_the_generated_files_found_is_refused(request, world, kind_name, change, column):
    kind = next(kind for kind in RECORD_KINDS if kind.name == kind_name)

    @bad_input_settings(1)
    @given(data=st.data())
    def refused(data):
        rows = change([data.draw(kind.good_row(world, world.free_states[i], i)) for i in range(2)])
        with pytest.raises(ImportRefused) as caught:
            dataset_import(kind.resource(), _dataset(kind, rows), source="gap.csv")
        # A repeated record is blamed on the row as a whole, its message naming the earlier row
        # and the columns.
        repeated = "twice" in request.node.callspec.id
        assert {(problem.row, problem.field) for problem in caught.value.problems} == {(3, "" if repeated else column)}
        if repeated:
            assert all("row 2" in p.message and column in p.message for p in caught.value.problems)
        assert all(len(problem.message) < 500 for problem in caught.value.problems)

    refused()

