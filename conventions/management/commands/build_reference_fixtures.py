from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from conventions.reference import reference_fixtures_build


class Command(BaseCommand):
    help = "Rebuild fixtures/*.csv from the compiled reference CSVs (run by hand, then commit)."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=settings.BASE_DIR.parent / "shared" / "reference")
        parser.add_argument("--output", type=Path, default=settings.BASE_DIR / "fixtures")

    def handle(self, *args, source, output, **options):
        for path in reference_fixtures_build(source, output):
            self.stdout.write(f"wrote {path}")
