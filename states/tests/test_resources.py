import pytest
import tablib

from conventions.tests.factories import BodyFactory, ConventionFactory
from states.models import Contact
from states.resources import ContactResource
from states.tests.factories import StateFactory
from tracker.importing import ImportRefused, dataset_import

pytestmark = pytest.mark.django_db

HEADERS = ["state", "email", "name", "role", "organization", "language", "conventions", "bodies", "is_active"]


def contacts_file(*rows) -> tablib.Dataset:
    return tablib.Dataset(*rows, headers=HEADERS)


@pytest.fixture
def record():
    StateFactory(iso3="PER")
    ConventionFactory(code="A-66")
    BodyFactory(acronym="CICTE")


@pytest.mark.parametrize(
    "conventions, bodies, column, unknown",
    [("A-66,A-99", "CICTE", "conventions", "A-99"), ("A-66", "CICTE,NOPE", "bodies", "NOPE")],
)
def test_a_contact_following_an_unknown_convention_or_body_is_refused_not_cut_short(
    record, conventions, bodies, column, unknown
):
    row = ["PER", "focal@per.example.org", "Focal point", "ministry", "", "es", conventions, bodies, "1"]

    with pytest.raises(ImportRefused) as refused:
        dataset_import(ContactResource(), contacts_file(row), "contacts.csv")

    [problem] = refused.value.problems
    assert (problem.row, problem.field) == (2, column)
    assert f"“{unknown}”" in problem.message
    assert not Contact.objects.exists()


def test_a_contact_keeps_every_convention_and_body_it_follows(record):
    row = ["PER", "focal@per.example.org", "Focal point", "ministry", "", "es", "A-66", "CICTE", "1"]

    dataset_import(ContactResource(), contacts_file(row), "contacts.csv")

    contact = Contact.objects.get()
    assert [c.code for c in contact.conventions.all()] == ["A-66"]
    assert [b.acronym for b in contact.bodies.all()] == ["CICTE"]
