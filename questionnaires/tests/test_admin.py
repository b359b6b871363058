"""The secretariat's admin: record a receipt in one form, review through the workflow, import a log."""

import re

import pytest
from django.contrib.admin.utils import quote
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from questionnaires.models import (
    Answer,
    Obligation,
    Question,
    ReportingCycle,
    Section,
    Submission,
    SubmissionDocument,
)
from questionnaires.services import submission_answers_save, submission_document_attach, submission_transition
from questionnaires.tests.conftest import questions_of
from questionnaires.tests.factories import AnswerFactory, QuestionFactory, SubmissionFactory
from questionnaires.tests.files import docx, pdf
from questionnaires.workflow import SubmissionStatus
from states.tests.factories import StateFactory, UserFactory

pytestmark = pytest.mark.django_db
S = SubmissionStatus
RECEIPT_URL = reverse("admin:questionnaires_submission_record_receipt")


def admin_url(model, view, *args):
    return reverse(f"admin:questionnaires_{model._meta.model_name}_{view}", args=args)


def shown_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def staff(client, reviewer):
    reviewer.is_superuser = True
    reviewer.save()
    client.force_login(reviewer)
    return reviewer


@pytest.fixture
def submitted(submission, liaison):
    marking, licensing, _count = questions_of(submission.cycle.questionnaire)
    draft = submission_answers_save(submission, {marking.pk: "yes", licensing.pk: "no"}, liaison)
    return submission_transition(draft, S.SUBMITTED, liaison)


def test_outsiders_are_sent_to_the_admin_sign_in(client, liaison, submission):
    for user in (None, liaison):
        if user:
            client.force_login(user)
        for url in (
            admin_url(Submission, "changelist"),
            admin_url(Submission, "change", submission.pk),
            RECEIPT_URL,
        ):
            response = client.get(url)
            assert response.status_code == 302 and response.url.startswith(reverse("admin:login")), url


def test_staff_without_the_permission_cannot_record_receipts(client, submission):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(RECEIPT_URL).status_code == 403
    assert (
        client.post(RECEIPT_URL, {"cycle": submission.cycle.pk, "state": submission.state.pk}).status_code
        == 403
    )


def test_every_page_opens(client, staff, submitted, questionnaire):
    document = submission_document_attach(submitted, pdf(), staff)
    records = [
        Obligation.objects.first(),
        questionnaire,
        Section.objects.first(),
        Question.objects.first(),
        submitted.cycle,
        submitted,
        submitted.answers.first(),
    ]
    for record in records:
        model, pk = type(record), quote(record.pk)
        for view, args in (
            ("changelist", ()),
            ("change", (pk,)),
            ("history", (pk,)),
            ("import", ()),
            ("export", ()),
        ):
            assert client.get(admin_url(model, view, *args)).status_code == 200, (model, view)
        expected_add = 403 if model in (Submission, Answer) else 200
        assert client.get(admin_url(model, "add")).status_code == expected_add, model
    change = client.get(admin_url(Submission, "change", submitted.pk)).content.decode()
    # The file is linked through the page that checks access, never through MEDIA_URL.
    assert document.get_absolute_url() in change and "/media/" not in change
    assert (
        "Record a questionnaire received" in client.get(admin_url(Submission, "changelist")).content.decode()
    )


def test_a_questionnaire_received_by_email_is_recorded_in_one_form(client, staff, submission, media):
    prefilled = client.get(f"{RECEIPT_URL}?cycle={submission.cycle.pk}&state={submission.state.pk}")
    assert prefilled.context["form"]["state"].value() == str(submission.state.pk)

    response = client.post(
        RECEIPT_URL,
        {
            "cycle": submission.cycle.pk,
            "state": submission.state.pk,
            "received": "2020-03",
            "answer_kind": "update",
            "language": "es",
            "document": docx("Cuestionario CIFTA Perú.docx"),
            "notes": "Note verbale of the Permanent Mission.",
        },
    )

    assert response.status_code == 302
    assert response.url == admin_url(Submission, "change", submission.pk)
    recorded = Submission.objects.get(pk=submission.pk)
    assert (recorded.status, recorded.received.isoformat(), recorded.language) == (
        "submitted",
        "2020-03",
        "es",
    )
    assert recorded.documents.get().original_name == "Cuestionario CIFTA Perú.docx"
    assert list(recorded.transitions.values_list("by_user", "comment")) == [(staff.pk, "Received by email.")]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"received": "2019-12-31"}, "received", "opened on 2020-01-01"),
        ({"received": "2020-02-30"}, "received", "not a valid date"),
        ({"document": pdf("answers.exe")}, "document", "is not a PDF, DOCX or XLSX file"),
        (
            {"document": SimpleUploadedFile("answers.xlsx", b"PK\x03\x04 not a workbook")},
            "document",
            "not of that kind",
        ),
    ],
    ids=["before-opening", "no-such-day", "wrong-kind", "broken-workbook"],
)
def test_a_bad_receipt_is_explained_at_its_field_and_nothing_is_saved(
    client, staff, submission, changes, field, words
):
    data = {
        "cycle": submission.cycle.pk,
        "state": submission.state.pk,
        "received": "2020-03",
        "answer_kind": "first",
    }

    response = client.post(RECEIPT_URL, data | changes)

    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    assert Submission.objects.get(pk=submission.pk).status == S.NOT_STARTED
    assert not SubmissionDocument.objects.exists()


def review_form(client, submission, **changes):
    page = client.get(admin_url(Submission, "change", submission.pk))
    form = page.context["adminform"].form
    data = {
        "received_earliest": form.initial["received_earliest"].isoformat(),
        "answer_kind": submission.answer_kind,
        "language": submission.language,
        "notes": submission.notes,
        "new_status": "",
        "transition_comment": "",
    }
    for prefix in ("answers", "documents", "transitions"):
        formset = next(f for f in page.context["inline_admin_formsets"] if f.formset.prefix == prefix).formset
        management = formset.management_form
        data |= {f"{prefix}-{name}": management[name].value() for name in management.fields}
        for index, inline in enumerate(formset.forms):
            for name in inline.fields:
                value = inline[name].value()
                if value is not None and not isinstance(value, bool):
                    data[f"{prefix}-{index}-{name}"] = value
    return client.post(admin_url(Submission, "change", submission.pk), data | changes)


def test_the_secretariat_accepts_through_the_workflow(client, staff, submitted):
    response = review_form(client, submitted, new_status="accepted")

    assert response.status_code == 302
    accepted = Submission.objects.get(pk=submitted.pk)
    assert (accepted.status, accepted.reviewed_by) == (S.ACCEPTED, staff)
    assert accepted.transitions.last().by_user == staff


def test_returning_asks_for_the_reason_beside_the_field(client, staff, submitted):
    response = review_form(client, submitted, new_status="returned")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["transition_comment"] == [
        "Say why: the state reads this comment."
    ]
    assert Submission.objects.get(pk=submitted.pk).status == S.SUBMITTED

    review_form(client, submitted, new_status="returned", transition_comment="Attach the law on marking.")
    returned = Submission.objects.get(pk=submitted.pk)
    assert (returned.status, returned.review_comments) == (S.RETURNED, "Attach the law on marking.")


def test_the_status_offered_are_only_the_workflows(client, staff, submitted):
    form = client.get(admin_url(Submission, "change", submitted.pk)).context["adminform"].form

    assert [value for value, _label in form.fields["new_status"].choices] == [
        "",
        "under_review",
        "accepted",
        "returned",
    ]
    assert "status" not in form.fields


def test_answers_typed_in_by_the_secretariat_are_checked(client, staff, submitted):
    marking = questions_of(submitted.cycle.questionnaire)[0]
    answer = submitted.answers.get(question=marking)

    response = review_form(client, submitted, **{"answers-0-choice": "maybe"})

    assert response.status_code == 200
    assert "“maybe” is not one of the options." in response.content.decode()
    answer.refresh_from_db()
    assert answer.choice in ("yes", "no")


def test_the_accept_action_takes_each_through_the_workflow(client, staff, submitted, chile_submission):
    response = client.post(
        admin_url(Submission, "changelist"),
        {"action": "accept", "_selected_action": [submitted.pk, chile_submission.pk]},
    )

    messages = shown_messages(response)
    assert "Accepted: PER." in messages
    assert any(
        m.startswith("CHL: A submission that is “Not started” cannot become “Accepted”") for m in messages
    )
    assert Submission.objects.get(pk=chile_submission.pk).status == S.NOT_STARTED


def test_a_cycle_saved_in_the_admin_asks_its_states(client, staff, questionnaire):
    StateFactory(iso3="ARG")
    response = client.post(
        admin_url(ReportingCycle, "add"),
        {
            "convention": questionnaire.convention.pk,
            "label": "2021",
            "questionnaire": questionnaire.pk,
            "opens_on": "2021-01-01",
            "due_on": "2021-06-30",
            "closes_on": "",
            "audience": "all_members",
            "notes": "",
            "source": "",
        },
    )

    assert response.status_code == 302
    cycle = ReportingCycle.objects.get(label="2021")
    assert list(cycle.submissions.values_list("state__iso3", flat=True)) == ["ARG"]
    assert "A-63 2021 asks ARG." in shown_messages(response)


RECEIPT_COLUMNS = "convention,cycle,state,received_on,answer_kind,language,notes\n"


def _upload(client, text):
    return client.post(
        admin_url(Submission, "import"),
        {"format": "0", "import_file": SimpleUploadedFile("receipts.csv", text.encode())},
    )


def test_a_receipt_log_is_previewed_then_recorded(client, staff, submission, chile_submission):
    preview = _upload(client, RECEIPT_COLUMNS + "A-63,2019-2020,PER,2020-03-02,update,es,\n")
    assert Submission.objects.get(pk=submission.pk).status == S.NOT_STARTED

    confirmed = client.post(admin_url(Submission, "process_import"), preview.context["confirm_form"].initial)

    assert confirmed.status_code == 302
    peru = Submission.objects.get(pk=submission.pk)
    assert peru.status == S.SUBMITTED
    assert list(peru.transitions.values_list("by_user", "comment")) == [
        (staff.pk, "Recorded from receipts.csv.")
    ]


def test_a_receipt_log_with_a_bad_row_names_it_and_records_nothing(
    client, staff, submission, chile_submission
):
    text = RECEIPT_COLUMNS + "A-63,2019-2020,CHL,2020-03-01,first,,\nA-63,2019-2020,PER,2020-13-01,update,,\n"

    preview = _upload(client, text)

    assert "confirm_form" not in preview.context
    assert [(row.number, list(row.error_dict)) for row in preview.context["result"].invalid_rows] == [
        (3, ["received_on"])
    ]
    assert set(Submission.objects.values_list("status", flat=True)) == {S.NOT_STARTED}


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_submission_list_queries_do_not_grow(client, staff, cycle):
    SubmissionFactory(cycle=cycle)
    few = _queries(client, admin_url(Submission, "changelist"))
    for _ in range(20):
        SubmissionFactory(cycle=cycle)

    assert _queries(client, admin_url(Submission, "changelist")) == few


def test_the_submission_page_queries_do_not_grow_with_answers(client, staff, submitted, liaison):
    url = admin_url(Submission, "change", submitted.pk)
    few = _queries(client, url)
    section = submitted.cycle.questionnaire.sections.get()
    for position in range(10, 25):
        AnswerFactory(
            submission=submitted, question=QuestionFactory(section=section, position=position), choice="no"
        )
    for number in range(5):
        submission_document_attach(submitted, pdf(f"annex-{number}.pdf"), staff)

    assert _queries(client, url) == few


def test_the_cycle_list_counts_asked_and_received(client, staff, submitted, chile_submission):
    page = client.get(admin_url(ReportingCycle, "changelist"))

    cycle = page.context["cl"].result_list[0]
    assert (cycle.asked_count, cycle.received_count) == (2, 1)
    assert reverse("questionnaires:cycle", args=[cycle.pk]) in page.content.decode()


def test_a_questionnaire_not_yet_received_gets_its_date_from_the_receipt_form(
    client, staff, chile_submission
):
    page = client.get(admin_url(Submission, "change", chile_submission.pk))
    form = page.context["adminform"].form

    assert {"received_earliest", "answer_kind"} <= set(page.context["adminform"].readonly_fields)
    assert [value for value, _label in form.fields["new_status"].choices] == ["", "submitted"]


@pytest.mark.parametrize(("language", "yes", "no"), [("en", "Yes", "No"), ("es", "Sí", "No")])
def test_the_submission_page_shows_the_answers_as_the_liaison_picked_them(
    client, staff, submitted, language, yes, no
):
    page = client.get(
        admin_url(Submission, "change", submitted.pk), headers={"accept-language": language}
    ).text

    shown = re.findall(r'class="field-value_as_given">\s*<p>([^<]*)</p>', page)
    assert shown[:2] == [yes, no]


def test_the_answer_list_shows_the_choice_not_its_code(client, staff, submitted):
    page = client.get(admin_url(Answer, "changelist")).text

    assert '<td class="field-value_as_given">Yes</td>' in page
    assert '<td class="field-value_as_given">yes</td>' not in page
