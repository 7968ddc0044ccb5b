"""Reading PETRARCH/TABARI verb dictionaries (CAMEO.2.0 and users' own).

A verb dictionary is synonym sets, then verb blocks: the block's verbs, then patterns that
apply to every verb of the block (``dictionaries.rst`` of PETRARCH2)::

    &WEAPON                       # a synonym set: + lines
    +MISSILE
    ---  APPREHEND   [171]  ---   # a block and its default code
    ARREST [173]                  # a verb with its own code
    +ROUND_UP                     # a verb with a particle
    - * &TOWN              [192]  # verb, then its object: "seized the town"
    - POLICE * (IN RAID)   [173]  # subject before the verb, a preposition and its object
    - * (TO)               [042]  # a preposition alone: its object is the target

This module only reads; :mod:`eventmill.events.petrarch_compile` maps the patterns onto
the parse and makes lexicon rows of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from eventmill.lang.words import en

NULL = "---"
PARTICLES = frozenset({"up", "down", "out", "off", "in", "on", "over", "back", "away", "forward", "aside",
                       "through", "around", "along", "together", "apart", "ahead"})
_CODE = re.compile(r"\[([^\]]*)\]")
_ORIGIN = re.compile(r"\]\s*#\s*([A-Za-z]+)\s*$")  # a pattern's comment naming one verb


@dataclass
class Verb:
    """One verb of a block: its lemma, an attached particle ("+ROUND_UP") or fixed object
    ("+TAKE_LEAVE"), its own code if it has one."""

    lemma: str
    particle: str | None
    object: str | None
    code: str | None
    line: int
    before: bool = False  # words before the verb ("WIRE_+TAP"): not expressible


@dataclass
class Pattern:
    line: int
    text: str
    code: str  # the code the pattern gives ("---": no event)
    origin: str = ""  # the verb its comment names ("- * SITUATION [092]  # MONITOR"): the one it was written for


@dataclass
class Block:
    line: int
    code: str
    raw: str = ""  # the code as written ("032:033": the recipient's side too)
    head: str = ""  # the verb the block is named for ("---  MAINTAIN   [---]  ---")
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class VerbDictionary:
    synsets: dict[str, list[str]]
    blocks: list[Block]
    warnings: list[str]


def _strip_comment(line: str) -> str:
    line = re.sub(r"<!--.*?-->", "", line).replace("[###]", "[---]")  # TABARI's discard code: no event
    for mark in ("#", ";"):
        if mark in line:
            line = line.split(mark, 1)[0]
    return line.strip()


def synset_name(word: str) -> str:
    """A synonym set's name as patterns refer to it: "&PREPOSIT1_" is "&PREPOSIT1" ("_" joins
    words, and a trailing one is dropped, as in PETRARCH's other dictionaries)."""
    return word.rstrip(",").upper().rstrip("_")


def primary_code(raw: str) -> str:
    return raw.split(":", 1)[0].strip()


def read_verb_dictionary(path: str | Path) -> VerbDictionary:
    """Synonym sets and verb blocks of a PETRARCH verb dictionary; lines it cannot read
    become warnings naming the file and line."""
    path = Path(path)
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    warnings: list[str] = []
    current_set: str | None = None
    block: Block | None = None
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    for lineno, raw in enumerate(lines, start=1):
        if raw.lstrip().startswith("---"):
            m = _CODE.search(raw)
            name = re.match(r"-+\s*([A-Za-z]+)", raw.lstrip())
            block = Block(lineno, primary_code(m.group(1)) if m else NULL, m.group(1).strip() if m else NULL,
                          name.group(1).lower() if name else "")
            blocks.append(block)
            current_set = None
            continue
        line = _strip_comment(raw)
        if not line or line.startswith("<"):
            continue
        if line.startswith("&"):
            current_set = synset_name(line.split()[0])
            synsets[current_set] = []
            block = None
            continue
        if line.startswith("+") and current_set is not None:
            synsets[current_set].append(line[1:].strip())
            continue
        if line.startswith("~"):
            continue  # transformations: read by PETRARCH after coding, not patterns
        if block is None:
            warnings.append(f"{path}:{lineno}: outside any verb block: {raw.strip()!r}")
            continue
        if line.startswith("-"):
            codes_on_line = list(_CODE.finditer(line))
            m = codes_on_line[-1] if codes_on_line else None
            if m is None:
                warnings.append(f"{path}:{lineno}: a pattern without a [code]: {raw.strip()!r}")
                continue
            origin = _ORIGIN.search(raw)
            block.patterns.append(Pattern(lineno, line[1:m.start()].strip(), m.group(1).strip(),
                                          origin.group(1).lower() if origin else ""))
            continue
        verb = _verb_line(line, lineno)
        if verb is None:
            warnings.append(f"{path}:{lineno}: not a verb, pattern or synonym: {raw.strip()!r}")
            continue
        block.verbs.append(verb)
    return VerbDictionary(synsets, blocks, warnings)


def _verb_line(line: str, lineno: int) -> Verb | None:
    """ "ARREST [173]", "+ROUND_UP {+ROUNDED_UP}", "WIRE_+TAP", "CATCH {CAUGHT}"."""
    line = re.sub(r"\{[^}]*\}", " ", line)
    m = _CODE.search(line)
    code = m.group(1).strip() if m else None
    words = _CODE.sub(" ", line).split()
    if not words or not re.match(r"^[+A-Za-z][A-Za-z_+'-]*$", words[0]):
        return None
    parts = [p for p in words[0].split("_") if p]
    marked = [i for i, p in enumerate(parts) if p.startswith("+")]
    at = marked[0] if marked else 0
    lemma = parts[at].lstrip("+").lower()
    rest = [p.lower() for p in parts[at + 1:]]
    particle = rest[0] if rest and rest[0] in PARTICLES | en("preposition") else None
    obj = next((w for w in rest if w != particle), None) if rest else None
    return Verb(lemma, particle, obj, primary_code(code) if code is not None and not code.startswith(":") else
                (NULL if code else None), lineno, before=at > 0)


def looks_like_verbs(path: str | Path) -> bool:
    """A verb dictionary has ``--- NAME [code] ---`` block lines and ``- ... [code]`` patterns."""
    blocks = patterns = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            s = line.lstrip()
            if s.startswith("---") and s.rstrip().endswith("---"):
                blocks += 1
            elif s.startswith("- ") and "[" in s:
                patterns += 1
            if blocks >= 2 and patterns >= 1:
                return True
    return blocks >= 1 and patterns >= 1
