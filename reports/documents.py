"""A report's annexes and program summaries as files: JSON, Markdown, DOCX and PDF.

Each writer takes what ``reports.selectors`` built, already worded in the active language, and
only lays it out; none reads the database.
"""

import io
from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.shared import Pt
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

from reports.selectors import Annex, ProgramSummary


def annex_heading(annex: Annex) -> str:
    return _("Annex %(number)s: %(title)s") % {"number": annex.number, "title": annex.title}


def document_title(annexes: list[Annex]) -> str:
    first = annexes[0]
    return _("%(body)s %(year)s: report annexes") % {"body": first.body.acronym, "year": first.year}


def entry_sentence(entry) -> str:
    """The entry as the annex prints it: title, details, dates, marker."""
    parts = [entry.title.rstrip(".") + ".", *entry.details, entry.when + "."]
    text = " ".join(part for part in parts if part)
    return f"{text} {entry.marker}".strip()


def summary_lines(summary: ProgramSummary) -> list[str]:
    lines = [summary.note.reason] if summary.note else []
    if not summary.activity_count:
        return lines
    activities = ", ".join(f"{label}: {count}" for label, count in summary.activities)
    lines.append(
        _("Activities: %(count)s (%(kinds)s).") % {"count": summary.activity_count, "kinds": activities}
    )
    if summary.items_counted:
        lines.append(
            ngettext(
                "Participants: at least %(count)s, in the one activity that gives a count.",
                "Participants: at least %(count)s, in the %(items)s activities that give a count.",
                summary.items_counted,
            )
            % {
                "count": number_format(summary.participants_at_least, force_grouping=True),
                "items": summary.items_counted,
            }
        )
    lines += [
        _("%(role)s (%(count)s): %(states)s.")
        % {"role": role, "count": len(names), "states": ", ".join(names)}
        for role, names in summary.states_by_role
    ]
    return lines


def annex_json(annex: Annex) -> list[dict]:
    """The annex's entries in order, each with at least ``title`` and ``date``."""
    entries = []
    for group in annex.groups:
        for entry in group.entries:
            record = {"title": entry.title, "date": entry.date}
            if group.heading:
                record["category"] = group.heading
            if entry.date_span:
                record["earliest"] = entry.date_span.earliest.isoformat()
                record["latest"] = entry.date_span.latest.isoformat()
                record["precision"] = str(entry.date_span.precision)
            if entry.details:
                record["details"] = list(entry.details)
            if entry.marker:
                record["marker"] = entry.marker
            if entry.languages:
                record["languages"] = list(entry.languages)
            if entry.link:
                record["link"] = entry.link
            if entry.financial is not None:
                record["financial"] = entry.financial
            entries.append(record)
    return entries


def annex_markdown(annex: Annex) -> str:
    lines = [f"## {annex_heading(annex)}", "", f"({annex.order_note})", ""]
    if annex.intro:
        lines += [annex.intro, ""]
    legend = [f"{_markdown_escaped(marker)} {text}  " for marker, text in annex.legend]
    if annex.legend_first:
        lines += [*legend, ""]
    for group in annex.groups:
        if group.heading:
            lines += [f"### {group.heading}", ""]
        for entry in group.entries:
            text = entry_sentence(entry) if annex.number != 4 else f"{entry.title} {entry.marker}".strip()
            lines.append(f"- {_markdown_escaped(text)}")
            if entry.link:
                lines.append(f"  {_('Link')}: <{entry.link}>")
        lines.append("")
    if not annex.legend_first:
        lines += legend
    return "\n".join(lines).rstrip() + "\n"


def _markdown_escaped(text: str) -> str:
    return text.replace("*", r"\*")


def report_docx(
    annexes: list[Annex], summaries: list[ProgramSummary] | None = None, title: str = ""
) -> bytes:
    """The annexes, after the summaries if given; ``title`` where there are no annexes to name it."""
    title = title or document_title(annexes)
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = title
    document.add_heading(title, level=0)
    if summaries:
        document.add_heading(_("Summary by program area"), level=1)
        for summary in summaries:
            document.add_heading(summary.name, level=2)
            for line in summary_lines(summary):
                document.add_paragraph(line)
    for annex in annexes:
        document.add_heading(annex_heading(annex), level=1)
        document.add_paragraph().add_run(f"({annex.order_note})").italic = True
        if annex.intro:
            document.add_paragraph(annex.intro)
        if annex.legend_first:
            _docx_legend(document, annex)
        for group in annex.groups:
            if group.heading:
                document.add_heading(group.heading, level=2)
            for entry in group.entries:
                paragraph = document.add_paragraph(style="List Bullet")
                if annex.number == 4:
                    paragraph.add_run(entry.title)
                else:
                    paragraph.add_run(entry.title.rstrip(".") + ".").bold = True
                    rest = " ".join([*entry.details, entry.when + "."])
                    paragraph.add_run(" " + rest)
                if entry.marker:
                    paragraph.add_run(" " + entry.marker)
                if entry.link:
                    document.add_paragraph(f"{_('Link')}: {entry.link}")
        if not annex.legend_first:
            _docx_legend(document, annex)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_legend(document, annex: Annex):
    for marker, text in annex.legend:
        document.add_paragraph(f"{marker} {text}").runs[0].font.size = Pt(9)


def report_pdf(annexes: list[Annex], summaries: list[ProgramSummary] | None = None, title: str = "") -> bytes:
    """As ``report_docx``, in PDF."""
    styles = getSampleStyleSheet()
    body = ParagraphStyle("entry", parent=styles["BodyText"], fontSize=10, leading=13)
    note = ParagraphStyle("note", parent=body, fontSize=8.5, leading=11)
    title = title or document_title(annexes)
    story = [Paragraph(escape(title), styles["Title"])]

    def bullets(paragraphs):
        return ListFlowable(
            [ListItem(p, leftIndent=12) for p in paragraphs], bulletType="bullet", start="•", leftIndent=12
        )

    if summaries:
        story.append(Paragraph(escape(_("Summary by program area")), styles["Heading1"]))
        for summary in summaries:
            story.append(Paragraph(escape(summary.name), styles["Heading3"]))
            story += [Paragraph(escape(line), body) for line in summary_lines(summary)]
    for annex in annexes:
        story.append(Paragraph(escape(annex_heading(annex)), styles["Heading1"]))
        story.append(Paragraph(f"<i>({escape(annex.order_note)})</i>", body))
        if annex.intro:
            story.append(Paragraph(escape(annex.intro), body))
        legend = [Paragraph(escape(f"{marker} {text}"), note) for marker, text in annex.legend]
        if annex.legend_first:
            story += legend
        for group in annex.groups:
            if group.heading:
                story.append(Paragraph(escape(group.heading), styles["Heading3"]))
            paragraphs = []
            for entry in group.entries:
                if annex.number == 4:
                    text = escape(f"{entry.title} {entry.marker}".strip())
                else:
                    rest = " ".join([*entry.details, entry.when + "."])
                    text = f"<b>{escape(entry.title.rstrip('.'))}.</b> {escape(rest)} {escape(entry.marker)}"
                if entry.link:
                    link = escape(entry.link)
                    text += f"<br/>{escape(_('Link'))}: <link href='{link}'>{link}</link>"
                paragraphs.append(Paragraph(text, body))
            story.append(bullets(paragraphs))
        if not annex.legend_first:
            story += [Spacer(1, 0.3 * cm), *legend]

    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=LETTER, title=title, leftMargin=2.2 * cm, rightMargin=2.2 * cm, topMargin=2 * cm
    ).build(story)
    return buffer.getvalue()
