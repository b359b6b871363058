from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from states.services import demo_secretariat_user_create


class Command(BaseCommand):
    help = (
        "Create or reset a secretariat staff account (not a superuser) with a new random "
        "password, and print how to sign in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="secretariat")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the site runs, for the sign-in address printed (default: %(default)s).",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off. A demo account has no place on a production site.",
        )

    def handle(self, *args, username, base_url, allow_production, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off, so this looks like production: no demo account was made. "
                "Pass --allow-production if you really mean it."
            )
        password = demo_secretariat_user_create(username=username)
        self.stdout.write(
            "\n".join(
                [
                    "Demo secretariat account ready (staff, not superuser). Sign in at:",
                    f"  URL:      {base_url.rstrip('/')}{reverse('admin:index')}",
                    f"  username: {username}",
                    f"  password: {password}",
                    "The password is new each time this command runs.",
                ]
            )
        )
