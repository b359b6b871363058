import csv
import json

from django.core.management.base import BaseCommand, CommandError

from questionnaires.exports import COMPLIANCE_COLUMNS, compliance_document, compliance_rows
from questionnaires.models import ReportingCycle
from questionnaires.selectors import cycle_by_label, cycle_compliance


class Command(BaseCommand):
    help = "Who a reporting cycle asked, who answered (on time, late) and who has not."

    def add_arguments(self, parser):
        parser.add_argument("code", help="Convention code, e.g. A-63")
        parser.add_argument("--cycle", required=True, metavar="LABEL", help="Cycle label, e.g. 2019-2020")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")

    def handle(self, *args, code, cycle, format, **options):
        try:
            found = cycle_by_label(code, cycle)
        except ReportingCycle.DoesNotExist:
            known = ", ".join(
                ReportingCycle.objects.filter(convention__code=code).values_list("label", flat=True)
            )
            raise CommandError(
                f"No cycle {cycle!r} of convention {code!r} (known: {known or 'none'})."
            ) from None
        compliance = cycle_compliance(found)
        if format == "json":
            self.stdout.write(json.dumps(compliance_document(compliance), ensure_ascii=False, indent=2))
        elif format == "csv":
            writer = csv.DictWriter(self.stdout, fieldnames=COMPLIANCE_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(compliance_rows(compliance))
        else:
            self._write_table(compliance)

    def _write_table(self, compliance):
        document = compliance_document(compliance)
        self.stdout.write(
            f"{document['convention']} cycle {document['cycle']}: opened {document['opens_on']}, "
            f"due {document['due_on'] or 'not recorded'}, asked {document['asked']} ({document['audience']})"
        )
        for key in ("received", "on_time", "late", "timeliness_unknown", "missing"):
            states = document[key]
            self.stdout.write(f"{key.replace('_', ' ')}: {len(states)}  {' '.join(states)}".rstrip())
        columns = ["state", "status", "received", "answer_kind", "timeliness", "last_answered_cycle"]
        rows = [[row[c] or "-" for c in columns] for row in compliance_rows(compliance)]
        widths = [max(len(c), *(len(r[i]) for r in rows)) if rows else len(c) for i, c in enumerate(columns)]
        self.stdout.write("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
        for row in rows:
            self.stdout.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
