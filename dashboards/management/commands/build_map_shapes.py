"""Make ``dashboards/mapdata/americas.json``, the map's shapes, from Natural Earth outlines.

Run only when the shapes should change; the site reads the committed file. The source is the
npm package ``world-atlas`` (Natural Earth admin-0, 1:50m, public domain), fetched with
``npm pack world-atlas@2.0.2`` and unpacked anywhere: see ``dashboards/mapdata/README.md``.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dashboards import mapgeometry as geo

OUTPUT = Path(__file__).resolve().parents[2] / "mapdata" / "americas.json"
WIDTH = 1000
# Tolerance of the simplification, in units of the 1000-wide drawing.
TOLERANCE = 0.6
# Islets smaller than this (square units) are dropped, except from the small island states.
SMALLEST_RING = 1.5
# A state whose outline fits in a box this wide is too small to see or click: it gets a
# marker in a column beside the Caribbean, joined to where it lies by a leader line.
SMALL_STATE = 16
CALLOUT_GAP = 48
CALLOUT_OFFSET = 150
# Raised above their islands, clear of the Guianas' coast.
CALLOUT_LIFT = 110
MARGIN = 12

# ISO 3166-1 numeric code (the topology's ids) of each OAS member state.
MEMBERS = {
    "028": "ATG", "032": "ARG", "044": "BHS", "052": "BRB", "084": "BLZ", "068": "BOL", "076": "BRA",
    "124": "CAN", "152": "CHL", "170": "COL", "188": "CRI", "192": "CUB", "212": "DMA", "214": "DOM",
    "218": "ECU", "222": "SLV", "308": "GRD", "320": "GTM", "328": "GUY", "332": "HTI", "340": "HND",
    "388": "JAM", "484": "MEX", "558": "NIC", "591": "PAN", "600": "PRY", "604": "PER", "659": "KNA",
    "662": "LCA", "670": "VCT", "740": "SUR", "780": "TTO", "840": "USA", "858": "URY", "862": "VEN",
}  # fmt: skip


class Command(BaseCommand):
    help = "Build the map of the Americas from Natural Earth's countries-50m.json (world-atlas)."

    def add_arguments(self, parser):
        parser.add_argument("source", help="Path to countries-50m.json from the world-atlas package.")
        parser.add_argument("--output", default=str(OUTPUT))

    def handle(self, *args, source, output, **options):
        try:
            topology = json.loads(Path(source).read_text())
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {source}: {error}") from None
        document = build(topology)
        missing = sorted(set(MEMBERS.values()) - set(document["states"]))
        if missing:
            raise CommandError(f"No outline found for {', '.join(missing)}.")
        Path(output).write_text(json.dumps(document, separators=(",", ":"), sort_keys=True) + "\n")
        self.stdout.write(f"Wrote {len(document['states'])} states to {output}.")


def build(topology: dict) -> dict:
    lonlat_arcs = geo.decode_arcs(topology)
    projected = [[geo.project(lon, lat) for lon, lat in arc] for arc in lonlat_arcs]

    # Which polygons of which country are drawn: those whose outer ring is in the window.
    kept: dict[str, list[list[list[int]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        key = MEMBERS.get(geometry.get("id"), "context")
        for polygon in geo.polygons_of(geometry):
            if geo.in_window(geo.ring_points(polygon[0], lonlat_arcs)):
                kept.setdefault(key, []).append(polygon)

    # The frame holds the member states; the context (Greenland, ...) may run off its edge.
    member_points = [
        point
        for key, polygons in kept.items()
        if key != "context"
        for polygon in polygons
        for point in geo.ring_points(polygon[0], projected)
    ]
    min_x = min(p[0] for p in member_points)
    max_x = max(p[0] for p in member_points)
    min_y = min(p[1] for p in member_points)
    max_y = max(p[1] for p in member_points)
    drawable = WIDTH - 2 * MARGIN
    scale = drawable / (max_x - min_x)
    frame = geo.Frame(min_x - MARGIN / scale, min_y - MARGIN / scale, scale)
    height = round((max_y - min_y) * scale + 2 * MARGIN)

    # Simplify arc by arc, so two neighbours keep the same border after simplification.
    arcs = [geo.simplify([frame(p) for p in arc], TOLERANCE) for arc in projected]

    states = {}
    context_rings = []
    for key, polygons in kept.items():
        rings = [geo.ring_points(ring, arcs) for polygon in polygons for ring in polygon]
        if key == "context":
            context_rings.extend(r for r in rings if geo.area(r) >= SMALLEST_RING)
            continue
        states[key] = _state(rings)
    _place_callouts(states)
    return {
        "source": "Natural Earth 1:50m admin-0 countries via world-atlas 2.0.2 (public domain)",
        "projection": f"Lambert azimuthal equal-area centred on {geo.CENTRE_LON}, {geo.CENTRE_LAT}",
        "width": WIDTH,
        "height": height,
        "context": geo.Shape("context", context_rings).path(),
        "states": states,
    }


def _state(rings: list[list[tuple[float, float]]]) -> dict:
    xs = [x for ring in rings for x, _y in ring]
    ys = [y for ring in rings for _x, y in ring]
    small = max(max(xs) - min(xs), max(ys) - min(ys)) < SMALL_STATE
    shown = rings if small else [r for r in rings if geo.area(r) >= SMALLEST_RING]
    largest = max(rings, key=geo.area)
    return {
        "d": geo.Shape("", shown).path(),
        "anchor": [round(v, 1) for v in _centroid(largest)],
        "small": small,
    }


def _centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    signed = 0.0
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        signed += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(signed) < 1e-9:
        return sum(x for x, _y in ring) / len(ring), sum(y for _x, y in ring) / len(ring)
    return cx / (3 * signed), cy / (3 * signed)


def _place_callouts(states: dict) -> None:
    """Stack the small states' markers in a column east of them, north to south."""
    small = sorted(
        (key for key, state in states.items() if state["small"]), key=lambda k: states[k]["anchor"][1]
    )
    if not small:
        return
    column_x = max(states[key]["anchor"][0] for key in small) + CALLOUT_OFFSET
    middle = sum(states[key]["anchor"][1] for key in small) / len(small)
    top = middle - CALLOUT_LIFT - CALLOUT_GAP * (len(small) - 1) / 2
    for index, key in enumerate(small):
        states[key]["callout"] = [round(column_x, 1), round(top + index * CALLOUT_GAP, 1)]
