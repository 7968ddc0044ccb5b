"""The coding stages of this checkout against another commit's, in one process, document by document.

    python benchmarks/stages_ab.py --against 9245ddd [--n 60] [--repeat 3]

On a machine shared with other jobs, two runs minutes apart differ by more than a speed change
of a few per cent (docs/performance.md). This script takes the other commit's ``src/eventmill``
(``git archive``) into a temporary folder as the package ``eventmill_ref`` (its imports renamed;
its data files are read from this checkout's, so compare commits whose ``data/`` agree), loads
both coders, parses ``--n`` Guardian articles once (``$EVENTMILL_SHARED/corpora``), and codes a
fresh copy of each parse with the one coder, then the other, alternating which goes first, for
``--repeat`` passes: the CPU seconds (``time.process_time``) of the two coders are then measured
under the same load, document by document. It prints each coder's seconds, their ratio, each
against spaCy's (one parse), and whether the two coded every document alike (events, incidents,
places and actors, the code hash left out).
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from throughput import load_texts  # noqa: E402


def reference_package(commit: str, folder: Path) -> None:
    """The commit's ``src/eventmill`` as ``folder/eventmill_ref``, importing itself by that name."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "src/eventmill"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    package = folder / "eventmill_ref"
    (folder / "src" / "eventmill").rename(package)
    pattern = re.compile(r"\b(from|import) eventmill(\.|\b)")
    for path in package.rglob("*.py"):
        path.write_text(pattern.sub(r"\1 eventmill_ref\2", path.read_text()))


def documents(records: list[dict], cls: type) -> list:
    """The articles as ``cls`` documents (this checkout's or the reference's), as profile_code.py reads them."""
    from eventmill.ingest import parse_pub_date

    return [cls(id=r["id"], text=r["text"], pub_date=parse_pub_date(r.get("date")), source=r.get("source"))
            for r in records]


def coded(doc) -> str:
    """What the coder made of a document, the coder's version left out."""
    def plain(x):
        d = x.to_dict()
        d.pop("coder", None)
        return d

    return json.dumps([[plain(x) for x in getattr(doc, k)] for k in ("events", "incidents", "places", "actors")],
                      sort_keys=True, default=str)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--against", required=True, help="the commit to compare with (a hash, a branch)")
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        reference_package(args.against, Path(tmp))
        sys.path.insert(0, tmp)
        from eventmill_ref.pipeline import Pipeline as RefPipeline
        from eventmill_ref.records import Document as RefDocument

        from eventmill.nlp import BATCH_SIZE, parse
        from eventmill.pipeline import Pipeline
        from eventmill.records import Document

        records = load_texts(args.n)
        coders = {"this checkout": (Pipeline(), Document), args.against: (RefPipeline(), RefDocument)}
        for pipe, _ in coders.values():
            pipe.warm()
        this = coders["this checkout"][0]
        docs = [this.prepare(d) for d in documents(records, Document)]
        t = time.process_time()
        list(parse(docs, this.nlp, BATCH_SIZE))
        spacy = time.process_time() - t
        parses = [d.spacy.copy() for d in docs]  # (copies made before any coder wrote to them)

        def fresh(pipe, cls) -> list:
            out = [pipe.prepare(d) for d in documents(records, cls)]
            for d, parsed in zip(out, parses, strict=True):
                d.spacy = parsed.copy()
            return out

        for pipe, cls in coders.values():  # the tables both load at their first documents
            for d in fresh(pipe, cls):
                pipe.code_parsed(d)
        gc.freeze()
        spent = dict.fromkeys(coders, 0.0)
        alike = True
        names = list(coders)
        for r in range(args.repeat):
            batches = {name: fresh(*coders[name]) for name in names}
            for k in range(len(records)):
                for name in (names if (k + r) % 2 == 0 else names[::-1]):
                    t = time.process_time()
                    coders[name][0].code_parsed(batches[name][k])
                    spent[name] += time.process_time() - t
                alike = alike and coded(batches[names[0]][k]) == coded(batches[names[1]][k])
    print(f"{len(records)} articles, {args.repeat} passes, alternating document by document (CPU seconds)")
    print(f"  spaCy, one parse            {spacy:7.2f} s")
    for name in names:
        print(f"  {name[:26]:26s}  {spent[name]:7.2f} s   {spent[name] / args.repeat / spacy:.3f} of spaCy a pass")
    print(f"  this checkout / {args.against}: {spent[names[0]] / spent[names[1]]:.3f}")
    print(f"  coded alike: {'yes' if alike else 'NO'}")


if __name__ == "__main__":
    main()
