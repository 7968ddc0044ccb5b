"""Which place a toponym means: candidate ranking with the document as context.

A candidate's score is its prior (population on a log scale, rank: a country or a region before a
namesake town, a capital before another town, a place's own name before a city's alternate name)
plus what the document says:

- the countries the story is about: the countries and regions it names, its nationality adjectives,
  its actors' countries, its dateline and the country of its web address (``.co.uk``);
- the first-level regions it names (a "Birmingham" in a story that names Alabama);
- nearness to the places it names that are not ambiguous;
- explicit qualifiers: "Paris, Texas", "Spokane, WA", "Perth (Scotland)" keep only candidates inside.

One name means one place throughout a story.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from eventmill.geo.gazetteer import Gazetteer, Place, key_variants, km, prior
from eventmill.place.recognize import Mention, lies_in


@dataclass
class StoryContext:
    """What a story says about where it is."""

    countries: dict[str, float] = field(default_factory=dict)  # ISO3 -> weight in [0, 1]
    regions: set[tuple[str, str]] = field(default_factory=set)  # (ISO3, admin-1 code)
    anchors: list[Place] = field(default_factory=list)  # places named without ambiguity

    def country_codes(self) -> frozenset[str]:
        return frozenset(c for c, w in self.countries.items() if w >= 0.25)


class Resolver:
    """Rank each mention's candidates against the story's context."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer

    def context(self, mentions: list[Mention], extra_countries: Iterable[tuple[str, float]] = (),
                readings: list[Place | None] | None = None) -> StoryContext:
        """Countries, regions and anchor places the story names without ambiguity; with
        ``readings`` (a first resolution of the mentions), the countries of all of them."""
        counts: dict[str, float] = defaultdict(float)
        ctx = StoryContext()
        if readings is not None:
            for m, reading in zip(mentions, readings):
                if reading is not None and reading.country and self._unambiguous(m) is None:
                    counts[reading.country] += 0.5 if m.usage == "name" else 0.25
        for m in mentions:
            top = self._unambiguous(m)
            if top is None:
                continue
            if top.country:
                counts[top.country] += 1.0 if m.usage == "name" else 0.5
            if top.precision == "admin1" and top.country and top.admin1_code:
                ctx.regions.add((top.country, top.admin1_code))
            if top.precision in ("city", "landmark", "admin1"):
                ctx.anchors.append(top)
        for iso3, weight in extra_countries:
            counts[iso3] += weight
        if counts:
            most = max(counts.values())
            ctx.countries = {c: min(1.0, n / most) for c, n in counts.items()}
        return ctx

    def _unambiguous(self, m: Mention) -> Place | None:
        """The one place a mention can mean, or a country/region that clearly outranks the rest."""
        cands = self._allowed(m)
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        ranked = sorted(cands, key=lambda p: prior(p, self.gaz.is_primary(m.text, p)), reverse=True)
        first, second = ranked[0], ranked[1]
        margin = prior(first, self.gaz.is_primary(m.text, first)) - prior(second, self.gaz.is_primary(m.text, second))
        if first.precision in ("country", "region", "admin1") and margin >= 1.5:
            return first
        if margin >= 2.5:
            return first
        if margin >= 1.0 and first.country is not None and all(p.country == first.country for p in cands):
            return first  # "Atlanta": the big one of namesakes in one country
        return None

    def _state_like(self, m: Mention) -> bool:
        """Does a name mean a first-level region without doubt ("Oregon", not "New York")?"""
        top = self._unambiguous(m)
        return top is not None and top.precision == "admin1"

    def _allowed(self, m: Mention) -> list[Place]:
        if not m.within:
            return m.candidates
        inside = [p for p in m.candidates if any(lies_in(p, w) for w in m.within)]
        return inside or m.candidates

    def score(self, place: Place, m: Mention, ctx: StoryContext) -> float:
        primary = self.gaz.is_primary(m.text, place)
        s = prior(place, primary)
        if not primary and any(self.gaz.is_primary(m.text, p) for p in m.candidates):
            s -= 2.0  # "Garden City" is a town's own name before it is Singapore's nickname
        if place.precision == "admin1" and any(p.precision == "city" and p.population >= 100_000 for p in m.candidates):
            s -= 1.0  # "New York", "Washington": the city, unless the story is about the state
            if m.directional or any(self._state_like(peer) for peer in m.listed_with):
                s += 2.5  # "central Washington", "California or Washington": the state (above its capital)
        if place.precision == "admin1" and any(
            a.precision == "city" and a.country == place.country and a.admin1_code == place.admin1_code
            and a not in m.candidates
            for a in ctx.anchors
        ):
            s += 1.0  # the story's towns are in that state (its namesake city aside)
        if place.country:
            s += 2.0 * ctx.countries.get(place.country, 0.0)
        if place.country and place.admin1_code and (place.country, place.admin1_code) in ctx.regions:
            s += 1.0 if place.precision in ("city", "admin2") else 0.0
        if place.precision in ("city", "landmark", "admin2") and self._near_anchor(place, ctx):
            s += 1.0
        return s

    @staticmethod
    def _near_anchor(place: Place, ctx: StoryContext) -> bool:
        """Is the place within 150 km of a town or landmark the story names without ambiguity?"""
        return any(a.precision != "admin1" and km((a.lat, a.lon), (place.lat, place.lon)) < 150 for a in ctx.anchors)

    def resolve(self, mentions: list[Mention], ctx: StoryContext) -> list[Place | None]:
        """The chosen place of each mention (None when nothing fits); one name, one place per story."""
        chosen: dict[str, Place] = {}
        out: list[Place | None] = []
        # qualified mentions first ("Birmingham, Alabama" decides a later "Birmingham")
        order = sorted(range(len(mentions)), key=lambda k: (not mentions[k].within, k))
        picks: dict[int, Place | None] = {}
        for k in order:
            m = mentions[k]
            key = next(key_variants(m.text), m.text)
            if key in chosen and not m.within and chosen[key] in m.candidates:
                picks[k] = chosen[key]
                continue
            cands = self._allowed(m)
            if not cands:
                picks[k] = None
                continue
            if (ctx.regions or ctx.anchors) and not m.within and any(p.precision == "city" for p in cands):
                # a village in a state the story names, or near a town it names, outranks its
                # bigger namesakes elsewhere through those scores ("Riverdale" in a New Jersey story)
                cands = cands + [p for p in self.gaz.small_towns_named(m.text) if p not in cands and (
                    (p.country, p.admin1_code) in ctx.regions or self._near_anchor(p, ctx))]
            best = max(cands, key=lambda p: self.score(p, m, ctx))
            picks[k] = best
            chosen.setdefault(key, best)
        for k in range(len(mentions)):
            out.append(picks.get(k))
        return out
