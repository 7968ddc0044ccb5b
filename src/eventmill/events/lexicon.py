"""The trigger lexicon (``data/events/verbs.tsv``, ``nouns.tsv``), read and checked once per process.

A verb row names a frame (how the verb's complement is read: :mod:`eventmill.events.frames`)
and a predicate its arguments must satisfy (``needs``: :mod:`eventmill.events.predicates`);
a noun row the prepositions that introduce its recipient. The loader rejects a row with an
unknown column value (frame, predicate, CAMEO code, recipient slot, mode, context,
confidence) and says which file and line, so a typo cannot pass silently. Users' own
dictionaries layer over these rows (``eventmill kb import-petrarch``).
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from eventmill.events.ontology import check_mode_context, codes
from eventmill.events.rules import Lexicon, NounRule, VerbRule
from eventmill.lang.words import en
from eventmill.resources import Row, display_name, read_tsv, split

VERB_COLUMNS = ("lemma", "particle", "object", "cameo", "recipient", "frame", "needs", "conf", "mode", "context")
NOUN_COLUMNS = ("lemma", "cameo", "recipient", "needs", "conf", "mode", "context")
_SLOTS = frozenset({"dobj", "iobj", "none"})


def _common(row: Row, relpath: str | Path, needs_known: frozenset[str]) -> tuple[str, float, tuple[str, ...]]:
    """Check the columns verb and noun rows share; return (where, confidence, recipient slots)."""
    where = row.where(relpath)
    if not row["lemma"]:
        raise ValueError(f"{where}: empty lemma")
    if row["cameo"] not in codes():
        raise ValueError(f"{where}: unknown CAMEO code {row['cameo']!r} for {row['lemma']!r}")
    if row["needs"] and row["needs"] not in needs_known:
        raise ValueError(f"{where}: unknown needs {row['needs']!r} for {row['lemma']!r} "
                         f"(known: {', '.join(sorted(needs_known))})")
    try:
        conf = float(row["conf"] or 0.5)
    except ValueError:
        raise ValueError(f"{where}: conf {row['conf']!r} is not a number") from None
    if not 0.0 <= conf <= 1.0:
        raise ValueError(f"{where}: conf {conf} is not between 0 and 1")
    slots = tuple(split(row["recipient"]))
    prepositions = en("preposition")
    for slot in slots:
        if slot not in _SLOTS and slot not in prepositions:
            raise ValueError(f"{where}: recipient slot {slot!r} is not dobj, iobj, none or a preposition")
    check_mode_context(codes()[row["cameo"]].plover, row["mode"] or None, row["context"] or None, where)
    return where, conf, slots


def _header_ok(relpath: str | Path, columns: tuple[str, ...]) -> None:
    rows = read_tsv(relpath)
    if rows and set(columns) - set(rows[0]):
        missing = sorted(set(columns) - set(rows[0]))
        raise ValueError(f"{display_name(relpath)}: missing column(s) {', '.join(missing)}")


def verb_rules(relpath: str | Path = "events/verbs.tsv") -> dict[str, list[VerbRule]]:
    """Verb rows by lemma, most specific first (an object constraint, then a particle)."""
    from eventmill.events.frames import FRAMES
    from eventmill.events.predicates import VERB_NEEDS

    _header_ok(relpath, VERB_COLUMNS)
    verbs: dict[str, list[VerbRule]] = defaultdict(list)
    for row in read_tsv(relpath):
        where, conf, slots = _common(row, relpath, VERB_NEEDS)
        frame = row["frame"] or "plain"
        if frame not in FRAMES:
            raise ValueError(f"{where}: unknown frame {frame!r} (frames: {', '.join(sorted(FRAMES))})")
        lemma = row["lemma"].lower()
        verbs[lemma].append(VerbRule(lemma=lemma, particle=row["particle"].lower() or None,
                                     objects=frozenset(split(row["object"])) or None, cameo=row["cameo"],
                                     recipient=slots or ("dobj",), frame=frame, needs=row["needs"] or None,
                                     conf=conf, mode=row["mode"] or None, context=row["context"] or None,
                                     where=where))
    for rules in verbs.values():
        rules.sort(key=lambda r: -r.specificity)
    return dict(verbs)


def noun_rules(relpath: str | Path = "events/nouns.tsv") -> dict[str, NounRule]:
    """Noun rows by lemma ("attack") or compound ("air strike")."""
    from eventmill.events.predicates import NOUN_NEEDS

    _header_ok(relpath, NOUN_COLUMNS)
    nouns: dict[str, NounRule] = {}
    for row in read_tsv(relpath):
        where, conf, slots = _common(row, relpath, NOUN_NEEDS)
        key = row["lemma"].lower()
        if key in nouns:
            raise ValueError(f"{where}: noun {key!r} is listed twice (first at {nouns[key].where})")
        nouns[key] = NounRule(key, row["cameo"], slots, row["needs"] or None, conf, row["mode"] or None,
                              row["context"] or None, where)
    return nouns


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    return Lexicon(codes(), verb_rules(), noun_rules())
