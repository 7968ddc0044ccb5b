"""Reading PETRARCH/TABARI actor and agent dictionaries (the CAMEO/Phoenix formats).

This module only parses: it turns a dictionary file into records and warnings, and knows
nothing of the knowledge base. ``importers.py`` decides what the records become.

Actor dictionaries hold records of a primary phrase, ``+`` synonyms and date-restricted
codes::

    GOLLUM                  # a primary phrase with no default code
    +SMEAGOL                # a synonym
        [HOB <950601]       # before (or on) 1995-06-01
        [HOBGOV 19950601-19990815]
        [HOBREB >990816]    # after (or on) 1999-08-16
    ZIMBABWE  [ZBW]         # a default code, used when no restriction applies

PETRARCH picks the first restriction (in file order) whose dates hold, then the default
code, else nothing; limits are inclusive; six-digit dates are 20YY for YY <= 30, else 19YY.
TABARI's older in-line form (``NAME [CODE 820101-911231] [ELI]`` on one line) is read too.
``[---]`` is PETRARCH's null code: the phrase is known and codes as no actor.

Agent dictionaries map role nouns to agent codes: ``FOREIGN_MINISTER [~GOVFRM]`` (the code
follows the actor's), ``HUMAN_RIGHTS_BODY [NGO~]`` (it precedes it). Regular plurals are
made automatically, ``{...}`` gives irregular ones and ``{}`` none; ``!PERSON! = MAN, MEN``
defines a substitution set used as ``CONGRESS!PERSON!``.

Phrases: ``_`` joins words (``NEW_ZEALAND``); a trailing ``_`` (a TABARI "stop" marker) is
dropped. Comments: lines starting ``#`` or ``<`` (one-line and multi-line ``<!-- -->``),
and anything after ``#`` or ``;`` on a line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

NULL_CODE = "---"
# Actor codes have letters (event codes such as "070" are all digits).
_CODE = re.compile(r"^(?=[A-Z0-9/]*[A-Z])[A-Z0-9]{3,}(?:/[A-Z0-9]{3,})*$")
# Tokens of verb patterns, never of actor phrases ("- * AID [071]"; "AT&T" and "E*TRADE" are names).
_PATTERN_TOKENS = frozenset({"*", "$", "%", "^", "+", "="})
_BRACKETS = re.compile(r"\[([^\]\[]*)\]")
_SUBST_DEF = re.compile(r"^(![A-Z0-9_]+!)\s*=\s*(.+)$")


@dataclass(frozen=True, slots=True)
class CodeRule:
    """One code of an actor record: ``kind`` is default, before, after or between."""

    code: str | None  # None: PETRARCH's null code "---"
    kind: str
    start: date | None = None
    end: date | None = None

    def applies(self, day: date) -> bool:
        if self.kind == "before":
            return self.end is not None and day <= self.end
        if self.kind == "after":
            return self.start is not None and day >= self.start
        if self.kind == "between":
            return self.start is not None and self.end is not None and self.start <= day <= self.end
        return False

    def describe(self) -> str:
        code = self.code or NULL_CODE
        if self.kind == "before":
            return f"{code} until {self.end}"
        if self.kind == "after":
            return f"{code} from {self.start}"
        if self.kind == "between":
            return f"{code} {self.start}..{self.end}"
        return f"{code} (default)"


@dataclass
class ActorRecord:
    """A primary phrase, its synonyms and its codes, as one actor dictionary entry."""

    primary: str  # as written, e.g. "BARACK_OBAMA"
    line: int
    synonyms: list[str] = field(default_factory=list)
    rules: list[CodeRule] = field(default_factory=list)

    @property
    def phrases(self) -> list[str]:
        return [phrase_text(self.primary), *self.synonyms]

    def code_on(self, day: date | None) -> tuple[CodeRule | None, bool]:
        return rule_on(self.rules, day)


def rule_on(rules: list[CodeRule] | tuple[CodeRule, ...], day: date | None) -> tuple[CodeRule | None, bool]:
    """The rule PETRARCH uses on ``day`` and whether one applied: the first restriction whose
    dates hold, else the default code. Without a date, a record with date restrictions gives
    nothing (its default is only for the dates outside them; no date, no guess) and one with
    only a default code gives that."""
    if day is None:
        if any(rule.kind != "default" for rule in rules):
            return None, False
    else:
        for rule in rules:
            if rule.kind != "default" and rule.applies(day):
                return rule, True
    for rule in rules:
        if rule.kind == "default":
            return rule, True
    return None, False


@dataclass(frozen=True, slots=True)
class AgentRecord:
    """A role noun phrase (and its plural forms) with its agent code."""

    phrases: tuple[str, ...]  # singular and plural forms, words separated by spaces
    code: str  # e.g. "GOVFRM"
    prefix: bool  # True for "NGO~" (the code goes before the actor's)
    line: int


@dataclass(frozen=True, slots=True)
class Warning_:
    """A line that could not be (fully) read."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def phrase_text(raw: str) -> str:
    """ "NEW_ZEALAND_" -> "NEW ZEALAND": underscores are word joins, a trailing one a stop marker."""
    return " ".join(raw.replace("_", " ").split())


def parse_date(text: str) -> date:
    """YYYYMMDD or YYMMDD (YY <= 30 is 20YY, else 19YY, as PETRARCH reads them)."""
    text = text.strip()
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(f"{text!r} is not a date (YYMMDD or YYYYMMDD)")
    if len(text) == 8:
        y, m, d = int(text[:4]), int(text[4:6]), int(text[6:8])
    else:
        yy = int(text[:2])
        y = 2000 + yy if yy <= 30 else 1900 + yy
        m, d = int(text[2:4]), int(text[4:6])
    return date(y, m, d)


def parse_code(text: str) -> CodeRule:
    """The inside of ``[...]``: a code and an optional restriction (``<D``, ``>D``, ``D-D``)."""
    parts = text.strip().split(None, 1)
    if not parts:
        raise ValueError("empty code []")
    code = parts[0].upper()
    rest = parts[1].strip() if len(parts) > 1 else ""
    if code != NULL_CODE and not _CODE.match(code):
        raise ValueError(f"{parts[0]!r} is not an actor code (at least three letters and digits)")
    value = None if code == NULL_CODE else code
    if not rest:
        return CodeRule(value, "default")
    if rest[0] in "<>":
        day = parse_date(rest[1:])
        return CodeRule(value, "before", end=day) if rest[0] == "<" else CodeRule(value, "after", start=day)
    if "-" in rest:
        a, _, b = rest.partition("-")
        start, end = parse_date(a), parse_date(b)
        if end < start:
            raise ValueError(f"restriction ends ({end}) before it starts ({start})")
        return CodeRule(value, "between", start=start, end=end)
    raise ValueError(f"cannot read the date restriction {rest!r} (use <YYMMDD, >YYMMDD or YYMMDD-YYMMDD)")


def _strip_comment(line: str) -> str:
    for mark in ("#", ";"):
        at = line.find(mark)
        if at >= 0:
            line = line[:at]
    return line.rstrip()


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines without comments; blank and comment-only lines left out."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    in_xml_comment = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if in_xml_comment:
            if "-->" in raw:
                in_xml_comment = False
            continue
        if raw.startswith("<"):
            if raw.startswith("<!--") and "-->" not in raw:
                in_xml_comment = True
            continue
        if "<!--" in raw:  # an inline XML comment
            head, _, tail = raw.partition("<!--")
            raw = head + (tail.partition("-->")[2] if "-->" in tail else "")
        line = _strip_comment(raw)
        if line.strip():
            yield lineno, line


def read_actors(path: str | Path) -> tuple[list[ActorRecord], list[Warning_]]:
    """Actor records of a PETRARCH/TABARI ``.actors`` dictionary, and the lines skipped."""
    path = Path(path)
    records: list[ActorRecord] = []
    warnings: list[Warning_] = []
    current: ActorRecord | None = None

    def warn(lineno: int, message: str) -> None:
        warnings.append(Warning_(str(path), lineno, message))

    def add_rules(lineno: int, text: str) -> None:
        assert current is not None
        for inner in _BRACKETS.findall(text):
            try:
                rule = parse_code(inner)
            except ValueError as exc:
                warn(lineno, f"{exc}; code skipped")
                continue
            current.rules.append(rule)  # "[FRO/BIL/SAM]": the phrase names each (kb.alternatives)

    for lineno, line in _lines(path):
        if "---STOP---" in line:
            break
        stripped = line.strip()
        if line[0] in " \t":  # a date restriction (or a default code) of the current record
            if current is None:
                warn(lineno, "a code line before any actor phrase; skipped")
                continue
            if "[" not in stripped:
                warn(lineno, f"an indented line without [CODE]: {stripped!r}; skipped")
                continue
            if not stripped.startswith("["):
                warn(lineno, f"text before the code ignored: {stripped[: stripped.index('[')].strip()!r}")
            add_rules(lineno, stripped)
            continue
        if stripped.startswith("+"):
            if current is None:
                warn(lineno, "a synonym (+) before any actor phrase; skipped")
                continue
            phrase_part, _, codes = stripped[1:].partition("[")
            phrase = phrase_text(phrase_part)
            if not phrase:
                warn(lineno, "an empty synonym; skipped")
                continue
            current.synonyms.append(phrase)
            if codes:
                warn(lineno, "a code on a synonym line applies to the whole record")
                add_rules(lineno, "[" + codes)
            continue
        phrase_part, bracket, codes = stripped.partition("[")
        if stripped.startswith(("-", "&", "~")) or "{" in phrase_part or _PATTERN_TOKENS & set(phrase_part.split()):
            warn(lineno, f"not an actor phrase (a verb pattern?): {stripped!r}; skipped")
            current = None
            continue
        if "]" in phrase_part:
            warn(lineno, f"unbalanced brackets in {stripped!r}; skipped")
            current = None
            continue
        phrase = phrase_text(phrase_part)
        if not phrase:
            warn(lineno, f"a code without a phrase: {stripped!r}; skipped")
            current = None
            continue
        if bracket and "]" not in codes:
            warn(lineno, f"'[' without ']' in {stripped!r}; the code is skipped")
            codes = ""
        current = ActorRecord(primary=phrase_part.strip(), line=lineno)
        records.append(current)
        if codes:
            add_rules(lineno, "[" + codes)
    for rec in records:
        if not rec.rules:
            warnings.append(Warning_(str(path), rec.line, f"{rec.primary}: no code; the record is skipped"))
    return [r for r in records if r.rules], warnings


def _plural(word: str) -> str:
    """PETRARCH's regular plural, with English's "-ays"/"-eys" kept ("ATTORNEYS")."""
    upper = word.upper()
    if upper.endswith("SS"):
        return word + "ES"
    if upper.endswith("Y") and len(upper) > 1 and upper[-2] not in "AEIOU":
        return word[:-1] + "IES"
    return word + "S"


def read_agents(path: str | Path) -> tuple[list[AgentRecord], list[Warning_]]:
    """Agent records of a PETRARCH ``.agents`` dictionary, and the lines skipped."""
    path = Path(path)
    records: list[AgentRecord] = []
    warnings: list[Warning_] = []
    substitutions: dict[str, list[str]] = {}
    for lineno, line in _lines(path):
        stripped = line.strip()
        m = _SUBST_DEF.match(stripped)
        if m:
            substitutions[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
            continue
        # "[~LEG}" (a closing brace for a bracket) occurs in real files: accept either
        cm = re.search(r"\[([^\]\}\[]*)[\]\}]", stripped)
        if cm is None:
            warnings.append(Warning_(str(path), lineno, f"no [CODE] in {stripped!r}; skipped"))
            continue
        raw_code = cm.group(1).replace(" ", "")
        head = stripped[: cm.start()].strip()
        prefix = raw_code.endswith("~") and not raw_code.startswith("~")
        code = raw_code.strip("~").upper()
        if "~" not in raw_code or not _CODE.match(code):
            warnings.append(Warning_(str(path), lineno, f"{cm.group(0)!r} is not an agent code like [~GOV] or [NGO~]"))
            continue
        plural: list[str] | None = None  # None: regular plural
        pm = re.search(r"\{([^}]*)\}", head)
        if pm:
            plural = pm.group(1).split()
            head = (head[: pm.start()] + head[pm.end():]).strip()
        if not head:
            warnings.append(Warning_(str(path), lineno, "an agent code without a phrase; skipped"))
            continue
        forms: list[str] = []
        markers = re.findall(r"![A-Z0-9_]+!", head)
        if markers:
            unknown = [mk for mk in markers if mk not in substitutions]
            if unknown:
                warnings.append(Warning_(str(path), lineno, f"substitution set {unknown[0]} is not defined; skipped"))
                continue
            expanded = [head]
            for mk in markers:
                expanded = [e.replace(mk, item, 1) for e in expanded for item in substitutions[mk]]
            forms = expanded  # substituted forms get no further plurals
        else:
            forms = [head]
            if plural is None:
                words = head.rstrip("_").split("_")
                forms.append("_".join([*words[:-1], _plural(words[-1])]))
            else:
                forms.extend(plural)
        phrases = tuple(dict.fromkeys(p for p in (phrase_text(f) for f in forms) if p))
        records.append(AgentRecord(phrases=phrases, code=code, prefix=prefix, line=lineno))
    return records, warnings


def looks_like_agents(path: str | Path) -> bool:
    """Is this an agents dictionary (codes with ``~``) rather than an actors one?"""
    coded = agents = 0
    for _lineno, line in _lines(Path(path)):
        for inner in _BRACKETS.findall(line):
            coded += 1
            agents += "~" in inner
        if coded >= 200:
            break
    return coded > 0 and agents * 2 >= coded
