from django.core.management.base import BaseCommand

from opendata.services import data_release_make


class Command(BaseCommand):
    help = (
        "Release the public record as the next version of the data package, if it changed since "
        "the latest release; --dry-run says what would be released without writing anything."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; release nothing.")

    def handle(self, *args, dry_run, **options):
        outcome = data_release_make(dry_run=dry_run)
        if not outcome.record_changed:
            self.stdout.write(
                f"The record has not changed since version {outcome.version}: nothing released."
            )
            return
        verb = "Would release" if dry_run else "Released"
        self.stdout.write(f"{verb} version {outcome.version}.")
        for table, rows in outcome.changes.items():
            counts = ", ".join(f"{len(keys)} {kind}" for kind, keys in rows.items() if keys)
            self.stdout.write(f"  {table}: {counts}")
