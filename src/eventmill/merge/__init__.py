"""merge: event mentions that report the same real-world event become one event.

Within one story, a lede and a later paragraph often report the same event twice ("Iraq
and the US agreed to ..."; "... the two sides have agreed to ..."). Mentions merge when
they agree on everything that identifies an event: PLOVER type, actor and recipient
codes, date, auxiliary modes and intended action, and at least one side is a resolved
actor (two attacks by unnamed gunmen are not assumed to be one). The representative
mention is the most confident one (the earliest on ties); every mention stays stored and
queryable under the merged event's id.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventmill.records import Event

MergeKey = tuple[str, str | None, str | None, str | None, tuple[str, ...], str | None]


def merge_key(ev: Event) -> MergeKey | None:
    actor = ev.actor.code if ev.actor else None
    recipient = ev.recipient.code if ev.recipient else None
    if not actor and not recipient:
        return None
    return (ev.event, actor, recipient, ev.date, tuple(sorted(ev.aux)), ev.intended)


def merge_document_events(events: Sequence[Event]) -> list[tuple[Event, list[Event]]]:
    """Group one story's event mentions into events: ``[(representative, members)]``,
    in order of first mention."""
    groups: dict[object, list[Event]] = {}
    for i, ev in enumerate(events):
        key = merge_key(ev)
        groups.setdefault(key if key is not None else ("unmerged", i), []).append(ev)
    out = []
    for members in groups.values():
        rep = max(members, key=lambda e: (e.confidence, -members.index(e)))
        out.append((rep, members))
    return out
