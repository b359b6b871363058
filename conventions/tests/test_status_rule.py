"""The status rule, stated twice: as database conditions (``status_conditions``: the counts, the
signatories reminded, the timeline) and in Python for one row (``participation_statuses_as_of``,
the status table). Hypothesis makes records (approximate signatures and deposits, same-day
deposits, accessions, denunciations) and the two must agree on every day a status can change, and
on the days either side of it."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from conventions.models import InstrumentKind, Participation
from conventions.selectors import (
    Status,
    participation_statuses_as_of,
    signatories_as_of,
    status_conditions,
    treaty_counts_as_of,
    treaty_status_as_of,
    treaty_timelines,
)
from conventions.tests.factories import ConventionFactory
from states.tests.factories import StateFactory
from tracker.tests.bad_input import bad_input_settings

pytestmark = pytest.mark.django_db

OPENED = dt.date(2002, 6, 3)
DAYS = st.integers(0, 4_000)
SPANS = st.sampled_from([0, 0, 0, 29, 30, 364])  # a day, a month, a year


@st.composite
def participations(draw):
    """One state's actions, as the record may hold them: a signature and a deposit each exact or
    a range, an accession without signature, a denunciation a year after its notice."""
    signed = draw(st.none() | st.tuples(DAYS, SPANS))
    deposit = draw(st.none() | st.tuples(st.integers(0, 2_000), SPANS))
    if signed is None and deposit is None:
        signed = (draw(DAYS), 0)
    row = {}
    if signed:
        start = OPENED + dt.timedelta(days=signed[0])
        row.update(signature_earliest=start, signature_latest=start + dt.timedelta(days=signed[1]))
    if deposit:
        # Never before the signature's first possible day (the database refuses it).
        after = row.get("signature_earliest", OPENED)
        start = after + dt.timedelta(days=deposit[0])
        row.update(
            deposit_earliest=start,
            deposit_latest=start + dt.timedelta(days=deposit[1]),
            instrument_kind=InstrumentKind.RATIFICATION if signed else InstrumentKind.ACCESSION,
        )
        if draw(st.booleans()):
            notified = row["deposit_latest"] + dt.timedelta(days=draw(st.integers(1, 3_000)))
            row.update(
                denunciation_notified_on=notified, denunciation_effective_on=notified + dt.timedelta(days=365)
            )
    return row


def change_days(rows: list[dict]) -> list[dt.date]:
    """Every day a status can change on (each bound of each interval), with the day before."""
    bounds = {day for row in rows for key, day in row.items() if isinstance(day, dt.date)}
    shifted = {day + dt.timedelta(days=shift) for day in bounds for shift in (-1, 0, 1)}
    return sorted(shifted | {OPENED - dt.timedelta(days=1)})


def test_the_database_and_python_give_every_row_the_same_status_every_day():
    convention = ConventionFactory(
        code="A-66", adopted_on=OPENED, opened_for_signature_on=OPENED,
        eif_instruments_required=2, eif_days_after_deposit=30,
    )  # fmt: skip
    states = [StateFactory() for _ in range(6)]
    seen = set()

    @bad_input_settings(25)
    @given(rows=st.lists(participations(), min_size=1, max_size=5))
    def agree(rows):
        with transaction.atomic():
            Participation.objects.bulk_create(
                Participation(convention=convention, state=state, **row)
                for state, row in zip(states[: len(rows)], rows, strict=True)
            )
            held = Participation.objects.select_related("convention", "state")
            days = change_days(rows)
            timeline = treaty_timelines([convention], days[-1])[convention.pk]
            for day in days:
                by_python = {pk: row.status for pk, row in participation_statuses_as_of(held, day).items()}
                seen.update(by_python.values())
                for status, condition in status_conditions(day).items():
                    by_database = set(held.filter(condition).values_list("pk", flat=True))
                    assert by_database == {pk for pk, found in by_python.items() if found == status}, (
                        day,
                        status,
                    )
                counted = treaty_counts_as_of([convention], day)[0]
                table = treaty_status_as_of(convention, day)
                assert (counted.signatories, counted.parties, counted.not_ratified, counted.in_force) == (
                    table.signatories, table.parties, table.not_ratified, table.in_force
                ), day  # fmt: skip
                reminded = signatories_as_of([convention], day)[convention.pk]
                assert {row.participation.pk for row in reminded} == {
                    pk for pk, found in by_python.items() if found == Status.SIGNATORY
                }, day
                # The timeline's figures on a day are those of its last step by then.
                steps = [point for point in timeline if point.on <= day]
                on_the_day = (steps[-1].signatories, steps[-1].parties) if steps else (0, 0)
                assert on_the_day == (table.signatories, table.parties), day
            transaction.set_rollback(True)

    agree()
    # The records were varied enough to reach every status, uncertain and denounced included.
    assert seen == set(Status)
