"""Turning Natural Earth country outlines (TopoJSON) into the SVG paths of the map of the Americas.

Used only by ``manage.py build_map_shapes`` when the committed ``mapdata/americas.json`` is made
again; the site itself reads that file and never this module's input.

The projection is Lambert's azimuthal equal-area centred on the middle of the Americas: areas
stay true, so the colours of large and small states weigh as they should, and the shape has no
seam anywhere in the hemisphere (the Aleutians and the Arctic do not tear as on a cylinder).
"""

import math
from dataclasses import dataclass

CENTRE_LON = -80.0
CENTRE_LAT = 12.0
# A polygon is drawn when its middle falls in this window: the Americas and their islands,
# without Hawaii and the Aleutians beyond the antimeridian, which would stretch the frame.
WINDOW_LON = (-170.0, -25.0)
WINDOW_LAT = (-60.0, 84.0)
FAR_PACIFIC_WEST_OF = -140.0
FAR_PACIFIC_SOUTH_OF = 40.0


def project(lon: float, lat: float) -> tuple[float, float]:
    """(x, y) in units of the Earth's radius, y growing southwards as on a screen."""
    lam = math.radians(lon - CENTRE_LON)
    phi = math.radians(lat)
    phi0 = math.radians(CENTRE_LAT)
    cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    k = math.sqrt(2 / (1 + cos_c))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, -y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs as lists of (lon, lat), undoing its quantization and delta coding."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A closed ring from arc indexes; a negative index ~i is arc i walked backwards."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return geometry["arcs"]
    return []


def in_window(points: list[tuple[float, float]]) -> bool:
    lon = sum(p[0] for p in points) / len(points)
    lat = sum(p[1] for p in points) / len(points)
    if not (WINDOW_LON[0] <= lon <= WINDOW_LON[1] and WINDOW_LAT[0] <= lat <= WINDOW_LAT[1]):
        return False
    return not (lon < FAR_PACIFIC_WEST_OF and lat < FAR_PACIFIC_SOUTH_OF)


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: drop the points closer than ``tolerance`` to the line that skips them."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        farthest, distance = None, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if d > distance:
                farthest, distance = i, d
        if farthest is not None:
            keep[farthest] = True
            stack.extend([(first, farthest), (farthest, last)])
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def area(points: list[tuple[float, float]]) -> float:
    return (
        abs(
            sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True))
        )
        / 2
    )


@dataclass
class Shape:
    key: str
    rings: list[list[tuple[float, float]]]

    def path(self) -> str:
        return "".join(
            "M" + "L".join(f"{_n(x)},{_n(y)}" for x, y in ring) + "Z" for ring in self.rings if len(ring) > 2
        )


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class Frame:
    """Maps projected coordinates onto the SVG's viewBox."""

    min_x: float
    min_y: float
    scale: float

    def __call__(self, point: tuple[float, float]) -> tuple[float, float]:
        return (point[0] - self.min_x) * self.scale, (point[1] - self.min_y) * self.scale
