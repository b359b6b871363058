from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.urls import reverse

from questionnaires.models import Questionnaire
from questionnaires.services import demo_cycle_open
from states.models import State
from states.services import DEMO_LIAISON_STATE, demo_liaison_create
from tracker.demo_commands import DemoCommand


class Command(DemoCommand):
    help = (
        "Make the demo liaison (new random password each run) and an open demo questionnaire cycle "
        "for her state, both flagged demo and kept out of the record's figures. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="liaison")
        parser.add_argument("--state", default=DEMO_LIAISON_STATE, help="ISO3 code (default: %(default)s).")
        super().add_arguments(parser)

    def handle(self, *args, username, state, base_url, **options):
        # The latest version of the first questionnaire in the record (A-63's, from fixtures/).
        questionnaire = Questionnaire.objects.order_by("convention__code", "-version").first()
        if questionnaire is None:
            raise CommandError("No questionnaire in the record: run load_reference first.")
        try:
            contact, password = demo_liaison_create(username=username, iso3=state.upper())
            submission = demo_cycle_open(contact.state, questionnaire)
        except ValidationError as refused:
            raise CommandError("; ".join(refused.messages)) from None
        except State.DoesNotExist:
            raise CommandError(f"No state {state.upper()} in the record: run load_reference first.") from None
        self.stdout.write(
            "\n".join(
                [
                    f"Demo liaison of {contact.state.name_en} ready, with the open demo cycle "
                    f"{submission.cycle} to answer. Sign in at:",
                    *self.sign_in_lines(base_url, reverse("login"), username, password),
                    'Demo data is marked "Demo" on every page and never counted in the record.',
                ]
            )
        )
