"""The road to entry into force: how far a convention is from it, and what a deposit on a day
would bring, as the domain counts it and as the convention page, a state's dashboard and the API
show it.

The reference record's conventions are both in force, so a convention short of its instruments is
generated here (shaped like A-66: in force on the thirtieth day after the sixth deposit).
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from conventions.approx_dates import ApproxDate
from conventions.entry_into_force import Instruments, instruments_by_convention, road_to_entry_into_force
from conventions.models import Convention
from conventions.tests.factories import ConventionFactory, ParticipationFactory
from conventions.tests.test_views import STATUS_PAGE_QUERIES, Page
from states.tests.factories import LiaisonFactory, StateFactory

DAY = dt.date(2026, 12, 4)
THIRTY_DAYS_LATER = dt.date(2027, 1, 3)

# What the road on a day asks the database, whatever the number of states (treaty_status_as_of):
ROAD_QUERIES = [
    "every state",
    "the convention's reservations",
    "the convention's participations",
    "its entry into force (its n-th deposit)",
]
# And its API endpoint:
API_QUERIES = ["the convention by its code, with its following body", *ROAD_QUERIES]


def convention_with_deposits(deposits: int, *, code="R-1", signatories=1, **fields) -> Convention:
    """A convention needing six instruments, with ``deposits`` of them made in 2003 and
    ``signatories`` states that signed and did nothing more (the first is Jamaica)."""
    convention = ConventionFactory(code=code, **fields)
    for number in range(deposits):
        ParticipationFactory(convention=convention, deposit_earliest=dt.date(2003, 1, 10 + number))
    for number in range(signatories):
        state = StateFactory(iso3="JAM", iso2="JM", name_en="Jamaica") if number == 0 else StateFactory()
        ParticipationFactory(convention=convention, state=state)
    return convention


# The domain.


@pytest.mark.django_db
def test_short_of_two_instruments_no_single_deposit_gives_a_date():
    road = road_to_entry_into_force(convention_with_deposits(4), DAY)

    assert road.road.instruments == Instruments(deposited=4, possibly_deposited=0)
    assert (road.road.required, road.road.still_needed) == (6, 2)
    assert not road.road.in_force and road.road.entry_into_force is None
    assert road.road.in_force_after_a_deposit_on_the_day is None
    [jamaica] = road.signatories
    assert (jamaica.state.iso3, jamaica.in_force_on, jamaica.others_still_needed) == ("JAM", None, 1)


@pytest.mark.django_db
def test_short_of_one_instrument_the_next_deposit_brings_it_into_force_thirty_days_later():
    road = road_to_entry_into_force(convention_with_deposits(5), DAY)

    assert road.road.still_needed == 1
    assert road.road.in_force_after_a_deposit_on_the_day == ApproxDate.exact(THIRTY_DAYS_LATER)
    # The signatory's deposit would be the last one needed: in force for it the same day.
    assert road.signatories[0].in_force_on == ApproxDate.exact(THIRTY_DAYS_LATER)
    assert road.signatories[0].others_still_needed == 0


@pytest.mark.django_db
def test_once_the_last_instrument_is_in_a_later_deposit_counts_from_the_convention_or_its_own_day():
    convention = convention_with_deposits(5)
    ParticipationFactory(convention=convention, deposit_earliest=DAY - dt.timedelta(days=10))

    road = road_to_entry_into_force(convention, DAY)

    assert road.road.still_needed == 0
    assert road.road.entry_into_force == ApproxDate.exact(dt.date(2026, 12, 24))
    assert not road.road.in_force
    # Its own thirty days end after the convention's: the later of the two.
    assert road.signatories[0].in_force_on == ApproxDate.exact(THIRTY_DAYS_LATER)


@pytest.mark.django_db
def test_a_recorded_entry_into_force_later_than_the_deposits_give_holds_back_a_new_party():
    # As published, the convention entered into force later than thirty days after the sixth
    # deposit: the recorded date prevails for the states' own entry into force as well.
    convention = convention_with_deposits(5)
    ParticipationFactory(convention=convention, deposit_earliest=DAY - dt.timedelta(days=10))
    convention.entry_into_force_on = dt.date(2027, 2, 1)
    convention.save()

    road = road_to_entry_into_force(convention, DAY)

    assert road.road.entry_into_force == ApproxDate.exact(dt.date(2027, 2, 1))
    assert road.signatories[0].in_force_on == ApproxDate.exact(dt.date(2027, 2, 1))


@pytest.mark.django_db
def test_on_a_past_day_the_road_knows_only_the_deposits_made_by_then():
    convention = convention_with_deposits(6, entry_into_force_on=dt.date(2003, 2, 14))

    # The sixth deposit came on 2003-01-15: on the 14th, one was still needed.
    road = road_to_entry_into_force(convention, dt.date(2003, 1, 14))

    assert (road.road.instruments.deposited, road.road.still_needed) == (5, 1)
    assert road.road.entry_into_force is None
    assert road.road.in_force_after_a_deposit_on_the_day == ApproxDate.exact(dt.date(2003, 2, 13))


@pytest.mark.django_db
def test_a_deposit_whose_day_may_be_after_the_day_is_not_counted_but_told():
    convention = convention_with_deposits(5)
    ParticipationFactory(
        convention=convention, deposit_earliest=dt.date(2026, 12, 1), deposit_latest=dt.date(2026, 12, 31)
    )

    road = road_to_entry_into_force(convention, DAY)

    assert road.road.instruments == Instruments(deposited=5, possibly_deposited=1)
    assert road.road.still_needed == 1
    assert road.road.entry_into_force is None


@pytest.mark.django_db
def test_in_force_the_signatories_are_bound_thirty_days_after_their_own_deposit():
    road = road_to_entry_into_force(convention_with_deposits(6), DAY)

    assert road.road.in_force and road.road.still_needed == 0
    assert road.signatories[0].in_force_on == ApproxDate.exact(THIRTY_DAYS_LATER)


@pytest.mark.django_db
def test_a_denunciation_is_listed_from_its_notification_with_the_day_it_takes_effect():
    convention = convention_with_deposits(6, signatories=0)
    ParticipationFactory(
        convention=convention,
        state=StateFactory(iso3="TTO", iso2="TT", name_en="Trinidad and Tobago"),
        deposit_earliest=dt.date(2004, 1, 1),
        denunciation_notified_on=dt.date(2026, 3, 1),
        denunciation_effective_on=dt.date(2027, 3, 1),
    )

    [pending] = road_to_entry_into_force(convention, DAY).denunciations
    [in_effect] = road_to_entry_into_force(convention, dt.date(2027, 3, 1)).denunciations

    assert (pending.state.iso3, pending.notified_on, pending.effective_on) == (
        "TTO",
        dt.date(2026, 3, 1),
        dt.date(2027, 3, 1),
    )
    assert not pending.in_effect and in_effect.in_effect
    assert road_to_entry_into_force(convention, dt.date(2026, 2, 28)).denunciations == []


@pytest.mark.django_db
def test_the_instruments_are_counted_for_each_convention_by_the_database(django_assert_num_queries):
    short = convention_with_deposits(4)
    empty = ConventionFactory(code="R-2")

    with django_assert_num_queries(1):  # the deposits by the day, grouped by convention
        counted = instruments_by_convention([short, empty], DAY)

    assert counted == {short.pk: Instruments(4, 0), empty.pk: Instruments(0, 0)}


@pytest.mark.django_db
@pytest.mark.parametrize("signatories", [2, 30])
def test_the_road_takes_the_same_queries_however_many_states(django_assert_num_queries, signatories):
    convention = convention_with_deposits(4, signatories=signatories)

    with django_assert_num_queries(len(ROAD_QUERIES)):
        road = road_to_entry_into_force(convention, DAY)

    assert len(road.signatories) == signatories


# The reference record: both conventions in force.


@pytest.mark.usefixtures("reference_record")
@pytest.mark.django_db
def test_a_signatory_of_a66_would_be_bound_thirty_days_after_a_deposit():
    road = road_to_entry_into_force(Convention.objects.get(code="A-66"), DAY)

    assert road.road.in_force
    assert road.road.entry_into_force == ApproxDate.exact(dt.date(2003, 7, 10))
    signatories = {signatory.state.iso3: signatory for signatory in road.signatories}
    assert signatories["JAM"].signature == ApproxDate.exact(dt.date(2002, 6, 3))
    assert signatories["JAM"].in_force_on == ApproxDate.exact(THIRTY_DAYS_LATER)
    # Venezuela ratified and never denounced A-66; Canada ratified on signing.
    assert not {"VEN", "CAN"} & set(signatories)
    assert road.denunciations == []


# The pages.


@pytest.mark.django_db
def test_the_convention_page_shows_how_far_it_is_from_entry_into_force(client):
    convention = convention_with_deposits(4)

    page = Page(client.get(reverse("conventions:status", args=[convention.code]) + f"?as_of={DAY}"))

    assert page.text("road-heading") == "The road to entry into force, as of 2026-12-04"
    assert page.text("road-deposited") == "4"
    assert page.text("road-required") == "6"
    assert page.text("road-still-needed") == "2"
    assert page.text("road-next") == (
        "2 more instruments are needed, so no single deposit on 2026-12-04 would bring it into force; "
        "it enters into force 30 days after the last of them is deposited."
    )
    assert page.text("road-state-JAM") == "Jamaica 2002-06-03 Not yet: 1 other instrument is still needed"


@pytest.mark.django_db
def test_one_short_the_convention_page_gives_the_date_of_the_next_deposit(client):
    convention = convention_with_deposits(5)
    ParticipationFactory(
        convention=convention, deposit_earliest=dt.date(2026, 12, 1), deposit_latest=dt.date(2026, 12, 31)
    )

    page = Page(client.get(reverse("conventions:status", args=[convention.code]) + f"?as_of={DAY}"))

    assert page.text("road-next") == (
        "If one more instrument is deposited on 2026-12-04, the convention enters into force on 2027-01-03."
    )
    assert page.text("road-state-JAM") == "Jamaica 2002-06-03 2027-01-03"
    assert "which may be after 2026-12-04: it is not counted" in page.text("road-possibly-deposited")


@pytest.mark.django_db
def test_the_convention_page_lists_a_notified_denunciation(client):
    convention = convention_with_deposits(6, signatories=0)
    ParticipationFactory(
        convention=convention,
        state=StateFactory(iso3="TTO", iso2="TT", name_en="Trinidad and Tobago"),
        deposit_earliest=dt.date(2004, 1, 1),
        denunciation_notified_on=dt.date(2026, 3, 1),
        denunciation_effective_on=dt.date(2027, 3, 1),
    )

    page = Page(client.get(reverse("conventions:status", args=[convention.code]) + f"?as_of={DAY}"))

    assert not page.has("road-counts")  # in force: nothing left to count
    assert page.text("road-denunciation-TTO") == (
        "Trinidad and Tobago: notified on 2026-03-01, takes effect on 2027-03-01."
    )


@pytest.mark.django_db
def test_a_convention_in_force_with_nothing_pending_has_no_road(client):
    convention = convention_with_deposits(6, signatories=0)

    page = Page(client.get(reverse("conventions:status", args=[convention.code])))

    assert not page.has("road-heading")


@pytest.mark.django_db
@pytest.mark.parametrize("signatories", [2, 30])
def test_the_road_adds_no_query_to_the_convention_page(client, django_assert_num_queries, signatories):
    convention = convention_with_deposits(5, signatories=signatories)

    # Read off the status the page reads anyway.
    with django_assert_num_queries(len(STATUS_PAGE_QUERIES)):
        page = Page(client.get(reverse("conventions:status", args=[convention.code])))

    assert page.text("road-still-needed") == "1"


@pytest.mark.django_db
def test_a_liaisons_dashboard_tells_her_what_a_deposit_today_would_bring(client):
    short = convention_with_deposits(5, code="R-1")
    jamaica = short.participations.get(state__iso3="JAM").state
    in_force = convention_with_deposits(6, code="R-2", signatories=0)
    ParticipationFactory(convention=in_force, state=jamaica)
    client.force_login(LiaisonFactory(state=jamaica).user)
    in_thirty_days = (timezone.localdate() + dt.timedelta(days=30)).isoformat()

    page = Page(client.get(reverse("dashboards:state", args=["JAM"])))

    today = timezone.localdate().isoformat()
    assert page.text("road-R-1") == (
        f"R-1 Convention R-1: not yet in force: 5 of the 6 instruments it needs deposited, 1 still needed. "
        f"If Jamaica deposits its instrument on {today}, the convention enters into force for it on "
        f"{in_thirty_days}."
    )
    assert page.text("road-R-2") == (
        f"R-2 Convention R-2: If Jamaica deposits its instrument on {today}, the convention enters into "
        f"force for it on {in_thirty_days}."
    )


# The API.


def road_url(code, **params):
    url = reverse("api:convention-entry-into-force", kwargs={"code": code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.mark.django_db
def test_the_api_gives_the_road_on_a_day():
    convention_with_deposits(4)

    response = APIClient().get(road_url("R-1", as_of=DAY))

    assert response.status_code == 200
    body = response.json()
    assert body["signatories"][0].pop("name") == "Jamaica"
    assert body == {
        "convention": "R-1",
        "as_of": "2026-12-04",
        "convention_in_force": False,
        "entry_into_force_on": None,
        "instruments_required": 6,
        "instruments_deposited": 4,
        "instruments_possibly_deposited": 0,
        "instruments_still_needed": 2,
        "days_after_deposit": 30,
        "in_force_if_next_deposited_on": None,
        "signatories": [
            {"state": "JAM", "signed_on": "2002-06-03", "in_force_on": None, "others_still_needed": 1}
        ],
        "denunciations": [],
    }


@pytest.mark.django_db
def test_the_api_gives_the_date_a_last_needed_deposit_would_bring():
    convention_with_deposits(5)

    body = APIClient().get(road_url("R-1", as_of=DAY)).json()

    assert body["in_force_if_next_deposited_on"] == "2027-01-03"
    assert body["signatories"][0]["in_force_on"] == "2027-01-03"


@pytest.mark.django_db
def test_the_api_refuses_a_bad_day_and_an_unknown_convention():
    convention_with_deposits(4)
    client = APIClient()

    bad_day = client.get(road_url("R-1", as_of="2026-13-01"))
    unknown = client.get(road_url("X-1"))

    assert bad_day.status_code == 400 and list(bad_day.json()) == ["as_of"]
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "No convention has the code “X-1”."}


@pytest.mark.django_db
@pytest.mark.parametrize("signatories", [2, 30])
def test_the_api_takes_the_same_queries_however_many_states(django_assert_num_queries, signatories):
    convention_with_deposits(4, signatories=signatories)
    client = APIClient()

    with django_assert_num_queries(len(API_QUERIES)):
        response = client.get(road_url("R-1", as_of=DAY))

    assert len(response.json()["signatories"]) == signatories


@pytest.mark.django_db
def test_the_api_answers_an_odd_code_with_a_404_and_refuses_writing():
    client = APIClient()

    odd = client.get("/api/conventions/%00/entry-into-force/")
    written = client.post(road_url("R-1"), {}, format="json")

    assert odd.status_code == 404 and "detail" in odd.json()
    assert written.status_code == 405
    assert written.json() == {"detail": "This API is read-only: POST is not allowed."}
