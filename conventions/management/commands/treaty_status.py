import csv
import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from conventions.models import Convention
from conventions.selectors import treaty_status_as_of
from conventions.status_export import treaty_status_csv_lines, treaty_status_document


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"“{text}” is not a date in the form YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Print the status of every state under a convention on a date (default: today)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="Convention code, e.g. A-66")
        parser.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")

    def handle(self, *args, code, as_of, format, **options):
        as_of = as_of or timezone.localdate()
        try:
            status = treaty_status_as_of(code, as_of, with_practice=True)
        except Convention.DoesNotExist:
            known = ", ".join(Convention.objects.values_list("code", flat=True)) or "none loaded"
            raise CommandError(f"No convention with code {code!r} (known: {known}).") from None
        if format == "json":
            self.stdout.write(json.dumps(treaty_status_document(status), ensure_ascii=False, indent=2))
        elif format == "csv":
            self._write_csv(status)
        else:
            self._write_table(status)

    def _write_csv(self, status):
        csv.writer(self.stdout, lineterminator="\n").writerows(treaty_status_csv_lines(status))

    def _write_table(self, status):
        document = treaty_status_document(status)
        eif = document["entry_into_force"]
        self.stdout.write(f"{status.convention.code} {status.convention.title_en}")
        self.stdout.write(
            f"Status as of {document['as_of']}: {document['signatories']} signatories, "
            f"{document['parties']} parties, in force for {document['in_force']}, "
            f"{document['denounced']} denounced, uncertain: {', '.join(document['uncertain']) or 'none'}"
        )
        self.stdout.write(
            f"Entry into force: recorded {eif['recorded']}, computed from deposits {eif['computed']}"
        )
        if eif["mismatch"]:
            self.stdout.write(
                self.style.WARNING("The recorded entry into force does not match the deposits.")
            )
        columns = [
            "state",
            "status",
            "signed_on",
            "instrument",
            "deposited_on",
            "in_force_on",
            "reservations",
        ]
        rows = [[self._cell(row[c]) for c in columns] for row in document["states"]]
        widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(columns)]
        self.stdout.write("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
        for row in rows:
            self.stdout.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())

    @staticmethod
    def _cell(value) -> str:
        if value is None:
            return "-"
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)
