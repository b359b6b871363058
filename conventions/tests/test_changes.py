"""What changed between two days: the actions listed, the figures before and after, the page,
its files, and their bad input."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conventions.approx_dates import ApproxDate
from conventions.changes import (
    CHANGE_COLUMNS,
    ChangeKind,
    a_year_before,
    record_changes_between,
)
from conventions.models import Convention, Objection, Participation, Reservation
from conventions.selectors import treaty_status_as_of
from conventions.tests.factories import ConventionFactory, ParticipationFactory, ReservationFactory
from states.models import State
from states.tests.factories import StateFactory

# Two regular sessions of the OAS General Assembly: the thirty-fifth opened in Fort Lauderdale
# on 2005-06-05, the thirty-sixth in Santo Domingo on 2006-06-04. A report to the second covers
# what changed "since the last General Assembly": both days included.
LAST_ASSEMBLY = dt.date(2005, 6, 5)
THIS_ASSEMBLY = dt.date(2006, 6, 4)

DEPOSIT, IN_FORCE = ChangeKind.DEPOSIT, ChangeKind.ENTRY_INTO_FORCE


def _listed(record):
    return [(str(c.date), c.state.iso3, str(c.kind), c.in_period) for c in record.changes]


def _figures(counts):
    return (counts.signatories, counts.parties, counts.in_force, counts.denounced, counts.uncertain)


def _table_figures(status):
    """The counts the status table shows on its page."""
    return (status.signatories, status.parties, status.in_force, status.denounced, len(status.uncertain))


# --- A record made for the purpose ------------------------------------------------------------

START, END = dt.date(2010, 1, 1), dt.date(2010, 12, 31)


@pytest.fixture
def convention(db):
    """T-9 in force since 2003; in 2010, one state of each kind of change."""
    convention = ConventionFactory(code="T-9", eif_instruments_required=1, eif_days_after_deposit=30)
    early = ParticipationFactory(convention=convention, deposit_earliest=dt.date(2003, 1, 1))
    ReservationFactory(
        participation=early, article="Art. 1", made_on=dt.date(2003, 1, 1), withdrawn_on=dt.date(2010, 3, 1)
    )
    ParticipationFactory(
        convention=convention,
        state=StateFactory(iso3="DEN", iso2="ZD", name_en="Denouncia"),
        deposit_earliest=dt.date(2004, 1, 1),
        denunciation_notified_on=dt.date(2009, 12, 1),
        denunciation_effective_on=dt.date(2010, 12, 1),
    )
    newcomer = ParticipationFactory(
        convention=convention,
        state=StateFactory(iso3="NEW", iso2="ZN", name_en="Newland"),
        signature_earliest=dt.date(2009, 12, 1),
        signature_latest=dt.date(2010, 1, 31),
        deposit_earliest=dt.date(2010, 11, 20),
        instrument_kind="acceptance",
    )
    ReservationFactory(participation=newcomer, article='=HYPERLINK("x")', made_on=None)
    ReservationFactory(
        participation=newcomer,
        kind=Reservation.Kind.RESERVATION,
        article="Art. 2",
        made_on=dt.date(2010, 12, 20),
    )
    return convention


def test_every_kind_of_change_of_a_participation_and_its_reservations(convention):
    early = Reservation.objects.get(article="Art. 1").participation.state.iso3

    changes = record_changes_between(START, END, convention=convention)

    assert _listed(changes) == [
        # Signed some day between 2009-12-01 and 2010-01-31: perhaps before the period.
        ("2009-12-01/2010-01-31", "NEW", "signature", "possibly"),
        ("2010-03-01", early, "reservation_withdrawn", "certainly"),
        ("2010-11-20", "NEW", "deposit", "certainly"),
        ("2010-11-20", "NEW", "reservation_made", "certainly"),  # with the instrument
        ("2010-12-01", "DEN", "denunciation_effective", "certainly"),
        ("2010-12-20", "NEW", "reservation_made", "certainly"),
        ("2010-12-20", "NEW", "entry_into_force", "certainly"),
    ]
    with_instrument = changes.changes[3]
    assert with_instrument.with_instrument and with_instrument.reservation.article.startswith("=")
    assert changes.changes[2].instrument_kind == "acceptance"
    # The denunciation notified in 2009 is outside the period.
    assert ChangeKind.DENUNCIATION_NOTIFIED not in {c.kind for c in changes.changes}


def test_a_period_of_one_day_lists_what_happened_on_it(convention):
    day = dt.date(2010, 11, 20)

    changes = record_changes_between(day, day, convention=convention)

    assert [(str(c.kind), c.certain) for c in changes.changes] == [
        ("deposit", True),
        ("reservation_made", True),
    ]
    [figures] = changes.figures
    assert figures.before.as_of == dt.date(2010, 11, 19) and figures.after.as_of == day
    assert figures.after.parties == figures.before.parties + 1


def test_the_entry_into_force_of_the_convention_itself_brings_in_the_earlier_parties(db):
    convention = ConventionFactory(code="T-8", eif_instruments_required=2, eif_days_after_deposit=30)
    first = ParticipationFactory(convention=convention, deposit_earliest=dt.date(2009, 6, 1))
    second = ParticipationFactory(convention=convention, deposit_earliest=dt.date(2010, 6, 1))

    changes = record_changes_between(START, END, convention=convention)

    in_force = {(c.state, str(c.date)) for c in changes.changes if c.kind == IN_FORCE}
    # The first party's own thirty days ran out in 2009; the convention entered into force later.
    assert in_force == {(first.state, "2010-07-01"), (second.state, "2010-07-01")}


def test_a_convention_not_in_force_gives_no_entry_into_force(db):
    convention = ConventionFactory(code="T-7", eif_instruments_required=3)
    ParticipationFactory(convention=convention, deposit_earliest=dt.date(2010, 6, 1))

    changes = record_changes_between(START, END, convention=convention)

    assert [str(c.kind) for c in changes.changes] == ["deposit"]


def test_objections_made_and_withdrawn_are_listed_under_the_objecting_state(convention):
    reservation = Reservation.objects.get(article="Art. 1")
    objector = Participation.objects.get(convention=convention, state__iso3="NEW").state
    Objection.objects.create(
        reservation=reservation,
        objecting_state=objector,
        made_on=dt.date(2009, 5, 1),
        withdrawn_on=dt.date(2010, 2, 1),
    )

    changes = record_changes_between(START, END, convention=convention)

    [withdrawn] = [c for c in changes.changes if c.is_objection]
    assert (withdrawn.kind, withdrawn.state, str(withdrawn.date)) == (
        ChangeKind.OBJECTION_WITHDRAWN,
        objector,
        "2010-02-01",
    )
    assert withdrawn.reservation_state == reservation.participation.state
    # Under the reserving state too, when it is the one chosen.
    mine = record_changes_between(START, END, state=reservation.participation.state)
    assert withdrawn.kind in {c.kind for c in mine.changes}


def test_a_state_chosen_sees_only_its_own_changes_and_its_status(convention):
    newland = State.objects.get(iso3="NEW")

    changes = record_changes_between(START, END, state=newland)

    assert {c.state for c in changes.changes} == {newland}
    [figures] = changes.figures
    assert (figures.state_before.status, figures.state_after.status) == ("uncertain", "party")


def test_nothing_changed(convention):
    changes = record_changes_between(dt.date(2020, 1, 1), dt.date(2020, 12, 31))

    assert changes.changes == [] and changes.figures == []


def test_a_period_that_ends_before_it_starts_is_refused(db):
    with pytest.raises(ValueError):
        record_changes_between(END, START)


@pytest.mark.parametrize(
    ("day", "year_before"),
    [
        ("2024-02-29", "2023-02-28"),
        ("2025-06-04", "2024-06-04"),
        # The day before the period must be a day too.
        ("0002-01-01", "0001-01-02"),
        ("0001-05-01", "0001-01-02"),
    ],
)
def test_a_year_before(day, year_before):
    assert a_year_before(dt.date.fromisoformat(day)).isoformat() == year_before


# --- The files --------------------------------------------------------------------------------


def _export(client, file_format, **params):
    return client.get(reverse("conventions:changes_export", args=[file_format]), params)


def test_the_csv_is_the_list_with_formulas_made_plain_text(client, convention):
    response = _export(client, "csv", **{"from": "2010-01-01", "to": "2010-12-31", "convention": "T-9"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="changes-2010-01-01-2010-12-31-T-9.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert list(rows[0]) == CHANGE_COLUMNS
    assert [(r["date"], r["change"], r["in_period"]) for r in rows][:3] == [
        ("2009-12-01/2010-01-31", "signature", "possibly"),
        ("2010-03-01", "reservation_withdrawn", "certainly"),
        ("2010-11-20", "deposit", "certainly"),
    ]
    assert rows[3]["article"] == '\'=HYPERLINK("x")'
    assert rows[2]["instrument"] == "acceptance"


def test_the_xlsx_holds_the_same_rows(client, convention):
    response = _export(client, "xlsx", **{"from": "2010-01-01", "to": "2010-12-31", "state": "NEW"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert list(rows[0]) == CHANGE_COLUMNS
    assert len(rows) == 1 + 5
    assert '\'=HYPERLINK("x")' in {row[CHANGE_COLUMNS.index("article")] for row in rows[1:]}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2010-12-31", "to": "2010-01-01"}, "from"),
        ({"from": "31/12/2010"}, "from"),
        ({"to": "2010-02-30"}, "to"),
        ({"from": "0001-01-01", "to": "0001-02-01"}, "from"),
        ({"convention": "X-99"}, "convention"),
        ({"state": "=cmd"}, "state"),
        ({"state": "\x00"}, "state"),
    ],
)
def test_a_file_asked_for_with_a_bad_value_is_refused_naming_it(client, convention, params, field):
    response = _export(client, "csv", **params)

    assert response.status_code == 400
    assert response.content.decode().startswith(f"{field}: ")


# --- The page ---------------------------------------------------------------------------------


def test_the_page_defaults_to_the_last_year(client, convention):
    response = client.get(reverse("conventions:changes"))

    assert response.status_code == 200
    changes = response.context["changes"]
    assert changes.start == a_year_before(changes.end)
    form = response.content.decode()
    assert f'value="{changes.start.isoformat()}"' in form and f'value="{changes.end.isoformat()}"' in form


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2010-12-31", "to": "2010-01-01"}, "from"),
        ({"from": "not a day"}, "from"),
        ({"to": "2010-13-01"}, "to"),
        ({"convention": "X-99"}, "convention"),
        ({"state": "XYZ"}, "state"),
        ({"state": "\x00"}, "state"),
    ],
)
def test_a_bad_value_on_the_page_is_shown_beside_its_field(client, convention, params, field):
    response = client.get(reverse("conventions:changes"), params)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert "changes" not in response.context


def test_the_page_of_one_state(client, convention):
    response = client.get(
        reverse("conventions:changes"), {"from": "2010-01-01", "to": "2010-12-31", "state": "NEW"}
    )

    page = response.content.decode()
    assert "Status of Newland" in page
    assert page.count('class="change change-') == 5


# --- Queries ----------------------------------------------------------------------------------

# What the list asks of the database, for one convention, however many states and actions:
ONE_CONVENTION_QUERIES = [
    "the convention's entry into force (its n-th deposit)",
    "the participations with an action possibly in the period, with their states",
    "the reservations made or withdrawn in it, with their participations and states",
    "the objections made or withdrawn in it, with the states",
    "the figures before: counted over the participations",
    "the figures before: the entry into force",
    "the figures after: counted over the participations",
    "the figures after: the entry into force",
]
# For the whole record, the conventions are read first:
WHOLE_RECORD_QUERIES = ["every convention", *ONE_CONVENTION_QUERIES]
# With a state, its own rows on both days:
STATE_ROW_QUERIES = ["its reservations", "its participations", "the entry into force"] * 2
# The page: the convention and state asked for, and the choices of its form.
PAGE_QUERIES = [
    "the convention by its code",
    "the state by its code",
    *WHOLE_RECORD_QUERIES[1:],
    *STATE_ROW_QUERIES,
    "the conventions to choose from",
    "the states to choose from",
]


def _busy_record(conventions: int, states: int) -> list[Convention]:
    """Conventions where each state signed, deposited with a reservation, and later withdrew it,
    all in 2010; one in two denounced in the same year."""
    made = []
    for number in range(conventions):
        convention = ConventionFactory(code=f"Q-{number}", eif_instruments_required=1)
        for index in range(states):
            participation = ParticipationFactory(
                convention=convention,
                signature_earliest=dt.date(2010, 1, 5),
                deposit_earliest=dt.date(2010, 2, 1),
                denunciation_notified_on=dt.date(2010, 6, 1) if index % 2 else None,
                denunciation_effective_on=dt.date(2010, 9, 1) if index % 2 else None,
            )
            ReservationFactory(participation=participation, made_on=None, withdrawn_on=dt.date(2010, 5, 1))
        made.append(convention)
    return made


@pytest.mark.parametrize("states", [3, 30])
def test_the_list_of_one_convention_takes_the_same_queries_for_3_or_30_states(
    db, django_assert_num_queries, states
):
    [convention] = _busy_record(1, states)
    convention = Convention.objects.get(pk=convention.pk)

    with django_assert_num_queries(len(ONE_CONVENTION_QUERIES)):
        changes = record_changes_between(START, END, convention=convention)

    assert len(changes.changes) == states * 5 + (states // 2) * 2


@pytest.mark.parametrize("conventions", [1, 4])
def test_the_whole_record_takes_the_same_queries_for_1_or_4_conventions(
    db, django_assert_num_queries, conventions
):
    _busy_record(conventions, 4)

    with django_assert_num_queries(len(WHOLE_RECORD_QUERIES)):
        changes = record_changes_between(START, END)

    assert len(changes.figures) == conventions


@pytest.mark.parametrize(("conventions", "states"), [(1, 3), (3, 12)])
def test_the_page_takes_the_same_queries_whatever_the_size(
    db, client, django_assert_num_queries, conventions, states
):
    _busy_record(conventions, states)
    state = Participation.objects.order_by("pk").first().state

    with django_assert_num_queries(len(PAGE_QUERIES)):
        response = client.get(
            reverse("conventions:changes"),
            {"from": "2010-01-01", "to": "2010-12-31", "convention": "Q-0", "state": state.iso3},
        )

    assert response.status_code == 200
    assert response.context["changes"].changes


def test_an_approximate_date_is_listed_in_a_period_it_overlaps_only(db):
    convention = ConventionFactory(code="T-6", eif_instruments_required=1)
    participation = ParticipationFactory(convention=convention)
    participation.deposit = ApproxDate.parse("2010-12")
    participation.instrument_kind = "ratification"
    participation.save()

    def deposit_in(start, end):
        listed = record_changes_between(
            dt.date.fromisoformat(start), dt.date.fromisoformat(end), convention=convention
        )
        return [c.certain for c in listed.changes if c.kind == DEPOSIT]

    assert deposit_in("2010-12-01", "2010-12-31") == [True]
    assert deposit_in("2010-11-01", "2011-01-31") == [True]
    assert deposit_in("2010-12-15", "2011-01-31") == [False]
    assert deposit_in("2010-11-01", "2010-12-01") == [False]
    assert deposit_in("2010-12-10", "2010-12-20") == [False]
    assert deposit_in("2010-11-01", "2010-11-30") == []
    assert deposit_in("2011-01-01", "2011-01-31") == []


# --- On the reference record ------------------------------------------------------------------
# Last in the module: the record is loaded once for the tests that ask for it and stays until
# the module ends, so tests after these would see it too.


@pytest.mark.django_db
@pytest.mark.usefixtures("reference_record")
class TestTheReferenceRecord:
    def test_a66_between_two_general_assemblies(self):
        a66 = Convention.objects.get(code="A-66")

        changes = record_changes_between(LAST_ASSEMBLY, THIS_ASSEMBLY, convention=a66)

        assert _listed(changes) == [
            ("2005-10-25", "BRA", "deposit", "certainly"),
            ("2005-11-15", "USA", "deposit", "certainly"),
            ("2005-11-24", "BRA", "entry_into_force", "certainly"),
            # Known to the month: every day of December 2005 is in the period.
            ("2005-12", "ARG", "deposit", "certainly"),
            ("2005-12-02", "TTO", "deposit", "certainly"),
            ("2005-12-15", "USA", "entry_into_force", "certainly"),
            ("2005-12-31/2006-01-30", "ARG", "entry_into_force", "certainly"),
            ("2006-01-01", "TTO", "entry_into_force", "certainly"),
            ("2006-03", "GTM", "deposit", "certainly"),
            ("2006-03-31/2006-04-30", "GTM", "entry_into_force", "certainly"),
            ("2006-05", "GRD", "deposit", "certainly"),
            # Thirty days after a deposit in May 2006: on or before 2006-06-04, or after it.
            ("2006-05-31/2006-06-30", "GRD", "entry_into_force", "possibly"),
        ]
        assert all(c.instrument_kind == "ratification" for c in changes.changes if c.kind == DEPOSIT)
        # Ecuador deposited in July 2006, after the period: not listed.
        assert "ECU" not in {c.state.iso3 for c in changes.changes}

    def test_the_figures_before_and_after_are_the_status_tables_on_both_days(self):
        a66 = Convention.objects.get(code="A-66")

        [figures] = record_changes_between(LAST_ASSEMBLY, THIS_ASSEMBLY, convention=a66).figures

        assert figures.before.as_of == dt.date(2005, 6, 4)
        assert figures.after.as_of == THIS_ASSEMBLY
        assert _figures(figures.before) == _table_figures(treaty_status_as_of(a66, dt.date(2005, 6, 4)))
        assert _figures(figures.after) == _table_figures(treaty_status_as_of(a66, THIS_ASSEMBLY))
        # Six deposits in the period; Grenada's entry into force is not certain by its end.
        assert _figures(figures.before) == (33, 12, 12, 0, 0)
        assert _figures(figures.after) == (33, 18, 17, 0, 0)

    def test_the_states_that_became_parties_are_those_whose_deposit_is_listed_as_certain(self):
        a66 = Convention.objects.get(code="A-66")
        changes = record_changes_between(LAST_ASSEMBLY, THIS_ASSEMBLY, convention=a66)

        def parties(day):
            return {row.state.iso3 for row in treaty_status_as_of(a66, day).states if row.status == "party"}

        deposited = {c.state.iso3 for c in changes.certain if c.kind == DEPOSIT}
        assert deposited == parties(THIS_ASSEMBLY) - parties(dt.date(2005, 6, 4))

    def test_a_deposit_known_to_the_month_across_the_first_day_is_possibly_in_the_period(self):
        a66 = Convention.objects.get(code="A-66")

        changes = record_changes_between(dt.date(2005, 12, 10), THIS_ASSEMBLY, convention=a66)

        argentina = [c for c in changes.changes if c.state.iso3 == "ARG"]
        assert [(c.kind, str(c.date), c.certain) for c in argentina] == [
            (DEPOSIT, "2005-12", False),
            (IN_FORCE, "2005-12-31/2006-01-30", True),
        ]
        # The day before the period falls inside Argentina's month: its status is uncertain then.
        [figures] = changes.figures
        assert figures.before.uncertain == 1 and figures.after.uncertain == 0

    def test_one_state_over_the_whole_record(self):
        argentina = State.objects.get(iso3="ARG")

        changes = record_changes_between(LAST_ASSEMBLY, THIS_ASSEMBLY, state=argentina)

        assert _listed(changes) == [
            ("2005-12", "ARG", "deposit", "certainly"),
            ("2005-12-31/2006-01-30", "ARG", "entry_into_force", "certainly"),
        ]
        [figures] = changes.figures
        assert figures.convention.code == "A-66"
        assert (figures.state_before.status, figures.state_after.status) == ("signatory", "party")

    def test_the_whole_record_gives_figures_for_the_conventions_that_changed(self):
        changes = record_changes_between(LAST_ASSEMBLY, THIS_ASSEMBLY)

        by_convention = {c.convention.code for c in changes.changes}
        assert [f.convention.code for f in changes.figures] == sorted(by_convention)
        for figures in changes.figures:
            table = treaty_status_as_of(figures.convention, THIS_ASSEMBLY)
            assert _figures(figures.after) == _table_figures(table)

    def test_the_page_lists_them_with_the_figures(self, client):
        response = client.get(
            reverse("conventions:changes"),
            {"from": LAST_ASSEMBLY.isoformat(), "to": THIS_ASSEMBLY.isoformat(), "convention": "A-66"},
        )

        assert response.status_code == 200
        page = response.content.decode()
        assert page.count('class="change change-') == 12
        assert page.count(" possibly") == 1  # Grenada's entry into force
        assert 'id="changes-figures-A-66"' in page
        assert "?from=2005-06-05&amp;to=2006-06-04&amp;convention=A-66" in page  # the downloads

    def test_the_convention_page_links_to_what_changed_up_to_its_day(self, client):
        a66 = Convention.objects.get(code="A-66")

        page = client.get(a66.get_absolute_url(), {"as_of": "2006-06-04"}).content.decode()

        assert f"{reverse('conventions:changes')}?convention=A-66&amp;to=2006-06-04" in page
