"""store: the DuckDB schema, atomic batch writes, filters and exports."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from eventmill.errors import ConfigError, StoreError
from eventmill.export import export_events
from eventmill.records import Actor, Document, Event, Place, Sentence, Size
from eventmill.store import EventFilter, Store


def _event(
    story: str,
    i: int,
    typ: str,
    actor: str,
    recipient: str | None,
    *,
    aux=(),
    cameo="042",
    day="2021-07-26",
    intended=None,
    conf=0.8,
) -> Event:
    return Event(
        id=f"{story}-e{i}",
        story_id=story,
        sentence=i,
        event=typ,
        cameo=cameo,
        quad_code=1,
        goldstein=1.9,
        aux=list(aux),
        intended=intended,
        date=day,
        date_precision="day",
        deadline=None,
        actor=Actor(
            entity_text=actor, name=actor, country=actor[:3], sector=actor[3:] or None, code=actor, start=0, end=4
        ),
        recipient=Actor(entity_text=recipient, country=recipient[:3], code=recipient) if recipient else None,
        event_loc=Place(
            text="White House",
            name="White House",
            lat=38.8977,
            lon=-77.0365,
            country="USA",
            precision="landmark",
            feature="LANDMARK",
            start=10,
            end=21,
        ),
        size=Size(dead=3) if typ == "ASSAULT" else None,
        event_text="met",
        text_info={"start": 0, "end": 30, "trigger_start": 5, "trigger_end": 8},
        confidence=conf,
        coder={"eventmill": "test"},
    )


def _doc(story: str, events: list[Event], day=date(2021, 7, 27), source="Wire") -> Document:
    d = Document(
        id=story,
        text="Iraqi PM met Biden at the White House.",
        pub_date=day,
        source=source,
        content_hash=f"hash-{story}",
    )
    d.sentences = [Sentence(0, 0, 38)]
    d.events = events
    return d


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "t.duckdb")
    s.write_documents(
        [
            _doc(
                "s1", [_event("s1", 0, "CONSULT", "IRQGOV", "USAGOV"), _event("s1", 1, "CONSULT", "USAGOV", "IRQGOV")]
            ),
            _doc(
                "s2",
                [
                    _event("s2", 0, "ASSAULT", "SYRMIL", "SYRREB", cameo="190", day="2021-08-02"),
                    _event("s2", 1, "ASSAULT", "SYRMIL", "SYRREB", cameo="190", day="2021-08-02", aux=["negated"]),
                    _event("s2", 2, "CONCEDE", "USAGOV", "IRQGOV", cameo="0356", aux=["future"], intended="RETREAT"),
                ],
                day=date(2021, 8, 3),
                source="Other",
            ),
        ]
    )
    yield s
    s.close()


def test_roundtrip_to_contract(store: Store):
    [ev] = list(store.iter_events(EventFilter(actor="IRQ")))
    assert ev["id"] == "s1-e0" and ev["story_id"] == "s1" and ev["event"] == "CONSULT"
    assert ev["actor"]["code"] == "IRQGOV" and ev["recipient"]["code"] == "USAGOV"
    assert ev["event_loc"]["name"] == "White House" and ev["event_loc"]["lat"] == pytest.approx(38.8977)
    assert ev["cameo"] == "042" and ev["date"] == "2021-07-26" and ev["pub_date"] == "2021-07-27"
    assert ev["text_info"] == {"start": 0, "end": 30, "trigger_start": 5, "trigger_end": 8}
    assert ev["coder"] == {"eventmill": "test"}
    assert ev["num_mentions"] == 1 and ev["num_articles"] == 1


def test_arguments_read_from_context_are_stored(tmp_path: Path):
    """Schema 3: an implied actor, who reports the event, a claim, and the place an event is
    placed relative to come back from the store as the coder wrote them."""
    from dataclasses import replace

    ev = _event("c1", 0, "ASSAULT", "IMGINSISI", "IRQCVL", cameo="190")
    ev = replace(ev, actor=replace(ev.actor, implicit=True), claimed=True,
                 reported_by=Actor(entity_text="police", name="police", country="IRQ", sector="COP", code="IRQCOP"),
                 event_loc=replace(ev.event_loc, near="Baghdad"))
    with Store(tmp_path / "c.duckdb") as store:
        store.write_documents([_doc("c1", [ev])])
        [back] = list(store.iter_events(EventFilter()))
    assert back["actor"]["implicit"] is True and back["recipient"]["implicit"] is False
    assert back["claimed"] is True and back["reported_by"]["code"] == "IRQCOP"
    assert back["event_loc"]["near"] == "Baghdad"


def test_filters(store: Store):
    assert len(store.events()) == 4  # the negated one is left out by default
    assert len(store.events(include_negated=True)) == 5
    assert len(store.events(aux="negated")) == 1
    assert list(store.events(party="IRQ")["event_id"]) == ["s1-e0", "s1-e1", "s2-e2"]
    assert len(store.events(event="ASSAULT")) == 1
    assert len(store.events(country="SYR")) == 1
    assert len(store.events(since="2021-08-01")) == 1
    assert len(store.events(until="2021-07-31")) == 3
    assert len(store.events(cameo="03")) == 1
    assert len(store.events(aux="future", event=["CONCEDE", "AGREE"])) == 1
    assert len(store.events(min_confidence=0.9)) == 0
    assert len(store.events(limit=1)) == 1
    with pytest.raises(ConfigError, match="unknown event type"):
        store.events(event="BOMB")
    with pytest.raises(ConfigError, match="unknown event filter"):
        store.events(colour="red")


def test_commitments_and_counts(store: Store):
    rows = store.sql("SELECT intended, status, actor_code FROM commitments").values.tolist()
    assert rows == [["RETREAT", "open", "USAGOV"]]
    counts = store.con.execute("SELECT day, source, n_documents, n_event_mentions FROM doc_counts ORDER BY day")
    assert counts.fetchall() == [(date(2021, 7, 27), "Wire", 1, 2), (date(2021, 8, 3), "Other", 1, 3)]
    st = store.stats()
    assert st["documents"] == 2 and st["event_mentions"] == 5


def test_writes_are_idempotent(store: Store):
    again = _doc("s1", [_event("s1", 0, "CONSULT", "IRQGOV", "USAGOV")])
    store.write_documents([again])
    assert store.stats()["event_mentions"] == 5


def test_failed_batch_leaves_nothing(tmp_path: Path, monkeypatch):
    s = Store(tmp_path / "t.duckdb")
    s.write_documents([_doc("ok", [_event("ok", 0, "CONSULT", "IRQGOV", "USAGOV")])])
    import eventmill.store as store_mod

    real = store_mod.event_row
    calls = {"n": 0}

    def broken(ev, event_id=None):
        calls["n"] += 1
        if calls["n"] > 1:
            raise RuntimeError("disk on fire")
        return real(ev, event_id)

    monkeypatch.setattr(store_mod, "event_row", broken)
    with pytest.raises(RuntimeError):
        s.write_documents(
            [
                _doc(
                    "bad",
                    [_event("bad", 0, "CONSULT", "IRQGOV", "USAGOV"), _event("bad", 1, "AGREE", "IRQGOV", "USAGOV")],
                )
            ]
        )
    assert s.sql("SELECT doc_id FROM documents").values.tolist() == [["ok"]]
    assert s.stats()["event_mentions"] == 1
    s.close()


def test_same_event_twice_in_a_story_is_one_event(tmp_path: Path):
    s = Store(tmp_path / "t.duckdb")
    s.write_documents(
        [
            _doc(
                "m",
                [
                    _event("m", 0, "CONSULT", "IRQGOV", "USAGOV", conf=0.6),
                    _event("m", 3, "CONSULT", "IRQGOV", "USAGOV", conf=0.9),
                ],
            )
        ]
    )
    [ev] = list(s.iter_events(EventFilter()))
    assert ev["num_mentions"] == 2 and ev["id"] == "m-e0"  # the story's first report represents it (issue 14)
    assert s.sql("SELECT count(*) AS n FROM event_mentions WHERE event_id = 'm-e0'")["n"][0] == 2
    s.close()


def test_exports(store: Store, tmp_path: Path):
    flt = EventFilter()
    n = export_events(store, flt, "jsonl", tmp_path / "e.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert n == len(lines) == 4 and lines[0]["cameo"] == "042"
    n = export_events(store, flt, "csv", tmp_path / "e.csv")
    with open(tmp_path / "e.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert n == len(rows) == 4
    assert rows[0]["cameo"] == "042" and rows[0]["story_id"] == "s1"
    concede = next(r for r in rows if r["event"] == "CONCEDE")
    assert concede["aux"] == "future" and concede["intended"] == "RETREAT"
    n = export_events(store, flt, "parquet", tmp_path / "e.parquet")
    con = duckdb.connect()
    pq = con.execute(
        "SELECT cameo, aux, date, goldstein FROM read_parquet(?) ORDER BY event_id", [str(tmp_path / "e.parquet")]
    ).fetchall()
    assert n == 4 and pq[0] == ("042", [], date(2021, 7, 26), 1.9)


def test_read_only_and_missing(tmp_path: Path):
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "nope.duckdb", read_only=True)
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError):
        Store(bad)
