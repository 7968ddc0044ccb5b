"""Compile PETRARCH2's CAMEO.2.0 verb dictionary into the lexicon table the package ships.

    python tools/build_cameo2.py [--dictionary PATH] [--out PATH] [--check]

Reads ``$EVENTMILL_SHARED/dictionaries/petrarch2/CAMEO.2.0.txt`` (MIT, Open Event Data
Alliance) and writes ``src/eventmill/data/events/cameo2.tsv``: one row per verb of a synonym
block and pattern of that block, mapped onto the parse (subject, particle, object,
preposition and its object; ``eventmill.events.petrarch_verbs``), with the frame, argument
predicate and confidence ``data/events/petrarch_policy.tsv`` gives its PLOVER type. The
patterns that cannot be expressed are counted by reason and printed (and kept in the
table's header). ``--check`` exits 1 when the shipped table differs from what the
dictionary gives now. The package reads only the compiled table, never the dictionary.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from eventmill.events.petrarch_compile import COLUMNS, compile_dictionary  # noqa: E402

OUT = REPO / "src" / "eventmill" / "data" / "events" / "cameo2.tsv"

HEADER = """\
# CAMEO.2.0 verb patterns compiled into lexicon rows (the columns of verbs.tsv, plus subject, pobject, reverse, source);
#   lemma     the verbs of the synonym block the row holds for, '|'-separated
# Built by tools/build_cameo2.py from PETRARCH2's dictionaries/CAMEO.2.0.txt (openeventdata/petrarch2,
# "CAMEO VERB PATTERN DICTIONARY", last update 30 April 2015); do not edit by hand: change the build or
# data/events/verbs.tsv (a hand row wins over a compiled one: see docs/codebook.md).
# Source: PETRARCH2's CAMEO.2.0.txt, Copyright (c) 2015 Open Event Data Alliance. Licence: MIT (the notice
# in full below); the compilation (the mapping onto the parse, frames, predicates) is eventmill's, MIT.
#   subject   the subject's head must be one of these ("POLICE * [173]": what police seize is an arrest)
#   pobject   with an object constraint too: the particle's (preposition's) own object must be one of these
#   reverse   PETRARCH's [A:B]: the code of what the recipient does to the actor (a visit is also a hosting)
#   source    the dictionary line the pattern (or the verb's own code) is on
#   frame, needs, conf, recipient: from data/events/petrarch_policy.tsv by the code's PLOVER type;
#   frame "report" with an object or particle: a pattern coding no event ([---] or a statement, CAMEO 01)
# Patterns counted by the build (what could not be expressed is left out, never approximated):
{counts}
# Source: CAMEO.2.0.txt, Copyright (c) 2015 Open Event Data Alliance, under the MIT License:
#
# Permission is hereby granted, free of charge, to any person obtaining a copy of
# this software and associated documentation files (the "Software"), to deal in
# the Software without restriction, including without limitation the rights to
# use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
# the Software, and to permit persons to whom the Software is furnished to do so,
# subject to the following conditions:
#
# The above copyright notice and this permission notice shall be included in all
# copies or substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
# FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
# COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
# IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
# CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
#
# The compilation (the mapping onto the parse, frames, predicates) is eventmill's, MIT.
"""


def default_dictionary() -> Path:
    shared = Path(os.environ.get("EVENTMILL_SHARED", REPO.parent / "shared"))
    return shared / "dictionaries" / "petrarch2" / "CAMEO.2.0.txt"


def render(path: Path) -> tuple[str, list[str]]:
    rows, comp = compile_dictionary(path, "CAMEO.2.0.txt", keep_codes=False, own_senses=True)
    rows.sort(key=lambda r: int(r["source"].rsplit(":", 1)[1]))  # dictionary order: the first pattern wins
    report = [f"{n:6d}  {what}" for what, n in sorted(comp.counts.items())]
    report.append(f"{len(rows):6d}  rows written (one per pattern and the verbs it gives the same row)")
    lines = [HEADER.format(counts="\n".join(f"#   {r}" for r in report)), "\t".join(COLUMNS)]
    lines += ["\t".join(r[c] for c in COLUMNS) for r in rows]
    return "\n".join(lines) + "\n", report + [f"warning: {w}" for w in comp.vd.warnings]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dictionary", type=Path, default=default_dictionary())
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="exit 1 if the shipped table is not what the build gives")
    args = ap.parse_args(argv)
    if not args.dictionary.is_file():
        print(f"{args.dictionary}: not found (set EVENTMILL_SHARED to the folder holding dictionaries/)",
              file=sys.stderr)
        return 2
    text, report = render(args.dictionary)
    print("\n".join(report))
    if args.check:
        same = args.out.is_file() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'differs from the build'}")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
