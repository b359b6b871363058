"""A page in Spanish, French or Portuguese shows no English left over from the interface.

Every public and liaison HTML page the access walk knows is asked for in each language, by
everyone of anonymous and state A's liaison who may see it. What a reader sees of it (text, and
the attributes read out or shown: title, alt, placeholder, aria-label, a button's value) is
checked two ways:

- the project's catalogues: a string we wrote in English and translated must not show in
  English on the other-language page (a text or attribute that is exactly the string, or holds
  it whole when it is a sentence long);
- text that no catalogue knows: a short text that reads the same as on the English page and
  holds words of an interface (sign in, download, next, status...) is a string that never went
  through gettext.

Names that stay English everywhere are in ``STAYS_ENGLISH``, with why; text the record holds
only in English is marked lang="en" on the page and is not counted.
"""

import re
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.test import Client

from tracker.tests.test_access_walk import OK, addresses, outcome, record  # noqa: F401

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
VIEWERS = ("anonymous", "liaison_a")

# Shown in English in every language, on purpose.
STAYS_ENGLISH = {
    "API",  # the name of the interface for programs
    "CSV",
    "PDF",
    "XLSX",
    "Atom",  # the feed format's name
    "OpenAPI",
    "ReDoc",
    "English",  # the language switcher names each language in itself
}
# Words of an interface, for strings no catalogue knows. Kept to words that do not read the
# same in Spanish, French or Portuguese ("feed" is Portuguese too).
INTERFACE_WORDS = {
    "all", "and", "back", "by", "clear", "download", "filter", "for",
    "from", "help", "home", "language", "latest", "menu", "more", "next", "none", "of",
    "open", "or", "page", "password", "previous", "read", "save", "search", "send", "show",
    "sign", "skip", "state", "states", "status", "submit", "subscribe", "the", "to", "today",
    "view", "with", "yes", "your",
}  # fmt: skip
SHORT = 8  # words: interface text is short; longer identical text is the record's own (notes)
MIN_LETTERS = 6  # of a catalogue string with placeholders, these left out
SENTENCE = 25  # characters: a catalogue string this long is looked for inside longer text
# Pages opened from a mail speak the language the mail was written in (the subscriber's or the
# contact's), whatever the reader chose; their own tests check that language.
IN_THE_MAILS_LANGUAGE = ("notifications:confirm", "notifications:unsubscribe", "reminders:unsubscribe")
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[sd]|\{[^}]*\}")


def _normal(text: str) -> str:
    return " ".join(text.split())


class SeenText(HTMLParser):
    """What a reader sees of a page, as a list of texts: text runs and read attributes."""

    HIDDEN = {"script", "style", "template", "noscript"}
    # Literals a reader copies as they are, in every language: file names, addresses, codes.
    LITERAL = {"code", "kbd", "samp"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.hidden_depth = 0
        self.in_body = False
        # Open elements, each with whether it declares its text English (lang="en"): text the
        # record holds only in English, marked so for screen readers, is English on purpose.
        self.open: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        if tag in self.HIDDEN | self.LITERAL:
            self.hidden_depth += 1
        attributes = dict(attrs)
        if tag not in self.VOID:
            self.open.append((tag, tag != "html" and (attributes.get("lang") or "").startswith("en")))
        for name in READ_ATTRIBUTES & attributes.keys():
            self.texts.append(_normal(attributes[name] or ""))
        if tag == "input" and attributes.get("type") in ("submit", "button"):
            self.texts.append(_normal(attributes.get("value") or ""))

    def handle_endtag(self, tag):
        if tag in self.HIDDEN | self.LITERAL:
            self.hidden_depth -= 1
        if any(name == tag for name, _english in self.open):
            while self.open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        declared_english = any(english for _tag, english in self.open)
        if self.in_body and not self.hidden_depth and not declared_english:
            self.texts.append(_normal(data))


def seen_texts(html: str) -> list[str]:
    parser = SeenText()
    parser.feed(html)
    parser.close()
    return [text for text in parser.texts if text and text not in STAYS_ENGLISH]


class CatalogueString:
    """One English string of our catalogues, as it can show on a page."""

    def __init__(self, msgid: str):
        self.msgid = _normal(msgid)
        parts = PLACEHOLDER.split(self.msgid)
        self.pattern = re.compile(".+?".join(re.escape(part) for part in parts))
        self.has_placeholder = len(parts) > 1

    def shows_in(self, text: str) -> bool:
        if self.pattern.fullmatch(text):
            return True
        return len(self.msgid) >= SENTENCE and not self.has_placeholder and self.msgid in text


def _catalogue_strings(language: str) -> list[CatalogueString]:
    """Our English strings whose translation into ``language`` reads differently."""
    msgids, same_in_language = set(), set()
    for path in settings.BASE_DIR.glob(f"**/locale/{language}/LC_MESSAGES/django.po"):
        if ".venv" in path.parts:
            continue
        for entry in polib.pofile(str(path)):
            translations = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
            for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
                # "Date" is French too: when one catalogue says so, the word is no leftover.
                (same_in_language if msgid in translations else msgids).add(msgid)
    return [
        CatalogueString(msgid)
        for msgid in sorted(msgids - same_in_language - STAYS_ENGLISH)
        if _findable(msgid)
    ]


def _findable(msgid: str) -> bool:
    letters = len(re.findall(r"[A-Za-z]", PLACEHOLDER.sub("", msgid)))
    # Placeholders with a word or two ("%(first)s and %(last)s") would match any text.
    return letters >= MIN_LETTERS if PLACEHOLDER.search(msgid) else letters >= 2


def _reads_as_interface(text: str) -> bool:
    words = re.findall(r"[A-Za-z]+", text)
    return 0 < len(words) <= SHORT and any(word.lower() in INTERFACE_WORDS for word in words)


@pytest.fixture(scope="module")
def pages(record, addresses) -> dict[str, dict[str, list[str]]]:  # noqa: F811
    """What a reader sees of each public and liaison HTML page, by language and page."""
    seen = {language: {} for language in ("en", *OTHER_LANGUAGES)}
    for role in VIEWERS:
        for language in seen:
            client = Client()
            if record.users[role] is not None:
                client.force_login(record.users[role])
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            for address in addresses:
                if address.expected[role] != OK or address.key.startswith(("admin", "api")):
                    continue
                if address.key in IN_THE_MAILS_LANGUAGE:
                    continue
                response = client.get(address.url)
                assert outcome(response) == OK, f"{address.url} ({language}): {outcome(response)!r}"
                if response.streaming or not response["Content-Type"].startswith("text/html"):
                    continue
                seen[language][f"{address.url} ({role})"] = seen_texts(response.content.decode())
    return seen


def english_left(pages, language: str) -> list[str]:
    strings = _catalogue_strings(language)
    left = []
    for page, texts in pages[language].items():
        english = set(pages["en"][page])
        for text in dict.fromkeys(texts):
            found = next((string.msgid for string in strings if string.shows_in(text)), None)
            if found is None and text in english and _reads_as_interface(text):
                found = text
            if found is not None:
                left.append(f"{page}: “{found}”" + ("" if found == text else f" in “{text[:80]}”"))
    return left


def test_the_check_sees_the_english_interface_on_the_english_page(pages):
    """Else the test below could not fail: the English pages hold catalogue strings and interface text."""
    strings = _catalogue_strings("fr")
    english_texts = {text for texts in pages["en"].values() for text in texts}

    assert len(pages["en"]) >= 15
    assert sum(any(string.shows_in(text) for string in strings) for text in english_texts) >= 50
    assert any(_reads_as_interface(text) for text in english_texts)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_english_is_left_on_a_page_in_another_language(pages, language):
    left = english_left(pages, language)

    assert not left, f"{language}: {len(left)} English strings left:\n" + "\n".join(left[:80])
    print(f"\n{language}: {len(pages[language])} pages read, no English left")
