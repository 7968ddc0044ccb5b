"""events: triggers and their arguments -> PLOVER/CAMEO coded events."""

from __future__ import annotations

from eventmill.records import Document


class EventStage:
    """Code the events of a parsed document (filled in by the coder issue)."""

    def __init__(self, coder: dict[str, str]) -> None:
        self.coder = coder

    def __call__(self, doc: Document) -> Document:
        return doc
