"""Every address of the site, asked for by five people, against one table of who may see what.

The URLconf is walked (``get_resolver()``): every page, admin page, export, feed, file download
and API endpoint, with its parameters filled from a small record of two states, A and B, each
with a liaison, a submission with an uploaded document, an outreach letter and a notification.
Each address is asked for (GET) by anonymous, A's liaison, B's liaison, read-only staff and a
superuser, and each answer must be the one ``EXPECTED`` gives. An address the table does not
classify fails the walk, so no page can be added without saying who may see it.

A state's private records (submissions, documents, letters, its dashboard) are A's: only A's
liaison, staff and the superuser may see them; B's liaison gets "not found", as for something
that does not exist.
"""

import hashlib
import re
from collections import Counter

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conventions.approx_dates import ApproxDate
from conventions.models import Convention, Participation
from conventions.services import participation_record, reference_data_load
from conventions.tests.factories import ConventionFactory, ObjectionFactory, ParticipationNoticeFactory
from imports.tests.factories import ImportJobFactory
from notifications import tokens
from notifications.models import Notification
from notifications.services import deliveries_claim, notification_publish
from notifications.tests.factories import SubscriptionFactory
from opendata.services import data_release_make
from questionnaires.forms import answer_field_name
from questionnaires.services import submission_document_attach
from questionnaires.tests.factories import (
    AnswerFactory,
    QuestionFactory,
    ReportingCycleFactory,
    SubmissionFactory,
)
from questionnaires.tests.files import pdf
from reminders.rendering import unsubscribe_token
from reminders.services import reminders_unsubscribe
from reminders.tests.factories import DigestFactory, OutreachEntryFactory
from reports.models import Mandate, Meeting, Report
from states.models import Contact, State
from states.services import read_only_group_ensure
from states.tests.factories import LiaisonFactory, UserFactory
from tracker.tests.admin_pages import change_form_data

# Every test here is marked, so pytest-django sets up the test database for the module's record.
pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "liaison_a", "liaison_b", "read_only_staff", "superuser")

# What an answer can be.
OK = 200
LOGIN = "login"  # 302 to the site's sign-in page
ADMIN_LOGIN = "admin login"  # 302 to the admin's sign-in page
REDIRECT = "redirect"  # 302 anywhere else
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405  # POST-only address asked for with GET
GONE = 410  # a link from mail that no longer works (here: one never made)


def _row(anonymous, liaison_a, liaison_b, read_only_staff, superuser):
    return dict(zip(ROLES, (anonymous, liaison_a, liaison_b, read_only_staff, superuser), strict=True))


PUBLIC = _row(OK, OK, OK, OK, OK)
SIGNED_IN = _row(LOGIN, OK, OK, OK, OK)
# Records of state A: its own liaison and staff; B's liaison is told it does not exist.
STATE_A_PRIVATE = _row(LOGIN, OK, NOT_FOUND, OK, OK)
STAFF_PAGE = _row(LOGIN, NOT_FOUND, NOT_FOUND, OK, OK)
POST_ONLY = _row(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)
# The admin: staff only; then each model's permissions (read-only staff hold "view" only).
ADMIN_VIEW = _row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK, OK)
ADMIN_WRITE = _row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, FORBIDDEN, OK)
ADMIN_NOBODY = _row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, FORBIDDEN, FORBIDDEN)
ADMIN_REDIRECT = _row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, REDIRECT, REDIRECT)

# Every named address outside the admin's model pages. Keys are URL names (or the route, for
# the few without a name).
EXPECTED = {
    # The public record, its exports and feeds.
    "conventions:list": PUBLIC,
    "conventions:status": PUBLIC,
    "dashboards:convention_pdf": PUBLIC,
    "conventions:status_csv": PUBLIC,
    # What changed between two days, and the same list as CSV and XLSX.
    "conventions:changes": PUBLIC,
    "conventions:changes_export": PUBLIC,
    # Embedding for member states' sites: a page to frame and a badge.
    "conventions:widget": PUBLIC,
    "conventions:badge": PUBLIC,
    # The versioned data package; "latest" leads to the latest version's own address.
    "opendata:releases": PUBLIC,
    "opendata:release_zip": PUBLIC,
    "opendata:release_file": PUBLIC,
    "opendata:latest_zip": _row(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "opendata:latest_file": _row(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    # Finding one's way: search, the list of downloads, the icon browsers ask for.
    "wayfinding:search": PUBLIC,
    "wayfinding:open_data": PUBLIC,
    "favicon": _row(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "reports:list": PUBLIC,
    "reports:report": PUBLIC,
    "reports:report_file": PUBLIC,
    "reports:annex_file": PUBLIC,
    "reports:state": PUBLIC,
    "reports:body": PUBLIC,
    "reports:meeting": PUBLIC,
    "reports:meetings_calendar": PUBLIC,
    "reports:body_calendar": PUBLIC,
    "reports:mandates": PUBLIC,
    "reports:figures": STAFF_PAGE,
    "reports:mandate": PUBLIC,
    "notifications:list": PUBLIC,
    "notifications:detail": PUBLIC,
    "notifications:feed": PUBLIC,
    "notifications:feed_convention": PUBLIC,
    "notifications:feed_state": PUBLIC,
    "notifications:subscribe": PUBLIC,
    # Links from mail: the signed token is the credential, whoever opens it.
    "notifications:confirm": PUBLIC,
    "notifications:unsubscribe": PUBLIC,
    "reminders:unsubscribe": PUBLIC,
    # The public API; /api/my/… needs a sign-in (403 in the API's JSON, not a redirect).
    "api:convention-list": PUBLIC,
    "api:convention-detail": PUBLIC,
    "api:convention-status": PUBLIC,
    "api:changes": PUBLIC,
    "api:convention-entry-into-force": PUBLIC,
    "api:state-list": PUBLIC,
    "api:state-detail": PUBLIC,
    "api:schema": PUBLIC,
    "api:docs": PUBLIC,
    "api/^(?:.*/)?$": _row(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "api:my-submission-list": _row(FORBIDDEN, OK, OK, OK, OK),
    "api:my-submission-detail": _row(FORBIDDEN, OK, NOT_FOUND, OK, OK),
    # Signing in and out, passwords, the language.
    "login": PUBLIC,
    "logout": _row(NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,  # a link that is not valid says so
    "password_reset_complete": PUBLIC,
    "invitation_accept": _row(*[GONE] * 5),
    "set_language": _row(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    # Dashboards: sign-in leads here; a liaison to her state, staff to the overview.
    "dashboards:home": _row(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "dashboards:state": STATE_A_PRIVATE,
    "dashboards:overview": STAFF_PAGE,
    "dashboards:overview_charts": STAFF_PAGE,
    "dashboards:overview_export": STAFF_PAGE,
    # Questionnaires: a liaison answers for her state; staff see every state and the figures.
    "questionnaires:index": SIGNED_IN,
    "questionnaires:submission": STATE_A_PRIVATE,
    "questionnaires:document": STATE_A_PRIVATE,
    "questionnaires:state_history": STATE_A_PRIVATE,
    "questionnaires:document_upload": POST_ONLY,
    "questionnaires:document_remove": POST_ONLY,
    "questionnaires:cycle": STAFF_PAGE,
    "questionnaires:cycle_export": STAFF_PAGE,
    "questionnaires:obligations": STAFF_PAGE,
    "questionnaires:obligations_export": STAFF_PAGE,
    # Reminders and notifications that come with a liaison's account.
    "reminders:outreach_document": STATE_A_PRIVATE,
    "notifications:mine": _row(LOGIN, OK, OK, NOT_FOUND, NOT_FOUND),
    # The admin's own pages.
    "admin:index": ADMIN_VIEW,
    "admin:login": _row(OK, OK, OK, REDIRECT, REDIRECT),
    "admin:logout": _row(REDIRECT, REDIRECT, REDIRECT, NOT_ALLOWED, NOT_ALLOWED),  # non-staff: to the index
    "admin:password_change": ADMIN_VIEW,
    "admin:password_change_done": ADMIN_VIEW,
    "admin:autocomplete": _row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, FORBIDDEN, FORBIDDEN),  # no field given
    "admin:jsi18n": ADMIN_VIEW,
    "admin:view_on_site": ADMIN_REDIRECT,
    "admin:app_list": ADMIN_VIEW,
    "admin/(?P<url>.*)$": _row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_FOUND, NOT_FOUND),
}

# Each model's admin pages, by the suffix of their URL name, for a model the secretariat keeps.
ADMIN_MODEL_PAGES = {
    "changelist": ADMIN_VIEW,
    "change": ADMIN_VIEW,  # read-only staff see the record, without a save button
    "history": ADMIN_VIEW,
    "simple_history": ADMIN_VIEW,  # one past version of a record
    "redirect": ADMIN_REDIRECT,  # <object_id>/ leads on to <object_id>/change/
    "export": ADMIN_VIEW,
    "add": ADMIN_WRITE,
    "delete": ADMIN_WRITE,
    "import": ADMIN_WRITE,
    # A blank file to fill in for an import: reading the records is enough to have one.
    "import_template_csv": ADMIN_VIEW,
    "import_template_xlsx": ADMIN_VIEW,
    "process_import": _row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_ALLOWED, NOT_ALLOWED),  # POST only
    "password_change": ADMIN_WRITE,  # an account's password, set by the superuser
    "record_receipt": ADMIN_WRITE,  # a questionnaire received by mail, recorded by staff
}
# Accounts, groups and the sign-in log: the superuser's alone.
SUPERUSER_APPS = {"auth", "axes"}
SUPERUSER_ONLY = {
    **dict.fromkeys(ADMIN_MODEL_PAGES, ADMIN_WRITE),
    "redirect": _row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, REDIRECT, REDIRECT),
}
# Pages of models the system writes, which nobody, the superuser included, uses by hand.
WRITTEN_BY_THE_SYSTEM = {
    "axes.accessattempt": {"add"},
    "axes.accesslog": {"add"},
    "axes.accessfailurelog": {"add"},
    # Drafted when an action is recorded; published, never typed in.
    "notifications.notification": {"add"},
    # A submission is made when a cycle asks the state; its answers are the liaison's.
    "questionnaires.submission": {"add"},
    "questionnaires.answer": {"add"},
    # Mail sent (digests, notification deliveries) and unsubscriptions are the record of what
    # was mailed and asked: never added or deleted by hand.
    "notifications.delivery": {"add", "delete"},
    "reminders.digest": {"add", "delete"},
    "reminders.remindersubscription": {"add", "delete"},
    "reminders.statewithoutcontact": {"add", "delete"},
    # A background import is made by uploading a long file and is the record of that import.
    "imports.importjob": {"add", "delete"},
}
# Each uploader follows her own background imports; the superuser sees everyone's. Another
# staff member's is not there for her (the admin's "does not exist", back to its index).
OWNER_ONLY = {"imports.importjob": {"change", "history"}}
# Shown, never edited, the superuser included.
NEVER_CHANGED = {"imports.importjob": {"change", "history"}}
# A list with no record page: its row pages lead back to the list.
LIST_ONLY = {"reminders.statewithoutcontact": {"change", "history"}}

ADMIN_MODEL_URL = re.compile(r"^admin:(?P<app>[a-z_]+?)_(?P<model>[a-z]+)_(?P<page>[a-z_]+)$")


# --- The record the walk fills addresses from -----------------------------------------------


class Record:
    """Two states, A and B, each with what a liaison may see of her own state only."""

    def __init__(self):
        reference_data_load()
        self.convention = Convention.objects.order_by("code").first()
        self.state_a = State.objects.get(iso3="PER")
        self.state_b = State.objects.get(iso3="CHL")
        self.users = {
            "anonymous": None,
            "liaison_a": LiaisonFactory(state=self.state_a).user,
            "liaison_b": LiaisonFactory(state=self.state_b).user,
            "read_only_staff": UserFactory(is_staff=True),
            "superuser": UserFactory(is_staff=True, is_superuser=True),
        }
        self.users["read_only_staff"].groups.add(read_only_group_ensure())

        # A cycle open today, so that a liaison may still change her state's answers.
        self.question = QuestionFactory(
            section__questionnaire__convention=self.convention, section__questionnaire__version="walk"
        )
        cycle = ReportingCycleFactory(questionnaire=self.question.section.questionnaire)
        self.submission = {}
        self.document = {}
        for key, state in (("a", self.state_a), ("b", self.state_b)):
            submission = SubmissionFactory(cycle=cycle, state=state)
            self.submission[key] = submission
            self.document[key] = submission_document_attach(
                submission, pdf(f"answers-{state.iso3}.pdf"), self.users["superuser"]
            )
        AnswerFactory(submission=self.submission["a"], question=self.question)
        self.letter_a = OutreachEntryFactory(document=pdf("letter.pdf"))
        self.letter_a.states.add(self.state_a)
        contact_a = Contact.objects.get(state=self.state_a, role=Contact.Role.LIAISON)
        DigestFactory(contact=contact_a)
        self.reminder_token = unsubscribe_token(contact_a.pk, [self.convention.pk], contact_a.email)
        reminders_unsubscribe(contact_a.pk, [self.convention.pk])

        subscription = SubscriptionFactory()
        signing = Participation(convention=ConventionFactory(), state=self.state_a)
        signing.signature = ApproxDate.parse("2026-01-15")
        participation_record(signing, source="access walk")
        self.notification = notification_publish(
            Notification.objects.order_by("-pk").first().pk, by_user=self.users["superuser"]
        )
        # Publishing mails subscribers once the transaction commits; this one never does.
        deliveries_claim(self.notification.pk)
        self.confirm_token = tokens.confirm_token(subscription.pk, subscription.email)
        self.subscription_token = tokens.unsubscribe_token(subscription.pk, subscription.email)
        # The sign-in log has a row of each kind: a failed sign-in, a lockout, a signed-in session.
        seen = {"username": "someone", "ip_address": "192.0.2.1", "user_agent": "walk", "path_info": "/"}
        AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=1)
        AccessFailureLog.objects.create(**seen, locked_out=False)
        AccessLog.objects.create(**seen)
        self.report = Report.objects.select_related("body").order_by("pk").first()
        self.meeting = Meeting.objects.get(code="rcepter-1")  # the fullest one: officers, documents, outcomes
        self.mandate = Mandate.objects.get(code="ag-res-2950-l-o-20")  # cited by a meeting and a report
        self.group = Group.objects.order_by("pk").first()
        ImportJobFactory(owner=self.users["superuser"])
        # The reference record has no objection, territorial or provisional application or succession.
        ObjectionFactory()
        ParticipationNoticeFactory()
        data_release_make()


def _kwargs_for(record: Record, name: str, params: list[str]) -> dict:
    """Values for an address's parameters, taken from the record (state A's where it matters)."""
    # The primary key or token each address takes, by address.
    by_name = {
        "questionnaires:submission": record.submission["a"].pk,
        "questionnaires:document_upload": record.submission["a"].pk,
        "questionnaires:document": record.document["a"].pk,
        "questionnaires:document_remove": record.document["a"].pk,
        "api:my-submission-detail": record.submission["a"].pk,
        "questionnaires:cycle": record.submission["a"].cycle_id,
        "questionnaires:cycle_export": record.submission["a"].cycle_id,
        "reminders:outreach_document": record.letter_a.pk,
        "reminders:unsubscribe": record.reminder_token,
        "notifications:confirm": record.confirm_token,
        "notifications:unsubscribe": record.subscription_token,
    }
    by_parameter = {
        "code": record.convention.code,
        "iso3": record.state_a.iso3,
        "body": record.report.body.acronym,
        "meeting": record.meeting.code,
        "mandate": record.mandate.code,
        "year": record.report.year,
        "number": 1,
        "file_format": "csv",
        "app_label": "conventions",
        "uidb64": "MQ",
        "token": "not-a-token",
        "url": "no-such-page/",
        "version": 1,
        "name": "datapackage.json",
    }
    if name in ("reports:report_file", "reports:annex_file"):
        by_parameter["file_format"] = "pdf"
    if name.startswith("notifications:") and "year" in params:
        notification = record.notification
        return {
            "code": notification.convention.code,
            "year": notification.year,
            "number": notification.number,
        }
    if name == "admin:view_on_site":
        return {
            "content_type_id": ContentType.objects.get_for_model(Convention).pk,
            "object_id": record.convention.pk,
        }
    return {
        param: by_name[name] if param in ("pk", "token") and name in by_name else by_parameter[param]
        for param in params
    }


# --- Walking the URLconf --------------------------------------------------------------------


class Address:
    def __init__(self, key: str, url: str, expected: dict):
        self.key, self.url, self.expected = key, url, expected


def _patterns(resolvers, prefix="", namespace=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}".strip(":") if entry.name else None
            yield name, prefix + str(entry.pattern), entry


def _admin_model(app: str, model_name: str):
    for model in admin.site._registry:
        if (model._meta.app_label, model._meta.model_name) == (app, model_name):
            return model
    return None


def _admin_model_pages(app: str, model_name: str, page: str) -> dict:
    table = SUPERUSER_ONLY if app in SUPERUSER_APPS else ADMIN_MODEL_PAGES
    expected = dict(table[page])
    written_by_system = WRITTEN_BY_THE_SYSTEM.get(f"{app}.{model_name}", set())
    if page in written_by_system:
        expected.update(read_only_staff=FORBIDDEN, superuser=FORBIDDEN)
    if page in LIST_ONLY.get(f"{app}.{model_name}", set()):
        expected.update(read_only_staff=REDIRECT, superuser=REDIRECT)
    if page in OWNER_ONLY.get(f"{app}.{model_name}", set()):
        expected.update(read_only_staff=REDIRECT)
    return expected


def _object_id(model):
    instance = model._default_manager.order_by("pk").first()
    assert instance is not None, f"the walk's record has no {model._meta.label} to open in the admin"
    return instance


def walk(record: Record) -> tuple[list[Address], list[str]]:
    """Every address of the URLconf with what each role must get, and those the table lacks."""
    addresses, unclassified = [], []
    for name, route, pattern in _patterns(get_resolver().url_patterns):
        key = name or route
        params = list(pattern.pattern.regex.groupindex)
        admin_page = ADMIN_MODEL_URL.match(name or "")
        model = admin_page and _admin_model(admin_page["app"], admin_page["model"])
        if (
            model is None
            and name is None
            and route.startswith("admin/")
            and route.endswith("/<path:object_id>/")
        ):
            model = next(
                m
                for m in admin.site._registry
                if route == f"admin/{m._meta.app_label}/{m._meta.model_name}/<path:object_id>/"
            )
            admin_page = {"app": model._meta.app_label, "model": model._meta.model_name, "page": "redirect"}
        if model is not None:
            expected = _admin_model_pages(admin_page["app"], admin_page["model"], admin_page["page"])
            instance = _object_id(model)
            if admin_page["page"] == "simple_history":
                history = instance.history.order_by("pk").first()
                url = reverse(name, args=[instance.pk, history.pk])
            elif admin_page["page"] == "redirect":
                url = "/" + route.replace("<path:object_id>", str(instance.pk))
            elif "object_id" in params or "id" in params:
                url = reverse(name, args=[instance.pk])
            else:
                url = reverse(name)
            addresses.append(Address(key, url, expected))
            continue
        if key not in EXPECTED:
            unclassified.append(key)
            continue
        if name is None:
            url = (
                "/"
                + re.sub(r"\^|\$|\(\?P<url>\.\*\)|\(\?:\.\*/\)\?", "", route)
                + ("no-such-page/" if "url" in params else "no-such-endpoint/")
            )
        else:
            url = reverse(name, kwargs=_kwargs_for(record, name, params))
        addresses.append(Address(key, url, EXPECTED[key]))
    return addresses, unclassified


def outcome(response):
    if response.status_code == 302:
        target = response.url.split("?")[0]
        if target.endswith(reverse("login")):
            return LOGIN
        if target.endswith(reverse("admin:login")):
            return ADMIN_LOGIN
        return REDIRECT
    return response.status_code


@pytest.fixture(scope="module")
def record(django_db_setup, django_db_blocker, tmp_path_factory):
    """The record, made once for the module and rolled back after it; uploads go to a temp dir."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        yield Record()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def addresses(record):
    found, unclassified = walk(record)
    assert not unclassified, f"addresses the access table does not classify: {unclassified}"
    return found


def test_every_address_is_in_the_access_table(record):
    _addresses, unclassified = walk(record)

    assert unclassified == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says_at_every_address(record, addresses, role):
    client = Client()
    if record.users[role] is not None:
        client.force_login(record.users[role])

    answers = {address.url: outcome(client.get(address.url)) for address in addresses}

    wrong = [
        f"{address.url}: {answers[address.url]!r}, expected {address.expected[role]!r} ({address.key})"
        for address in addresses
        if answers[address.url] != address.expected[role]
    ]
    assert not wrong, (
        f"{role}: {len(wrong)} of {len(addresses)} answers differ from the table:\n" + "\n".join(wrong)
    )
    print(f"\n{role}: {len(addresses)} addresses, {Counter(answers.values())}")


@pytest.mark.parametrize("role", ROLES)
def test_uploaded_files_are_never_served_from_the_media_address(record, role, settings):
    """Only the download views, which ask ``states.access``, hand out stored files."""
    client = Client()
    if record.users[role] is not None:
        client.force_login(record.users[role])
    stored = [record.document["a"].file.name, record.document["b"].file.name, record.letter_a.document.name]

    answers = {name: client.get(f"/{settings.MEDIA_URL.strip('/')}/{name}").status_code for name in stored}

    assert answers == dict.fromkeys(stored, NOT_FOUND)


# --- Writes on the site's own pages (the admin's are its permissions, walked above) ---------

# What each role gets when it changes state A's private records: the liaison of A and
# secretariat staff who may change submissions; read-only staff are refused (403), B's liaison
# is told there is nothing there (404). Staff answer for no state: they record what states send.
WRITES = {
    "upload a document to A's submission": _row(LOGIN, REDIRECT, NOT_FOUND, FORBIDDEN, REDIRECT),
    "remove a document from A's submission": _row(LOGIN, REDIRECT, NOT_FOUND, FORBIDDEN, REDIRECT),
    "save answers to A's submission": _row(LOGIN, REDIRECT, NOT_FOUND, FORBIDDEN, FORBIDDEN),
}


def _write_request(record: Record, write: str) -> tuple[str, dict]:
    submission, document = record.submission["a"], record.document["a"]
    if write.startswith("upload"):
        return reverse("questionnaires:document_upload", args=[submission.pk]), {"file": pdf("more.pdf")}
    if write.startswith("remove"):
        return reverse("questionnaires:document_remove", args=[document.pk]), {}
    answers = {answer_field_name(record.question): "no", "answer_kind": "first", "language": "en"}
    return reverse("questionnaires:submission", args=[submission.pk]), answers


def _state_a_records(record: Record) -> tuple:
    submission = record.submission["a"]
    return (
        sorted(submission.documents.values_list("pk", flat=True)),
        sorted(submission.answers.values_list("pk", "choice")),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", WRITES)
def test_only_those_who_may_change_state_a_records_can(record, write, role):
    client = Client()
    if record.users[role] is not None:
        client.force_login(record.users[role])
    before = _state_a_records(record)
    url, data = _write_request(record, write)

    answer = outcome(client.post(url, data))

    assert answer == WRITES[write][role]
    if answer != REDIRECT:
        assert _state_a_records(record) == before
    else:
        assert _state_a_records(record) != before


# --- Every address POSTed by each role ------------------------------------------------------

# A POST to an admin page: the admin's sign-in for those who are not staff; for read-only
# staff, a refusal wherever the page writes (the site checks it: tracker.admin_site); for the
# superuser, the page does what it is for (ALLOWED: 200 with the form, or 302 after saving).
ALLOWED = "allowed"
ADMIN_POST_WRITE = _row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, FORBIDDEN, ALLOWED)
ADMIN_POST_PAGES = {
    **dict.fromkeys(ADMIN_MODEL_PAGES, ADMIN_POST_WRITE),
    "redirect": ADMIN_REDIRECT,  # leads on to the change page, writes nothing
    "export": _row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK, OK),  # a file: "view" is enough
    # Downloaded, never posted to.
    "import_template_csv": _row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_ALLOWED, NOT_ALLOWED),
    "import_template_xlsx": _row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_ALLOWED, NOT_ALLOWED),
}
ADMIN_POST_SUPERUSER_ONLY = {
    **dict.fromkeys(ADMIN_MODEL_PAGES, ADMIN_POST_WRITE),
    "redirect": ADMIN_REDIRECT,
    "export": ADMIN_POST_WRITE,
}


def _admin_post_expected(app: str, model_name: str, page: str) -> dict:
    table = ADMIN_POST_SUPERUSER_ONLY if app in SUPERUSER_APPS else ADMIN_POST_PAGES
    expected = dict(table[page])
    label = f"{app}.{model_name}"
    nobody_writes = (
        WRITTEN_BY_THE_SYSTEM.get(label, set())
        | LIST_ONLY.get(label, set())
        | NEVER_CHANGED.get(label, set())
    )
    if page in nobody_writes:
        expected.update(superuser=FORBIDDEN)
    return expected


def _superuser_request(record: Record):
    request = RequestFactory().get("/")
    request.user = record.users["superuser"]
    return request


def admin_posts(record: Record, addresses: list[Address]) -> list[tuple[Address, dict]]:
    """Every POST the admin's model pages take, with what a browser would send: each action of
    each list on one row, each change and revert form as it stands, each deletion confirmed."""
    superuser = Client()
    superuser.force_login(record.users["superuser"])
    posts = []
    for address in addresses:
        page = ADMIN_MODEL_URL.match(address.key)
        model = page and _admin_model(page["app"], page["model"])
        if model is None:
            if address.key.startswith("admin/") and address.key.endswith("<path:object_id>/"):
                posts.append((Address(address.key, address.url, ADMIN_REDIRECT), {}))
            continue
        expected = _admin_post_expected(page["app"], page["model"], page["page"])
        if page["page"] == "changelist":
            model_admin = admin.site._registry[model]
            for action in model_admin.get_actions(_superuser_request(record)):
                data = {
                    "action": action,
                    "index": "0",
                    "_selected_action": [_object_id(model).pk],
                    "post": "yes",
                }
                posts.append((Address(f"{address.key} {action}", address.url, expected), data))
            continue
        data = {}
        if page["page"] in ("change", "simple_history"):
            form_page = superuser.get(address.url)
            if form_page.status_code == OK:
                data = change_form_data(form_page)
        elif page["page"] == "delete":
            data = {"post": "yes"}
        posts.append((Address(address.key, address.url, expected), data))
    return posts


# A POST to the site's own pages. Pages that only read refuse it (405, "only GET"); forms
# answer as on any bad or good input.
READING_PAGE = _row(*[NOT_ALLOWED] * 5)
EVERYONE_WRITES = set(ROLES)
ADMIN_ONLY_GET = _row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_ALLOWED, NOT_ALLOWED)
# key: (answer per role, the roles whose POST may change the database there)
SITE_POSTS = {
    # Forms of the public: what they write (a subscription and its mail request, the sign-in
    # log, an unsubscription by its link) is what they are for, whoever sends them.
    "notifications:subscribe": (PUBLIC, EVERYONE_WRITES),
    "notifications:confirm": (PUBLIC, EVERYONE_WRITES),
    "notifications:unsubscribe": (PUBLIC, EVERYONE_WRITES),
    "reminders:unsubscribe": (PUBLIC, EVERYONE_WRITES),
    "login": (PUBLIC, EVERYONE_WRITES),  # a failed sign-in, logged by django-axes
    "password_reset": (_row(*[REDIRECT] * 5), EVERYONE_WRITES),  # the mail request, queued
    "password_reset_confirm": (PUBLIC, set()),  # a link that is not valid says so
    "invitation_accept": (EXPECTED["invitation_accept"], set()),  # nor does this one set a password
    "password_change": (SIGNED_IN, set()),  # the old password is wrong
    "password_change_done": (_row(LOGIN, *[NOT_ALLOWED] * 4), set()),
    "set_language": (_row(*[REDIRECT] * 5), set()),
    "notifications:mine": (_row(LOGIN, OK, OK, NOT_FOUND, NOT_FOUND), set()),  # no subscription chosen
    # State A's submission: its liaison answers; staff who may change submissions add files.
    "questionnaires:submission": (WRITES["save answers to A's submission"], {"liaison_a"}),
    "questionnaires:document_upload": (
        WRITES["upload a document to A's submission"],
        {"liaison_a", "superuser"},
    ),
    "questionnaires:document_remove": (
        WRITES["remove a document from A's submission"],
        {"liaison_a", "superuser"},
    ),
    # The admin's own pages: signing in (logged), out, one's own password (wrong here).
    "admin:login": (PUBLIC, EVERYONE_WRITES),  # a failed sign-in, whoever is signed in already
    "admin:password_change": (ADMIN_VIEW, set()),
    "admin:password_change_done": (ADMIN_ONLY_GET, set()),
    "admin:index": (ADMIN_VIEW, set()),
    "admin:app_list": (ADMIN_VIEW, set()),
    "admin:jsi18n": (ADMIN_ONLY_GET, set()),
    "admin:autocomplete": (ADMIN_ONLY_GET, set()),
    "admin:view_on_site": (ADMIN_REDIRECT, set()),
    "admin/(?P<url>.*)$": (EXPECTED["admin/(?P<url>.*)$"], set()),
    "api/^(?:.*/)?$": (EXPECTED["api/^(?:.*/)?$"], set()),
    # Last: signing out ends the role's visit (logged by django-axes).
    "logout": (_row(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT), EVERYONE_WRITES),
    "admin:logout": (_row(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT), EVERYONE_WRITES),
}
# The read-only API answers any write with 405, as its pages only read.
API_POST = (READING_PAGE, set())


def _site_form_data(record: Record, key: str) -> dict:
    """What each site form is sent, as a visitor would fill it in; anything else is sent empty."""
    forms = {
        "notifications:subscribe": {"email": "someone@example.org", "language": "en"},
        "login": {"username": "nobody", "password": "wrong"},
        "admin:login": {"username": "nobody", "password": "wrong"},
        "password_reset": {"email": "someone@example.org"},
        "password_change": {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
        "admin:password_change": {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
        "set_language": {"language": "es", "next": "/"},
    }
    if key.startswith("questionnaires:") and key in SITE_POSTS:
        write = next(w for w, row in WRITES.items() if row is SITE_POSTS[key][0])
        return _write_request(record, write)[1]
    return forms.get(key, {})


def site_posts(record: Record, addresses: list[Address]) -> list[tuple[Address, dict, set]]:
    posts = []
    for address in addresses:
        if ADMIN_MODEL_URL.match(address.key) and address.key not in EXPECTED:
            continue
        if address.key.startswith("admin/") and address.key.endswith("<path:object_id>/"):
            continue
        default = API_POST if address.key.startswith("api:") else (READING_PAGE, set())
        expected, writers = SITE_POSTS.get(address.key, default)
        posts.append(
            (Address(address.key, address.url, expected), _site_form_data(record, address.key), writers)
        )
    # Signing out last: it ends the visit.
    return sorted(posts, key=lambda post: post[0].key in ("logout", "admin:logout"))


def record_checksum() -> str:
    """A digest of every row of every table but the sessions (a signed-in visit may touch
    its own session whatever it asks)."""
    digest = hashlib.sha256()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table == "django_session" or not model._meta.managed:
            continue
        digest.update(model._meta.db_table.encode())
        digest.update(repr(list(model._base_manager.order_by("pk").values_list())).encode())
    return digest.hexdigest()


def _tables_written(queries) -> set[str]:
    written = set()
    for query in queries:
        sql = query["sql"].lstrip()
        if sql.split(None, 1)[0].upper() not in ("INSERT", "UPDATE", "DELETE"):
            continue
        table = re.search(r'(?:INTO|UPDATE|FROM)\s+"?(\w+)"?', sql, re.I)[1]
        if table != "django_session":
            written.add(table)
    return written


def _post(client, address: Address, data: dict, may_write: bool):
    """The answer and the tables written. A POST that may write is rolled back after, so the
    record stays as it was; one that may not is left as it is, for the checksum to judge."""
    with CaptureQueriesContext(connection) as queries:
        if may_write:
            with transaction.atomic():
                answer = outcome(client.post(address.url, data))
                transaction.set_rollback(True)
        else:
            answer = outcome(client.post(address.url, data))
    return answer, _tables_written(queries.captured_queries)


def _matches(answer, expected) -> bool:
    if expected == ALLOWED:
        return answer in (OK, REDIRECT)
    return answer == expected


@pytest.mark.parametrize("role", ROLES)
def test_each_role_posting_to_every_address_gets_what_the_table_says_and_writes_only_where_it_may(
    record, addresses, role
):
    client = Client()
    if record.users[role] is not None:
        client.force_login(record.users[role])
    posts = [(address, data, {"superuser"}) for address, data in admin_posts(record, addresses)]
    posts += site_posts(record, addresses)
    before = record_checksum()

    wrong, written = [], []
    answers = Counter()
    for address, data, writers in posts:
        answer, tables = _post(client, address, data, may_write=role in writers)
        answers[answer] += 1
        if not _matches(answer, address.expected[role]):
            wrong.append(f"{address.url}: {answer!r}, expected {address.expected[role]!r} ({address.key})")
        if tables and role not in writers:
            written.append(f"{address.url} ({address.key}): wrote {sorted(tables)}")

    assert not wrong, f"{role}: {len(wrong)} of {len(posts)} POSTs answered otherwise:\n" + "\n".join(wrong)
    assert not written, f"{role} changed the record where it may not:\n" + "\n".join(written)
    assert record_checksum() == before
    print(f"\n{role}: {len(posts)} POSTs, {dict(answers)}; record checksum unchanged")


def test_every_admin_action_declares_the_permission_it_needs(record):
    """An action without one would run for anyone who may see the list (read-only staff)."""
    request = _superuser_request(record)
    undeclared = [
        f"{model._meta.label}: {name}"
        for model, model_admin in admin.site._registry.items()
        for name, (action, _name, _description) in model_admin.get_actions(request).items()
        if not getattr(action, "allowed_permissions", None)
    ]

    assert undeclared == []
