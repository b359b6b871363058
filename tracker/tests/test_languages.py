"""The interface in the OAS's four languages, and the translation catalogues behind it.

Pages are asked for in Spanish, French and Portuguese, the way a reader's browser asks
(Accept-Language) and the way the language switcher remembers a choice (the language cookie).
Headings come from the catalogues; state names and convention titles come from the data in
that language. The catalogues themselves are checked for gaps, fuzzy entries, placeholders that
do not match their English text, and compiled files that lag behind their sources.
"""

import ast
import datetime as dt
import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from conventions.models import InstrumentKind
from conventions.tests.factories import ConventionFactory, ParticipationFactory
from states.models import Subregion
from states.tests.factories import StateFactory, UserFactory

ADOPTED = dt.date(2002, 6, 3)

TITLES = {
    "en": "Inter-American Convention against Terrorism",
    "es": "Convención Interamericana contra el Terrorismo",
    "fr": "Convention interaméricaine contre le terrorisme",
    "pt": "Convenção Interamericana contra o Terrorismo",
}
UNITED_STATES = {"en": "United States", "es": "Estados Unidos", "fr": "États-Unis", "pt": "Estados Unidos"}
TRINIDAD = {
    "en": "Trinidad and Tobago",
    "es": "Trinidad y Tobago",
    "fr": "Trinité-et-Tobago",
    "pt": "Trinidad e Tobago",
}

# What each page must say in each language: a few headings, labels and buttons.
EXPECTED = {
    "es": {
        "list": ["Convenciones interamericanas", "Signatarios", "Partes", "Órgano de seguimiento"],
        "status": [
            "Entrada en vigor",
            "Reservas y declaraciones",
            "Estado Parte",
            "Signatario",
            "Depositario",
        ],
        "sign_in": ["Iniciar sesión", "¿Olvidó su contraseña?"],
        "overview": [
            "Panorama de los Estados Miembros",
            "Condición de miembro de la OEA",
            "Mapa de los Estados Miembros",
        ],
        "everywhere": ["Registro de tratados interamericanos", "Las fechas se escriben año-mes-día."],
    },
    "fr": {
        "list": ["Conventions interaméricaines", "Signataires", "Parties", "Organe de suivi"],
        "status": [
            "Entrée en vigueur",
            "Réserves et déclarations",
            "État partie",
            "Signataire",
            "Dépositaire",
        ],
        "sign_in": ["Se connecter", "Mot de passe oublié"],
        "overview": [
            "Vue d’ensemble des États membres",
            "Qualité de membre de l’OEA",
            "Carte des États membres",
        ],
        "everywhere": ["Registre des traités interaméricains", "Les dates sont écrites année-mois-jour."],
    },
    "pt": {
        "list": ["Convenções interamericanas", "Signatários", "Partes", "Órgão de acompanhamento"],
        "status": ["Entrada em vigor", "Reservas e declarações", "Estado Parte", "Signatário", "Depositário"],
        "sign_in": ["Entrar", "Esqueceu sua senha?"],
        "overview": [
            "Visão geral dos Estados membros",
            "Condição de membro da OEA",
            "Mapa dos Estados membros",
        ],
        "everywhere": ["Registro de tratados interamericanos", "As datas são escritas ano-mês-dia."],
    },
}
LANGUAGES = sorted(EXPECTED)


@pytest.fixture
def record(db):
    """A-66 with a party and a signatory whose names differ in every language."""
    convention = ConventionFactory(
        code="A-66",
        title_en=TITLES["en"],
        title_es=TITLES["es"],
        title_fr=TITLES["fr"],
        title_pt=TITLES["pt"],
        adopted_at_en="Bridgetown, Barbados",
        adopted_on=ADOPTED,
        entry_into_force_on=dt.date(2003, 7, 10),
    )
    united_states = StateFactory(
        iso3="USA",
        iso2="US",
        subregion=Subregion.NORTH_AMERICA,
        **{f"name_{code}": name for code, name in UNITED_STATES.items()},
    )
    trinidad = StateFactory(
        iso3="TTO",
        iso2="TT",
        subregion=Subregion.CARIBBEAN,
        **{f"name_{code}": name for code, name in TRINIDAD.items()},
    )
    ParticipationFactory(convention=convention, state=united_states)
    ParticipationFactory(
        convention=convention,
        state=trinidad,
        deposit_earliest=dt.date(2005, 4, 2),
        instrument_kind=InstrumentKind.RATIFICATION,
    )
    return convention


def _ask(client, how: str, language: str) -> dict:
    """Request options that ask for ``language`` as a browser does, or as the switcher left it."""
    if how == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return {}
    return {"headers": {"accept-language": f"{language},en;q=0.5"}}


def _read(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _assert_in_language(text: str, language: str, page: str):
    assert f'<html lang="{language}">' in text
    for expected in EXPECTED[language][page] + EXPECTED[language]["everywhere"]:
        assert expected in text, f"{expected!r} missing from the {page} page in {language}"


@pytest.mark.parametrize("how", ["accept-language", "cookie"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_convention_list_speaks_the_language_asked_for(client, record, language, how):
    text = _read(client.get(reverse("conventions:list"), **_ask(client, how, language)))

    _assert_in_language(text, language, "list")
    assert TITLES[language] in text
    assert TITLES["en"] not in text


@pytest.mark.parametrize("how", ["accept-language", "cookie"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_status_page_names_the_states_as_the_data_does_in_that_language(client, record, language, how):
    url = reverse("conventions:status", kwargs={"code": "A-66"}) + "?as_of=2024-01-01"

    text = _read(client.get(url, **_ask(client, how, language)))

    _assert_in_language(text, language, "status")
    assert UNITED_STATES[language] in text
    assert TRINIDAD[language] in text
    assert TRINIDAD["en"] not in text
    # The depositary's tables keep their dates year-month-day in every language.
    assert "2005-04-02" in text


@pytest.mark.parametrize("how", ["accept-language", "cookie"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sign_in_page_speaks_the_language_asked_for(client, db, language, how):
    text = _read(client.get(reverse("login"), **_ask(client, how, language)))

    _assert_in_language(text, language, "sign_in")
    assert "Forgotten your password?" not in text


@pytest.mark.parametrize("how", ["accept-language", "cookie"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_staff_overview_speaks_the_language_asked_for(client, record, language, how):
    client.force_login(UserFactory(is_staff=True))

    # The overview, and its timelines and map, which it loads as a page of their own.
    text = "".join(
        _read(client.get(reverse(name), **_ask(client, how, language)))
        for name in ("dashboards:overview", "dashboards:overview_charts")
    )

    _assert_in_language(text, language, "overview")
    assert UNITED_STATES[language] in text
    assert TRINIDAD[language] in text
    assert "Overview of member states" not in text


def test_the_language_switcher_remembers_the_choice_for_the_next_pages(client, record):
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    text = _read(client.get(reverse("conventions:status", kwargs={"code": "A-66"})))

    _assert_in_language(text, "fr", "status")
    assert "États-Unis" in text


def test_english_stays_the_default(client, record):
    text = _read(client.get(reverse("conventions:list")))

    assert '<html lang="en">' in text
    assert "Inter-American conventions" in text
    assert TITLES["en"] in text


# --- The catalogues ---------------------------------------------------------------------------

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale/*/LC_MESSAGES/*.po")
    if not any(part.startswith(".") for part in path.relative_to(ROOT).parts)
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def _catalogue_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


class Entry:
    def __init__(self):
        self.flags: set[str] = set()
        self.context: str | None = None
        self.msgid: str | None = None
        self.plural: str | None = None
        self.translations: dict[int, str] = {}


def po_entries(path: Path) -> list[Entry]:
    """The entries of a PO file, header included, obsolete (``#~``) ones left out."""
    entries: list[Entry] = []
    entry, field = Entry(), None

    def finish():
        nonlocal entry, field
        if entry.msgid is not None:
            entries.append(entry)
        entry, field = Entry(), None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#~") or (not line and entry.msgid is None):
            continue
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if entry.msgid is not None and field is not None:
                finish()
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword.startswith('"'):
            rest, keyword = line, field
        else:
            if keyword in ("msgctxt", "msgid") and entry.msgid is not None:
                finish()
            field = keyword
        text = ast.literal_eval(rest)
        if keyword == "msgctxt":
            entry.context = (entry.context or "") + text
        elif keyword == "msgid":
            entry.msgid = (entry.msgid or "") + text
        elif keyword == "msgid_plural":
            entry.plural = (entry.plural or "") + text
        else:
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            entry.translations[index] = entry.translations.get(index, "") + text
    finish()
    return entries


def test_there_is_a_catalogue_for_every_app_and_language():
    found = {_catalogue_id(path) for path in CATALOGUES}
    for where in [
        "locale",
        "conventions/locale",
        "states/locale",
        "dashboards/locale",
        "api/locale",
        "reports/locale",
        "wayfinding/locale",
    ]:
        for language in LANGUAGES:
            assert f"{where}/{language}/LC_MESSAGES/django.po" in found


@pytest.mark.parametrize("path", CATALOGUES, ids=_catalogue_id)
def test_every_entry_of_the_catalogue_is_translated_and_none_is_fuzzy(path):
    entries = po_entries(path)
    header, messages = entries[0], entries[1:]
    assert header.msgid == "" and "fuzzy" not in header.flags
    assert "Plural-Forms: nplurals=" in header.translations[0]
    nplurals = int(re.search(r"nplurals=(\d+)", header.translations[0]).group(1))

    fuzzy = [entry.msgid for entry in messages if "fuzzy" in entry.flags]
    untranslated = [entry.msgid for entry in messages if not all(entry.translations.values())]
    wrong_count = [
        entry.msgid
        for entry in messages
        if entry.plural is not None and sorted(entry.translations) != list(range(nplurals))
    ]
    assert not fuzzy, f"fuzzy in {_catalogue_id(path)}: {fuzzy}"
    assert not untranslated, f"untranslated in {_catalogue_id(path)}: {untranslated}"
    assert not wrong_count, f"plural forms other than {nplurals} in {_catalogue_id(path)}: {wrong_count}"


@pytest.mark.parametrize("path", CATALOGUES, ids=_catalogue_id)
def test_translations_keep_the_placeholders_of_the_english_text(path):
    mismatched = []
    for entry in po_entries(path)[1:]:
        source = set(PLACEHOLDER.findall(entry.msgid))
        plural = set(PLACEHOLDER.findall(entry.plural or ""))
        for index, translation in entry.translations.items():
            if not translation:
                continue  # untranslated: the test above names it
            used = set(PLACEHOLDER.findall(translation))
            if entry.plural is None:
                ok = used == source
            else:
                # A singular may spell out "one" where the English does; every form names only
                # what the English gives, and the plural forms name all of it.
                ok = used <= source | plural and (index == 0 or used == plural)
            if not ok:
                mismatched.append((entry.msgid, index, translation))
    assert not mismatched, f"placeholders differ in {_catalogue_id(path)}: {mismatched}"


def _expected_catalog(path: Path) -> dict:
    """What the compiled file should hold, keyed as ``gettext.GNUTranslations`` keys it."""
    expected = {}
    for entry in po_entries(path)[1:]:
        key = entry.msgid if entry.context is None else f"{entry.context}\x04{entry.msgid}"
        if entry.plural is None:
            expected[key] = entry.translations[0]
        else:
            for index, translation in entry.translations.items():
                expected[(key, index)] = translation
    return expected


@pytest.mark.parametrize("path", CATALOGUES, ids=_catalogue_id)
def test_the_compiled_catalogue_is_up_to_date_with_its_source(path):
    compiled = path.with_suffix(".mo")
    assert compiled.exists(), f"{_catalogue_id(path)} is not compiled"
    with compiled.open("rb") as file:
        catalog = dict(gettext.GNUTranslations(file)._catalog)
    catalog.pop("", None)  # the header

    expected = _expected_catalog(path)

    missing = sorted(str(key) for key in expected.keys() - catalog.keys())
    stale = sorted(str(key) for key in catalog.keys() - expected.keys())
    changed = sorted(str(key) for key in expected.keys() & catalog.keys() if expected[key] != catalog[key])
    assert not (missing or stale or changed), (
        f"{_catalogue_id(compiled)} differs from its .po (run compilemessages): "
        f"missing {missing[:5]}, stale {stale[:5]}, changed {changed[:5]}"
    )
