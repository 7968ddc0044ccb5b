"""events: triggers and their arguments -> PLOVER/CAMEO coded events.

For each sentence, :class:`~eventmill.events.coder.SentenceCoder` finds candidate events
(trigger, CAMEO code, actors, recipients, auxiliary modes) from the lexicon's rows and their
frames; :class:`~eventmill.events.build.RecordBuilder` turns them into output records, one
per actor for joint actions (the CAMEO convention, ``joint: true``), with the date
(``time.event_date``), deadline (``time.deadline_for``), location (``place.event_location``),
stated casualty figures, Goldstein value and confidence. The stage reads the actor stage's
finished :class:`~eventmill.actors.ActorIndex` (``doc.layers.get(ActorIndex)``).
"""

from __future__ import annotations

from eventmill.actors.index import ActorIndex
from eventmill.events.arguments import Coding
from eventmill.events.build import RecordBuilder, dedupe, share_victims
from eventmill.events.coder import SentenceCoder
from eventmill.events.lexicon import load_lexicon
from eventmill.events.nonevents import notice_sentences
from eventmill.events.rules import Lexicon
from eventmill.events.size import sentence_size
from eventmill.lang.tree import is_question
from eventmill.nlp import parsed_text
from eventmill.records import Document, Event

__all__ = ["EventStage"]


class EventStage:
    """Code the events of a parsed document (needs the actor, time and place layers)."""

    def __init__(self, coder: dict[str, str], lexicon: Lexicon | None = None) -> None:
        self.coder = coder
        self.lex = lexicon or load_lexicon()

    def __call__(self, doc: Document) -> Document:
        index = doc.layers.get(ActorIndex)
        if doc.spacy is None or index is None:
            return doc
        coder = SentenceCoder(Coding(self.lex, index))
        build = RecordBuilder(doc, index, self.lex, self.coder)
        events: list[Event] = []
        sents = list(doc.spacy.sents)
        notices = notice_sentences(sents, parsed_text(doc))  # captions, credits, bylines, notices to readers
        for sent_index, sent in enumerate(sents):
            if is_question(sent) or sent_index in notices:
                continue  # a question reports nothing ("Why are we bombed by planes?"), nor does a caption
            cands = coder.code(sent)
            if not cands:
                continue
            share_victims(cands, self.lex)
            size = None
            sent_events: list[Event] = []
            for cand in cands:
                plover = cand.plover or self.lex.plover(cand.cameo)
                if plover is None:
                    continue
                violent = plover in ("ASSAULT", "COERCE")
                if violent and size is None:
                    size = sentence_size(sent)
                sent_events.extend(build.records(cand, sent_index, sent, size if violent else None))
            events.extend(dedupe(sent_events))
            build.note_scene(sent_events)
        doc.events = events
        return doc
