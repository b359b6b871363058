"""Reading reports out of the items, meetings and contributions the secretariat entered.

Every builder here asks the database a fixed number of questions, whatever the number of items
(the tests pin each count), and words its answer in the active language. Titles stay as entered,
in the language of the report they come from.
"""

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conventions.approx_dates import ApproxDate
from conventions.changes import RecordChanges, record_changes_between
from conventions.models import Body, Convention
from conventions.presenters import reading_order
from reports.figures import FigureComparison, figures_of_meeting
from reports.models import (
    MANDATE_CITING,
    Contribution,
    ItemOrganization,
    ItemState,
    Mandate,
    MandateCitation,
    Meeting,
    MeetingAttendance,
    MeetingDocument,
    MeetingOfficer,
    MeetingOutcome,
    OrganizationCategory,
    OrganizationRole,
    ProgramArea,
    ProgramYearNote,
    Report,
    ReportItem,
    SecretariatParticipation,
    StateRole,
)
from reports.wording import capfirst_words, date_words, joined, language_names
from states.models import State

ANNEX_NUMBERS = (1, 2, 3, 4)
# The kind of item each chronological annex lists.
ANNEX_KINDS = {
    1: ReportItem.Kind.HIGH_LEVEL_MEETING,
    2: ReportItem.Kind.WEBINAR,
    3: ReportItem.Kind.PUBLICATION,
}
ANNEX_TITLES = {
    1: gettext_lazy("Consolidated list of high-level international meetings"),
    2: gettext_lazy("Consolidated list of webinars or virtual forums conducted"),
    3: gettext_lazy("Consolidated list of publications"),
    4: gettext_lazy("Consolidated list of donors and major institutional partners"),
}
# The asterisks of Annex 1, in the order of the levels (one for the Executive Secretary, ...).
PARTICIPATION_MARKERS = {level: "*" * n for n, level in enumerate(SecretariatParticipation, start=1)}
FINANCIAL_MARKER = "*"


@dataclass(frozen=True)
class AnnexEntry:
    title: str
    # The dates in words, and for machines: ISO, or the source's own words when the days are
    # not one run (only a range is known, or separate days).
    when: str
    date: str
    date_span: ApproxDate | None = None
    details: tuple[str, ...] = ()
    marker: str = ""
    languages: tuple[str, ...] = ()
    link: str = ""
    financial: bool | None = None


@dataclass(frozen=True)
class AnnexGroup:
    heading: str
    entries: list[AnnexEntry]


@dataclass(frozen=True)
class Annex:
    body: Body
    year: int
    number: int
    title: str
    order_note: str
    intro: str
    groups: list[AnnexGroup]
    legend: list[tuple[str, str]] = field(default_factory=list)
    # Annex 4 explains its marker before the list, Annex 1 after it, as the report does.
    legend_first: bool = False

    @property
    def entries(self) -> list[AnnexEntry]:
        return [entry for group in self.groups for entry in group.entries]


def body_by_acronym(acronym: str) -> Body:
    return get_object_or_404(Body, acronym=acronym)


@dataclass(frozen=True)
class UpcomingMeeting:
    body_acronym: str
    date: ApproxDate
    # A meeting already recorded, or only the date the last meeting set for the next one.
    meeting: Meeting | None = None
    announced_at: Meeting | None = None


def upcoming_meetings(today: dt.date, body: Body | None = None) -> list[UpcomingMeeting]:
    """Meetings still to come or under way, and the next meetings that past ones announced
    for bodies with none recorded yet, soonest first (one query); of one body if given."""
    meetings = Meeting.objects.filter(Q(date_latest__gte=today) | Q(next_meeting_latest__gte=today))
    if body is not None:
        meetings = meetings.filter(body=body)
    meetings = list(meetings.select_related("body", "chair_state").order_by("date_earliest", "pk"))
    scheduled = [m for m in meetings if m.date_latest >= today]
    bodies_scheduled = {m.body_id for m in scheduled}
    upcoming = [UpcomingMeeting(m.body.acronym, m.date, meeting=m) for m in scheduled]
    announced: dict[int, Meeting] = {}
    for meeting in meetings:
        if (
            meeting.next_meeting
            and meeting.next_meeting.latest >= today
            and meeting.body_id not in bodies_scheduled
        ):
            announced[meeting.body_id] = meeting  # the latest meeting's word prevails
    upcoming += [UpcomingMeeting(m.body.acronym, m.next_meeting, announced_at=m) for m in announced.values()]
    return sorted(upcoming, key=lambda entry: entry.date)


@dataclass(frozen=True)
class BodyPage:
    body: Body
    conventions: list[Convention]  # the conventions it follows or that set it up
    upcoming: list[UpcomingMeeting]
    meetings: list[Meeting]  # the latest first
    reports: list[Report]


def body_page(acronym: str, today: dt.date) -> BodyPage:
    """A body's public page (five queries)."""
    body = body_by_acronym(acronym)
    return BodyPage(
        body=body,
        conventions=body_conventions(body),
        upcoming=upcoming_meetings(today, body),
        meetings=list(body.meetings.order_by("-date_earliest", "-pk")),
        reports=list(body.reports.order_by("-year", "kind")),
    )


@dataclass(frozen=True)
class MeetingPage:
    meeting: Meeting
    delegations: list[State]  # in the reader's alphabetical order
    organizations: list
    previous: Meeting | None  # the body's meetings of the same kind just before and after
    following: Meeting | None
    reports: list[Report]  # the body's reports for the meeting's year, and those presented at it
    figures: list[FigureComparison]  # what was said at it, beside the record's own figures


def meeting_page(code: str) -> MeetingPage:
    """A meeting's public page: its officers, attendance, documents, outcomes, mandates and the figures
    stated at it (eleven queries, two more when a figure counts a convention's states)."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("body", "chair_state", "vice_chair_state").prefetch_related(
            Prefetch("officers", MeetingOfficer.objects.select_related("state").order_by("pk")),
            Prefetch("attendance", MeetingAttendance.objects.select_related("state", "organization")),
            Prefetch("documents", MeetingDocument.objects.select_related("submitted_by").order_by("pk")),
            Prefetch(
                "outcomes", MeetingOutcome.objects.select_related("document", "elected_state").order_by("pk")
            ),
            Prefetch("mandate_citations", MandateCitation.objects.select_related("mandate").order_by("pk")),
            "mandates_adopted",
        ),
        code=code,
    )
    same_kind = Meeting.objects.filter(body=meeting.body_id, kind=meeting.kind)
    present = meeting.attendance.all()
    return MeetingPage(
        meeting=meeting,
        delegations=sorted(
            (entry.state for entry in present if entry.state), key=lambda state: reading_order(state.name)
        ),
        organizations=sorted(
            (entry.organization for entry in present if entry.organization),
            key=lambda organization: reading_order(organization.name),
        ),
        previous=same_kind.filter(date_latest__lt=meeting.date_earliest).order_by("-date_latest").first(),
        following=same_kind.filter(date_earliest__gt=meeting.date_latest).order_by("date_earliest").first(),
        reports=list(
            Report.objects.filter(
                Q(presented_at=meeting) | Q(body=meeting.body_id, year=meeting.date_earliest.year)
            )
            .select_related("body")
            .order_by("-year", "kind")
        ),
        figures=figures_of_meeting(meeting),
    )


def items_of_year(body: Body, year: int, last_year: int | None = None):
    """The body's items that start in ``year`` (to ``last_year``), in chronological order."""
    return ReportItem.objects.filter(
        body=body,
        date_earliest__gte=dt.date(year, 1, 1),
        date_earliest__lte=dt.date(last_year or year, 12, 31),
    ).order_by("date_earliest", "date_latest", "pk")


PERIOD = re.compile(r"^(\d{4})\s*[-–]\s*(\d{4})$")


@dataclass(frozen=True)
class ReportLayout:
    """How a body's reports for a year are laid out, as the kind of report it published says:
    an annual report with its annexes, a work-plan report by section, a pro tempore report
    over its own term."""

    first_year: int
    last_year: int
    with_annexes: bool
    by_section: bool


def report_layout(reports: list[Report], year: int) -> ReportLayout:
    kinds = {report.kind for report in reports}
    first_year = year
    for report in reports:
        if report.kind == Report.Kind.PRO_TEMPORE and (match := PERIOD.match(report.period)):
            first_year = min(first_year, int(match.group(1)))
    return ReportLayout(
        first_year=first_year,
        last_year=year,
        # A year the record holds items for but no report yet is shown as an annual report would be.
        with_annexes=not kinds or Report.Kind.ANNUAL in kinds,
        by_section=kinds == {Report.Kind.WORK_PLAN},
    )


def _secretariat(body: Body) -> str:
    return _("the %(body)s Secretariat") % {"body": body.acronym}


def _entry_dates(item: ReportItem) -> tuple[str, str]:
    if item.date_text:
        return item.date_text, item.date_text
    return capfirst_words(date_words(item.date)), item.date.isoformat()


def _organizations(item: ReportItem, role: str) -> list[str]:
    return [link.organization.name for link in item.organization_roles.all() if link.role == role]


def _states(item: ReportItem, role: str) -> list[str]:
    return [link.state.name for link in item.state_roles.all() if link.role == role]


def _organized_by(item: ReportItem) -> str:
    organizers = _organizations(item, OrganizationRole.ORGANIZER)
    if item.organized_by_secretariat:
        if organizers:
            return _("Organized by %(secretariat)s with %(organizers)s.") % {
                "secretariat": _secretariat(item.body),
                "organizers": joined(organizers),
            }
        return capfirst_words(_("Organized by %(secretariat)s.") % {"secretariat": _secretariat(item.body)})
    if organizers:
        return _("Organized by %(organizers)s.") % {"organizers": joined(organizers)}
    return ""


def _in_collaboration_with(item: ReportItem) -> str:
    partners = _states(item, StateRole.PARTNER) + _organizations(item, OrganizationRole.PARTNER)
    return _("In collaboration with %(partners)s.") % {"partners": joined(partners)} if partners else ""


def _place(item: ReportItem) -> str:
    if item.place:
        return f"{item.place}."
    return _("Virtual format.") if item.is_virtual else ""


def _event_entry(item: ReportItem) -> AnnexEntry:
    when, date = _entry_dates(item)
    details = (_organized_by(item), _in_collaboration_with(item), _place(item), item.description)
    return AnnexEntry(
        title=item.title,
        when=when,
        date=date,
        date_span=item.date,
        details=tuple(detail for detail in details if detail),
        marker=PARTICIPATION_MARKERS.get(item.secretariat_participation, ""),
    )


def _publication_entry(item: ReportItem) -> AnnexEntry:
    when, date = _entry_dates(item)
    authors = [_secretariat(item.body)] + _organizations(item, OrganizationRole.PARTNER)
    details = [capfirst_words(joined(authors)) + "."]
    if item.language_codes:
        details.append(_("Available in %(languages)s.") % {"languages": language_names(item.language_codes)})
    if item.description:
        details.append(item.description)
    return AnnexEntry(
        title=item.title,
        when=when,
        date=date,
        date_span=item.date,
        details=tuple(details),
        languages=tuple(item.language_codes),
        link=item.link,
    )


def _chronological_annex(body: Body, year: int, number: int) -> Annex:
    items = (
        items_of_year(body, year)
        .filter(kind=ANNEX_KINDS[number], in_annex=True)
        .select_related("body")
        .prefetch_related(
            Prefetch("organization_roles", ItemOrganization.objects.select_related("organization")),
            Prefetch("state_roles", ItemState.objects.select_related("state")),
        )
    )
    make_entry = _publication_entry if number == 3 else _event_entry
    legend = []
    intro = ""
    if number == 1:
        legend = [(marker, str(level.label)) for level, marker in PARTICIPATION_MARKERS.items()]
        intro = _(
            "The following is a selection of the main high-level international events in which "
            "%(secretariat)s participated during %(year)s. The list is in chronological order."
        ) % {"secretariat": _secretariat(body), "year": year}
    return Annex(
        body=body,
        year=year,
        number=number,
        title=str(ANNEX_TITLES[number]),
        order_note=_("in chronological order"),
        intro=intro,
        groups=[AnnexGroup(heading="", entries=[make_entry(item) for item in items])],
        legend=legend,
    )


def _contributors_annex(body: Body, year: int) -> Annex:
    by_heading: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    member_states = _("Member States")
    contributions = Contribution.objects.filter(body=body, year=year).select_related("state", "organization")
    for contribution in contributions:
        if contribution.state_id:
            heading, name = member_states, contribution.state.name
        else:
            organization = contribution.organization
            heading, name = organization.get_category_display(), organization.name
        by_heading[heading].append((name, contribution.financial))
    headings = [member_states] + [str(category.label) for category in OrganizationCategory]
    groups = [
        AnnexGroup(
            heading=heading,
            entries=[
                AnnexEntry(
                    title=name,
                    when=str(year),
                    date=str(year),
                    marker=FINANCIAL_MARKER if financial else "",
                    financial=financial,
                )
                for name, financial in sorted(by_heading[heading], key=lambda pair: reading_order(pair[0]))
            ],
        )
        for heading in headings
        if by_heading.get(heading)
    ]
    legend = [
        (
            FINANCIAL_MARKER,
            _(
                "Countries or institutions that made a financial contribution - specific funds for the "
                "implementation of the programs of %(secretariat)s."
            )
            % {"secretariat": _secretariat(body)},
        )
    ]
    return Annex(
        body=body,
        year=year,
        number=4,
        title=str(ANNEX_TITLES[4]),
        order_note=_("in alphabetical order"),
        intro="",
        groups=groups,
        legend=legend,
        legend_first=True,
    )


def annex_build(body: Body, year: int, number: int) -> Annex:
    """Annex ``number`` (1 to 4) of ``body``'s report for ``year``, as the CICTE annual report lays it out."""
    if number not in ANNEX_NUMBERS:
        raise ValueError(f"There is no annex {number}: choose 1, 2, 3 or 4.")
    if number == 4:
        return _contributors_annex(body, year)
    return _chronological_annex(body, year, number)


@dataclass(frozen=True)
class ProgramSummary:
    """What one program area did in the year: the summary a report gives per program."""

    name: str
    section: str  # the secretariat's section that runs the program, if any
    activities: list[tuple[str, int]]
    participants_at_least: int
    items_counted: int
    # Per role, in StateRole's order: a partner or a host is not counted as a state reached.
    states_by_role: list[tuple[str, list[str]]]
    items: list[ReportItem]
    note: ProgramYearNote | None = None  # the report's word on a year without activity or funding

    @property
    def activity_count(self) -> int:
        return sum(count for _label, count in self.activities)


STATES_IN_ROLE = {
    StateRole.PARTICIPANT: gettext_lazy("States that took part"),
    StateRole.BENEFICIARY: gettext_lazy("States that benefited"),
    StateRole.HOST: gettext_lazy("Host states"),
    StateRole.PARTNER: gettext_lazy("Partner states"),
}


def program_summaries(
    body: Body, year: int, last_year: int | None = None, notes: list[ProgramYearNote] = ()
) -> list[ProgramSummary]:
    """Per program area (then items under none): activities by kind, participants, and the
    states in each role, for ``year`` (to ``last_year``). A program a report ``notes`` had no
    activity or funding is listed with the note, even with no item."""
    items = items_of_year(body, year, last_year).prefetch_related(
        Prefetch("program_areas", ProgramArea.objects.select_related("section")),
        Prefetch("state_roles", ItemState.objects.select_related("state")),
    )
    by_area: dict[object, list[ReportItem]] = defaultdict(list)
    areas = {}
    for item in items:
        for area in item.program_areas.all() or [None]:
            key = area.pk if area else None
            areas[key] = area
            by_area[key].append(item)
    note_of = {note.program_area_id: note for note in notes}
    for note in notes:
        areas[note.program_area_id] = note.program_area
    ordered = sorted(
        areas.values(), key=lambda area: (area is None, area.position if area else 0, area and area.code)
    )
    summaries = []
    for area in ordered:
        area_items = by_area[area.pk if area else None]
        counts = {kind: 0 for kind in ReportItem.Kind}
        for item in area_items:
            counts[ReportItem.Kind(item.kind)] += 1
        counted = [item for item in area_items if item.participants_at_least is not None]
        states = defaultdict(set)
        for item in area_items:
            for link in item.state_roles.all():
                states[link.role].add(link.state.name)
        summaries.append(
            ProgramSummary(
                name=area.name if area else _("Other activities"),
                section=area.section.name if area and area.section else "",
                activities=[(str(kind.label), count) for kind, count in counts.items() if count],
                participants_at_least=sum(item.participants_at_least for item in counted),
                items_counted=len(counted),
                states_by_role=[
                    (str(STATES_IN_ROLE[role]), sorted(states[role], key=reading_order))
                    for role in StateRole
                    if states[role]
                ],
                items=area_items,
                note=note_of.get(area.pk) if area else None,
            )
        )
    return summaries


@dataclass(frozen=True)
class StateActivity:
    """What a state took part in, hosted or benefited from, and the meetings it chaired."""

    state: State
    items_by_role: dict[str, list[ReportItem]]
    meetings_chaired: list[tuple[Meeting, str]]
    meetings_attended: list[Meeting]
    elections: list[MeetingOutcome]
    contributions: list[Contribution]

    @property
    def is_empty(self) -> bool:
        return not (
            any(self.items_by_role.values())
            or self.meetings_chaired
            or self.meetings_attended
            or self.elections
            or self.contributions
        )


def state_activity(state: State, year: int | None = None) -> StateActivity:
    """Everything recorded for ``state`` (in ``year`` if given), for its dashboard. Five queries."""
    links = ItemState.objects.filter(state=state).select_related("item__body")
    meetings = Meeting.objects.filter(Q(chair_state=state) | Q(vice_chair_state=state)).select_related("body")
    attended = Meeting.objects.filter(attendance__state=state).select_related("body")
    elections = MeetingOutcome.objects.filter(elected_state=state).select_related("meeting__body")
    contributions = Contribution.objects.filter(state=state).select_related("body")
    if year is not None:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        links = links.filter(item__date_earliest__range=(start, end))
        meetings = meetings.filter(date_earliest__range=(start, end))
        attended = attended.filter(date_earliest__range=(start, end))
        elections = elections.filter(meeting__date_earliest__range=(start, end))
        contributions = contributions.filter(year=year)
    items_by_role: dict[str, list[ReportItem]] = {role: [] for role in StateRole}
    for link in links.order_by("item__date_earliest", "item__date_latest", "item__pk"):
        items_by_role[StateRole(link.role)].append(link.item)
    chaired = [
        (meeting, str(_("Chair") if meeting.chair_state_id == state.pk else _("Vice Chair")))
        for meeting in meetings
    ]
    return StateActivity(
        state=state,
        items_by_role=items_by_role,
        meetings_chaired=chaired,
        meetings_attended=list(attended),
        elections=list(elections.order_by("meeting__date_earliest")),
        contributions=list(contributions.order_by("-year")),
    )


def mandate_list():
    """Every mandate with the number of records that cite it (one query)."""
    return (
        Mandate.objects.select_related("body")
        .annotate(citation_count=Count("citations"))
        .order_by("issuer", "body__acronym", "date_earliest", "symbol")
    )


@dataclass(frozen=True)
class MandatePage:
    mandate: Mandate
    citations: list[MandateCitation]  # meetings first, then reports, items and program areas


def mandate_page(code: str) -> MandatePage:
    """A mandate and what cites it (two queries)."""
    mandate = get_object_or_404(Mandate.objects.select_related("body", "adopted_at"), code=code)
    citations = mandate.citations.select_related("meeting", "report__body", "item__body", "program_area")
    return MandatePage(
        mandate=mandate,
        citations=sorted(citations, key=lambda citation: MANDATE_CITING.index(citation.citing_kind)),
    )


def report_mandates(body: Body, year: int) -> list[MandateCitation]:
    """The mandates the body's reports for ``year`` cite (one query)."""
    return list(
        MandateCitation.objects.filter(report__body=body, report__year=year)
        .select_related("mandate")
        .order_by("mandate__date_earliest", "pk")
    )


def program_notes(reports: list[Report]) -> list[ProgramYearNote]:
    """What ``reports`` say of programs without activity or funding (one query)."""
    return list(ProgramYearNote.objects.filter(report__in=reports).select_related("program_area__section"))


@dataclass(frozen=True)
class ReportContents:
    """What a body's page and files for a year hold, laid out as its reports' kind says."""

    reports: list[Report]
    layout: ReportLayout
    summaries: list[ProgramSummary]  # by section for a work-plan report
    annexes: list[Annex]  # none unless an annual report
    treaty_changes: RecordChanges | None  # an annual report's: its conventions since the last one


def report_contents(body: Body, year: int) -> ReportContents:
    reports = list(Report.objects.filter(body=body, year=year))
    layout = report_layout(reports, year)
    summaries = program_summaries(body, layout.first_year, layout.last_year, program_notes(reports))
    if layout.by_section:
        summaries.sort(key=lambda summary: (not summary.section, summary.section))
    annexes = [annex_build(body, year, number) for number in ANNEX_NUMBERS] if layout.with_annexes else []
    return ReportContents(reports, layout, summaries, annexes, report_treaty_changes(body, year, reports))


def body_conventions(body: Body) -> list[Convention]:
    """The conventions the body follows, or that set it up."""
    return list(Convention.objects.filter(Q(followed_by=body) | Q(pk=body.convention_id)).order_by("code"))


def report_treaty_changes(body: Body, year: int, reports: list[Report]) -> RecordChanges | None:
    """What changed under the body's conventions since it last reported to the General Assembly:
    from the day after its previous annual report was approved (the first day of the report's
    year if the record has none) to the day this one was approved (its year's end if not yet)."""
    annual = next((report for report in reports if report.kind == Report.Kind.ANNUAL), None)
    if annual is None:
        return None
    conventions = body_conventions(body)
    if not conventions:
        return None
    previous = (
        Report.objects.filter(body=body, kind=Report.Kind.ANNUAL, year__lt=year, approved_on__isnull=False)
        .order_by("-year")
        .values_list("approved_on", flat=True)
        .first()
    )
    start = previous + dt.timedelta(days=1) if previous else dt.date(year, 1, 1)
    return record_changes_between(start, annual.approved_on or dt.date(year, 12, 31), convention=conventions)
