import datetime as dt

import pytest

from conventions.tests.factories import ConventionFactory
from questionnaires.models import Submission
from questionnaires.tests.factories import ReportingCycleFactory, SubmissionFactory
from questionnaires.workflow import SubmissionStatus
from reminders.models import Frequency, OutreachKind, PolicyAudience, PolicyKind
from reminders.rendering import digest_render
from reminders.selectors import outreach_entry_for_user, outreach_for_state, reminder_digests_build
from reminders.tests.conftest import AS_OF, follower, ratified, signed
from reminders.tests.factories import OutreachEntryFactory, ReminderPolicyFactory
from states.models import Contact
from states.tests.factories import LiaisonFactory, StateFactory, UserFactory

pytestmark = pytest.mark.django_db
D = dt.date


def owed(plan, convention_code="A-63", kind=PolicyKind.SIGNED_NOT_RATIFIED):
    return sorted(
        {i.state.iso3 for i in plan.items if i.convention.code == convention_code and i.kind == kind}
    )


def test_signatories_that_have_not_ratified_are_owing_and_parties_are_not(cifta_record, policy):
    plan = reminder_digests_build(AS_OF)

    assert owed(plan) == ["CAN", "JAM", "USA"]


def test_a_signature_younger_than_the_policys_days_is_not_reminded(cifta, canada, policy):
    signed(cifta, canada)
    policy.days = (AS_OF - cifta.opened_for_signature_on).days
    policy.save()

    assert owed(reminder_digests_build(AS_OF)) == []
    assert owed(reminder_digests_build(AS_OF + dt.timedelta(days=1))) == ["CAN"]


def test_inactive_policies_remind_of_nothing(cifta_record, policy):
    policy.is_active = False
    policy.save()

    plan = reminder_digests_build(AS_OF)

    assert plan.items == [] and plan.no_contact == []


def test_states_owing_with_no_contact_are_listed_not_skipped(cifta_record, policy, canada, cifta):
    follower(canada, cifta, language="fr")

    plan = reminder_digests_build(AS_OF)

    assert [d.state.iso3 for d in plan.digests] == ["CAN"]
    assert plan.no_contact == ["JAM", "USA"]
    assert [i.detail() for i in plan.without_contact[0].items] == [
        "Signed on 1997-11-14; the instrument of ratification has not been deposited."
    ]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"is_active": False}, id="inactive contact"),
        pytest.param({"follows": False}, id="follows other conventions only"),
    ],
)
def test_a_contact_who_cannot_be_reminded_leaves_the_state_without_contact(
    cifta_record, policy, canada, change, cifta
):
    other = ConventionFactory(code="A-66")
    contact = follower(canada, cifta if change.get("follows", True) else other)
    if "is_active" in change:
        contact.is_active = False
        contact.save()

    plan = reminder_digests_build(AS_OF)

    assert "CAN" in plan.no_contact
    assert all(d.contact != contact for d in plan.digests)


def test_a_contact_follows_a_convention_through_its_body(cifta_record, policy, canada, committee):
    contact = follower(canada, body=committee)

    plan = reminder_digests_build(AS_OF)

    assert [d.contact for d in plan.digests] == [contact]


def test_a_policy_about_a_body_covers_the_conventions_it_follows(cifta_record, canada, committee, cifta):
    ReminderPolicyFactory(convention=None, body=committee)
    follower(canada, cifta)

    assert owed(reminder_digests_build(AS_OF)) == ["CAN", "JAM", "USA"]


@pytest.mark.parametrize(
    ("audience", "reached"),
    [
        (PolicyAudience.LIAISONS, ["liaison"]),
        (PolicyAudience.OTHER_CONTACTS, ["permanent_mission"]),
        (PolicyAudience.ALL_CONTACTS, ["liaison", "permanent_mission"]),
    ],
)
def test_the_policys_audience_chooses_liaisons_or_other_contacts(
    cifta_record, canada, policy, audience, reached, cifta
):
    policy.audience = audience
    policy.save()
    follower(canada, cifta, liaison=True, name="A liaison")
    follower(canada, cifta, role=Contact.Role.PERMANENT_MISSION, name="B mission")

    plan = reminder_digests_build(AS_OF)

    assert [d.contact.role for d in plan.digests] == reached


def test_one_digest_per_contact_and_period_lists_every_convention_she_follows(
    cifta_record, policy, jamaica, cifta
):
    terrorism = ConventionFactory(code="A-66")
    signed(terrorism, jamaica)
    ReminderPolicyFactory(convention=terrorism)
    contact = follower(jamaica, cifta)
    contact.conventions.add(terrorism)

    plan = reminder_digests_build(AS_OF)

    [digest] = [d for d in plan.digests if d.contact == contact]
    assert digest.period == "2020-Q4"
    assert [i.convention.code for i in digest.items] == ["A-63", "A-66"]


def test_monthly_and_quarterly_policies_make_separate_periods(cifta_record, policy, canada, cifta):
    ReminderPolicyFactory(convention=cifta, frequency=Frequency.MONTHLY)
    follower(canada, cifta)

    plan = reminder_digests_build(AS_OF)

    assert sorted(d.period for d in plan.digests) == ["2020-12", "2020-Q4"]


def test_the_same_thing_from_two_policies_is_listed_once(cifta_record, policy, canada, cifta):
    ReminderPolicyFactory(convention=cifta, days=30)
    follower(canada, cifta)

    [digest] = reminder_digests_build(AS_OF).digests

    assert len(digest.items) == 1


@pytest.fixture
def cycle(cifta):
    return ReportingCycleFactory(
        questionnaire__convention=cifta, label="2020", opens_on=D(2020, 1, 1), due_on=D(2020, 12, 10)
    )


def test_unanswered_questionnaires_of_open_cycles_are_missing_then_overdue(cycle, cifta, canada, mexico):
    SubmissionFactory(cycle=cycle, state=canada)
    Submission.objects.create(
        cycle=cycle,
        state=mexico,
        status=SubmissionStatus.SUBMITTED,
        received_earliest=D(2020, 3, 1),
        received_latest=D(2020, 3, 1),
        answer_kind="first",
    )
    ReminderPolicyFactory(convention=cifta, kind=PolicyKind.QUESTIONNAIRE_MISSING_OR_OVERDUE, days=None)

    before, after = reminder_digests_build(AS_OF), reminder_digests_build(D(2020, 12, 11))

    assert [(i.state.iso3, i.overdue) for i in before.items] == [("CAN", False)]
    assert [(i.state.iso3, i.overdue) for i in after.items] == [("CAN", True)]
    assert after.items[0].detail() == "Questionnaire 2020: not received; it was due on 2020-12-10."


def test_a_closed_cycle_is_not_reminded(cycle, cifta, canada):
    cycle.closes_on = D(2020, 12, 31)
    cycle.save()
    SubmissionFactory(cycle=cycle, state=canada)
    ReminderPolicyFactory(convention=cifta, kind=PolicyKind.QUESTIONNAIRE_MISSING_OR_OVERDUE, days=None)

    assert len(reminder_digests_build(D(2020, 12, 31)).items) == 1
    assert reminder_digests_build(D(2021, 1, 1)).items == []


def test_a_deadline_within_the_days_is_reminded_and_not_also_as_missing(cycle, cifta, canada):
    SubmissionFactory(cycle=cycle, state=canada)
    ReminderPolicyFactory(convention=cifta, kind=PolicyKind.QUESTIONNAIRE_MISSING_OR_OVERDUE, days=None)
    ReminderPolicyFactory(convention=cifta, kind=PolicyKind.DEADLINE_WITHIN, days=7)
    follower(canada, cifta)

    too_early, due_soon = reminder_digests_build(D(2020, 12, 2)), reminder_digests_build(D(2020, 12, 3))

    assert [i.kind for i in too_early.digests[0].items] == [PolicyKind.QUESTIONNAIRE_MISSING_OR_OVERDUE]
    assert [i.kind for i in due_soon.digests[0].items] == [PolicyKind.DEADLINE_WITHIN]
    assert due_soon.digests[0].items[0].detail() == (
        "Questionnaire 2020: due on 2020-12-10, in 7 days, and not received yet."
    )


def _population(convention, cycle, states: int):
    for index in range(states):
        state = StateFactory()
        if index % 3 == 0:
            ratified(convention, state)
        else:
            signed(convention, state)
        SubmissionFactory(cycle=cycle, state=state)
        if index % 4:
            follower(state, convention, language=["en", "es", "fr", "pt"][index % 4])
            follower(state, liaison=True, body=convention.followed_by, language="es")


@pytest.mark.parametrize("states", [3, 30])
def test_building_and_rendering_every_digest_takes_ten_queries_however_many_states(
    cifta, cycle, states, django_assert_num_queries
):
    ReminderPolicyFactory(convention=cifta)
    ReminderPolicyFactory(convention=cifta, kind=PolicyKind.QUESTIONNAIRE_MISSING_OR_OVERDUE, days=None)
    ReminderPolicyFactory(convention=None, body=cifta.followed_by, kind=PolicyKind.DEADLINE_WITHIN, days=30)
    _population(cifta, cycle, states)

    # 1 active policies with their conventions and bodies; 2 conventions; 3 bodies set up by a
    # convention; 4-5 the signatories (the conventions' entry into force, the participations
    # that may be signatories, with their states); 6 the unanswered submissions of open cycles
    # with states and cycles; 7 the owing states' active contacts with their states; 8 the
    # conventions and 9 the bodies they follow; 10 the unsubscriptions. Rendering reads nothing more.
    with django_assert_num_queries(10):
        plan = reminder_digests_build(AS_OF)
        rendered = [digest_render(digest) for digest in plan.digests]

    with_contacts = sum(1 for index in range(states) if index % 4)
    assert len(rendered) == 2 * with_contacts
    assert len(plan.no_contact) == states - with_contacts


def test_outreach_for_a_state_is_newest_first_undated_last_in_two_queries(
    canada, jamaica, cifta, django_assert_num_queries
):
    old = OutreachEntryFactory(date=D(2019, 1, 1), convention=cifta)
    new = OutreachEntryFactory(date=D(2020, 12, 3), convention=cifta)
    undated = OutreachEntryFactory(date=None)
    elsewhere = OutreachEntryFactory(date=D(2021, 1, 1))
    for entry in (old, new, undated):
        entry.states.add(canada, jamaica)
    elsewhere.states.add(jamaica)

    # the entries with their conventions and digests; their states
    with django_assert_num_queries(2):
        entries = outreach_for_state(canada)
        names = [[s.iso3 for s in e.states.all()] for e in entries]
        [e.convention and e.convention.code for e in entries]

    assert entries == [new, old, undated]
    assert names == [["CAN", "JAM"]] * 3
    assert all(e.kind == OutreachKind.LETTER for e in entries)


def test_an_outreach_entry_is_seen_by_staff_and_its_states_liaisons_only(canada, jamaica):
    entry = OutreachEntryFactory(date=D(2020, 12, 3))
    entry.states.add(canada)
    insider = LiaisonFactory(state=canada).user
    outsider = LiaisonFactory(state=jamaica).user
    stranger = UserFactory()
    staff = UserFactory(is_staff=True)

    assert outreach_entry_for_user(staff, entry.pk) == entry
    assert outreach_entry_for_user(insider, entry.pk) == entry
    for user in (outsider, stranger):
        with pytest.raises(type(entry).DoesNotExist):
            outreach_entry_for_user(user, entry.pk)
