import datetime as dt

import factory

from conventions.models import (
    Body,
    Convention,
    InstrumentKind,
    Objection,
    Participation,
    ParticipationNotice,
    Reservation,
)
from states.tests.factories import StateFactory


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("acronym",)

    acronym = factory.Sequence(lambda n: f"BODY{n}")
    name_en = factory.LazyAttribute(lambda o: f"Committee {o.acronym}")


class ConventionFactory(factory.django.DjangoModelFactory):
    """A convention shaped like A-66: in force 30 days after the sixth deposit."""

    class Meta:
        model = Convention
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T-{n}")
    short_name_en = factory.LazyAttribute(lambda o: f"Convention {o.code}")
    title_en = factory.LazyAttribute(lambda o: f"Inter-American Convention {o.code}")
    adopted_at_en = "Bridgetown, Barbados"
    adopted_on = dt.date(2002, 6, 3)
    opened_for_signature_on = factory.LazyAttribute(lambda o: o.adopted_on)
    depositary_en = "General Secretariat of the Organization of American States"
    followed_by = factory.SubFactory(BodyFactory)
    eif_instruments_required = 6
    eif_days_after_deposit = 30


class ParticipationFactory(factory.django.DjangoModelFactory):
    """A signature on the day the convention opened; add ``deposit_*`` to make a party."""

    class Meta:
        model = Participation

    convention = factory.SubFactory(ConventionFactory)
    state = factory.SubFactory(StateFactory)
    signature_earliest = factory.LazyAttribute(lambda o: o.convention.opened_for_signature_on)
    signature_latest = factory.LazyAttribute(lambda o: o.signature_earliest)
    deposit_earliest = None
    deposit_latest = factory.LazyAttribute(lambda o: o.deposit_earliest)
    instrument_kind = factory.LazyAttribute(
        lambda o: InstrumentKind.RATIFICATION if o.deposit_earliest else ""
    )


class ReservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reservation

    participation = factory.SubFactory(ParticipationFactory)
    kind = Reservation.Kind.DECLARATION
    article = "Art. 13"
    text = "Declaration on the asylum provision."


class ObjectionFactory(factory.django.DjangoModelFactory):
    """Another state's objection to a reservation, a year after the convention opened."""

    class Meta:
        model = Objection

    reservation = factory.SubFactory(ReservationFactory, kind=Reservation.Kind.RESERVATION)
    objecting_state = factory.SubFactory(StateFactory)
    made_on = factory.LazyAttribute(
        lambda o: o.reservation.participation.convention.opened_for_signature_on + dt.timedelta(days=365)
    )


class ParticipationNoticeFactory(factory.django.DjangoModelFactory):
    """Provisional application from the day of signature; for the other kinds give ``territory``
    or ``predecessor``."""

    class Meta:
        model = ParticipationNotice

    participation = factory.SubFactory(ParticipationFactory)
    kind = ParticipationNotice.Kind.PROVISIONAL
    made_on = factory.LazyAttribute(lambda o: o.participation.signature_earliest)
    effective_on = factory.LazyAttribute(
        lambda o: o.made_on if o.kind == ParticipationNotice.Kind.PROVISIONAL else None
    )
