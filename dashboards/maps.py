"""The choropleth map of the Americas, drawn in the page as SVG from committed shapes.

``mapdata/americas.json`` is made by ``manage.py build_map_shapes`` from Natural Earth; see its
README. Nothing is fetched when a page is shown.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from conventions.selectors import StateStatus, TreatyStatus
from dashboards.presenters import STATUS_SYMBOLS, status_legend

MAP_SHAPES = Path(__file__).resolve().parent / "mapdata" / "americas.json"


@cache
def map_shapes() -> dict:
    return json.loads(MAP_SHAPES.read_text())


@dataclass(frozen=True)
class MapState:
    iso3: str
    path: str
    anchor: tuple[float, float]
    # Where a state too small to see has its marker and label, if it is one.
    callout: tuple[float, float] | None
    row: StateStatus | None
    href: str

    @property
    def name(self) -> str:
        return self.row.state.name if self.row else self.iso3

    @property
    def status_class(self) -> str:
        return f"status-{self.row.status}" if self.row else "status-unknown"

    @property
    def status_label(self) -> str:
        return self.row.status.label if self.row else ""

    @property
    def symbol(self) -> str:
        return STATUS_SYMBOLS[self.row.status] if self.row else ""


@dataclass(frozen=True)
class StatusMap:
    treaty: TreatyStatus
    width: int
    height: int
    context: str
    states: list[MapState]
    legend: list[dict]

    @property
    def small_states(self) -> list[MapState]:
        return [state for state in self.states if state.callout]


def status_map(treaty: TreatyStatus, link: Callable[[str], str]) -> StatusMap:
    """The map of ``treaty``'s statuses; ``link(iso3)`` gives where each state's shape leads."""
    shapes = map_shapes()
    rows = {row.state.iso3: row for row in treaty.states}
    states = [
        MapState(
            iso3=iso3,
            path=shape["d"],
            anchor=tuple(shape["anchor"]),
            callout=tuple(shape["callout"]) if shape.get("callout") else None,
            row=rows.get(iso3),
            href=link(iso3),
        )
        for iso3, shape in sorted(shapes["states"].items())
    ]
    return StatusMap(
        treaty=treaty,
        width=shapes["width"],
        height=shapes["height"],
        context=shapes["context"],
        states=states,
        legend=status_legend(treaty),
    )
