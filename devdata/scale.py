"""Synthetic treaty records at depositary size, for benchmarks and query-count guards.

The shapes follow a large depositary's record: about half of the state-convention pairs have a
signature, most signatories deposit, some accede without signing, a few denounce; some dates are
known only to the month or as a range; reservations on a few deposits. Questionnaire cycles with
submissions, report items tied to states, and contacts fill the other apps.

Rows are written with ``bulk_create``: synthetic data needs no history (django-simple-history
records nothing for bulk writes), and ``save()`` holds no rules here. Everything is drawn from
one ``random.Random(seed)``, so a seed gives the same record on any database.
"""

import calendar
import datetime as dt
import itertools
import random
import string
from dataclasses import dataclass, field

from django.db import transaction

from conventions.models import Body, Convention, InstrumentKind, Participation, Reservation
from questionnaires.models import Audience, Questionnaire, ReportingCycle, Submission
from questionnaires.workflow import SubmissionStatus
from reminders.models import Frequency, PolicyAudience, PolicyKind, ReminderPolicy
from reports.models import ItemState, ReportItem, StateRole
from states.models import Contact, Language, MembershipEvent, MembershipEventKind, State, Subregion

BATCH = 2000
# No synthetic date falls after this day, so a bench run on any later day sees the same record.
LAST_DAY = dt.date(2024, 12, 31)


@dataclass(frozen=True)
class ScaleSpec:
    states: int = 200
    conventions: int = 600
    cycles: int = 20
    cycle_conventions: int = 50
    items: int = 20_000
    bodies: int = 20
    seed: int = 1


@dataclass
class ScaleCounts:
    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self):
        return ", ".join(f"{count} {name}" for name, count in self.counts.items())


class RealDataPresent(Exception):
    """The database already holds a record; generating over it needs ``force``."""


def has_data() -> bool:
    return State.objects.exists() or Convention.objects.exists()


def scale_data_generate(spec: ScaleSpec, *, force: bool = False) -> ScaleCounts:
    """Fill the database with a synthetic record of ``spec``'s size; all or nothing."""
    if not force and has_data():
        raise RealDataPresent("The database already has states or conventions; use --force to add to them.")
    rng = random.Random(spec.seed)
    counts = ScaleCounts()
    with transaction.atomic():
        bodies = _bodies(rng, spec, counts)
        states = _states(rng, spec, counts)
        conventions = _conventions(rng, spec, bodies, counts)
        participations = _participations(rng, states, conventions, counts)
        _reservations(rng, participations, counts)
        _membership_events(rng, states, counts)
        _contacts(rng, states, conventions, counts)
        _cycles(rng, spec, conventions, participations, counts)
        _reminder_policies(spec, conventions, counts)
        _report_items(rng, spec, bodies, states, counts)
    return counts


def _create(model, rows, counts: ScaleCounts, name: str):
    created = model.objects.bulk_create(rows, batch_size=BATCH)
    counts.counts[name] = counts.counts.get(name, 0) + len(created)
    return created


def _free_codes(length: int, taken: set[str]):
    for letters in itertools.product(string.ascii_uppercase, repeat=length):
        code = "".join(letters)
        if code not in taken:
            yield code


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _approx(rng: random.Random, day: dt.date, not_before: dt.date) -> tuple[dt.date, dt.date]:
    """Mostly the exact day; one in ten known to the month, one in forty as a range."""
    draw = rng.random()
    if draw < 0.10:
        earliest, latest = _month_of(day)
    elif draw < 0.125:
        earliest, latest = day, day + dt.timedelta(days=rng.randint(10, 200))
    else:
        earliest, latest = day, day
    return max(earliest, not_before), min(latest, LAST_DAY)


def _bodies(rng, spec, counts):
    start = Body.objects.count() + 1
    rows = [
        Body(acronym=f"SYN-B{n:03d}", name_en=f"Synthetic committee {n}", name_es=f"Comité sintético {n}")
        for n in range(start, start + spec.bodies)
    ]
    return _create(Body, rows, counts, "bodies")


def _states(rng, spec, counts):
    taken3 = set(State.objects.values_list("iso3", flat=True))
    taken2 = set(State.objects.values_list("iso2", flat=True))
    # Past the 676 two-letter codes, states have none (the alpha-3 code is the key).
    iso3s, iso2s = _free_codes(3, taken3), itertools.chain(_free_codes(2, taken2), itertools.repeat(None))
    subregions = list(Subregion.values)
    rows = []
    start = State.objects.count() + 1
    for n in range(start, start + spec.states):
        rows.append(
            State(
                iso3=next(iso3s),
                iso2=next(iso2s),
                name_en=f"Synthetic State {n:04d}",
                name_es=f"Estado sintético {n:04d}",
                name_fr=f"État synthétique {n:04d}",
                name_pt=f"Estado sintético {n:04d}",
                subregion=rng.choice(subregions),
                oas_member_since=rng.randint(1948, 1991),
            )
        )
    return _create(State, rows, counts, "states")


def _conventions(rng, spec, bodies, counts):
    rows = []
    start = Convention.objects.count() + 1
    for n in range(start, start + spec.conventions):
        adopted = _day(rng, dt.date(1945, 1, 1), dt.date(2020, 12, 31))
        rows.append(
            Convention(
                code=f"S-{n:04d}",
                short_name_en=f"Synthetic convention {n}",
                title_en=f"Synthetic Multilateral Convention number {n}",
                title_es=f"Convención multilateral sintética número {n}",
                adopted_at_en=rng.choice(["New York", "Geneva", "Vienna", "Washington, D.C.", "Rome"]),
                adopted_on=adopted,
                opened_for_signature_on=adopted + dt.timedelta(days=rng.choice([0, 0, 0, 14, 30])),
                depositary_en="Secretary-General",
                followed_by=rng.choice(bodies) if rng.random() < 0.3 else None,
                eif_instruments_required=rng.choice([2, 6, 20, 22, 30, 35, 40, 60]),
                eif_days_after_deposit=rng.choice([30, 30, 60, 90]),
            )
        )
    return _create(Convention, rows, counts, "conventions")


def _participations(rng, states, conventions, counts):
    rows = []
    for convention in conventions:
        opened = convention.opened_for_signature_on
        for state in states:
            if rng.random() >= 0.5:
                continue
            rows.append(_participation(rng, convention, state, opened))
    return _create(Participation, rows, counts, "participations")


def _participation(rng, convention, state, opened):
    p = Participation(convention=convention, state=state)
    accedes = rng.random() < 0.15
    if not accedes:
        signed = _day(rng, opened, min(opened + dt.timedelta(days=730), LAST_DAY))
        p.signature_earliest, p.signature_latest = _approx(rng, signed, opened)
    if accedes or rng.random() < 0.8:
        after = p.signature_latest or opened
        deposited = _day(rng, after, min(after + dt.timedelta(days=3650), LAST_DAY))
        p.deposit_earliest, p.deposit_latest = _approx(rng, deposited, max(after, convention.adopted_on))
        if p.signature_earliest:
            p.instrument_kind = rng.choice([InstrumentKind.RATIFICATION] * 8 + [InstrumentKind.ACCEPTANCE])
        else:
            p.instrument_kind = rng.choice([InstrumentKind.ACCESSION] * 5 + [InstrumentKind.SUCCESSION])
        if rng.random() < 0.02 and p.deposit_latest < LAST_DAY - dt.timedelta(days=400):
            notified = _day(rng, p.deposit_latest + dt.timedelta(days=1), LAST_DAY - dt.timedelta(days=366))
            p.denunciation_notified_on = notified
            p.denunciation_effective_on = notified + dt.timedelta(days=365)
    p.source = "synthetic"
    return p


def _reservations(rng, participations, counts):
    kinds = list(Reservation.Kind.values)
    rows = []
    for participation in participations:
        if participation.deposit_earliest is None or rng.random() >= 0.05:
            continue
        for article in rng.sample(range(1, 40), rng.randint(1, 3)):
            made_with_instrument = rng.random() < 0.7
            made_on = None if made_with_instrument else participation.deposit_latest
            withdrawn = None
            if made_on and rng.random() < 0.1 and made_on < LAST_DAY - dt.timedelta(days=30):
                withdrawn = _day(rng, made_on, LAST_DAY)
            rows.append(
                Reservation(
                    participation=participation,
                    kind=rng.choice(kinds),
                    article=f"Art. {article}",
                    text=f"Synthetic reservation to article {article}.",
                    made_on=made_on,
                    withdrawn_on=withdrawn,
                )
            )
    return _create(Reservation, rows, counts, "reservations")


def _membership_events(rng, states, counts):
    rows = []
    for state in states:
        if rng.random() < 0.03:
            suspended = _day(rng, dt.date(1990, 1, 1), dt.date(2015, 1, 1))
            rows += [
                MembershipEvent(state=state, kind=MembershipEventKind.SUSPENDED, occurred_on=suspended),
                MembershipEvent(
                    state=state,
                    kind=MembershipEventKind.SUSPENSION_LIFTED,
                    occurred_on=suspended + dt.timedelta(days=rng.randint(100, 2000)),
                ),
            ]
    return _create(MembershipEvent, rows, counts, "membership events")


def _contacts(rng, states, conventions, counts):
    roles = [Contact.Role.PERMANENT_MISSION, Contact.Role.MINISTRY, Contact.Role.OTHER]
    rows = []
    for state in states:
        if rng.random() >= 0.9:
            continue
        for n in range(rng.randint(1, 3)):
            rows.append(
                Contact(
                    state=state,
                    role=rng.choice(roles),
                    name=f"Contact {n + 1} of {state.iso3}",
                    email=f"contact{n + 1}@{state.iso3.lower()}.example.org",
                    language=rng.choice(Language.values),
                )
            )
    contacts = _create(Contact, rows, counts, "contacts")
    links = [
        Contact.conventions.through(contact_id=contact.pk, convention_id=convention.pk)
        for contact in contacts
        for convention in rng.sample(conventions, min(len(conventions), rng.randint(0, 5)))
    ]
    _create(Contact.conventions.through, links, counts, "contact conventions")
    return contacts


def _reminder_policies(spec, conventions, counts):
    """The reference record's default for every convention (remind of a signature not followed
    by ratification within a year), and of missing questionnaires where there are cycles."""
    ratification = [
        ReminderPolicy(
            name=f"{c.code}: signed but not ratified for more than a year",
            convention=c,
            kind=PolicyKind.SIGNED_NOT_RATIFIED,
            days=365,
            frequency=Frequency.QUARTERLY,
            audience=PolicyAudience.ALL_CONTACTS,
        )
        for c in conventions
    ]
    questionnaires = [
        ReminderPolicy(
            name=f"{c.code}: questionnaire missing or overdue",
            convention=c,
            kind=PolicyKind.QUESTIONNAIRE_MISSING_OR_OVERDUE,
            frequency=Frequency.QUARTERLY,
            audience=PolicyAudience.LIAISONS,
        )
        for c in conventions[: spec.cycle_conventions]
    ]
    _create(ReminderPolicy, ratification + questionnaires, counts, "reminder policies")


def _cycles(rng, spec, conventions, participations, counts):
    chosen = conventions[: spec.cycle_conventions]
    questionnaires = _create(
        Questionnaire,
        [Questionnaire(convention=c, version="1", title_en=f"Questionnaire on {c.code}") for c in chosen],
        counts,
        "questionnaires",
    )
    first_year = LAST_DAY.year - spec.cycles + 1
    cycles = []
    for questionnaire in questionnaires:
        for year in range(first_year, LAST_DAY.year + 1):
            opens = dt.date(year, 1, 15)
            cycles.append(
                ReportingCycle(
                    convention=questionnaire.convention,
                    questionnaire=questionnaire,
                    label=str(year),
                    opens_on=opens,
                    due_on=dt.date(year, 6, 30),
                    closes_on=dt.date(year, 12, 31) if year < LAST_DAY.year else None,
                    audience=Audience.PARTIES,
                )
            )
    cycles = _create(ReportingCycle, cycles, counts, "reporting cycles")
    # A cycle asks the parties: approximated by the states that deposited by the cycle's opening.
    deposited = {}
    for p in participations:
        if p.deposit_latest:
            deposited.setdefault(p.convention_id, []).append(p)
    rows = []
    for cycle in cycles:
        for p in deposited.get(cycle.convention_id, []):
            if p.deposit_latest > cycle.opens_on:
                continue
            rows.append(_submission(rng, cycle, p.state))
    return _create(Submission, rows, counts, "submissions")


def _submission(rng, cycle, state):
    submission = Submission(cycle=cycle, state=state)
    draw = rng.random()
    if draw < 0.6:
        submission.status = rng.choice([SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW])
        submission.answer_kind = rng.choice(["first", "update"])
        received = _day(rng, cycle.opens_on, min(cycle.opens_on + dt.timedelta(days=300), LAST_DAY))
        if rng.random() < 0.1:
            submission.received_earliest, submission.received_latest = _month_of(received)
            submission.received_earliest = max(submission.received_earliest, cycle.opens_on)
        else:
            submission.received_earliest = submission.received_latest = received
    elif draw < 0.7:
        submission.status = SubmissionStatus.DRAFT
    return submission


def _report_items(rng, spec, bodies, states, counts):
    kinds = list(ReportItem.Kind.values)
    rows = []
    start = ReportItem.objects.count()
    for n in range(start, start + spec.items):
        kind = rng.choice(kinds)
        day = _day(rng, dt.date(2000, 1, 1), LAST_DAY)
        rows.append(
            ReportItem(
                reference=f"syn-{n:06d}",
                body=rng.choice(bodies),
                kind=kind,
                title=f"Synthetic {kind.replace('_', ' ')} {n}",
                date_earliest=day,
                date_latest=day + dt.timedelta(days=rng.choice([0, 0, 0, 1, 2, 4])),
                place=rng.choice(["", "Washington, D.C.", "Geneva", "online"]),
                is_virtual=rng.random() < 0.3,
                languages=rng.choice(["", "en", "es,en", "en,fr"]),
            )
        )
    items = _create(ReportItem, rows, counts, "report items")
    roles = list(StateRole.values)
    links = []
    for item in items:
        for state in rng.sample(states, min(len(states), rng.randint(0, 3))):
            links.append(ItemState(item=item, state=state, role=rng.choice(roles)))
    _create(ItemState, links, counts, "item states")
    return items
