import factory
from django.utils import timezone

from notifications.models import Subscription


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A confirmed subscription to everything; pass ``convention`` or ``state`` to narrow it."""

    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    language = "en"
    confirmed_at = factory.LazyFunction(timezone.now)
