"""What is not an event although a trigger is there: each kind a named rule.

A story says more than what happened: counts over years, habits, descriptions of how things
stand, goals, options, speculation, and lines that are not its news at all (captions,
credits, bylines, notices to readers). The coder asks these rules before it codes a trigger
(:func:`verb_rule`, :func:`noun_rule`), after it has read the trigger's modality
(:func:`candidate_rule`), and before it reads a sentence (:func:`notice_sentences`). Each rule
returns its name, so a test, a case row or a curious user can see which one left a trigger
uncoded (docs/codebook.md, "What is not coded"):

``statistic``
    a count over a period, not an incident: "28,000 officers have been killed since 2015",
    "over the past decade", "so far this year", "400,000 have been killed in the war";
``habit``
    a habit: "a history of mounting assaults", "militants routinely attack convoys", "tend to";
``generic``
    a generic statement: "when western leaders gather" (a present-tense when-clause), "opposed
    to anything that undermines the talks";
``background-participle``
    a description of a noun in a background phrase: "since the 2016 peace accord signed by ...";
``relative-clause``
    a relative clause about another time: "Putin, who invaded Ukraine in 2022, won another term";
``state``
    a participle describing how things stand: "the territory occupied by Isis", "areas held by
    rebels";
``goal``
    an infinitive a noun governs: "a settlement to end the war" (not "the first state to reopen
    its embassy", which did it);
``option``
    an option considered: "is weighing a strike", "options include a blockade";
``reason``
    the reason given for another act: "seized the tanker for violating maritime rules";
``framing``
    the reporter's framing: "it is unclear whether the army will attack", "it remains to be seen";
``speculation``
    what may or could happen, with no one announcing it (a candidate left ``hypothetical``);
``obligation``
    what must or will have to happen, when it is no one's demand of another ("the Syrian people
    will have to agree on ...");
``characterization``
    what an actor is described as doing: "Kurdish militias fighting Islamic State" (the actor
    test is the coder's: :func:`characterization`);
``name``
    an event noun inside a name: "the congress of Syrian national dialogue";
``argument``
    what is given to the critics of something is an argument, not aid: "it gave fresh ammunition
    to critics of the withdrawal";
``family``
    a meeting or a talk with one's own family: "I had my last conversation with my wife", "the
    president met his brother at the airport";
``idiom``
    a verb whose object makes an idiom with it: "moved to kill off speculation", "raised the
    alarm over prices" (no assault, no concession);
``caption``, ``credit``, ``byline``, ``notice``, ``biography``
    lines that are not the story's news (``data/events/notices.tsv``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from eventmill.lang import tree
from eventmill.lang.words import calendar, word_class
from eventmill.resources import read_tsv

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from eventmill.events.frames_base import Candidate

_TABLE = "events/nonevents.tsv"
_PERIOD_PREPS = word_class("period_preposition", _TABLE)
_PERIOD_MODIFIERS = word_class("period_modifier", _TABLE)
_LONG_UNITS = word_class("long_unit", _TABLE)
_RUNNING_TOTAL = word_class("running_total", _TABLE)
_THIS_PERIOD = word_class("this_period", _TABLE)
_COUNT_HEADS = word_class("count_head", _TABLE)
_WAR_NOUNS = word_class("war_frame", _TABLE)
_WAR_PREPS = frozenset({"in", "during", "throughout"})
_POINT_IN_PERIOD = word_class("point_in_period", _TABLE)
_HABIT_NOUNS = word_class("habit_noun", _TABLE)
_FREQUENCY = word_class("frequency_adverb", _TABLE)
_HABIT_VERBS = word_class("habit_verb", _TABLE)
_WATCHING = word_class("watching_verb", _TABLE)
_GENERIC_MARKERS = word_class("generic_marker", _TABLE)
_STATIVE = word_class("stative_participle", _TABLE)
_SUPPLIED = word_class("supplied_participle", _TABLE)
_OPTION_VERBS = word_class("option_verb", _TABLE)
_OPTION_NOUNS = word_class("option_noun", _TABLE)
_FRAMING_ADJECTIVES = word_class("framing_adjective", _TABLE)
_FRAMING_VERBS = word_class("framing_verb", _TABLE)
_ORDINALS = word_class("ordinal_modifier", _TABLE)
_ATTEMPT_NOUNS = word_class("attempt_noun", _TABLE)
_ATTEMPTED_HARM = word_class("attempted_harm", _TABLE)
_ATTEMPT_MADE = word_class("attempt_made_verb", _TABLE)
_ATTEMPT_MAKING = word_class("attempt_making_verb", _TABLE)
_KIN = word_class("kin_noun", "kb/words.tsv")
_CRITICS = word_class("critic_noun", _TABLE)
_OWN_POSSESSIVES = frozenset({"my", "his", "her", "our"})
_OBLIGATION_VERBS = word_class("obligation_verb", _TABLE)
_FORUM_NOUNS = word_class("forum_noun", _TABLE)
_OBLIGATION_MODALS = word_class("obligation_modal")
_GENERIC_PRONOUNS = word_class("generic_pronoun", _TABLE)
_PROTEST_PURPOSE = word_class("protest_purpose", "events/words.tsv")
_REPEATED = word_class("repeated_adverb", _TABLE)
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_GROUP_NOUNS = word_class("group_noun", _TABLE)
_PARTITIVE_HEADS = word_class("partitive_head", _TABLE)
_RESPONSE_NOUNS = word_class("response_noun", _TABLE)
_INTERVAL_UNITS = word_class("interval_unit", _TABLE)
_SEQUENCE_MARKERS = word_class("sequence_marker", _TABLE)
_BACKGROUND_PREPS = word_class("background_preposition")
_RECORDING_VERBS = word_class("recording_verb", _TABLE)
_RECORDING_MEDIA = word_class("recording_medium", _TABLE)
_SELF_HARM = word_class("self_harm_verb", _TABLE)
_REFLEXIVE = word_class("reflexive_pronoun", _TABLE)
_NAMING = word_class("naming_verb", _TABLE)
_IDIOMS = word_class("idiom_pair", _TABLE)
_NAME_TAGS = frozenset({"NNP", "NNPS", "PRP"})  # a name or pronoun the parser took for a predicate
_DAY_WORDS = frozenset(calendar("weekday")) | frozenset(calendar("part_of_day")) | {
    "yesterday", "today", "tonight", "midnight"}
_CLAUSE_LIMIT = 8  # how far up a trigger's clause chain the rules look
SHORT_LINE = 300  # a line this short that matches a caption or credit pattern is one as a whole


# ------------------------------------------------------------------ verbs


def verb_rule(v: Token) -> str | None:
    """The rule that makes this verb trigger no event, or None."""
    for name, rule in _VERB_RULES:
        if rule(v):
            return name
    return None


def statistic(v: Token) -> bool:
    """A count over a stretch of time: "have been killed since 2015", "over the past two years",
    "so far this year" (not "since Sunday", which is one incident going on); also what a verb
    of such a count governs ("Britons killed fighting Isis in the past year"). A named doer's
    deeds against a named party over the period, told with no count, are its events, summed
    up: "Hamas has carried out several attacks on Israeli troops since January" (not "have
    killed 81 people since April", a count, "civilians have been killed since 2011", with no
    doer, nor a running total: "so far this year"); not the act a "since" clause tells, which opens
    the period ("have held the town since they overran it")."""
    t = v
    for _ in range(3):
        if _running_total(t):
            return True  # "so far", "by now", "this year": a tally, with or without a number
        if _over_period(t):
            return not (_uncounted_deeds(v) and _uncounted_deeds(t))
        if _war_toll(t):
            return True
        if t.dep_ not in ("xcomp", "advcl", "conj") or tree.is_root(t) or opens_period(t):
            return False
        t = t.head
    return False


def opens_period(v: Token) -> bool:
    """Is the verb the act a "since" clause dates a stretch of time from ("since Isis seized the
    city"): one act, told in passing, not part of what is counted over the stretch."""
    return v.dep_ == "advcl" and tree.has_marker(v, {"since"})


def _over_period(v: Token) -> bool:
    """ "since 2015", "since the campaign started", "over the past two years"."""
    for c in v.children:
        low = c.lower_
        if c.dep_ == "advcl" and tree.has_marker(c, {"since"}) and not any(t.lower_ in _DAY_WORDS for t in c.subtree):
            return True  # "since the campaign started"
        if c.dep_ == "prep" and low == "since":
            obj = next((x for x in c.children if x.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and not any(t.lower_ in _DAY_WORDS for t in obj.subtree) and not _day_of_month(obj):
                return True
        if c.dep_ == "prep" and low in _PERIOD_PREPS and any(_long_period(o) for o in tree.pobjs(c)):
            return True
    return False


def _war_toll(v: Token) -> bool:
    """A count of those a war has killed, told with the war as its frame: "400,000 Syrians have
    been killed in a six-year conflict", "thousands have died in the war" (a toll over the war's
    length, not "three soldiers were killed in fighting on Monday", nor "a British volunteer has
    been killed in the conflict", one death and its news)."""
    perfect = any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" for c in v.children)
    subjects = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    if not any(_counts(s) for s in subjects):
        return False
    for war, frame in _war_frames(v):
        dated = any(t.ent_type_ in ("DATE", "TIME") and not frame.left_edge.i <= t.i <= frame.right_edge.i
                    for t in v.subtree)  # ("have killed 12 civilians in Yemen's war this week": one week's news)
        if not dated and (perfect or any(_lasting(m) for m in war.children)):
            return True
    return False


def _war_frames(v: Token) -> list[tuple[Token, Token]]:
    """The wars a verb's phrases or clauses of time or cause name, with the phrase that frames
    each: "in a six-year conflict", "as a result of the war", "because of this war", "as the war
    enters its eighth year", on the verb or on what it is joined with ("have been killed and
    another million displaced in the conflict")."""
    heads = [v] + [c for c in v.children if c.dep_ == "conj"]
    heads += [a for h in list(heads) for c in h.children if c.dep_ == "conj" for a in c.children if a.dep_ == "acl"]
    out = []
    for c in (c for h in heads for c in h.children if c.dep_ in ("prep", "advcl")):
        for t in c.subtree:
            if t.lemma_.lower() in _WAR_NOUNS and t.pos_ == "NOUN" and t.dep_ in ("pobj", "nsubj"):
                # (a war that is a subject frames with its own clause: "as the war enters its eighth year")
                out.append((t, t.head if t.dep_ == "nsubj" else t))
    return out


def _lasting(m: Token) -> bool:
    """ "a six-year conflict", "the decade-long war": a war told with its length."""
    return any(t.lower_ in _LONG_UNITS or t.lemma_.lower() in _LONG_UNITS or t.lower_ == "long"
               for t in m.subtree) and m.dep_ in ("compound", "amod", "nmod")


def _running_total(v: Token) -> bool:
    """ "have been killed so far", "to date", "this year": a total up to now (with "have")."""
    if not any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" for c in v.children):
        return False
    for c in v.children:
        low = c.lower_
        if c.dep_ in ("advmod", "prep") and (low in ("so", "to", "until", "by") and any(
                x.lower_ in _RUNNING_TOTAL for x in c.subtree if x.i != c.i)):
            return True  # "so far", "to date"
        if c.dep_ in ("npadvmod", "advmod") and c.lower_ in _THIS_PERIOD and any(
                d.lower_ == "this" for d in c.children) and not any(d.lower_ in _POINT_IN_PERIOD for d in c.children):
            return True  # "have been killed this year" (not "had suspended aid earlier this year": one act, dated)
    return False


def _uncounted_deeds(v: Token) -> bool:
    """An active perfect whose subject and objects carry no count ("has carried out attacks on the
    army", "have stepped up attacks"), not "have killed at least 81 people", "28,000 have been
    killed" nor a past tense the parser may have read from a participle ("Britons killed fighting
    Isis in the past year")."""
    if tree.is_passive(v) or not any(c.dep_ == "nsubj" for c in v.children) or not any(
            c.dep_ == "aux" and c.lemma_ == "have" for c in v.children):
        return False
    if any(c.dep_ == "npadvmod" and any(d.lower_ == "every" for d in c.children) for c in v.children):
        return False  # "every year since 2015": a yearly tally
    args = [c for c in v.children if c.dep_ in ("nsubj", "dobj", "attr")]
    args += [o for a in [v, *args] for p in a.children if p.dep_ in ("prep", "dative") for o in tree.pobjs(p)]
    return not any(_counts(a) for a in args)  # ("granted asylum to 20,000 people", "attacks in 29 countries")


def _counts(arg: Token) -> bool:
    """ "81 people", "more than 140 attacks", "dozens of civilians", "thousands": a count (not
    a date: "since 2015")."""
    if arg.ent_type_ in ("DATE", "TIME"):
        return False
    if arg.like_num or arg.lower_ in _COUNT_HEADS:
        return True
    return any(c.dep_ in ("nummod", "quantmod") or (c.dep_ == "amod" and c.like_num) for c in arg.children)


def _long_period(obj: Token) -> bool:
    """ "the past five years", "recent months", "the last decade"."""
    return obj.lower_ in _LONG_UNITS and any(m.lower_ in _PERIOD_MODIFIERS for m in obj.children)


def _day_of_month(obj: Token) -> bool:
    """ "since 3 March", "since March 3": a day, not a period."""
    return any(t.like_num and len(t.text) <= 2 for t in obj.subtree)


def habitual(v: Token) -> bool:
    """A habit, not an incident: "routinely attack", "tend to", "used to", "a history of ..."."""
    if any(c.dep_ == "advmod" and c.lower_ in _FREQUENCY for c in v.children):
        return True
    if any(c.dep_ == "advmod" and c.lower_ in _REPEATED for c in v.children) and any(
            c.dep_ == "aux" and c.lemma_ == "have" for c in v.children):
        return True  # "has repeatedly urged": a stance kept up, not an incident
    t = v
    for _ in range(_CLAUSE_LIMIT):
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in _HABIT_VERBS and tree.has_to_infinitive(t) and (
                t.head.lemma_.lower() != "use" or (t.head.tag_ == "VBD" and not tree.children(t.head, "dobj"))):
            return True  # ("used a televised address to castigate": an instrument, not a habit)
        if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in _HABIT_NOUNS and t.i != v.i:
            return True
        if _watched_over_time(t):
            return True
        if tree.is_root(t):
            return False
        t = t.head
    return False


def _watched_over_time(t: Token) -> bool:
    """ "Western capitals have watched Isis try to strike Europe": a bare-infinitive clause under a
    perfect verb of looking on is what was seen over a stretch of time, no one incident (not
    "watched the gunmen attack the convoy", one scene)."""
    return t.dep_ == "ccomp" and t.tag_ == "VB" and t.head.lemma_.lower() in _WATCHING and any(
        c.dep_ == "aux" and c.lemma_ == "have" for c in t.head.children)


def generic(v: Token) -> bool:
    """A present-tense clause opened by "when"/"whenever": what happens, not what happened; a
    stance towards anything at all ("opposed to anything that undermines the talks")."""
    # ("will not release the soldiers without anything in return": a condition on the act, not a stance)
    objects = tree.children(v, "dobj") + [o for p in tree.children(v, "prep") if p.lower_ != "without"
                                          for o in tree.pobjs(p)]
    if any(o.lemma_.lower() in _GENERIC_PRONOUNS for o in objects):
        return True
    if any(c.dep_ == "advcl" and _opened_by(c, {"whenever"}) for c in v.children):
        return True  # "Turkish jets strike ... whenever the PKK attacks": what they do each time
    t = v
    for _ in range(_CLAUSE_LIMIT):
        if t.dep_ == "advcl" and t.tag_ in ("VBP", "VBZ") and _opened_by(t, _GENERIC_MARKERS) and not any(
                c.dep_ == "aux" for c in t.children):
            return True
        if t.dep_ not in ("conj", "xcomp", "advcl") or tree.is_root(t):
            return False
        t = t.head
    return False


def _opened_by(clause: Token, words: frozenset[str] | set[str]) -> bool:
    return any(c.dep_ in ("mark", "advmod") and c.lower_ in words for c in clause.children)


def interval(v: Token) -> bool:
    """An earlier (or later) event the report measures its own by: "the reopening came three
    weeks after the ministers met and agreed ...", "struck Gaza two days after Hamas fired
    rockets". The clause is background to the sentence's event, told elsewhere when it is news;
    a bare "after" ("arrested the man after he attacked a guard") tells the same incident."""
    t = v
    for _ in range(_CLAUSE_LIMIT):
        if t.dep_ != "conj" or tree.is_root(t):
            break
        t = t.head
    if t.dep_ != "advcl":
        return False
    marks = [c for c in t.children if c.dep_ == "mark" and c.lower_ in _SEQUENCE_MARKERS]
    return any(x.dep_ == "npadvmod" and x.lemma_.lower() in _INTERVAL_UNITS
               for m in marks for x in (*t.children, *m.children))


def background(v: Token) -> bool:
    """A participle describing a noun in a background phrase: "since the accord signed by X"."""
    if v.dep_ != "acl" or v.tag_ != "VBN":
        return False
    head = v.head
    return head.dep_ == "pobj" and head.head.lower_ in _BACKGROUND_PREPS


def relative_clause(v: Token) -> bool:
    """A relative clause dated to another time describes its noun: "The treaty, which Russia
    signed in 1992, remains in force", "Putin, who invaded Ukraine in 2022, won another term"."""
    if v.dep_ != "relcl" or not any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lower_ in _RELATIVE_PRONOUNS
                                    for c in v.children):
        return False
    own = [t for c in v.children if c.dep_ not in ("relcl", "ccomp", "advcl", "conj") for t in c.subtree]
    return any(_year(t) for t in own) or any(t.lower_ == "ago" for t in own)


def _year(t: Token) -> bool:
    return t.like_num and len(t.text) == 4 and t.text.isdigit() and 1800 <= int(t.text) <= 2100


def self_harm(v: Token) -> bool:
    """ "Ryan Lock shot himself to avoid capture": a deed of violence whose object is its own
    doer is a death, not an act against another party."""
    return v.lemma_.lower() in _SELF_HARM and any(c.dep_ == "dobj" and c.lower_ in _REFLEXIVE for c in v.children)


def idiom(v: Token) -> bool:
    """ "moved to kill off speculation of a reshuffle", "raised the alarm over rising prices": a
    verb whose direct object makes an idiom with it (``idiom_pair``) does no deed of its own kind."""
    verb = v.lemma_.lower()  # (a conjunct object too: "exports Wahhabi and Salafist extremism")
    objects = [o for c in v.children if c.dep_ == "dobj" for o in (c, *c.conjuncts)]
    return any(f"{verb} {o.lemma_.lower()}" in _IDIOMS for o in objects)


def naming(v: Token) -> bool:
    """ "called the Russian leader a liar", "called the sanctions illegal": a verb of naming with
    a predicate for its object says what its subject calls something, not a call made to anyone
    (not "called Scholz on Tuesday", where the parser may take the name for such a predicate)."""
    if v.lemma_.lower() not in _NAMING:
        return False
    return any((c.dep_ == "oprd" and c.tag_ not in _NAME_TAGS) or (c.dep_ == "dobj" and _named_as(c))
               for c in v.children)


def _named_as(obj: Token) -> bool:
    """ "called Xi a dictator", which the parser may read as an apposition: a common noun with an
    indefinite article right after the object, no comma between (not "called Xi, a rival, ...")."""
    return any(a.dep_ == "appos" and a.tag_ in ("NN", "NNS") and a.left_edge.i == obj.i + 1 and
               a.left_edge.lower_ in ("a", "an") for a in obj.children)


def state_description(v: Token) -> bool:
    """A participle that says how a noun stands, not what happened to it: "the territory
    occupied by Isis", "areas held by rebels", "the force backed by the US" (not one armed by someone
    named: "Hezbollah, armed by Iran" was given arms)."""
    lemma = v.lemma_.lower()
    # ("the charity, founded and funded by the state": the second describes the noun the first does)
    describing = (v.dep_ == "acl" and v.tag_ == "VBN" and v.head.pos_ in ("NOUN", "PROPN")) or \
        (v.dep_ == "conj" and tree.described_participle(v.head))
    return describing and lemma in _STATIVE and not (lemma in _SUPPLIED and tree.passive_agent(v) is not None)


def goal(v: Token) -> bool:
    """An infinitive a noun governs is its goal: "a settlement to end the war", "efforts to
    free the hostages"; but "the first state to reopen its embassy" did reopen it. So is the
    purpose of being somewhere: "monitors are in Goma to observe the vote"."""
    if v.dep_ not in ("acl", "relcl", "advcl") or not tree.has_to_infinitive(v) or v.lemma_.lower() in _PROTEST_PURPOSE:
        return False  # ("a rally to protest the law": what the protest is about)
    head = v.head  # (an infinitive hung on a noun as "advcl" is the parser's slip for "acl")
    if v.dep_ == "advcl" and head.lemma_ == "be" and any(
            c.i < v.i and (c.dep_ == "prep" or c.lower_ in ("here", "there")) for c in head.children):
        return True  # "the troops are there to help the people": why they are there, not what they did
    if head.pos_ not in ("NOUN", "PROPN") or tree.announced_plan(v):
        return False  # ("announced plans to withdraw": an announced act, modality.inherited)
    if attempted_harm(v):
        return False  # "survived an attempt to kill him": the try was an assault on him
    return not any(c.lower_ in _ORDINALS or c.tag_ == "JJS" for c in head.children)


def attempted_harm(v: Token) -> bool:
    """Is the verb the harm a made attempt tried to do, "an attempt *to kill* him" that he survived:
    a try at violence is an assault whether or not it succeeded (not "a bid to reach a deal")?"""
    return v.dep_ == "acl" and v.lemma_.lower() in _ATTEMPTED_HARM and tree.has_to_infinitive(v) and \
        attempt_made(v.head)


def attempt_maker(n: Token) -> Token | None:
    """Who made an attempt: its owner ("the army's attempt"), its "by" phrase ("an attempt by
    gunmen"), or the subject of the verb that made it ("gunmen made an attempt"; not of one it
    befell, "the governor survived an attempt")."""
    for c in n.children:
        if c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "by"):
            return c if c.dep_ == "poss" else next(iter(tree.pobjs(c)), None)
    if n.dep_ == "dobj" and n.head.lemma_.lower() in _ATTEMPT_MAKING:
        return tree.subject(n.head)
    return None


def attempt_made(n: Token) -> bool:
    """Is the noun an attempt told as made, by a past verb that says so: "survived an attempt",
    "led to an attempt", "the attempt failed" (not "plans an attempt", "will make a bid", "did not
    survive", "foiled an attempt": one stopped before it was made)?"""
    if n.lemma_.lower() not in _ATTEMPT_NOUNS:
        return False
    verb = n.head.head if n.dep_ == "pobj" else n.head
    if n.dep_ not in ("dobj", "pobj", "nsubj") or verb.lemma_.lower() not in _ATTEMPT_MADE:
        return False
    past = verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") for c in verb.children))
    return past and not any(c.dep_ == "neg" or c.tag_ == "MD" for c in verb.children)


def option(v: Token) -> bool:
    """An option considered: "is considering imposing sanctions", "options include striking"."""
    t = v
    for _ in range(3):
        if tree.is_root(t):
            return False
        if t.dep_ in ("xcomp", "dobj", "ccomp") and t.head.lemma_.lower() in _OPTION_VERBS:
            return True
        t = t.head
    return False


def framing(v: Token) -> bool:
    """The reporter's framing: "it is unclear whether ...", "it is accurate to say that ...",
    "it remains to be seen whether ..."."""
    t = v
    for _ in range(_CLAUSE_LIMIT):
        if tree.is_root(t):
            return _framing_root(t) and t.i != v.i
        t = t.head
    return False


def _framing_root(root: Token) -> bool:
    if not any(c.dep_ == "expl" or (c.dep_ == "nsubj" and c.lower_ == "it") for c in root.children):
        return False
    if root.lemma_ == "be":
        return any(c.dep_ == "acomp" and c.lower_ in _FRAMING_ADJECTIVES for c in root.children)
    return root.lemma_.lower() in _FRAMING_VERBS


def reason(v: Token) -> bool:
    """The reason given for another act is not reported as an event of its own: "seized the
    tanker for violating maritime rules", "jailed for insulting the president"."""
    return v.dep_ == "pcomp" and v.tag_ == "VBG" and v.head.lower_ == "for" and v.head.head.pos_ in ("VERB", "AUX")


def recorded(v: Token) -> bool:
    """Caught by a lens, not by anyone's forces: "was captured on video taunting women", "caught
    on camera", "captured by CCTV" (a recording of what someone did; the deed is coded on its own)."""
    return v.lemma_.lower() in _RECORDING_VERBS and any(
        c.dep_ in ("prep", "agent") and c.lower_ in ("on", "by", "in") and
        any(t.lemma_.lower() in _RECORDING_MEDIA for t in c.subtree) for c in v.children)


_VERB_RULES = (("statistic", statistic), ("recorded", recorded), ("reason", reason), ("habit", habitual),
               ("generic", generic), ("background-participle", background), ("relative-clause", relative_clause),
               ("state", state_description), ("goal", goal), ("option", option), ("framing", framing),
               ("interval", interval), ("self-harm", self_harm), ("naming", naming),
               ("idiom", idiom))


# ------------------------------------------------------------------ nouns and candidates


def obligation(v: Token) -> bool:
    """Must, should, ought to, have to, need to: what is owed, not what was done. The modal may
    govern a verb or adjective the action completes ("must be able to ensure")."""
    t = v
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in _OBLIGATION_MODALS for c in _governing(t)):
            return True
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in _OBLIGATION_VERBS and tree.has_to_infinitive(t) and \
                t.head.tag_ != "VBD" and not tree.children(t.head, "dobj"):
            return True  # ("had to fire tear gas": it was fired; "have only themselves to blame": no duty)
        if t.dep_ != "conj" or tree.is_root(t):
            return False
        t = t.head
    return False


def _governing(t: Token) -> list[Token]:
    """The children of ``t`` and, when ``t`` completes an adjective ("able to ensure"), of the
    verb that adjective completes: where a modal of ``t``'s action can stand."""
    out = list(t.children)
    if t.dep_ == "xcomp" and t.head.pos_ == "ADJ" and t.head.dep_ == "acomp":
        out += list(t.head.head.children)
    return out


def characterization(v: Token, is_actor: Callable[[Token], bool]) -> bool:
    """A present participle in a description of who an actor is ("the SDF, a group of Kurdish
    militias fighting Islamic State") says what the actor is, not what it did on a day."""
    head = v.head
    defining = head.dep_ in ("appos", "attr") or (head.dep_ == "pobj" and head.head.lower_ == "of" and (
        head.head.head.lemma_.lower() in _GROUP_NOUNS or head.head.head.lower_ in _PARTITIVE_HEADS))
    if not defining:
        return False  # ("dispersed supporters protesting against prices": a protest going on)
    return v.dep_ == "acl" and v.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN") and is_actor(head) and not any(
        c.dep_ in ("npadvmod", "prep") and any(t.lower_ in _DAY_WORDS for t in c.subtree) for c in v.children)


def described_subject(v: Token, is_event: Callable[[Token], bool]) -> bool:
    """A present participle on the subject of another act describes who acts, not what it did
    that day: "the Saudi-led coalition fighting Houthi rebels has declared a ceasefire" (the
    ceasefire is the news; the fighting goes on as background)."""
    head = v.head
    return v.dep_ == "acl" and v.tag_ == "VBG" and head.dep_ in ("nsubj", "nsubjpass") and \
        head.head.pos_ == "VERB" and is_event(head.head) and not any(
            c.dep_ in ("npadvmod", "prep") and any(t.lower_ in _DAY_WORDS for t in c.subtree) for c in v.children)


def noun_rule(n: Token) -> str | None:
    """The rule that makes this event noun no event ("a history of attacks", "options include
    a blockade", "the congress of national dialogue"), or None."""
    if n.dep_ in ("pobj", "compound") and _in_name(n):
        return "name"
    if answered(n):
        return "reason"  # "as punishment for the nerve agent attack": the incident answered, told before
    t = n
    for _ in range(4):
        if tree.is_root(t):
            break
        t = t.head
        if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in _HABIT_NOUNS:
            return "habit"
        if t.pos_ in ("VERB", "AUX"):
            if t.lemma_.lower() in _OPTION_VERBS or any(
                    c.dep_ == "nsubj" and c.lemma_.lower() in _OPTION_NOUNS for c in t.children):
                return "option"
            break
    verb = _governing_verb(n)
    if verb is not None:
        for name, rule in (("statistic", statistic), ("habit", habitual), ("framing", framing)):
            if rule(verb):
                return name
    return None


def answered(n: Token) -> bool:
    """ "in retaliation for the bombing", "as punishment for the nerve agent attack": the noun
    (or the phrase it is a modifier in) names the incident another act answers."""
    t = n
    while t.dep_ == "compound" and t.head.i != t.i:
        t = t.head
    return t.dep_ == "pobj" and t.head.lower_ in ("for", "to") and t.head.head.lemma_.lower() in _RESPONSE_NOUNS


def _in_name(n: Token) -> bool:
    """ "the congress of Syrian national dialogue", "the National Dialogue Committee"."""
    if n.dep_ == "compound":
        return n.head.lemma_.lower() in _FORUM_NOUNS
    prep = n.head
    return prep.lower_ in ("of", "for", "on") and prep.head.pos_ in ("NOUN", "PROPN") and \
        prep.head.lemma_.lower() in _FORUM_NOUNS


def _governing_verb(n: Token) -> Token | None:
    """The verb whose subject, object or prepositional object the noun is ("killed in airstrikes")."""
    t = n
    for _ in range(3):
        if t.dep_ not in ("dobj", "nsubj", "nsubjpass", "pobj", "prep", "conj") or tree.is_root(t):
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _every_recipient(cand: Candidate, test: Callable[[Token], bool]) -> bool:
    """Does the candidate have recipients, each named by a word that passes ``test``?"""
    doc = cand.trigger.doc
    return bool(cand.recipients) and all(r.head >= 0 and test(doc[r.head]) for r in cand.recipients)


def _own_kin(t: Token) -> bool:
    """ "his wife", "my brother" (not "their families", who may be anyone's)."""
    return t.lemma_.lower() in _KIN and any(c.dep_ == "poss" and c.lower_ in _OWN_POSSESSIVES for c in t.children)


def candidate_rule(cand: Candidate, plover: str | None) -> str | None:
    """The rule that leaves a candidate uncoded once its parties and modality are known, or None:
    what only may or could happen ("Israel could strike Iran, analysts said"), a meeting with
    one's own kin ("the president met his brother": private), something given to critics ("gave
    fresh ammunition to critics of the deal": an argument in a debate, no aid)."""
    if "hypothetical" in cand.aux:
        return "speculation"
    if plover == "CONSULT" and _every_recipient(cand, _own_kin):
        return "family"
    if plover == "AID" and _every_recipient(cand, lambda t: t.lemma_.lower() in _CRITICS):
        return "argument"
    return None


# ------------------------------------------------------------------ lines that are not news


@lru_cache(maxsize=1)
def _notice_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    relpath = "events/notices.tsv"
    out = []
    for row in read_tsv(relpath):
        try:
            out.append((row["kind"], re.compile(row["pattern"], re.IGNORECASE if row["kind"] != "byline" else 0)))
        except re.error as exc:
            raise ValueError(f"{row.where(relpath)}: pattern does not compile ({exc})") from exc
    return tuple(out)


def notice_kind(line: str) -> str | None:
    """What kind of non-news line this is (caption, credit, byline, notice, biography): the kind
    of the first pattern that matches, or None. (Searched pattern by pattern: one alternation of
    them all is slower in Python's engine, which tries every branch at every position: 65 ms
    against 49 ms over the sentences of the 60 Guardian articles.)"""
    for kind, pattern in _notice_patterns():
        if pattern.search(line):
            return kind
    return None


def notice_sentences(sents: list[Span], text: str | None = None) -> dict[int, str]:
    """Sentence index -> the kind of non-news text it is, for the sentences of the story that
    are captions, credits, bylines, reader notices or the writer's biography: each sentence that
    matches, and every sentence of a short line that does (a caption's text before its credit).
    ``text`` is the parsed text when the caller has it (``Doc.text`` joins every token again)."""
    if not sents:
        return {}
    text = sents[0].doc.text if text is None else text
    out: dict[int, str] = {}
    lines: dict[tuple[int, int], str | None] = {}
    for i, sent in enumerate(sents):
        start = text.rfind("\n", 0, sent.start_char) + 1
        end = text.find("\n", max(sent.end_char - 1, 0))
        line = (start, len(text) if end < 0 else end)
        if line not in lines:
            short = line[1] - line[0] <= SHORT_LINE
            lines[line] = notice_kind(text[line[0]:line[1]]) if short else None
        said = text[sent.start_char:sent.end_char]  # (``sent.text``, without joining its tokens)
        kind = lines[line] or notice_kind(said) or _bullet_notice(said)
        if kind:
            out[i] = kind
    return out


def _bullet_notice(sentence: str) -> str | None:
    """A notice set off by a bullet within a paragraph ("... • This article was amended ...")."""
    if "•" not in sentence:
        return None
    return next((k for part in sentence.split("•")[1:] if (k := notice_kind("•" + part))), None)
