"""What `bin/dev run` leaves on a fresh database: the record's depositary notifications
published, and a demo liaison with an open questionnaire, flagged demo and kept out of the
record's figures."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from notifications.selectors import notifications_published, recorded_actions
from questionnaires.models import AnswerKind, ReportingCycle, Submission, SubmissionStatus
from questionnaires.selectors import obligation_matrix
from questionnaires.services import AddresseeChanges, cycle_addressees_sync
from reminders.selectors import reminder_items_build
from states.models import Contact

BIN_DEV = settings.BASE_DIR / "bin" / "dev"
# The set-up commands bin/dev run calls after `migrate`, with the arguments a test can pass.
FIRST_RUN = [
    ("load_reference",),
    ("build_notifications", "--backfill"),
    ("data_release",),
    ("ensure_staff_groups",),
    ("create_demo_user",),
    ("load_demo",),
]


def test_bin_dev_run_calls_the_first_run_commands_in_this_order():
    script = BIN_DEV.read_text(encoding="utf-8")
    run = script[script.index("cmd_run()") : script.index("cmd_test()")]
    called = [line.split()[1] for line in run.splitlines() if line.strip().startswith("manage ")]
    assert called == ["migrate"] + [command[0] for command in FIRST_RUN]


def first_run() -> str:
    out = StringIO()
    for command in FIRST_RUN:
        call_command(*command, stdout=out)
    return out.getvalue()


def printed_password(output: str) -> str:
    return re.findall(r"username: liaison\n  password: (\S+)", output)[-1]


@pytest.fixture
def after_first_run(db, settings):
    settings.DEBUG = True  # the demo commands refuse to run on what looks like production
    return first_run()


def test_notifications_of_every_recorded_action_are_published_and_a_second_run_adds_none(
    after_first_run, client
):
    published = Notification.objects.published()
    assert published.count() == len(recorded_actions()) > 100
    assert not Notification.objects.exclude(pk__in=published).exists()  # no draft left behind
    newest = notifications_published().first()
    assert newest.reference.encode() in client.get(reverse("notifications:list")).content
    feed = client.get(reverse("notifications:feed"))
    assert feed.status_code == 200 and feed.content.count(b"<entry>") > 0

    first_count, demo_submissions = Notification.objects.count(), Submission.objects.count()
    first_run()
    assert Notification.objects.count() == first_count
    assert Submission.objects.count() == demo_submissions
    assert Contact.objects.filter(is_demo=True).count() == 1
    assert ReportingCycle.objects.filter(is_demo=True).count() == 1


def test_the_demo_liaison_signs_in_with_the_printed_password_and_finds_her_open_questionnaire(
    after_first_run,
):
    browser = Client()
    wrong = browser.post(reverse("login"), {"username": "liaison", "password": "not-it"})
    assert wrong.status_code == 200 and "_auth_user_id" not in browser.session

    browser.post(reverse("login"), {"username": "liaison", "password": printed_password(after_first_run)})
    page = browser.get(reverse("questionnaires:index")).content.decode()

    submission = Submission.objects.get(cycle__is_demo=True)
    assert submission.state.iso3 == "MEX" and submission.status == SubmissionStatus.NOT_STARTED
    start = page.index('class="to-answer"')
    to_answer = page[start : page.index("</ul>", start)]
    assert submission.get_absolute_url() in to_answer
    assert 'class="demo-badge"' in to_answer
    detail = browser.get(submission.get_absolute_url())
    assert detail.status_code == 200 and b'class="demo-badge"' in detail.content


def test_the_demo_cycle_is_asked_of_the_demo_state_only_and_left_out_of_the_record(after_first_run, client):
    demo = ReportingCycle.objects.get(is_demo=True)
    assert cycle_addressees_sync(demo) == AddresseeChanges([], [])  # "Ask the states again"
    assert list(demo.submissions.values_list("state__iso3", flat=True)) == ["MEX"]
    assert demo not in ReportingCycle.objects.reference()

    # The demo state's real contacts were never asked: nobody is reminded of the demo cycle.
    items, _plans = reminder_items_build(demo.opens_on)
    assert [item for _policy, item in items if item.cycle == demo] == []

    # Even an answer the secretariat accepted in the demo cycle is no figure of the record.
    Submission.objects.filter(cycle=demo).update(
        status=SubmissionStatus.ACCEPTED,
        answer_kind=AnswerKind.FIRST,
        received_earliest=demo.opens_on,
        received_latest=demo.opens_on,
        reviewed_by=User.objects.get(username="secretariat"),
    )
    matrix = obligation_matrix(demo.convention)
    assert all(row.source is None or row.source.cycle != demo for row in matrix.rows)

    api = client.get(reverse("api:state-detail", kwargs={"iso3": "MEX"})).content.decode()
    assert "Demo" not in api and "liaison@" not in api


def test_the_first_run_publishes_the_open_data_s_first_version(after_first_run, client):
    response = client.get(reverse("opendata:latest_zip"))

    assert response.status_code == 302
    assert response["Location"] == reverse("opendata:release_zip", args=[1])
    assert "Released version 1." in after_first_run
