import argparse
import datetime as dt
import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from reminders.models import Digest
from reminders.selectors import ReminderPlan, digests_already_claimed, reminder_digests_build
from reminders.services import reminders_dispatch


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date in the form YYYY-MM-DD") from None


def _digest_document(plan, already: set) -> dict:
    return {
        "state": plan.state.iso3,
        "contact": plan.contact.email,
        "contact_name": plan.contact.name,
        "language": plan.language,
        "period": plan.period,
        "already_claimed": (plan.contact.pk, plan.period) in already,
        "items": [item.as_dict() for item in plan.items],
    }


def _owing_document(owing) -> dict:
    return {"state": owing.state.iso3, "items": [item.as_dict() for item in owing.items]}


def _owed_by_convention(items) -> dict[str, dict[str, list[str]]]:
    """Convention -> kind -> the states owing it, whether or not anyone is reminded."""
    owed: dict[str, dict[str, list[str]]] = {}
    for item in items:
        states = owed.setdefault(item.convention.code, {}).setdefault(str(item.kind), [])
        if item.state.iso3 not in states:
            states.append(item.state.iso3)
    return {
        code: {kind: sorted(states) for kind, states in kinds.items()} for code, kinds in sorted(owed.items())
    }


class Command(BaseCommand):
    help = (
        "Send the reminder digests due on a day (default: today): one per contact and period. "
        "With --dry-run, only list them; nothing is sent or recorded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what is due; send and record nothing."
        )
        parser.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, dry_run, as_of, format, **options):
        as_of = as_of or timezone.localdate()
        # Details are for the secretariat, in English; each digest is in its contact's language.
        with translation.override("en"):
            if dry_run:
                plan = reminder_digests_build(as_of)
                document = self._plan_document(plan, digests_already_claimed(plan.digests))
            else:
                report = reminders_dispatch(as_of)
                document = self._report_document(report)
        if format == "json":
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            self._write_table(document)

    def _plan_document(self, plan: ReminderPlan, already: set) -> dict:
        return {
            "as_of": plan.as_of.isoformat(),
            "dry_run": True,
            "owed": _owed_by_convention(plan.items),
            "digests": [_digest_document(d, already) for d in plan.digests],
            "no_contact": plan.no_contact,
            "owed_without_contact": [_owing_document(owing) for owing in plan.without_contact],
        }

    def _report_document(self, report) -> dict:
        # In eager mode (no broker) the digests were sent on commit, before this reads them.
        digests = Digest.objects.filter(pk__in=[d.pk for d in report.claimed]).select_related(
            "contact", "state"
        )
        return {
            "as_of": report.as_of.isoformat(),
            "dry_run": False,
            "queued": not settings.CELERY_TASK_ALWAYS_EAGER,
            "owed": _owed_by_convention(report.items),
            "digests": [
                {
                    "state": digest.state.iso3,
                    "contact": digest.recipient,
                    "contact_name": digest.contact.name,
                    "language": digest.language,
                    "period": digest.period,
                    "status": digest.status,
                    "items": digest.items,
                }
                for digest in digests.order_by("state__name_en", "contact__name", "pk")
            ],
            "already_claimed": report.already_claimed,
            "no_contact": report.no_contact,
            "owed_without_contact": [_owing_document(owing) for owing in report.without_contact],
            "marked_unknown": report.marked_unknown,
            "queued_again": report.requeued,
        }

    def _write_table(self, document: dict) -> None:
        write = self.stdout.write
        if document["dry_run"]:
            write(f"Reminders due as of {document['as_of']} (dry run: nothing sent or recorded)")
        elif document["queued"]:
            write(f"Reminders as of {document['as_of']}: queued for the workers")
        else:
            write(f"Reminders as of {document['as_of']}: sent")
        for code, kinds in document["owed"].items():
            for kind, states in kinds.items():
                write(f"{code}  {kind}: {len(states)}  {' '.join(states)}")
        write(f"Digests: {len(document['digests'])}")
        for digest in document["digests"]:
            note = digest.get("status") or (
                "already claimed, not sent again" if digest["already_claimed"] else ""
            )
            write(
                f"  {digest['state']}  {digest['contact_name']} <{digest['contact']}>  {digest['language']}  "
                f"{digest['period']}" + (f"  [{note}]" if note else "")
            )
            for item in digest["items"]:
                write(f"    {item['convention']}  {item['detail']}")
        no_contact = document["no_contact"]
        write(f"States owing reminders with no contact to remind: {len(no_contact)}  {' '.join(no_contact)}")
        for owing in document["owed_without_contact"]:
            for item in owing["items"]:
                write(f"  {owing['state']}  {item['convention']}  {item['detail']}")
        if not document["dry_run"]:
            if document["already_claimed"]:
                write(f"Already claimed for this period, not sent again: {document['already_claimed']}")
            if document["marked_unknown"]:
                write(
                    self.style.WARNING(
                        f"Marked unknown (a worker stopped while sending; check them in the admin): "
                        f"{document['marked_unknown']}"
                    )
                )
