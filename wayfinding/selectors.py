"""Finding a state, a convention or a meeting from what a reader types."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from conventions.models import Convention
from reports.models import Meeting
from states.models import State

# Each name field stored per language, and the codes; a reader may type any of them.
STATE_FIELDS = ("iso3", "iso2", "name_en", "name_es", "name_fr", "name_pt")
CONVENTION_FIELDS = (
    "code",
    *(f"{field}_{language}" for field in ("short_name", "title") for language in ("en", "es", "fr", "pt")),
)
MEETING_FIELDS = ("code", "title_en", "title_es", "title_fr", "title_pt")
# A search shows at most this many of each kind; a word that matches more should be narrowed.
RESULTS_PER_KIND = 25


@dataclass(frozen=True)
class SearchResults:
    states: list[State]
    conventions: list[Convention]
    meetings: list[Meeting]

    def __bool__(self) -> bool:
        return bool(self.states or self.conventions or self.meetings)


def _matching(queryset: QuerySet, fields: tuple[str, ...], text: str) -> list:
    condition = reduce(or_, (Q(**{f"{field}__icontains": text}) for field in fields))
    return list(queryset.filter(condition)[:RESULTS_PER_KIND])


def record_search(text: str) -> SearchResults:
    """States, conventions and meetings whose code or name in any language contains ``text``.

    Three queries, whatever is found: one per kind.
    """
    text = text.strip()
    return SearchResults(
        states=_matching(State.objects.all(), STATE_FIELDS, text),
        conventions=_matching(Convention.objects.all(), CONVENTION_FIELDS, text),
        meetings=_matching(Meeting.objects.select_related("body"), MEETING_FIELDS, text),
    )
