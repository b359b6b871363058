"""Footnotes and row order on the status page, built from statuses without a database."""

import datetime as dt

from conventions.approx_dates import ApproxDate
from conventions.models import Convention
from conventions.presenters import Footnotes, reading_order, status_table
from conventions.selectors import EntryIntoForce, StateStatus, Status, TreatyStatus
from states.models import State

AS_OF = dt.date(2024, 1, 1)


def _state(name: str) -> State:
    return State(iso3=name[:3].upper(), name_en=name)


def _treaty(*rows: StateStatus, recorded=None, computed=None) -> TreatyStatus:
    convention = Convention(code="A-66", title_en="Convention")
    return TreatyStatus(convention, AS_OF, EntryIntoForce(recorded=recorded, computed=computed), list(rows))


def _signatory(name: str, signature: str) -> StateStatus:
    signed = ApproxDate.parse(signature)
    return StateStatus(_state(name), Status.SIGNATORY, (Status.SIGNATORY,), has_signed=True, signature=signed)


def test_an_exact_date_has_no_footnote():
    cell = Footnotes().cell(ApproxDate.parse("2002-06-03"), "Signature")

    assert cell.text == "2002-06-03"
    assert cell.footnote is None


def test_approximate_dates_are_numbered_in_the_order_they_are_marked():
    footnotes = Footnotes()

    first = footnotes.cell(ApproxDate.parse("2005-12"), "Deposit by Bolivia")
    footnotes.cell(ApproxDate.parse("2002-06-03"), "Signature by Bolivia")
    second = footnotes.cell(ApproxDate.parse("2002-06-04/2003-05-07"), "Signature by Haiti")

    assert (first.text, first.footnote.number) == ("2005-12", 1)
    assert (second.text, second.footnote.number) == ("2002-06-04/2003-05-07", 2)
    assert [note.text for note in footnotes.notes] == [
        "Deposit by Bolivia: in 2005-12, day not known.",
        "Signature by Haiti: between 2002-06-04 and 2003-05-07, day not known.",
    ]
    assert footnotes.notes[1].anchor == "note-2"


def test_no_date_is_no_cell_and_no_footnote():
    footnotes = Footnotes()

    assert footnotes.cell(None, "Deposit") is None
    assert footnotes.notes == []


def test_rows_follow_the_reading_order_of_names_with_accents():
    assert sorted(["Uruguay", "États-Unis", "Argentine"], key=reading_order) == [
        "Argentine",
        "États-Unis",
        "Uruguay",
    ]


def test_footnotes_follow_the_rows_as_they_are_printed():
    table = status_table(_treaty(_signatory("Haiti", "2003"), _signatory("Bolivia", "2002-07")))

    assert [row.state.name for row in table.rows] == ["Bolivia", "Haiti"]
    assert [row.signature.footnote.number for row in table.rows] == [1, 2]
    assert table.footnotes[0].text == "Signature by Bolivia: in 2002-07, day not known."


def test_states_that_took_no_action_are_set_apart():
    nothing = StateStatus(_state("Uruguay"), Status.NOT_SIGNED, (Status.NOT_SIGNED,))

    table = status_table(_treaty(nothing, _signatory("Bolivia", "2002-07-01")))

    assert [row.state.name for row in table.rows] == ["Bolivia"]
    assert [state.name for state in table.not_signed] == ["Uruguay"]


def test_an_uncertain_row_lists_what_the_state_may_be():
    row = StateStatus(
        _state("Haiti"),
        Status.UNCERTAIN,
        (Status.NOT_SIGNED, Status.SIGNATORY),
        signature=ApproxDate.parse("2002-06-04/2025-05-07"),
    )

    (line,) = status_table(_treaty(row)).rows

    assert line.is_uncertain
    assert line.possible_labels == ["Not signed", "Signatory"]


def test_the_computed_entry_into_force_is_given_only_when_it_disagrees():
    agreeing = status_table(_treaty(recorded=dt.date(2003, 7, 10), computed=ApproxDate.parse("2003-07")))
    disagreeing = status_table(
        _treaty(recorded=dt.date(2003, 7, 10), computed=ApproxDate.parse("2003-01-01"))
    )

    assert agreeing.computed_entry_into_force is None
    assert agreeing.entry_into_force.text == "2003-07-10"
    assert agreeing.entry_into_force_recorded
    assert disagreeing.computed_entry_into_force.text == "2003-01-01"


def test_without_a_recorded_date_the_computed_entry_into_force_is_shown_with_its_note():
    table = status_table(_treaty(computed=ApproxDate.parse("2005-12")))

    assert not table.entry_into_force_recorded
    assert table.entry_into_force.text == "2005-12"
    assert table.footnotes[0].text == (
        "Entry into force of the convention, computed from the deposits: in 2005-12, day not known."
    )
