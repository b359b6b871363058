"""Generated bad values in the forms people fill in and the dates they put in addresses.

The record's admin forms (a participation with its one-box approximate dates, a reservation),
a liaison's questionnaire answers, the notifications' subscription form, the dashboards' filters
and every ``as_of``: a bad value gets an error shown beside its field, never a 500, and nothing
is saved.
"""

import datetime as dt
import re
import string
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from conventions.models import Participation, Reservation
from conventions.tests.factories import ConventionFactory, ParticipationFactory
from notifications.tests.factories import SubscriptionFactory
from questionnaires.models import QuestionKind
from questionnaires.tests.factories import (
    QuestionFactory,
    QuestionnaireFactory,
    ReportingCycleFactory,
    SectionFactory,
    SubmissionFactory,
)
from reports.models import Contribution
from reports.tests.factories import ContributionFactory
from states.models import State
from states.tests.factories import LiaisonFactory, StateFactory
from tracker.tests.admin_pages import admin_url, change_form_data, secretariat_user
from tracker.tests.bad_input import (
    BAD_DATES,
    FORMULAS,
    HUGE_CELLS,
    NUL_TEXT,
    bad_input_settings,
    record_fingerprint,
    tally,
)

pytestmark = pytest.mark.django_db

BAD_TEXT = st.one_of(BAD_DATES, FORMULAS, HUGE_CELLS.map(lambda cell: cell[:5_000]), NUL_TEXT)


def _field_errors(response, name) -> list[str]:
    """The messages shown beside a field (Django's error list for that field's id)."""
    found = re.search(rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', response.content.decode(), re.S)
    return [unescape(item) for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)] if found else []


@pytest.fixture
def record(db):
    convention = ConventionFactory(code="BF-1", adopted_on=dt.date(2002, 6, 3))
    participation = ParticipationFactory(convention=convention, deposit_earliest=dt.date(2004, 5, 1))
    return {"convention": convention, "participation": participation, "state": participation.state}


@pytest.fixture
def secretariat(client, db):
    client.force_login(secretariat_user(username="clerk"))


# The record's admin forms.

PARTICIPATION_DATE_FIELDS = ["signature_earliest", "deposit_earliest"]
PARTICIPATION_DAY_FIELDS = ["instrument_dated", "denunciation_notified_on", "denunciation_effective_on"]


def test_the_participation_form_shows_every_bad_date_beside_its_box(client, secretariat, record):
    url = admin_url(Participation, "change", record["participation"].pk)
    saved = change_form_data(client.get(url))
    before = record_fingerprint()

    @bad_input_settings(40)
    @given(
        name=st.sampled_from(PARTICIPATION_DATE_FIELDS + PARTICIPATION_DAY_FIELDS),
        value=BAD_DATES | FORMULAS | st.just("2005-01-01/2004-01-01"),
    )
    def refused(name, value):
        response = client.post(url, {**saved, name: value})

        assert response.status_code == 200
        assert _field_errors(response, name)
        assert record_fingerprint() == before
        tally("admin form, participation")

    refused()


def test_the_participation_form_refuses_a_broken_rule_beside_the_field_to_correct(client, secretariat, record):
    url = admin_url(Participation, "change", record["participation"].pk)
    saved = change_form_data(client.get(url))
    before = record_fingerprint()
    days = st.dates(dt.date(2002, 6, 3), dt.date(2020, 1, 1))

    @bad_input_settings(20)
    @given(
        broken=st.one_of(
            # a deposit before the signature
            st.builds(lambda day, gap: ("deposit_earliest", {"signature_earliest": day.isoformat(),
                                                             "deposit_earliest": (day - dt.timedelta(days=gap)).isoformat()}),
                      days, st.integers(1, 300)),
            # a deposit with no kind of instrument
            days.map(lambda day: ("instrument_kind", {"deposit_earliest": day.isoformat(), "instrument_kind": ""})),
            # an instrument kind that does not exist
            st.text(string.ascii_letters, min_size=1, max_size=20).map(lambda kind: ("instrument_kind", {"instrument_kind": kind})),
            # a signature before the convention opened
            st.dates(dt.date(1900, 1, 1), dt.date(2002, 6, 2)).map(lambda day: ("signature_earliest", {"signature_earliest": day.isoformat()})),
            # a denunciation taking effect before it is notified
            days.map(lambda day: ("denunciation_effective_on", {"denunciation_notified_on": "2021-01-02", "denunciation_effective_on": "2021-01-01"})),
            st.integers(501, 3_000).map(lambda size: ("source", {"source": "s" * size})),
        )
    )  # fmt: skip
    def refused(broken):
        name, changes = broken
        response = client.post(url, {**saved, **changes})

        assert response.status_code == 200
        assert _field_errors(response, name)
        assert record_fingerprint() == before
        tally("admin form, participation")

    refused()


def test_the_reservation_form_shows_bad_values_beside_their_fields(client, secretariat, record):
    url = admin_url(Reservation, "add")
    good = {
        "participation": str(record["participation"].pk),
        "kind": Reservation.Kind.DECLARATION,
        "article": "Art. 2",
        "text": "A declaration.",
        "made_on": "2004-05-01",
        "withdrawn_on": "",
    }
    before = record_fingerprint()

    @bad_input_settings(30)
    @given(
        broken=st.one_of(
            st.tuples(st.sampled_from(["made_on", "withdrawn_on"]), BAD_DATES | FORMULAS),
            st.just(("withdrawn_on", "2004-04-30")),  # withdrawn before it was made
            st.tuples(st.just("kind"), st.text(string.ascii_letters, min_size=1, max_size=15)),
            st.tuples(st.just("participation"), st.sampled_from(["0", "-1", "999999"])),
            st.tuples(st.just("text"), st.just("") | NUL_TEXT),
            st.tuples(st.just("article"), st.integers(51, 500).map(lambda size: "A" * size)),
        )
    )
    def refused(broken):
        name, value = broken
        if name == "kind" and value in Reservation.Kind.values:
            value = f"{value}!"
        response = client.post(url, {**good, name: value})

        assert response.status_code == 200
        assert _field_errors(response, name)
        assert record_fingerprint() == before
        tally("admin form, reservation")

    refused()


def test_a_year_no_calendar_has_is_refused_beside_its_box(client, secretariat, record):
    # SQLite keeps any integer: the form and the database hold years to 1..9999 on every database.
    forms = {
        "oas_member_since": admin_url(State, "change", record["state"].pk),
        "year": admin_url(Contribution, "change", ContributionFactory(state=record["state"]).pk),
    }
    saved = {name: change_form_data(client.get(url)) for name, url in forms.items()}
    before = record_fingerprint()

    @bad_input_settings(20)
    @given(
        name=st.sampled_from(list(forms)),
        year=st.one_of(st.integers(10_000, 10**12), st.integers(-(10**6), 0), st.just(99_999_999)),
    )
    def refused(name, year):
        response = client.post(forms[name], {**saved[name], name: str(year)})

        assert response.status_code == 200
        assert _field_errors(response, name)
        assert record_fingerprint() == before
        tally("admin form, years")

    refused()


# A liaison's questionnaire answers.


@pytest.fixture
def questionnaire_page(client, db):
    state = StateFactory()
    questionnaire = QuestionnaireFactory()
    section = SectionFactory(questionnaire=questionnaire, position=1)
    questions = {
        kind: QuestionFactory(section=section, position=position, kind=kind, is_required=False,
                              options="red\nblue" if kind == QuestionKind.CHOICE else "")
        for position, kind in enumerate([QuestionKind.NUMBER, QuestionKind.DATE, QuestionKind.CHOICE, QuestionKind.YES_NO_PARTLY], 1)
    }  # fmt: skip
    cycle = ReportingCycleFactory(questionnaire=questionnaire, due_on=dt.date(2099, 1, 1))
    submission = SubmissionFactory(cycle=cycle, state=state)
    client.force_login(LiaisonFactory(state=state).user)
    return reverse("questionnaires:submission", args=[submission.pk]), questions


BAD_ANSWERS = {
    QuestionKind.NUMBER: st.one_of(
        st.sampled_from(["NaN", "Infinity", "-inf", "1e999", "1,5", "12 licences", "0x1F", "1" * 30, "١٢"]),
        FORMULAS,
        st.text(string.ascii_letters, min_size=1, max_size=20),
    ),
    QuestionKind.DATE: BAD_DATES | FORMULAS,
    QuestionKind.CHOICE: st.text(string.ascii_letters, min_size=1, max_size=20).filter(lambda t: t not in {"red", "blue"}),
    QuestionKind.YES_NO_PARTLY: st.sampled_from(["maybe", "YES", "1", "true"]) | FORMULAS,
}  # fmt: skip


def test_bad_answers_are_shown_beside_their_question_and_nothing_is_saved(client, questionnaire_page):
    url, questions = questionnaire_page
    before = record_fingerprint()

    @bad_input_settings(40)
    @given(data=st.data(), kind=st.sampled_from(list(BAD_ANSWERS)), submit=st.booleans())
    def refused(data, kind, submit):
        name = f"question_{questions[kind].pk}"
        response = client.post(url, {name: data.draw(BAD_ANSWERS[kind]), **({"submit": "1"} if submit else {})})

        assert response.status_code == 400
        assert _field_errors(response, name)
        assert record_fingerprint() == before
        tally("questionnaire answers form")

    refused()


# The notifications' subscription form.


def test_the_subscription_form_refuses_bad_values_beside_their_field(client, record):
    url = reverse("notifications:subscribe")
    good = {"email": "reader@example.org", "language": "en", "convention": "", "state": ""}
    before = record_fingerprint()

    @bad_input_settings(40)
    @given(
        broken=st.one_of(
            st.tuples(st.just("email"), st.sampled_from(["", "reader", "@example.org", "a@b@c", "a b@example.org", "reader@", "x" * 300 + "@example.org"]) | FORMULAS | NUL_TEXT),
            st.tuples(st.just("language"), st.sampled_from(["", "xx", "EN", "english"])),
            st.tuples(st.sampled_from(["convention", "state"]), st.text(string.ascii_uppercase + "-", min_size=4, max_size=8) | FORMULAS),
        )
    )  # fmt: skip
    def refused(broken):
        name, value = broken
        response = client.post(url, {**good, name: value})

        assert response.status_code == 200
        assert _field_errors(response, name)
        assert record_fingerprint() == before
        tally("subscription form")

    refused()


def test_a_liaisons_subscription_switch_refuses_what_is_not_one_of_hers_beside_the_field(client, record):
    liaison = LiaisonFactory(state=record["state"])
    client.force_login(liaison.user)
    url = reverse("notifications:mine")
    client.get(url)  # her page gives her the subscription to her state's notifications
    theirs = SubscriptionFactory()
    before = record_fingerprint()

    @bad_input_settings(20)
    @given(
        subscription=st.one_of(
            st.text(string.ascii_letters + " -", min_size=1, max_size=20),
            st.sampled_from(["1.5", "-1", "1e3", "0x1", str(10**30), str(theirs.pk)]),
            FORMULAS,
            NUL_TEXT,
        ),
        on=st.sampled_from(["0", "1"]),
    )
    def refused(subscription, on):
        response = client.post(url, {"subscription": subscription, "on": on})

        assert response.status_code == 400
        assert _field_errors(response, "subscription")
        assert record_fingerprint() == before
        tally("subscription switch form")

    refused()


# Dates and filters in addresses.

AS_OF_VALUES = BAD_DATES | FORMULAS | HUGE_CELLS.map(lambda cell: cell[:2_000]) | st.sampled_from(["20240501", "2024-05-01T00:00", "2024-W18-3"])


def test_a_bad_as_of_on_a_status_page_is_shown_beside_the_date_box(client, record):
    url = reverse("conventions:status", args=[record["convention"].code])

    @bad_input_settings(30)
    @given(as_of=AS_OF_VALUES)
    def refused(as_of):
        response = client.get(url, {"as_of": as_of})

        assert response.status_code == 200
        assert response.context["form"].errors["as_of"]
        tally("as_of on pages")

    refused()


def test_the_overviews_filters_never_fail_and_bad_ones_are_shown(client, record):
    client.force_login(secretariat_user(username="overseer"))
    url = reverse("dashboards:overview")

    @bad_input_settings(30)
    @given(
        name=st.sampled_from(["as_of", "convention", "subregion", "standing", "status", "page", "q"]),
        value=st.one_of(AS_OF_VALUES, st.text(max_size=30), st.just("\x00")),
    )
    def answered(name, value):
        response = client.get(url, {name: value})

        assert response.status_code in (200, 400, 404)
        if name == "as_of" and response.status_code == 200:
            assert response.context["form"].errors["as_of"]
        tally("dashboard filters")

    answered()


def test_the_notification_lists_filters_never_fail(client, record):
    url = reverse("notifications:list")

    @bad_input_settings(30)
    @given(
        name=st.sampled_from(["convention", "state", "kind", "issued_after", "issued_before", "page"]),
        value=st.one_of(AS_OF_VALUES, st.text(max_size=30), st.just("\x00")),
    )
    def answered(name, value):
        response = client.get(url, {name: value})

        assert response.status_code in (200, 400, 404)
        tally("notification list filters")

    answered()


def test_a_bad_as_of_for_a_status_csv_is_refused_in_plain_words(client, record):
    url = reverse("conventions:status_csv", args=[record["convention"].code])

    @bad_input_settings(30)
    @given(as_of=AS_OF_VALUES)
    def refused(as_of):
        response = client.get(url, {"as_of": as_of})

        assert response.status_code == 400
        assert response.content.decode().startswith("as_of: ")
        tally("as_of on pages")

    refused()


def test_a_bad_value_for_what_changed_is_shown_beside_its_field_and_refused_for_a_file(client, record):
    page, download = reverse("conventions:changes"), reverse("conventions:changes_export", args=["csv"])

    @bad_input_settings(40)
    @given(name=st.sampled_from(["from", "to", "convention", "state"]), value=AS_OF_VALUES | NUL_TEXT)
    def refused(name, value):
        response = client.get(page, {name: value})

        assert response.status_code == 200
        assert response.context["form"].errors[name]
        refusal = client.get(download, {name: value})
        assert refusal.status_code == 400
        assert refusal.content.decode().startswith(f"{name}: ")
        tally("what changed, page and file")

    refused()


def test_the_search_never_fails_whatever_is_typed(client, record):
    url = reverse("wayfinding:search")

    @bad_input_settings(40)
    @given(words=st.one_of(BAD_TEXT, st.text(max_size=120), st.just("%_\\'\"")))
    def answered(words):
        response = client.get(url, {"q": words})

        assert response.status_code == 200
        assert response.context["form"].is_valid() or response.context["form"].errors["q"]
        tally("search words")

    answered()


def test_a_participation_that_is_not_an_id_is_refused_beside_the_field(client, secretariat, record):
    response = client.post(admin_url(Reservation, "add"), {"participation": "x", "kind": "declaration", "text": "A."})

    assert response.status_code == 200
    assert _field_errors(response, "participation")



@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
def test_a_day_box_reads_only_year_month_day_in_every_language(client, secretariat, record, language):
    # 05/04/2004 is May 4 to one reader and 5 April to another: the box refuses it.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = admin_url(Participation, "change", record["participation"].pk)
    saved = change_form_data(client.get(url))
    before = record_fingerprint()

    refused = client.post(url, {**saved, "instrument_dated": "05/04/2004"})

    assert _field_errors(refused, "instrument_dated")
    assert record_fingerprint() == before
    accepted = client.post(url, {**saved, "instrument_dated": "2004-04-05"})
    assert accepted.status_code == 302
    record["participation"].refresh_from_db()
    assert record["participation"].instrument_dated == dt.date(2004, 4, 5)



# A NUL character in an address: PostgreSQL refuses it in text, so no page may look it up.

PAGES_WITH_A_CODE_IN_THE_ADDRESS = [
    ("conventions:status", lambda code: [code]),
    ("conventions:widget", lambda code: [code]),
    ("conventions:badge", lambda code: [code]),
    ("opendata:latest_file", lambda code: [code]),
    ("opendata:release_file", lambda code: [1, code]),
    ("notifications:detail", lambda code: [code, 2020, 1]),
    ("notifications:feed_convention", lambda code: [code]),
    ("notifications:feed_state", lambda code: [code]),
    ("notifications:confirm", lambda code: [code]),
    ("notifications:unsubscribe", lambda code: [code]),
    ("reports:state", lambda code: [code]),
    ("reports:report", lambda code: [code, 2020]),
    ("reports:body", lambda code: [code]),
    ("reports:body_calendar", lambda code: [code]),
    ("dashboards:state", lambda code: [code]),
    ("api:convention-detail", lambda code: [code]),
    ("api:convention-status", lambda code: [code]),
    ("api:state-detail", lambda code: [code]),
]


def test_an_address_with_a_nul_character_is_no_page(client, record):
    client.force_login(secretariat_user(username="walker"))
    before = record_fingerprint()

    @bad_input_settings(30)
    @given(page=st.sampled_from(PAGES_WITH_A_CODE_IN_THE_ADDRESS), code=NUL_TEXT)
    def refused(page, code):
        name, arguments = page
        response = client.get(reverse(name, args=arguments(code)))

        assert response.status_code == 404
        assert record_fingerprint() == before
        tally("NUL in addresses")

    refused()
