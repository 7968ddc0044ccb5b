"""place: toponyms and landmarks resolved offline; event locations."""

from __future__ import annotations

from eventmill.records import Document


class PlaceStage:
    def __call__(self, doc: Document) -> Document:
        return doc
