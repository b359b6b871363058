import datetime as dt

import factory

from conventions.tests.factories import ConventionFactory
from questionnaires.models import (
    Answer,
    Audience,
    Obligation,
    Question,
    QuestionKind,
    Questionnaire,
    ReportingCycle,
    Section,
    Submission,
)
from states.tests.factories import StateFactory


class ObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Obligation

    convention = factory.SubFactory(ConventionFactory)
    code = factory.Sequence(lambda n: f"obligation-{n}")
    title_en = factory.Sequence(lambda n: f"Obligation {n}")
    position = factory.Sequence(lambda n: n + 1)


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    convention = factory.SubFactory(ConventionFactory)
    version = factory.Sequence(lambda n: str(n + 1))
    title_en = "Questionnaire on the implementation of the convention"
    title_es = "Cuestionario sobre la aplicación de la convención"
    title_fr = "Questionnaire sur la mise en œuvre de la convention"
    title_pt = "Questionário sobre a aplicação da convenção"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    position = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Section {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    """A yes / no / partly question; pass ``obligation`` to tie it to one."""

    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = QuestionKind.YES_NO_PARTLY
    text_en = factory.Sequence(lambda n: f"Question {n}?")


class ReportingCycleFactory(factory.django.DjangoModelFactory):
    """A cycle asking all member states, open since 2020-01-01, due 2020-06-30, never closing."""

    class Meta:
        model = ReportingCycle

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    convention = factory.LazyAttribute(lambda o: o.questionnaire.convention)
    label = factory.Sequence(lambda n: str(2000 + n))
    opens_on = dt.date(2020, 1, 1)
    due_on = dt.date(2020, 6, 30)
    audience = Audience.ALL_MEMBERS


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A submission not started; use the services to move it on, or set the fields it needs."""

    class Meta:
        model = Submission

    cycle = factory.SubFactory(ReportingCycleFactory)
    state = factory.SubFactory(StateFactory)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    submission = factory.SubFactory(SubmissionFactory)
    question = factory.SubFactory(
        QuestionFactory, section__questionnaire=factory.SelfAttribute("...submission.cycle.questionnaire")
    )
    choice = "yes"
