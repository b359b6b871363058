import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

app = Celery("tracker")
# Every CELERY_* Django setting configures the app (broker, eager mode when no broker is set).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic schedules are declared here, in one place, each with when it runs. Times are in
# CELERY_TIMEZONE, which is the site's TIME_ZONE (America/New_York unless set).
app.conf.beat_schedule = {
    # Every day at 06:00 site time: claim and queue the reminder digests due (one per contact
    # and month or quarter; a digest already claimed this period is not sent again), and log
    # the states that owe something but have no contact to remind.
    "reminders-dispatch-daily": {
        "task": "reminders.dispatch",
        "schedule": crontab(hour=6, minute=0),
    },
    # Every 15 minutes: in the digests' and the deliveries' outboxes, mark unknown the mails
    # whose worker died while sending (never resent: a person decides), and queue again the
    # claims whose queuing was lost (the broker was down when they were committed).
    "outbox-sweep": {
        "task": "outbox.sweep",
        "schedule": crontab(minute="*/15"),
    },
    # Every day at 03:00 site time: forget the mail requests (confirmation links, password
    # resets asked for) of the days before yesterday; the per-address limit counts only today's.
    "mail-requests-prune": {
        "task": "outbox.mail_requests_prune",
        "schedule": crontab(hour=3, minute=0),
    },
    # Every hour: forget the admin's uploaded imports of more than a day ago, confirmed or not.
    "pending-imports-prune": {
        "task": "imports.pending_imports_prune",
        "schedule": crontab(minute=30),
    },
    # Every day at 04:00 site time: the open data's next version, if the record changed since
    # the latest (nothing happens otherwise), so /open-data/releases/latest/ follows the record.
    "data-release-daily": {
        "task": "opendata.data_release",
        "schedule": crontab(hour=4, minute=0),
    },
}
