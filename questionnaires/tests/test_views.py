"""Liaisons answer online for their own state only; the secretariat reads the figures.

Every page is tried by the outsider first (anonymous, then the liaison of another state),
then by the insider.
"""

import datetime as dt
import io
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from questionnaires.models import AnswerKind, Submission, SubmissionDocument
from questionnaires.services import (
    submission_answers_save,
    submission_document_attach,
    submission_receipt_record,
    submission_transition,
)
from questionnaires.tests.conftest import questions_of
from questionnaires.tests.factories import AnswerFactory, QuestionFactory, SubmissionFactory
from questionnaires.tests.files import PDF_BYTES, docx, pdf
from questionnaires.uploads import MAX_DOCUMENT_BYTES
from questionnaires.workflow import SubmissionStatus
from states.tests.factories import StateFactory, UserFactory

pytestmark = pytest.mark.django_db
S = SubmissionStatus


def submission_url(submission):
    return reverse("questionnaires:submission", args=[submission.pk])


def upload_url(submission):
    return reverse("questionnaires:document_upload", args=[submission.pk])


def text_of(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def answers_post(questionnaire, *, marking="", licensing="", count="", action="save", answer_kind=""):
    first, second, third = questions_of(questionnaire)
    return {
        f"question_{first.pk}": marking,
        f"question_{second.pk}": licensing,
        f"question_{third.pk}": count,
        "answer_kind": answer_kind,
        "language": "es",
        action: "",
    }


@pytest.fixture
def document(submission, liaison):
    return submission_document_attach(submission, pdf("Ley de armas.pdf"), liaison)


def liaison_pages(submission, document):
    return {
        "index": ("get", reverse("questionnaires:index")),
        "submission": ("get", submission_url(submission)),
        "answer": ("post", submission_url(submission)),
        "upload": ("post", upload_url(submission)),
        "download": ("get", reverse("questionnaires:document", args=[document.pk])),
        "remove": ("post", reverse("questionnaires:document_remove", args=[document.pk])),
        "state history": ("get", reverse("questionnaires:state_history", args=["PER"])),
    }


def secretariat_pages(cycle):
    code = cycle.convention.code
    return {
        "cycle": reverse("questionnaires:cycle", args=[cycle.pk]),
        "cycle csv": reverse("questionnaires:cycle_export", args=[cycle.pk, "csv"]),
        "cycle xlsx": reverse("questionnaires:cycle_export", args=[cycle.pk, "xlsx"]),
        "obligations": reverse("questionnaires:obligations", args=[code]),
        "obligations csv": reverse("questionnaires:obligations_export", args=[code, "csv"]),
    }


def test_anonymous_visitors_are_sent_to_sign_in(client, submission, document, cycle):
    pages = {name: url for name, (_method, url) in liaison_pages(submission, document).items()}
    pages |= secretariat_pages(cycle)

    for name, url in pages.items():
        response = client.post(url) if name in ("answer", "upload", "remove") else client.get(url)
        assert response.status_code == 302, name
        assert response.url == f"{reverse('login')}?next={url}", name
    assert SubmissionDocument.objects.count() == 1


def test_another_states_liaison_finds_nothing_of_peru(
    client, other_liaison, chile_submission, submission, document
):
    client.force_login(other_liaison)

    for name, (method, url) in liaison_pages(submission, document).items():
        if name == "index":
            continue
        response = getattr(client, method)(url, {"file": pdf()} if name == "upload" else {})
        assert response.status_code == 404, name
    assert SubmissionDocument.objects.get() == document
    assert not Submission.objects.get(pk=submission.pk).answers.exists()
    # Her own list holds only Chile's questionnaire.
    index = text_of(client.get(reverse("questionnaires:index")))
    assert f"{chile_submission.cycle.label}" in index and "Peru" not in index


@pytest.mark.parametrize("who", ["liaison", "user"])
def test_the_secretariats_pages_do_not_exist_for_others(request, client, cycle, who):
    client.force_login(request.getfixturevalue(who) if who == "liaison" else UserFactory())

    for name, url in secretariat_pages(cycle).items():
        assert client.get(url).status_code == 404, name


def test_a_liaison_sees_her_states_open_questionnaire(client, liaison, submission):
    client.force_login(liaison)

    index = text_of(client.get(reverse("questionnaires:index")))
    page = client.get(submission_url(submission))

    assert "To answer now" in index and "2019-2020 (Not started" in index
    assert page.status_code == 200
    content = page.content.decode()
    assert 'name="submit"' in content and "1.1 Are firearms marked?" in content
    assert "Obligation: Marking of firearms" in unescape(content)


def test_a_liaison_saves_a_draft(client, liaison, submission, questionnaire):
    client.force_login(liaison)

    response = client.post(
        submission_url(submission), answers_post(questionnaire, marking="partly", count="12")
    )

    assert response.status_code == 302 and response.url == submission_url(submission)
    saved = Submission.objects.get(pk=submission.pk)
    assert saved.status == S.DRAFT and saved.language == "es"
    assert sorted(str(a.value) for a in saved.answers.all()) == ["12.0000", "partly"]
    page = client.get(response.url)
    assert "Your answers are saved as a draft." in text_of(page)
    assert 'value="partly" id="id_question_' in page.content.decode().replace(" checked", "")


def test_submitting_with_an_unanswered_question_shows_it_and_keeps_the_draft(
    client, liaison, submission, questionnaire
):
    client.force_login(liaison)
    licensing = questions_of(questionnaire)[1]

    response = client.post(
        submission_url(submission), answers_post(questionnaire, marking="yes", action="submit")
    )

    assert response.status_code == 400
    content = response.content.decode()
    error = re.search(rf'id="id_question_{licensing.pk}_error"[^>]*>(.*?)</ul>', content, re.S)
    assert error and "Answer this question before submitting." in error.group(1)
    assert "saved as a draft but not submitted" in text_of(response)
    saved = Submission.objects.get(pk=submission.pk)
    assert saved.status == S.DRAFT and saved.answers.get().choice == "yes"


def test_a_liaison_submits_and_can_no_longer_change_the_answers(client, liaison, submission, questionnaire):
    client.force_login(liaison)

    response = client.post(
        submission_url(submission),
        answers_post(questionnaire, marking="yes", licensing="no", action="submit"),
    )

    assert response.status_code == 302
    page = client.get(submission_url(submission))
    assert "Your questionnaire is submitted." in text_of(page)
    assert 'name="submit"' not in page.content.decode()
    assert "Status Submitted" in text_of(page)
    assert (
        client.post(submission_url(submission), answers_post(questionnaire, marking="no")).status_code == 403
    )
    assert Submission.objects.get(pk=submission.pk).answers.get(question__position=1).choice == "yes"


def test_a_late_answer_is_recorded_late(client, liaison, submission, questionnaire, cycle):
    cycle.due_on = dt.date(2020, 6, 30)
    cycle.save()
    client.force_login(liaison)

    client.post(
        submission_url(submission),
        answers_post(questionnaire, marking="yes", licensing="no", action="submit"),
    )

    assert Submission.objects.get(pk=submission.pk).timeliness == "late"


def test_a_returned_questionnaire_shows_the_secretariats_comments(client, liaison, reviewer, submission):
    marking, licensing, _count = questions_of(submission.cycle.questionnaire)
    draft = submission_answers_save(submission, {marking.pk: "yes", licensing.pk: "no"}, liaison)
    submitted = submission_transition(draft, S.SUBMITTED, liaison)
    submission_transition(submitted, S.RETURNED, reviewer, "Attach the licensing law.")
    client.force_login(liaison)

    page = client.get(submission_url(submission))

    assert "The secretariat's comments Attach the licensing law." in text_of(page)
    assert 'name="submit"' in page.content.decode()


def test_a_liaison_sees_which_office_changed_her_submission_never_a_staff_account(
    client, liaison, reviewer, submission
):
    marking, licensing, _count = questions_of(submission.cycle.questionnaire)
    draft = submission_answers_save(submission, {marking.pk: "yes", licensing.pk: "no"}, liaison)
    submitted = submission_transition(draft, S.SUBMITTED, liaison)
    submission_transition(submitted, S.RETURNED, reviewer, "Attach the licensing law.")
    client.force_login(liaison)

    history = text_of(client.get(submission_url(submission)))

    assert "Submitted → Returned for corrections (Secretariat)" in history
    assert "(The state's liaison)" in history
    assert "reviewer" not in history


def test_a_liaison_attaches_and_downloads_a_document(client, liaison, submission):
    client.force_login(liaison)

    response = client.post(upload_url(submission), {"file": docx("Respuestas 2020.docx")})

    assert response.status_code == 302
    document = SubmissionDocument.objects.get()
    assert "Respuestas 2020.docx" in text_of(client.get(submission_url(submission)))
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"].endswith("wordprocessingml.document")
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (lambda: pdf("answers.exe"), "is not a PDF, DOCX or XLSX file"),
        (lambda: docx("answers.pdf"), "its content is not of that kind"),
    ],
    ids=["wrong-extension", "disguised-content"],
)
def test_a_bad_upload_is_explained_beside_the_field_and_nothing_is_kept(
    client, liaison, submission, media, upload, words
):
    client.force_login(liaison)

    response = client.post(upload_url(submission), {"file": upload()})

    assert response.status_code == 400
    error = re.search(r'id="id_file_error"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    assert error and words in unescape(error.group(1))
    assert not SubmissionDocument.objects.exists()
    assert not media.exists() or not any(media.rglob("*.*"))


def test_a_file_over_the_size_limit_is_refused(client, liaison, submission):
    client.force_login(liaison)
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * MAX_DOCUMENT_BYTES)

    response = client.post(upload_url(submission), {"file": big})

    assert response.status_code == 400 and "the limit is 10.0" in text_of(response)
    assert not SubmissionDocument.objects.exists()


def test_a_liaison_removes_a_document_while_answering(
    client, liaison, submission, document, django_capture_on_commit_callbacks
):
    client.force_login(liaison)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("questionnaires:document_remove", args=[document.pk]))

    assert response.status_code == 302
    assert not SubmissionDocument.objects.exists()


def test_a_liaison_sees_her_states_history(client, liaison, submission):
    client.force_login(liaison)

    page = client.get(reverse("questionnaires:state_history", args=["PER"]))

    assert page.status_code == 200
    assert "2019-2020 Not started" in text_of(page)


def test_the_secretariat_sees_who_answered(client, reviewer, cycle, submission, chile_submission, liaison):
    submission_receipt_record(
        cycle, chile_submission.state, reviewer, received=None, answer_kind=AnswerKind.UPDATE
    )
    client.force_login(reviewer)

    page = client.get(reverse("questionnaires:cycle", args=[cycle.pk]))

    content = text_of(page)
    assert "Asked 2 Received 1 On time 0 Late 0 Timeliness unknown 1 Not received 1" in content
    assert "Chile Submitted — Received, timeliness unknown 2019-2020" in content
    assert "Peru Not started — Not received — record it received none" in content
    receipt_link = f"{reverse('admin:questionnaires_submission_record_receipt')}?cycle={cycle.pk}&amp;state={submission.state.pk}"
    assert receipt_link in page.content.decode()


def test_the_compliance_table_downloads_as_csv_and_xlsx(client, reviewer, cycle, submission):
    client.force_login(reviewer)

    csv_response = client.get(reverse("questionnaires:cycle_export", args=[cycle.pk, "csv"]))
    xlsx_response = client.get(reverse("questionnaires:cycle_export", args=[cycle.pk, "xlsx"]))

    assert csv_response["Content-Disposition"].startswith('attachment; filename="A-63-2019-2020-compliance-')
    lines = csv_response.getvalue().decode().splitlines()
    assert lines == [
        "state,name,status,received,answer_kind,language,timeliness,last_answered_cycle",
        "PER,Peru,not_started,,,,missing,",
    ]
    sheet = load_workbook(io.BytesIO(xlsx_response.getvalue())).active
    assert [cell.value for cell in sheet[2]][:3] == ["PER", "Peru", "not_started"]
    assert client.get(reverse("questionnaires:cycle_export", args=[cycle.pk, "json"])).status_code == 404


def test_the_obligation_matrix_reads_accepted_answers(client, reviewer, cycle, questionnaire, submission):
    marking, licensing, _count = questions_of(questionnaire)
    Submission.objects.filter(pk=submission.pk).update(
        status=S.ACCEPTED, answer_kind="first", reviewed_by=reviewer
    )
    AnswerFactory(submission=submission, question=marking, choice="yes")
    AnswerFactory(submission=submission, question=licensing, choice="partly")
    client.force_login(reviewer)

    page = client.get(reverse("questionnaires:obligations", args=["A-63"]))
    csv_lines = (
        client.get(reverse("questionnaires:obligations_export", args=["A-63", "csv"])).getvalue().decode()
    )

    assert "Peru 2019-2020 Implemented Partly implemented" in text_of(page)
    assert csv_lines.splitlines() == [
        "state,name,source_cycle,marking,licensing",
        "PER,Peru,2019-2020,implemented,partly",
    ]
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("questionnaires:obligations_export", args=["A-63", "xlsx"])).getvalue())
    ).active
    assert [cell.value for cell in sheet[1]] == ["state", "name", "source_cycle", "marking", "licensing"]


def _grow_questionnaire(questionnaire, submission, liaison, size):
    section = questionnaire.sections.get()
    for position in range(10, 10 + size):
        question = QuestionFactory(section=section, position=position, is_required=False)
        AnswerFactory(submission=submission, question=question, choice="no")
    for number in range(size):
        submission_document_attach(submission, pdf(f"annex-{number}.pdf"), liaison)


# What the liaison's questionnaire page reads, whatever its size.
SUBMISSION_PAGE_QUERIES = [
    "session",
    "user",
    "her state (to find the submission among those she may see)",
    "the submission with its cycle, convention, questionnaire and state",
    "her state again (may she answer for it)",
    "the answers",
    "the questions with their sections and obligations",
    "the documents",
    "the status changes with who made them",
]


@pytest.mark.parametrize("size", [1, 12])
def test_the_questionnaire_page_queries_do_not_grow(
    client, liaison, submission, questionnaire, size, django_assert_num_queries
):
    _grow_questionnaire(questionnaire, submission, liaison, size)
    client.force_login(liaison)

    with django_assert_num_queries(len(SUBMISSION_PAGE_QUERIES)):
        response = client.get(submission_url(submission))

    assert response.status_code == 200
    assert response.content.decode().count("annex-") == size


COMPLIANCE_PAGE_QUERIES = [
    "session",
    "user",
    "the cycle with its convention and questionnaire",
    "the answers received up to this cycle",
    "the cycle's submissions with their states",
]


@pytest.mark.parametrize("states", [2, 30])
def test_the_compliance_page_queries_do_not_grow(client, reviewer, cycle, states, django_assert_num_queries):
    for _ in range(states):
        SubmissionFactory(cycle=cycle, state=StateFactory())
    client.force_login(reviewer)

    with django_assert_num_queries(len(COMPLIANCE_PAGE_QUERIES)):
        response = client.get(reverse("questionnaires:cycle", args=[cycle.pk]))

    assert text_of(response).count("Not started") == states


MATRIX_PAGE_QUERIES = [
    "session",
    "user",
    "the convention",
    "its obligations",
    "the states",
    "the accepted submissions with their cycles",
    "their answers on obligations",
]


@pytest.mark.parametrize("states", [2, 30])
def test_the_matrix_page_queries_do_not_grow(
    client, reviewer, cycle, questionnaire, states, django_assert_num_queries
):
    marking = questions_of(questionnaire)[0]
    for _ in range(states):
        accepted = SubmissionFactory(
            cycle=cycle, state=StateFactory(), status=S.ACCEPTED, answer_kind="first", reviewed_by=reviewer
        )
        AnswerFactory(submission=accepted, question=marking, choice="yes")
    client.force_login(reviewer)

    with django_assert_num_queries(len(MATRIX_PAGE_QUERIES)):
        response = client.get(reverse("questionnaires:obligations", args=["A-63"]))

    assert text_of(response).count("Implemented") == states


def export_lines(response, file_format):
    """The downloaded file's lines, the header first."""
    body = response.getvalue()
    if file_format == "csv":
        return body.decode().splitlines()
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("states", [2, 30])
def test_the_compliance_export_queries_do_not_grow(
    client, reviewer, cycle, states, file_format, django_assert_num_queries
):
    for _ in range(states):
        SubmissionFactory(cycle=cycle, state=StateFactory())
    client.force_login(reviewer)

    # The page's queries: the file holds the same table.
    with django_assert_num_queries(len(COMPLIANCE_PAGE_QUERIES)):
        response = client.get(reverse("questionnaires:cycle_export", args=[cycle.pk, file_format]))
        lines = export_lines(response, file_format)

    assert response.streaming
    assert len(lines) == states + 1


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("states", [2, 30])
def test_the_obligation_matrix_export_queries_do_not_grow(
    client, reviewer, cycle, questionnaire, states, file_format, django_assert_num_queries
):
    marking = questions_of(questionnaire)[0]
    for _ in range(states):
        accepted = SubmissionFactory(
            cycle=cycle, state=StateFactory(), status=S.ACCEPTED, answer_kind="first", reviewed_by=reviewer
        )
        AnswerFactory(submission=accepted, question=marking, choice="yes")
    client.force_login(reviewer)

    with django_assert_num_queries(len(MATRIX_PAGE_QUERIES)):
        response = client.get(reverse("questionnaires:obligations_export", args=["A-63", file_format]))
        lines = export_lines(response, file_format)

    assert sum("implemented" in str(line) for line in lines) == states


def test_the_secretariat_starts_from_the_list_of_cycles(client, reviewer, cycle):
    client.force_login(reviewer)

    page = client.get(reverse("questionnaires:index"))

    assert reverse("questionnaires:cycle", args=[cycle.pk]) in page.content.decode()
    assert reverse("questionnaires:obligations", args=["A-63"]) in page.content.decode()


def test_a_closed_cycle_says_so_instead_of_offering_the_form(
    client, liaison, submission, cycle, questionnaire
):
    cycle.due_on = cycle.closes_on = dt.date(2020, 12, 31)
    cycle.save()
    client.force_login(liaison)

    page = client.get(submission_url(submission))

    assert "This cycle closed to answers online on 2020-12-31." in text_of(page)
    assert 'name="submit"' not in page.content.decode()
    assert (
        client.post(submission_url(submission), answers_post(questionnaire, marking="yes")).status_code == 403
    )


def _opened_by(liaison, submission):
    """A browser of the liaison's with the submission's page open: the version the page shows."""
    browser = Client()
    browser.force_login(liaison)
    page = browser.get(submission_url(submission)).content.decode()
    return browser, re.search(r'name="version" value="(\d+)"', page).group(1)


def test_answers_from_a_page_opened_before_another_save_are_refused_with_the_changed_answers(
    liaison, submission, questionnaire
):
    first, first_version = _opened_by(liaison, submission)
    second, second_version = _opened_by(liaison, submission)
    saved = answers_post(questionnaire, marking="yes")
    assert first.post(submission_url(submission), {**saved, "version": first_version}).status_code == 302

    later = answers_post(questionnaire, marking="", licensing="no")
    response = second.post(submission_url(submission), {**later, "version": second_version})

    assert response.status_code == 409
    assert (
        "The state's liaison saved this record after you opened it; nothing of yours was saved."
        in text_of(response)
    )
    assert "1.1 Are firearms marked?: “(empty)” → “Yes”" in text_of(response)
    answers = Submission.objects.get(pk=submission.pk).answers.select_related("question")
    assert {answer.question.position: answer.value for answer in answers} == {1: "yes"}


def test_answers_saved_again_after_the_refusal_are_saved(liaison, submission, questionnaire):
    first, first_version = _opened_by(liaison, submission)
    second, second_version = _opened_by(liaison, submission)
    first.post(
        submission_url(submission), {**answers_post(questionnaire, marking="yes"), "version": first_version}
    )
    later = answers_post(questionnaire, marking="", licensing="no")
    refused = second.post(submission_url(submission), {**later, "version": second_version})
    version_now = re.search(r'name="version" value="(\d+)"', refused.content.decode()).group(1)

    response = second.post(submission_url(submission), {**later, "version": version_now})

    assert response.status_code == 302
    answers = Submission.objects.get(pk=submission.pk).answers.select_related("question")
    assert {answer.question.position: answer.value for answer in answers} == {2: "no"}


def test_a_liaison_refused_after_the_secretariat_changed_the_submission_is_told_the_office_only(
    client, liaison, reviewer, submission, questionnaire
):
    browser, version = _opened_by(liaison, submission)
    submission.language = "fr"
    submission.notes = "Called the mission."
    submission._history_user = reviewer
    submission.save()

    response = browser.post(submission_url(submission), {**answers_post(questionnaire), "version": version})

    assert response.status_code == 409
    shown = text_of(response)
    assert "Secretariat saved this record after you opened it" in shown
    assert "Language: “(empty)” → “Français”" in shown
    assert "reviewer" not in shown and "Called the mission." not in shown
