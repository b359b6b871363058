import datetime as dt

import factory

from conventions.tests.factories import BodyFactory
from reports.models import (
    Contribution,
    ItemOrganization,
    ItemState,
    Meeting,
    Organization,
    OrganizationCategory,
    ProgramArea,
    ReportItem,
    StateRole,
)
from states.tests.factories import StateFactory


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("short_name",)

    short_name = factory.Sequence(lambda n: f"ORG{n}")
    name_en = factory.LazyAttribute(lambda o: f"Organization {o.short_name}")
    category = OrganizationCategory.INTERNATIONAL


class ProgramAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramArea
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"area-{n}")
    name_en = factory.LazyAttribute(lambda o: f"Program {o.code}")
    position = factory.Sequence(lambda n: n)


class ReportItemFactory(factory.django.DjangoModelFactory):
    """A webinar on one day of 2020."""

    class Meta:
        model = ReportItem

    reference = factory.Sequence(lambda n: f"item-{n}")
    body = factory.SubFactory(BodyFactory, acronym="CICTE")
    kind = ReportItem.Kind.WEBINAR
    title = factory.Sequence(lambda n: f"Webinar {n}")
    date_earliest = dt.date(2020, 5, 5)
    date_latest = factory.LazyAttribute(lambda o: o.date_earliest)
    is_virtual = True
    organized_by_secretariat = True


class ItemStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemState

    item = factory.SubFactory(ReportItemFactory)
    state = factory.SubFactory(StateFactory)
    role = StateRole.PARTICIPANT


class ItemOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemOrganization

    item = factory.SubFactory(ReportItemFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = ItemOrganization.Role.ORGANIZER


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    code = factory.Sequence(lambda n: f"meeting-{n}")
    body = factory.SubFactory(BodyFactory, acronym="CICTE")
    kind = Meeting.Kind.REGULAR
    number = factory.Sequence(lambda n: n + 1)
    title_en = factory.LazyAttribute(lambda o: f"Regular Session {o.number}")
    date_earliest = dt.date(2020, 9, 25)
    date_latest = factory.LazyAttribute(lambda o: o.date_earliest)


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    body = factory.SubFactory(BodyFactory, acronym="CICTE")
    year = 2020
    state = factory.SubFactory(StateFactory)
    organization = None
    financial = True
