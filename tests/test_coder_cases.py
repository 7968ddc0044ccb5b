"""The coder's case table: sentences with every event an analyst codes from them.

``tests/data/coder_cases.tsv`` is the coder's specification as data (in the spirit of
PETRARCH's unit-test records): one row per sentence, with the publication date it is coded
with, the events it must give in a compact notation, and the rule it exercises. All
sentences are coded in one batch; each row is one test. ``ok`` rows must match exactly;
``miss`` rows state the correct coding of a known miss and are strict xfails, so a change
that fixes one is told to flip it to ``ok``. The format is described in docs/cases.md.

Run the table alone with ``python -m pytest tests/test_coder_cases.py -q``. To see what the
coder makes of a new sentence, in the table's notation::

    python -m tests.test_coder_cases show --date 2025-03-04 "Kenya and Ethiopia agreed to reopen the border."

and ``python -m tests.test_coder_cases coverage`` lists the lexicon rows that encode a
judgement (a frame, a ``needs`` value, an object constraint, a mode or context override)
but that no case names in its ``rule`` column.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventmill.records import AUX_MODES, PLOVER_TYPES

HERE = Path(__file__).resolve().parent
CASES = HERE / "data" / "coder_cases.tsv"
LEXICON = HERE.parent / "src" / "eventmill" / "data"
COLUMNS = ("id", "date", "sentence", "expect", "status", "rule", "note")
STATUSES = ("ok", "miss")
NO_EVENT = "none"
MIN_CASES = 400
# Issue 13 asks for known misses to stay under a quarter of the table. Written honestly, the
# table holds more (docs/cases.md gives the figures): this is a ratchet at today's share, to be
# lowered as misses are fixed and flipped to ok, never raised.
MAX_MISS_SHARE = 0.12

# Checked on every record, whether the expectation spells them out or not: a record without
# `aux=` expects an event with no auxiliary mode, one without `intended=` none, one without
# `joint` a one-sided event. These change what an event means.
# Checked only when the record gives them (what a row is about): the rest.
OPTIONAL_FLAGS = ("date", "deadline", "place", "dead", "injured", "arrested", "mode")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_CODE = re.compile(r"[A-Z][A-Z0-9]*|[-*?]")
_CAMEO = re.compile(r"\d{2,4}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class CaseError(ValueError):
    """A malformed case table: each line of the message names the file, the line and the problem."""


@dataclass(frozen=True)
class Record:
    """One event in the table's notation: ``TYPE[/CAMEO] ACTOR>RECIPIENT flag ...``.

    ``actor`` and ``recipient`` are codes (``IRQGOV``); ``-`` is no one, ``*`` anyone (the
    row is about something else), ``?`` an actor the coder found but could not code. An
    actor with a sector but no country is written as its sector (``LEG``)."""

    event: str
    cameo: str | None
    actor: str
    recipient: str
    aux: frozenset[str] = frozenset()
    intended: str | None = None
    joint: bool = False
    optional: tuple[tuple[str, str], ...] = ()  # (flag, value) for OPTIONAL_FLAGS, in that order

    def __str__(self) -> str:
        head = self.event + (f"/{self.cameo}" if self.cameo else "")
        parts = [head, f"{self.actor}>{self.recipient}"]
        if self.aux:
            parts.append("aux=" + ",".join(sorted(self.aux)))
        if self.intended:
            parts.append(f"intended={self.intended}")
        if self.joint:
            parts.append("joint")
        parts += [f"{k}={v.replace(' ', '_')}" for k, v in self.optional]
        return " ".join(parts)

    def matches(self, actual: Record) -> bool:
        """Does the coder's event ``actual`` (rendered with every optional flag) fit this expectation?"""
        if (self.event, self.aux, self.intended, self.joint) != (actual.event, actual.aux, actual.intended,
                                                                   actual.joint):
            return False
        if self.cameo and self.cameo != actual.cameo:
            return False
        if any(want not in ("*", got) for want, got in ((self.actor, actual.actor),
                                                          (self.recipient, actual.recipient))):
            return False
        got = dict(actual.optional)
        return all(got.get(k) == v for k, v in self.optional)


@dataclass(frozen=True)
class Case:
    """One row of the table."""

    id: str
    date: date
    sentence: str
    expect: tuple[Record, ...]
    status: str
    rules: tuple[str, ...]
    note: str
    line: int

    def describe(self) -> str:
        return f"{self.id} ({CASES.name}:{self.line}, published {self.date})"


# ------------------------------------------------------------------ reading the notation


def parse_record(text: str) -> Record:
    """One expected event; ValueError says what is wrong with it."""
    tokens = text.split()
    if len(tokens) < 2:
        raise ValueError(f"{text!r} is not 'TYPE[/CAMEO] ACTOR>RECIPIENT [flags]'")
    event, _, cameo = tokens[0].partition("/")
    if event not in PLOVER_TYPES:
        raise ValueError(f"{event!r} is not a PLOVER type ({' '.join(PLOVER_TYPES)})")
    if cameo and not _CAMEO.fullmatch(cameo):
        raise ValueError(f"CAMEO code {cameo!r} is not 2-4 digits")
    actor, arrow, recipient = tokens[1].partition(">")
    if not arrow or not _CODE.fullmatch(actor) or not _CODE.fullmatch(recipient):
        raise ValueError(f"{tokens[1]!r} is not ACTOR>RECIPIENT (codes, '-' for none, '*' for any)")
    aux: frozenset[str] = frozenset()
    intended = None
    joint = False
    optional: dict[str, str] = {}
    for flag in tokens[2:]:
        key, eq, value = flag.partition("=")
        if key == "joint" and not eq:
            joint = True
        elif not eq or not value:
            raise ValueError(f"flag {flag!r} is not 'joint' or KEY=VALUE")
        elif key == "aux":
            aux = frozenset(value.split(","))
            if not aux <= set(AUX_MODES):
                raise ValueError(f"aux {value!r}: the modes are {', '.join(AUX_MODES)}")
        elif key == "intended":
            if value not in PLOVER_TYPES:
                raise ValueError(f"intended={value!r} is not a PLOVER type")
            intended = value
        elif key in ("date", "deadline"):
            if not _DAY.fullmatch(value):
                raise ValueError(f"{key}={value!r} is not YYYY-MM-DD")
            optional[key] = value
        elif key in ("dead", "injured", "arrested"):
            if not value.isdigit():
                raise ValueError(f"{key}={value!r} is not a number")
            optional[key] = value
        elif key in OPTIONAL_FLAGS:
            optional[key] = value.replace("_", " ")
        else:
            raise ValueError(f"unknown flag {key!r} (known: aux, intended, joint, {', '.join(OPTIONAL_FLAGS)})")
    ordered = tuple((k, optional[k]) for k in OPTIONAL_FLAGS if k in optional)
    return Record(event, cameo or None, actor, recipient, aux, intended, joint, ordered)


def parse_expect(text: str) -> tuple[Record, ...]:
    if text.strip() == NO_EVENT:
        return ()
    parts = [p.strip() for p in text.split(";")]
    if not all(parts):
        raise ValueError(f"empty record in {text!r} (use '{NO_EVENT}' for a sentence with no event)")
    return tuple(parse_record(p) for p in parts)


def load_cases(path: Path = CASES) -> list[Case]:
    """Read the table; a CaseError lists every malformed row with its file and line."""
    cases: list[Case] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    header_seen = False
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        where = f"{path}:{lineno}"
        fields = raw.split("\t")
        if not header_seen:
            if tuple(fields) != COLUMNS:
                problems.append(f"{where}: the header must be the columns {' '.join(COLUMNS)} (tab-separated)")
                break
            header_seen = True
            continue
        if len(fields) != len(COLUMNS):
            problems.append(f"{where}: {len(fields)} tab-separated fields, expected {len(COLUMNS)} "
                            f"({', '.join(COLUMNS)})")
            continue
        row = dict(zip(COLUMNS, (f.strip() for f in fields)))
        try:
            cases.append(_case(row, lineno, seen))
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
    if not header_seen and not problems:
        problems.append(f"{path}: no header line ({' '.join(COLUMNS)})")
    if problems:
        raise CaseError("\n".join(problems))
    return cases


def _case(row: dict[str, str], lineno: int, seen: dict[str, int]) -> Case:
    if not _ID.fullmatch(row["id"]):
        raise ValueError(f"id {row['id']!r}: use letters, digits, '.', '_' or '-'")
    if row["id"] in seen:
        raise ValueError(f"id {row['id']!r} is already used on line {seen[row['id']]}")
    seen[row["id"]] = lineno
    if not _DAY.fullmatch(row["date"]):
        raise ValueError(f"date {row['date']!r} is not YYYY-MM-DD")
    try:
        day = date.fromisoformat(row["date"])
    except ValueError as exc:
        raise ValueError(f"date {row['date']!r} is not a real date ({exc})") from None
    for column in ("sentence", "rule", "note"):
        if not row[column]:
            raise ValueError(f"the {column} column is empty")
    if row["status"] not in STATUSES:
        raise ValueError(f"status {row['status']!r} is not one of {', '.join(STATUSES)}")
    try:
        expect = parse_expect(row["expect"])
    except ValueError as exc:
        raise ValueError(f"expect: {exc}") from None
    rules = tuple(r.strip() for r in row["rule"].split(","))
    if not all(rules):
        raise ValueError(f"rule {row['rule']!r} has an empty name")
    return Case(row["id"], day, row["sentence"], expect, row["status"], rules, row["note"], lineno)


# ------------------------------------------------------------------ the coder's side


def _code_of(actor: dict[str, Any] | None) -> str:
    if actor is None:
        return "-"
    return actor.get("code") or actor.get("sector") or "?"


def render(event: dict[str, Any]) -> Record:
    """An output event (the JSON contract) in the table's notation, every optional flag filled."""
    optional: dict[str, str] = {}
    for key in ("date", "deadline"):
        if event.get(key):
            optional[key] = event[key]
    if event.get("event_loc") and event["event_loc"].get("name"):
        optional["place"] = event["event_loc"]["name"]
    for key, value in (event.get("size") or {}).items():
        if value is not None:
            optional[key] = str(value)
    if event.get("mode"):
        optional["mode"] = event["mode"]
    return Record(
        event=event["event"],
        cameo=event.get("cameo"),
        actor=_code_of(event.get("actor")),
        recipient=_code_of(event.get("recipient")),
        aux=frozenset(event.get("aux") or ()),
        intended=event.get("intended"),
        joint=bool(event.get("joint")),
        optional=tuple((k, optional[k]) for k in OPTIONAL_FLAGS if k in optional),
    )


def pairing(expected: Sequence[Record], actual: Sequence[Record]) -> dict[int, int]:
    """The largest one-to-one pairing of expected to actual records (expected index -> actual index)."""
    owner: dict[int, int] = {}  # actual index -> expected index

    def place(i: int, tried: set[int]) -> bool:
        for j, got in enumerate(actual):
            if j in tried or not expected[i].matches(got):
                continue
            tried.add(j)
            if j not in owner or place(owner[j], tried):
                owner[j] = i
                return True
        return False

    for i in range(len(expected)):
        place(i, set())
    return {i: j for j, i in owner.items()}


def difference(case: Case, actual: Sequence[Record]) -> str | None:
    """None when the coder's events are exactly the expected ones; else a message showing both."""
    paired = pairing(case.expect, actual)
    if len(paired) == len(case.expect) == len(actual):
        return None
    shown = {k for r in case.expect for k, _ in r.optional}

    def brief(r: Record) -> Record:  # the actual event with the flags the expectation looks at
        return Record(r.event, r.cameo, r.actor, r.recipient, r.aux, r.intended, r.joint,
                      tuple((k, v) for k, v in r.optional if k in shown))

    lines = [f"case {case.describe()}: {case.sentence}", f"  rule: {', '.join(case.rules)}"]
    lines.append("  expected: " + ("none" if not case.expect else ""))
    lines += [f"    {'  ' if i in paired else '- '}{r}" for i, r in enumerate(case.expect)]
    lines.append("  actual:   " + ("none" if not actual else ""))
    used = set(paired.values())
    lines += [f"    {'  ' if j in used else '+ '}{brief(r)}" for j, r in enumerate(actual)]
    lines.append("  (- expected but not output, + output but not expected)")
    return "\n".join(lines)


def code_texts(texts: Iterable[tuple[str, str, date | None]]) -> dict[str, list[Record]]:
    """Code (id, text, publication date) triples in one batch through the pipeline."""
    import eventmill
    from eventmill.records import Document

    docs = [Document(id=i, text=text, pub_date=day) for i, text, day in texts]
    return {doc.id: [render(ev.to_dict()) for ev in doc.events] for doc in eventmill.code_documents(docs)}


# ------------------------------------------------------------------ the tests

ALL_CASES = load_cases() if __name__ != "__main__" else []  # (the helper below reads the table itself)


@pytest.fixture(scope="module")
def coded() -> dict[str, list[Record]]:
    return code_texts((c.id, c.sentence, c.date) for c in ALL_CASES)


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, id=c.id, marks=[pytest.mark.xfail(strict=True, reason=f"known miss: {c.note}")]
                  if c.status == "miss" else []) for c in ALL_CASES],
)
def test_case(case: Case, coded: dict[str, list[Record]]) -> None:
    problem = difference(case, coded[case.id])
    assert problem is None, problem


def test_table_size_and_misses():
    misses = sum(c.status == "miss" for c in ALL_CASES)
    assert len(ALL_CASES) >= MIN_CASES, f"the table holds {len(ALL_CASES)} cases; keep at least {MIN_CASES}"
    assert misses / len(ALL_CASES) < MAX_MISS_SHARE, (
        f"{misses} of {len(ALL_CASES)} cases are known misses: keep the share under {MAX_MISS_SHARE:.0%}")


def test_table_header_states_source_and_licence():
    head = [line for line in CASES.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    text = " ".join(head)
    assert "Source:" in text and "MIT" in text


def test_every_judgement_row_of_the_lexicon_has_a_case():
    """A lexicon row that is more than a plain synonym (see judgement_rows) is named by a case,
    so adding such a row means adding a case (docs/cases.md)."""
    missing = uncovered_rows(ALL_CASES)
    assert not missing, "lexicon rows with no case naming them in its rule column:\n" + "\n".join(
        f"  {name}.tsv:{row['line']}: {row['lemma']} {row.get('particle', '')} {row.get('object', '')}"
        for name, row in missing)


def test_lexicon_references_name_real_rows():
    """A `verbs:...` or `nouns:...` rule names a row of the lexicon (so that the column stays true)."""
    verbs, nouns = lexicon_rows("verbs"), lexicon_rows("nouns")
    wrong = [f"{c.describe()}: {r}" for c in ALL_CASES for r in c.rules
             if (r.startswith("verbs:") and not find_rows(r, verbs)) or
             (r.startswith("nouns:") and not find_rows(r, nouns))]
    assert not wrong, "rules naming no lexicon row:\n" + "\n".join(wrong)


BAD_ROWS = [
    ("c1\t2025-03-04\tKenya met Ethiopia.\tCONSULT KEN>ETH\tok\tverbs:meet", "6 tab-separated fields, expected 7"),
    ("c1\t2025-13-04\tKenya met Ethiopia.\tnone\tok\tverbs:meet\tx", "'2025-13-04' is not a real date"),
    ("c1\t4 March 2025\tKenya met Ethiopia.\tnone\tok\tverbs:meet\tx", "is not YYYY-MM-DD"),
    ("c1\t2025-03-04\tKenya met Ethiopia.\tMEET KEN>ETH\tok\tverbs:meet\tx", "'MEET' is not a PLOVER type"),
    ("c1\t2025-03-04\tKenya met Ethiopia.\tCONSULT KEN ETH\tok\tverbs:meet\tx", "is not ACTOR>RECIPIENT"),
    ("c1\t2025-03-04\tKenya met Ethiopia.\tCONSULT KEN>ETH aux=past\tok\tverbs:meet\tx", "aux 'past'"),
    ("c1\t2025-03-04\tKenya met Ethiopia.\tCONSULT KEN>ETH size=3\tok\tverbs:meet\tx", "unknown flag 'size'"),
    ("c1\t2025-03-04\tKenya met Ethiopia.\tCONSULT KEN>ETH;\tok\tverbs:meet\tx", "empty record"),
    ("c1\t2025-03-04\tKenya met Ethiopia.\tnone\tmaybe\tverbs:meet\tx", "status 'maybe'"),
    ("c1\t2025-03-04\t\tnone\tok\tverbs:meet\tx", "sentence column is empty"),
    ("c 1\t2025-03-04\tKenya met Ethiopia.\tnone\tok\tverbs:meet\tx", "id 'c 1'"),
]


@pytest.mark.parametrize(("row", "problem"), BAD_ROWS)
def test_loader_rejects_a_malformed_row(tmp_path, row, problem):
    path = tmp_path / "cases.tsv"
    good = "c0\t2025-03-04\tKenya met Ethiopia.\tCONSULT KEN>ETH joint; CONSULT ETH>KEN joint\tok\tjoint\tmutual"
    path.write_text("# a table\n" + "\t".join(COLUMNS) + f"\n{good}\n{row}\n", encoding="utf-8")
    with pytest.raises(CaseError) as err:
        load_cases(path)
    assert f"{path}:4: " in str(err.value) and problem in str(err.value), str(err.value)


def test_loader_rejects_a_repeated_id_and_a_missing_header(tmp_path):
    path = tmp_path / "cases.tsv"
    row = "c0\t2025-03-04\tKenya met Ethiopia.\tnone\tok\tjoint\tx"
    path.write_text("\t".join(COLUMNS) + f"\n{row}\n{row}\n", encoding="utf-8")
    with pytest.raises(CaseError, match=r"cases.tsv:3: id 'c0' is already used on line 2"):
        load_cases(path)
    path.write_text(row + "\n", encoding="utf-8")
    with pytest.raises(CaseError, match=r"cases.tsv:1: the header must be"):
        load_cases(path)


def test_notation_round_trips_and_matching_is_strict():
    rec = parse_record("AGREE/0355 KENGOV>ETHGOV aux=future intended=RETREAT joint deadline=2026-03-31 "
                       "place=Addis_Ababa")
    assert parse_record(str(rec)) == rec
    got = parse_record("AGREE/0355 KENGOV>ETHGOV aux=future intended=RETREAT joint date=2026-03-09 "
                       "deadline=2026-03-31 place=Addis_Ababa")
    assert rec.matches(got)
    assert not parse_record("AGREE KENGOV>ETHGOV aux=future joint").matches(got)  # intended is always checked
    assert not parse_record("AGREE KENGOV>ETHGOV intended=RETREAT joint").matches(got)  # so is aux
    assert parse_record("AGREE *>ETHGOV aux=future intended=RETREAT joint").matches(got)
    case = Case("c", date(2026, 3, 10), "s", (rec,), "ok", ("joint",), "n", 1)
    assert difference(case, [got]) is None
    assert difference(case, [got, got]) is not None  # an extra event fails
    assert difference(case, []) is not None


# ------------------------------------------------------------------ the lexicon, for references and coverage


def lexicon_rows(name: str) -> list[dict[str, str]]:
    """The rows of data/events/{name}.tsv as dicts by column name, with their line numbers."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    path = LEXICON / "events" / f"{name}.tsv"
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        fields = raw.split("\t")
        if header is None:
            header = fields
            continue
        rows.append({**dict(zip(header, fields)), "line": str(lineno)})
    return rows


_REFERENCE = re.compile(r"(?P<words>[^\[/]+?)\s*(?:\[(?P<objects>[^\]]*)\])?\s*(?:/(?P<cameo>\d+))?")


def find_rows(rule: str, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The lexicon rows a rule name such as ``verbs:seek [aid|help...]``, ``verbs:call for``,
    ``verbs:hold/173`` or ``nouns:air strike`` refers to. Without ``[...]`` the row has no object
    constraint; with it, the row's objects include those listed (``...`` abbreviates)."""
    m = _REFERENCE.fullmatch(rule.split(":", 1)[1].strip())
    if not m:
        return []
    words = m["words"].split()
    wanted = {o for o in (m["objects"] or "").replace("...", "").split("|") if o}
    found = []
    for row in rows:
        if "particle" in row:  # a verb: lemma, then the particle
            if words != [row["lemma"]] + ([] if row["particle"] == "-" else row["particle"].split()):
                continue
            objects = set(row.get("object", "-").split("|")) - {"-"}
            if (m["objects"] is None and objects) or not wanted <= objects or (m["objects"] is not None
                                                                                 and not objects):
                continue
        elif " ".join(words) != row["lemma"]:
            continue
        if m["cameo"] and m["cameo"] != row.get("cameo"):
            continue
        found.append(row)
    return found


def judgement_rows() -> list[tuple[str, dict[str, str]]]:
    """Lexicon rows that are more than a plain synonym: a frame other than plain, a `needs`
    value, an object constraint, or a mode/context differing from the CAMEO table's."""
    cameo = {r["cameo"]: r for r in _table(LEXICON / "ontology" / "cameo.tsv")}
    out = []
    for name in ("verbs", "nouns"):
        for row in lexicon_rows(name):
            base = cameo.get(row.get("cameo", ""), {})
            override = any(row.get(k, "-") not in ("-", base.get(k, "")) for k in ("mode", "context"))
            if (row.get("frame", "plain") != "plain" or row.get("needs", "-") != "-"
                    or row.get("object", "-") != "-" or override):
                out.append((name, row))
    return out


def uncovered_rows(cases: Iterable[Case]) -> list[tuple[str, dict[str, str]]]:
    """The judgement rows no case names in its rule column."""
    named = [r for c in cases for r in c.rules]
    lexicons = {name: lexicon_rows(name) for name in ("verbs", "nouns")}
    covered = {(name, row["line"]) for r in named for name in lexicons if r.startswith(name + ":")
               for row in find_rows(r, lexicons[name])}
    return [(name, row) for name, row in judgement_rows() if (name, row["line"]) not in covered]


def _table(path: Path) -> list[dict[str, str]]:
    lines = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return [dict(zip(lines[0], fields)) for fields in lines[1:]]


# ------------------------------------------------------------------ a helper for writing cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.test_coder_cases", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    show = sub.add_parser("show", help="print what the coder gives for sentences, in the table's notation")
    show.add_argument("sentences", nargs="+")
    show.add_argument("--date", default=None, help="publication date, YYYY-MM-DD")
    sub.add_parser("coverage", help="list the judgement rows of the lexicon that no case names")
    args = parser.parse_args(argv)
    # like the test suite: the bundled knowledge base only, never the user's imported dictionaries
    os.environ.setdefault("EVENTMILL_KB", str(Path(tempfile.mkdtemp(prefix="eventmill-cases-")) / "kb.sqlite"))
    if args.command == "show":
        day = date.fromisoformat(args.date) if args.date else None
        coded = code_texts((str(i), s, day) for i, s in enumerate(args.sentences))
        for i, s in enumerate(args.sentences):
            print(f"{s}\n  " + ("; ".join(str(r) for r in coded[str(i)]) or NO_EVENT))
        return 0
    missing = uncovered_rows(load_cases())
    for name, row in missing:
        print(f"{name}.tsv:{row['line']}\t" + "\t".join(v for k, v in row.items() if k != "line"))
    print(f"{len(missing)} judgement rows without a case", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
