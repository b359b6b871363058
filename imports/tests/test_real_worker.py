"""A long file imported by a real ``celery -A tracker worker`` on the real Redis (its own database
number) and the test's PostgreSQL database, as the site runs it with CELERY_BROKER_URL.

Skipped, with the reason, on SQLite or without Redis; with CI=true on PostgreSQL it must run.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from imports.models import ImportJob, ImportJobStatus
from imports.tasks import import_job_run_task
from outbox.tests.smtp import wait_until
from states.models import State
from tracker.tests.admin_pages import admin_url, secretariat_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("real_parts")]

STATES = (
    "iso3,iso2,name_en,name_es,name_fr,name_pt,subregion\n"
    "ARG,AR,Argentina,Argentina,Argentine,Argentina,south_america\n"
    "BRA,BR,Brazil,Brasil,Brésil,Brasil,south_america\n"
    "CHL,CL,Chile,Chile,Chili,Chile,south_america\n"
)


def test_a_worker_imports_a_long_file_once_while_its_page_follows_it(start_worker, broker, settings):
    settings.IMPORT_IN_REQUEST_MAX_ROWS = 2
    clerk = Client()
    clerk.force_login(secretariat_user(username="clerk"))
    start_worker()

    # The request commits the job; the task is queued on the real Redis once it has.
    response = clerk.post(
        admin_url(State, "import"),
        {"format": "0", "import_file": SimpleUploadedFile("states.csv", STATES.encode())},
    )

    job = ImportJob.objects.get()
    assert response.url == admin_url(ImportJob, "change", job.pk)
    wait_until(lambda: ImportJob.objects.get(pk=job.pk).is_finished, what="the worker to finish the import")
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE and job.outcome["totals"]["new"] == 3
    assert sorted(State.objects.values_list("iso3", flat=True)) == ["ARG", "BRA", "CHL"]
    assert '<progress max="3" value="3">' in clerk.get(response.url).content.decode()

    # The task delivered again imports nothing more.
    import_job_run_task.delay(job.pk)
    wait_until(broker.drained, what="the repeated task to be handled")
    assert State.objects.count() == 3
