"""A convention's status table as a printable PDF, laid out as the depositary's tables are.

The General Secretariat's tables of signatures and ratifications open with the facts of the
treaty (adopted at, date, entry into force, depositary), list every member state in
alphabetical order with its signature, instrument (RA, AD, ...) and deposit, mark with a
reference the states that made reservations or declarations, and give those texts after the
table. The dates and their notes come from ``conventions.presenters``, as on the web page.
"""

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from conventions.models import InstrumentKind
from conventions.presenters import DateCell, StatusTable, reading_order

INSTRUMENT_ABBREVIATIONS = {
    InstrumentKind.RATIFICATION: "RA",
    InstrumentKind.ACCESSION: "AD",
    InstrumentKind.ACCEPTANCE: "AC",
    InstrumentKind.APPROVAL: "AP",
    InstrumentKind.SUCCESSION: "SU",
}


def _styles():
    sheet = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=sheet["Title"], fontSize=13, leading=16, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=sheet["Normal"], alignment=TA_CENTER, fontSize=9),
        "fact": ParagraphStyle("fact", parent=sheet["Normal"], fontSize=8.5, leading=11),
        "cell": ParagraphStyle("cell", parent=sheet["Normal"], fontSize=8, leading=9.5),
        "head": ParagraphStyle(
            "head", parent=sheet["Normal"], fontName="Helvetica-Bold", fontSize=7.5, leading=9
        ),
        "heading": ParagraphStyle("heading", parent=sheet["Heading3"], fontSize=10, spaceBefore=8),
        "note": ParagraphStyle("note", parent=sheet["Normal"], fontSize=8, leading=10),
    }


def _esc(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _date(cell: DateCell | None) -> str:
    if cell is None:
        return ""
    # A range breaks after its slash rather than anywhere in a date.
    text = _esc(cell.text).replace("/", "/<br/>")
    return f"{text}<super>{cell.footnote.number}</super>" if cell.footnote else text


def convention_status_pdf(table: StatusTable, *, compress: bool = True) -> bytes:
    treaty = table.treaty
    convention = treaty.convention
    styles = _styles()
    story = [
        Paragraph(f"{_esc(convention.code)} — {_esc(convention.title).upper()}", styles["title"]),
        Paragraph(
            _("SIGNATURES AND STATUS AS OF %(day)s") % {"day": treaty.as_of.isoformat()}, styles["subtitle"]
        ),
        Spacer(1, 4 * mm),
    ]

    eif = _date(table.entry_into_force) or _("not yet in force")
    facts = [
        (_("ADOPTED AT"), f"{_esc(convention.adopted_at)}"),
        (_("DATE"), convention.adopted_on.isoformat()),
        (_("CONF/ASSEM/MEETING"), _esc(convention.adopting_instrument)),
        (_("ENTRY INTO FORCE"), eif),
        (_("DEPOSITARY"), _esc(convention.depositary)),
        (
            _("SIGNATORIES / PARTIES"),
            f"{treaty.signatories} / {treaty.parties}",
        ),
    ]
    fact_table = Table(
        [
            [Paragraph(f"<b>{label}:</b>", styles["fact"]), Paragraph(value, styles["fact"])]
            for label, value in facts
        ],
        colWidths=[45 * mm, 125 * mm],
        hAlign="LEFT",
    )
    fact_table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    )
    story += [fact_table, Spacer(1, 4 * mm)]

    # Every member state, in alphabetical order; those that took no action have empty cells.
    acted = {row.state.pk: row for row in table.rows}
    states = sorted([row.state for row in table.rows] + table.not_signed, key=lambda s: reading_order(s.name))
    reservation_refs: dict[int, str] = {}
    reservation_notes = []
    for row in sorted(table.rows, key=lambda r: reading_order(r.state.name)):
        if row.status.reservations:
            letter = _ref_letter(len(reservation_refs))
            reservation_refs[row.state.pk] = letter
            reservation_notes.append((letter, row))

    header = [
        _("SIGNATORY COUNTRIES"),
        _("REF"),
        _("SIGNATURE"),
        _("RA/AD"),
        _("DEPOSIT"),
        _("IN FORCE FROM"),
        _("STATUS"),
    ]
    data = [[Paragraph(text, styles["head"]) for text in header]]
    for state in states:
        row = acted.get(state.pk)
        if row is None:
            data.append([Paragraph(_esc(state.name), styles["cell"]), "", "", "", "", "", ""])
            continue
        kind = row.status.instrument_kind
        data.append(
            [
                Paragraph(_esc(state.name), styles["cell"]),
                Paragraph(reservation_refs.get(state.pk, ""), styles["cell"]),
                Paragraph(_date(row.signature), styles["cell"]),
                Paragraph(INSTRUMENT_ABBREVIATIONS.get(kind, "") if row.deposit else "", styles["cell"]),
                Paragraph(_date(row.deposit), styles["cell"]),
                Paragraph(_date(row.in_force_on), styles["cell"]),
                Paragraph(_esc(row.status.status.label), styles["cell"]),
            ]
        )
    status_table = Table(
        data,
        colWidths=[52 * mm, 10 * mm, 26 * mm, 14 * mm, 26 * mm, 26 * mm, 22 * mm],
        repeatRows=1,
    )
    status_table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    story.append(status_table)
    story.append(Spacer(1, 2 * mm))
    story.append(
        Paragraph(
            _(
                "REF = reference to a reservation or declaration below. RA = ratification, "
                "AD = accession, AC = acceptance, AP = approval, SU = succession. "
                "Dates are written year-month-day."
            ),
            styles["note"],
        )
    )

    if table.footnotes:
        notes = [Paragraph(_("Dates known only approximately"), styles["heading"])]
        notes += [Paragraph(f"{note.number}. {_esc(note.text)}", styles["note"]) for note in table.footnotes]
        story.append(KeepTogether(notes))

    if reservation_notes:
        story.append(Paragraph(_("Reservations and declarations"), styles["heading"]))
        for letter, row in reservation_notes:
            for entry in row.status.reservation_entries:
                reservation = entry.reservation
                heading = f"{letter}. {_esc(row.state.name)}: {_esc(reservation.get_kind_display())}"
                if reservation.article:
                    heading += f", {_esc(reservation.article)}"
                story.append(Paragraph(f"<b>{heading}</b> — {_esc(reservation.text)}", styles["note"]))
                story += [Paragraph(_esc(line), styles["note"]) for line in _objection_lines(entry)]

    notices = [(row, noted) for row in table.rows for noted in row.status.notices or ()]
    if notices:
        story.append(Paragraph(_("Territorial and provisional application, succession"), styles["heading"]))
        for row, noted in notices:
            story.append(
                Paragraph(f"<b>{_esc(row.state.name)}</b>: {_esc(_notice_line(noted))}", styles["note"])
            )

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=12 * mm,
        bottomMargin=16 * mm,
        title=f"{convention.code} {convention.short_name}",
        author=convention.depositary,
        pageCompression=1 if compress else 0,
    )
    printed_on = date_format(treaty.as_of, "Y-m-d")

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(14 * mm, 9 * mm, f"{convention.code} · {_('Status as of')} {printed_on}")
        canvas.drawRightString(A4[0] - 14 * mm, 9 * mm, _("Page %(number)d") % {"number": doc.page})
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _objection_lines(entry) -> list[str]:
    """Under a reservation: when it counts as accepted, and each objection to it."""
    lines = []
    if entry.acceptance_date:
        lines.append(
            _("Accepted by a bound state that has not objected by %(day)s (Vienna Convention, art. 20(5)).")
            % {"day": entry.acceptance_date.isoformat()}
        )
    for objected in entry.objections:
        line = _("Objection by %(state)s, %(day)s") % {
            "state": objected.objection.objecting_state.name,
            "day": objected.objection.made_on.isoformat(),
        }
        if objected.acceptance_date:
            line += "; " + _("twelve months ended %(day)s") % {"day": objected.acceptance_date.isoformat()}
        if objected.withdrawn_on:
            line += "; " + _("withdrawn %(day)s") % {"day": objected.withdrawn_on.isoformat()}
        lines.append(line)
    return lines


def _notice_line(noted) -> str:
    notice = noted.notice
    if notice.kind == "territorial":
        line = _("territorial application to %(territory)s, declared %(day)s") % {
            "territory": notice.territory,
            "day": notice.made_on.isoformat(),
        }
        ended = _("withdrawn %(day)s")
    elif notice.kind == "provisional":
        line = _("applied provisionally from %(day)s") % {"day": notice.effective_on.isoformat()}
        ended = _("until %(day)s")
    else:
        return _("succession to %(predecessor)s, notified %(day)s") % {
            "predecessor": notice.predecessor,
            "day": notice.made_on.isoformat(),
        }
    return f"{line}, {ended % {'day': noted.ended_on.isoformat()}}" if noted.ended_on else line


def _ref_letter(index: int) -> str:
    """a, b, ..., z, aa, ab, ...: the depositary marks references with letters."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(97 + remainder) + letters
    return letters
