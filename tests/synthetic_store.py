"""A small event store written straight through the store API (no coder), for the serve
and export tests: short stories written for these tests, each event pointing at the real
offsets of its sentence, trigger and parties in the story text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from eventmill.records import Actor, Document, Event, Place, Sentence, Size
from eventmill.store import Store

WHITE_HOUSE = {"name": "White House", "lat": 38.8977, "lon": -77.0365, "country": "USA", "admin1": "DC",
               "feature": "LANDMARK", "precision": "landmark"}
IDLIB = {"name": "Idlib", "lat": 35.93, "lon": 36.63, "country": "SYR", "admin1": "09", "geonameid": 169389,
         "feature": "PPLA", "precision": "city"}
NAIROBI = {"name": "Nairobi", "lat": -1.28333, "lon": 36.81667, "country": "KEN", "admin1": "05",
           "geonameid": 184745, "feature": "PPLC", "precision": "city"}

STORIES = {
    "iraq-visit": (
        date(2021, 7, 27),
        "Wire",
        "Iraqi Prime Minister Mustafa al-Kadhimi met President Joe Biden at the White House on Monday. "
        "The two leaders agreed that US combat troops would leave Iraq by the end of the year. "
        "Biden did not announce new sanctions.",
    ),
    "idlib-shelling": (
        date(2021, 8, 2),
        "Other",
        "Syrian army shelled rebel positions near Idlib on Sunday, killing three fighters.\n\n"
        "Rebels accused the army of targeting civilians.",
    ),
    "moyale": (
        date(2021, 8, 20),
        "Wire",
        "Kenya and Ethiopia agreed in Nairobi to reopen the Moyale crossing.",
    ),
    "quiet-day": (date(2021, 8, 20), "Other", "Markets were calm on Friday."),
    "undated": (None, "Wire", "Rebels attacked a convoy."),
}


def _sentences(text: str) -> list[Sentence]:
    return [Sentence(i, m.start(), m.end()) for i, m in enumerate(re.finditer(r"\S.*?\.(?=\s|$)", text, re.S))]


def _actor(text: str, after: int, phrase: str, code: str, name: str, kb_id: str | None = None) -> Actor:
    start = text.index(phrase, after)
    sector = code[3:] or None
    return Actor(entity_text=phrase, name=name, country=code[:3], sector=sector, code=code, kb_id=kb_id,
                 kb_source="eventmill" if kb_id else None, start=start, end=start + len(phrase))


def make_event(
    story: str,
    n: int,
    event: str,
    cameo: str,
    trigger: str,
    actor: tuple[str, ...],
    recipient: tuple[str, ...] | None,
    *,
    sentence: int,
    day: str | None,
    place: dict | None = None,
    quad: int = 1,
    goldstein: float = 1.0,
    aux: tuple[str, ...] = (),
    joint: bool = False,
    intended: str | None = None,
    deadline: str | None = None,
    confidence: float = 0.8,
    dead: int | None = None,
) -> Event:
    text = STORIES[story][2]
    sent = _sentences(text)[sentence]
    t0 = text.index(trigger, sent.start)
    loc = None
    if place:
        p0 = text.find(place["name"])
        loc = Place(text=place["name"], start=p0 if p0 >= 0 else None, end=p0 + len(place["name"]) if p0 >= 0 else None,
                    **place)
    return Event(
        id=f"{story}-{n}",
        story_id=story,
        sentence=sentence,
        event=event,
        cameo=cameo,
        quad_code=quad,
        goldstein=goldstein,
        aux=list(aux),
        intended=intended,
        joint=joint,
        date=day,
        date_precision="day" if day else None,
        deadline=deadline,
        actor=_actor(text, sent.start, *actor),
        recipient=_actor(text, sent.start, *recipient) if recipient else None,
        event_loc=loc,
        size=Size(dead=dead) if dead is not None else None,
        event_text=trigger,
        text_info={"start": sent.start, "end": sent.end, "trigger_start": t0, "trigger_end": t0 + len(trigger)},
        confidence=confidence,
        coder={"eventmill": "test"},
    )


def story_events() -> dict[str, list[Event]]:
    kadhimi = ("Mustafa al-Kadhimi", "IRQGOV", "Mustafa al-Kadhimi", "kadhimi")
    biden = ("Joe Biden", "USAGOV", "Joe Biden", "Q6279")
    return {
        "iraq-visit": [
            make_event("iraq-visit", 0, "CONSULT", "042", "met", kadhimi, biden, sentence=0, day="2021-07-26",
                       place=WHITE_HOUSE, goldstein=1.9, joint=True, confidence=0.9),
            make_event("iraq-visit", 1, "CONSULT", "043", "met", biden, kadhimi, sentence=0, day="2021-07-26",
                       place=WHITE_HOUSE, goldstein=2.8, joint=True, confidence=0.9),
            make_event("iraq-visit", 2, "AGREE", "0356", "agreed", ("two leaders", "IRQGOV", "Iraq"),
                       ("two leaders", "USAGOV", "United States"), sentence=1, day="2021-07-26",
                       goldstein=7.0, aux=("future",), joint=True, intended="RETREAT", deadline="2021-12-31",
                       confidence=0.7),
            make_event("iraq-visit", 3, "SANCTION", "163", "announce", ("Biden", "USAGOV", "Joe Biden"), None,
                       sentence=2, day="2021-07-27", quad=4, goldstein=-8.0, aux=("negated",), confidence=0.6),
        ],
        "idlib-shelling": [
            make_event("idlib-shelling", 0, "ASSAULT", "195", "shelled", ("Syrian army", "SYRMIL", "Syria"),
                       ("rebel positions", "SYRREB", "Syria"), sentence=0, day="2021-08-01", place=IDLIB, quad=4,
                       goldstein=-10.0, confidence=0.85, dead=3),
            make_event("idlib-shelling", 1, "ACCUSE", "112", "accused", ("Rebels", "SYRREB", "Syria"),
                       ("army", "SYRMIL", "Syria"), sentence=1, day="2021-08-02", quad=3, goldstein=-2.0,
                       confidence=0.5),
        ],
        "moyale": [
            make_event("moyale", 0, "AGREE", "0355", "agreed", ("Kenya", "KENGOV", "Kenya"),
                       ("Ethiopia", "ETHGOV", "Ethiopia"), sentence=0, day="2021-08-20", place=NAIROBI,
                       goldstein=7.0, joint=True, aux=("future",), intended="RETREAT", confidence=0.75),
            make_event("moyale", 1, "AGREE", "0355", "agreed", ("Ethiopia", "ETHGOV", "Ethiopia"),
                       ("Kenya", "KENGOV", "Kenya"), sentence=0, day="2021-08-20", place=NAIROBI,
                       goldstein=7.0, joint=True, aux=("future",), intended="RETREAT", confidence=0.75),
        ],
        "quiet-day": [],
        "undated": [
            make_event("undated", 0, "ASSAULT", "190", "attacked", ("Rebels", "SYRREB", "Syria"), None,
                       sentence=0, day=None, quad=4, goldstein=-10.0, confidence=0.55),
        ],
    }


def document(story: str, events: list[Event]) -> Document:
    pub, source, text = STORIES[story]
    doc = Document(id=story, text=text, pub_date=pub, source=source, title=story.replace("-", " "),
                   url=f"https://example.org/{story}" if story != "undated" else None, language="en",
                   content_hash=f"hash-{story}")
    doc.sentences = _sentences(text)
    doc.events = events
    return doc


def build_store(path: Path) -> Path:
    """Write the stories and their events to a new store at ``path``."""
    with Store(path) as store:
        store.write_documents([document(s, evs) for s, evs in story_events().items()])
    return path
