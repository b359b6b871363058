from django.core.management.base import BaseCommand, CommandError

from notifications.selectors import recorded_actions
from notifications.services import notifications_backfill


class Command(BaseCommand):
    help = (
        "Publish the depositary notifications of the record as loaded (one per recorded action, in "
        "date order), without mailing anyone. Running it again creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backfill", action="store_true", help="Create the notifications the record lacks."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be created; write nothing."
        )

    def handle(self, *args, backfill, dry_run, verbosity, **options):
        if not backfill:
            raise CommandError("Say what to build: --backfill.")
        report = notifications_backfill(recorded_actions(), dry_run=dry_run)
        # A first run (bin/dev run) publishes over a hundred: the list is for a dry run or -v 2.
        if dry_run or verbosity >= 2:
            for notification in report.created:
                self.stdout.write(
                    f"{notification.reference}\t{notification.action_date}\t{notification.title_en}"
                )
        verb = "would be created" if dry_run else "created"
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.created)} notification(s) {verb}; "
                f"{report.already_notified} action(s) already notified."
            )
        )
