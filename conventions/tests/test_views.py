"""The public status pages, read as an anonymous visitor would read them."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from conventions.models import InstrumentKind
from conventions.tests.factories import ConventionFactory, ParticipationFactory, ReservationFactory
from states.tests.factories import StateFactory

pytestmark = pytest.mark.django_db

ADOPTED = dt.date(2002, 6, 3)

# What the status page asks the database, whatever the number of states or records:
STATUS_PAGE_QUERIES = [
    "the convention by its code, with its following body",
    "the bodies it set up (prefetched)",
    "every state",
    "the convention's participations",
    "their reservations (prefetched)",
    "the convention's entry into force (its n-th deposit)",
    "the objections to its reservations, with each objecting state's deposit",
    "the territorial and provisional applications and successions",
]
# And the list page, whatever the number of conventions:
LIST_PAGE_QUERIES = [
    "the number of conventions, for the pages",
    "the page's conventions with their following body",
    "their counts, by the database",
    "their entries into force (each one's n-th deposit)",
]


class _Elements(HTMLParser):
    """Collects the text and link targets inside each element that has an id."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.texts: dict[str, list[str]] = {}
        self.hrefs: dict[str, list[str]] = {}
        self.attributes: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        element_id = attrs.get("id")
        if element_id:
            self.texts.setdefault(element_id, [])
            self.hrefs.setdefault(element_id, [])
            self.attributes[element_id] = attrs
        if tag == "a" and attrs.get("href"):
            for _tag, open_id in self.open:
                if open_id:
                    self.hrefs[open_id].append(attrs["href"])
        if tag not in self.VOID:
            self.open.append((tag, element_id))

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _tag, open_id in self.open:
            if open_id:
                self.texts[open_id].append(data)


class Page:
    def __init__(self, response):
        self.parser = _Elements()
        self.parser.feed(response.content.decode())

    def text(self, element_id: str) -> str:
        """The text of the element as a reader sees it, spaces collapsed."""
        assert element_id in self.parser.texts, f"no element #{element_id} on the page"
        return re.sub(r"\s+", " ", "".join(self.parser.texts[element_id])).strip()

    def links(self, element_id: str) -> list[str]:
        return self.parser.hrefs[element_id]

    def attribute(self, element_id: str, name: str) -> str | None:
        return self.parser.attributes[element_id].get(name)

    def has(self, element_id: str) -> bool:
        return element_id in self.parser.texts


def status_url(code, **query):
    url = reverse("conventions:status", kwargs={"code": code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def convention():
    return ConventionFactory(
        code="A-66",
        title_en="Inter-American Convention against Terrorism",
        title_es="Convención Interamericana contra el Terrorismo",
        adopted_at_en="Bridgetown, Barbados",
        adopted_on=ADOPTED,
        entry_into_force_on=dt.date(2003, 7, 10),
    )


@pytest.fixture
def signatory(convention):
    barbados = StateFactory(iso3="BRB", iso2="BB", name_en="Barbados")
    return ParticipationFactory(convention=convention, state=barbados)


@pytest.fixture
def party(convention):
    return ParticipationFactory(
        convention=convention,
        state=StateFactory(iso3="CAN", iso2="CA", name_en="Canada"),
        deposit_earliest=dt.date(2002, 12, 2),
    )


def test_anyone_may_read_the_list_without_signing_in(client, convention):
    response = client.get(reverse("conventions:list"))

    assert response.status_code == 200


def test_list_shows_each_convention_with_its_counts_as_of_today(client, convention, signatory, party):
    ParticipationFactory(
        convention=convention,
        state=StateFactory(iso3="BOL", iso2="BO"),
        # Signed some day in a range, and the range is long past: a signatory for certain.
        signature_earliest=dt.date(2002, 6, 3),
        signature_latest=dt.date(2003, 5, 7),
    )
    StateFactory(iso3="URY", iso2="UY")  # has done nothing
    other = ConventionFactory(code="B-99", adopted_at_en="Panama", followed_by=None)

    page = Page(client.get(reverse("conventions:list")))

    row = page.text("convention-A-66")
    assert "A-66" in row
    assert "Inter-American Convention against Terrorism" in row
    assert "Bridgetown, Barbados, 2002-06-03" in row
    assert convention.followed_by.acronym in row
    # Signatories 3, parties 1, in force for 1 state, none uncertain.
    assert row.endswith("3 1 1 state 0")
    assert page.links("convention-A-66")[0] == convention.get_absolute_url()
    assert page.text(f"convention-{other.code}").endswith("0 0 0 states 0")


def test_list_counts_a_state_whose_signature_may_not_have_happened_as_uncertain(client, convention):
    # A deposit known only to the year ahead: today it may or may not have happened.
    next_year = dt.date.today().year + 1
    ParticipationFactory(
        convention=convention,
        state=StateFactory(iso3="HTI", iso2="HT"),
        signature_earliest=dt.date(2002, 6, 3),
        signature_latest=dt.date(next_year, 12, 31),
    )

    page = Page(client.get(reverse("conventions:list")))

    assert page.text("convention-A-66").endswith("0 0 0 states 1")


def test_list_shows_titles_in_the_language_the_reader_chose(client, convention):
    client.post(reverse("set_language"), {"language": "es", "next": "/"})

    page = Page(client.get(reverse("conventions:list")))

    assert "Convención Interamericana contra el Terrorismo" in page.text("convention-A-66")


def test_status_page_shows_a_signatory_and_a_party_with_their_dates(client, convention, signatory, party):
    page = Page(client.get(status_url("A-66", as_of="2024-01-01")))

    assert page.text("state-BRB") == "Barbados 2002-06-03 — — — Signatory"
    # In force for Canada from the convention's own entry into force, which came later.
    assert page.text("state-CAN") == "Canada 2002-06-03 Ratification, 2002-12-02 — 2003-07-10 Party"
    assert page.text("count-signatories") == "2"
    assert page.text("count-parties") == "1"
    assert page.text("count-in-force") == "1 state"


def test_status_page_heading_gives_adoption_and_entry_into_force(client, convention):
    response = client.get(status_url("A-66"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Bridgetown, Barbados, 2002-06-03" in content
    assert "2003-07-10" in content
    assert not Page(response).has("entry-into-force-mismatch")


def test_status_page_warns_when_recorded_entry_into_force_disagrees_with_the_deposits(
    client, convention, party
):
    # With one instrument needed and Canada's deposited on 2002-12-02, the convention was in
    # force 30 days later, not on the recorded 2003-07-10.
    convention.eif_instruments_required = 1
    convention.save()

    page = Page(client.get(status_url("A-66")))

    warning = page.text("entry-into-force-mismatch")
    assert "2003-07-10" in warning
    assert "2003-01-01" in warning


def test_an_approximate_deposit_is_shown_as_known_with_a_footnote(client, convention):
    ParticipationFactory(
        convention=convention,
        state=StateFactory(iso3="BOL", iso2="BO", name_en="Bolivia"),
        deposit_earliest=dt.date(2005, 12, 1),
        deposit_latest=dt.date(2005, 12, 31),
        instrument_kind=InstrumentKind.RATIFICATION,
    )

    page = Page(client.get(status_url("A-66", as_of="2024-01-01")))

    row = page.text("state-BOL")
    assert "Ratification, 2005-12" in row
    # The deposit's marker is the row's first, and leads to the note explaining it.
    deposit_note = page.links("state-BOL")[0]
    assert deposit_note == "#note-1"
    assert page.text("note-1") == "Deposit by Bolivia: in 2005-12, day not known. ↩"
    # Thirty days after a deposit some day in December 2005 is itself a range, with its own note.
    assert "2005-12-31/2006-01-30" in row
    assert page.links("state-BOL")[1] == "#note-2"
    assert page.text("note-2").startswith("In force for Bolivia: between 2005-12-31 and 2006-01-30")


def test_before_its_deposit_a_state_is_shown_as_a_signatory(client, convention, party):
    page = Page(client.get(status_url("A-66", as_of="2002-10-01")))

    assert page.text("state-CAN") == "Canada 2002-06-03 — — — Signatory"
    assert page.text("count-parties") == "0"
    assert page.attribute("id_as_of", "value") == "2002-10-01"


def test_a_state_whose_deposit_may_not_yet_have_happened_is_uncertain_with_its_possibilities(
    client, convention
):
    ParticipationFactory(
        convention=convention,
        state=StateFactory(iso3="BOL", iso2="BO", name_en="Bolivia"),
        deposit_earliest=dt.date(2005, 12, 1),
        deposit_latest=dt.date(2005, 12, 31),
        instrument_kind=InstrumentKind.RATIFICATION,
    )

    page = Page(client.get(status_url("A-66", as_of="2005-12-15")))

    assert page.text("state-BOL").endswith("Uncertain may be: Signatory, Party")
    assert page.text("count-uncertain") == "1"


def test_reservations_are_listed_with_their_text(client, party):
    ReservationFactory(participation=party, kind="reservation", article="Art. 13", text="On asylum.")

    page = Page(client.get(status_url("A-66")))

    assert "Reservation, Art. 13 On asylum." in page.text("state-CAN")


def test_states_that_took_no_action_are_listed_apart(client, convention, signatory):
    StateFactory(iso3="URY", iso2="UY", name_en="Uruguay")

    page = Page(client.get(status_url("A-66")))

    assert page.text("not-signed-list") == "Uruguay"
    assert not page.has("state-URY")


def test_a_date_before_adoption_shows_every_state_as_not_signed(client, convention, signatory, party):
    response = client.get(status_url("A-66", as_of="2001-01-01"))

    assert response.status_code == 200
    page = Page(response)
    assert page.text("not-signed-list") == "BarbadosCanada"
    assert page.text("count-signatories") == "0"
    assert not page.has("state-CAN")


def test_an_invalid_date_is_shown_beside_the_field_not_an_error_page(client, convention, party):
    response = client.get(status_url("A-66", as_of="2024-02-30"))

    assert response.status_code == 200
    page = Page(response)
    assert page.text("id_as_of_error") == "Enter a valid date."
    assert page.attribute("id_as_of", "aria-invalid") == "true"
    # The page still shows the record, as of today.
    assert page.text("state-CAN").endswith("Party")


def test_unknown_convention_is_not_found(client):
    assert client.get(status_url("Z-1")).status_code == 404


def _convention_with_states(code: str, states: int):
    """A convention that every other state signed and every fourth ratified with a declaration."""
    convention = ConventionFactory(code=code)
    for index in range(states):
        state = StateFactory()
        if index % 2:
            continue
        deposit = dt.date(2003, 1, 1) + dt.timedelta(days=index) if index % 4 == 0 else None
        participation = ParticipationFactory(convention=convention, state=state, deposit_earliest=deposit)
        if deposit:
            ReservationFactory(participation=participation)
    return convention


@pytest.mark.parametrize("states", [3, 40])
def test_status_page_queries_do_not_grow_with_the_states(client, django_assert_num_queries, states):
    convention = _convention_with_states("Q-1", states)

    with django_assert_num_queries(len(STATUS_PAGE_QUERIES)):
        response = client.get(convention.get_absolute_url())

    assert response.status_code == 200


@pytest.mark.parametrize("conventions", [1, 3])
def test_list_page_queries_do_not_grow_with_the_conventions(client, django_assert_num_queries, conventions):
    for number in range(conventions):
        _convention_with_states(f"Q-{number}", 5)

    with django_assert_num_queries(len(LIST_PAGE_QUERIES)):
        response = client.get(reverse("conventions:list"))

    assert response.status_code == 200


def test_the_list_comes_in_pages_each_with_its_own_counts(client, monkeypatch):
    from conventions import views

    monkeypatch.setattr(views, "CONVENTIONS_PER_PAGE", 2)
    for code in ["P-1", "P-2", "P-3"]:
        _convention_with_states(code, 8)  # 4 signatories, 2 parties each

    first = Page(client.get(reverse("conventions:list")))
    last = Page(client.get(reverse("conventions:list") + "?page=2"))
    not_a_page = Page(client.get(reverse("conventions:list") + "?page=many"))

    assert "convention-P-1" in first.parser.texts and "convention-P-3" not in first.parser.texts
    assert first.text("convention-P-2").endswith("4 2 0 states 0")
    assert "Page 1 of 2" in first.parser.texts["pagination"]
    assert "convention-P-3" in last.parser.texts and "convention-P-1" not in last.parser.texts
    assert last.text("convention-P-3").endswith("4 2 0 states 0")
    assert "convention-P-1" in not_a_page.parser.texts
