"""What the commands that make demo accounts share: they stay off production, and they print
how to sign in at the site's address."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class DemoCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the site runs, for the sign-in address printed (default: %(default)s).",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off. Demo data has no place on a production site.",
        )

    def execute(self, *args, **options):
        if not settings.DEBUG and not options.get("allow_production"):
            raise CommandError(
                "DEBUG is off, so this looks like production: no demo data was made. "
                "Pass --allow-production if you really mean it."
            )
        return super().execute(*args, **options)

    def sign_in_lines(self, base_url: str, path: str, username: str, password: str) -> list[str]:
        return [
            f"  URL:      {base_url.rstrip('/')}{path}",
            f"  username: {username}",
            f"  password: {password}",
        ]
