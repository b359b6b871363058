from django.core.management.base import BaseCommand, CommandError

from conventions.services import reference_data_load
from tracker.importing import ImportRefused


class Command(BaseCommand):
    help = "Load the reference record (states, conventions, signatures, deposits) from fixtures/."

    def handle(self, *args, **options):
        try:
            totals = reference_data_load()
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        for name, counts in totals.items():
            summary = ", ".join(f"{count} {kind}" for kind, count in counts.items()) or "nothing"
            self.stdout.write(f"{name}: {summary}")
