import datetime as dt

import pytest

from conventions.models import InstrumentKind
from conventions.selectors import Status, TimelinePoint, treaty_status_as_of, treaty_timelines
from conventions.tests.factories import ConventionFactory, ParticipationFactory
from dashboards.selectors import overview_charts_get, overview_get, state_dashboard_get
from dashboards.tests.conftest import ADOPTED
from states.models import Subregion
from states.selectors import Standing
from states.tests.factories import ContactFactory, StateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def convention():
    return ConventionFactory(code="A-66", adopted_on=ADOPTED, entry_into_force_on=dt.date(2003, 7, 10))


@pytest.fixture
def timeline_record(convention):
    """A signatory, a party known only to the month, an accession, and a party that denounced."""
    states = [StateFactory(iso3=code, iso2=code[:2]) for code in ("AAA", "BBB", "CCC", "DDD", "EEE")]
    ParticipationFactory(convention=convention, state=states[0])
    ParticipationFactory(
        convention=convention,
        state=states[1],
        deposit_earliest=dt.date(2005, 12, 1),
        deposit_latest=dt.date(2005, 12, 31),
    )
    ParticipationFactory(
        convention=convention,
        state=states[2],
        signature_earliest=None,
        signature_latest=None,
        deposit_earliest=dt.date(2008, 3, 3),
        instrument_kind=InstrumentKind.ACCESSION,
    )
    ParticipationFactory(
        convention=convention,
        state=states[3],
        deposit_earliest=dt.date(2003, 1, 10),
        denunciation_notified_on=dt.date(2010, 1, 1),
        denunciation_effective_on=dt.date(2011, 1, 1),
    )
    return convention


def timeline(convention, day, states=None):
    return treaty_timelines([convention], day, states)[convention.pk]


def test_the_timeline_steps_on_each_day_a_count_changes(timeline_record):
    assert timeline(timeline_record, dt.date(2024, 1, 1)) == [
        TimelinePoint(ADOPTED, 3, 0),  # three signed on the day it opened
        TimelinePoint(dt.date(2003, 1, 10), 3, 1),
        # A deposit known only to December 2005 counts from the month's last day.
        TimelinePoint(dt.date(2005, 12, 31), 3, 2),
        TimelinePoint(dt.date(2008, 3, 3), 3, 3),  # an accession: a party, never a signatory
        TimelinePoint(dt.date(2011, 1, 1), 3, 2),  # the denunciation takes effect
    ]


@pytest.mark.parametrize(
    "day", ["2002-06-02", "2002-06-03", "2005-12-15", "2005-12-31", "2010-06-01", "2011-01-01", "2024-01-01"]
)
def test_the_timeline_agrees_with_the_status_on_any_day(timeline_record, day):
    day = dt.date.fromisoformat(day)
    treaty = treaty_status_as_of(timeline_record, day)

    points = timeline(timeline_record, day)
    last = points[-1] if points else TimelinePoint(day, 0, 0)

    assert (last.signatories, last.parties) == (treaty.signatories, treaty.parties)


def test_the_timeline_stops_at_the_date_asked(timeline_record):
    assert timeline(timeline_record, dt.date(2006, 1, 1))[-1] == TimelinePoint(dt.date(2005, 12, 31), 3, 2)
    assert timeline(timeline_record, ADOPTED - dt.timedelta(days=1)) == []


def test_the_timeline_counts_the_states_asked_only(timeline_record):
    denouncer = timeline_record.participations.exclude(denunciation_effective_on=None).get().state
    states = [p.state for p in timeline_record.participations.exclude(state=denouncer)]

    assert timeline(timeline_record, dt.date(2024, 1, 1), states) == [
        TimelinePoint(ADOPTED, 2, 0),
        TimelinePoint(dt.date(2005, 12, 31), 2, 1),
        TimelinePoint(dt.date(2008, 3, 3), 2, 2),
    ]


def test_the_timelines_of_several_conventions_take_one_query(timeline_record, django_assert_num_queries):
    other = ConventionFactory(adopted_on=ADOPTED)
    ParticipationFactory(convention=other, deposit_earliest=dt.date(2004, 2, 2))

    with django_assert_num_queries(1):
        timelines = treaty_timelines([timeline_record, other], dt.date(2024, 1, 1))

    assert timelines[other.pk] == [TimelinePoint(ADOPTED, 1, 0), TimelinePoint(dt.date(2004, 2, 2), 1, 1)]
    assert len(timelines[timeline_record.pk]) == 5


def test_the_overview_counts_only_the_states_shown(convention):
    peru = StateFactory(iso3="PER", iso2="PE", subregion=Subregion.SOUTH_AMERICA)
    jamaica = StateFactory(iso3="JAM", iso2="JM", subregion=Subregion.CARIBBEAN)
    ParticipationFactory(convention=convention, state=peru, deposit_earliest=dt.date(2004, 1, 1))
    ParticipationFactory(convention=convention, state=jamaica)

    overview = overview_get({"subregion": "caribbean"}, as_of=dt.date(2024, 1, 1), convention_code=None)

    assert [row.state for row in overview.rows] == [jamaica]
    assert [cell.status for cell in overview.rows[0].cells] == [Status.SIGNATORY]
    assert (overview.columns[0].signatories, overview.columns[0].parties) == (1, 0)
    # The map's convention is still counted over every state.
    charts = overview_charts_get({"subregion": "caribbean"}, as_of=dt.date(2024, 1, 1), convention_code=None)
    assert charts.chosen.parties == 1


def test_an_unknown_convention_for_the_map_falls_back_to_the_first(convention):
    overview = overview_get({}, as_of=dt.date(2024, 1, 1), convention_code="Z-9")

    assert overview.chosen == convention


def test_with_no_convention_the_overview_is_empty_not_broken():
    StateFactory()

    overview = overview_get({}, as_of=dt.date(2024, 1, 1), convention_code=None)

    assert overview.chosen is None
    assert overview.columns == [] and overview.rows == []


def test_the_state_dashboard_gathers_its_record_in_constant_queries(
    convention, record, django_assert_num_queries
):
    peru = StateFactory(iso3="PER", iso2="PE")
    ParticipationFactory(convention=convention, state=peru)
    ContactFactory(state=peru)
    for states, conventions in [(2, 1), (12, 3)]:
        record(states, conventions, also=[peru])
        # The number of conventions and the page of them, the state's participations, their
        # reservations, the conventions' entries into force, events, contacts with the
        # conventions and bodies they follow; submissions with their cycles; five for activities
        # (items, meetings chaired, attended, elections, contributions); upcoming meetings;
        # the outreach entries naming the state and the states each names; and one for the
        # road to entry into force: the conventions' instruments, counted over every state, as
        # the statuses hold this state's rows only.
        with django_assert_num_queries(19):
            dashboard = state_dashboard_get(peru, dt.date(2024, 1, 1))

    assert dashboard.standing == Standing.MEMBER
    assert [row.status for _treaty, row in dashboard.statuses][0] == Status.SIGNATORY


def test_questionnaires_are_sorted_into_due_overdue_and_past(convention):
    from dashboards.selectors import state_questionnaires
    from questionnaires.tests.factories import ReportingCycleFactory, SubmissionFactory
    from questionnaires.workflow import SubmissionStatus

    peru = StateFactory(iso3="PER", iso2="PE")
    today = dt.date(2024, 3, 1)
    cycle = lambda label, **dates: ReportingCycleFactory(  # noqa: E731
        questionnaire__convention=convention, label=label, **dates
    )
    open_cycle = cycle("2024", opens_on=dt.date(2024, 1, 1), due_on=dt.date(2024, 6, 30))
    late_cycle = cycle("2023", opens_on=dt.date(2023, 1, 1), due_on=dt.date(2023, 6, 30))
    answered = cycle("2022", opens_on=dt.date(2022, 1, 1), due_on=dt.date(2022, 6, 30))
    closed = cycle("2021", opens_on=dt.date(2021, 1, 1), due_on=None, closes_on=dt.date(2021, 12, 31))
    cycle("2020", opens_on=dt.date(2020, 1, 1))
    due = SubmissionFactory(cycle=open_cycle, state=peru)
    overdue = SubmissionFactory(cycle=late_cycle, state=peru, status=SubmissionStatus.DRAFT)
    received = SubmissionFactory(
        cycle=answered,
        state=peru,
        status=SubmissionStatus.SUBMITTED,
        answer_kind="first",
        received_earliest=dt.date(2022, 5, 1),
        received_latest=dt.date(2022, 5, 1),
    )
    never = SubmissionFactory(cycle=closed, state=peru)

    sorted_ = state_questionnaires(peru, today)

    assert [entry.submission for entry in sorted_.due] == [due]
    assert [entry.submission for entry in sorted_.overdue] == [overdue]
    assert [entry.submission for entry in sorted_.past] == [received, never]
    assert (sorted_.due_count, sorted_.overdue_count, sorted_.past_count) == (1, 1, 2)

    first_only = state_questionnaires(peru, today, limit=1)

    assert [entry.submission for entry in first_only.past] == [received]
    assert (first_only.more_due, first_only.more_overdue, first_only.more_past) == (0, 0, 1)


def test_upcoming_meetings_include_the_next_one_announced(convention):
    from reports.selectors import upcoming_meetings
    from reports.tests.factories import MeetingFactory

    today = dt.date(2024, 3, 1)
    MeetingFactory(body__acronym="CICTE", date_earliest=dt.date(2023, 3, 1))  # past, announced nothing
    announcing = MeetingFactory(
        body__acronym="CIFTA-CC",
        date_earliest=dt.date(2023, 5, 1),
        next_meeting_earliest=dt.date(2024, 5, 1),
        next_meeting_latest=dt.date(2024, 5, 31),
    )
    scheduled = MeetingFactory(body__acronym="CICTE", date_earliest=dt.date(2024, 4, 2))
    # An announcement for a body whose next meeting is already recorded is not repeated.
    MeetingFactory(
        body__acronym="CICTE",
        date_earliest=dt.date(2023, 4, 1),
        next_meeting_earliest=dt.date(2024, 4, 2),
        next_meeting_latest=dt.date(2024, 4, 2),
    )

    upcoming = upcoming_meetings(today)

    assert [(u.body_acronym, u.meeting, u.announced_at) for u in upcoming] == [
        ("CICTE", scheduled, None),
        ("CIFTA-CC", None, announcing),
    ]
    assert upcoming[1].date.isoformat() == "2024-05"
