import datetime as dt

import pytest

from conventions.tests.factories import ConventionFactory, ParticipationFactory
from states.tests.factories import StateFactory


@pytest.fixture
def participation():
    """Argentina signed A-66 on 2002-06-03."""
    return ParticipationFactory(
        convention=ConventionFactory(code="A-66"),
        state=StateFactory(iso3="ARG", name_en="Argentina"),
        signature_earliest=dt.date(2002, 6, 3),
    )
