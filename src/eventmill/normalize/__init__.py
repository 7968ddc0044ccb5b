"""normalize: clean text for the NLP while keeping a map back to what the user gave.

Every change (mojibake repair, quote and whitespace normalization, HTML entities left in
plain text, invisible characters) is recorded in an :class:`OffsetMap`, so an offset into
the normalized text can always be turned back into an offset into ``Document.text``.
"""

from __future__ import annotations

from eventmill.normalize.language import detect_language
from eventmill.normalize.text import NormalizedText, normalize_text

__all__ = ["NormalizedText", "detect_language", "normalize_document", "normalize_text"]

import hashlib

from eventmill.records import Document


def content_hash(norm_text: str) -> str:
    """sha1 of the normalized text with surrounding whitespace removed: the duplicate key."""
    return hashlib.sha1(norm_text.strip().encode("utf-8")).hexdigest()


def normalize_document(doc: Document) -> Document:
    """Fill ``doc.norm``, ``doc.content_hash`` and ``doc.language``.

    A language the source states is kept unless it says English and the text is surely
    not: feeds and archives often label a whole site "en" while carrying stories in other
    languages, and coding those as English gives nonsense events.
    """
    doc.norm = normalize_text(doc.text)
    doc.content_hash = content_hash(doc.norm.text)
    declared = (doc.language or "").lower().split("-")[0]
    if declared in ("", "en", "eng"):
        detected = detect_language(doc.norm.text)
        if detected != "en" or not doc.language:
            doc.language = detected
    return doc
