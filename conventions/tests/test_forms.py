import datetime as dt

import pytest

from conventions.forms import ParticipationForm
from conventions.models import Participation
from conventions.tests.factories import ConventionFactory, ParticipationFactory
from states.tests.factories import StateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def convention():
    return ConventionFactory(code="A-66", adopted_on=dt.date(2002, 6, 3))


@pytest.fixture
def state():
    return StateFactory(iso3="ARG")


def _form(convention, state, instance=None, **data):
    fields = {
        "convention": convention.pk,
        "state": state.pk,
        "signature_earliest": "",
        "deposit_earliest": "",
        "instrument_kind": "",
    }
    return ParticipationForm({**fields, **data}, instance=instance)


@pytest.mark.parametrize(
    ("typed", "earliest", "latest"),
    [
        ("2003-06-10", dt.date(2003, 6, 10), dt.date(2003, 6, 10)),
        ("2005-12", dt.date(2005, 12, 1), dt.date(2005, 12, 31)),
        ("2004", dt.date(2004, 1, 1), dt.date(2004, 12, 31)),
        ("2002-06-04/2003-05-07", dt.date(2002, 6, 4), dt.date(2003, 5, 7)),
        ("  2005-12 ", dt.date(2005, 12, 1), dt.date(2005, 12, 31)),
    ],
)
def test_a_deposit_typed_in_any_precision_is_saved_as_its_interval(
    convention, state, typed, earliest, latest
):
    form = _form(
        convention,
        state,
        signature_earliest="2002-06-03",
        deposit_earliest=typed,
        instrument_kind="ratification",
    )

    assert form.is_valid(), form.errors
    participation = form.save()

    assert (participation.deposit_earliest, participation.deposit_latest) == (earliest, latest)
    assert participation.signature_latest == dt.date(2002, 6, 3)


@pytest.mark.parametrize("typed", ["2005-13", "2005-02-30", "June 2005", "2005/06", "2005-12-01/2005-11-01"])
def test_a_text_that_is_not_a_date_is_refused_beside_its_field(convention, state, typed):
    form = _form(
        convention,
        state,
        signature_earliest="2002-06-03",
        deposit_earliest=typed,
        instrument_kind="ratification",
    )

    assert not form.is_valid()
    assert list(form.errors) == ["deposit_earliest"]
    assert f"“{typed.strip()}”" in form.errors["deposit_earliest"][0]


def test_a_deposit_before_the_signature_is_refused_beside_the_deposit(convention, state):
    form = _form(
        convention,
        state,
        signature_earliest="2003-06",
        deposit_earliest="2003-05",
        instrument_kind="accession",
    )

    assert not form.is_valid()
    assert form.errors == {"deposit_earliest": ["The deposit cannot be earlier than the signature."]}


def test_a_deposit_in_the_month_of_the_signature_may_be_the_same_day(convention, state):
    form = _form(
        convention,
        state,
        signature_earliest="2003-06-10",
        deposit_earliest="2003-06",
        instrument_kind="ratification",
    )

    assert form.is_valid(), form.errors


def test_a_record_with_neither_signature_nor_deposit_is_refused_beside_the_signature(convention, state):
    form = _form(convention, state)

    assert not form.is_valid()
    assert form.errors == {"signature_earliest": ["Record at least a signature or a deposit."]}


def test_a_signature_before_the_convention_opened_is_refused_beside_it(convention, state):
    form = _form(convention, state, signature_earliest="2002")

    assert not form.is_valid()
    assert form.errors == {"signature_earliest": ["A-66 opened for signature on 2002-06-03."]}


def test_a_second_record_of_the_same_state_and_convention_is_refused(convention, state):
    ParticipationFactory(convention=convention, state=state)

    form = _form(convention, state, signature_earliest="2002-07")

    assert not form.is_valid()
    assert form.errors == {"__all__": ["This state already has a record under this convention."]}


def test_the_form_shows_the_stored_dates_as_they_were_typed(convention, state):
    participation = ParticipationFactory(
        convention=convention,
        state=state,
        signature_earliest=dt.date(2002, 6, 4),
        signature_latest=dt.date(2003, 5, 7),
        deposit_earliest=dt.date(2005, 12, 1),
        deposit_latest=dt.date(2005, 12, 31),
    )

    form = ParticipationForm(instance=participation)

    assert form["signature_earliest"].value() == "2002-06-04/2003-05-07"
    assert form["deposit_earliest"].value() == "2005-12"
    assert form["signature_earliest"].label == "Signature date"
    assert form["deposit_earliest"].label == "Deposit date"
    assert form["deposit_latest"].is_hidden


def test_the_same_date_typed_again_is_no_change(convention, state):
    participation = ParticipationFactory(
        convention=convention,
        state=state,
        deposit_earliest=dt.date(2005, 12, 1),
        deposit_latest=dt.date(2005, 12, 31),
    )

    form = _form(
        convention,
        state,
        instance=participation,
        signature_earliest="2002-06-03",
        deposit_earliest="2005-12",
        instrument_kind="ratification",
    )

    assert form.is_valid(), form.errors
    assert form.changed_data == []


def test_a_posted_hidden_end_of_the_interval_is_ignored(convention, state):
    form = _form(
        convention,
        state,
        signature_earliest="2002-06-03",
        signature_latest="2099-01-01",
        deposit_earliest="2005-12",
        deposit_latest="2001-01-01",
        instrument_kind="ratification",
    )

    assert form.is_valid(), form.errors
    participation = form.save()

    assert participation.signature_latest == dt.date(2002, 6, 3)
    assert participation.deposit_latest == dt.date(2005, 12, 31)


def test_clearing_the_deposit_clears_both_ends(convention, state):
    participation = ParticipationFactory(
        convention=convention,
        state=state,
        deposit_earliest=dt.date(2005, 12, 1),
        deposit_latest=dt.date(2005, 12, 31),
    )

    form = _form(convention, state, instance=participation, signature_earliest="2002-06-03")

    assert form.is_valid(), form.errors
    form.save()
    participation.refresh_from_db()
    assert (participation.deposit_earliest, participation.deposit_latest) == (None, None)
    assert Participation.objects.get().deposit is None
