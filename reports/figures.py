"""Figures as the documents state them, beside the figures the record computes from its items.

A report says "more than 3,000 people took part"; the record adds up the participants its items
give. Where the two disagree, either the record misses items or counts, or the document rounds:
staff look at each place (see ``figures_in_disagreement``). A document's "to date, 24 states have
ratified" is checked against the treaty record counted on the day the document gives.
"""

import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import F, Q, QuerySet

from conventions.selectors import treaty_counts_on_days
from reports.models import (
    TREATY_MEASURES,
    FigureMeasure,
    FigureQualifier,
    ReportItem,
    StatedFigure,
    StateRole,
)

# States a program reached: those that took part or benefited, not its hosts or partners.
REACHED = (StateRole.PARTICIPANT, StateRole.BENEFICIARY)
# "About 400" agrees with a computed figure within a tenth of it.
ABOUT_TOLERANCE = 0.1


@dataclass(frozen=True)
class FigureComparison:
    figure: StatedFigure
    computed: int | None  # None where the record does not compute the measure

    @property
    def agrees(self) -> bool | None:
        """Whether the computed figure bears the stated one out (None: nothing to compare)."""
        if self.computed is None:
            return None
        stated, computed = self.figure.value, self.computed
        match self.figure.qualifier:
            case FigureQualifier.EXACTLY:
                return computed == stated
            # The record keeps "more than 500" as its lower bound, 500, as it does "at least 500".
            case FigureQualifier.MORE_THAN | FigureQualifier.AT_LEAST:
                return computed >= stated
        return abs(computed - stated) <= stated * ABOUT_TOLERANCE


def _measures(items: list[ReportItem]) -> dict[str, int]:
    return {
        FigureMeasure.PARTICIPANTS: sum(item.participants_at_least or 0 for item in items),
        FigureMeasure.STATES: len(
            {link.state_id for item in items for link in item.state_roles.all() if link.role in REACHED}
        ),
        FigureMeasure.ACTIVITIES: len(items),
    }


def _treaty_counts(figures: list[StatedFigure]) -> dict[int, int]:
    """Each treaty figure's count in the record, by figure id (two queries, or none)."""
    treaty_figures = [figure for figure in figures if figure.measure in TREATY_MEASURES]
    counts = treaty_counts_on_days(
        {figure.convention for figure in treaty_figures}, {figure.as_of for figure in treaty_figures}
    )
    return {
        figure.pk: getattr(counts[figure.convention_id, figure.as_of], figure.measure)
        for figure in treaty_figures
    }


def figure_comparisons(figures: QuerySet[StatedFigure]) -> list[FigureComparison]:
    """Each figure with the record's own (at most seven queries, whatever the number of figures)."""
    figures = list(
        figures.select_related(
            "report__body", "program_area", "item__body", "meeting__body", "convention"
        ).prefetch_related("item__state_roles")
    )
    treaty_counts = _treaty_counts(figures)
    report_years = {
        (figure.report.body_id, figure.report.year)
        for figure in figures
        if figure.report_id and figure.measure not in TREATY_MEASURES
    }
    items_of = {key: [] for key in report_years}
    if report_years:
        in_those_years = reduce(
            operator.or_, (Q(body_id=body, date_earliest__year=year) for body, year in report_years)
        )
        for item in ReportItem.objects.filter(in_those_years).prefetch_related(
            "program_areas", "state_roles"
        ):
            items_of[(item.body_id, item.date_earliest.year)].append(item)
    return [FigureComparison(figure, _record_figure(figure, items_of, treaty_counts)) for figure in figures]


def _record_figure(figure: StatedFigure, items_of: dict, treaty_counts: dict[int, int]) -> int | None:
    if figure.measure in TREATY_MEASURES:
        return treaty_counts[figure.pk]
    if figure.meeting_id:  # a meeting has no items of its own to count
        return None
    if figure.item_id:
        measured = _measures([figure.item])
        measured[FigureMeasure.PARTICIPANTS] = figure.item.participants_at_least
        del measured[FigureMeasure.ACTIVITIES]  # an item is one activity
        return measured.get(figure.measure)
    items = items_of[(figure.report.body_id, figure.report.year)]
    if figure.program_area_id:
        items = [item for item in items if figure.program_area in item.program_areas.all()]
    return _measures(items).get(figure.measure)


def figures_of_year(body, year: int) -> list[FigureComparison]:
    """The figures a body's reports for ``year`` and their items state."""
    return figure_comparisons(
        StatedFigure.objects.filter(
            Q(report__body=body, report__year=year) | Q(item__body=body, item__date_earliest__year=year)
        ).order_by(F("report").asc(nulls_last=True), "program_area", "item__date_earliest", "pk")
    )


def figures_of_meeting(meeting) -> list[FigureComparison]:
    """The figures said at a meeting, as its report gives them."""
    return figure_comparisons(StatedFigure.objects.filter(meeting=meeting).order_by("pk"))


def figures_in_disagreement() -> list[FigureComparison]:
    """Every stated figure the record's own figure does not bear out, and those it cannot check."""
    return [
        comparison
        for comparison in figure_comparisons(StatedFigure.objects.order_by("report", "item", "meeting", "pk"))
        if not comparison.agrees
    ]
