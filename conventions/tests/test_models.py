"""Every rule of the record fails twice: readably in full_clean(), and in the database."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conventions.models import InstrumentKind, Participation
from conventions.tests.factories import ConventionFactory, ParticipationFactory, ReservationFactory
from states.tests.factories import StateFactory

pytestmark = pytest.mark.django_db
D = dt.date


def refused_by_database(instance):
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


def refused_by_validation(instance, field, words):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    assert field in caught.value.message_dict, caught.value.message_dict
    assert words in " ".join(caught.value.message_dict[field])


def participation(**fields):
    defaults = {"convention": ConventionFactory(), "state": StateFactory()}
    return Participation(**(defaults | fields))


BROKEN_RULES = [
    pytest.param(
        {"signature_earliest": None, "signature_latest": None},
        "signature_earliest", "at least a signature or a deposit", id="no-action",
    ),
    pytest.param(
        {"signature_earliest": D(2003, 1, 1), "signature_latest": D(2002, 12, 1)},
        "signature_earliest", "range is reversed", id="reversed-signature",
    ),
    pytest.param(
        {"deposit_earliest": D(2003, 1, 1), "deposit_latest": None, "instrument_kind": "ratification"},
        "deposit_earliest", "incomplete", id="half-a-deposit",
    ),
    pytest.param(
        {"deposit_earliest": D(2002, 5, 1), "deposit_latest": D(2002, 5, 1), "instrument_kind": "ratification"},
        "deposit_earliest", "cannot be earlier than the signature", id="deposit-before-signature",
    ),
    pytest.param(
        {"deposit_earliest": D(2004, 1, 1), "deposit_latest": D(2004, 1, 1)},
        "instrument_kind", "needs the kind of instrument", id="deposit-without-instrument",
    ),
    pytest.param(
        {"instrument_kind": "ratification"},
        "instrument_kind", "only a deposit has one", id="instrument-without-deposit",
    ),
    pytest.param(
        {"signature_earliest": None, "signature_latest": None, "instrument_kind": "ratification",
         "deposit_earliest": D(2004, 1, 1), "deposit_latest": D(2004, 1, 1)},
        "instrument_kind", "ratifies what it signed", id="ratification-without-signature",
    ),
    pytest.param(
        {"instrument_kind": "ratification", "deposit_earliest": D(2004, 1, 1), "deposit_latest": D(2004, 1, 1),
         "instrument_dated": D(2004, 2, 1)},
        "instrument_dated", "dated after its deposit", id="instrument-dated-after-deposit",
    ),
    pytest.param(
        {"denunciation_notified_on": D(2010, 1, 1), "denunciation_effective_on": D(2011, 1, 1)},
        "denunciation_notified_on", "Only a party can denounce", id="denunciation-without-deposit",
    ),
    pytest.param(
        {"instrument_kind": "ratification", "deposit_earliest": D(2004, 1, 1), "deposit_latest": D(2004, 1, 1),
         "denunciation_notified_on": D(2003, 1, 1), "denunciation_effective_on": D(2004, 6, 1)},
        "denunciation_notified_on", "must follow the deposit", id="denunciation-before-deposit",
    ),
    pytest.param(
        {"instrument_kind": "ratification", "deposit_earliest": D(2004, 1, 1), "deposit_latest": D(2004, 1, 1),
         "denunciation_notified_on": D(2010, 1, 1), "denunciation_effective_on": D(2009, 1, 1)},
        "denunciation_effective_on", "not earlier than the notification", id="denunciation-effective-first",
    ),
    pytest.param(
        {"instrument_kind": "ratification", "deposit_earliest": D(2004, 1, 1), "deposit_latest": D(2004, 1, 1),
         "denunciation_notified_on": D(2010, 1, 1)},
        "denunciation_effective_on", "needs both", id="denunciation-without-effect",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "field", "words"), BROKEN_RULES)
def test_a_broken_rule_is_explained_beside_its_field(fields, field, words):
    signed = {"signature_earliest": D(2002, 6, 3), "signature_latest": D(2002, 6, 3)}
    refused_by_validation(participation(**(signed | fields)), field, words)


@pytest.mark.parametrize(("fields", "field", "words"), BROKEN_RULES)
def test_a_broken_rule_is_refused_by_the_database(fields, field, words):
    signed = {"signature_earliest": D(2002, 6, 3), "signature_latest": D(2002, 6, 3)}
    refused_by_database(participation(**(signed | fields)))


def test_signature_and_deposit_on_the_same_day_are_allowed():
    """Canada signed and ratified the terrorism convention on 2002-12-02."""
    day = D(2002, 12, 2)
    record = participation(
        signature_earliest=day, signature_latest=day,
        deposit_earliest=day, deposit_latest=day, instrument_kind=InstrumentKind.RATIFICATION,
    )  # fmt: skip

    record.full_clean()
    record.save()


def test_a_deposit_known_to_the_month_may_share_the_signature_month():
    record = participation(
        signature_earliest=D(2005, 12, 10), signature_latest=D(2005, 12, 10),
        deposit_earliest=D(2005, 12, 1), deposit_latest=D(2005, 12, 31), instrument_kind="ratification",
    )  # fmt: skip

    record.full_clean()


def test_one_record_per_state_and_convention():
    first = ParticipationFactory()
    second = participation(
        convention=first.convention, state=first.state,
        signature_earliest=D(2002, 6, 3), signature_latest=D(2002, 6, 3),
    )  # fmt: skip

    refused_by_validation(second, "__all__", "already has a record under this convention")
    refused_by_database(second)


def test_a_signature_before_the_convention_opened_is_explained():
    convention = ConventionFactory(adopted_on=D(2002, 6, 3))
    early = participation(
        convention=convention, signature_earliest=D(2002, 6, 1), signature_latest=D(2002, 6, 1)
    )

    refused_by_validation(early, "signature_earliest", "opened for signature on 2002-06-03")


def test_a_reservation_cannot_be_withdrawn_before_it_was_made():
    reservation = ReservationFactory.build(
        participation=ParticipationFactory(), made_on=D(2005, 1, 1), withdrawn_on=D(2004, 1, 1)
    )

    refused_by_validation(reservation, "withdrawn_on", "withdrawn before it was made")
    refused_by_database(reservation)


def test_a_convention_cannot_open_for_signature_before_adoption():
    convention = ConventionFactory.build(
        adopted_on=D(2002, 6, 3), opened_for_signature_on=D(2002, 6, 2), followed_by=None
    )

    refused_by_validation(convention, "opened_for_signature_on", "before it is adopted")
    refused_by_database(convention)
