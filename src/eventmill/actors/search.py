"""``eventmill kb search``: what a name resolves to on a date, and why.

The name is looked up the way the resolver looks up a name it has no context for: imported
dictionary actors and organisations first (``KnowledgeBase.organization``, which layers
imported entries over and under the built-in ones), then country names and metonyms, then
office-holders (``people.match``: full name, then surname; near spellings only with a title,
as "President Mitterand"), then nationality adjectives and role nouns. Every entry the name
matched is listed with its layer and whether its dates hold on the day.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from eventmill.actors import people, readings
from eventmill.actors.kb import BEYOND_OFFICE, BUNDLED, TITLE_ROLES, Entry, KnowledgeBase, parse_day
from eventmill.actors.mention import make_code
from eventmill.actors.names import fold, strip_accents

# The built-in tables of dated people, whose rows say where they came from.
_PEOPLE_TABLES = ("officeholders_heads.tsv", "officeholders_ministers.tsv", "people_beyond_office.tsv")


@dataclass
class Match:
    """One entry the name matched."""

    kind: str  # imported actor | organisation | office term | country name | adjective | metonym | role noun
    source: str
    layer: str  # over | base | under
    entry: str  # what matched: kb_id, code or term
    detail: str  # the entry's code or role and dates
    status: str  # what the date does to it
    row: str = ""  # the built-in table and line the entry comes from ("officeholders_heads.tsv:345")
    row_source: str = ""  # what that row says it comes from (its source column, and the Wikidata item)


@dataclass
class Answer:
    name: str | None
    country: str | None
    sector: str | None
    code: str | None
    kb_id: str | None
    kb_source: str | None
    why: str
    row: str = ""  # the table row that decided, for built-in people
    row_source: str = ""
    term: str = ""  # the decisive term: title and dates


@dataclass
class Explanation:
    query: str
    day: date
    title: str
    matches: list[Match] = field(default_factory=list)
    answer: Answer | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "date": self.day.isoformat(), "title": self.title or None,
                "matches": [asdict(m) for m in self.matches],
                "answer": asdict(self.answer) if self.answer else None}

    def render(self) -> str:
        title = f" (title: {self.title})" if self.title else ""
        lines = [f'"{self.query}" on {self.day}{title}']
        if not self.matches:
            lines.append("  no entry in any layer knows this name")
        width = max((len(m.source) for m in self.matches), default=0)
        for m in self.matches:
            lines.append(f"  {m.kind:<15} {m.source:<{width}} {m.layer:<5} {m.entry}  {m.detail}  -> {m.status}")
            if m.row:
                lines.append(f"      {m.row}: {m.row_source}")
        if self.answer is None:
            lines.append("resolves to: nothing (as a bare name; a title or country in the text may still place it)")
        else:
            a = self.answer
            lines.append(f"resolves to: {a.name or '-'}  country {a.country or '-'}  sector {a.sector or '-'}  "
                         f"code {a.code or '-'}  [{a.kb_source or BUNDLED}] {a.why}")
            if a.row:
                lines.append(f"  by the term {a.term}, {a.row}: {a.row_source}")
        return "\n".join(lines)


@lru_cache(maxsize=1)
def _people_rows() -> dict[tuple[str, str | None, str | None, date | None], tuple[str, str]]:
    """(person id, country, role, start) -> ("table:line", what the row says it comes from), for
    the built-in tables of dated people; read when ``kb search`` asks, not when the KB loads."""
    out: dict[tuple[str, str | None, str | None, date | None], tuple[str, str]] = {}
    for name in _PEOPLE_TABLES:
        path = resources.files("eventmill") / "data" / "kb" / name
        if not path.is_file():
            continue
        header: list[str] | None = None
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            r = dict(zip(header, cells))
            source = r.get("source", "")
            if r.get("qid"):
                source += f"; Wikidata {r['qid']}"
            if r.get("notes"):
                source += f" ({r['notes']})"
            country = r.get("country") if r.get("country") not in ("", "-") else None
            out.setdefault((r["person_id"], country, r.get("role"), parse_day(r.get("start", ""))),
                           (f"{name}:{lineno}", source))
    return out


def _row_of(e: Entry) -> tuple[str, str]:
    if e.kb_source != BUNDLED:
        return "", ""
    return _people_rows().get((e.kb_id, e.country, e.role, e.start), ("", ""))


def _span(e: Entry) -> str:
    if e.start is None and e.end is None:
        return "undated"
    return f"{e.start or '...'}..{e.end or 'open'}"


def _status(e: Entry, day: date) -> str:
    if e.valid_on(day):
        return "holds on the date"
    if e.end is not None and e.end < day:
        return f"ended {e.end}"
    return f"begins {e.start}"


def _split_title(query: str) -> tuple[str, str]:
    """("president", "Biden") from "President Biden": the longest office title in front."""
    words = query.split()
    for n in range(min(4, len(words) - 1), 0, -1):
        head = fold(" ".join(words[:n]))
        if head in TITLE_ROLES:
            return head, " ".join(words[n:])
    return "", query


def explain(kb: KnowledgeBase, query: str, day: date) -> Explanation:
    """Every entry ``query`` matches on ``day``, layer by layer, and what it resolves to; for a
    phrase a rule reads ("US-backed fighters", "both parties", "FILE"), that rule first."""
    reading = readings.read(kb, query.strip(), day)
    title, name = _split_title(reading.rest if reading is not None else query.strip())
    out = Explanation(query, day, title)
    if reading is not None:
        out.matches.append(Match(reading.kind, BUNDLED, "base", reading.entry, reading.detail, reading.status))
        if not reading.rest:
            if reading.country:
                c = kb.countries.get(reading.country)
                out.answer = Answer(c.name if c else reading.country, reading.country, reading.sector,
                                    make_code(reading.country, reading.sector), None, BUNDLED,
                                    f"the {reading.kind}'s country, for what it leads")
            return out
    _lookup(kb, name, title, day, out)
    if reading is not None and reading.forbids and out.answer is not None:
        out.answer.why += f"; never {reading.forbids}, whom the {reading.kind} names"
    return out


def _lookup(kb: KnowledgeBase, name: str, title: str, day: date, out: Explanation) -> None:
    """Every entry a name matches, layer by layer, and its answer, into ``out``."""
    key = fold(name)

    # imported dictionary actors (PETRARCH records) with their dated codes
    for hit in kb.imported_matches(name):
        layer = kb.layer_of.get(hit.source, "over")
        chosen, applied = hit.rule_on(day)
        for rule in hit.rules:
            if rule is chosen and applied:
                status = "applies on the date"
                if kb.stale(name, rule, day):
                    status = "applies, but is out of date: the office terms listed here ended since"
            elif rule.kind == "default":
                status = "default (a restriction applies instead)" if applied else "default"
            elif rule.applies(day):
                status = "holds too, but an earlier restriction comes first"
            else:
                status = "does not hold on the date"
            out.matches.append(Match("imported actor", hit.source, layer, f"{hit.kb_id} (line {hit.line})",
                                     rule.describe(), status))
        if not hit.rules or not applied:
            out.matches.append(Match("imported actor", hit.source, layer, f"{hit.kb_id} (line {hit.line})",
                                     "no code on this date", "PETRARCH codes nothing for it then"))
    # built-in organisations and armed groups
    for e in kb.orgs.get(key) or kb.orgs.get(fold(strip_accents(name))) or []:
        out.matches.append(Match("organisation", e.kb_source, "base", e.kb_id,
                                 f"{e.code or make_code(e.country, e.sector)} {_span(e)}", _status(e, day)))
    # country names, adjectives, metonyms
    for kind, index in (("country name", kb.country_names), ("adjective", kb.adjectives)):
        code = index.get(key)
        if code:
            source = kb.name_sources.get(key, BUNDLED)
            out.matches.append(Match(kind, source, "base" if source == BUNDLED else kb.layer_of.get(source, "over"),
                                     code, kb.countries[code].name if code in kb.countries else "", "undated"))
    met = kb.metonym(name)
    if met:
        out.matches.append(Match("metonym", BUNDLED, "base", f"{met[0]}{met[1]}", "stands for the institution",
                                 "when it acts (\"Kabul said\"), not as a place (\"in Kabul\")"))
    # office-holders
    terms, how = people.candidates(kb, name, fuzzy=bool(title))
    for t in terms:
        source = t.kb_source
        kind = "standing" if t.kind == BEYOND_OFFICE else "office"
        row, row_source = _row_of(t)
        out.matches.append(Match(f"{kind} ({how})", source, "base" if source == BUNDLED else
                                 kb.layer_of.get(source, "over"), t.kb_id,
                                 f"{t.country or t.code or '-'} {t.role} {t.title or ''} {_span(t)}".replace("  ", " "),
                                 _status(t, day), row, row_source))
    # role nouns (agents)
    sector = kb.sectors.get(key)
    if sector:
        agent = kb.agent_codes.get(key)
        source = kb.sector_sources.get(key, BUNDLED)
        out.matches.append(Match("role noun", source, "base" if source == BUNDLED else kb.layer_of.get(source, "over"),
                                 key, f"sector {sector}" + (f" (agent code {agent[0]})" if agent else ""),
                                 "needs a country from the text"))
    out.answer = _answer(kb, name, title, day)


def _answer(kb: KnowledgeBase, name: str, title: str, day: date) -> Answer | None:
    """The resolver's order for a bare name: organisations and imported actors, country names
    and metonyms, office-holders, nationality adjectives, role nouns."""
    org = kb.organization(name, day)
    if org is not None:
        if org.kind == "actor":
            why = f"imported code {org.code or '---'}" + (f" ({org.start or '...'}..{org.end or 'open'})"
                                                         if org.start or org.end else "")
            return Answer(org.name, org.country, org.sector, org.code, org.kb_id, org.kb_source, why)
        country = org.country
        return Answer(org.name, country, org.sector, org.code or make_code(country, org.sector), org.kb_id,
                      org.kb_source, f"{org.kind} {_span(org)}")
    iso = kb.country(name)
    if iso and not title:
        c = kb.countries.get(iso)
        return Answer(c.name if c else name, iso, None, iso, None, kb.name_sources.get(fold(name), BUNDLED),
                      "a country name")
    met = kb.metonym(name)
    if met and not title:
        c = kb.countries.get(met[0])
        return Answer(c.name if c else name, met[0], met[1], f"{met[0]}{met[1]}", None, BUNDLED,
                      "a metonym, when it acts")
    found = people.match(kb, name, day, title=title, fuzzy=bool(title))
    if found is not None:
        e = found.entry
        row, row_source = _row_of(e)
        return Answer(e.name, e.country, found.sector, people.person_code(e, found.sector), e.kb_id, e.kb_source,
                      "; ".join(found.reasons), row, row_source, f"{e.title or e.role} {_span(e)}")
    adj = kb.adjective(name)
    if adj and not title:
        c = kb.countries.get(adj)
        return Answer(c.name if c else name, adj, None, adj, None, kb.name_sources.get(fold(name), BUNDLED),
                      "a nationality: its people")
    sector = kb.sectors.get(fold(name))
    if sector:
        return Answer(None, None, sector, make_code(None, sector), None, kb.sector_sources.get(fold(name), BUNDLED),
                      "a role noun: the country comes from the text")
    return None
