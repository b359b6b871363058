"""The dashboards as each kind of visitor meets them: the outsider first, then the insider."""

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from conventions.models import InstrumentKind
from conventions.tests.factories import BodyFactory, ConventionFactory, ParticipationFactory
from conventions.tests.test_views import Page
from dashboards.tests.conftest import ADOPTED
from reminders.models import OutreachEntry
from states.models import MembershipEvent, MembershipEventKind, State, Subregion
from states.tests.factories import ContactFactory, StateFactory, UserFactory

pytestmark = pytest.mark.django_db

# What each page asks the database, whatever the number of states and conventions.
SESSION_QUERIES = ["the session", "the signed-in user"]
STATE_PAGE_QUERIES = [
    *SESSION_QUERIES,
    "the liaison's state (states.access; not asked for staff)",
    "the state by its code, among those the user may see",
    "the number of conventions, for the pages",
    "the page's conventions with their following body",
    "the state's participations under them",
    "their reservations (prefetched)",
    "each convention's entry into force (its n-th deposit)",
    "their instruments deposited, counted over every state (the road to entry into force)",
    "the state's OAS membership events",
    "the state's active contacts",
    "the conventions they follow (prefetched)",
    "the bodies they follow (prefetched)",
    "the state's submissions with their cycles, the first of each group (due, overdue, past) and "
    "the number in each",
    "the activities the state had a part in (reports' state_activity)",
    "the meetings it chaired",
    "the meetings it attended",
    "the elections it won",
    "its contributions",
    "the meetings to come, and those that announced the next",
    "the outreach entries naming the state (reminders' outreach_for_state)",
    "the states each entry names (prefetched)",
]
OVERVIEW_QUERIES = [
    *SESSION_QUERIES,
    "every convention",
    "the chosen convention's statuses, for the status filter (status_cells)",
    "every OAS membership event (oas_standings_as_of)",
    "every state (oas_standings_as_of)",
    "the states left by the filters",
    "the number of conventions left by the body filter (for the pages of columns)",
    "the conventions on the page",
    "their cells, by the states shown (status_cells)",
    "their counts, by the states shown (treaty_counts_as_of)",
    "their entries into force",
    "the bodies, for the body filter's choices",
    "the questionnaire cycles of the conventions shown, for links to their compliance",
]
CHARTS_QUERIES = [
    *SESSION_QUERIES,
    "every convention",
    "the chosen convention's statuses, for the status filter (status_cells)",
    "every OAS membership event (oas_standings_as_of)",
    "every state (oas_standings_as_of)",
    "the states left by the filters",
    "the number of conventions left by the body filter (for the pages of columns)",
    "the conventions on the page",
    "their signatories and parties on each day a count changes (the timelines)",
    "every state (the map's convention over every state)",
    "its reservations",
    "its participations",
    "its entry into force",
]


def state_url(iso3):
    return reverse("dashboards:state", kwargs={"iso3": iso3})


def overview_url(**query):
    url = reverse("dashboards:overview")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def charts_url(**query):
    return overview_url(**query).replace(
        reverse("dashboards:overview"), reverse("dashboards:overview_charts")
    )


@pytest.fixture
def convention():
    return ConventionFactory(
        code="A-66",
        short_name_en="Terrorism",
        adopted_on=ADOPTED,
        entry_into_force_on=dt.date(2003, 7, 10),
        followed_by=BodyFactory(acronym="CICTE"),
    )


@pytest.fixture
def cifta():
    return ConventionFactory(
        code="A-63",
        short_name_en="CIFTA",
        adopted_on=dt.date(1997, 11, 14),
        entry_into_force_on=dt.date(1998, 7, 1),
        followed_by=BodyFactory(acronym="CIFTA-CC"),
    )


# Home: where signing in leads.


def test_home_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get(reverse("dashboards:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=/dashboard/")


def test_signing_in_leads_a_liaison_to_her_state_page(client, peru_liaison):
    response = client.post(
        reverse("login"), {"username": "peru-liaison", "password": "a-long-test-password"}, follow=True
    )

    assert response.redirect_chain[-1][0] == state_url("PER")
    assert Page(response).text("state-heading") == "PER Peru"


def test_signing_in_leads_staff_to_the_overview(client, staff):
    response = client.post(
        reverse("login"), {"username": "secretariat", "password": "a-long-test-password"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("dashboards:overview")


def test_a_signed_in_user_with_no_state_is_told_so(client):
    client.force_login(UserFactory())

    response = client.get(reverse("dashboards:home"))

    assert response.status_code == 200
    assert "not linked to a member state" in Page(response).text("no-dashboard")


def test_the_header_links_to_the_dashboard_once_signed_in(client, peru_liaison):
    assert reverse("dashboards:home") not in client.get(reverse("conventions:list")).text
    client.force_login(peru_liaison.user)

    assert f'href="{reverse("dashboards:home")}"' in client.get(reverse("conventions:list")).text


# A state's page.


def test_state_page_sends_an_anonymous_visitor_to_sign_in(client, peru):
    response = client.get(state_url("PER"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={state_url('PER')}"


@pytest.mark.parametrize("asked", ["PER", "XYZ"])
def test_a_liaison_of_another_state_gets_not_found(client, peru, chile_liaison, asked):
    client.force_login(chile_liaison.user)

    assert client.get(state_url(asked)).status_code == 404


def test_a_user_with_no_state_gets_not_found(client, peru):
    client.force_login(UserFactory())

    assert client.get(state_url("PER")).status_code == 404


def test_a_liaison_sees_her_state_under_each_convention(client, peru_liaison, convention, cifta):
    peru = peru_liaison.state
    ParticipationFactory(convention=convention, state=peru)
    ParticipationFactory(
        convention=cifta,
        state=peru,
        signature_earliest=dt.date(1997, 11, 14),
        deposit_earliest=dt.date(1999, 6, 8),
        instrument_kind=InstrumentKind.RATIFICATION,
    )
    client.force_login(peru_liaison.user)

    page = Page(client.get(state_url("PER")))

    # Signed A-66 and has not ratified: pending since the signature.
    assert page.text("convention-A-66") == (
        "A-66 Terrorism ◐ Signatory 2002-06-03 — — — Ratification pending since 2002-06-03"
    )
    # A party to CIFTA, in force thirty days after its deposit.
    assert (
        page.text("convention-A-63")
        == "A-63 CIFTA ● Party 1997-11-14 Ratification, 1999-06-08 1999-07-08 — —"
    )
    assert page.text("oas-standing") == "Member (member since 1948)"


def test_an_approximate_date_on_the_state_page_has_its_note(client, peru_liaison, convention):
    ParticipationFactory(
        convention=convention,
        state=peru_liaison.state,
        deposit_earliest=dt.date(2005, 12, 1),
        deposit_latest=dt.date(2005, 12, 31),
        instrument_kind=InstrumentKind.RATIFICATION,
    )
    client.force_login(peru_liaison.user)

    page = Page(client.get(state_url("PER")))

    assert "Ratification, 2005-12" in page.text("convention-A-66")
    assert page.links("convention-A-66")[1] == "#note-1"
    assert page.text("note-1") == "Deposit under A-66: in 2005-12, day not known. ↩"


def test_the_state_page_shows_its_contacts_and_standing(client, peru_liaison, chile, convention):
    peru = peru_liaison.state
    ContactFactory(
        state=peru, name="Mission of Peru", organization="Permanent Mission", email="mission@pe.example"
    )
    ContactFactory(state=peru, name="Gone", is_active=False)
    ContactFactory(state=chile, name="Mission of Chile")
    MembershipEvent.objects.create(
        state=peru, kind=MembershipEventKind.SUSPENDED, occurred_on=dt.date(2020, 1, 1)
    )
    client.force_login(peru_liaison.user)

    page = Page(client.get(state_url("PER")))

    contacts = page.text("contacts")
    assert "Ana Peru — National point of contact" in contacts
    assert "Mission of Peru — Permanent mission to the OAS, Permanent Mission mission@pe.example" in contacts
    assert "Gone" not in contacts and "Chile" not in contacts
    assert page.text("oas-standing").startswith("Member, not participating")


def test_the_state_page_lists_the_letters_and_reminders_it_received(client, peru_liaison, chile, convention):
    peru = peru_liaison.state
    letter = OutreachEntry.objects.create(
        date=dt.date(2020, 12, 3), kind="letter", convention=convention, subject="Urging ratification"
    )
    letter.states.set([peru, chile])
    OutreachEntry.objects.create(kind="note", subject="Undated note").states.set([peru])
    OutreachEntry.objects.create(date=dt.date(2021, 1, 5), kind="letter", subject="To Chile only").states.set(
        [chile]
    )
    client.force_login(peru_liaison.user)

    outreach = Page(client.get(state_url("PER"))).text("outreach")

    assert "2020-12-03 — Letter (A-66): Urging ratification" in outreach
    assert "date not known — Note: Undated note" in outreach
    assert "To Chile only" not in outreach


def test_staff_open_any_state_page(client, staff, peru, chile):
    client.force_login(staff)

    response = client.get(state_url("CHL"))

    assert response.status_code == 200
    assert Page(response).text("state-heading") == "CHL Chile"
    assert reverse("dashboards:overview") in response.text


@pytest.mark.parametrize("who", ["liaison", "staff"])
def test_state_page_queries_do_not_grow_with_states_or_conventions(
    client, django_assert_num_queries, record, peru_liaison, staff, who
):
    user = peru_liaison.user if who == "liaison" else staff
    expected = len(STATE_PAGE_QUERIES) - (0 if who == "liaison" else 1)
    client.force_login(user)

    for states, conventions in [(3, 1), (15, 3)]:
        record(states, conventions, also=[peru_liaison.state])
        ContactFactory.create_batch(states, state=peru_liaison.state)
        with django_assert_num_queries(expected):
            assert client.get(state_url("PER")).status_code == 200


# The overview.


def test_overview_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get(overview_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["liaison", "no state"])
def test_overview_is_not_found_for_anyone_but_staff(client, peru_liaison, who):
    client.force_login(peru_liaison.user if who == "liaison" else UserFactory())

    assert client.get(overview_url()).status_code == 404


@pytest.fixture
def overview_record(convention, cifta, peru, chile):
    """Peru is a party to A-66 and a signatory of CIFTA; Chile signed A-66; Jamaica did nothing."""
    jamaica = StateFactory(iso3="JAM", iso2="JM", name_en="Jamaica", subregion=Subregion.CARIBBEAN)
    ParticipationFactory(convention=convention, state=peru, deposit_earliest=dt.date(2003, 6, 10))
    ParticipationFactory(convention=convention, state=chile)
    ParticipationFactory(convention=cifta, state=peru, signature_earliest=dt.date(1997, 11, 14))
    return jamaica


def test_staff_see_the_matrix_with_counts_per_convention(client, staff, overview_record):
    client.force_login(staff)

    page = Page(client.get(overview_url(as_of="2024-01-01")))

    assert page.text("row-PER") == "Peru Member ◐ Signatory 1997-11-14 ● Party 2003-06-10"
    assert page.text("row-CHL") == "Chile Member ○ Not signed ◐ Signatory 2002-06-03"
    assert page.text("row-JAM") == "Jamaica Member ○ Not signed ○ Not signed"
    assert page.text("head-counts-A-66") == "2 signatories, 1 parties"
    assert page.text("count-signatories-A-66") == "2"
    assert page.text("count-parties-A-66") == "1"
    assert page.text("count-parties-A-63") == "0"


def test_the_as_of_date_changes_the_counts(client, staff, overview_record):
    client.force_login(staff)

    page = Page(client.get(overview_url(as_of="2003-01-01")))

    assert page.text("count-parties-A-66") == "0"
    assert page.text("row-PER").endswith("◐ Signatory 2002-06-03")
    assert page.attribute("id_as_of", "value") == "2003-01-01"


def test_an_invalid_date_is_a_field_error_over_todays_matrix(client, staff, overview_record):
    client.force_login(staff)

    response = client.get(overview_url(as_of="2024-02-30"))

    assert response.status_code == 200
    page = Page(response)
    assert page.text("id_as_of_error") == "Enter a valid date."
    assert page.text("count-parties-A-66") == "1"


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ({"subregion": "caribbean"}, ["JAM"]),
        ({"subregion": "south_america"}, ["CHL", "PER"]),
        ({"q": "per"}, ["PER"]),
        ({"q": "jm"}, ["JAM"]),
        ({"status": "party", "convention": "A-66"}, ["PER"]),
        ({"status": "not_signed", "convention": "A-63"}, ["CHL", "JAM"]),
        ({"standing": "not_participating"}, ["JAM"]),
    ],
)
def test_filters_narrow_the_rows_and_the_counts(client, staff, overview_record, query, rows):
    MembershipEvent.objects.create(
        state=overview_record, kind=MembershipEventKind.SUSPENDED, occurred_on=dt.date(2020, 1, 1)
    )
    client.force_login(staff)

    page = Page(client.get(overview_url(as_of="2024-01-01", **query)))

    assert sorted(key[4:] for key in page.parser.texts if key.startswith("row-")) == rows
    signatories = sum(1 for iso3 in rows if iso3 in {"PER", "CHL"})
    assert page.text("count-signatories-A-66") == str(signatories)


def test_the_body_filter_keeps_the_conventions_it_follows(client, staff, overview_record):
    client.force_login(staff)

    page = Page(client.get(overview_url(body="CICTE")))

    assert page.has("column-A-66") and not page.has("column-A-63")


def test_an_unknown_filter_value_is_shown_as_an_error(client, staff, overview_record):
    client.force_login(staff)

    response = client.get(overview_url(subregion="atlantis"))

    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_the_overview_loads_its_charts_for_the_same_filters_date_and_columns(client, staff, overview_record):
    client.force_login(staff)
    query = {"subregion": "caribbean", "as_of": "2024-01-01", "page": "1"}

    overview = Page(client.get(overview_url(**query)))
    charts = Page(client.get(charts_url(**query)))

    assert overview.links("overview-charts") == [charts_url(**query)]
    assert not overview.has("status-map")
    assert charts.has("overview-charts") and charts.has("status-map")
    # Without JavaScript the charts are a page of their own, with the way back.
    assert overview_url(**query) in charts.links("main")


def test_the_charts_draw_a_timeline_per_convention(client, staff, overview_record):
    client.force_login(staff)

    response = client.get(charts_url(as_of="2024-01-01"))

    page = Page(response)
    assert page.text("timeline-title-A-66") == "Signatories and parties to A-66 over time"
    assert page.text("timeline-desc-A-66") == (
        "Of 3 member states shown, 2 had signed A-66 and 1 were parties on 2024-01-01, counted from 2002-06-03."
    )
    assert 'class="line-parties"' in response.text


def load_member_states():
    with (Path(settings.BASE_DIR) / "fixtures" / "states.csv").open(newline="") as source:
        rows = list(csv.DictReader(source))
    fields = ["iso3", "iso2", "name_en", "name_es", "name_fr", "name_pt", "subregion", "oas_member_since"]
    State.objects.bulk_create([State(**{f: row[f] for f in fields}) for row in rows])
    return [row["iso3"] for row in rows]


def test_the_map_has_a_link_for_each_of_the_35_member_states(client, staff, convention):
    member_states = load_member_states()
    ParticipationFactory(convention=convention, state=State.objects.get(iso3="KNA"))
    client.force_login(staff)

    response = client.get(charts_url(convention="A-66"))

    page = Page(response)
    assert len(member_states) == 35
    for iso3 in member_states:
        assert page.attribute(f"map-{iso3}", "href") == state_url(iso3), iso3
    assert page.attribute("map-KNA", "aria-label") == "Saint Kitts and Nevis: Signatory"
    assert "small" in page.attribute("map-KNA", "class")
    assert page.attribute("map-CAN", "aria-label") == "Canada: Not signed"
    assert page.text("legend-signatory") == "◐ Signatory (1)"
    assert page.text("legend-not_signed") == "○ Not signed (34)"


def test_overview_queries_do_not_grow_with_states_or_conventions(
    client, django_assert_num_queries, record, staff
):
    client.force_login(staff)

    for states, conventions in [(3, 1), (15, 3)]:
        record(states, conventions)
        with django_assert_num_queries(len(OVERVIEW_QUERIES)):
            assert client.get(overview_url(subregion="caribbean")).status_code == 200
        with django_assert_num_queries(len(CHARTS_QUERIES)):
            assert client.get(charts_url(subregion="caribbean")).status_code == 200


def test_the_state_page_lists_questionnaires_with_links_to_answer(client, peru_liaison, convention):
    from questionnaires.tests.factories import ReportingCycleFactory, SubmissionFactory

    today = dt.date.today()
    cycle = ReportingCycleFactory(
        questionnaire__convention=convention,
        label="2030",
        opens_on=today - dt.timedelta(days=10),
        due_on=today + dt.timedelta(days=20),
    )
    late = ReportingCycleFactory(
        questionnaire__convention=convention,
        label="2019",
        opens_on=dt.date(2019, 1, 1),
        due_on=dt.date(2019, 6, 30),
    )
    due = SubmissionFactory(cycle=cycle, state=peru_liaison.state)
    overdue = SubmissionFactory(cycle=late, state=peru_liaison.state)
    client.force_login(peru_liaison.user)

    page = Page(client.get(state_url("PER")))

    assert page.text(f"submission-{due.pk}").startswith("A-66 2030 — Not started; due")
    assert page.links("questionnaires-due") == [due.get_absolute_url()]
    assert page.text("questionnaires-overdue") == "A-66 2019 — Not started; due 2019-06-30 overdue"
    assert page.links("questionnaires-overdue") == [overdue.get_absolute_url()]
    assert not page.has("questionnaires-past")
    assert not page.has("questionnaires-overdue-more")


def test_the_state_page_lists_the_first_questionnaires_of_a_group_and_links_to_the_rest(
    client, peru_liaison, convention
):
    from dashboards.selectors import DASHBOARD_QUESTIONNAIRES
    from questionnaires.tests.factories import ReportingCycleFactory, SubmissionFactory

    peru = peru_liaison.state
    overdue = [
        SubmissionFactory(
            cycle=ReportingCycleFactory(
                questionnaire__convention=convention,
                label=str(year),
                opens_on=dt.date(year, 1, 1),
                due_on=dt.date(year, 6, 30),
            ),
            state=peru,
        )
        for year in range(2000, 2000 + DASHBOARD_QUESTIONNAIRES + 2)
    ]
    client.force_login(peru_liaison.user)

    page = Page(client.get(state_url("PER")))

    # The longest overdue first, as many as the page lists; the rest are one link away.
    assert page.links("questionnaires-overdue") == [
        submission.get_absolute_url() for submission in overdue[:DASHBOARD_QUESTIONNAIRES]
    ]
    assert page.text("questionnaires-overdue-more") == "and 2 more in the state's questionnaire history"
    assert page.links("questionnaires-overdue-more") == [
        reverse("questionnaires:state_history", kwargs={"iso3": "PER"})
    ]


def test_the_state_page_shows_activities_meetings_and_what_is_coming(client, peru_liaison):
    from reports.models import MeetingAttendance, StateRole
    from reports.tests.factories import ItemStateFactory, MeetingFactory

    peru = peru_liaison.state
    ItemStateFactory(state=peru, item__title="Webinar on financing of terrorism", role=StateRole.HOST)
    chaired = MeetingFactory(
        title_en="Twentieth Regular Session", chair_state=peru, date_earliest=dt.date(2020, 3, 5)
    )
    MeetingAttendance.objects.create(meeting=chaired, state=peru)
    soon = dt.date.today() + dt.timedelta(days=40)
    MeetingFactory(title_en="Next Regular Session", date_earliest=soon, venue="Lima", chair_state=peru)
    client.force_login(peru_liaison.user)

    page = Page(client.get(state_url("PER")))

    assert page.text("meetings-chaired").startswith("Twentieth Regular Session (CICTE, 2020-03-05): Chair")
    assert page.text("meetings-attended") == "Twentieth Regular Session (CICTE, 2020-03-05)"
    assert page.text("activities-host") == "Webinar on financing of terrorism (CICTE, 2020-05-05)"
    assert page.text("upcoming-meetings") == (
        f"{soon.isoformat()} — CICTE: Next Regular Session, Lima (chaired by Peru)"
    )


def test_the_overview_links_each_questionnaire_cycle_to_its_compliance(client, staff, convention):
    from questionnaires.tests.factories import ReportingCycleFactory

    cycle = ReportingCycleFactory(questionnaire__convention=convention, label="2020")
    client.force_login(staff)

    page = Page(client.get(overview_url()))

    assert page.text("cycles") == "A-66 2020 — opened 2020-01-01, due 2020-06-30"
    assert page.links("cycles") == [reverse("questionnaires:cycle", kwargs={"pk": cycle.pk})]


def test_the_matrix_shows_its_conventions_a_page_of_columns_at_a_time(
    client, staff, overview_record, monkeypatch
):
    from dashboards import selectors

    monkeypatch.setattr(selectors, "MATRIX_COLUMNS_PER_PAGE", 1)
    client.force_login(staff)

    first = Page(client.get(overview_url(as_of="2024-01-01", subregion="south_america")))
    second = Page(client.get(overview_url(as_of="2024-01-01", subregion="south_america", page=2)))

    # By code: A-63 first, then A-66; the rows and the filters stay.
    assert first.has("column-A-63") and not first.has("column-A-66")
    assert first.text("row-PER") == "Peru Member ◐ Signatory 1997-11-14"
    assert "Page 1 of 2" in first.text("pagination")
    assert first.links("pagination") == ["?as_of=2024-01-01&subregion=south_america&page=2"]
    assert second.has("column-A-66") and not second.has("column-A-63")
    assert second.text("count-signatories-A-66") == "2"
    assert second.links("pagination") == ["?as_of=2024-01-01&subregion=south_america&page=1"]
    assert not second.has("row-JAM")


def test_the_state_page_lists_its_conventions_a_page_at_a_time(
    client, peru_liaison, convention, cifta, monkeypatch
):
    from dashboards import selectors

    monkeypatch.setattr(selectors, "STATE_CONVENTIONS_PER_PAGE", 1)
    ParticipationFactory(convention=convention, state=peru_liaison.state)
    client.force_login(peru_liaison.user)

    first = Page(client.get(state_url("PER")))
    second = Page(client.get(state_url("PER") + "?page=2"))

    # By code: A-63 first, then A-66.
    assert first.has("convention-A-63") and not first.has("convention-A-66")
    assert "Page 1 of 2" in first.text("pagination")
    assert second.has("convention-A-66") and not second.has("convention-A-63")
    assert "Signatory" in second.text("convention-A-66")
