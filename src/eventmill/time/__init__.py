"""time: temporal expressions normalized against the publication date; event dates."""

from __future__ import annotations

from eventmill.records import Document


class TimeStage:
    def __call__(self, doc: Document) -> Document:
        return doc
