"""The public record as a Frictionless data package: one CSV file per table and ``datapackage.json``.

Each table is declared once (its columns with their Table Schema types, keys and the query that
fills it); the CSV files and the descriptor are both written from that declaration, so they
cannot disagree. Approximate dates are given as their two bounds, as the record keeps them, and
in EDTF (``2005-12`` for a month, ``2005-12-01/2006-01-15`` for the days the action falls
between), which ``conventions.approx_dates`` writes.

Only what the site's pages and API already show is published: the record's internal notes are
left out, the sources each row cites are kept.
"""

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from conventions.approx_dates import approx_date_or_none
from conventions.models import Body, Convention, InstrumentKind, Participation, Reservation
from reports.models import Meeting
from states.models import State, Subregion
from tracker.spreadsheets import formula_escaped

DESCRIPTOR_NAME = "datapackage.json"
PACKAGE_NAME = "oas-inter-american-conventions-record"
LANGUAGES = ("en", "es", "fr", "pt")

# The record is public information kept by an international organization; attribution is the
# one condition asked of those who reuse it.
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

# Where the record was compiled from (fixtures/SOURCES.md and the reference's own SOURCES.md
# say which row rests on which); each participation row also names its source.
SOURCES = [
    {
        "title": "OAS press releases, speeches and Department of International Law pages "
        "on signatures, deposits and declarations"
    },
    {
        "title": "UN Office for Disarmament Affairs, treaty database (A-63 signatures and deposits)",
        "path": "http://disarmament.un.org/treaties/",
    },
    {"title": "United States Department of State fact sheets on the Inter-American conventions (2005, 2009)"},
    {
        "title": "whatconvention.org, signatures and ratifications of A-66",
        "path": "https://whatconvention.org/fr/ratifications/178",
    },
    {"title": "National acts promulgating the conventions (Brazil, Chile, Colombia)"},
    {"title": "OAS member states page (years of membership)"},
    {"title": "OAS texts of the conventions and national promulgations (titles in four languages)"},
    {"title": "Reports of the meetings of the bodies that follow the conventions"},
]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, date, year, boolean
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()

    def descriptor(self) -> dict:
        described = {"name": self.name, "type": self.type, "description": self.description}
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            described["constraints"] = constraints
        return described


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]

    def descriptor(self) -> dict:
        return {
            "fields": list(self.fields),
            "reference": {"resource": self.resource, "fields": list(self.reference)},
        }


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[], Iterable[tuple]]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    def schema(self) -> dict:
        schema = {
            "fields": [column.descriptor() for column in self.columns],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [key.descriptor() for key in self.foreign_keys]
        return schema


def _in_each_language(prefix: str, what: str, *, required_in_english: bool = False) -> tuple[Column, ...]:
    return tuple(
        Column(
            f"{prefix}_{language}",
            "string",
            f"{what} ({language})",
            required=required_in_english and language == "en",
        )
        for language in LANGUAGES
    )


def _approximate_date(prefix: str, what: str) -> tuple[Column, ...]:
    return (
        Column(f"{prefix}_earliest", "date", f"{what}: the earliest day it may have happened"),
        Column(f"{prefix}_latest", "date", f"{what}: the latest day it may have happened"),
        Column(
            f"{prefix}_edtf",
            "string",
            f"{what} in EDTF (ISO 8601-2): a day, a month or a year when that is what is known, "
            "else the interval earliest/latest",
        ),
    )


def _edtf(earliest: dt.date | None, latest: dt.date | None) -> str:
    date = approx_date_or_none(earliest, latest)
    return date.isoformat() if date else ""


def _convention_rows():
    yield from Convention.objects.order_by("code").values_list(
        "code",
        *(
            f"{prefix}_{language}"
            for prefix in ("short_name", "title", "adopted_at")
            for language in LANGUAGES
        ),
        "adopted_on",
        "opened_for_signature_on",
        *(f"depositary_{language}" for language in LANGUAGES),
        "followed_by__acronym",
        "adopting_instrument",
        "eif_instruments_required",
        "eif_days_after_deposit",
        "eif_rule_text",
        "entry_into_force_on",
        "source_url",
    )


def _state_rows():
    yield from State.objects.order_by("iso3").values_list(
        "iso3", "iso2", *(f"name_{language}" for language in LANGUAGES), "subregion", "oas_member_since"
    )


def _body_rows():
    yield from Body.objects.order_by("acronym").values_list(
        "acronym", *(f"name_{language}" for language in LANGUAGES), "convention__code"
    )


def _participation_rows():
    for row in (
        Participation.objects.order_by("convention__code", "state__iso3")
        .values_list(
            "convention__code",
            "state__iso3",
            "signature_earliest",
            "signature_latest",
            "instrument_kind",
            "instrument_dated",
            "deposit_earliest",
            "deposit_latest",
            "denunciation_notified_on",
            "denunciation_effective_on",
            "source",
        )
        .iterator()
    ):
        code, iso3, signed_e, signed_l, kind, dated, deposit_e, deposit_l, notified, effective, source = row
        yield (
            code,
            iso3,
            signed_e,
            signed_l,
            _edtf(signed_e, signed_l),
            kind,
            dated,
            deposit_e,
            deposit_l,
            _edtf(deposit_e, deposit_l),
            notified,
            effective,
            source,
        )


def _reservation_rows():
    yield from (
        Reservation.objects.order_by(
            "participation__convention__code", "participation__state__iso3", "kind", "article"
        )
        .values_list(
            "participation__convention__code",
            "participation__state__iso3",
            "kind",
            "article",
            "text",
            "made_on",
            "withdrawn_on",
        )
        .iterator()
    )


def _meeting_rows():
    for row in Meeting.objects.order_by("code").values_list(
        "code",
        "body__acronym",
        "kind",
        "number",
        *(f"title_{language}" for language in LANGUAGES),
        "date_earliest",
        "date_latest",
        "venue",
        "is_virtual",
        "source",
    ):
        earliest, latest = row[8], row[9]
        yield (*row[:10], _edtf(earliest, latest), *row[10:])


TABLES = (
    Table(
        "conventions",
        "Conventions",
        "The conventions the record follows, with their entry-into-force rule.",
        (
            Column("code", "string", "The depositary's code, e.g. A-66", required=True),
            *_in_each_language("short_name", "Short name", required_in_english=True),
            *_in_each_language("title", "Title", required_in_english=True),
            *_in_each_language("adopted_at", "Place of adoption", required_in_english=True),
            Column("adopted_on", "date", "Date of adoption", required=True),
            Column("opened_for_signature_on", "date", "Date it opened for signature", required=True),
            *_in_each_language("depositary", "Depositary", required_in_english=True),
            Column("followed_by", "string", "Acronym of the body that follows the convention"),
            Column("adopting_instrument", "string", "The resolution that adopted it"),
            Column(
                "eif_instruments_required",
                "integer",
                "Instruments whose deposit brings it into force",
                required=True,
            ),
            Column(
                "eif_days_after_deposit",
                "integer",
                "Days from that deposit (and from each later party's own) to entry into force",
                required=True,
            ),
            Column("eif_rule_text", "string", "The entry-into-force clause"),
            Column("entry_into_force_on", "date", "Entry into force as published"),
            Column("source_url", "string", "Where the text and adoption come from"),
        ),
        ("code",),
        _convention_rows,
        (ForeignKey(("followed_by",), "bodies", ("acronym",)),),
    ),
    Table(
        "states",
        "Member states",
        "The member states of the Organization of American States.",
        (
            Column("iso3", "string", "ISO 3166-1 alpha-3 code", required=True),
            Column("iso2", "string", "ISO 3166-1 alpha-2 code", required=True),
            *_in_each_language("name", "Name", required_in_english=True),
            Column("subregion", "string", "Subregion", required=True, enum=tuple(Subregion.values)),
            Column("oas_member_since", "year", "Year the state became a member of the OAS"),
        ),
        ("iso3",),
        _state_rows,
    ),
    Table(
        "bodies",
        "Bodies",
        "The organs that follow the conventions.",
        (
            Column("acronym", "string", "Acronym", required=True),
            *_in_each_language("name", "Name", required_in_english=True),
            Column("convention", "string", "Code of the convention that set the body up, if any"),
        ),
        ("acronym",),
        _body_rows,
        (ForeignKey(("convention",), "conventions", ("code",)),),
    ),
    Table(
        "participations",
        "Participations",
        "What each state did under each convention: signature, deposit of its instrument, "
        "denunciation. A state that took no action has no row.",
        (
            Column("convention", "string", "Code of the convention", required=True),
            Column("state", "string", "ISO 3166-1 alpha-3 code of the state", required=True),
            *_approximate_date("signature", "Signature"),
            Column(
                "instrument_kind", "string", "Kind of instrument deposited", enum=tuple(InstrumentKind.values)
            ),
            Column(
                "instrument_dated",
                "date",
                "Date of the instrument itself, where known apart from its deposit",
            ),
            *_approximate_date("deposit", "Deposit of the instrument"),
            Column("denunciation_notified_on", "date", "Denunciation notified on"),
            Column("denunciation_effective_on", "date", "Denunciation effective on"),
            Column("source", "string", "Where the dates come from: a link or a citation"),
        ),
        ("convention", "state"),
        _participation_rows,
        (
            ForeignKey(("convention",), "conventions", ("code",)),
            ForeignKey(("state",), "states", ("iso3",)),
        ),
    ),
    Table(
        "reservations",
        "Reservations and declarations",
        "Reservations, declarations and understandings the states made to the conventions.",
        (
            Column("convention", "string", "Code of the convention", required=True),
            Column("state", "string", "ISO 3166-1 alpha-3 code of the state", required=True),
            Column("kind", "string", "Kind", required=True, enum=tuple(Reservation.Kind.values)),
            Column("article", "string", "Article it concerns, if one"),
            Column("text", "string", "Text or summary", required=True),
            Column("made_on", "date", "Date made; empty when made with the instrument"),
            Column("withdrawn_on", "date", "Date withdrawn"),
        ),
        ("convention", "state", "kind", "article"),
        _reservation_rows,
        (ForeignKey(("convention", "state"), "participations", ("convention", "state")),),
    ),
    Table(
        "meetings",
        "Meetings",
        "Meetings of the bodies.",
        (
            Column("code", "string", "Code of the meeting", required=True),
            Column("body", "string", "Acronym of the body that met", required=True),
            Column("kind", "string", "Kind of meeting", required=True, enum=tuple(Meeting.Kind.values)),
            Column("number", "integer", "Number, e.g. 20 for the Twentieth Regular Session"),
            *_in_each_language("title", "Title", required_in_english=True),
            *_approximate_date("date", "Held (first and last days)"),
            Column("venue", "string", "Venue"),
            Column("is_virtual", "boolean", "Held virtually", required=True),
            Column("source", "string", "Where the meeting's details come from"),
        ),
        ("code",),
        _meeting_rows,
        (ForeignKey(("body",), "bodies", ("acronym",)),),
    ),
)


@dataclass(frozen=True)
class PackageFile:
    name: str
    content: bytes
    rows: int | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def record_checksum(tables: list[PackageFile]) -> str:
    """One digest of the tables' files, names and contents: equal only for the same record."""
    digest = hashlib.sha256()
    for table in tables:
        digest.update(f"{table.name}\0{table.sha256}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class DataPackage:
    """The package's files: the tables' CSV files in ``TABLES`` order, then the descriptor."""

    tables: list[PackageFile]
    descriptor: PackageFile

    @property
    def files(self) -> list[PackageFile]:
        return [*self.tables, self.descriptor]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return formula_escaped(value) if isinstance(value, str) else str(value)


def _csv_file(table: Table) -> PackageFile:
    text = io.StringIO()
    # "\n", not csv's default "\r\n": the files' checksums must not depend on the platform, and
    # every CSV reader takes either.
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(column.name for column in table.columns)
    count = 0
    for row in table.rows():
        writer.writerow(_cell(value) for value in row)
        count += 1
    return PackageFile(table.file_name, text.getvalue().encode("utf-8"), count)


def record_tables() -> list[PackageFile]:
    """The record's tables as CSV files (one query each)."""
    return [_csv_file(table) for table in TABLES]


def data_package_descriptor(tables: list[PackageFile], *, version: int, created: dt.datetime) -> dict:
    """``datapackage.json`` for the CSV files of ``record_tables`` as release ``version``."""
    by_name = {table.name: table for table in tables}
    conventions = Convention.objects.order_by("code").exclude(source_url="").values_list("code", "source_url")
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "id": settings.SITE_URL + reverse("opendata:release_zip", args=[version]),
        "title": "Inter-American conventions: signatures, ratifications, accessions and reservations",
        "description": "The record the General Secretariat of the Organization of American States keeps "
        "as depositary: which member states signed, ratified or acceded to each convention, and when. "
        "A date known only approximately is given as the earliest and latest day it may fall on, and in "
        "EDTF. Text cells that a spreadsheet would run as a formula start with an apostrophe.",
        "homepage": settings.SITE_URL + reverse("wayfinding:open_data"),
        "version": str(version),
        "created": created.isoformat(timespec="seconds"),
        "licenses": [LICENSE],
        "sources": [
            *SOURCES,
            *({"title": f"Text and adoption of {code}", "path": url} for code, url in conventions),
        ],
        "resources": [
            {
                "name": table.name,
                "path": by_name[table.file_name].name,
                "title": table.title,
                "description": table.description,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(by_name[table.file_name].content),
                "hash": f"sha256:{by_name[table.file_name].sha256}",
                "schema": table.schema(),
            }
            for table in TABLES
        ],
    }


def data_package_build(*, version: int, created: dt.datetime, tables: list[PackageFile] | None = None):
    """The whole package as release ``version`` (``tables``: the record's, read now if not given)."""
    tables = record_tables() if tables is None else tables
    descriptor = data_package_descriptor(tables, version=version, created=created)
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    return DataPackage(tables, PackageFile(DESCRIPTOR_NAME, text.encode("utf-8")))


def data_package_zip(files: list[tuple[str, bytes]], created: dt.datetime) -> bytes:
    """The files as one zip, every entry dated ``created`` (UTC), so the same release always
    gives the same bytes."""
    stamp = created.astimezone(dt.UTC).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files:
            archive.writestr(
                zipfile.ZipInfo(name, date_time=stamp), content, compress_type=zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()
