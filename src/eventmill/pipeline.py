"""The pipeline: documents in, coded documents out.

``ingest -> normalize -> nlp -> actors -> time -> place -> events (-> incidents) -> merge -> store``

:class:`Pipeline` owns the loaded model and the stages' resources (lexicons, knowledge
base, gazetteer), each loaded once per process. The stages after nlp are objects with the
same shape, ``__call__(doc) -> doc``, run in order on each parsed document.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from eventmill import __version__
from eventmill.errors import InputError
from eventmill.nlp import BATCH_CHARS, BATCH_SIZE, load_model, model_version, parse
from eventmill.normalize import normalize_document
from eventmill.records import Document, Layers

if TYPE_CHECKING:
    from spacy.language import Language

    from eventmill.actors.kb import KnowledgeBase

Stage = Callable[[Document], Document]

MAX_LINES = 20_000
"""The most lines (so, sentences at least) one document may have: the longest articles
have a few hundred; a text of many thousands of short lines is a list, a log or several
articles in one record, and the coder's time grows faster than its length."""


@lru_cache(maxsize=1)
def data_version() -> str:
    """A short hash of the bundled data files (lexicons, knowledge base, gazetteer extras)."""
    h = hashlib.sha1()
    root = resources.files("eventmill") / "data"
    for entry in sorted(_walk(root), key=lambda p: str(p)):
        h.update(str(entry).rsplit("data", 1)[-1].encode())
        h.update(entry.read_bytes())
    return h.hexdigest()[:12]


# The code that decides what is coded: a change to any of it (a rule, a lexicon reader)
# changes the events, so it changes the coder version recorded on every event, and
# `eventmill recode` knows which stored documents to code again.
CODER_MODULES = ("normalize", "nlp", "actors", "events", "time", "place", "pipeline.py", "records.py",
                 "resources.py")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A short hash of the coder's Python source (:data:`CODER_MODULES`)."""
    h = hashlib.sha1()
    root = resources.files("eventmill")
    files = []
    for name in CODER_MODULES:
        node = root / name
        files += sorted(_walk(node, (".py",)), key=str) if node.is_dir() else [node]
    for entry in files:
        h.update(str(entry).rsplit("eventmill", 1)[-1].encode())
        h.update(entry.read_bytes())
    return h.hexdigest()[:12]


def _walk(node, suffixes: tuple[str, ...] = (".tsv", ".yaml", ".yml", ".json", ".txt", ".csv")):
    for child in node.iterdir():
        if child.is_dir():
            yield from _walk(child, suffixes)
        elif child.name.endswith(suffixes):
            yield child


class Pipeline:
    """Code documents into events.

    >>> pipe = Pipeline()
    >>> [doc] = pipe.pipe([Document(id="a", text="Iraq and the US agreed to ...")])
    >>> doc.events  # doctest: +SKIP
    """

    def __init__(self, nlp: Language | None = None, batch_size: int = BATCH_SIZE,
                 kb: KnowledgeBase | None = None) -> None:
        from eventmill.actors.kb_layers import load_layered_kb

        self.nlp = nlp or load_model()
        self.batch_size = batch_size
        # the actor knowledge base: the bundled tables with the user's imported dictionaries over them
        self.kb = kb if kb is not None else load_layered_kb()
        data = data_version() + (f"+kb.{self.kb.version[:8]}" if self.kb.version else "")
        self.coder = {"eventmill": __version__, "model": model_version(self.nlp), "data": data, "code": code_version()}
        self.stages: list[Stage] = self._build_stages()
        self._frozen = False  # whether what the first batch loaded is kept out of the collector (_code_batch)

    def _build_stages(self) -> list[Stage]:
        from eventmill.actors import ActorStage
        from eventmill.events import EventStage
        from eventmill.events.incidents import IncidentStage
        from eventmill.events.lexicon import lexicon_for
        from eventmill.place import PlaceStage
        from eventmill.time import TimeStage

        # time and place find their mentions first; the events stage attaches them to events, one
        # per sentence that reports one; the incidents stage folds them into the story's events.
        # The event lexicon: the built-in verbs with the user's imported verb dictionaries layered in
        events = EventStage(self.coder, lexicon_for(self.kb))
        return [ActorStage(self.kb), TimeStage(), PlaceStage(), events, IncidentStage(events.lex)]

    def warm(self) -> None:
        """Build now the tables the stages otherwise build at their first document (the
        recaser's, the index of name skeletons), so that worker processes forked after this
        share them instead of each building its own."""
        from eventmill.actors.people import transliteration_terms
        from eventmill.geo.gazetteer import load_small_towns
        from eventmill.nlp.recase import case_table

        case_table()
        transliteration_terms(self.kb, "")  # (builds its index over the knowledge base's names)
        load_small_towns()  # (read at the first name no city has: in the first few articles)

    @staticmethod
    def prepare(doc: Document) -> Document:
        """normalize: clean text, content hash, language; give the document an id if it has none."""
        normalize_document(doc)
        if not doc.id:
            doc.id = doc.content_hash[:16]
        return doc

    def code_parsed(self, doc: Document) -> Document:
        """Run the coding stages on a parsed document. A stage that fails on one document
        leaves that document uncoded (no events, ``doc.layers.error`` says why) and the
        rest of the batch goes on: one odd story must not stop a corpus."""
        try:
            for stage in self.stages:
                stage(doc)
        except Exception as exc:  # any failure is this document's, reported per document
            doc.events, doc.incidents = [], []
            doc.layers.error = f"{type(exc).__name__} in {type(stage).__name__}: {exc}"
        return doc

    def _fits(self, doc: Document) -> bool:
        """Whether the coder takes the document in one piece: at most spaCy's ``max_length``
        (a million characters: its memory grows with the text) and :data:`MAX_LINES` lines
        (each line is a sentence, and a text of a hundred thousand one-word lines is not an
        article but would keep the coder for an hour). One that does not is left uncoded
        with an error saying so, in place of spaCy's E088 stopping the batch."""
        text = doc.norm.text if doc.norm else doc.text
        n = len(text)
        if n > self.nlp.max_length:
            problem = f"the text is {n:,} characters long, more than the {self.nlp.max_length:,}"
        elif (lines := text.count("\n") + 1) > MAX_LINES:
            problem = f"the text has {lines:,} lines, more than the {MAX_LINES:,}"
        else:
            return True
        doc.events = []
        doc.layers.error = f"{problem} eventmill codes as one document"
        doc.layers.hint = "is it several articles in one record? split it into articles"
        return False

    def pipe(self, docs: Iterable[Document], prepared: bool = False, keep_parse: bool = True) -> Iterator[Document]:
        """Code documents (in batches), yielding each in input order.

        Documents not in English are normalized and returned uncoded (``doc.spacy`` is
        None, no events), so callers can record and count them.

        With ``keep_parse=False`` (the CLI, the ingest workers: callers that only read the
        coded output) the batches are parsed and coded inside spaCy memory zones of
        :data:`ZONE_CHARS` characters and the documents come back without their parse
        (``doc.spacy`` None, no layers): the strings and lexemes a zone adds to the model's
        vocabulary are freed with it, so the memory of a long run does not grow with every new
        name it reads.
        """
        batches = self._batches(docs, prepared)
        if keep_parse:
            for batch in batches:
                yield from self._code_batch(batch)
            return
        group: list[list[Document]] = []
        chars = 0
        for batch in batches:
            group.append(batch)
            chars += sum(len(doc.text) for doc in batch)
            if chars >= ZONE_CHARS:
                yield from self._code_in_zone(group)
                group, chars = [], 0
        if group:
            yield from self._code_in_zone(group)

    def _batches(self, docs: Iterable[Document], prepared: bool) -> Iterator[list[Document]]:
        """The documents prepared and cut into batches of ``batch_size`` documents, closed early
        at :data:`BATCH_CHARS` characters."""
        batch: list[Document] = []
        chars = 0
        for doc in docs:
            batch.append(doc if prepared else self.prepare(doc))
            chars += len(doc.text)
            if len(batch) >= self.batch_size or chars >= BATCH_CHARS:
                yield batch
                batch, chars = [], 0
        if batch:
            yield batch

    def _code_batch(self, batch: list[Document]) -> list[Document]:
        self._parse_and_code(batch)
        bound_caches(self.nlp)
        return batch

    def _code_in_zone(self, batches: list[list[Document]]) -> Iterator[Document]:
        """Parse and code several batches inside one spaCy memory zone, each document's parse
        dropped once it is coded."""
        # The model, the tables and what the stages load at their first documents stay for the
        # whole run: moved out of the cyclic collector's reach, its full passes no longer walk their
        # half a million objects again and again (docs/performance.md). Frozen before the first
        # batch (what is loaded so far: the collector passes in that batch walked it all) and again
        # after it (what the stages loaded at their first documents).
        if not self._frozen:
            gc.freeze()
        with self.nlp.memory_zone():
            for batch in batches:
                self._parse_and_code(batch)
                for doc in batch:
                    drop_parse(doc)
                bound_caches(self.nlp)
                if not self._frozen:
                    gc.freeze()
                    self._frozen = True
        for batch in batches:
            yield from batch

    def _parse_and_code(self, batch: list[Document]) -> None:
        english = [d for d in batch if is_english(d) and self._fits(d)]
        parsed = {id(d) for d in parse(english, self.nlp, self.batch_size)}
        for doc in batch:
            if id(doc) in parsed:
                self.code_parsed(doc)


ZONE_CHARS = 400_000
"""With ``keep_parse=False``, batches of about this many characters in all (some fifty news
articles) are parsed and coded in one spaCy memory zone, the strings and lexemes they added freed
together at its end. A zone per batch of eight made spaCy tokenize every word of each batch from
scratch (the tokenizer's cache and the lexemes go with the zone): 0.3 s of CPU more on 60
articles than one cache kept, 3% of spaCy's time (docs/performance.md). What a zone keeps is a
few megabytes of strings; the parses are dropped batch by batch as before."""

LEMMA_CACHE_LIMIT = 200_000
"""Entries of spaCy's lemmatizer cache (one per word form, tag and morphology met) kept
before it is emptied: it has no bound of its own and grows with every new word."""


def bound_caches(nlp: Language) -> None:
    """Keep the model's own caches from growing with the corpus."""
    if "lemmatizer" in nlp.pipe_names:
        cache = getattr(nlp.get_pipe("lemmatizer"), "cache", None)
        if isinstance(cache, dict) and len(cache) > LEMMA_CACHE_LIMIT:
            cache.clear()


def drop_parse(doc: Document) -> Document:
    """Drop what only the coding stages read (the parse and the layers made from it), keeping
    a stage's error; what is output (events, actors, places, timexes) is plain data."""
    error, hint = doc.layers.error, doc.layers.hint
    doc.spacy = None
    doc.layers = Layers()
    doc.layers.error, doc.layers.hint = error, hint
    return doc


def coding_failure(doc: Document) -> InputError | None:
    """The error line for a document a coding stage failed on (see :meth:`Pipeline.code_parsed`)."""
    err = doc.layers.error
    if not err:
        return None
    return InputError(doc.origin or doc.id, f"could not be coded ({err})",
                      doc.layers.hint or "please report it; the rest of the batch goes on")


def is_english(doc: Document) -> bool:
    return (doc.language or "en").lower().split("-")[0] in ("en", "eng")
