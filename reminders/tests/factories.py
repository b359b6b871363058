import factory
from django.utils import timezone

from conventions.tests.factories import ConventionFactory
from reminders.models import (
    Digest,
    Frequency,
    OutreachEntry,
    OutreachKind,
    PolicyAudience,
    PolicyKind,
    ReminderPolicy,
)
from states.tests.factories import ContactFactory


class ReminderPolicyFactory(factory.django.DjangoModelFactory):
    """Signed but not ratified for more than a year, quarterly, to every contact."""

    class Meta:
        model = ReminderPolicy

    name = factory.Sequence(lambda n: f"Policy {n}")
    convention = factory.SubFactory(ConventionFactory)
    kind = PolicyKind.SIGNED_NOT_RATIFIED
    days = 365
    frequency = Frequency.QUARTERLY
    audience = PolicyAudience.ALL_CONTACTS


class DigestFactory(factory.django.DjangoModelFactory):
    """A claimed digest, as the dispatch leaves it; set ``status`` and the rest to move it on."""

    class Meta:
        model = Digest

    contact = factory.SubFactory(ContactFactory)
    state = factory.LazyAttribute(lambda o: o.contact.state)
    period = "2026-Q4"
    as_of = factory.LazyFunction(timezone.localdate)
    language = factory.LazyAttribute(lambda o: o.contact.language)
    recipient = factory.LazyAttribute(lambda o: o.contact.email)
    subject = "Reminder"
    body_text = "Pending: a ratification."
    body_html = "<p>Pending: a ratification.</p>"
    items = factory.LazyFunction(list)


class OutreachEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachEntry

    code = factory.Sequence(lambda n: f"letter-{n}")
    kind = OutreachKind.LETTER
    subject = factory.Sequence(lambda n: f"Letter {n}")
