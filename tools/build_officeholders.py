"""Build the built-in office-holder tables from open data and the hand-checked rows.

    python tools/build_officeholders.py collect CLONE... --out /work/sources/eps
    python tools/build_officeholders.py build --sources /work/sources/eps [--dry-run]

``collect`` copies, from git clones of every-politician-scrapers repositories
(https://github.com/every-politician-scrapers/<country>), the files the build reads:
``html/holders21.csv`` (Wikidata query results: who held which position, P39 with its P580/P582
start and end qualifiers, for every term in office at some time since 2000), ``html/positions.csv``
and ``meta.json`` (the jurisdiction), with the commit they came from in ``COMMIT``. The
world-leaders-2021 repository's ``data/wikidata.csv`` is copied as ``wikidata.csv``. Wikidata is
CC0 1.0; the repositories hold query results and carry no licence of their own. The fetched files
stay outside the repository: only the compiled tables go into ``src/eventmill/data/kb``.

``build`` rewrites ``officeholders_heads.tsv`` and ``officeholders_ministers.tsv``:

- rows whose ``source`` starts with ``hand:`` are kept as they are (they were written and
  checked by hand, each with its source); a build never changes them, except that the Wikidata
  Q-id of a person the sources confirm is filled into ``qid``;
- every other row is made anew from the sources. A Wikidata term is added when it touches
  1990 or later and at least half of its days are not already covered by hand rows of the same
  country and office; a term that agrees with a hand row of the same person confirms it instead
  (and gives its Q-id); a term open in the snapshot (2022) ends the day before a later holder of
  the same office begins. Each added row says where it came from:
  ``wikidata: every-politician-scrapers/<repo>@<commit> html/holders21.csv``, with the person's
  Q-id in ``qid``.

It prints what it could not reconcile (hand and Wikidata disagreeing about dates or people) and
the calendar's gaps (eventmill.actors.coverage), for a person to check. Run it again after
editing a hand row: the output is the same for the same inputs.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from eventmill.actors import coverage
from eventmill.actors.importers import jurisdiction_code
from eventmill.actors.kb import parse_day
from eventmill.actors.kb_layers import load_kb
from eventmill.actors.names import fold, name_key, skeleton

HERE = Path(__file__).resolve().parent
KB_DIR = HERE.parent / "src" / "eventmill" / "data" / "kb"
CONFIG = HERE / "officeholders"
COLUMNS = ("person_id", "name", "aliases", "country", "role", "title", "start", "end", "notes", "via", "qid",
           "source")
HEAD_ROLES = ("head_of_state", "head_of_government", "governor_general")
MINISTER_ROLES = ("foreign_minister", "defence_minister", "interior_minister")
START = date(1990, 1, 1)
ONE_DAY = timedelta(days=1)
# hand rows written before the tables had a source column
LEGACY_SOURCE = "hand: eventmill authors from public knowledge; dates checked against Wikidata where it has them"



# ---------------------------------------------------------------------------------------- collect

def collect(clones: list[Path], out: Path) -> None:
    """Copy the files the build reads from git clones into ``out/<repo>/``."""
    wanted = {"html/holders21.csv": "holders21.csv", "html/positions.csv": "positions.csv", "meta.json": "meta.json",
              "data/wikidata.csv": "wikidata.csv"}
    for clone in clones:
        name = clone.name if clone.name != "repo" else clone.parent.name.split("+", 1)[-1]
        commit = _git(clone, "log", "-1", "--format=%H %cI").strip()
        dest = out / name
        dest.mkdir(parents=True, exist_ok=True)
        got = []
        for src, dst in wanted.items():
            try:
                data = _git(clone, "show", f"HEAD:{src}")
            except subprocess.CalledProcessError:
                continue
            (dest / dst).write_text(data, encoding="utf-8")
            got.append(dst)
        (dest / "COMMIT").write_text(commit + "\n", encoding="utf-8")
        print(f"{name}: {commit.split()[0][:12]} {', '.join(got) or 'nothing'}")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


# ------------------------------------------------------------------------------------------ rows

@dataclass
class Row:
    person_id: str
    name: str
    aliases: str
    country: str
    role: str
    title: str
    start: str
    end: str
    notes: str
    via: str  # the country whose office confers this one (France's president is co-prince of Andorra)
    qid: str
    source: str

    @property
    def hand(self) -> bool:
        return self.source.startswith("hand")

    def span(self, today: date) -> tuple[date, date] | None:
        s = parse_day(self.start)
        e = parse_day(self.end, end=True) or today
        return (s, e) if s is not None and s <= e else None

    def cells(self) -> list[str]:
        return [getattr(self, c) for c in COLUMNS]


@dataclass
class Source:
    """A Wikidata term from one repository."""

    repo: str
    commit: str
    file: str
    country: str
    role: str
    title: str
    person: str
    qid: str
    start: str
    end: str
    line: int
    snapshot: date  # the day of the commit: an open term is known to be open until then

    @property
    def label(self) -> str:
        return f"wikidata: every-politician-scrapers/{self.repo}@{self.commit[:12]} {self.file}"


@dataclass
class Table:
    path: Path
    header: list[str]  # the comment lines, as they are
    rows: list[Row] = field(default_factory=list)


def read_table(path: Path) -> Table:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = [ln for ln in lines if ln.startswith("#")]
    body = [ln for ln in lines if ln and not ln.startswith("#")]
    cols = body[0].split("\t")
    table = Table(path, header)
    for ln in body[1:]:
        cells = dict(zip(cols, ln.split("\t")))
        row = Row(**{c: (cells.get(c) or "").strip() for c in COLUMNS})
        if not row.source:
            row.source = LEGACY_SOURCE
        table.rows.append(row)
    return table


def write_table(table: Table, rows: list[Row]) -> None:
    order = {r: i for i, r in enumerate(("head_of_state", "head_of_government", "vice_president", "supreme_leader",
                                         *MINISTER_ROLES))}
    rows = sorted(rows, key=lambda r: (r.country, order.get(r.role, 99), r.start, r.end or "9999", r.person_id))
    with open(table.path, "w", encoding="utf-8", newline="") as f:
        for ln in table.header:
            f.write(ln + "\n")
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(c.replace("\t", " ") for c in r.cells()) + "\n")


# --------------------------------------------------------------------------------------- sources

def _config(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in (CONFIG / name).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    cols = lines[0].split("\t")
    return [dict(zip(cols, [*ln.split("\t"), *[""] * len(cols)])) for ln in lines[1:]]


@dataclass(frozen=True)
class RoleRule:
    pattern: re.Pattern[str]
    role: str
    countries: frozenset[str]
    not_countries: frozenset[str]


def role_rules() -> list[RoleRule]:
    return [RoleRule(re.compile(r["pattern"]), r["role"], frozenset(r["countries"].split()),
                     frozenset(r["not_countries"].split())) for r in _config("roles.tsv")]


def position_role(label: str, country: str, jurisdiction: str, rules: list[RoleRule]) -> str:
    """The role a position's label names in ``country`` ("-": not one the tables hold)."""
    key = fold(label)
    kb = load_kb()
    m = re.match(r"^(.*?) (of|to) (.+)$", key)
    if m and (kb.country(m.group(3)) == country or m.group(3) == fold(jurisdiction)):
        key = m.group(1)  # "president of albania" -> "president"
    for rule in rules:
        if rule.countries and country not in rule.countries:
            continue
        if country in rule.not_countries:
            continue
        if rule.pattern.fullmatch(key):
            return rule.role
    return "-"


def read_sources(root: Path) -> list[Source]:
    """Wikidata terms of the offices the tables hold, from every collected repository."""
    kb = load_kb()
    rules = role_rules()
    overrides = {r["qid"]: r["iso3"] for r in _config("jurisdictions.tsv")}
    out: list[Source] = []
    for d in sorted(p for p in root.iterdir() if p.is_dir()):
        holders = d / "holders21.csv"
        if not holders.exists() or not (d / "meta.json").exists():
            continue
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
        juris = meta.get("jurisdiction") or meta.get("country") or {}
        country = overrides.get(juris.get("id", "")) or jurisdiction_code(juris.get("name", ""), kb)
        if country is None:
            print(f"{d.name}: jurisdiction {juris!r} is not a country eventmill knows; skipped", file=sys.stderr)
            continue
        commit, when = (d / "COMMIT").read_text(encoding="utf-8").split()[:2]
        snapshot = date.fromisoformat(when[:10])
        with open(holders, encoding="utf-8", newline="") as f:
            for line, r in enumerate(csv.DictReader(f), start=2):
                role = position_role(r["position"], country, juris.get("name", ""), rules)
                if role not in (*HEAD_ROLES, *MINISTER_ROLES) or not r.get("personID") or not r.get("start"):
                    continue
                out.append(Source(d.name, commit, "html/holders21.csv", country, role, r["position"].strip(),
                                  r["person"].strip(), r["personID"].strip(), r["start"].strip(),
                                  (r.get("end") or "").strip(), line, snapshot))
    return out


def confirmations(root: Path) -> list[tuple[str, str, str]]:
    """(country, name, Q-id) of the world leaders table of 2022 (year dates only: it confirms who a
    person is and how Wikidata names them, it does not add terms)."""
    path = root / "world-leaders-2021" / "wikidata.csv"
    out: list[tuple[str, str, str]] = []
    if not path.exists():
        return out
    kb = load_kb()
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            iso = jurisdiction_code(r["country"], kb)
            if iso and not re.fullmatch(r"Q\d+", r["officeholderLabel"]):
                out.append((iso, r["officeholderLabel"], r["officeholder"]))
    return out


# ----------------------------------------------------------------------------------------- merge

@dataclass
class Report:
    confirmed: int = 0
    added: int = 0
    date_differences: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    still_open: list[str] = field(default_factory=list)


class People:
    """Who a Wikidata person is among the hand rows' people, by country."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self.keys: dict[str, dict[str, str]] = defaultdict(dict)  # country -> name key -> person_id
        self.skeletons: dict[str, dict[str, str]] = defaultdict(dict)
        self.by_qid: dict[str, str] = {}
        for r in rows:
            for n in [r.name, *r.aliases.split("|")]:
                for k in _name_forms(n):
                    self.keys[r.country].setdefault(k, r.person_id)
                if " " in name_key(n):
                    self.skeletons[r.country].setdefault(skeleton(n), r.person_id)
            if r.qid:
                self.by_qid.setdefault(r.qid, r.person_id)

    def find(self, country: str, name: str, qid: str) -> str | None:
        if qid in self.by_qid:
            return self.by_qid[qid]
        known = self.keys.get(country, {})
        forms = _name_forms(name)
        for key in forms:
            if key in known:
                return known[key]
        for key in forms:
            for k, pid in known.items():
                if _same_name(key.split(), k.split()):
                    return pid
        sk = skeleton(name)
        if len(sk.replace(" ", "")) >= 6 and sk in self.skeletons.get(country, {}):
            return self.skeletons[country][sk]  # a transliteration variant
        return None

    def loose(self, country: str, name: str) -> set[str]:
        """People whose name has the same first and last words and one more or one fewer in between
        ("Joseph Ngute" / "Joseph Dion Ngute"): too weak alone, so callers confirm them by an office
        term held at the same time."""
        words = name_key(name).split()
        out = set()
        for k, pid in self.keys.get(country, {}).items():
            kw = k.split()
            if len(words) >= 2 and len(kw) >= 2 and kw[0] == words[0] and kw[-1] == words[-1] \
                    and abs(len(kw) - len(words)) == 1:
                out.add(pid)
        return out


def _same_name(a: list[str], b: list[str]) -> bool:
    """Two forms of one name: the shorter's words all in the longer, beginning alike, and the longer
    adding only initials ("Raila A Odinga" / "Raila Odinga") or, to a given name and surname, a second
    surname ("Francisco Flores Perez" / "Francisco Flores"). "Mohammad Khalid Sabah" is not
    "Mohammad Sabah": a family name shared by many is not a person."""
    short, long_ = sorted((a, b), key=len)
    if len(short) < 2 or short[0] != long_[0] or not set(short) <= set(long_):
        return False
    if len(short) >= 3 or short == long_:
        return True
    extra = [w for w in long_ if w not in short]
    return all(len(w) == 1 for w in extra) or long_[:2] == short


_TITLES = re.compile(r"^(king|queen|emir|sultan|grand duke|prince|pope|sheikh|ratu|lord|baron|sir|dr) ")


def _name_forms(name: str) -> list[str]:
    """A name's key and its forms without a monarch's style ("Abdullah II of Jordan", "Henri,
    Grand Duke of Luxembourg" and "Grand Duke Henri" all give "henri"/"abdullah ii")."""
    head = name.split(",")[0]
    head = re.sub(r" of (the )?[A-Z][\w' -]+$", "", head)
    forms = [name_key(name), name_key(head)]
    forms.append(_TITLES.sub("", name_key(head)))
    return [f for f in dict.fromkeys(forms) if f]


def _covered(span: tuple[date, date], spans: list[tuple[date, date]]) -> int:
    merged = coverage.merge(spans)
    return sum((min(e, span[1]) - max(s, span[0])).days + 1 for s, e in merged if s <= span[1] and e >= span[0])


def _slug(name: str) -> str:
    return name_key(name).replace(" ", "-")


def merge(hand: list[Row], sources: list[Source], roles: tuple[str, ...], report: Report,
          people: People, ids: dict[str, str], unverified: frozenset[tuple[str, str]] = frozenset(),
          collective: frozenset[tuple[str, str]] = frozenset()) -> list[Row]:
    """The hand rows (with the Q-ids the sources confirm) and the Wikidata terms they lack.
    ``people`` knows the hand rows of both tables; ``ids`` maps person_id -> Q-id for every
    person given an id so far (a namesake gets the country added to theirs)."""
    today = date.today()
    by_office: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in hand:
        by_office[(r.country, r.role)].append(r)
    qids: dict[str, str] = {}  # person_id -> qid confirmed
    labels: dict[str, set[str]] = defaultdict(set)  # person_id -> Wikidata labels of the person
    added: list[Row] = []
    seen: set[tuple[str, str, str, str]] = set()
    for s in sources:
        if s.role not in roles:
            continue
        start = parse_day(s.start)
        end = parse_day(s.end, end=True)
        if start is None or (end is not None and end < START) or (end is not None and end < start):
            continue
        key = (s.country, s.role, s.qid, s.start)
        if key in seen:
            continue
        seen.add(key)
        pid = people.find(s.country, s.person, s.qid)
        if pid is not None and ids.get(pid, s.qid).startswith("Q") and ids[pid] != s.qid:
            pid = None  # a namesake: the hand person is known under another Wikidata item
        office = by_office.get((s.country, s.role), [])
        span = (max(start, START), min(end or s.snapshot, today))
        if pid is None:
            overlapping = {r.person_id for r in office
                           if (sp := r.span(today)) and sp[0] <= span[1] and sp[1] >= span[0]}
            loose = people.loose(s.country, s.person) & overlapping
            if len(loose) == 1:
                pid = loose.pop()  # the same person, holding the same office at the same time
        if pid is not None:
            mine = [r for r in office if r.person_id == pid]
            spans = [sp for r in mine if (sp := r.span(today))]
            days = (span[1] - span[0]).days + 1
            partial = (s.country, s.role) in collective and _covered(span, spans) * 2 < days
            if any(a <= span[1] and b >= span[0] for a, b in spans) and not partial:
                qids.setdefault(pid, s.qid)
                labels[pid].add(s.person)
                if not ids.get(pid, "").startswith("Q"):
                    ids[pid] = s.qid
                report.confirmed += 1
                began: date = start
                near = min(spans, key=lambda sp: abs((sp[0] - began).days))
                if len(s.start) == 10 and abs((near[0] - began).days) > 31:
                    report.date_differences.append(
                        f"{s.country} {s.role} {s.person} ({s.qid}): hand starts {near[0]}, Wikidata {s.start} "
                        f"[{s.repo}:{s.line}]")
                continue
        others = [sp for r in office if (sp := r.span(today))]
        days = (span[1] - span[0]).days + 1
        if days > 0 and _covered(span, others) * 2 >= days and (s.country, s.role) not in collective:
            holders = sorted({r.name for r in office
                              if (sp := r.span(today)) and sp[0] <= span[1] and sp[1] >= span[0]})
            report.conflicts.append(f"{s.country} {s.role} {s.person} ({s.qid}) {s.start}..{s.end or 'open'}: "
                                    f"the hand rows have {', '.join(holders)} then [{s.repo}:{s.line}]")
            continue
        person_id = pid or people.by_qid.get(s.qid) or _slug(s.person)
        if pid is None:
            for suffix in ("", f"-{s.country.lower()}", f"-{s.qid.lower()}"):
                if ids.get(person_id + suffix, s.qid) == s.qid:
                    person_id += suffix  # a namesake has the plain id
                    break
            ids[person_id] = s.qid
        people.by_qid.setdefault(s.qid, person_id)
        name = next((r.name for r in hand if r.person_id == person_id), s.person)
        added.append(Row(person_id, name, "", s.country, s.role, s.title, s.start, s.end, "", "", s.qid, s.label))
        report.added += 1
    # a term open in the snapshot ends when a later holder of the office begins
    everyone = hand + added
    for i, r in enumerate(added):
        if r.end or (r.country, r.role) in collective:
            continue  # (members of a collective office come and go independently)
        start = parse_day(r.start) or START
        later = [parse_day(o.start) for o in everyone if o.country == r.country and o.role == r.role
                 and o.person_id != r.person_id and (parse_day(o.start) or START) > start]
        later_days = [d for d in later if d is not None]
        if later_days:
            added[i] = replace(r, end=(min(later_days) - ONE_DAY).isoformat(),
                               notes="the snapshot left it open; ends the day before the next holder began")
        elif (r.country, r.role) in unverified:
            # checked since the snapshot, and nobody could confirm the holder: the term is known only until then
            snap = next(x.snapshot for x in sources if x.qid == r.qid and x.country == r.country)
            added[i] = replace(r, end=snap.isoformat(), notes="open in the snapshot; the holder since could not be "
                               "verified (officeholders_checked.tsv), so the term ends at the snapshot")
        else:
            added[i] = replace(r, notes="open in the snapshot of " + r.source.split("@")[0].rsplit("/", 1)[-1]
                               + "; not checked since")
            report.still_open.append(f"{r.country} {r.role} {r.name} ({r.qid}) from {r.start}")
    out = [replace(r, qid=r.qid or qids.get(r.person_id, ""), aliases=with_aliases(r, labels.get(r.person_id, ())))
           for r in hand]
    return out + added


def with_aliases(row: Row, labels: Iterable[str]) -> str:
    """The row's aliases and the Wikidata labels of the person that no name of the row gives yet
    ("Matamela Cyril Ramaphosa", "Abdullah II of Jordan"), so that the news's and Wikidata's
    spellings both find the person."""
    aliases = [a for a in row.aliases.split("|") if a]
    keys = {name_key(n) for n in [row.name, *aliases]}
    for label in sorted(labels):
        key = name_key(label)
        if key and key not in keys and not re.fullmatch(r"Q\d+", label):
            aliases.append(label)
            keys.add(key)
    return "|".join(aliases)


def _kb_table(name: str) -> list[dict[str, str]]:
    path = KB_DIR / name
    if not path.exists():
        return []
    lines = [ln.split("\t") for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return [dict(zip(lines[0], ln)) for ln in lines[1:]]


def collective_offices() -> frozenset[tuple[str, str]]:
    """(country, role) of offices several people hold at once (office_calendar.tsv): their Wikidata
    terms are added even where the hand rows already have holders."""
    return frozenset((r["country"], r["role"]) for r in _kb_table("office_calendar.tsv") if r["kind"] == "collective")


def unverified_offices() -> frozenset[tuple[str, str]]:
    """(country, role) whose holder since the snapshots the authors could not verify
    (officeholders_checked.tsv: no holder, for that reason)."""
    return frozenset((r["country"], r["role"]) for r in _kb_table("officeholders_checked.tsv")
                     if r["holder"] == "-" and "could not be verified" in r.get("notes", ""))


def build(sources_dir: Path, dry_run: bool) -> int:
    sources = read_sources(sources_dir)
    world = confirmations(sources_dir)
    tables = [(read_table(KB_DIR / "officeholders_heads.tsv"), HEAD_ROLES),
              (read_table(KB_DIR / "officeholders_ministers.tsv"), MINISTER_ROLES)]
    all_hand = [r for t, _ in tables for r in t.rows if r.hand]
    people = People(all_hand)
    ids = {r.person_id: r.qid or f"hand:{r.person_id}" for r in all_hand}
    status = 0
    for table, roles in tables:
        fname = table.path.name
        hand = [r for r in table.rows if r.hand]
        report = Report()
        rows = merge(hand, sources, roles, report, people, ids, unverified_offices(), collective_offices())
        known: dict[str, set[tuple[str, str, str]]] = {}
        for iso, label, qid in world:
            pid = people.find(iso, label, qid)
            if pid is not None:
                known.setdefault(pid, set()).add((label, qid, iso))
        rows = [replace(r, qid=r.qid or next((q for _l, q, c in known.get(r.person_id, ()) if c == r.country), ""),
                        aliases=with_aliases(r, {lab for lab, _q, c in known.get(r.person_id, ()) if c == r.country})
                        if r.hand else r.aliases)
                for r in rows]
        print(f"{fname}: {len(hand)} hand rows kept ({sum(1 for r in rows if r.hand and r.qid)} with a Q-id), "
              f"{report.added} Wikidata terms added, {report.confirmed} Wikidata terms confirm hand rows")
        for title, items in (("dates that differ by more than a month", report.date_differences),
                             ("Wikidata terms the hand rows contradict (not added)", report.conflicts),
                             ("Wikidata terms still open in the snapshot, not confirmed since", report.still_open)):
            if items:
                print(f"  {title}: {len(items)}")
                for item in items:
                    print(f"    {item}")
        if not dry_run:
            write_table(table, rows)
    if not dry_run:
        load = coverage.check_bundled
        try:
            rep = load()
        except (OSError, KeyError, ValueError) as exc:
            print(f"calendar not checked: {exc}", file=sys.stderr)
            return 1
        print(f"calendar: {len(rep.missing)} stretches not covered and not listed as gaps; listed gaps "
              f"{rep.gap_share():.2%} of country-days")
        for code, role, (a, b) in rep.missing:
            print(f"  {code} {role} {a}..{b} ({(b - a).days + 1} days)")
        status = 1 if rep.missing else 0
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect", help="copy the source files out of git clones")
    c.add_argument("clones", nargs="+", type=Path)
    c.add_argument("--out", type=Path, required=True)
    b = sub.add_parser("build", help="rewrite the office-holder tables")
    b.add_argument("--sources", type=Path, required=True)
    b.add_argument("--dry-run", action="store_true", help="report, write nothing")
    args = parser.parse_args(argv)
    if args.cmd == "collect":
        args.out.mkdir(parents=True, exist_ok=True)
        collect(args.clones, args.out)
        return 0
    return build(args.sources, args.dry_run)


if __name__ == "__main__":
    sys.exit(main())
