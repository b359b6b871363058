from django.core.management.base import BaseCommand

from states.services import read_only_group_ensure, secretariat_group_ensure


class Command(BaseCommand):
    help = (
        'Create the staff groups "Secretariat" (every permission on the record) and '
        '"Secretariat (read only)" (view only), or bring their permissions up to date. '
        "Safe to run after every migrate."
    )

    def handle(self, *args, **options):
        for group in (secretariat_group_ensure(), read_only_group_ensure()):
            self.stdout.write(f"{group.name}: {group.permissions.count()} permissions")
