"""The map's shapes: built from Natural Earth by our command, committed, and complete."""

import csv
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from dashboards import mapgeometry
from dashboards.management.commands.build_map_shapes import MEMBERS
from dashboards.maps import map_shapes


def member_states() -> set[str]:
    with (Path(settings.BASE_DIR) / "fixtures" / "states.csv").open(newline="") as source:
        return {row["iso3"] for row in csv.DictReader(source)}


def test_the_committed_shapes_have_every_member_state():
    shapes = map_shapes()

    assert set(shapes["states"]) == member_states() == set(MEMBERS.values())
    for iso3, shape in shapes["states"].items():
        assert shape["d"].startswith("M"), iso3
        # A state too small to see has a marker of its own, inside the drawing.
        if shape["small"]:
            x, y = shape["callout"]
            assert 0 < x < shapes["width"] and 0 < y < shapes["height"], iso3


def test_the_eastern_caribbean_gets_markers():
    small = {iso3 for iso3, shape in map_shapes()["states"].items() if shape["small"]}

    assert {"ATG", "BRB", "DMA", "GRD", "KNA", "LCA", "VCT"} <= small
    assert not small & {"BRA", "CAN", "USA", "MEX"}


def square(lon, lat, size, scale):
    """A closed ring as one delta-coded arc, in the topology's quantized units."""
    corners = [(lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size), (lon, lat)]
    points = [(round((x + 180) / scale), round((y + 90) / scale)) for x, y in corners]
    return [points[0]] + [(b[0] - a[0], b[1] - a[1]) for a, b in zip(points, points[1:], strict=False)]


def topology(ids_and_squares):
    scale = 0.01
    arcs, geometries = [], []
    for number, (lon, lat, size) in ids_and_squares.items():
        arcs.append(square(lon, lat, size, scale))
        geometries.append({"type": "Polygon", "arcs": [[len(arcs) - 1]], "id": number})
    return {
        "type": "Topology",
        "transform": {"scale": [scale, scale], "translate": [-180, -90]},
        "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": arcs,
    }


def test_the_command_projects_every_member_and_marks_the_small_ones(tmp_path):
    # Members spread over the Americas, every tenth one a speck; Hawaii-like and European
    # islands of a non-member, which the window leaves out.
    places = {
        number: (-120 + (i % 7) * 12, -40 + (i // 7) * 18, 0.05 if i % 10 == 0 else 6)
        for i, number in enumerate(sorted(MEMBERS))
    }
    places["999"] = (-157, 20, 1)
    places["998"] = (10, 50, 5)
    source = tmp_path / "countries.json"
    source.write_text(json.dumps(topology(places)))
    output = tmp_path / "americas.json"

    call_command("build_map_shapes", str(source), output=str(output))

    document = json.loads(output.read_text())
    assert set(document["states"]) == set(MEMBERS.values())
    small = sorted(iso3 for iso3, shape in document["states"].items() if shape["small"])
    assert small == sorted(MEMBERS[n] for i, n in enumerate(sorted(MEMBERS)) if i % 10 == 0)
    assert document["context"] == ""  # neither non-member is in the Americas' window
    assert document["width"] == 1000


def test_the_command_refuses_a_source_without_every_member(tmp_path):
    source = tmp_path / "countries.json"
    source.write_text(json.dumps(topology({"604": (-75, -10, 5)})))

    with pytest.raises(CommandError, match="No outline found for ARG, ATG"):
        call_command("build_map_shapes", str(source), output=str(tmp_path / "out.json"))


def test_simplification_keeps_the_ends_and_the_corners():
    line = [(0, 0), (1, 0.01), (2, 0), (2, 5), (2.01, 6), (2, 7)]

    assert mapgeometry.simplify(line, 0.1) == [(0, 0), (2, 0), (2, 7)]


def test_the_projection_puts_north_up_and_east_right():
    centre = mapgeometry.project(mapgeometry.CENTRE_LON, mapgeometry.CENTRE_LAT)
    north = mapgeometry.project(mapgeometry.CENTRE_LON, mapgeometry.CENTRE_LAT + 10)
    east = mapgeometry.project(mapgeometry.CENTRE_LON + 10, mapgeometry.CENTRE_LAT)

    assert centre == pytest.approx((0, 0))
    assert north[1] < centre[1] and east[0] > centre[0]
