"""From candidate events to output records: who acts on whom (one record per actor for joint
actions, the CAMEO convention, ``joint: true``), where and when, the stated casualty figures,
the Goldstein value and a confidence; duplicates within a sentence removed."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from eventmill.actors.kb import BUNDLED
from eventmill.actors.mention import Resolved, make_code
from eventmill.events import frames, nonevents, triggers, venues
from eventmill.events.antecedents import DemandMemory, ForceMemory, cause_pointing_back
from eventmill.events.arguments import Coding
from eventmill.events.frames_base import Candidate
from eventmill.events.implicit import custody_country, defiers, implicit_parties, moved_subjects
from eventmill.events.nominal import names_victims
from eventmill.events.ontology import CONFLICT, COOPERATIVE, VERBAL_CONFLICT, types_in
from eventmill.events.rules import Lexicon
from eventmill.events.salience import BACKGROUND, salience
from eventmill.geo.setting import story_setting
from eventmill.lang import tree
from eventmill.lang.names import fold
from eventmill.lang.words import en, word_class
from eventmill.place import dateline_of, event_location
from eventmill.records import Actor, Document, Event, Place, Size
from eventmill.sectors import sectors_in
from eventmill.time import TimexLayer, deadline_for, event_date, narrative_past

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from eventmill.actors.index import ActorIndex
    from eventmill.time.values import TimexValue

SYMMETRIC_WORDS = word_class("symmetric", "events/words.tsv")
_GROUP_NOUNS = word_class("symmetric_group_noun", "events/words.tsv")  # "led a team": who went, not a joint act
SYMMETRIC_TYPES = types_in("symmetric")
MATERIAL_CONFLICT = types_in("material_conflict")
REQUIRES_RECIPIENT = types_in("requires_recipient")  # PLOVER: a meeting with no one is no event
# a mediator acts between sides the text may leave unnamed ("launched a mediation effort between the two
# parties"): its act is told, with no recipient (CAMEO 045, PLOVER CONSULT)
_MEDIATION = "045"
_MEDIATING = ("043", "045")  # hosting or mediating talks: the conflict talked about is a party
_AIR_ATTACKS = word_class("air_attack", "events/words.tsv")
HISTORICAL_DAYS = 30
_PRECISION = ("landmark", "city", "admin2", "admin1", "country")
_AT_HOME = frozenset({"COP", "GOV", "JUD"})  # who acts on people at home (the army may act abroad)
DOMESTIC_SECTORS = sectors_in("domestic")
_CIVILIAN = sectors_in("civilian")
_OPPOSITION = sectors_in("political") & sectors_in("local")  # opposition and parties: a country's own
# one yields to one's own people and rebels, but the forces one surrenders to may be anyone's
_STATE_FORCES = sectors_in("state_force")
_YIELDED_TO = DOMESTIC_SECTORS - _STATE_FORCES
# acts in words that a group may address to its own members, who are then its recipient ("urged its fighters")
_ADDRESSED = frozenset({"REQUEST"})
_STANCE = "051"  # praising or endorsing: one side's word on a thing, though the thing be mutual
_MUTUAL_OBJECT_DEPS = frozenset({"dobj", "pobj", "nsubjpass"})  # "held talks", "in talks", "talks were held"
_OWN_MEMBERS = word_class("own_members", "kb/words.tsv")
_STATIC_LOCATIVE = en("static_locative_preposition")
_PROXIMITY = en("proximity_preposition")
_PLACE_KINDS = en("place_kind_noun")
_DESTINATIONS = word_class("destination_slot", "events/words.tsv")
_MEETINGS = word_class("meeting_noun", "events/words.tsv")
_AGREEING = word_class("agreement_verb", "events/words.tsv")
_DONE_TOGETHER = frozenset({"COOPERATE", "CONSULT"})  # promised acts the promisers do with each other
MAX_PER_CANDIDATE = 6
# PETRARCH codes each source of a compound with each target; an imported row does too, up to this
MAX_PER_IMPORTED = 24
Pair = tuple[Resolved | None, Resolved | None, bool]

# perpetrators the text types by what they are, though it says not whose ("police", "gunmen")
_ARMED = sectors_in("armed")
_JOINING_VERBS = word_class("joining_verb", "events/words.tsv")  # "fought with Isis": as one of its fighters
_RECRUITS = frozenset({None, "", "CVL"})  # people, not a force: who joins an armed group to fight with it
_JOINED_FORCES = frozenset({"MIL", "REB", "INS", "PRM", "IMG"})  # what one joins (not the police)
_FOLLOWERS = word_class("creed_follower", "events/words.tsv")
_STRUGGLES = word_class("struggle_noun", "events/words.tsv")  # "in the fight against Isis": the foe named apart
_TRANSNATIONAL = "IMG"  # how the code of a group that spans countries begins (IMGINSISI: Islamic State)
_CUSTODIAL = sectors_in("custodial")
_CAUSE_MARKS = frozenset({"when", "after", "as"})
_VICTIM_VERBS = word_class("victim_verb", "events/words.tsv")
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "conj", "appos", "punct", "cc"})
_RELATIONS = word_class("relation_noun", "events/words.tsv")  # "repair our relations": with the other side
_OTHER_CLAUSE_DEPS = frozenset({"conj", "cc", "advcl", "ccomp", "parataxis", "xcomp", "relcl", "punct"})


def event_id(story: str, trigger_start: int, trigger_end: int, event: str, actor: str | None, recipient: str | None,
             cameo: str) -> str:
    key = f"{story}|{trigger_start}|{trigger_end}|{event}|{actor or ''}|{recipient or ''}|{cameo}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class RecordBuilder:
    """Turns one document's candidates into :class:`~eventmill.records.Event` records."""

    def __init__(self, doc: Document, index: ActorIndex, lex: Lexicon, coder: dict[str, str]) -> None:
        self.doc, self.index, self.lex, self.coder = doc, index, lex, coder
        self.scene: Place | None = None  # where the story's incident was last placed (note_scene)
        self.force = ForceMemory()  # the doer of the latest act of force ("killed in the firing")
        self.demands = DemandMemory()  # whom each party last made a demand of ("the alternative would be ...")

    def records(self, cand: Candidate, sent_index: int, sent: Span, size: Size | None) -> list[Event]:
        code = self.lex.code(cand.cameo)
        plover = cand.plover or code.plover
        assert plover is not None
        actors = [a for a in cand.actors if a.actor.code or a.actor.name or a.actor.entity_text]
        recips = list(cand.recipients)
        if plover == "THREATEN" and frames.alternative_course(cand.trigger) is not None:
            recips = self.demands.addressees(actors, sent_index) or recips  # the alternative to a demand
        if not recips and plover in COOPERATIVE | {"AGREE"} and not (len(actors) >= 2 and mutual(cand, plover, True)) \
                and not nonevents.opens_period(cand.trigger):
            # (not for two sides acting together: "Baghdad and Washington are in talks to move
            # fighters from Syria" are each other's counterparts, the country named is no party;
            # nor for the act a "since" clause tells: "Turkey has been wary since the US partnered
            # with the Kurds" names the main clause's subject, no party to the partnership)
            # (support of a thing backs what its own clause names: "backed the revolt in Bahrain", no
            # country of the next clause: "supported the reforms and travelled to Egypt"; a bond
            # is with another party wherever it is named: "accused the US ...: 'we must repair our
            # relations'")
            thing = plover in ("SUPPORT", "AGREE") and any(
                c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") and not self.index.at(c) and
                c.lemma_.lower() not in _RELATIONS for c in cand.trigger.children)
            within = _own_clause(cand) if thing and plover == "SUPPORT" else None
            recips = fallback_recipient(self.index, cand, sent, within=within, venue_only=thing)
        if not recips and plover == "REQUEST":  # "in defiance of a ceasefire ordered by the UN": of the defiers
            recips = [r for t in defiers(cand.trigger) for r in self.index.at(t)]
        cx = Coding(self.lex, self.index)
        recips = venues.hosted(cx, cand.trigger, plover, recips)  # "the Sochi conference"
        recips = venues.neutral_venue(cx, cand.trigger, plover, recips)  # "will arrive in Geneva for UN talks"
        if plover in ("ASSAULT", "COERCE"):
            # "suicide bombers attacked Paris": a capital attacked is the city, not its government
            recips = [_as_place(r) if r.kind == "metonym" and fold(r.actor.entity_text) in self.index.kb.capitals
                      else r for r in recips]
        actor_heads = {r.head for r in [*actors, *recips] if not self._place_party(r, cand.trigger, plover)} | {
            m.head for r in [*actors, *recips] for m in r.members}
        scene = self._scene_for(actors, recips)
        loc = event_location(self.doc, cand.trigger, actor_heads, allow_object=cand.object_location, scene=scene)
        if cand.own_place and loc is not None and not self._in_phrase(loc, cand.trigger):
            loc = None  # ("after the attack that killed dozens, when Washington ordered strikes": not in Washington)
        if not actors and plover == "ASSAULT":
            actors = self._cause_actors(cand) or self.force.referred(self.lex, cand, sent_index)
            if not actors and cand.trigger.lemma_.lower() in _VICTIM_VERBS and \
                    cause_pointing_back(self.lex, cand.trigger) is not None:
                return []  # "two policemen died in the firing", no firing told before: no one is guessed
        self.force.note(plover, actors, sent_index)
        if not actors:  # "three men were arrested": the police of the place
            moved = [r for t in moved_subjects(cand.trigger) for r in self.index.at(t)]
            home = custody_country(self.index.mentions, sent) or self._home(sent)
            actors, recips = implicit_parties(cand, cand.mode or code.mode, loc, home, recips, moved)
            if actors and not recips and plover in COOPERATIVE:  # the forces found as the actor: whom they help
                recips = fallback_recipient(self.index, cand, sent, {a.actor.country for a in actors})
        if loc is not None and loc.country and loc is not dateline_of(self.doc) and loc is not scene:
            recips = self._placed_people(cand, plover, recips, loc)
            actors, recips = located_parties(cand, plover, actors, recips, loc)
        if plover in ("ASSAULT", "COERCE", "CONCEDE"):
            # (one yields to the owner of the demands it accepts: "accepted demands from rebels")
            recips = domestic_targets(actors, recips, _YIELDED_TO if plover == "CONCEDE" else DOMESTIC_SECTORS,
                                      owners=plover == "CONCEDE", guessed=cand.cameo.startswith("173"))
        else:
            recips = domestic_targets(actors, recips, _OPPOSITION)
        if plover == "PROTEST" and not recips:
            recips = home_government(actors)
        pairs = self._distinct_pairs(cand, plover, actors, recips)
        self.demands.note(plover, cand.aux, pairs, sent_index)
        if not pairs:
            return []
        if any(j for _, _, j in pairs) and plover == "CONCEDE" and cand.intended and len(actors) >= 2:
            plover = "AGREE"  # a joint agreement to a retreat: both sides agree (PRODUCT.md)
        # (a place carried over from an earlier sentence says where, not that this is a new event)
        pairs = self._countable(plover, pairs, recips, size, loc if loc is not scene else None, names_victims(cand),
                                mediation=cand.cameo.startswith(_MEDIATION))
        if not pairs:
            return []
        return self._events(cand, plover, pairs, sent_index, sent, size, loc)

    def _in_phrase(self, loc: Place, n: Token) -> bool:
        """Is the place named in the noun's own phrase ("the *Kano* bombing", "the bombing *in Kano*"),
        not in a clause that hangs on it ("the attack that killed dozens, when Washington struck")?"""
        norm = self.doc.norm
        own = [t for c in n.children if c.dep_ not in _CLAUSE_DEPS for t in c.subtree]
        starts = {norm.to_original(t.idx, t.idx + len(t))[0] if norm else t.idx for t in own}
        return loc.start in starts

    def _home(self, sent: Span) -> str | None:
        """The country an act the text gives no doer for is done by: the story's setting (its
        dateline, its outlet), else the country it is about, unless the sentence names another
        ("after a state of siege was declared in the former French colony": not France's)."""
        setting = story_setting(self.doc)
        if setting.country:
            return setting.country
        focus = self.index.focus
        # (a civilian's nationality says where one is from, not where it happened: "a Utah man held")
        named = {m.actor.country for tok in sent if (res := self.index.mention(tok.i)) is not None
                 for m in res.members or [res] if m.actor.country and m.actor.sector != "CVL"}
        return focus if focus and named <= {focus} else None

    def _scene_for(self, actors: list[Resolved], recips: list[Resolved]) -> Place | None:
        """The place of the story's incident so far, for an event whose sentence names no place:
        only where its parties could be (the place's country is one of theirs, or they have none)."""
        scene = self.scene
        if scene is None or not scene.country:
            return None
        countries = {r.actor.country for r in [*actors, *recips] if r.actor.country}
        return scene if not countries or scene.country in countries else None

    def note_scene(self, events: list[Event]) -> None:
        """Remember where a sentence placed its events (a place its text names, the finest one)."""
        dateline = dateline_of(self.doc)
        named = [e.event_loc for e in events if e.event_loc is not None and e.event_loc is not dateline
                 and e.event_loc is not self.scene and e.event_loc.precision != "country"]
        if named:
            self.scene = min(named, key=lambda p: _PRECISION.index(p.precision) if p.precision in _PRECISION else 9)

    def _distinct_pairs(self, cand: Candidate, plover: str, actors: list[Resolved],
                        recips: list[Resolved]) -> list[Pair]:
        """Who acts on whom, once each; an actor is not its own recipient ("Sudan's government
        lifted Sudan's state of emergency"), though two people of one code may be."""
        unique: dict[tuple[int, int], Pair] = {}
        for side, target, j in pairs_of(self.lex, cand, actors, recips):
            # (before an actor's guessed code can equal its target's: "officials condemned Israel")
            if side is not None and target is not None and side.guessed and side.actor.country and \
                    side.actor.country == target.actor.country and plover in CONFLICT | VERBAL_CONFLICT and \
                    only_evidence(self.index, self.doc, target):
                if plover not in MATERIAL_CONFLICT:
                    continue  # "the ministry condemned the Israeli strike": the only Israel named is the target
                # "gunmen killed the mayor of Mogadishu": the deed stands; its doer, typed, stays unplaced
                side = replace(side, guessed=False, actor=replace(side.actor, country=None,
                                                                  code=make_code(None, side.actor.sector)))
            same = side is not None and target is not None and bool(side.actor.code) and (
                side.actor.code == target.actor.code or (
                    self._named_state(target) and _code(side, plover) == _code(target, plover)))
            if side is not None and target is not None and side.kind == target.kind == "group" and \
                    side.actor.code and side.actor.code == target.actor.code and self._pronoun(side):
                continue  # "they did not allow the Syrian people to ...": a pronoun bound to the party acted on
                # is not its actor (the resolver found no better antecedent)
            if side is not None and plover == "PROTEST" and side.actor.sector in _STATE_FORCES and self._pronoun(side):
                side = None  # "Police arrested fifty farmers. They were protesting ...": who protests is the
                # people the police acted on, not the police the pronoun's grammar points to
            if same and side is not None and target is not None \
                    and not (side.actor.kb_id and target.actor.kb_id and side.actor.kb_id != target.actor.kb_id) \
                    and not self._own_members(target, plover):
                target = None  # (two different people of one code stay: "Obama criticised Trump")
            if side is not None and target is not None and target.kind == "owner" and not target.actor.sector \
                    and target.actor.country and target.actor.country == side.actor.country and \
                    plover in ("RETREAT", "MOBILIZE"):
                target = None  # "Trump was withdrawing American troops": moving one's own forces, not a recipient
            unique.setdefault((id(side), id(target)), (side, target, j))
        return list(unique.values())

    def _placed_people(self, cand: Candidate, plover: str, recips: list[Resolved], loc: Place) -> list[Resolved]:
        """ "Ali Karimi was tortured in Tabriz": a named person harmed where the event's own clause
        places it, of no nationality the text gives, is of that place's country (as unnamed victims are)."""
        v = cand.trigger
        start, end = self.index.mentions.offsets(v.left_edge.idx, v.right_edge.idx + len(v.right_edge))
        if plover not in ("ASSAULT", "COERCE") or loc.start is None or not start <= loc.start < end:
            return recips
        c = loc.country
        return [replace(r, actor=replace(r.actor, country=c, code=make_code(c, r.actor.sector)))
                if r.kind == "person" and r.actor.name and not r.resolved and not r.members else r for r in recips]

    def _own_members(self, r: Resolved, plover: str) -> bool:
        """Is the party the actor's own members addressed in words ("the Taliban urged its fighters
        to hold their ground"): people of the actor's code, not the actor itself?"""
        sdoc = self.doc.spacy
        if plover not in _ADDRESSED or sdoc is None or not 0 <= r.head < len(sdoc):
            return False
        head = sdoc[r.head]
        return head.lemma_.lower() in _OWN_MEMBERS and \
            any(c.dep_ == "poss" and c.pos_ == "PRON" for c in head.children)

    def _pronoun(self, r: Resolved) -> bool:
        """Is the party named by a pronoun the resolver bound to an antecedent ("they")?"""
        sdoc = self.doc.spacy
        return r.antecedent >= 0 and sdoc is not None and 0 <= r.head < len(sdoc) and sdoc[r.head].pos_ == "PRON"

    def _place_party(self, r: Resolved, trigger: Token, plover: str) -> bool:
        """Is a party a place as well: the host of a visit ("travelled to Egypt"), or the people
        of a place that says where ("increase the troops in Syria")? Then it is still the place."""
        sdoc = self.doc.spacy
        if sdoc is None or not 0 <= r.head < len(sdoc):
            return False
        tok = sdoc[r.head]
        if tok.dep_ != "pobj" or (tok.ent_type_ not in ("GPE", "LOC") and r.kind != "host"):
            return False  # (a host is a place however the parse tags its name)
        if r.kind == "host" or (plover == "CONSULT" and tok.head.lower_ in _DESTINATIONS
                                and tok.head.head.i == trigger.i):
            return True
        if plover in ("ASSAULT", "COERCE") and not r.actor.sector and tok.head.lower_ == "of" and \
                tok.head.head.lemma_.lower() in _PLACE_KINDS:
            return True  # "shelled the outskirts of Idlib": the place struck is where
        return r.kind == "group" and tok.head.lower_ in _STATIC_LOCATIVE

    def _named_state(self, r: Resolved) -> bool:
        """Is the party a country named by its name ("all of Syria"), which the record reads as its
        government (not "Ugandan opposition candidates", the people of a country, nor "lifted Sudan's
        state of emergency", for whose people it is lifted)?"""
        sdoc = self.doc.spacy
        return sdoc is not None and 0 <= r.head < len(sdoc) and sdoc[r.head].ent_type_ == "GPE" and \
            sdoc[r.head].dep_ != "poss"

    def _cause_actors(self, cand: Candidate) -> list[Resolved]:
        """"two were killed when police fired on the crowd": a harm told without its doer, in a
        clause whose "when"/"after"/"as" clause names armed forces acting, was done by them; so
        are harms told together ("one was killed and six injured when police fired": the clause
        may hang on either)."""
        v = cand.trigger
        if v.pos_ not in ("VERB", "AUX"):
            return []  # (a "when" clause the parser hangs on an attack noun tells when else, not who did it)
        if v.lemma_.lower() not in _VICTIM_VERBS and any(c.dep_ == "nsubj" for c in v.children):
            return []  # "some elements burnt the offices after the police sealed them": its doer is told, if unknown
        told = [c for c in v.children if c.dep_ == "conj"] + ([v.head] if v.dep_ == "conj" else [])
        # (the parser may hang the second harm on its victims: "and five [wounded]")
        harms = [v, *told, *(a for c in told for a in c.children if a.dep_ == "acl" and a.pos_ == "VERB")]
        for c in (c for h in harms for c in h.children):
            marked = any(m.dep_ in ("mark", "advmod") and m.lower_ in _CAUSE_MARKS for m in c.children)
            if c.dep_ == "advcl" and marked and self._harms(c):
                for s in c.children:
                    if s.dep_ == "nsubj":
                        found = [r for r in self.index.at(s) if r.actor.sector in _ARMED]
                        if found:
                            return found
        return []

    def _harms(self, v: Token) -> bool:
        """Is the verb an act of force ("fired on", "opened fire", "shelled"), not a mere presence
        ("when the police arrived")?"""
        return any(self.lex.code(rule.cameo).plover in ("ASSAULT", "COERCE")
                   for rule, _ in triggers.match_verb(self.lex, v))

    @staticmethod
    def _countable(plover: str, pairs: list[Pair], recips: list[Resolved], size: Size | None,
                   loc: Place | None, victims_named: bool = False, mediation: bool = False) -> list[Pair]:
        """The pairs that make a codable event (PLOVER: who did it, to whom)."""
        if plover not in MATERIAL_CONFLICT and not any(a is not None for a, _, _ in pairs) and not (
                plover == "RETREAT" and recips):
            return []  # verbal and cooperative events need someone who did them (releases may not say who)
        pairs = [(a, r, j) for a, r, j in pairs if a is not None or r is not None]  # an event is about someone
        if plover in REQUIRES_RECIPIENT and not mediation:
            pairs = [(a, r, j) for a, r, j in pairs if r is not None]  # PLOVER: AID, COOPERATE, CONSULT
        if plover in ("ASSAULT", "COERCE") and size is None and not (loc is not None and loc.country) \
                and not victims_named:  # ("the murder of the journalist X": its victim makes it specific)
            # violence or repression with no named perpetrator, no place and no figures is too vague to
            # count; a perpetrator the text types ("police", "soldiers", "gunmen") is named enough, and so,
            # for repression, is a body that holds people by law ("the government banned the party")
            # (as the text names it: not the authorities an arrest implies, "taxis will be banned")
            pairs = [(a, r, j) for a, r, j in pairs if a is not None and (a.resolved or a.actor.sector in _ARMED or (
                plover == "COERCE" and a.actor.sector in _CUSTODIAL and not a.actor.implicit))]
        return pairs

    def _date(self, cand: Candidate, aux: set[str]) -> tuple[str | None, str | None]:
        """When: the expression attached to the trigger, else the governing clause's, else the
        publication date, with its precision said honestly (``publication``: the text gives none)."""
        doc = self.doc
        value, inherited_ = own_date(doc, cand.date_tokens), False
        if value is None:
            value, inherited_ = event_date(doc, cand.date_anchor or cand.trigger)
        if value is not None and value.first is not None and doc.pub_date is not None and \
                value.first > doc.pub_date + timedelta(days=1) and not aux & {"future", "hypothetical"}:
            value = None  # a past event is not dated after its report: the expression is not its date
        if value is not None and value.first is not None:
            precision = value.precision
            if inherited_ and cand.nominal and precision == "day":
                precision = "week"  # "the last round of talks", dated by the report of it
            if doc.pub_date and value.last is not None and value.last < doc.pub_date - timedelta(days=HISTORICAL_DAYS):
                aux.add("historical")
            return value.first.isoformat(), precision
        past, historical = narrative_past(doc, cand.date_anchor or cand.trigger, HISTORICAL_DAYS)
        if historical:
            aux.add("historical")  # told in a narrative of the past: of its time, never of the report's day
            return (past.first.isoformat(), past.precision) if past is not None and past.first else (None, None)
        if doc.pub_date is not None:
            return doc.pub_date.isoformat(), "publication"  # the text gives no date: the report's
        return None, None

    def _offsets(self, cand: Candidate, sent: Span) -> tuple[int, int, int, int]:
        """Offsets of the sentence and of the trigger in the text the user gave."""
        norm = self.doc.norm
        s_start, s_end = norm.to_original(sent.start_char, sent.end_char) if norm else (sent.start_char, sent.end_char)
        t_first = min(cand.trigger_tokens, key=lambda t: t.i)
        t_last = max(cand.trigger_tokens, key=lambda t: t.i)
        start, end = t_first.idx, t_last.idx + len(t_last.text)
        trig_start, trig_end = norm.to_original(start, end) if norm else (start, end)
        return s_start, s_end, trig_start, trig_end

    def _events(self, cand: Candidate, plover: str, pairs: list[Pair], sent_index: int, sent: Span,
                size: Size | None, loc: Place | None) -> list[Event]:
        doc, code = self.doc, self.lex.code(cand.cameo)
        aux = set(cand.aux)
        ev_date, precision = self._date(cand, aux)
        deadline = None
        if cand.intended:
            d = deadline_for(doc, cand.deadline_tokens)
            if d is not None and (doc.pub_date is None or d >= doc.pub_date - timedelta(days=1)):
                deadline = d.isoformat()
        s_start, s_end, trig_start, trig_end = self._offsets(cand, sent)
        event_text = " ".join(t.text for t in sorted({t.i: t for t in cand.trigger_tokens}.values(), key=lambda t: t.i))
        out = []
        for actor, recip, joint in pairs:
            a, r = as_party(actor, plover), as_party(recip, plover)
            if a is not None and r is not None and a.code and a.code == r.code and a.entity_text == r.entity_text:
                continue
            out.append(Event(
                id=event_id(doc.id, trig_start, trig_end, plover, a.code if a else None, r.code if r else None,
                            cand.cameo),
                story_id=doc.id, sentence=sent_index, event=plover, url=doc.url, source=doc.source,
                pub_date=doc.pub_date.isoformat() if doc.pub_date else None,
                mode=(cand.mode or code.mode) if not cand.intended else None,
                context=[cand.context] if cand.context else list(code.context),
                cameo=cand.cameo, quad_code=code.quad, goldstein=code.goldstein, aux=sorted(aux),
                intended=cand.intended, joint=joint, date=ev_date, date_precision=precision, deadline=deadline,
                actor=a, recipient=r, event_loc=loc, size=size, event_text=event_text,
                reported_by=cand.reported_by[0].actor if cand.reported_by else None, claimed=cand.claimed,
                salience=BACKGROUND if cand.background else salience(cand.trigger),
                text_info={"start": s_start, "end": s_end, "trigger_start": trig_start, "trigger_end": trig_end},
                confidence=round(max(0.05, min(0.99, _confidence(cand, actor, recip, aux))), 3),
                coder=dict(self.coder), rule=cand.rule,
            ))
        return out


# Kinds of mention that stand for a whole state: the state itself, a destination standing for its
# host, the owner of a thing acted on ("an Indian proposal").
_STATE_KINDS = frozenset({"state", "host", "owner"})


def as_party(res: Resolved | None, plover: str) -> Actor | None:
    """The actor as the record gives it. A country named as a party to an interaction stands for
    its government, as analysts code it: "Russia said", "talks with Iran", "attacked Ukraine" are
    RUSGOV, IRNGOV, UKRGOV. A country that is only where violence struck ("suicide bombers attacked
    Paris", kind ``place``), or whose property was struck ("shelled Ukrainian villages": the
    owner of the thing an attack or repression hits), stays the country. A code from a user's
    imported dictionary is kept as it stands."""
    if res is None:
        return None
    a = res.actor
    if res.kind not in _STATE_KINDS or a.sector or not a.country or a.kb_source not in (None, BUNDLED):
        return a
    if res.kind == "owner" and plover in ("ASSAULT", "COERCE"):
        return a
    return replace(a, sector="GOV", code=f"{a.country}GOV")


def _code(res: Resolved, plover: str) -> str | None:
    """The code the record gives a party ("Syria" named as a party reads SYRGOV)."""
    party = as_party(res, plover)
    return party.code if party is not None else None


def own_date(doc: Document, tokens: list[Token]) -> TimexValue | None:
    """The date an event noun's own modifier gives ("Saturday's attack"): the expression
    that covers one of the tokens."""
    layer = doc.layers.get(TimexLayer)
    if not tokens or layer is None:
        return None
    for m in layer.mentions:
        if m.value.first is not None and any(m.start_tok <= t.i < m.end_tok for t in tokens):
            return m.value
    return None


def _confidence(cand: Candidate, actor: Resolved | None, recip: Resolved | None, aux: set[str]) -> float:
    conf = cand.conf
    conf *= 1.0 if (actor and actor.resolved) else (0.85 if actor else 0.7)
    conf *= 1.0 if (recip is None or recip.resolved) else 0.95
    if actor is not None:
        conf *= 0.6 + 0.4 * actor.confidence
    if "negated" in aux or "hypothetical" in aux:
        conf *= 0.9
    return conf


def _one_side(v: Token) -> bool:
    """Does a fight's clause tell its subjects as one side ("X and Y fought alongside the army"),
    so that they are not each other's foes (as in "X and Y clashed")?"""
    return any(t.dep_ == "prep" and t.lower_ == "alongside" for t in v.subtree)


def _joined(cand: Candidate, actors: list[Resolved], recips: list[Resolved]) -> bool:
    """Did people fight "with" an armed force as those who joined it, not against it? "British
    nationals fighting with Islamic State", "a Canadian who fought with the YPG": civilians or
    persons of no sector, and a force of another country ("with" the army of their own country
    is a clash: "villagers fought with soldiers"), or a rebel or militant group when their own
    country is not known; and followers of a creed with a group that spans countries ("extremists
    who have fought with Isis"); and anyone where the struggle the fight is part of names the foe
    ("fought with US forces in the fight against Islamic State"). Not two forces ("Turkish troops
    fought with Kurdish militia"), nor the police ("protesters fought with police"): those clash."""
    v = cand.trigger
    if v.lemma_.lower() not in _JOINING_VERBS or not actors or not recips:
        return False
    doc = v.doc
    if _foe_named_apart(v) and all(r.head >= 0 and _met_with(doc[r.head]) for r in recips):
        return True  # ("fought with US forces in the fight against Islamic State": its allies)
    # ("extremists who have fought with Isis": the followers of a creed, with a group that spans countries)
    creed = all(a.head >= 0 and doc[a.head].lemma_.lower() in _FOLLOWERS for a in actors)
    if not (creed or all(a.actor.sector in _RECRUITS for a in actors)):
        return False
    homes = {a.actor.country for a in actors if a.actor.country and not a.guessed}
    for r in recips:
        tok = doc[r.head] if r.head >= 0 else None
        if tok is None or not _met_with(tok) or r.actor.sector not in _JOINED_FORCES:
            return False
        if creed and not (r.actor.code or "").startswith(_TRANSNATIONAL) and \
                not all(a.actor.sector in _RECRUITS for a in actors):
            return False
        if r.actor.country in homes or (not homes and r.actor.sector in _STATE_FORCES):
            return False
    return True


def _foe_named_apart(v: Token) -> bool:
    """Is the foe of a fight named in the struggle it is told as part of ("fought with US forces
    in the fight against Islamic State", "during the campaign against the Taliban")? Then those
    it was fought "with" are allies, as with an "against" phrase of the verb's own."""
    return any(c.dep_ == "prep" and c.lower_ in ("in", "during") and any(
        o.lemma_.lower() in _STRUGGLES and any(p.dep_ == "prep" and p.lower_ == "against" for p in o.children)
        for o in tree.pobjs(c)) for c in v.children)


def _talked_about(cand: Candidate, tok: Token) -> bool:
    """Is the token inside the phrase of talks (CONSULT, not hosting or mediating them, whose
    conflict is a party) and not a side met "with" there? Then it is what was talked about or
    where ("discussed the crisis in Sudan", "held a meeting to discuss the army's response in
    Somalia"), not the talks' other side ("in calls with Lula" is, as are sides talks are between)."""
    v = cand.trigger
    if not (cand.cameo.startswith("04") and not cand.cameo.startswith(_MEDIATING) and
            v.left_edge.i <= tok.i <= v.right_edge.i) or _met_with(tok):
        return False
    # (the talkers' own phrase is no topic: "the minister in the Indian PM's office attended")
    return not any(c.dep_ in ("nsubj", "nsubjpass") and c.left_edge.i <= tok.i <= c.right_edge.i for c in v.children)


def _met_with(tok: Token) -> bool:
    """Is the name the object of "with" or "between" ("phone calls with Lula and Biden", "negotiated
    between the union and the government"), or a conjunct of one?"""
    head = tok
    while head.dep_ in ("amod", "compound", "conj", "nmod", "poss", "appos") and head.head.i != head.i:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in ("with", "between")


def pairs_of(lex: Lexicon, cand: Candidate, actors: list[Resolved], recips: list[Resolved]) -> list[Pair]:
    """Who acts on whom. Joint actions become one event per actor (CAMEO convention)."""
    pairs: list[Pair] = []
    plover = cand.plover or lex.plover(cand.cameo)
    # mutual by nature (meetings, talks, clashes, joint cooperation), or a joint subject's agreement (an imported
    # PETRARCH pattern's compound subject acts on itself by the pattern's code, whatever its verb)
    symmetric = mutual(cand, plover, len(actors) >= 2) or (plover == "AGREE" and len(actors) >= 2 and
                                         (cand.imported or agreed_together(cand)))
    if cand.cameo.startswith((*_MEDIATING, "038", "196")):
        symmetric = False  # hosting or mediating talks is done to the parties, not with them; a truce broken, by one
    if plover in ("AGREE", "CONCEDE") and len(actors) < 2:
        symmetric = False  # "Syria will attend Putin-sponsored talks": one side's announcement
    if plover == "AGREE" and cand.intended and cand.intended not in _DONE_TOGETHER and _outside(recips, actors):
        symmetric = False  # "Japan and Korea agreed to send aid to Sudan": each one's promise to Sudan
        # (not "Trump and Putin agreed to share information on North Korea": cooperation is between them)
    if cand.one_way and not (len(actors) >= 2 and not recips):
        symmetric = False  # a PETRARCH pattern says itself when the recipient acts too ([042:043])
    if symmetric and len(actors) >= 2:
        # "talks between Iran, Russia and Turkey were held": the noun's parties, read as both the
        # holders and whom the talks were with, are the sides (each one's counterpart is not itself)
        named = {(a.actor.code, a.actor.name) for a in actors}
        recips = [r for r in recips if (r.actor.code, r.actor.name) not in named]
    if symmetric and not recips and plover == "ASSAULT" and _one_side(cand.trigger):
        return []  # "its guards and militiamen are fighting alongside the army": one side, its foe unnamed
    if plover == "ASSAULT" and _joined(cand, actors, recips):
        return []  # "British nationals fighting with Islamic State": its recruits, its foe unnamed
    if len(actors) >= 2 and symmetric and (not recips or cand.cameo.startswith("03")):
        # "X and Y met", "the two sides agreed to ...": each acts towards the other
        parties = list({(a.actor.code, a.actor.name): a for a in reversed(actors)}.values())[::-1]
        if len(parties) < 3:  # two sides, each towards the other; one side named twice is no pair
            return [(a, b, True) for a in parties for b in parties if a is not b]
        # "France, Italy and Spain met": one record per side (not one per ordered pair, six for
        # three, which counts one meeting many times over), each towards the next one named
        return [(a, parties[(i + 1) % len(parties)], True) for i, a in enumerate(parties)]
    elif symmetric and actors and recips:
        for a in actors:
            for r in recips:
                pairs.append((a, r, True))
                pairs.append((r, a, True))
    else:
        joint = len(actors) > 1
        sides: list[Resolved | None] = list(actors) or [None]
        targets: list[Resolved | None] = list(recips) or [None]
        for side in sides:
            for target in targets:
                pairs.append((side, target, joint))
    return pairs[:MAX_PER_IMPORTED if cand.imported else MAX_PER_CANDIDATE]


def _outside(recips: list[Resolved], actors: list[Resolved]) -> bool:
    """Does the act name a party of another country than its actors' (whom an agreed act is done
    to; not their own troops: "the two sides agreed to withdraw troops")?"""
    own = {a.actor.country for a in actors}
    return any(r.resolved and r.actor.country and r.actor.country not in own for r in recips)


def agreed_together(cand: Candidate) -> bool:
    """Is several subjects' AGREE an agreement among them? Where its verb says they agree ("Kenya
    and Ethiopia agreed to reopen the border": each the other's counterpart). A promise or an
    announced act of several ("Japan and Korea pledged aid to Sudan", "British and French troops
    will help") is each one's own, made to whom the act is done, not to each other."""
    return any(t.lemma_.lower() in _AGREEING for t in cand.trigger_tokens)


def mutual(cand: Candidate, plover: str | None, joint_subject: bool = False) -> bool:
    """Is the action mutual by nature (meetings, talks, clashes, joint cooperation)? The trigger's
    words say so, or its object's (passive too) or its particle's ("held talks", "talks were held",
    "are in talks"); of a ``joint_subject``, what an occurring object counts ("X and Y held a new
    round of talks"; not "the envoy convened two days of talks between X and Y": he is no side);
    not a stance taken on something mutual ("Egypt backed the Sudanese truce" is Egypt's support,
    not Sudan's support of Egypt)."""
    words = {t.lemma_.lower() for t in cand.trigger_tokens} | {t.lower_ for t in cand.trigger_tokens}
    if not cand.cameo.startswith(_STANCE):
        objects = [c for t in cand.trigger_tokens for c in t.children if c.dep_ in _MUTUAL_OBJECT_DEPS]
        if joint_subject:
            objects += [inner for c in objects if (inner := triggers.occurrence_of(c)) is not None]
        words |= {c.lemma_.lower() for c in objects if not (c.pos_ == "NOUN" and c.lemma_.lower() in _GROUP_NOUNS)}
    return plover in SYMMETRIC_TYPES and bool(words & SYMMETRIC_WORDS)


def located_parties(cand: Candidate, plover: str, actors: list[Resolved], recips: list[Resolved],
                    loc: Place) -> tuple[list[Resolved], list[Resolved]]:
    """Unnamed parties of violence, repression and protest, from where it happened: a roadside
    bomb in Samarra has unidentified armed actors in Iraq as its actor; a curfew in Cizre falls
    on Turkey's people; a protest in Algiers is aimed at Algeria's government. Used only when the
    sentence itself names the place."""
    c = loc.country
    assert c is not None
    resolved_actor = any(a.resolved for a in actors)
    means = {t.lemma_.lower() for t in cand.trigger_tokens}
    for t in cand.trigger_tokens:  # "injured by an airstrike", "an airstrike killed"
        means |= {x.lemma_.lower() for ch in t.children if ch.dep_ in ("agent", "nsubj")
                  for x in [ch, *ch.children] if x.pos_ == "NOUN"}
    if plover in ("ASSAULT", "COERCE") and not resolved_actor and any(a.actor.sector in _AT_HOME for a in actors):
        # "police fired in Surat": the police of the place (police act at home), not unidentified gunmen
        actors = [replace(a, actor=replace(a.actor, country=c, code=make_code(c, a.actor.sector))) for a in actors]
    elif plover == "ASSAULT" and not resolved_actor and not (means & _AIR_ATTACKS):
        # (an airstrike is flown by an air force, not by unidentified armed men on the ground)
        actors = [Resolved(Actor(entity_text=actors[0].actor.entity_text if actors else "", country=c,
                                 sector="UAF", code=f"{c}UAF"), 0.4, "group")]
    several = len(actors) >= 2 or any(len(a.members) >= 2 for a in actors)
    if plover in ("ASSAULT", "COERCE") and not recips and not several:
        # (not for "Indian and Pakistani troops traded fire": the two sides are each other's targets)
        recips = [Resolved(Actor(entity_text=loc.text, country=c, code=c), 0.4, "place")]
    elif plover == "PROTEST" and not recips:
        recips = [Resolved(Actor(entity_text=loc.text, name=loc.name, country=c, sector="GOV", code=f"{c}GOV"),
                           0.4, "state")]
    return actors, recips


def domestic_targets(actors: list[Resolved], recips: list[Resolved],
                     sectors: frozenset[str] = DOMESTIC_SECTORS, owners: bool = False,
                     guessed: bool = False) -> list[Resolved]:
    """The people a country's police or government repress, or yield to, are that country's
    ("Egyptian police dispersed fundamentalist demonstrators": Egyptian demonstrators; "the
    government accepted demands from rebels": its own rebels), when the text gives them no
    country of their own; whatever it does, the opposition a government deals with is its own
    (``sectors``: the sectors this holds for; ``owners``: also for the owner of what is acted on;
    ``guessed``: also for people whose country is only the story's, "Erdogan jails tens of thousands
    of people" in a story about Syria: Turkey's; for arrests and jailing, not for deportations, whose
    people are foreigners)."""
    homes = {a.actor.country for a in actors if a.actor.sector in _AT_HOME}
    if len(homes) != 1 or None in homes:
        return recips
    [home] = homes
    out = []
    for r in recips:
        unplaced = not r.actor.country or (guessed and r.guessed)
        if unplaced and r.actor.sector in sectors and (owners or r.kind != "owner"):
            r = replace(r, actor=replace(r.actor, country=home, code=f"{home}{r.actor.sector}"))
        out.append(r)
    return out


def home_government(actors: list[Resolved]) -> list[Resolved]:
    """Whom people protest against when the text names no one: their own country's government
    ("workers of the Serbian union went on strike": against Serbia's government)."""
    homes = {a.actor.country for a in actors if a.actor.sector in _CIVILIAN and a.actor.country}
    if len(homes) != 1:
        return []
    [home] = homes
    return [Resolved(Actor(entity_text="", country=home, sector="GOV", code=f"{home}GOV", implicit=True), 0.4, "state")]


def fallback_recipient(index: ActorIndex, cand: Candidate, sent: Span, own: set[str | None] | None = None,
                       within: set[int] | None = None, venue_only: bool = False) -> list[Resolved]:
    """A pledge with no one named to receive it: another country the sentence names ("Iraq
    issued a statement on its efforts ..., and the United States pledged to support them") than
    the actors' own (``own``: the countries of actors found after the candidate's); only among
    the tokens ``within`` where given. ``venue_only``: the event backs a thing, so a place that
    only says where it was backed is no party ("endorsed the plan at the summit in Egypt")."""
    if _named_counterpart(index, cand):
        return []  # "held talks with May in London" (May not known): Assad, also named, is no stand-in
    own = {a.actor.country for a in cand.actors} | (own or set())
    for tok in sent:
        if tok.i == cand.trigger.i or (within is not None and tok.i not in within):
            continue
        if _talked_about(cand, tok):
            continue  # "discussed the crisis in Sudan": the topic of talks is no side of them
        res = index.mention(tok.i)
        if res is None:
            continue
        head = sent.doc[res.head] if res.head >= 0 else tok
        while head.dep_ in ("amod", "compound", "conj", "nmod") and head.head.i != head.i:
            head = head.head  # "(Italian and) German" -> "vessels"
        if head.dep_ == "pobj" and head.head.dep_ == "agent":
            continue  # "to be joined later by Italian and German vessels": an agent acts, it does not receive
        if len(cand.actors) >= 2 and _place_of(head, cand.trigger, _STATIC_LOCATIVE):
            continue  # "Russia and Turkey launched joint patrols in northern Syria": where two sides act together
        if venue_only and _venue_of(head, cand.trigger):
            continue  # "endorsed the accord at a meeting in Hanoi": where it was endorsed, not whom
        if _place_of(head, cand.trigger, _PROXIMITY):
            continue  # "held war games near Venezuela": a place the event is beside takes no part in it
        for m in res.members or [res]:
            state_like = m.kind == "state" or m.actor.sector in ("GOV", None)
            if state_like and m.actor.country and m.actor.country not in own:
                return [Resolved(m.actor, m.confidence * 0.7, m.kind, m.plural, m.head)]
    return []


def _place_of(head: Token, trigger: Token, prepositions: frozenset[str]) -> bool:
    """Is ``head`` the object of one of these prepositions hung on the trigger or on its object
    ("patrols *in* northern Syria", "held war games *near* Norway")?"""
    return head.dep_ == "pobj" and head.head.lower_ in prepositions and trigger.i in (
        head.head.head.i, head.head.head.head.i)


def _venue_of(head: Token, trigger: Token) -> bool:
    """Is ``head`` the place of a meeting where ``trigger`` happened ("at the summit *in
    Egypt*")? (A place hung on the verb alone may be the thing's: "backed the revolt in Bahrain".)"""
    t, met = head, False
    while t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.lower_ in _STATIC_LOCATIVE:
        if t.head.head.i == trigger.i:
            return met
        t = t.head.head
        met = met or t.lemma_.lower() in _MEETINGS
    return False


def _own_clause(cand: Candidate) -> set[int]:
    """The tokens of the trigger's own clause, the clauses joined to it or hung on it left out
    ("supported the revolts *and travelled to Egypt*", "backed the plan*, diplomats said*")."""
    out: set[int] = set()
    stack = [cand.trigger]
    while stack:
        t = stack.pop()
        out.add(t.i)
        stack.extend(c for c in t.children if c.dep_ not in _OTHER_CLAUSE_DEPS)
    return out


def _named_counterpart(index: ActorIndex, cand: Candidate) -> bool:
    """Does the event name its counterpart by a name the coder could not place ("held talks *with
    May*", "met *Sánchez*")? Then it has one, and another country of the sentence is not it."""
    heads = [*cand.trigger_tokens, *(c for t in cand.trigger_tokens for c in t.children if c.dep_ == "dobj")]
    named = [c for t in heads for c in t.children if c.dep_ == "dobj"]
    named += [p for t in heads for c in t.children if c.dep_ == "prep" and c.lower_ == "with" for p in tree.pobjs(c)]
    # (the tagger may take "May" for a month)
    return any(t.pos_ == "PROPN" and index.mention(t.i) is None for t in named)


def share_victims(cands: list[Candidate], lex: Lexicon) -> None:
    """"killing 12 soldiers and wounding 9 others": one attack on the same people, so the
    verb that names no victim takes the victims its sibling names."""
    for cand in cands:
        plover = cand.plover or lex.plover(cand.cameo)
        if cand.recipients or plover not in ("ASSAULT", "COERCE"):
            continue
        actors = {a.actor.code for a in cand.actors}
        for other in cands:
            if other is not cand and other.recipients and (other.plover or lex.plover(other.cameo)) == plover and {
                    a.actor.code for a in other.actors} == actors:
                cand.recipients = list(other.recipients)
                break


def only_evidence(index: ActorIndex, doc: Document, target: Resolved) -> bool:
    """Is the target the only place the story names its focus country? Then the country guessed
    for an unplaced actor comes from the target alone."""
    mentions = index.focus_mentions
    if not mentions or doc.spacy is None or target.head < 0:
        return False
    inside = {t.i for t in doc.spacy[target.head].subtree}
    return all(i in inside for i in mentions)


def _as_place(r: Resolved) -> Resolved:
    return replace(r, actor=replace(r.actor, sector=None, code=r.actor.country), kind="place")


def dedupe(events: list[Event]) -> list[Event]:
    """One event per (type, actor, recipient, aux) in a sentence: the most confident; an event
    without a recipient is dropped beside the same one with a recipient."""
    Key = tuple[str, str | None, str | None, tuple[str, ...], str | None, str | None]
    best: dict[Key, Event] = {}
    order: list[Key] = []
    for ev in events:
        key = (ev.event, ev.actor.code if ev.actor else None, ev.recipient.code if ev.recipient else None,
               tuple(ev.aux), ev.intended, ev.date)
        if key not in best:
            order.append(key)
            best[key] = ev
        elif ev.confidence > best[key].confidence:
            best[key] = ev
    kept = [best[k] for k in order]
    with_recipient = {(e.event, e.actor.code if e.actor else None, tuple(e.aux)) for e in kept if e.recipient}
    return [e for e in kept if e.recipient or (e.event, e.actor.code if e.actor else None, tuple(e.aux))
            not in with_recipient]
