import factory

from states.models import Contact, State, Subregion
from states.services import secretariat_group_ensure

# Neither an OAS member's ISO code nor any code a test names (PER, PE, ZP, OWN, ...) starts with
# these letters, so a made-up state never takes a named one's code however many states a test
# run has made. That leaves 104 two-letter codes: a single test may make up to 104 states.
UNUSED_INITIALS = "FIWY"


def _made_up_code(n: int, length: int) -> str:
    rest = "".join(chr(65 + (n // 26**i) % 26) for i in reversed(range(length - 1)))
    return UNUSED_INITIALS[(n // 26 ** (length - 1)) % len(UNUSED_INITIALS)] + rest


class StateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = State
        django_get_or_create = ("iso3",)

    iso3 = factory.Sequence(lambda n: _made_up_code(n, 3))
    iso2 = factory.Sequence(lambda n: _made_up_code(n, 2))
    name_en = factory.Sequence(lambda n: f"State {n}")
    name_es = factory.LazyAttribute(lambda o: f"Estado {o.name_en}")
    name_fr = factory.LazyAttribute(lambda o: f"État {o.name_en}")
    name_pt = factory.LazyAttribute(lambda o: f"Estado {o.name_en}")
    subregion = Subregion.CARIBBEAN
    oas_member_since = 1948


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    state = factory.SubFactory(StateFactory)
    role = Contact.Role.PERMANENT_MISSION
    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


class LiaisonFactory(ContactFactory):
    role = Contact.Role.LIAISON
    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.user.email)


class SecretariatStaffFactory(UserFactory):
    """A member of the secretariat: staff, in the "Secretariat" group, with its permissions."""

    class Meta:
        skip_postgeneration_save = True

    is_staff = True

    @factory.post_generation
    def secretariat(user, create, extracted, **kwargs):
        if create:
            user.groups.add(secretariat_group_ensure())
