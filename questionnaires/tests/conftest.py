"""The cast of the questionnaire tests: Peru's liaison (the insider), Chile's liaison (the outsider
with an account), a secretariat reviewer, and an open cycle with a small questionnaire."""

import datetime as dt

import pytest
from django.utils import timezone

from questionnaires.models import QuestionKind
from questionnaires.tests.factories import (
    ObligationFactory,
    QuestionFactory,
    QuestionnaireFactory,
    ReportingCycleFactory,
    SectionFactory,
    SubmissionFactory,
)
from states.tests.factories import LiaisonFactory, SecretariatStaffFactory, StateFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder, never the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def peru(db):
    return StateFactory(iso3="PER", iso2="PE", name_en="Peru")


@pytest.fixture
def chile(db):
    return StateFactory(iso3="CHL", iso2="CL", name_en="Chile")


@pytest.fixture
def liaison(peru):
    return LiaisonFactory(state=peru, user__username="peru-liaison").user


@pytest.fixture
def other_liaison(chile):
    return LiaisonFactory(state=chile, user__username="chile-liaison").user


@pytest.fixture
def reviewer(db):
    return SecretariatStaffFactory(username="reviewer")


@pytest.fixture
def questionnaire(db):
    """Two required questions (one on marking, one on licensing) and an optional number."""
    questionnaire = QuestionnaireFactory(convention__code="A-63", version="1")
    marking = ObligationFactory(
        convention=questionnaire.convention, code="marking", title_en="Marking of firearms"
    )
    licensing = ObligationFactory(convention=questionnaire.convention, code="licensing", title_en="Licensing")
    section = SectionFactory(questionnaire=questionnaire, position=1, title_en="Obligations")
    QuestionFactory(section=section, position=1, obligation=marking, text_en="Are firearms marked?")
    QuestionFactory(section=section, position=2, obligation=licensing, text_en="Are exports licensed?")
    QuestionFactory(
        section=section, position=3, kind=QuestionKind.NUMBER, is_required=False, text_en="How many licences?"
    )
    return questionnaire


@pytest.fixture
def cycle(questionnaire):
    """Open since 2020, answers due a month from today."""
    return ReportingCycleFactory(
        questionnaire=questionnaire,
        label="2019-2020",
        opens_on=dt.date(2020, 1, 1),
        due_on=timezone.localdate() + dt.timedelta(days=30),
    )


@pytest.fixture
def submission(cycle, peru):
    """Peru's submission, not started."""
    return SubmissionFactory(cycle=cycle, state=peru)


@pytest.fixture
def chile_submission(cycle, chile):
    return SubmissionFactory(cycle=cycle, state=chile)


def questions_of(questionnaire):
    return list(questionnaire.sections.get().questions.order_by("position"))
