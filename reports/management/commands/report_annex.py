import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import translation

from reports.documents import annex_json, annex_markdown, report_docx, report_pdf
from reports.selectors import ANNEX_NUMBERS, annex_build, body_by_acronym

BINARY_FORMATS = {"docx": report_docx, "pdf": report_pdf}


class Command(BaseCommand):
    help = "Print or write an annex of a body's report for a year, e.g. `report_annex CICTE 2020 --annex 1`."

    def add_arguments(self, parser):
        parser.add_argument("body", help="Body acronym, e.g. CICTE")
        parser.add_argument("year", type=int)
        parser.add_argument("--annex", type=int, choices=ANNEX_NUMBERS, required=True)
        parser.add_argument("--format", choices=["json", "md", "docx", "pdf"], default="json")
        parser.add_argument("--lang", choices=["en", "es", "fr", "pt"], default="en")
        parser.add_argument(
            "--output",
            "-o",
            help="File to write; DOCX and PDF default to BODY-YEAR-annex-N-LANG.FORMAT, '-' for stdout.",
        )

    def handle(self, *args, body, year, annex, format, lang, output, **options):
        try:
            found = body_by_acronym(body)
        except Http404:
            raise CommandError(f"No body with acronym {body!r}.") from None
        with translation.override(lang):
            built = annex_build(found, year, annex)
            if format == "json":
                text = json.dumps(annex_json(built), ensure_ascii=False, indent=2) + "\n"
            elif format == "md":
                text = annex_markdown(built)
            else:
                content = BINARY_FORMATS[format]([built])
        if format in ("json", "md"):
            if output and output != "-":
                Path(output).write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
            return
        if output == "-":
            sys.stdout.buffer.write(content)
            return
        path = Path(output or f"{found.acronym}-{year}-annex-{annex}-{lang}.{format}")
        path.write_bytes(content)
        self.stdout.write(f"Wrote {path} ({len(content):,} bytes).")
