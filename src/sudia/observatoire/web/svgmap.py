"""The region map as plain SVG geometry, projected on the server: no tile server, no script needed.

Equirectangular projection with the longitudes shrunk by cos(mean latitude), which is close enough
at the scale of one region and keeps the code (and the drawing) predictable.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from sudia.observatoire.geography import department_outlines, load_geography
from sudia.observatoire.types import Actor
from sudia.observatoire.web.labels import kind_colour, kind_label, slug

WIDTH = 800.0
PAD = 12.0
# Prefectures, drawn as landmarks so a reader finds their way without a tile layer.
LANDMARKS = ("Marseille", "Nice", "Toulon", "Avignon", "Gap", "Digne-les-Bains")
# Department names sit at the centre of their main outline, except where it reads badly.
LABEL_NUDGE = {"13": (10.0, -20.0), "06": (0.0, -30.0), "04": (0.0, 10.0)}
SPREAD = 11.0  # actors closer than this (in px) are fanned out around their shared place
MAX_LABELS = 15  # above this many points, names would hide the map: the tooltips and the list remain
CHAR_WIDTH, LINE = 7.4, 15.0  # rough size of a 13px label, to avoid drawing two names over each other


@dataclass(frozen=True)
class Projection:
    west: float
    north: float
    kx: float
    scale: float

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (round(PAD + (lon - self.west) * self.kx * self.scale, 1),
                round(PAD + (self.north - lat) * self.scale, 1))


@dataclass(frozen=True)
class DepartmentShape:
    code: str
    name: str
    path: str  # SVG path data
    label_x: float
    label_y: float
    lines: tuple[str, ...]  # the name, on two lines when long ('Alpes-de-', 'Haute-Provence')


@dataclass(frozen=True)
class Landmark:
    name: str
    x: float
    y: float
    named: bool = True  # False (not drawn) where it would cover a department's or an actor's name


@dataclass(frozen=True)
class MapPoint:
    name: str
    slug: str
    kind: str
    kind_label: str
    colour: str
    place: str
    x: float
    y: float
    label_x: float | None = None  # None: no room for the name, only the tooltip
    label_y: float = 0.0
    anchor: str = "start"


@dataclass(frozen=True)
class RegionMap:
    width: float
    height: float
    departments: tuple[DepartmentShape, ...]
    landmarks: tuple[Landmark, ...]
    points: tuple[MapPoint, ...]


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _ring_area_centroid(ring: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """Shoelace formula: signed area and centroid of a closed ring (in projected pixels)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if abs(area) < 1e-9:
        return 0.0, ring[0][0], ring[0][1]
    return abs(area), cx / (6 * area), cy / (6 * area)


@lru_cache(maxsize=1)
def _base() -> tuple[Projection, float, tuple[DepartmentShape, ...], tuple[Landmark, ...]]:
    features = department_outlines()["features"]
    points = [p for f in features for poly in _polygons(f["geometry"]) for ring in poly for p in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    kx = math.cos(math.radians((north + south) / 2))
    project = Projection(west, north, kx, (WIDTH - 2 * PAD) / ((east - west) * kx))
    height = round(2 * PAD + (north - south) * project.scale, 1)
    shapes = []
    for feature in sorted(features, key=lambda f: f["properties"]["code"]):
        rings = [[project(lon, lat) for lon, lat in ring] for poly in _polygons(feature["geometry"]) for ring in poly]
        path = " ".join("M" + " L".join(f"{x:g},{y:g}" for x, y in ring) + " Z" for ring in rings)
        _, cx, cy = max((_ring_area_centroid(ring) for ring in rings), key=lambda t: t[0])
        dx, dy = LABEL_NUDGE.get(feature["properties"]["code"], (0.0, 0.0))
        name = feature["properties"]["name"]
        shapes.append(DepartmentShape(feature["properties"]["code"], name, path, round(cx + dx, 1),
                                      round(cy + dy, 1), _name_lines(name)))
    geography = load_geography()
    taken = [_department_box(d) for d in shapes]
    landmarks = []
    for name in LANDMARKS:
        location = geography.locate(name)
        if location is not None:
            x, y = project(location.lon, location.lat)
            box = (x + 5, y + 4 - LINE + 3, x + 6 + CHAR_WIDTH * len(name), y + 7)
            landmarks.append(Landmark(name, x, y, named=not any(_overlap(box, other) for other in taken)))
    return project, height, tuple(shapes), tuple(landmarks)


def _department_box(d: DepartmentShape) -> tuple[float, float, float, float]:
    """Where a department's name is written (15px bold, one or two lines centred on its anchor)."""
    width = 9.0 * max(len(line) for line in d.lines)
    return (d.label_x - width / 2, d.label_y - 14, d.label_x + width / 2, d.label_y + 4 + 17 * (len(d.lines) - 1))


def _name_lines(name: str) -> tuple[str, ...]:
    if len(name) <= 12 or "-" not in name:
        return (name,)
    half = len(name) / 2
    cut = min((i for i, ch in enumerate(name) if ch == "-"), key=lambda i: abs(i + 1 - half)) + 1
    return name[:cut], name[cut:]


def region_map(actors: Iterable[Actor]) -> RegionMap:
    """The six departments, the prefectures, and one point per located actor (close ones fanned out)."""
    project, height, shapes, landmarks = _base()
    points: list[MapPoint] = []
    placed: list[tuple[float, float, int]] = []  # centre of a group, actors already drawn there
    for actor in actors:
        if actor.lat is None or actor.lon is None:
            continue
        x, y = project(actor.lon, actor.lat)
        for i, (gx, gy, count) in enumerate(placed):
            if math.hypot(x - gx, y - gy) < SPREAD:
                angle = count * 2 * math.pi / 6
                placed[i] = (gx, gy, count + 1)
                x, y = round(gx + SPREAD * math.cos(angle), 1), round(gy + SPREAD * math.sin(angle), 1)
                break
        else:
            placed.append((x, y, 1))
        points.append(MapPoint(actor.name, slug(actor.name), actor.kind, kind_label(actor.kind),
                               kind_colour(actor.kind), actor.places[0] if actor.places else "", x, y))  # drawn at its first place
    if len(points) <= MAX_LABELS:
        points = _labelled(points, [_department_box(d) for d in shapes])
        landmarks = tuple(replace(m, named=m.named and all(math.hypot(m.x - p.x, m.y - p.y) > 40 for p in points))
                          for m in landmarks)
    return RegionMap(WIDTH, height, shapes, landmarks, tuple(points))


def _labelled(points: list[MapPoint], taken: list[tuple[float, float, float, float]]) -> list[MapPoint]:
    """Writes each name beside its point, on the first side where it overlaps no other name or point."""
    boxes = [*taken, *((p.x - 9, p.y - 9, p.x + 9, p.y + 9) for p in points)]
    out = []
    for p in points:
        width = CHAR_WIDTH * len(p.name)
        for lx, ly, anchor in ((p.x + 12, p.y + 4.5, "start"), (p.x - 12, p.y + 4.5, "end"),
                               (p.x, p.y - 13, "middle"), (p.x, p.y + 22, "middle")):
            left = {"start": lx, "end": lx - width, "middle": lx - width / 2}[anchor]
            box = (left, ly - LINE + 3, left + width, ly + 3)
            inside = box[0] >= 0 and box[2] <= WIDTH
            if inside and not any(_overlap(box, other) for other in boxes):
                boxes.append(box)
                out.append(replace(p, label_x=round(lx, 1), label_y=round(ly, 1), anchor=anchor))
                break
        else:
            out.append(p)
    return out


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
