import datetime as dt

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conventions.models import Participation
from conventions.resources import ParticipationResource
from conventions.tests.factories import ConventionFactory, ParticipationFactory
from notifications.models import Notification
from notifications.services import notification_publish
from states.tests.factories import StateFactory
from tracker.importing import ImportRefused, RowProblem, dataset_import

pytestmark = pytest.mark.django_db

COLUMNS = ["convention", "state", "signed_on", "instrument", "deposited_on"]


@pytest.fixture(autouse=True)
def a66():
    convention = ConventionFactory(code="A-66")
    for iso3 in ("ARG", "BRA", "CHL"):
        StateFactory(iso3=iso3)
    return convention


def _dataset(*rows):
    return tablib.Dataset(*rows, headers=COLUMNS)


def _import(*rows):
    return dataset_import(ParticipationResource(), _dataset(*rows), source="participations.csv")


def test_a_good_file_writes_every_row_with_its_source_in_the_history():
    _import(("A-66", "ARG", "2002-06-03", "ratification", "2005-12"), ("A-66", "BRA", "2002-06-03", "", ""))

    argentina = Participation.objects.get(state__iso3="ARG")
    assert argentina.deposit.isoformat() == "2005-12"
    assert argentina.history.get().history_change_reason == "Imported from participations.csv"
    assert Participation.objects.count() == 2


@pytest.mark.parametrize(
    ("bad_row", "problem"),
    [
        (
            ("A-66", "XYZ", "2002-06-03", "", ""),
            RowProblem(3, "state", "No state with iso3 “XYZ”; the valid ones are ARG, BRA, CHL."),
        ),
        (
            ("A-99", "BRA", "2002-06-03", "", ""),
            RowProblem(3, "convention", "No convention with code “A-99”; the valid ones are A-66."),
        ),
        (
            ("A-66", "BRA", "2003-06-03", "ratification", "2003-06-02"),
            RowProblem(3, "deposited_on", "The deposit cannot be earlier than the signature."),
        ),
        (
            ("A-66", "BRA", "2002-06-03", "", "2005"),
            RowProblem(
                3, "instrument", "A deposit needs the kind of instrument, and only a deposit has one."
            ),
        ),
    ],
)
def test_one_bad_row_refuses_the_file_naming_row_and_column(bad_row, problem):
    ParticipationFactory(convention__code="A-66", state__iso3="CHL", signature_earliest=dt.date(2002, 6, 3))
    before = list(Participation.objects.values_list("pk", "signature_earliest", "deposit_earliest"))

    with pytest.raises(ImportRefused) as refused:
        _import(
            ("A-66", "ARG", "2002-06-03", "", ""),
            bad_row,
            ("A-66", "CHL", "2002-06-03", "ratification", "2004"),
        )

    assert refused.value.problems == [problem]
    assert f"row 3, column “{problem.field}”" in str(refused.value)
    assert list(Participation.objects.values_list("pk", "signature_earliest", "deposit_earliest")) == before
    assert Participation.history.count() == 1


def test_a_date_that_does_not_exist_is_reported_once_under_its_column():
    with pytest.raises(ImportRefused) as refused:
        _import(("A-66", "ARG", "2002-06-03", "ratification", "2005-13"))

    [problem] = refused.value.problems
    assert (problem.row, problem.field) == (2, "deposited_on")
    assert problem.message.startswith("“2005-13” is not a valid date")
    assert not Participation.objects.exists()


# Imports in bulk: a batch of rows written at a time, with a constant number of queries.


def test_a_file_that_names_a_record_twice_is_refused_at_the_second_row():
    with pytest.raises(ImportRefused) as refused:
        _import(
            ("A-66", "ARG", "2002-06-03", "", ""),
            ("A-66", "BRA", "2002-06-03", "", ""),
            ("A-66", "ARG", "2002-06-04", "", ""),
        )

    assert refused.value.problems == [
        RowProblem(4, "", "This row repeats the convention, state of row 2; list each record once.")
    ]
    assert not Participation.objects.exists()


def test_unchanged_rows_are_skipped_and_changed_ones_updated_with_their_history():
    _import(("A-66", "ARG", "2002-06-03", "", ""), ("A-66", "BRA", "2002-06-03", "", ""))

    result = _import(
        ("A-66", "ARG", "2002-06-03", "", ""), ("A-66", "BRA", "2002-06-03", "ratification", "2004-01")
    )

    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 1, 1)
    brazil = Participation.objects.get(state__iso3="BRA")
    assert brazil.deposit.isoformat() == "2004-01"
    assert [entry.history_type for entry in brazil.history.order_by("history_id")] == ["+", "~"]
    assert Participation.objects.get(state__iso3="ARG").history.count() == 1


def _notifications(state):
    return list(
        Notification.objects.filter(state__iso3=state)
        .order_by("pk")
        .values_list("kind", "action", "action_earliest", "status")
    )


def test_an_import_drafts_the_notification_of_each_action_it_adds_or_redates():
    _import(
        ("A-66", "ARG", "2002-06-03", "ratification", "2005-12-14"), ("A-66", "BRA", "2002-06-03", "", "")
    )
    published = Notification.objects.get(state__iso3="ARG", action="deposit")
    notification_publish(published.pk)

    _import(
        ("A-66", "ARG", "2002-06-04", "ratification", "2005-12-15"),  # both dates corrected
        ("A-66", "BRA", "2002-06-03", "accession", "2006"),  # a new deposit
    )

    assert _notifications("ARG") == [
        ("signature", "signature", dt.date(2002, 6, 4), "draft"),  # not public: re-dated in place
        ("deposit", "deposit", dt.date(2005, 12, 14), "published"),
        ("correction", "deposit", dt.date(2005, 12, 15), "draft"),
    ]
    assert Notification.objects.get(kind="correction").corrects == published
    assert _notifications("BRA") == [
        ("signature", "signature", dt.date(2002, 6, 3), "draft"),
        ("deposit", "deposit", dt.date(2006, 1, 1), "draft"),
    ]
    redated = Notification.objects.get(state__iso3="ARG", action="signature")
    assert redated.history.latest().history_change_reason == (
        "Date changed in the record before publication (import of participations.csv)"
    )


def _rows(count, states, conventions):
    """``count`` rows: a fifth re-date a stored record's signature, a fifth leave one as it is."""
    rows = []
    for n in range(count):
        convention, state = conventions[n // len(states)], states[n % len(states)]
        signed = "2002-06-04" if n % 5 == 0 else "2002-06-03"
        deposit = ("ratification", "2004-05") if n % 5 == 2 else ("", "")
        rows.append((convention.code, state.iso3, signed, *deposit))
    return rows


def _statements(queries) -> list[str]:
    """The statements run, each bulk write counted once: SQLite takes at most 999 values per
    statement, so Django splits a batch of rows into as many INSERTs as that needs."""
    statements = []
    for query in queries:
        sql = query["sql"]
        head = sql.split(" VALUES ")[0].split(" SET ")[0] if sql.startswith(("INSERT", "UPDATE")) else sql
        if not statements or statements[-1] != head or head == sql:
            statements.append(head)
    return statements


@pytest.mark.parametrize("notify", [True, False])
def test_the_queries_of_an_import_do_not_grow_with_its_rows(notify):
    states = StateFactory.create_batch(50)
    conventions = [ConventionFactory(code=f"B-{n}") for n in range(10)]
    for n in range(500):
        if n % 5 in (0, 1):  # stored, as signed on 2002-06-03
            ParticipationFactory(
                convention=conventions[n // 50], state=states[n % 50], signature_earliest=dt.date(2002, 6, 3)
            )
    small, large = _rows(50, states, conventions[:1]), _rows(500, states, conventions)
    queries = []
    for rows in (small, large):
        with CaptureQueriesContext(connection) as captured:
            dataset_import(ParticipationResource(notify=notify), _dataset(*rows), source="many.csv")
        queries.append(captured.captured_queries)

    assert len(_statements(queries[0])) == len(_statements(queries[1]))
    if connection.vendor == "postgresql":
        assert len(queries[0]) == len(queries[1])
    assert Participation.objects.filter(signature_earliest=dt.date(2002, 6, 4)).count() == 100
    assert Participation.history.filter(history_type="~").count() == 100


def test_columns_the_file_leaves_out_keep_their_stored_values_and_still_count_in_the_rules():
    ParticipationFactory(
        convention__code="A-66",
        state__iso3="CHL",
        signature_earliest=dt.date(2002, 6, 3),
        instrument_kind="ratification",
        instrument_dated=dt.date(2004, 3, 1),
        deposit_earliest=dt.date(2004, 4, 1),
        notes="From the depositary's table.",
    )

    _import(("A-66", "CHL", "2002-06-03", "ratification", "2004-05-10"))  # no notes column

    chile = Participation.objects.get(state__iso3="CHL")
    assert (chile.deposit.isoformat(), chile.notes) == ("2004-05-10", "From the depositary's table.")
    with pytest.raises(ImportRefused) as refused:
        _import(("A-66", "CHL", "2002-06-03", "ratification", "2004-02-01"))  # before the stored instrument
    # Named by the record's column, which the file does not have.
    assert refused.value.problems == [
        RowProblem(2, "instrument_dated", "An instrument cannot be dated after its deposit.")
    ]
