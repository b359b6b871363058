from django.core.management.base import BaseCommand, CommandError

from devdata.scale import RealDataPresent, ScaleSpec, scale_data_generate


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic record of depositary size (deterministic with --seed). "
        "Bulk writes: no history rows. Refuses a database that already has states or conventions "
        "unless --force."
    )

    def add_arguments(self, parser):
        defaults = ScaleSpec()
        parser.add_argument("--states", type=int, default=defaults.states)
        parser.add_argument("--conventions", type=int, default=defaults.conventions)
        parser.add_argument(
            "--cycles", type=int, default=defaults.cycles, help="Reporting cycles per convention."
        )
        parser.add_argument(
            "--cycle-conventions", type=int, default=defaults.cycle_conventions,
            help="How many conventions have reporting cycles.",
        )  # fmt: skip
        parser.add_argument("--items", type=int, default=defaults.items, help="Report items.")
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--force", action="store_true", help="Add to a database that has data.")

    def handle(self, *args, **options):
        spec = ScaleSpec(
            states=options["states"],
            conventions=options["conventions"],
            cycles=options["cycles"],
            cycle_conventions=options["cycle_conventions"],
            items=options["items"],
            seed=options["seed"],
        )
        try:
            counts = scale_data_generate(spec, force=options["force"])
        except RealDataPresent as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Generated: {counts}")
