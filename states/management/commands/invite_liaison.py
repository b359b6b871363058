from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from states.models import Contact
from states.services import liaison_deactivate, liaison_invite


class Command(BaseCommand):
    help = (
        "Invite a contact as her state's liaison: her account is made and a link to set her "
        "password is mailed to her, in her language. --close closes the account instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("contact", help="The contact's id, or her email address.")
        parser.add_argument("--state", help="The state's ISO3 code, if the address is a contact of several.")
        parser.add_argument("--close", action="store_true", help="Close her account instead of inviting her.")

    def handle(self, *args, contact, state, close, **options):
        found = Contact.objects.select_related("state")
        found = found.filter(pk=int(contact)) if contact.isdigit() else found.filter(email__iexact=contact)
        if state:
            found = found.filter(state__iso3=state.upper())
        contacts = list(found[:2])
        if not contacts:
            raise CommandError(f"No contact {contact!r}{f' of {state}' if state else ''}.")
        if len(contacts) > 1:
            raise CommandError(f"{contact!r} is a contact of several states: name one with --state.")
        (chosen,) = contacts
        if close:
            closed = liaison_deactivate(chosen)
            self.stdout.write(f"{chosen}: account closed." if closed else f"{chosen} had no open account.")
            return
        try:
            user = liaison_invite(chosen)
        except ValidationError as refusal:
            raise CommandError(" ".join(refusal.messages)) from refusal
        self.stdout.write(
            f"{chosen}: invited as liaison; username {user.get_username()}, "
            f"invitation mailed to {chosen.email} in {chosen.get_language_display()}."
        )
