"""Pages for liaisons (answering for their state) and for the secretariat (figures and exports).

Who sees what is decided by ``states.access`` through the selectors: a submission, document or
state outside what the user may see is "not found" (404), never "forbidden", so its existence
is not revealed.
"""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from conventions.models import Convention
from questionnaires.exports import compliance_lines, lines_response, obligation_matrix_lines
from questionnaires.forms import AnswersForm, DocumentForm, answer_field_name
from questionnaires.models import ReportingCycle, Submission, SubmissionDocument
from questionnaires.selectors import (
    cycle_compliance,
    document_for_user,
    obligation_matrix,
    state_questionnaire_history,
    submission_for_user,
    submission_list_for_user,
    submission_questions,
)
from questionnaires.services import (
    SubmissionChangedMeanwhile,
    UnansweredQuestions,
    submission_answers_save,
    submission_document_attach,
    submission_document_remove,
    submission_transition,
)
from questionnaires.uploads import CONTENT_TYPES, MAX_DOCUMENT_BYTES
from questionnaires.workflow import EDITABLE_STATUSES, SubmissionStatus
from states.access import (
    can_answer_for_state,
    can_change_state_records,
    can_see_state,
    is_secretariat,
    secretariat_required,
)
from states.models import State
from tracker.locking import form_version_set
from tracker.request_bodies import accepts_upload

EXPORT_FORMATS = ("csv", "xlsx")


@require_safe
@login_required
def index(request):
    if is_secretariat(request.user):
        cycles = ReportingCycle.objects.select_related("convention", "questionnaire").order_by(
            "convention__code", "-opens_on"
        )
        return render(request, "questionnaires/secretariat_index.html", {"cycles": cycles})
    today = timezone.localdate()
    submissions = submission_list_for_user(request.user)
    return render(
        request,
        "questionnaires/liaison_index.html",
        {
            "open_submissions": [
                s for s in submissions if s.cycle.is_open_on(today) and s.status in EDITABLE_STATUSES
            ],
            "submissions": submissions,
        },
    )


def _visible_submission(request, pk) -> Submission:
    try:
        return submission_for_user(request.user, pk)
    except Submission.DoesNotExist:
        raise Http404 from None


def _check_may_change_documents(request, submission: Submission) -> None:
    """Read-only staff see a submission's documents but may not add or remove any."""
    if not can_change_state_records(request.user, submission.state, "questionnaires.change_submission"):
        raise PermissionDenied


def _can_edit(request, submission: Submission) -> bool:
    return (
        submission.status in EDITABLE_STATUSES
        and submission.cycle.is_open_on(timezone.localdate())
        and can_answer_for_state(request.user, submission.state)
    )


def _submission_page(request, submission, *, answers_form=None, document_form=None, status=200):
    can_edit = _can_edit(request, submission)
    if answers_form is None:
        answers_form = AnswersForm(
            submission_questions(submission),
            initial={
                "answer_kind": submission.answer_kind,
                "language": submission.language,
                "version": submission.version,
            },
        )
    if can_edit and document_form is None:
        document_form = DocumentForm()
    return render(
        request,
        "questionnaires/submission.html",
        {
            "submission": submission,
            "form": answers_form,
            "document_form": document_form,
            "can_edit": can_edit,
            "closed_to_answers": submission.status in EDITABLE_STATUSES
            and not submission.cycle.is_open_on(timezone.localdate()),
            "documents": list(submission.documents.all()),
            "transitions": list(submission.transitions.select_related("by_user")),
        },
        status=status,
    )


@login_required
def submission_detail(request, pk):
    submission = _visible_submission(request, pk)
    if request.method != "POST":
        return _submission_page(request, submission)
    if not _can_edit(request, submission):
        raise PermissionDenied
    form = AnswersForm(submission_questions(submission), request.POST)
    if not form.is_valid():
        return _submission_page(request, submission, answers_form=form, status=400)
    try:
        submission = submission_answers_save(
            submission,
            form.answer_values(),
            request.user,
            answer_kind=form.cleaned_data["answer_kind"],
            language=form.cleaned_data["language"],
            seen_version=form.cleaned_data["version"],
        )
        if "submit" not in request.POST:
            messages.success(request, _("Your answers are saved as a draft."))
            return redirect(submission)
        submission_transition(submission, SubmissionStatus.SUBMITTED, request.user)
    except SubmissionChangedMeanwhile as error:
        # Her answers stay in the form; saved again, they are saved over the changes listed.
        form_version_set(form, error.version)
        form.add_error(None, error)
        return _submission_page(request, submission, answers_form=form, status=409)
    except UnansweredQuestions as error:
        for question in error.questions:
            form.add_error(answer_field_name(question), _("Answer this question before submitting."))
        form.add_error(None, _("Your answers are saved as a draft but not submitted.") + " " + error.message)
        return _submission_page(request, submission, answers_form=form, status=400)
    except ValidationError as error:
        form.add_error(None, error)
        return _submission_page(request, submission, answers_form=form, status=400)
    messages.success(request, _("Your questionnaire is submitted. The secretariat will review it."))
    return redirect(submission)


@accepts_upload(MAX_DOCUMENT_BYTES)
@login_required
@require_POST
def document_upload(request, pk):
    submission = _visible_submission(request, pk)
    _check_may_change_documents(request, submission)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            submission_document_attach(submission, form.cleaned_data["file"], request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The document is attached."))
            return redirect(submission)
    return _submission_page(request, submission, document_form=form, status=400)


def _visible_document(request, pk) -> SubmissionDocument:
    try:
        return document_for_user(request.user, pk)
    except SubmissionDocument.DoesNotExist:
        raise Http404 from None


@require_safe
@login_required
def document_download(request, pk):
    document = _visible_document(request, pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=CONTENT_TYPES[document.kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def document_remove(request, pk):
    document = _visible_document(request, pk)
    submission = document.submission
    _check_may_change_documents(request, submission)
    try:
        submission_document_remove(document, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(name)s” is removed.") % {"name": document.original_name})
    return redirect(submission)


@require_safe
@login_required
def state_history(request, iso3):
    state = get_object_or_404(State, iso3=iso3)
    if not can_see_state(request.user, state):
        raise Http404
    return render(
        request,
        "questionnaires/state_history.html",
        {"state": state, "history": state_questionnaire_history(state)},
    )


def _cycle(pk) -> ReportingCycle:
    return get_object_or_404(ReportingCycle.objects.select_related("convention", "questionnaire"), pk=pk)


@require_safe
@secretariat_required
def cycle_detail(request, pk):
    cycle = _cycle(pk)
    return render(
        request,
        "questionnaires/cycle_compliance.html",
        {"compliance": cycle_compliance(cycle)},
    )


@require_safe
@secretariat_required
def cycle_compliance_export(request, pk, file_format):
    if file_format not in EXPORT_FORMATS:
        raise Http404
    cycle = _cycle(pk)
    stem = f"{cycle.convention.code}-{cycle.label}-compliance"
    return lines_response(
        compliance_lines(cycle_compliance(cycle)), title=cycle.label, stem=stem, file_format=file_format
    )


@require_safe
@secretariat_required
def obligations(request, code):
    convention = get_object_or_404(Convention, code=code)
    return render(request, "questionnaires/obligation_matrix.html", {"matrix": obligation_matrix(convention)})


@require_safe
@secretariat_required
def obligations_export(request, code, file_format):
    if file_format not in EXPORT_FORMATS:
        raise Http404
    convention = get_object_or_404(Convention, code=code)
    return lines_response(
        obligation_matrix_lines(obligation_matrix(convention)),
        title=convention.code,
        stem=f"{code}-obligations",
        file_format=file_format,
    )
