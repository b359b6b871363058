"""Numbers that the browser reads, not a person, are written the same in every language.

A coordinate, a width or a value in a data attribute is read by the browser or a script, which
take only a decimal point: "112,5" on a Spanish page is two numbers or none, and the overview's
chart and map fall apart. Every HTML page the access walk knows is asked for in each language
by someone who may see it, and what a machine reads of it is checked: the attributes of SVG
elements (the overview's timelines and map), data-*, style and aria-value* attributes, the
value of a meter or progress bar, and inline JSON.
"""

import json
import re
from html.parser import HTMLParser
from typing import NamedTuple

import pytest
from django.conf import settings
from django.test import Client

from tracker.tests.test_access_walk import OK, addresses, outcome, record  # noqa: F401

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Who asks for each page: the first of these whom the access table lets see it.
VIEWERS = ("superuser", "liaison_a", "anonymous")

DECIMAL_COMMA = re.compile(r"\d,\d")
FRACTION = re.compile(r"\d\.\d")
# In SVG path data and point lists, and in JSON, a comma separates numbers: there a decimal
# comma shows only as a value that differs from the English page's.
COMMA_SEPARATED = {"d", "points", "json"}
# Attributes of SVG elements that people read, in their language.
HUMAN_TEXT = {
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "title",
    "alt",
    "lang",
}
MACHINE_READ_ANYWHERE = {"style", "aria-valuenow", "aria-valuemin", "aria-valuemax"}
METER_VALUES = {"value", "min", "max", "low", "high", "optimum"}


class Value(NamedTuple):
    tag: str
    name: str
    text: str

    def __str__(self):
        return f'<{self.tag} {self.name}="{self.text[:80]}">'


class MachineRead(HTMLParser):
    """The values of a page that a machine reads."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: list[Value] = []
        self.svg_depth = 0
        self.in_json = False

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.svg_depth += 1
        for name, text in attrs:
            if text is not None and self._machine_read(tag, name):
                self.values.append(Value(tag, name, text))
        self.in_json = tag == "script" and "json" in (dict(attrs).get("type") or "")

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg_depth -= 1
        if tag == "script":
            self.in_json = False

    def handle_data(self, data):
        if self.in_json:
            # Its names and titles are in the page's language; its numbers must not be.
            self.values.append(Value("script", "json", json.dumps(numbers_in(json.loads(data)))))

    def _machine_read(self, tag: str, name: str) -> bool:
        return (
            (self.svg_depth > 0 and name not in HUMAN_TEXT)
            or name.startswith("data-")
            or name in MACHINE_READ_ANYWHERE
            or (tag in ("meter", "progress") and name in METER_VALUES)
        )


def numbers_in(data) -> list:
    """The numbers of a JSON document, and its strings that hold digits, in document order."""
    if isinstance(data, dict):
        return [number for value in data.values() for number in numbers_in(value)]
    if isinstance(data, list):
        return [number for value in data for number in numbers_in(value)]
    if isinstance(data, str):
        return [data] if re.search(r"\d", data) else []
    return [] if isinstance(data, bool) or data is None else [data]


def machine_read(html: str) -> list[Value]:
    parser = MachineRead()
    parser.feed(html)
    parser.close()
    return parser.values


@pytest.fixture(scope="module")
def pages(record, addresses) -> dict[str, dict[str, list[Value]]]:  # noqa: F811
    """What a machine reads of each HTML page of the walk, by language and address."""
    clients = {}
    for role in VIEWERS:
        for language in LANGUAGES:
            client = Client()
            if record.users[role] is not None:
                client.force_login(record.users[role])
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            clients[role, language] = client
    read = {language: {} for language in LANGUAGES}
    for address in addresses:
        viewer = next((role for role in VIEWERS if address.expected[role] == OK), None)
        if viewer is None:
            continue
        for language in LANGUAGES:
            response = clients[viewer, language].get(address.url)
            assert outcome(response) == OK, f"{address.url} ({language}): {outcome(response)!r}"
            if response.streaming or not response["Content-Type"].startswith("text/html"):
                break
            read[language][address.url] = machine_read(response.content.decode())
    return read


def test_the_walk_draws_charts_with_fractional_coordinates(pages):
    """Else the test below could not fail."""
    fractional = [
        value
        for values in pages["en"].values()
        for value in values
        if value.name not in COMMA_SEPARATED and FRACTION.search(value.text)
    ]

    assert {value.tag for value in fractional} >= {"line", "text", "circle"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_writes_a_machine_read_number_with_a_decimal_comma(pages, language):
    wrong = []
    for url, values in pages[language].items():
        english = set(pages["en"][url])
        for value in values:
            if value.name in COMMA_SEPARATED:
                if value not in english:
                    wrong.append(f"{url}: {value}, not as on the English page")
            elif DECIMAL_COMMA.search(value.text):
                wrong.append(f"{url}: {value}")

    assert not wrong, f"{language}: {len(wrong)} machine-read values with a decimal comma:\n" + "\n".join(
        wrong[:40]
    )
    print(
        f"\n{language}: {len(pages[language])} HTML pages, "
        f"{sum(len(values) for values in pages[language].values())} machine-read values"
    )
