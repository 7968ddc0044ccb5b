"""The trigger lexicon, read and checked once per process: the hand-written rows
(``data/events/verbs.tsv``, ``nouns.tsv``), the verb patterns compiled from PETRARCH2's
CAMEO.2.0 dictionary (``data/events/cameo2.tsv``, built by ``tools/build_cameo2.py``) under
them, and a user's imported verb dictionaries over or under both.

A verb row names a frame (how the verb's complement is read: :mod:`eventmill.events.frames`)
and a predicate its arguments must satisfy (``needs``: :mod:`eventmill.events.predicates`);
a noun row the prepositions that introduce its recipient. The loader rejects a row with an
unknown column value (frame, predicate, CAMEO code, recipient slot, mode, context,
confidence) and says which file and line, so a typo cannot pass silently.

Layers: a verb is read by the highest layer that knows it, with that layer's rows alone
(most specific first). So a hand row decides how a verb is read wherever CAMEO.2.0 would
code it differently, CAMEO.2.0 is read only for the verbs the hand rows do not code, and a
user's verb dictionary imported over the built-in lexicon decides its own verbs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from eventmill.events.ontology import Code, check_mode_context, codes
from eventmill.events.rules import Lexicon, NounRule, VerbEntry, VerbRule
from eventmill.lang.words import en
from eventmill.resources import display_name, read_tsv, split

if TYPE_CHECKING:
    from eventmill.actors.kb import KnowledgeBase

VERB_COLUMNS = ("lemma", "particle", "object", "cameo", "recipient", "frame", "needs", "conf", "mode", "context")
COMPILED_COLUMNS = (*VERB_COLUMNS, "subject", "pobject", "reverse", "source")
NOUN_COLUMNS = ("lemma", "cameo", "recipient", "needs", "conf", "mode", "context")  # and "owner", optional
_OWNERS = frozenset({"", "recipient"})  # (read_tsv gives "-" as "")
COMPILED = "events/cameo2.tsv"
_SLOTS = frozenset({"dobj", "iobj", "clause", "none"})
Rules = dict[str, list[VerbRule]]


def _common(row: Mapping[str, str], where: str, needs_known: frozenset[str],
            code_table: Mapping[str, Code] | None = None) -> tuple[float, tuple[str, ...]]:
    """Check the columns verb and noun rows share; return (confidence, recipient slots)."""
    table = code_table if code_table is not None else codes()
    if not row["lemma"]:
        raise ValueError(f"{where}: empty lemma")
    if row["cameo"] not in table:
        raise ValueError(f"{where}: unknown CAMEO code {row['cameo']!r} for {row['lemma']!r}")
    for need in split(row["needs"].replace("+", "|")):
        if need not in needs_known:
            raise ValueError(f"{where}: unknown needs {need!r} for {row['lemma']!r} "
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
            raise ValueError(f"{where}: recipient slot {slot!r} is not dobj, iobj, clause, none or a preposition")
    check_mode_context(table[row["cameo"]].plover, row["mode"] or None, row["context"] or None, where)
    return conf, slots


def _header_ok(relpath: str | Path, columns: tuple[str, ...]) -> None:
    rows = read_tsv(relpath)
    if rows and set(columns) - set(rows[0]):
        missing = sorted(set(columns) - set(rows[0]))
        raise ValueError(f"{display_name(relpath)}: missing column(s) {', '.join(missing)}")


def verb_rule(row: Mapping[str, str], where: str, code_table: Mapping[str, Code] | None = None, *,
              strict: bool = False, skip: frozenset[str] = frozenset()) -> list[VerbRule]:
    """The rules of one verb row (one per lemma of its ``lemma`` cell, but those in ``skip``),
    checked."""
    from eventmill.events.frames import FRAMES
    from eventmill.events.predicates import VERB_NEEDS

    row = {k: "" if v.strip() == "-" else v.strip() for k, v in row.items()}  # compiled cells as read_tsv reads them
    conf, slots = _common(row, where, VERB_NEEDS, code_table)
    frame = row["frame"] or "plain"
    if frame not in FRAMES:
        raise ValueError(f"{where}: unknown frame {frame!r} (frames: {', '.join(sorted(FRAMES))})")
    cells = dict(particle=row["particle"].lower() or None, objects=frozenset(split(row["object"])) or None,
                 cameo=row["cameo"], recipient=slots or ("dobj",), frame=frame, needs=row["needs"] or None,
                 conf=conf, mode=row["mode"] or None, context=row["context"] or None, where=where,
                 subject=frozenset(split(row.get("subject", ""))) or None,
                 pobjects=frozenset(split(row.get("pobject", ""))) or None, strict=strict,
                 reverse=row.get("reverse") or None, also=row.get("also") or None)
    for extra in (cells["reverse"], cells["also"]):
        if extra is not None and extra not in (code_table if code_table is not None else codes()):
            raise ValueError(f"{where}: unknown CAMEO code {extra!r} (reverse, also) for {row['lemma']!r}")
    return [VerbRule(lemma=lemma, **cells) for lemma in (w.lower() for w in split(row["lemma"]))  # type: ignore[arg-type]
            if lemma not in skip]


def verb_rules(relpath: str | Path = "events/verbs.tsv", columns: tuple[str, ...] = VERB_COLUMNS,
               skip: frozenset[str] = frozenset()) -> Rules:
    """Verb rows by lemma, most specific first (then in file order), but for the lemmas in
    ``skip`` (an upper layer's: their rows here would never be read). Compiled tables (with a
    ``source`` column) are read strictly: their objects are the verb's own."""
    _header_ok(relpath, columns)
    verbs: Rules = defaultdict(list)
    strict = "source" in columns
    for row in read_tsv(relpath):
        for rule in verb_rule(row, row.where(relpath), strict=strict, skip=skip):
            verbs[rule.lemma].append(rule)
    return {lemma: ordered(rules) for lemma, rules in verbs.items()}


def ordered(rules: Iterable[VerbRule]) -> list[VerbRule]:
    return sorted(rules, key=lambda r: -r.specificity)  # stable: file order among equals


def layer(over: Rules, under: Rules) -> Rules:
    """``over``'s verbs, and ``under``'s for the verbs ``over`` does not know: a verb is read
    by the highest layer that has rows for it, with all of that layer's rows for it."""
    out = {lemma: list(rules) for lemma, rules in over.items()}
    for lemma, rules in under.items():
        out.setdefault(lemma, list(rules))
    return out


def index(rules: Rules) -> dict[str, VerbEntry]:
    return {lemma: VerbEntry.of(rs) for lemma, rs in rules.items()}


def noun_rules(relpath: str | Path = "events/nouns.tsv") -> dict[str, NounRule]:
    """Noun rows by lemma ("attack") or compound ("air strike")."""
    from eventmill.events.predicates import NOUN_NEEDS

    _header_ok(relpath, NOUN_COLUMNS)
    nouns: dict[str, NounRule] = {}
    for row in read_tsv(relpath):
        where = row.where(relpath)
        conf, slots = _common(row, where, NOUN_NEEDS)
        key = row["lemma"].lower()
        if key in nouns:
            raise ValueError(f"{where}: noun {key!r} is listed twice (first at {nouns[key].where})")
        owner = row.get("owner", "")  # (a table written before the column: the possessive is the doer)
        if owner not in _OWNERS:
            raise ValueError(f"{where}: unknown owner {owner!r} (- or recipient)")
        nouns[key] = NounRule(key, row["cameo"], slots, row["needs"] or None, conf, row["mode"] or None,
                              row["context"] or None, where, owner_undergoes=owner == "recipient")
    return nouns


@lru_cache(maxsize=1)
def builtin_verbs() -> Rules:
    """The hand rows over the compiled CAMEO.2.0 rows."""
    hand = verb_rules()
    return layer(hand, verb_rules(COMPILED, COMPILED_COLUMNS, skip=frozenset(hand)))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The built-in lexicon: read from the table cache (``tables.py``) when one built from the
    same files and code is there (reading and checking the 7,500 verb rows takes a third of a
    second at every start), else built and cached."""
    from eventmill.tables import cached_table

    return cached_table("lexicon", lexicon_sources(), build_lexicon)


def build_lexicon() -> Lexicon:
    return Lexicon(codes(), index(builtin_verbs()), noun_rules())


def lexicon_sources() -> list[Path]:
    """Everything the built-in lexicon is read from or checked against: the event, ontology,
    language and sector tables and the code that reads them (a change to any builds it again)."""
    from eventmill.tables import package_file

    files = [f for folder in ("data/events", "data/ontology", "data/lang")
             for f in sorted(package_file(folder).rglob("*")) if f.is_file()]
    code = [f for folder in ("events", "lang") for f in sorted(package_file(folder).glob("*.py"))]
    return files + code + [package_file("resources.py"), package_file("sectors.py")]


def layered_lexicon(layers: Iterable[tuple[str, Rules]], code_table: Mapping[str, Code] | None = None) -> Lexicon:
    """The built-in lexicon with users' verb rows layered ``over`` or ``under`` it, in order;
    the verbs of ``over`` layers are also read by their written form (``Lexicon.forms``)."""
    verbs = builtin_verbs()
    forms: set[str] = set()
    for where, rules in layers:
        verbs = layer(rules, verbs) if where == "over" else layer(verbs, rules)
        if where == "over":
            forms |= set(rules)
    return Lexicon(dict(code_table or codes()), index(verbs), noun_rules(), frozenset(forms))


def lexicon_for(kb: KnowledgeBase | None) -> Lexicon:
    """The lexicon a pipeline codes with: the built-in one, with the verb dictionaries the
    user imported into the knowledge-base file layered in (``eventmill kb import-petrarch``):
    ``over`` sources in import order, each over everything before it, then ``under`` sources,
    the latest first, each only where nothing above reads the words."""
    verb_sources = [s for s in (kb.sources if kb is not None else []) if s.kind == "petrarch-verbs"]
    if kb is None or kb.user_kb is None or not verb_sources:
        return load_lexicon()
    return _user_lexicon(str(kb.user_kb), kb.version)


@lru_cache(maxsize=4)
def _user_lexicon(path: str, _version: str) -> Lexicon:
    from eventmill.actors import store
    from eventmill.events.petrarch_compile import extra_code_table

    conn = store.connect(Path(path), readonly=True)
    try:
        sources = [s for s in store.list_sources(conn) if s.kind == "petrarch-verbs"]
        rows = {s.source: store.read_verb_rows(conn, s.source) for s in sources}
    finally:
        conn.close()
    extra = {r["cameo"]: r["parent"] for rs in rows.values() for r in rs if r.get("parent")}
    table = extra_code_table(extra)
    layers: list[tuple[str, Rules]] = []
    ordered_sources = [s for s in sources if s.layer != "under"] + [s for s in reversed(sources) if s.layer == "under"]
    for s in ordered_sources:
        rules: Rules = defaultdict(list)
        for r in rows[s.source]:
            if r.get("claim"):  # the dictionary's verb, though none of its patterns could be compiled
                rules.setdefault(r["lemma"], [])
                continue
            for rule in verb_rule(r, f"{s.source}:{r.get('source', '?')}", table, strict=True):
                rules[rule.lemma].append(replace(rule, imported=True))
        layers.append((s.layer, {lemma: ordered(rs) for lemma, rs in rules.items()}))
    return layered_lexicon(layers, table)


__all__ = ["builtin_verbs", "layer", "layered_lexicon", "lexicon_for", "load_lexicon", "noun_rules", "verb_rule",
           "verb_rules"]
