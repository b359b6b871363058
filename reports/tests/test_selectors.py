"""Annexes and summaries built from the items: order, markers, languages, and query counts."""

import datetime as dt

import pytest
from django.utils import translation

from reports.documents import annex_json
from reports.models import ReportItem, SecretariatParticipation, StateRole
from reports.selectors import annex_build, program_summaries, state_activity
from reports.tests.factories import (
    ContributionFactory,
    ItemOrganizationFactory,
    ItemStateFactory,
    MeetingFactory,
    OrganizationFactory,
    ProgramAreaFactory,
    ReportItemFactory,
)
from states.tests.factories import StateFactory

pytestmark = pytest.mark.django_db
D = dt.date


def titles(annex):
    return [entry.title for entry in annex.entries]


def test_imprecise_dates_sort_by_their_first_possible_day_then_their_last_then_entry():
    body = ReportItemFactory(title="July 10", date_earliest=D(2020, 7, 10)).body
    ReportItemFactory(
        body=body, title="Month of July", date_earliest=D(2020, 7, 1), date_latest=D(2020, 7, 31)
    )
    ReportItemFactory(
        body=body,
        title="June to December",
        date_earliest=D(2020, 6, 1),
        date_latest=D(2020, 12, 31),
        date_text="June-December 2020",
    )
    ReportItemFactory(
        body=body, title="June 17 and Nov 30-Dec 3", date_earliest=D(2020, 6, 17), date_latest=D(2020, 12, 3)
    )
    ReportItemFactory(body=body, title="July 1 only", date_earliest=D(2020, 7, 1))
    ReportItemFactory(body=body, title="Second entered on July 1", date_earliest=D(2020, 7, 1))
    ReportItemFactory(body=body, title="Other year", date_earliest=D(2021, 1, 5))

    annex = annex_build(body, 2020, 2)

    assert titles(annex) == [
        "June to December",
        "June 17 and Nov 30-Dec 3",
        "July 1 only",
        "Second entered on July 1",
        "Month of July",
        "July 10",
    ]


def test_json_dates_are_iso_unless_only_the_sources_words_can_say_them():
    body = ReportItemFactory(title="Two days", date_earliest=D(2020, 1, 19), date_latest=D(2020, 1, 20)).body
    ReportItemFactory(body=body, title="A month", date_earliest=D(2020, 7, 1), date_latest=D(2020, 7, 31))
    ReportItemFactory(
        body=body,
        title="A range",
        date_earliest=D(2020, 6, 1),
        date_latest=D(2020, 12, 31),
        date_text="June-December 2020",
    )

    dates = {entry["title"]: entry["date"] for entry in annex_json(annex_build(body, 2020, 2))}

    assert dates == {
        "Two days": "2020-01-19/2020-01-20",
        "A month": "2020-07",
        "A range": "June-December 2020",
    }


def test_annex_1_marks_each_level_of_participation_and_explains_the_markers():
    body = ReportItemFactory(
        kind=ReportItem.Kind.HIGH_LEVEL_MEETING,
        title="With the Executive Secretary",
        secretariat_participation=SecretariatParticipation.EXECUTIVE_SECRETARY,
    ).body
    ReportItemFactory(
        body=body,
        kind=ReportItem.Kind.HIGH_LEVEL_MEETING,
        title="With the deputy",
        secretariat_participation=SecretariatParticipation.DEPUTY_EXECUTIVE_SECRETARY,
    )
    ReportItemFactory(
        body=body,
        kind=ReportItem.Kind.HIGH_LEVEL_MEETING,
        title="With officials",
        secretariat_participation=SecretariatParticipation.OFFICIALS,
    )
    ReportItemFactory(
        body=body, kind=ReportItem.Kind.HIGH_LEVEL_MEETING, title="Not in the annex", in_annex=False
    )
    ReportItemFactory(body=body, title="A webinar")

    annex = annex_build(body, 2020, 1)

    assert {entry.title: entry.marker for entry in annex.entries} == {
        "With the Executive Secretary": "*",
        "With the deputy": "**",
        "With officials": "***",
    }
    assert [marker for marker, _text in annex.legend] == ["*", "**", "***"]
    assert "Deputy Executive Secretary" in dict(annex.legend)["**"]


def test_annex_4_groups_donors_alphabetically_and_marks_financial_ones():
    body = ContributionFactory(state=StateFactory(name_en="Uruguay", name_es="Uruguay")).body
    ContributionFactory(body=body, state=StateFactory(name_en="Canada", name_es="Canadá"), financial=False)
    ContributionFactory(
        body=body, state=None, organization=OrganizationFactory(name_en="World Bank"), financial=False
    )
    ContributionFactory(
        body=body,
        state=None,
        organization=OrganizationFactory(name_en="Citi Foundation", category="private_sector"),
    )
    ContributionFactory(
        body=body, state=None, organization=OrganizationFactory(name_en="Council of Europe"), financial=False
    )

    annex = annex_build(body, 2020, 4)

    assert [(group.heading, [(e.title, e.marker) for e in group.entries]) for group in annex.groups] == [
        ("Member States", [("Canada", ""), ("Uruguay", "*")]),
        (
            "International organizations, regional bodies, and international forums",
            [("Council of Europe", ""), ("World Bank", "")],
        ),
        ("Private sector", [("Citi Foundation", "*")]),
    ]


def test_spanish_annex_words_headings_dates_and_languages_in_spanish_but_keeps_titles():
    body = ReportItemFactory(
        kind=ReportItem.Kind.PUBLICATION,
        title="Cybersecurity Report 2020",
        date_earliest=D(2020, 7, 1),
        date_latest=D(2020, 7, 31),
        languages="es,en",
    ).body
    ContributionFactory(body=body, state=StateFactory(name_en="Mexico", name_es="México"))

    with translation.override("es"):
        publications = annex_build(body, 2020, 3)
        donors = annex_build(body, 2020, 4)

    entry = publications.entries[0]
    assert publications.title == "Lista consolidada de publicaciones"
    assert entry.title == "Cybersecurity Report 2020"
    assert entry.when == "Julio de 2020"
    assert "Disponible en español e inglés." in entry.details
    assert donors.groups[0].heading == "Estados Miembros"
    assert donors.entries[0].title == "México"


def test_english_annex_words_the_same_items_in_english():
    body = ReportItemFactory(
        kind=ReportItem.Kind.PUBLICATION,
        title="Cybersecurity Report 2020",
        date_earliest=D(2020, 7, 1),
        date_latest=D(2020, 7, 31),
        languages="es,en",
    ).body

    entry = annex_build(body, 2020, 3).entries[0]

    assert entry.when == "July 2020"
    assert "Available in Spanish and English." in entry.details


def _items(body, count):
    for n in range(count):
        item = ReportItemFactory(
            body=body,
            kind=ReportItem.Kind.HIGH_LEVEL_MEETING,
            date_earliest=D(2020, 1, 1) + dt.timedelta(days=n),
        )
        ItemOrganizationFactory(item=item)
        ItemStateFactory(item=item, role=StateRole.PARTNER)
        item.program_areas.add(ProgramAreaFactory())
        ContributionFactory(body=body, state=StateFactory())


# Annexes 1-3: the items of the year with their body; their organizations; their states.
CHRONOLOGICAL_ANNEX_QUERIES = 3
# Annex 4: the contributions with their states and organizations.
DONORS_ANNEX_QUERIES = 1
# Summaries: the items; their program areas; their states.
SUMMARY_QUERIES = 3


@pytest.mark.parametrize("count", [1, 6])
def test_annexes_and_summaries_ask_a_fixed_number_of_queries(count, django_assert_num_queries):
    body = ReportItemFactory().body
    _items(body, count)

    with django_assert_num_queries(CHRONOLOGICAL_ANNEX_QUERIES):
        assert len(annex_build(body, 2020, 1).entries) == count
    with django_assert_num_queries(DONORS_ANNEX_QUERIES):
        assert len(annex_build(body, 2020, 4).entries) == count
    with django_assert_num_queries(SUMMARY_QUERIES):
        assert sum(s.activity_count for s in program_summaries(body, 2020)) == count + 1


def test_program_summary_counts_activities_participants_and_states():
    area = ProgramAreaFactory(name_en="Maritime security")
    first = ReportItemFactory(participants_at_least=400)
    second = ReportItemFactory(body=first.body, kind=ReportItem.Kind.WORKSHOP, participants_at_least=150)
    untold = ReportItemFactory(body=first.body)
    for item in (first, second, untold):
        item.program_areas.add(area)
    ItemStateFactory(item=first, state=StateFactory(name_en="Peru"))
    ItemStateFactory(item=second, state=StateFactory(name_en="Colombia"), role=StateRole.BENEFICIARY)
    ItemStateFactory(item=second, state=StateFactory(name_en="Canada"), role=StateRole.PARTNER)

    [summary] = program_summaries(first.body, 2020)

    assert summary.name == "Maritime security"
    assert summary.activities == [("Webinar or virtual forum", 2), ("Workshop or course", 1)]
    assert (summary.participants_at_least, summary.items_counted) == (550, 2)
    # A partner is listed apart, not counted among the states the program reached.
    assert summary.states_by_role == [
        ("States that took part", ["Peru"]),
        ("States that benefited", ["Colombia"]),
        ("Partner states", ["Canada"]),
    ]


def test_state_activity_tells_what_it_took_part_in_hosted_benefited_from_and_chaired(
    django_assert_num_queries,
):
    peru, other = StateFactory(name_en="Peru"), StateFactory()
    took_part = ItemStateFactory(state=peru).item
    hosted = ItemStateFactory(state=peru, role=StateRole.HOST).item
    ItemStateFactory(state=other)
    chaired = MeetingFactory(chair_state=peru, vice_chair_state=other)
    MeetingFactory(chair_state=other)

    with django_assert_num_queries(5):  # items, meetings chaired, attended, elections, contributions
        activity = state_activity(peru)

    assert activity.items_by_role[StateRole.PARTICIPANT] == [took_part]
    assert activity.items_by_role[StateRole.HOST] == [hosted]
    assert activity.items_by_role[StateRole.BENEFICIARY] == []
    assert activity.meetings_chaired == [(chaired, "Chair")]
    assert not activity.is_empty
    assert state_activity(StateFactory()).is_empty
