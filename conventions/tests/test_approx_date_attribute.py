"""An approximate date read and written through its model's two fields."""

import datetime as dt

from conventions.approx_dates import ApproxDate
from conventions.models import Participation
from questionnaires.models import Submission


def test_it_reads_the_two_bounds_as_one_approximate_date():
    participation = Participation(deposit_earliest=dt.date(2005, 12, 1), deposit_latest=dt.date(2005, 12, 31))

    assert participation.deposit == ApproxDate.parse("2005-12")
    assert participation.signature is None


def test_it_is_none_while_a_bound_is_missing():
    assert Participation(deposit_earliest=dt.date(2005, 12, 1)).deposit is None


def test_setting_it_writes_both_bounds_and_none_empties_both():
    submission = Submission()

    submission.received = ApproxDate.parse("2019-03-04/2019-03-20")
    assert (submission.received_earliest, submission.received_latest) == (
        dt.date(2019, 3, 4),
        dt.date(2019, 3, 20),
    )

    submission.received = None
    assert (submission.received_earliest, submission.received_latest) == (None, None)
    assert submission.received is None
