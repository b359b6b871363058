"""Generated codes, years and file formats in the addresses of the meeting, body, mandate and report
pages: an address that names nothing is "not found", never an error, whatever it holds."""

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.tests.bad_input import FORMULAS, HUGE_CELLS, NUL_TEXT, bad_input_settings, tally

pytestmark = pytest.mark.django_db

# Each page's address with the place of the generated part; the rest names a real record.
ADDRESSES = [
    "/reports/meetings/{}/",
    "/reports/mandates/{}/",
    "/reports/bodies/{}/",
    "/reports/bodies/{}/meetings.ics",
    "/reports/{}/2020/",
    "/reports/CICTE/{}/",
    "/reports/CICTE/2020/annexes.{}",
    "/reports/CICTE/2020/annex-{}.csv",
    "/reports/CICTE/2020/annex-1.{}",
    "/reports/states/{}/",
]

CODES = st.one_of(
    st.text(max_size=40),
    NUL_TEXT,
    FORMULAS,
    HUGE_CELLS.map(lambda cell: cell[:3_000]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["..", "%2e%2e", "rcepter-1%00", "CICTE/../..", "ＣＩＣＴＥ", "0", "-1", "2020.5"]),
)


def test_an_address_naming_nothing_is_not_found(client, reference_record):
    @bad_input_settings(120)
    @given(address=st.sampled_from(ADDRESSES), code=CODES)
    def answered(address, code):
        response = client.get(address.format(quote(code, safe="")))

        # 200 only where the generated part happens to name a record ("CICTE", "1").
        assert response.status_code in (200, 404), (address, code)
        tally("codes in report and meeting addresses")

    answered()
