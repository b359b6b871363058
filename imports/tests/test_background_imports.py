"""A file longer than IMPORT_IN_REQUEST_MAX_ROWS is imported by a worker, its page showing how far
it is; it writes every row or none, as any import, and a task delivered twice imports once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from imports.models import ImportJob, ImportJobStatus
from imports.services import import_job_run
from imports.tests.factories import ImportJobFactory
from states.models import State
from tracker.tests.admin_pages import admin_url, secretariat_user

pytestmark = pytest.mark.django_db

COLUMNS = "iso3,iso2,name_en,name_es,name_fr,name_pt,subregion\n"
ROWS = [
    "ARG,AR,Argentina,Argentina,Argentine,Argentina,south_america\n",
    "BRA,BR,Brazil,Brasil,Brésil,Brasil,south_america\n",
    "CHL,CL,Chile,Chile,Chili,Chile,south_america\n",
]
# The subregion is not one the record knows: the row is refused, and with it the file.
BAD_ROW = "PER,PE,Peru,Perú,Pérou,Peru,atlantis\n"


@pytest.fixture(autouse=True)
def short_requests(settings):
    settings.IMPORT_IN_REQUEST_MAX_ROWS = 2


@pytest.fixture
def clerk():
    client = Client()
    client.force_login(secretariat_user(username="clerk"))
    return client


def _upload(client, lines, django_capture_on_commit_callbacks):
    # The job starts once the upload is committed; without a broker the task runs at once.
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            admin_url(State, "import"),
            {
                "format": "0",
                "import_file": SimpleUploadedFile("states.csv", "".join([COLUMNS, *lines]).encode()),
            },
        )


def test_a_long_file_is_imported_in_the_background_and_its_page_shows_the_outcome(
    clerk, django_capture_on_commit_callbacks
):
    response = _upload(clerk, ROWS, django_capture_on_commit_callbacks)

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == admin_url(ImportJob, "change", job.pk)
    assert job.status == ImportJobStatus.DONE and job.rows == 3
    assert sorted(State.objects.values_list("iso3", flat=True)) == ["ARG", "BRA", "CHL"]
    page = clerk.get(response.url).content.decode()
    assert '<progress max="3" value="3">' in page
    assert "new: 3" in page
    assert 'http-equiv="refresh"' not in page  # finished: the page stops reloading


def test_a_long_file_with_a_bad_row_writes_nothing_and_says_which_row_and_column(
    clerk, django_capture_on_commit_callbacks
):
    _upload(clerk, [*ROWS, BAD_ROW], django_capture_on_commit_callbacks)

    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.REFUSED
    assert not State.objects.exists()
    [problem] = job.outcome["problems"]
    assert problem.startswith("row 5, column “subregion”: ")
    assert "row 5, column “subregion”" in clerk.get(admin_url(ImportJob, "change", job.pk)).content.decode()


def test_a_short_file_is_still_previewed_and_confirmed_in_the_request(
    clerk, django_capture_on_commit_callbacks
):
    response = _upload(clerk, ROWS[:2], django_capture_on_commit_callbacks)

    assert response.status_code == 200 and "confirm_form" in response.context
    assert not ImportJob.objects.exists()


def test_a_job_delivered_twice_imports_once(clerk, django_capture_on_commit_callbacks):
    _upload(clerk, ROWS, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()

    assert import_job_run(job.pk) is None
    assert State.objects.count() == 3


def test_a_waiting_job_reloads_its_page_and_only_its_uploader_follows_it(clerk):
    job = ImportJobFactory(owner=secretariat_user(username="other"))
    colleague = Client()
    colleague.force_login(job.owner)

    page = colleague.get(admin_url(ImportJob, "change", job.pk)).content.decode()

    assert 'http-equiv="refresh"' in page and '<progress max="3" value="0">' in page
    # Another's job is not there for her, as for an address that names none.
    assert clerk.get(admin_url(ImportJob, "change", job.pk)).url == reverse("admin:index")
    assert clerk.get(admin_url(ImportJob, "changelist")).context["cl"].result_count == 0
