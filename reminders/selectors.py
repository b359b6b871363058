"""Reading for the reminders: what each state owes, who is told, and the outreach log.

``reminder_digests_build`` works out every digest due on a day with a fixed number of
queries, whatever the number of states, contacts or policies; the tests pin the count.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch, Q
from django.utils.translation import gettext, ngettext

from conventions.approx_dates import ApproxDate
from conventions.models import Body, Convention
from conventions.selectors import signatories_as_of
from questionnaires.models import ReportingCycle, Submission
from questionnaires.workflow import RECEIVED_STATUSES
from reminders.models import (
    Digest,
    Frequency,
    OutreachEntry,
    PolicyKind,
    ReminderPolicy,
    ReminderSubscription,
)
from reminders.periods import period_key
from states.access import is_secretariat, liaison_state_id
from states.models import Contact, State

# The order items are listed in, within a convention.
KIND_ORDER = {kind: position for position, kind in enumerate(PolicyKind)}


@dataclass(frozen=True)
class ReminderItem:
    """One thing a state owes under one convention, as one policy reminds of it."""

    kind: PolicyKind
    frequency: Frequency
    state: State
    convention: Convention
    # Pending since: the signature, or the day the questionnaire was sent.
    since: ApproxDate | None
    deadline: dt.date | None = None
    cycle: ReportingCycle | None = None
    overdue: bool = False
    days_left: int | None = None

    @property
    def key(self) -> tuple:
        """Items with the same key say the same thing: a digest lists one of them."""
        return (self.kind, self.convention.pk, self.cycle.pk if self.cycle else None)

    @property
    def sort_key(self) -> tuple:
        return (
            self.convention.code,
            KIND_ORDER[self.kind],
            self.cycle.opens_on if self.cycle else dt.date.min,
        )

    def detail(self) -> str:
        """What is pending, in the active language."""
        values = {
            "since": self.since.isoformat() if self.since else "",
            "cycle": self.cycle.label if self.cycle else "",
            "deadline": self.deadline.isoformat() if self.deadline else "",
            "days": self.days_left,
        }
        if self.kind == PolicyKind.SIGNED_NOT_RATIFIED:
            return (
                gettext("Signed on %(since)s; the instrument of ratification has not been deposited.")
                % values
            )
        if self.kind == PolicyKind.DEADLINE_WITHIN:
            return (
                ngettext(
                    "Questionnaire %(cycle)s: due on %(deadline)s, in %(days)s day, and not received yet.",
                    "Questionnaire %(cycle)s: due on %(deadline)s, in %(days)s days, and not received yet.",
                    self.days_left or 0,
                )
                % values
            )
        if self.overdue:
            return gettext("Questionnaire %(cycle)s: not received; it was due on %(deadline)s.") % values
        if self.deadline:
            return gettext("Questionnaire %(cycle)s: not received yet; due on %(deadline)s.") % values
        return gettext("Questionnaire %(cycle)s: not received yet; no due date was set.") % values

    def as_dict(self) -> dict:
        """The item as JSON: the command's output and the digest's stored items."""
        return {
            "kind": str(self.kind),
            "convention": self.convention.code,
            "detail": self.detail(),
            "since": self.since.isoformat() if self.since else None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "cycle": self.cycle.label if self.cycle else None,
            "overdue": self.overdue,
        }


@dataclass
class DigestPlan:
    """The digest one contact is due for one period: not yet claimed, nothing written."""

    contact: Contact
    frequency: Frequency
    period: str
    as_of: dt.date
    items: list[ReminderItem] = field(default_factory=list)

    @property
    def state(self) -> State:
        return self.contact.state

    @property
    def language(self) -> str:
        return self.contact.language

    @property
    def conventions(self) -> list[Convention]:
        seen: dict[int, Convention] = {}
        for item in self.items:
            seen.setdefault(item.convention.pk, item.convention)
        return list(seen.values())


@dataclass(frozen=True)
class StateOwing:
    """A state that owes something no contact will be reminded of, and what."""

    state: State
    items: list[ReminderItem]


@dataclass
class ReminderPlan:
    as_of: dt.date
    digests: list[DigestPlan]
    # States owing at least one item that no contact will receive, by ISO3.
    without_contact: list[StateOwing]

    @property
    def no_contact(self) -> list[str]:
        return [owing.state.iso3 for owing in self.without_contact]

    @cached_property
    def items(self) -> list[ReminderItem]:
        """Everything owed, whether anyone is reminded of it or not (each once)."""
        unique = {}
        for item in [i for d in self.digests for i in d.items] + [
            i for owing in self.without_contact for i in owing.items
        ]:
            unique.setdefault((item.state.pk, *item.key), item)
        return sorted(unique.values(), key=lambda i: (i.state.iso3, *i.sort_key))


def _conventions_in_scope(
    conventions: list[Convention], body_conventions: dict[int, set[int]]
) -> dict[str, dict[int, set[int]]]:
    """Which conventions each body covers: those it follows and the one that set it up."""
    covered: dict[int, set[int]] = defaultdict(set)
    for convention in conventions:
        if convention.followed_by_id:
            covered[convention.followed_by_id].add(convention.pk)
    for body_id, convention_ids in body_conventions.items():
        covered[body_id] |= convention_ids
    return covered


def _policy_conventions(policy: ReminderPolicy, covered: dict[int, set[int]]) -> set[int]:
    return {policy.convention_id} if policy.convention_id else set(covered.get(policy.body_id, ()))


def _signed_not_ratified(policy, conventions, signatories, as_of) -> list[ReminderItem]:
    # Only certain signatories: a state whose record leaves its status uncertain is not
    # reminded on a guess.
    items = []
    for convention_id in sorted(conventions):
        for row in signatories.get(convention_id, ()):
            if (as_of - row.signature.latest).days > policy.days:
                items.append(
                    ReminderItem(
                        PolicyKind.SIGNED_NOT_RATIFIED,
                        policy.frequency,
                        row.state,
                        row.participation.convention,
                        since=row.signature,
                    )
                )
    return items


def _questionnaires(policy, conventions, pending, as_of) -> list[ReminderItem]:
    items = []
    for submission in pending:
        cycle = submission.cycle
        if cycle.convention_id not in conventions:
            continue
        due = cycle.due_on
        since = ApproxDate.exact(cycle.opens_on)
        if policy.kind == PolicyKind.QUESTIONNAIRE_MISSING_OR_OVERDUE:
            items.append(
                ReminderItem(
                    policy.kind,
                    policy.frequency,
                    submission.state,
                    cycle.convention,
                    since=since,
                    deadline=due,
                    cycle=cycle,
                    overdue=due is not None and as_of > due,
                )
            )
        elif due is not None and 0 <= (due - as_of).days <= policy.days:
            items.append(
                ReminderItem(
                    policy.kind,
                    policy.frequency,
                    submission.state,
                    cycle.convention,
                    since=since,
                    deadline=due,
                    cycle=cycle,
                    days_left=(due - as_of).days,
                )
            )
    return items


def _without_repeats(items: list[ReminderItem]) -> list[ReminderItem]:
    """Each thing once, in order; a questionnaire due soon is not also listed as missing."""
    unique: dict[tuple, ReminderItem] = {}
    for item in items:
        unique.setdefault(item.key, item)
    due_soon = {
        (i.convention.pk, i.cycle.pk) for i in unique.values() if i.kind == PolicyKind.DEADLINE_WITHIN
    }
    kept = [
        item
        for item in unique.values()
        if not (
            item.kind == PolicyKind.QUESTIONNAIRE_MISSING_OR_OVERDUE
            and (item.convention.pk, item.cycle.pk) in due_soon
        )
    ]
    return sorted(kept, key=lambda item: item.sort_key)


def reminder_items_build(as_of: dt.date) -> tuple[list[tuple[ReminderPolicy, ReminderItem]], dict]:
    """Every (policy, item) owed on ``as_of`` under the active policies, and the body coverage.

    Queries: the active policies; the conventions; the bodies' conventions; the signatories
    (their conventions' entry into force, their participations) when a policy reminds of
    ratification; the open cycles' unanswered submissions when one reminds of questionnaires.
    """
    policies = list(ReminderPolicy.objects.filter(is_active=True).select_related("convention", "body"))
    conventions = list(Convention.objects.all())
    body_conventions: dict[int, set[int]] = defaultdict(set)
    for body_id, convention_id in Body.objects.filter(convention__isnull=False).values_list(
        "pk", "convention_id"
    ):
        body_conventions[body_id].add(convention_id)
    covered = _conventions_in_scope(conventions, body_conventions)
    scoped = {policy.pk: _policy_conventions(policy, covered) for policy in policies}

    signed_conventions = {
        c for p in policies if p.kind == PolicyKind.SIGNED_NOT_RATIFIED for c in scoped[p.pk]
    }
    signatories = {}
    if signed_conventions:
        signatories = signatories_as_of([c for c in conventions if c.pk in signed_conventions], as_of)

    questionnaire_conventions = {
        c for p in policies if p.kind != PolicyKind.SIGNED_NOT_RATIFIED for c in scoped[p.pk]
    }
    pending = []
    if questionnaire_conventions:
        pending = list(
            Submission.objects.filter(
                # Nobody is reminded of the demo cycle: its state's real contacts were never asked.
                cycle__in=ReportingCycle.objects.reference(),
                cycle__convention__in=questionnaire_conventions,
                cycle__opens_on__lte=as_of,
            )
            .filter(Q(cycle__closes_on__isnull=True) | Q(cycle__closes_on__gte=as_of))
            .exclude(status__in=RECEIVED_STATUSES)
            .select_related("state", "cycle__convention")
        )

    found = []
    for policy in policies:
        if policy.kind == PolicyKind.SIGNED_NOT_RATIFIED:
            items = _signed_not_ratified(policy, scoped[policy.pk], signatories, as_of)
        else:
            items = _questionnaires(policy, scoped[policy.pk], pending, as_of)
        found.extend((policy, item) for item in items)
    return found, covered


def reminder_digests_build(as_of: dt.date) -> ReminderPlan:
    """Every digest due on ``as_of``: one per contact and period, with what her state owes.

    A contact receives an item when she is active, in the policy's audience, follows the
    item's convention (directly, or through a body that covers it) and has not unsubscribed
    from it. An item nobody receives puts its state in ``without_contact``.

    Queries, however many states and contacts: those of ``reminder_items_build``, then the
    active contacts of the owing states, the conventions and bodies they follow, and the
    unsubscriptions. Whether a digest was already claimed for its period is left to the
    claim (the row is the lock); ``digests_already_claimed`` tells a dry run.
    """
    found, covered = reminder_items_build(as_of)
    owing_state_ids = {item.state.pk for _policy, item in found}
    contacts = list(
        Contact.objects.filter(is_active=True, state__in=owing_state_ids)
        .select_related("state")
        .order_by("state__name_en", "name", "pk")
    )
    contact_ids = [contact.pk for contact in contacts]
    follows: dict[int, set[int]] = defaultdict(set)
    for contact_id, convention_id in Contact.conventions.through.objects.filter(
        contact_id__in=contact_ids
    ).values_list("contact_id", "convention_id"):
        follows[contact_id].add(convention_id)
    for contact_id, body_id in Contact.bodies.through.objects.filter(contact_id__in=contact_ids).values_list(
        "contact_id", "body_id"
    ):
        follows[contact_id] |= covered.get(body_id, set())
    unsubscribed = set(
        ReminderSubscription.objects.filter(contact_id__in=contact_ids, unsubscribed=True).values_list(
            "contact_id", "convention_id"
        )
    )

    contacts_of_state: dict[int, list[Contact]] = defaultdict(list)
    for contact in contacts:
        contacts_of_state[contact.state_id].append(contact)

    digests: dict[tuple[int, str], DigestPlan] = {}
    unreached: dict[int, list[ReminderItem]] = defaultdict(list)
    for policy, item in found:
        reached = False
        for contact in contacts_of_state.get(item.state.pk, ()):
            if (
                policy.reaches(contact)
                and item.convention.pk in follows[contact.pk]
                and (contact.pk, item.convention.pk) not in unsubscribed
            ):
                reached = True
                key = (contact.pk, policy.frequency)
                if key not in digests:
                    digests[key] = DigestPlan(
                        contact, policy.frequency, period_key(policy.frequency, as_of), as_of
                    )
                digests[key].items.append(item)
        if not reached:
            unreached[item.state.pk].append(item)

    for digest in digests.values():
        digest.items = _without_repeats(digest.items)
    ordered = sorted(
        digests.values(), key=lambda d: (d.state.name_en, d.contact.name, d.contact.pk, d.period)
    )
    states = {item.state.pk: item.state for _policy, item in found}
    without_contact = sorted(
        (StateOwing(states[state_id], _without_repeats(items)) for state_id, items in unreached.items()),
        key=lambda owing: owing.state.iso3,
    )
    return ReminderPlan(as_of, ordered, without_contact)


def digests_already_claimed(plans: list[DigestPlan]) -> set[tuple[int, str]]:
    """The (contact, period) pairs among ``plans`` that already have a digest row (one query)."""
    if not plans:
        return set()
    periods = {plan.period for plan in plans}
    contact_ids = {plan.contact.pk for plan in plans}
    return set(
        Digest.objects.filter(contact_id__in=contact_ids, period__in=periods).values_list(
            "contact_id", "period"
        )
    )


def outreach_for_state(state: State) -> list[OutreachEntry]:
    """The outreach log of one state, newest first (undated entries last); two queries.

    Letters, notes and calls that name the state, and the digests sent to its contacts. Each
    entry comes with its convention, its digest and all the states it names.
    """
    return list(
        OutreachEntry.objects.filter(states=state)
        .select_related("convention", "digest__contact")
        .prefetch_related(Prefetch("states", queryset=State.objects.order_by("name_en")))
        .order_by(*OutreachEntry._meta.ordering)
    )


def outreach_entry_for_user(user, pk: int) -> OutreachEntry:
    """One outreach entry if ``user`` may see it (staff, or a liaison of a state it names).

    ``OutreachEntry.DoesNotExist`` otherwise, as if it were absent.
    """
    entries = OutreachEntry.objects.all()
    if not is_secretariat(user):
        state_id = liaison_state_id(user)
        if state_id is None:
            raise OutreachEntry.DoesNotExist
        entries = entries.filter(states__pk=state_id).distinct()
    return entries.get(pk=pk)
