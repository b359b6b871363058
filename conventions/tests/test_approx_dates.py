import datetime as dt

import pytest

from conventions.approx_dates import ApproxDate, Precision

D = dt.date


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision", "written"),
    [
        ("2003-06-10", D(2003, 6, 10), D(2003, 6, 10), Precision.DAY, "2003-06-10"),
        ("2005-12", D(2005, 12, 1), D(2005, 12, 31), Precision.MONTH, "2005-12"),
        ("2004-02", D(2004, 2, 1), D(2004, 2, 29), Precision.MONTH, "2004-02"),
        ("1981", D(1981, 1, 1), D(1981, 12, 31), Precision.YEAR, "1981"),
        ("2002-06-04/2003-05-07", D(2002, 6, 4), D(2003, 5, 7), Precision.RANGE, "2002-06-04/2003-05-07"),
        ("2005-11/2005-12", D(2005, 11, 1), D(2005, 12, 31), Precision.RANGE, "2005-11-01/2005-12-31"),
    ],
)
def test_parse_keeps_what_is_known_and_writes_it_back(text, earliest, latest, precision, written):
    date = ApproxDate.parse(text)

    assert (date.earliest, date.latest, date.precision) == (earliest, latest, precision)
    assert date.isoformat() == written
    assert ApproxDate.parse(written) == date


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2005-13", "not a valid date"),
        ("2005-02-30", "not a valid date"),
        ("12/05", "not a date"),
        ("2003-05-07/2002-06-04", "not a valid date"),
        ("", "not a date"),
    ],
)
def test_parse_refuses_what_is_not_a_date_with_a_readable_message(text, message):
    with pytest.raises(ValueError, match=message):
        ApproxDate.parse(text)


def test_a_month_date_is_certain_only_after_the_month():
    december = ApproxDate.parse("2005-12")

    assert not december.possibly_by(D(2005, 11, 30))
    assert december.possibly_by(D(2005, 12, 1)) and not december.certainly_by(D(2005, 12, 30))
    assert december.certainly_by(D(2005, 12, 31))


def test_describe_never_claims_a_day_that_is_not_known():
    assert "day not known" in ApproxDate.parse("2005-12").describe()
    assert "between 2002-06-04 and 2003-05-07" in ApproxDate.parse("2002-06-04/2003-05-07").describe()
    assert ApproxDate.parse("2003-06-10").describe() == "on 2003-06-10"
