import datetime as dt
import os
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from conventions.models import InstrumentKind
from conventions.tests.factories import ConventionFactory, ParticipationFactory, ReservationFactory
from outbox.tests.fixtures import real_parts  # noqa: F401
from outbox.tests.workers import RedisQueue
from questionnaires.models import Answer, AnswerKind, QuestionKind, SubmissionDocument
from questionnaires.tests.factories import (
    QuestionFactory,
    QuestionnaireFactory,
    ReportingCycleFactory,
    SectionFactory,
    SubmissionFactory,
)
from questionnaires.workflow import SubmissionStatus
from states.models import MembershipEventKind, Subregion
from states.tests.factories import LiaisonFactory, StateFactory, UserFactory

ADOPTED = dt.date(2002, 6, 3)


@pytest.fixture
def worker_queue() -> RedisQueue:
    """The Redis database of the API's real-process tests: the cache of the site they start."""
    return RedisQueue(int(os.environ.get("API_TEST_REDIS_DB", "14")))


@pytest.fixture
def redis_cache(real_parts, worker_queue: RedisQueue) -> str:  # noqa: F811
    """That database emptied, before the test and after; its address for CACHE_URL."""
    worker_queue.client().flushdb()
    yield worker_queue.url
    worker_queue.client().flushdb()


@pytest.fixture
def anonymous():
    """An anonymous client, as every endpoint is tried first."""
    return APIClient()


@pytest.fixture
def record(db):
    """A small treaty record whose figures are known by hand.

    Convention T-1 (in force 30 days after the second deposit):
    - PTY signed 2002-06-03 and ratified 2003-01-10, with a declaration;
    - MAY signed 2002-06-03 and ratified some day in May 2003 (day unknown);
    - SIG signed 2002-06-03 and did nothing more; it left the OAS in 2019;
    - NON did nothing, and has a liaison whose details are not public.
    Convention T-2 has no signature at all."""
    convention = ConventionFactory(
        code="T-1",
        short_name_en="Test Convention",
        title_en="Inter-American Test Convention",
        title_es="Convención Interamericana de Prueba",
        adopted_on=ADOPTED,
        eif_instruments_required=2,
        eif_days_after_deposit=30,
    )
    other = ConventionFactory(code="T-2", adopted_on=dt.date(2010, 1, 1), followed_by=None)
    party = StateFactory(iso3="PTY", iso2="ZP", name_en="Partyland", name_es="Partilandia")
    approximate = StateFactory(iso3="MAY", iso2="ZM", name_en="Approxia", subregion=Subregion.SOUTH_AMERICA)
    signatory = StateFactory(iso3="SIG", iso2="ZS", name_en="Signatoria", subregion=Subregion.CENTRAL_AMERICA)
    none = StateFactory(iso3="NON", iso2="ZN", name_en="Nonesuch", subregion=Subregion.NORTH_AMERICA)

    ratified = ParticipationFactory(convention=convention, state=party, deposit_earliest=dt.date(2003, 1, 10))
    ReservationFactory(participation=ratified)
    ParticipationFactory(
        convention=convention,
        state=approximate,
        deposit_earliest=dt.date(2003, 5, 1),
        deposit_latest=dt.date(2003, 5, 31),
        instrument_kind=InstrumentKind.RATIFICATION,
    )
    ParticipationFactory(convention=convention, state=signatory)
    signatory.membership_events.create(
        kind=MembershipEventKind.DENUNCIATION_NOTIFIED, occurred_on=dt.date(2017, 4, 28)
    )
    signatory.membership_events.create(
        kind=MembershipEventKind.WITHDRAWAL_EFFECTIVE,
        occurred_on=dt.date(2019, 4, 27),
        reference="Withdrawal after the two years the Charter requires",
    )
    LiaisonFactory(state=none, name="Private Person", email="private.person@example.org")
    return {
        "convention": convention,
        "other": other,
        "party": party,
        "approximate": approximate,
        "signatory": signatory,
        "none": none,
    }


def add_states(convention, count):
    """``count`` more states, each a party to ``convention``, to show queries do not grow.

    Their codes start with X or Y, so they never meet the record's, whatever point the
    factory's own sequence of codes has reached in the test run.
    """
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for i in range(count):
        first, second = "XY"[i // 26], letters[i % 26]
        state = StateFactory(
            iso3=f"{first}{second}{second}", iso2=f"{first}{second}", name_en=f"Extra state {i}"
        )
        ParticipationFactory(
            convention=convention,
            state=state,
            deposit_earliest=convention.opened_for_signature_on + dt.timedelta(days=365),
        )


@pytest.fixture
def cast(db):
    """Questionnaire submissions of two states, OWN and OTH, and the people who ask for them.

    OWN's liaison is the insider, OTH's liaison the outsider with an account; ``nobody`` is
    signed in but speaks for no state; ``staff`` is the secretariat, who sees every state's.
    """
    own = StateFactory(iso3="OWN", iso2="QO", name_en="Ownland")
    other = StateFactory(iso3="OTH", iso2="QT", name_en="Otherland")
    staff = UserFactory(username="secretariat", is_staff=True)
    questionnaire = QuestionnaireFactory(convention__code="Q-1", version="1")
    section = SectionFactory(questionnaire=questionnaire, position=1, title_en="Marking")
    marked = QuestionFactory(section=section, position=1, text_en="Are firearms marked?")
    counted = QuestionFactory(
        section=section, position=2, kind=QuestionKind.NUMBER, is_required=False, text_en="How many?"
    )
    QuestionFactory(section=section, position=3, text_en="Are records kept?")
    earlier = ReportingCycleFactory(
        questionnaire=questionnaire,
        label="1998-1999",
        opens_on=dt.date(2020, 1, 1),
        due_on=dt.date(2020, 6, 30),
    )
    later = ReportingCycleFactory(
        questionnaire=questionnaire, label="1999", opens_on=dt.date(2022, 1, 1), due_on=dt.date(2022, 6, 30)
    )
    accepted = SubmissionFactory(
        cycle=earlier,
        state=own,
        status=SubmissionStatus.ACCEPTED,
        received_earliest=dt.date(2020, 5, 10),
        received_latest=dt.date(2020, 5, 10),
        answer_kind=AnswerKind.FIRST,
        language="es",
        reviewed_by=staff,
        review_comments="Thank you.",
        notes="Secretariat's own note.",
    )
    Answer.objects.create(submission=accepted, question=marked, choice="yes")
    Answer.objects.create(submission=accepted, question=counted, number=Decimal("12.5000"))
    SubmissionDocument.objects.create(
        submission=accepted,
        file="questionnaires/answers.pdf",
        original_name="answers.pdf",
        kind="pdf",
        size_bytes=2048,
    )
    return {
        "own": own,
        "questionnaire": questionnaire,
        "liaison": LiaisonFactory(state=own, user__username="own-liaison").user,
        "other_liaison": LiaisonFactory(state=other, user__username="other-liaison").user,
        "nobody": UserFactory(username="no-state"),
        "staff": staff,
        "accepted": accepted,
        "not_started": SubmissionFactory(cycle=later, state=own),
        "theirs": SubmissionFactory(
            cycle=earlier,
            state=other,
            status=SubmissionStatus.SUBMITTED,
            received_earliest=dt.date(2020, 7, 1),
            received_latest=dt.date(2020, 7, 31),
            answer_kind=AnswerKind.FIRST,
        ),
    }
