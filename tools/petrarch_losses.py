"""Where the PETRARCH validation suite's expected triples are lost, by kind.

    eventmill eval ../shared/gold/petrarch2_validation.jsonl --save-pred pred.jsonl
    python tools/petrarch_losses.py ../shared/gold/petrarch2_validation.jsonl pred.jsonl

Each expected (source, target, code) triple of a record not flagged as expecting no event is
counted once, under the first kind that fits: found; a code eventmill cannot type (neither
CAMEO nor under a CAMEO parent); an actor written as PETRARCH's null or text code (``---``,
``###``, ``"TEXT"``); a stacked agent code (longer than six letters); no event in the record;
then by which of code, source and target the record's events get right.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from eventmill.events.ontology import codes

Triple = tuple[Any, Any, Any]


def _typed(code: str) -> bool:
    table = codes()
    return code in table or any(code[:n] in table for n in range(len(code) - 1, 1, -1))


def kind(expected: Triple, got: set[Triple], announced: bool) -> str:
    source, target, code = expected
    if expected in got:
        return "triple found"
    if not _typed(str(code)):
        return "code neither CAMEO nor under a CAMEO parent"
    if any(x and str(x).startswith(("---", "###", '"')) for x in (source, target)):
        return "an actor coded ---, ### or as quoted text"
    if any(x and len(str(x)) > 6 for x in (source, target)):
        return "a stacked agent code"
    if not got:
        return "no event at all in the record"
    if any(g[0] == source and g[1] == target for g in got):
        return "both actors right, code wrong" + (" (announced action)" if announced else "")
    same = [g for g in got if g[2] == code]
    if not same:
        return "code and an actor wrong"
    g = same[0]
    if g[0] == source:
        return "code and source right, recipient " + ("missing" if g[1] is None else "another")
    return "code and target right, source wrong" if g[1] == target else "code right, both actors wrong"


def losses(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> Counter[str]:
    by_story: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in pred:
        by_story[str(p.get("story_id"))].append(p)
    out: Counter[str] = Counter()
    for g in gold:
        if {"no_event", "error", "discard", "inactive"} & set(g.get("flags") or []):
            continue
        events = by_story[str(g["id"])]
        got = {((e.get("actor") or {}).get("code"), (e.get("recipient") or {}).get("code"), e.get("cameo"))
               for e in events}
        announced = any(e.get("intended") for e in events)
        for x in g.get("expected_events") or []:
            out[kind((x.get("source"), x.get("target"), x.get("code")), got, announced)] += 1
    return out


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("pred", type=Path, help="eventmill eval --save-pred output")
    args = ap.parse_args(argv)
    counts = losses(_read(args.gold), _read(args.pred))
    for k, n in counts.most_common():
        print(f"{n:5d}  {k}")
    print(f"{sum(counts.values()):5d}  expected triples")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
