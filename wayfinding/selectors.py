"""The site's search: states, conventions and meetings by name or code, in any language."""

from dataclasses import dataclass

from django.db.models import Q

from conventions.models import Convention
from reports.models import Meeting
from states.models import State

# Enough for any name a reader types; more is neither a name nor a code.
QUERY_MAX_LENGTH = 100
QUERY_MIN_LENGTH = 2
# Per kind: a search that matches more than this asks for a longer query, not a longer page.
RESULTS_PER_KIND = 25

LANGUAGES = ("en", "es", "fr", "pt")


def _any_language(prefix: str, query: str) -> Q:
    return Q(*(Q(**{f"{prefix}_{language}__icontains": query}) for language in LANGUAGES), _connector=Q.OR)


@dataclass(frozen=True)
class SearchResults:
    states: list[State]
    conventions: list[Convention]
    meetings: list[Meeting]

    def __bool__(self) -> bool:
        return bool(self.states or self.conventions or self.meetings)


def record_search(query: str) -> SearchResults:
    """What ``query`` names: three queries whatever it finds.

    A code is matched from its start (``A-6`` finds A-63 and A-66, ``PE`` Peru by ISO3), a name
    anywhere in any of the four languages. Meetings have no title in every language, so their
    body's name and acronym are searched too.
    """
    states = State.objects.filter(
        Q(iso3__istartswith=query) | Q(iso2__iexact=query) | _any_language("name", query)
    ).order_by("name_en")
    conventions = Convention.objects.filter(
        Q(code__istartswith=query) | _any_language("short_name", query) | _any_language("title", query)
    ).order_by("code")
    meetings = (
        Meeting.objects.filter(
            Q(code__istartswith=query)
            | Q(title_en__icontains=query)
            | Q(title_es__icontains=query)
            | Q(body__acronym__iexact=query)
            | _any_language("body__name", query)
        )
        .select_related("body")
        .order_by("-date_earliest")
    )
    return SearchResults(
        states=list(states[:RESULTS_PER_KIND]),
        conventions=list(conventions[:RESULTS_PER_KIND]),
        meetings=list(meetings[:RESULTS_PER_KIND]),
    )
