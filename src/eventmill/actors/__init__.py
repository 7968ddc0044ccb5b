"""actors: mentions -> actors (country, sector, CAMEO-style code, knowledge-base id)."""

from __future__ import annotations

from eventmill.records import Document


class ActorStage:
    """Find and resolve actor mentions in a parsed document (filled in by the coder issue)."""

    def __call__(self, doc: Document) -> Document:
        return doc
