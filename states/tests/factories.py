import factory

from states.models import Contact, State, Subregion


class StateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = State
        django_get_or_create = ("iso3",)

    iso3 = factory.Sequence(lambda n: "".join(chr(65 + (n // 26**i) % 26) for i in (2, 1, 0)))
    iso2 = factory.Sequence(lambda n: "".join(chr(65 + (n // 26**i) % 26) for i in (1, 0)))
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
