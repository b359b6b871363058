from django.urls import reverse

from states.services import demo_secretariat_user_create
from tracker.demo_commands import DemoCommand


class Command(DemoCommand):
    help = (
        "Create or reset a secretariat staff account (not a superuser) with a new random "
        "password, and print how to sign in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="secretariat")
        super().add_arguments(parser)

    def handle(self, *args, username, base_url, **options):
        password = demo_secretariat_user_create(username=username)
        self.stdout.write(
            "\n".join(
                [
                    "Demo secretariat account ready (staff, not superuser). Sign in at:",
                    *self.sign_in_lines(base_url, reverse("admin:index"), username, password),
                    "The password is new each time this command runs.",
                ]
            )
        )
