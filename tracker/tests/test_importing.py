import datetime as dt

import pytest
import tablib

from conventions.models import Participation
from conventions.resources import ParticipationResource
from conventions.tests.factories import ConventionFactory, ParticipationFactory
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
        (("A-66", "XYZ", "2002-06-03", "", ""), RowProblem(3, "state", "No state with iso3 “XYZ”.")),
        (
            ("A-99", "BRA", "2002-06-03", "", ""),
            RowProblem(3, "convention", "No convention with code “A-99”."),
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
