"""Importing item lists from spreadsheets: every row or none, and each bad cell named."""

import pytest
import tablib

from reports.models import ItemState, ReportItem, StateRole
from reports.resources import ReportItemResource
from reports.tests.factories import OrganizationFactory, ProgramAreaFactory
from states.tests.factories import StateFactory
from tracker.importing import ImportRefused, dataset_import

pytestmark = pytest.mark.django_db

HEADERS = [
    "reference",
    "body",
    "kind",
    "title",
    "date",
    "date_text",
    "is_virtual",
    "organized_by_secretariat",
    "in_annex",
    "program_areas",
    "participating_states",
    "host_states",
    "partners",
]


def dataset(*rows):
    return tablib.Dataset(*rows, headers=HEADERS)


@pytest.fixture
def known():
    from conventions.tests.factories import BodyFactory

    BodyFactory(acronym="CICTE")
    ProgramAreaFactory(code="maritime")
    OrganizationFactory(short_name="RSS")
    return StateFactory(iso3="PER"), StateFactory(iso3="COL")


def test_an_item_imports_with_its_states_partners_and_range_date(known):
    peru, colombia = known
    dataset_import(
        ReportItemResource(),
        dataset(
            [
                "2020-x",
                "CICTE",
                "webinar",
                "Port security",
                "2020-06/2020-12",
                "June-December 2020",
                "true",
                "true",
                "true",
                "maritime",
                "PER,COL",
                "COL",
                "RSS",
            ],
        ),
    )
    item = ReportItem.objects.get(reference="2020-x")
    assert item.date.isoformat() == "2020-06-01/2020-12-31" and item.date_text == "June-December 2020"
    assert set(item.state_roles.values_list("state__iso3", "role")) == {
        ("PER", StateRole.PARTICIPANT),
        ("COL", StateRole.PARTICIPANT),
        ("COL", StateRole.HOST),
    }
    assert [link.organization.short_name for link in item.organization_roles.all()] == ["RSS"]


def test_reimporting_a_cell_replaces_only_that_roles_states(known):
    row = [
        "2020-x",
        "CICTE",
        "webinar",
        "Port security",
        "2020-05-19",
        "",
        "true",
        "true",
        "true",
        "maritime",
        "PER,COL",
        "COL",
        "",
    ]
    dataset_import(ReportItemResource(), dataset(row))
    dataset_import(ReportItemResource(), dataset(row[:10] + ["PER", "COL", ""]))
    roles = set(ItemState.objects.values_list("state__iso3", "role"))
    assert roles == {("PER", StateRole.PARTICIPANT), ("COL", StateRole.HOST)}


def test_a_file_with_a_bad_row_writes_nothing_and_names_row_and_column(known):
    good = [
        "2020-a",
        "CICTE",
        "webinar",
        "Good",
        "2020-05-19",
        "",
        "true",
        "true",
        "true",
        "maritime",
        "PER",
        "",
        "",
    ]
    unknown_state = [
        "2020-b",
        "CICTE",
        "webinar",
        "Bad state",
        "2020-05-20",
        "",
        "true",
        "true",
        "true",
        "",
        "PER,XYZ",
        "",
        "",
    ]
    bad_date = [
        "2020-c",
        "CICTE",
        "webinar",
        "Bad date",
        "2020-13",
        "",
        "true",
        "true",
        "true",
        "",
        "",
        "",
        "",
    ]

    with pytest.raises(ImportRefused) as refused:
        dataset_import(ReportItemResource(), dataset(good, unknown_state, bad_date), source="items.xlsx")

    problems = {(problem.row, problem.field): problem.message for problem in refused.value.problems}
    assert "“XYZ”" in problems[(3, "participating_states")]
    assert "not a valid date" in problems[(4, "date")]
    assert ReportItem.objects.count() == 0 and ItemState.objects.count() == 0
