"""PETRARCH verb patterns compiled into lexicon rows (the bundled CAMEO.2.0 table,
``tools/build_cameo2.py``, and users' verb dictionaries, ``eventmill kb import-petrarch``).

A pattern is mapped onto the parse: the words before ``*`` constrain the subject, a noun
after it the direct object (``{FINANCIAL AID}``: the head with its last modifier), a
particle after it (``UP``, ``OUT``) the verb's particle, ``(PREP NOUN)`` the preposition and
its object, ``(PREP)`` or ``+`` where the target is, ``[A:B]`` the code of the event and of
the recipient's side of it. What has no place in that shape (more than a noun before the
verb, words joined to it, a source marker ``$``, two compound-actor markers ``%``, a second
prepositional phrase with a noun, a pattern whose only code is the target's ``[:173]``, a
word before a multi-word verb, an undefined synonym set) is counted by reason and left out,
never approximated. In a user's dictionary a compound marker ``%`` makes the row need two or
more actors (before ``*``) or targets (after it), and a code with no CAMEO parent makes the
pattern a row that codes no event (in CAMEO.2.0's table both are left out).

The compiled rows pass the same machinery as the hand-written ones: each gets the frame,
argument predicate (``needs``), confidence and recipient slots that
``data/events/petrarch_policy.tsv`` gives its PLOVER type, so a compiled verb codes only
when the parse shows the participants its kind of event needs. A pattern coding no event
(``[---]``, or a statement, CAMEO 01) becomes a row that says so ("seize the opportunity"); so
does a denial (CAMEO 016), which only the hand rows code, with the accuser as recipient.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from eventmill.events.ontology import Code, codes
from eventmill.events.petrarch_verbs import (
    NULL,
    PARTICLES,
    Block,
    Pattern,
    Verb,
    VerbDictionary,
    primary_code,
    read_verb_dictionary,
    synset_name,
)
from eventmill.lang.words import en
from eventmill.resources import read_tsv

COLUMNS = ("lemma", "particle", "object", "cameo", "recipient", "frame", "needs", "conf", "mode", "context",
           "subject", "pobject", "reverse", "source")
_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|[^\s(){}]+")
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her"})
# Words a pattern may hold that say nothing about a noun: TABARI's conditions on auxiliaries and adverbs.
_FUNCTION_WORDS = frozenset({"not", "were", "was", "is", "are", "be", "been", "would", "will", "should", "may",
                             "can", "could", "to", "so", "now", "again", "and", "or", "that", "this", "then",
                             "really", "recently", "indicated", "said", "failed", "suggested", "inching",
                             "himself", "herself", "itself", "themselves", "positively", "bitterly", "oddly"})
# CAMEO codes whose compiled patterns are read as statements although the ontology types the code:
# a denial (016) is REJECT only with its accuser as recipient, which the hand rows of verbs.tsv find
# ("deny the charge" -> the charge's owner); PETRARCH's 016 block also lists verbs of labelling,
# writing and pleading ("brand", "publish a denial", "plead not guilty") that would code refusals.
_STATEMENT_CODES = frozenset({"016"})


@dataclass(frozen=True)
class Policy:
    """How compiled rows of one PLOVER type are read (``data/events/petrarch_policy.tsv``)."""

    frame: str
    needs_verb: str
    needs_pattern: str
    conf_verb: float
    conf_pattern: float
    recipient: str


@lru_cache(maxsize=1)
def policies() -> dict[str, Policy]:
    return {r["plover"]: Policy(r["frame"] or "plain", r["needs_verb"], r["needs_pattern"], float(r["conf_verb"]),
                                float(r["conf_pattern"]), r["recipient"])
            for r in read_tsv("events/petrarch_policy.tsv")}


def _singular(word: str) -> str:
    """The singular of a regular plural head ("exercises" -> "exercise"), as spaCy lemmatizes
    the text's head; other words as they are ("news", "arms")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ews", "ics", "arms")) and len(word) > 3:
        return word[:-1]
    return word


class Unexpressible(Exception):
    """A pattern the parse-based matcher cannot express; the message is the reason counted."""


@dataclass
class Parts:
    """A pattern mapped onto the parse."""

    subject: set[str] | None = None
    particle: str | None = None
    object: set[str] | None = None
    pobject: set[str] | None = None
    target: str | None = None  # "dobj" or a preposition: where the recipient is
    reverse: str | None = None
    several: str | None = None  # PETRARCH's compound marker %: "actors" (before *) or "recipients" (after)
    notes: list[str] = field(default_factory=list)  # simplifications made


def _subject(comp: Compiler, pre: list[str]) -> set[str] | None:
    """The words before ``*``: nothing, or one noun (phrase) the subject must be."""
    pre = [t for t in pre if t != "^"]
    if "+" in pre or "$" in pre:
        raise Unexpressible("a source or target marker before the verb or after it ($)")
    if len(pre) > 1:
        raise Unexpressible("more than one word before the verb")
    if not pre:
        return None
    if pre[0].startswith("("):
        raise Unexpressible("a prepositional phrase before the verb")
    if pre[0].lower().strip("{}") in en("preposition") | _FUNCTION_WORDS:
        raise Unexpressible("a function word before the verb")
    return comp.keys(pre[0])


def _prepositional(comp: Compiler, tok: str, parts: Parts) -> tuple[str, set[str] | None]:
    """ "(FOR {FINANCIAL AID})", "(TO)", "(AGAINST +)": the preposition and its noun's keys."""
    inner = _TOKEN.findall(tok[1:-1])
    if not inner:
        raise Unexpressible("an empty prepositional phrase")
    prep = inner[0].lower()
    rest = [t for t in inner[1:] if t != "^"]
    if "+" in rest:
        parts.target = prep
        rest = [t for t in rest if t != "+"]
    if "$" in rest or "%" in rest:
        raise Unexpressible("a source or compound marker in a prepositional phrase")
    if len(rest) > 1:
        raise Unexpressible("a prepositional phrase of more than one noun phrase")
    return prep, (comp.keys(rest[0]) if rest else None)


def _after(comp: Compiler, post: list[str], parts: Parts) -> tuple[str, set[str] | None] | None:
    """The words after ``*``: a particle, an object, one prepositional phrase; the last is
    returned for :func:`_combine`."""
    pp: tuple[str, set[str] | None] | None = None
    if "$" in post:
        raise Unexpressible("a source or target marker before the verb or after it ($)")
    for tok in post:
        if tok == "+":
            parts.target = pp[0] if pp is not None else "dobj"
        elif tok == "^":
            continue
        elif tok.startswith("("):
            prep, keys = _prepositional(comp, tok, parts)
            if pp is None:
                pp = (prep, keys)
            elif keys is None:
                parts.notes.append("simplified: a second preposition without a noun ignored")
            else:
                raise Unexpressible("two prepositional phrases with nouns")
        elif tok.lower() in PARTICLES and parts.particle is None and parts.object is None and pp is None:
            parts.particle = tok.lower()
        elif parts.object is not None or pp is not None:
            raise Unexpressible("a noun after the object or after a prepositional phrase")
        elif tok.lower() in _FUNCTION_WORDS or tok.lower() in en("preposition") - PARTICLES:
            raise Unexpressible("a function word after the verb")
        else:
            parts.object = comp.keys(tok)
    return pp


def _combine(parts: Parts, pp: tuple[str, set[str] | None] | None) -> None:
    """Fit a particle, an object and a prepositional phrase into the row's particle, object
    and pobject: the preposition is the particle, its noun the object (or the pobject when
    there is an object too); a bare "(TO)" says where the target is."""
    if pp is not None and parts.particle is not None:
        if pp[1] is None:
            parts.notes.append("simplified: a preposition without a noun after a particle ignored")
            pp = None
        elif parts.object is None:
            raise Unexpressible("a particle and a prepositional phrase")
        else:
            raise Unexpressible("a particle, an object and a prepositional phrase")
    if pp is not None:
        prep, keys = pp
        if keys is None:
            parts.target = parts.target or prep  # "- * (TO)": the target follows the preposition
        elif parts.object is None:
            parts.object = keys
        else:
            parts.pobject = keys
        parts.particle = prep
    if parts.target not in (None, "dobj") and parts.target not in en("preposition"):
        raise Unexpressible("a target after a word that is not a preposition")


class Compiler:
    """Turns the blocks of one dictionary into lexicon rows, counting what it leaves out."""

    def __init__(self, vd: VerbDictionary, source: str, code_table: dict[str, Code] | None = None, *,
                 keep_codes: bool = True, readings: bool | None = None, own_senses: bool = False) -> None:
        self.vd = vd
        # A pattern refining the own code of the verb its comment names holds for that verb alone
        # (see _other_sense).
        self.own_senses = own_senses
        self.source = source
        self.codes = code_table if code_table is not None else codes()
        self.keep_codes = keep_codes  # a user's own codes kept; CAMEO.2.0's few extra ones read as their parent
        # Readings added for users' dictionaries: TABARI's bare prepositional phrases ("* FROM
        # TREATY"), a block's default [A:B] with its recipient's side. The bundled CAMEO.2.0
        # table (keep_codes False) keeps the build it was measured with.
        self.readings = keep_codes if readings is None else readings
        self.counts: Counter[str] = Counter()
        self.first: dict[str, int] = {}  # reason -> the first line it was counted on
        self.extra_codes: dict[str, str] = {}  # a user's code -> the CAMEO code it is read as
        self.exact = False  # keys only for phrases they hold whole (a no-event row for an untyped code)

    # ---------------------------------------------------------------- words

    def words(self, token: str, depth: int = 0) -> list[list[str]]:
        """The word sequences a pattern word or ``{phrase}`` stands for (synonym sets expanded)."""
        seqs: list[list[str]] = [[]]
        for w in token.strip("{}").replace("_", " ").split():
            if w.startswith("&"):
                members = self.vd.synsets.get(synset_name(w)) if depth < 4 else None
                if members is None:
                    raise Unexpressible("an undefined synonym set")
                alts = [alt for m in members for alt in self.words(m, depth + 1)]
            else:
                alts = [[w.lower()]]
            seqs = [s + a for s in seqs for a in alts]
        return [[w for w in s if w not in _DETERMINERS] for s in seqs if s]

    def keys(self, token: str) -> set[str]:
        """The keys a noun (phrase) matches, as :func:`eventmill.events.triggers.head_keys`
        makes them: the head as written, or "last-modifier head" with the head singular."""
        out: set[str] = set()
        for seq in self.words(token):
            if not seq:
                continue
            if not all(re.match(r"^[a-z][a-z'.-]*$", w) for w in seq):
                raise Unexpressible("a phrase with digits or symbols")
            if self.exact and len(seq) > 2:
                continue  # the key would hold only its last two words
            out.add(seq[-1] if len(seq) == 1 else f"{seq[-2]} {_singular(seq[-1])}")
        if not out and self.exact:
            raise Unexpressible("a phrase of more than two words with a code that cannot be typed")
        if not out:
            raise Unexpressible("an empty noun phrase")
        return out

    # ---------------------------------------------------------------- codes

    def code(self, raw: str) -> str | None:
        """The CAMEO code a pattern's code is read as; None for "---" (no event). A user's own
        code that is not CAMEO's is kept and read as its nearest CAMEO parent ("1717" as 171,
        "174K" as 174); one with no CAMEO parent cannot be typed in PLOVER."""
        if raw.startswith(":"):
            raise Unexpressible("only a code for the target acting on the source ([:code])")
        code = primary_code(raw)
        if code in ("", NULL):
            return None
        if code in self.codes:
            return code
        for n in range(len(code) - 1, 1, -1):
            parent = code[:n]
            if parent in self.codes and self.codes[parent].plover:
                self.counts[f"codes read as their CAMEO parent: {code} as {parent}"] += 1
                if not self.keep_codes:
                    return parent
                self.extra_codes[code] = parent
                return code
        raise Unexpressible("a code that is not CAMEO and has no CAMEO parent")

    def reverse(self, raw: str) -> str | None:
        """The code of ``[A:B]``'s B: what the target does to the source ("[042:043]": a visit is
        also a hosting); None when there is none or it cannot be typed."""
        if ":" not in raw:
            return None
        try:
            code = self.code(raw.split(":", 1)[1].strip())
        except Unexpressible:
            return None
        return code if code is not None and self.plover(code) is not None else None

    def plover(self, code: str) -> str | None:
        code = self.extra_codes.get(code, code)
        return None if code in _STATEMENT_CODES else self.codes[code].plover

    # ---------------------------------------------------------------- patterns

    def parse_pattern(self, text: str) -> Parts:
        """A pattern's subject, particle, object, pobject and target; raises Unexpressible."""
        return self.parse_tokens(_TOKEN.findall(text))

    def parse_tokens(self, tokens: list[str]) -> Parts:
        if "*" not in tokens:
            if any(t.endswith("*") or t.startswith("*") for t in tokens):
                raise Unexpressible("words joined to the verb (IN_*)")
            raise Unexpressible("no verb position (*)")
        several = None
        if "%" in tokens:
            if not self.readings or tokens.count("%") > 1:
                raise Unexpressible("a compound-actor marker (%)")
            # "% * [030:030]": the subject is a compound whose members act on each other; "* WITH %":
            # the target is a compound. The row needs two or more actors (recipients) there.
            several = "actors" if tokens.index("%") < tokens.index("*") else "recipients"
            mark = [] if several == "actors" else ["+"]
            tokens = [x for t in tokens for x in (mark if t == "%" else [t])]
        star = tokens.index("*")
        parts = Parts(subject=_subject(self, tokens[:star]), several=several)
        _combine(parts, _after(self, tokens[star + 1:], parts))
        return parts

    def variants(self, text: str) -> list[list[str]]:
        """The pattern's tokens, and with ``readings`` TABARI's prepositional phrases written
        without parentheses read as PETRARCH's: "* FROM TREATY" as "* (FROM TREATY)", and a
        synonym set of prepositions before a noun ("* &PREPOSIT1 RESOLUTION", the set being
        AGAINST, IN, ON, ...) as one pattern per preposition."""
        tokens = _TOKEN.findall(text)
        if not self.readings or "*" not in tokens:
            return [tokens]
        star = tokens.index("*")
        out: list[list[str]] = [tokens[:star + 1]]
        i = star + 1
        while i < len(tokens):
            preps = self._prepositions(tokens[i])
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if preps and nxt in ("+", "%"):  # "* WITH +": the target follows the preposition
                out = [[*o, f"({p} +)", *(["%"] if nxt == "%" else [])] for o in out for p in preps]
                i += 2
                continue
            if preps and nxt is not None and self._noun_word(nxt):
                run = self._noun_run(tokens, i + 1)
                out = [[*o, f"({p} {run})"] for o in out for p in preps]
                i += 1 + self._run_length(tokens, i + 1)
                continue
            if self._noun_word(tokens[i]) and tokens[i].lower() not in PARTICLES:
                # "* TRADE PROTOCOL": words written one after another are one noun phrase, its last
                # word the head ("{TRADE PROTOCOL}"), not a noun after the object
                out = [[*o, self._noun_run(tokens, i)] for o in out]
                i += self._run_length(tokens, i)
                continue
            out = [[*o, tokens[i]] for o in out]
            i += 1
        return out

    def _run_length(self, tokens: list[str], i: int) -> int:
        """How many noun words follow one another from ``tokens[i]`` (at least one)."""
        n = 1
        while i + n < len(tokens) and self._noun_word(tokens[i + n]) and tokens[i + n].lower() not in PARTICLES \
                and not tokens[i + n].startswith("{"):
            n += 1
        return n if not tokens[i].startswith("{") else 1

    def _noun_run(self, tokens: list[str], i: int) -> str:
        """The noun words from ``tokens[i]`` as one phrase: "TRADE PROTOCOL" as "{TRADE PROTOCOL}"."""
        n = self._run_length(tokens, i)
        return tokens[i] if n == 1 else "{" + " ".join(tokens[i:i + n]) + "}"

    def _prepositions(self, tok: str) -> list[str]:
        """The prepositions a pattern word stands for: itself, or every member of a synonym set
        of single prepositions; none for any other word."""
        prepositions = en("preposition")
        if tok.startswith("&"):
            members = [m.strip().lower() for m in self.vd.synsets.get(synset_name(tok), [])]
            return [m.upper() for m in members] if members and all(m in prepositions for m in members) else []
        return [tok] if tok.lower() in prepositions else []

    def _noun_word(self, tok: str) -> bool:
        """Can this pattern word be a preposition's noun ("TREATY", "{FINANCIAL AID}", "&TOWN")?"""
        if tok.startswith("(") or tok in ("+", "^", "$", "%", "*"):
            return False
        return not self._prepositions(tok) and tok.lower() not in _FUNCTION_WORDS

    # ---------------------------------------------------------------- rows

    def row(self, verb: Verb, code: str | None, parts: Parts, line: int, *, default: bool) -> dict[str, str]:
        """One lexicon row. ``code`` None is a known non-event ("seize the opportunity")."""
        obj, particle = parts.object, parts.particle or verb.particle
        if verb.particle and parts.particle and parts.particle != verb.particle:
            raise Unexpressible("a particle on the verb and another in the pattern")
        if verb.object:
            if obj is not None:
                raise Unexpressible("an object on the verb and another in the pattern")
            obj = {verb.object}
        cells = {"lemma": verb.lemma, "particle": particle, "object": obj, "subject": parts.subject,
                 "pobject": parts.pobject, "source": f"{self.source}:{line}", "mode": None, "context": None}
        plover = self.plover(code) if code is not None else None
        if plover is None:  # no event, or a statement (CAMEO 01): a verb's clause is then reported speech
            return _cells(cells, cameo=code or "010", recipient=None, frame="report", needs=None, conf=0.0)
        pol = policies()[plover]
        slots = [parts.target] if parts.target else []
        slots += [s for s in pol.recipient.split("|") if s and s not in slots]
        bare = default and not obj and not particle and not parts.subject
        needs = "+".join(n for n in ((pol.needs_verb if bare else pol.needs_pattern),
                                     parts.several and f"several_{parts.several}") if n)
        return _cells(cells, cameo=code, recipient="|".join(slots), frame=pol.frame if bare else "plain",
                      needs=needs,
                      conf=pol.conf_verb if bare else pol.conf_pattern, reverse=parts.reverse)

    def compile(self) -> list[dict[str, str]]:
        """Every row the dictionary gives, in file order; ``counts`` says what was left out."""
        rows: list[dict[str, str]] = []
        for block in self.vd.blocks:
            parsed: list[tuple[Pattern, str | None, Parts]] = []
            for p in block.patterns:
                self.counts["patterns"] += 1
                try:
                    code = self._pattern_code(p)
                    # a no-event row standing for an untyped code claims no more than its words:
                    # "golden goblin galleons" is not every "goblin galleons"
                    self.exact = code is None and primary_code(p.code) not in ("", NULL)
                    for tokens in self.variants(p.text):
                        parts = self.parse_tokens(tokens)
                        parts.reverse = self.reverse(p.code)
                        for note in parts.notes:
                            self.counts[note] += 1
                        parsed.append((p, code, parts))
                    if self.exact:
                        self._count("read as no event: a code that is not CAMEO and has no CAMEO parent", p.line)
                except Unexpressible as exc:
                    self._count(f"left out: {exc}", p.line)
                finally:
                    self.exact = False
            owners = {v.lemma: v.code for v in block.verbs if v.code is not None and v.code != NULL}
            for verb in block.verbs:
                mine = [x for x in parsed if not self._other_sense(verb, block, x[0], x[1], owners)]
                rows += self._verb_rows(verb, block.raw if self.readings and block.raw else block.code, mine)
        return dedupe_rows(rows)

    def _pattern_code(self, p: Pattern) -> str | None:
        """A pattern's code; in a user's dictionary a code that cannot be typed (``[903]``) still
        claims the pattern's words, as a row that codes no event: "contribute a million dollars"
        is the dictionary's 903, which has no PLOVER type, not the verb's default contribution."""
        try:
            return self.code(p.code)
        except Unexpressible as exc:
            if not self.readings or "no CAMEO parent" not in str(exc):
                raise
            return None

    def _verb_rows(self, verb: Verb, block_code: str, parsed: list[tuple[Pattern, str | None, Parts]]
                   ) -> list[dict[str, str]]:
        """A verb's own row and one row per pattern of its block."""
        self.counts["verbs"] += 1
        if verb.before:
            self._count("left out (verbs): a word before the verb (WIRE_+TAP)", verb.line)
            return []
        rows = []
        own = verb.code if verb.code is not None else block_code
        speech = False
        try:
            code = self.code(own)
            if code is not None:
                rows.append(self.row(verb, code, Parts(reverse=self.reverse(own)), verb.line, default=True))
                self.counts["rows: verb default"] += 1
                speech = self.plover(code) is None
        except Unexpressible as exc:
            self._count(f"left out (verb defaults): {exc}", verb.line)
        for p, code, parts in parsed:
            if speech and code is not None and self.plover(code) is not None:
                # "described his rival as ...", "citing domestic opposition": what a verb of speech
                # mentions is not an event of its own
                self._count("left out (verb x pattern): an event named by the object of a verb of speech", p.line)
                continue
            try:
                rows.append(self.row(verb, code, parts, p.line, default=False))
                self.counts["rows: pattern" if code else "rows: pattern coding no event"] += 1
            except Unexpressible as exc:
                self._count(f"left out (verb x pattern): {exc}", p.line)
        return rows

    def _other_sense(self, verb: Verb, block: Block, p: Pattern, code: str | None,
                     owners: dict[str, str]) -> bool:
        """Does the pattern refine another verb's own sense (counted when it does)? The verb its
        comment names has a code of its own, the pattern's code is of that code's family, and
        this verb's is not: "- * SITUATION [092] # MONITOR" under "MONITOR [090]" in a block of
        [060] verbs is monitoring a situation, not controlling or handling one."""
        if not self.own_senses or not p.origin or p.origin == verb.lemma or code is None:
            return False
        if (block.code == NULL and p.origin != block.head and p.origin in {v.lemma for v in block.verbs}
                and {q.code[:2] for q in block.patterns if q.origin == block.head} - {code[:2], NULL[:2]}
                and all(q.origin != block.head or q.code[:2] != code[:2] for q in block.patterns)):
            # a block coding nothing of its own is a list of synonyms with no shared event sense:
            # a pattern written for one of its verbs other than the one the block is named for, of
            # a family none of the named verb's patterns has, is that verb's idiom ("- * RIGHT
            # [130] # RESERVE" under MAINTAIN: reserving the right is a threat, upholding or
            # preserving one is not)
            self._count("left out (verb x pattern): another verb's idiom in a block coding nothing", p.line)
            return True
        origin_code = owners.get(p.origin)
        mine = verb.code if verb.code is not None else block.code
        if origin_code is None or code[:2] != origin_code[:2] or mine[:2] == origin_code[:2]:
            return False
        self._count("left out (verb x pattern): another verb's own sense (# VERB with a code of its own)", p.line)
        return True

    def _count(self, reason: str, line: int) -> None:
        self.counts[reason] += 1
        self.first.setdefault(reason, line)

    def left_out(self) -> list[str]:
        """What was left out, one line per reason: how many, and where the first one is."""
        return [f"{self.source}:{self.first[r]}: {r} ({n}; the first here)"
                for r, n in sorted(self.counts.items()) if r.startswith(("left out", "read as no event"))]


def _cells(cells: Mapping[str, object], **values: object) -> dict[str, str]:
    """A row's cells as the lexicon tables write them ("-" for nothing, "|" between words)."""
    def cell(v: object) -> str:
        if isinstance(v, float):
            return f"{v:g}"
        if not v:
            return "-"
        return "|".join(sorted(v)) if isinstance(v, set | frozenset) else str(v)

    merged = {**cells, **values}
    return {c: cell(merged.get(c)) for c in COLUMNS}


def dedupe_rows(rows: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    """One row per (lemma, particle, object, subject, pobject): the first in file order wins,
    as the first matching pattern does in PETRARCH. Then the verbs of a synonym block that a
    pattern gives the same row are one row, their lemmas joined ("arrest|capture|seize")."""
    seen: set[tuple[str, ...]] = set()
    grouped: dict[tuple[str, ...], dict[str, str]] = {}
    for r in rows:
        key = (r["lemma"], r["particle"], r["object"], r["subject"], r["pobject"], str("several_" in r["needs"]))
        if key in seen:
            continue
        seen.add(key)
        rest = tuple(r[c] for c in COLUMNS if c != "lemma")
        if rest in grouped:
            grouped[rest]["lemma"] += "|" + r["lemma"]
        else:
            grouped[rest] = dict(r)
    return list(grouped.values())


def extra_code_table(extra: dict[str, str]) -> dict[str, Code]:
    """The code table with a dictionary's own codes added, each read as its CAMEO parent
    (the record keeps the dictionary's code; PLOVER type, mode and Goldstein are the parent's)."""
    table = dict(codes())
    for code, parent in extra.items():
        table[code] = replace(table[parent], cameo=code, label=f"{table[parent].label} (dictionary code {code})")
    return table


def compile_dictionary(path: str | Path, source: str | None = None, *,
                       keep_codes: bool = True, own_senses: bool = False) -> tuple[list[dict[str, str]], Compiler]:
    """Read and compile a verb dictionary: its rows and the compiler (with its counts)."""
    path = Path(path)
    comp = Compiler(read_verb_dictionary(path), source or path.name, keep_codes=keep_codes, own_senses=own_senses)
    return comp.compile(), comp
