import datetime as dt

import pytest

from conventions.selectors import TimelinePoint, treaty_status_as_of
from conventions.tests.factories import ConventionFactory, ParticipationFactory
from dashboards.presenters import PLOT_BOTTOM, PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, timeline_chart
from dashboards.tests.conftest import ADOPTED
from states.tests.factories import StateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def treaty():
    convention = ConventionFactory(adopted_on=ADOPTED)
    StateFactory.create_batch(4)
    ParticipationFactory(convention=convention, state=StateFactory())
    return treaty_status_as_of(convention, dt.date(2011, 12, 31))


def test_the_chart_steps_up_from_the_axis_to_each_count(treaty):
    points = [TimelinePoint(ADOPTED, 0, 0), TimelinePoint(dt.date(2007, 1, 1), 5, 0)]

    chart = timeline_chart(treaty.convention, treaty.as_of, len(treaty.states), points)

    # Ten years, 2002 to 2011, over the plot's width; five states over its height.
    share = (ADOPTED - dt.date(2002, 1, 1)).days / (dt.date(2012, 1, 1) - dt.date(2002, 1, 1)).days
    assert chart.signatories_path.startswith(
        f"M{PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * share:.1f},{PLOT_BOTTOM:.1f}"
    )
    assert f"V{PLOT_TOP:.1f}" in chart.signatories_path
    assert chart.parties_path.count("V") == 1
    assert [tick.label for tick in chart.x_ticks] == ["2002", "2004", "2006", "2008", "2010"]
    assert [tick.label for tick in chart.y_ticks] == ["0", "1", "2", "3", "4", "5"]
    assert chart.x_ticks[0].position == PLOT_LEFT


def test_the_description_says_what_the_chart_ends_on(treaty):
    chart = timeline_chart(
        treaty.convention, treaty.as_of, len(treaty.states), [TimelinePoint(ADOPTED, 1, 0)]
    )

    assert chart.description == (
        f"Of 5 member states shown, 1 had signed {treaty.convention.code} and 0 were parties on "
        "2011-12-31, counted from 2002-06-03."
    )
