"""Start-up: ``eventmill code`` on one sentence, end to end, against loading the spaCy model alone.

    python benchmarks/startup.py [--repeat 5]

Each run is a fresh process, timed from its start to its exit (the interpreter, the imports,
the model, the knowledge base, the gazetteer and the other tables, coding the sentence,
writing its events), with its peak resident memory. Phases alternate ``--repeat`` times:

- ``code``: ``eventmill code one.txt --date 2026-03-10`` with the table cache as a user has
  it after the first run (``$EVENTMILL_CACHE`` or ``~/.cache/eventmill``; filled once first);
- ``spacy``: ``python -c 'import spacy; spacy.load(MODEL)'``, the floor for any run that parses;
- ``cold``: ``eventmill code`` with an empty cache directory (a first run ever, or the package
  upgraded: the gazetteer and the knowledge base are built and stored).

Prints the median of each (and every run), the share of ``code`` that the model load takes,
and appends a JSON line to benchmarks/results/startup.jsonl. Needs no ``$EVENTMILL_SHARED``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVENTMILL = str(Path(sys.executable).parent / "eventmill")
SENTENCE = "Kenya's foreign minister met Ethiopia's prime minister in Nairobi on Monday.\n"


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far
    return seconds, max(peak, before) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from eventmill.nlp import MODEL_NAME

    work = Path(tempfile.mkdtemp(prefix="eventmill-startup-"))
    one = work / "one.txt"
    one.write_text(SENTENCE, encoding="utf-8")
    code = [EVENTMILL, "code", str(one), "--date", "2026-03-10"]
    spacy_load = [sys.executable, "-c", f"import spacy; spacy.load({MODEL_NAME!r})"]
    env = dict(os.environ)
    subprocess.run(code, capture_output=True, env=env, check=False)  # fill the user's cache once
    runs: dict[str, list[float]] = {"code": [], "spacy": [], "cold": []}
    for _ in range(args.repeat):
        runs["code"].append(timed(code, env)[0])
        runs["spacy"].append(timed(spacy_load, env)[0])
        cold = work / "cold-cache"
        shutil.rmtree(cold, ignore_errors=True)
        runs["cold"].append(timed(code, {**env, "EVENTMILL_CACHE": str(cold)})[0])
    # peak memory of a warm run alone (RUSAGE_CHILDREN keeps the largest child of all)
    peak_code = subprocess.run(
        [sys.executable, "-c", "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True);"
         " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)", *code],
        capture_output=True, text=True, env=env, check=True).stdout.strip()
    med = {k: statistics.median(v) for k, v in runs.items()}
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "repeat": args.repeat,
        "code_s": round(med["code"], 2),
        "spacy_load_s": round(med["spacy"], 2),
        "cold_cache_s": round(med["cold"], 2),
        "model_share": round(med["spacy"] / med["code"], 2),
        "code_peak_mb": round(float(peak_code), 1),
        "runs": {k: [round(x, 2) for x in v] for k, v in runs.items()},
        "load": round(os.getloadavg()[0], 2),
    }
    print(f"one sentence: eventmill code {result['code_s']} s (peak {result['code_peak_mb']} MB); "
          f"python + spaCy model load alone {result['spacy_load_s']} s ({100 * result['model_share']:.0f}% of it); "
          f"first run with an empty cache {result['cold_cache_s']} s (medians of {args.repeat}; "
          f"load average {result['load']})")
    print(json.dumps(result["runs"]), file=sys.stderr)
    (HERE / "results").mkdir(exist_ok=True)
    with open(HERE / "results" / "startup.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(result) + "\n")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
