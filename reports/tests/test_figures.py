"""Figures as the documents state them, beside the record's own, and the staff list of those
that disagree."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from conventions.tests.factories import BodyFactory, ConventionFactory
from reports.figures import FigureComparison, figure_comparisons, figures_in_disagreement
from reports.models import FigureMeasure, FigureQualifier, Report, StatedFigure, StateRole
from reports.tests.factories import ItemStateFactory, MeetingFactory, ProgramAreaFactory, ReportItemFactory
from states.tests.factories import LiaisonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _report():
    """A report of 2020 of a body the reference record has none for."""
    return Report.objects.create(
        body=BodyFactory(acronym="XB"), year=2020, kind="annual", title_en="Annual 2020"
    )


def _figure(qualifier, value, **kwargs):
    return StatedFigure(measure=FigureMeasure.PARTICIPANTS, qualifier=qualifier, value=value, **kwargs)


@pytest.mark.parametrize(
    "qualifier, stated, computed, agrees",
    [
        (FigureQualifier.EXACTLY, 35, 35, True),
        (FigureQualifier.EXACTLY, 35, 34, False),
        # "More than 500" is kept by the record as its lower bound, 500.
        (FigureQualifier.MORE_THAN, 500, 500, True),
        (FigureQualifier.MORE_THAN, 3000, 2150, False),
        (FigureQualifier.AT_LEAST, 100, 99, False),
        (FigureQualifier.ABOUT, 400, 430, True),
        (FigureQualifier.ABOUT, 400, 450, False),
        (FigureQualifier.EXACTLY, 26, None, None),
    ],
)
def test_a_stated_figure_agrees_with_the_record_as_its_qualifier_says(qualifier, stated, computed, agrees):
    assert FigureComparison(_figure(qualifier, stated), computed).agrees is agrees


def test_the_reference_record_s_figures_show_where_the_record_falls_short(reference_record):
    by_words = {c.figure.stated_as: c for c in figure_comparisons(StatedFigure.objects.all())}

    three_thousand = next(c for words, c in by_words.items() if "more than 3,000 people" in words)
    assert three_thousand.figure.program_area.code == "cybersecurity"
    assert three_thousand.computed >= 3000 and three_thousand.agrees
    # The course names twelve states; the record links none to it yet.
    assert (by_words["from 12 OAS Member States"].computed, by_words["from 12 OAS Member States"].agrees) == (
        0,
        False,
    )
    # The record keeps no count for this training: the figure cannot be checked.
    untold = next(c for words, c in by_words.items() if "from Panama and Paraguay" in words)
    assert untold.computed is None and untold.agrees is None


def test_what_the_documents_say_of_the_conventions_status_agrees_with_the_record(reference_record):
    treaty = [c for c in figure_comparisons(StatedFigure.objects.all()) if c.figure.convention_id]

    stated = {
        (c.figure.convention.code, str(c.figure.as_of), c.figure.measure): (
            c.figure.value,
            c.computed,
            c.agrees,
        )
        for c in treaty
    }
    assert stated == {
        # The CICTE annual report 2020, approved on 2021-10-08: "33 ... have signed ... 24 have deposited".
        ("A-66", "2021-10-08", "signatories"): (33, 33, True),
        ("A-66", "2021-10-08", "parties"): (24, 24, True),
        # The Secretary General at the Meeting of Consultation: "the 10 signatory states which have not yet
        # ratified".
        ("A-66", "2022-09-12", "not_ratified"): (10, 10, True),
        # The CIFTA Pro Tempore report: 31 parties; letters to Canada, the United States and Jamaica.
        ("A-63", "2020-12-03", "parties"): (31, 31, True),
        ("A-63", "2020-12-03", "not_ratified"): (3, 3, True),
    }


def test_a_figure_about_a_convention_names_it_and_its_day_and_only_such_a_figure_does():
    report = _report()
    convention = ConventionFactory()
    for fields in (
        {"measure": FigureMeasure.PARTIES},
        {"measure": FigureMeasure.PARTIES, "convention": convention},
        {"measure": FigureMeasure.PARTICIPANTS, "convention": convention, "as_of": dt.date(2020, 1, 1)},
    ):
        figure = StatedFigure(report=report, qualifier="exactly", value=1, stated_as="one", **fields)
        with pytest.raises(ValidationError) as refused:
            figure.full_clean()
        assert "convention" in refused.value.message_dict
        with pytest.raises(IntegrityError), transaction.atomic():
            figure.save()


def test_a_report_figure_counts_the_states_reached_not_its_partners():
    report = _report()
    area = ProgramAreaFactory()
    for role in (StateRole.BENEFICIARY, StateRole.PARTICIPANT, StateRole.PARTNER):
        item = ReportItemFactory(body=report.body, participants_at_least=10)
        item.program_areas.add(area)
        ItemStateFactory(item=item, role=role)
    ReportItemFactory(
        body=report.body, participants_at_least=99, date_earliest=dt.date(2021, 1, 5)
    )  # next year
    states = StatedFigure.objects.create(
        report=report,
        program_area=area,
        measure=FigureMeasure.STATES,
        qualifier="exactly",
        value=2,
        stated_as="2",
    )
    people = StatedFigure.objects.create(
        report=report, measure=FigureMeasure.PARTICIPANTS, qualifier="more_than", value=30, stated_as="30+"
    )

    computed = {c.figure.pk: c.computed for c in figure_comparisons(StatedFigure.objects.all())}

    assert computed[states.pk] == 2
    assert computed[people.pk] == 30  # three items of 10 in 2020; the one of 2021 is not the report's


def test_a_figure_belongs_to_a_report_an_item_or_a_meeting():
    report = _report()
    item = ReportItemFactory(body=report.body)
    meeting = MeetingFactory(number=None)
    for owners in (
        {},
        {"report": report, "item": item},
        {"item": item, "program_area": ProgramAreaFactory()},
        {"meeting": meeting, "report": report},
        {"meeting": meeting, "program_area": ProgramAreaFactory()},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            StatedFigure.objects.create(
                measure="participants", qualifier="exactly", value=1, stated_as="one", **owners
            )


@pytest.mark.parametrize("count", [2, 12])
def test_comparing_takes_the_same_queries_whatever_the_figures(count, django_assert_num_queries):
    report = _report()
    conventions = [ConventionFactory(), ConventionFactory()]
    for n in range(count):
        StatedFigure.objects.create(
            report=report, measure="signatories", qualifier="exactly", value=0, stated_as=f"{n} signed",
            convention=conventions[n % 2], as_of=dt.date(2020, 1, 1) + dt.timedelta(days=n),
        )  # fmt: skip
        item = ReportItemFactory(body=report.body, participants_at_least=n)
        ItemStateFactory(item=item)
        StatedFigure.objects.create(
            item=item, measure="states", qualifier="exactly", value=1, stated_as=f"{n}"
        )
        StatedFigure.objects.create(
            report=report, measure="activities", qualifier="exactly", value=n + 1, stated_as=f"{n}"
        )

    # The figures; their items' state links; the conventions' counts on every day in one query, and
    # their entries into force; the reports' items, their program areas and states.
    with django_assert_num_queries(7):
        comparisons = figure_comparisons(
            StatedFigure.objects.filter(Q(report=report) | Q(item__body=report.body))
        )

    assert len(comparisons) == 3 * count
    # every item figure, "exactly count" activities, and every "0 signed" of a convention nobody signed
    assert sum(1 for c in comparisons if c.agrees) == count + 1 + count


def test_staff_see_the_figures_to_check_and_others_do_not(client, reference_record):
    url = reverse("reports:figures")
    client.force_login(LiaisonFactory().user)
    assert client.get(url).status_code == 404

    client.force_login(UserFactory(is_staff=True))
    html = client.get(url).content.decode()

    assert "from 12 OAS Member States" in html
    assert "trained 225 students" not in html  # it agrees
    assert len(figures_in_disagreement()) == html.count("<tr>") - 1  # less the heading's row
