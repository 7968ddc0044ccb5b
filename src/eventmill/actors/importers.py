"""Importing the dictionaries users already have into their knowledge-base file.

- PETRARCH/TABARI actor dictionaries (``petrarch.read_actors``): a record whose only code is
  an undated three-letter country code (``ARNOR_ [ARN]``, ``AFGHANISTAN_ [AFG] +KABUL_``) adds
  country names, so "the government of Arnor" is ARNGOV as "the government of Iraq" is IRQGOV;
  every other record (people, groups, date-restricted codes) is an imported actor, looked up
  by its phrases with its dated codes (``KnowledgeBase.organization``).
- PETRARCH agent dictionaries (``petrarch.read_agents``): role nouns and their sectors.
- Wikidata office-holder tables (``officeholders_2022.csv``, ``world_leaders_2021.csv``):
  office terms with roles (``data/kb/office_roles.tsv``) and dates, matched like the built-in
  ones.

Each file becomes one source (``petrarch:FILE`` or ``wikidata:FILE``) in the user KB;
importing the same file again replaces that source's entries.
"""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

from eventmill.actors import petrarch, store
from eventmill.actors.kb import NON_COUNTRY_CODES, ROLE_SECTOR, TITLE_ROLES, KnowledgeBase, parse_day
from eventmill.actors.kb_layers import key_version, load_kb
from eventmill.actors.kb_tables import surname_keys
from eventmill.actors.names import fold, name_key
from eventmill.errors import ConfigError
from eventmill.resources import read_tsv

LAYERS = ("over", "under")

# Roles whose holders the news names by surname alone ("Blinken said"): only these get
# surname keys; an imported ambassador or governor is found by full name.
_SURNAME_ROLES = frozenset({"head_of_state", "head_of_government", "vice_president", "supreme_leader",
                            "foreign_minister", "defence_minister", "interior_minister",
                            "deputy_head_of_government"})

# Words before a name that say what the person is, not who ("PRESIDENT_GEORGE_W._BUSH",
# "US_PRESIDENT_BARACK_OBAMA"): the name is also indexed without them.
_TITLE_WORDS = frozenset(TITLE_ROLES) | frozenset(
    {"mr", "mrs", "ms", "dr", "president elect", "secretary general", "senator", "sheikh", "ayatollah",
     "deputy prime minister", "first deputy prime minister"})
_CONNECTIVES = frozenset({"of", "for", "the", "and", "to", "in", "on"})


@dataclass
class ImportReport:
    """What one file gave: counts, problems, time."""

    source: str
    kind: str
    path: str
    layer: str
    records: int = 0
    names: int = 0
    skipped: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    details: dict[str, int] = field(default_factory=dict)


def source_name(prefix: str, path: Path, name: str | None) -> str:
    return name if name else f"{prefix}:{path.name}"


def _check_layer(layer: str) -> None:
    if layer not in LAYERS:
        raise ConfigError(f"layer {layer!r}: use 'over' or 'under'")


def _write(kb_path: Path, report: ImportReport, rows: store.SourceRows, path: Path) -> None:
    conn = store.connect(kb_path)
    try:
        store.write_source(conn, store.Source(
            report.source, report.kind, str(path.resolve()), store.file_sha1(path), report.layer, 0,
            datetime.now(UTC).isoformat(timespec="seconds"), report.records, report.names,
            len(report.warnings)), rows)
        with conn:
            store.set_meta(conn, "key_version", key_version())
    finally:
        conn.close()


# ---------------------------------------------------------------------- PETRARCH


def display_name(phrase: str) -> str:
    """ "BARACK_OBAMA" -> "Barack Obama", "AL-QAEDA" -> "Al-Qaeda", "IMF" -> "IMF"."""
    words = petrarch.phrase_text(phrase).split()
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if i and low in ("of", "the", "and", "for", "in", "on", "de", "du", "la", "le", "bin", "ibn", "al"):
            out.append(low)
        elif "." in w or any(c.isdigit() for c in w) or (len(w) <= 3 and not any(c in "AEIOU" for c in w.upper())):
            out.append(w.upper())
        else:
            out.append("-".join(p.capitalize() for p in w.split("-")))
    return " ".join(out)


def _countryish(code: str) -> bool:
    """A country's code, alone or with its status or union ("UKR", "USRUKR", "KWTOCC", "AZEUNR"),
    not a person's or group's (a sector after the country: "HOBGOV", "USAELI")."""
    if "/" in code or len(code) % 3:
        return False
    triplets = [code[i:i + 3] for i in range(0, len(code), 3)]
    return triplets[0] not in NON_COUNTRY_CODES and not any(t in NON_COUNTRY_CODES for t in triplets[1:])


def country_record(rec: petrarch.ActorRecord) -> str | None:
    """The country code of a record that names a country: all its codes are country codes
    (Phoenix dates a country's codes through its history: USRUKR until 1991-08-24, then UKR);
    the code is the default one, else the one in force last."""
    codes = [r.code for r in rec.rules if r.code]
    if not codes or not all(_countryish(c) for c in codes):
        return None
    plain = [r for r in rec.rules if r.code and len(r.code) == 3]
    if not plain:
        return None
    for r in plain:
        if r.kind == "default":
            return r.code
    after = [r for r in plain if r.kind == "after"]
    if after:
        return max(after, key=lambda r: r.start or date.min).code
    return max(plain, key=lambda r: r.end or date.min).code


def _untitled(key: str, base: KnowledgeBase) -> str | None:
    """A phrase without the titles in front of the name ("us president barack obama" ->
    "barack obama"), or None if it has none or nothing name-like is left."""
    words = key.split()
    i = 0
    for n in (3, 2, 1):  # a nationality or country before the title ("us president ...")
        head = " ".join(words[:n])
        if len(words) > n and (head in base.adjectives or head in base.country_names):
            i = n
            break
    stripped = False
    while i < len(words):
        for n in (4, 3, 2, 1):
            if " ".join(words[i:i + n]) in _TITLE_WORDS and i + n < len(words):
                i += n
                stripped = True
                break
        else:
            break
    if not stripped:
        return None
    rest = " ".join(words[i:])
    # a person's name is left (two words at least: "hosni murbarak", not "electric" of "general electric")
    if len(words) - i < 2 or words[i] in _CONNECTIVES:
        return None
    if rest in base.sectors or rest in base.country_names or rest in base.adjectives:
        return None
    return rest


def petrarch_rows(actors: Iterable[petrarch.ActorRecord], agents: Iterable[petrarch.AgentRecord],
                  base: KnowledgeBase, notes: list[str] | None = None) -> tuple[store.SourceRows, dict[str, int]]:
    """The rows a PETRARCH dictionary adds, and counts by kind; ``notes`` receives what was
    read differently from PETRARCH."""
    notes = notes if notes is not None else []
    rows = store.SourceRows.empty()
    counts = dict.fromkeys(("countries", "country_names", "kept_builtin", "actors", "actor_names", "agents",
                            "agent_names"), 0)
    new_countries: set[str] = set()
    seen_names: set[tuple[str, str]] = set()
    for rec in actors:
        code = country_record(rec)
        if code is not None:
            counts["countries"] += 1
            if len(rec.rules) > 1:
                history = ", ".join(r.describe() for r in rec.rules)
                notes.append(f"{rec.primary}: a country's codes by date ({history}) are not used; "
                             f"its names are {code} at every date")
            if code not in base.countries and code not in new_countries:
                new_countries.add(code)
                rows.countries.append((code, "", code, display_name(rec.primary), "", None, None, ""))
            for phrase in rec.phrases:
                key = fold(phrase)
                if key in base.metonyms or key in base.orgs or key in base.sectors or key in base.people:
                    # a capital, body, role or person the built-in tables know better: PETRARCH lists
                    # capitals under their country ("KABUL_"), eventmill reads "Kabul said" as its
                    # government and "in Kabul" as a place
                    counts["kept_builtin"] += 1
                    continue
                # a name the built-in tables know as an adjective stays one ("Afghan"), a country
                # name stays one; a new name is both (dictionaries do not say which it is)
                kinds = [k for k, index in (("name", base.country_names), ("adjective", base.adjectives))
                         if key in index] or ["name", "adjective"]
                for kind in kinds:
                    if key and (key, kind) not in seen_names:
                        seen_names.add((key, kind))
                        rows.country_names.append((key, code, kind))
                        counts["country_names"] += 1
            continue
        aid = len(rows.actors) + 1
        kb_id = petrarch.phrase_text(rec.primary).replace(" ", "_")
        rows.actors.append((aid, kb_id, display_name(rec.primary), tuple(rec.rules), rec.line))
        counts["actors"] += 1
        keys: dict[str, str] = {}
        for phrase in rec.phrases:
            key = fold(phrase)
            if key:
                keys.setdefault(key, phrase)
                alt = _untitled(key, base)
                if alt:
                    keys.setdefault(alt, phrase)
        for key, phrase in keys.items():
            rows.actor_names.append((key, aid, phrase))
        counts["actor_names"] += len(keys)
    seen_terms: set[str] = set()
    for agent in agents:
        counts["agents"] += 1
        sector = agent.code[:3]
        for phrase in agent.phrases:
            key = fold(phrase)
            if key and key not in seen_terms:  # the first entry for a term wins, as in PETRARCH
                seen_terms.add(key)
                rows.sectors.append((key, sector, base.sector_kinds.get(key, "generic"), agent.code))
                counts["agent_names"] += 1
    return rows, counts


def import_petrarch(path: str | Path, kb_path: Path, *, kind: str = "auto", layer: str = "over",
                    name: str | None = None) -> ImportReport:
    """Import one PETRARCH/TABARI actor or agent dictionary into the KB file as one source.

    ``kind`` is ``actors``, ``agents`` or ``auto`` (agents when most codes carry ``~``).
    Unreadable lines become warnings naming the file and line; the rest imports. A file that
    cannot be imported at all raises ConfigError and leaves the KB file as it was.
    """
    _check_layer(layer)
    path = Path(path)
    t0 = time.perf_counter()
    if not path.is_file():
        raise ConfigError(f"{path}: no such file")
    file_kind = kind if kind != "auto" else ("agents" if petrarch.looks_like_agents(path) else "actors")
    if file_kind not in ("actors", "agents"):
        raise ConfigError(f"dictionary kind {kind!r}: use actors, agents or auto")
    if file_kind == "agents":
        agents, warns = petrarch.read_agents(path)
        actors: list[petrarch.ActorRecord] = []
        n_records = len(agents)
    else:
        actors, warns = petrarch.read_actors(path)
        agents = []
        n_records = len(actors)
    if not n_records or len(warns) > 10 * n_records:
        found = f"only {n_records} {file_kind} records and {len(warns)} unreadable lines" if n_records else \
            f"no {file_kind} records found"
        raise ConfigError(f"{path}: {found}; is this a PETRARCH {file_kind} dictionary? "
                          "(verb, discard and issue dictionaries are not imported)")
    notes: list[str] = []
    rows, counts = petrarch_rows(actors, agents, load_kb(), notes)
    lines = {r.primary: r.line for r in actors}
    warnings = [str(w) for w in warns] + [f"{path}:{lines.get(n.split(':')[0], 0)}: {n}" for n in notes]
    report = ImportReport(source_name("petrarch", path, name), f"petrarch-{file_kind}", str(path), layer,
                          records=n_records, names=rows.count_names(), warnings=warnings, details=counts)
    _write(kb_path, report, rows, path)
    report.seconds = time.perf_counter() - t0
    return report


# ---------------------------------------------------------------------- Wikidata office-holders


@dataclass(frozen=True, slots=True)
class OfficeRow:
    jurisdiction: str
    position: str
    person: str
    person_id: str
    start: str
    end: str
    line: int


_FORMATS = {
    # officeholders_2022.csv (every-politician-scrapers)
    ("jurisdiction", "position", "person", "person_qid", "start", "end"): "officeholders",
    # world_leaders_2021.csv
    ("country", "positionLabel", "officeholderLabel", "officeholder", "start_year", "end_year"): "world_leaders",
}


def read_office_rows(path: Path) -> list[OfficeRow]:
    """Rows of an office-holder table in either Wikidata layout."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            header = set(reader.fieldnames or ())
            for cols, _fmt in _FORMATS.items():
                if set(cols) <= header:
                    j, p, n, i, s, e = cols
                    return [OfficeRow((r.get(j) or "").strip(), (r.get(p) or "").strip(), (r.get(n) or "").strip(),
                                      (r.get(i) or "").strip(), (r.get(s) or "").strip(), (r.get(e) or "").strip(),
                                      lineno)
                            for lineno, r in enumerate(reader, start=2)]
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise ConfigError(f"{path}: not a readable CSV file ({exc})") from exc
    expected = " or ".join(",".join(cols) for cols in _FORMATS)
    raise ConfigError(f"{path}: not an office-holder table; expected the columns {expected}")


@lru_cache(maxsize=1)
def _role_patterns() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    return tuple((re.compile(r["pattern"]), r["role"], r.get("sector") or "")
                 for r in read_tsv("kb/office_roles.tsv"))


def office_role(position: str, jurisdiction_name: str, kb: KnowledgeBase) -> tuple[str, str | None]:
    """(role, sector) of an office's name: "Minister of Foreign Affairs" -> (foreign_minister, GOV)."""
    label = fold(position)
    m = re.match(r"^(.*?) of (.+)$", label)
    if m and (kb.country(m.group(2)) or m.group(2) == fold(jurisdiction_name)):
        label = m.group(1)  # "president of albania" -> "president"
    for pattern, role, sector in _role_patterns():
        if pattern.search(label):
            return role, (sector or None)
    return "official", "GOV"


_JURISDICTION_PREFIXES = ("kingdom of the ", "kingdom of ", "republic of the ", "republic of ", "state of ",
                          "federated states of ", "people s republic of ", "commonwealth of ")


def jurisdiction_code(name: str, kb: KnowledgeBase) -> str | None:
    """ISO3 of a jurisdiction as Wikidata names it ("the United States of America", "Kingdom of
    the Netherlands"), through the knowledge base's country names."""
    iso = kb.country(name)
    if iso:
        return iso
    key = fold(name)
    for prefix in _JURISDICTION_PREFIXES:
        if key.startswith(prefix):
            iso = kb.country(key[len(prefix):])
            if iso:
                return iso
    return None


def _org_in(position: str, kb: KnowledgeBase) -> tuple[str | None, str | None, str | None]:
    """(kb_id, code, sector) of an international body an office belongs to ("Judge of the
    International Court of Justice")."""
    words = position.split()
    for i in range(len(words)):
        if words[i].lower() in ("of", "to"):
            candidate = " ".join(words[i + 1:])
            entry = kb.organization(candidate, None)
            if entry is not None and entry.sector in ("IGO", "NGO"):
                return entry.kb_id, entry.code, entry.sector
    return None, None, None


def officeholder_rows(rows: list[OfficeRow], base: KnowledgeBase, where: str
                      ) -> tuple[store.SourceRows, list[str], dict[str, int]]:
    """Office terms from table rows; the rows that cannot be placed become warnings."""
    out = store.SourceRows.empty()
    warnings: list[str] = []
    counts = {"terms": 0, "people": 0, "skipped": 0}
    unknown: dict[str, int] = {}
    people: set[str] = set()
    for row in rows:
        if not row.person or not row.position:
            warnings.append(f"{where}:{row.line}: no person or position; skipped")
            counts["skipped"] += 1
            continue
        start = parse_day(row.start)
        end = parse_day(row.end, end=True)
        if start is None:
            warnings.append(f"{where}:{row.line}: {row.person}: no start date ({row.start!r}); skipped")
            counts["skipped"] += 1
            continue
        if end is not None and end < start:
            warnings.append(f"{where}:{row.line}: {row.person}: ends ({row.end}) before it starts ({row.start}); "
                            "skipped")
            counts["skipped"] += 1
            continue
        role, sector = office_role(row.position, row.jurisdiction, base)
        if role == "skip":
            counts["skipped"] += 1
            continue
        country: str | None = None
        code: str | None = None
        if row.jurisdiction:
            country = jurisdiction_code(row.jurisdiction, base)
            if country is None:
                unknown[row.jurisdiction] = unknown.get(row.jurisdiction, 0) + 1
                counts["skipped"] += 1
                continue
        else:  # an international office: the body it belongs to
            _org_id, code, org_sector = _org_in(row.position, base)
            if code is None or role == "diplomat":
                counts["skipped"] += 1
                continue
            role, sector = "igo_official", org_sector
        eid = len(out.entries) + 1
        person_id = row.person_id or name_key(row.person).replace(" ", "-")
        out.entries.append((eid, person_id, row.person, code, sector or ROLE_SECTOR.get(role, "GOV"), country,
                            "office", start.isoformat(), end.isoformat() if end else None, role, row.position))
        counts["terms"] += 1
        people.add(person_id)
        names = {row.person, row.person.split(",")[0]}  # "Mark Malloch Brown, Baron Malloch-Brown"
        keys = {name_key(n) for n in names} - {""}
        for key in sorted(keys):
            out.entry_names.append(("people", key, eid, 0))
        if role in _SURNAME_ROLES:
            for key in sorted(surname_keys(row.person.split(",")[0], keys, country)):
                out.entry_names.append(("surnames", key, eid, 0))
    for name, n in sorted(unknown.items(), key=lambda x: -x[1]):
        warnings.append(f"{where}: jurisdiction {name!r} is not a country eventmill knows; {n} rows skipped")
    counts["people"] = len(people)
    return out, warnings, counts


def import_officeholders(path: str | Path, kb_path: Path, *, layer: str = "over",
                         name: str | None = None) -> ImportReport:
    """Import a Wikidata office-holder table into the KB file as one source."""
    _check_layer(layer)
    path = Path(path)
    t0 = time.perf_counter()
    if not path.is_file():
        raise ConfigError(f"{path}: no such file")
    office_rows = read_office_rows(path)
    rows, warnings, counts = officeholder_rows(office_rows, load_kb(), str(path))
    if not rows.entries:
        raise ConfigError(f"{path}: no office terms could be read ({len(warnings)} problems, "
                          f"first: {warnings[0] if warnings else 'none'})")
    report = ImportReport(source_name("wikidata", path, name), "officeholders", str(path), layer,
                          records=counts["terms"], names=rows.count_names(), skipped=counts["skipped"],
                          warnings=warnings, details=counts)
    _write(kb_path, report, rows, path)
    report.seconds = time.perf_counter() - t0
    return report


def reindex(kb_path: Path) -> list[ImportReport | ConfigError]:
    """Import every source again from the file it came from, in the same layer and under the
    same name (after an upgrade that changes how names are matched). A source whose file is
    gone or changed is reported and kept as it is."""
    out: list[ImportReport | ConfigError] = []
    for s in list_sources(kb_path):
        path = Path(s.path or "")
        try:
            if not path.is_file():
                raise ConfigError(f"{s.source}: its file {path} is gone; kept as imported")
            if store.file_sha1(path) != s.sha1:
                raise ConfigError(f"{s.source}: {path} has changed since it was imported; import it again "
                                  "explicitly if you want the new content")
            if s.kind == "officeholders":
                out.append(import_officeholders(path, kb_path, layer=s.layer, name=s.source))
            else:
                out.append(import_petrarch(path, kb_path, kind=s.kind.removeprefix("petrarch-"), layer=s.layer,
                                           name=s.source))
        except ConfigError as exc:
            out.append(exc)
    return out


def remove_source(kb_path: Path, source: str) -> bool:
    if not kb_path.exists():
        return False
    conn = store.connect(kb_path)
    try:
        return store.remove_source(conn, source)
    finally:
        conn.close()


def list_sources(kb_path: Path) -> list[store.Source]:
    if not kb_path.exists():
        return []
    conn = store.connect(kb_path, readonly=True)
    try:
        return store.list_sources(conn)
    finally:
        conn.close()
