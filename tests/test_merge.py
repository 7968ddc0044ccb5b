"""merge: the same real-world event across sentences, stories and outlets becomes one event.

The rule is tested on mentions built here, then in the store (written in any order, in any
batches: the same events), then end to end on near-duplicate articles written for these
tests (a wire story, a copy of it, a rewrite the next day, attacks in two towns)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from eventmill.jobs import Report, ingest_documents
from eventmill.merge import Mention, cluster
from eventmill.records import Actor, Document, Event, Place, Sentence
from eventmill.store import EventFilter, Store

D = date(2026, 3, 9)  # a Monday
KABUL = {"loc_country": "AFG", "loc_admin1": "13", "loc_lat": 34.53, "loc_lon": 69.17, "loc_precision": "city"}
KANDAHAR = {"loc_country": "AFG", "loc_admin1": "23", "loc_lat": 31.61, "loc_lon": 65.71, "loc_precision": "city"}
AFGHANISTAN = {"loc_country": "AFG", "loc_precision": "country"}


def m(mid: str, *, doc: str | None = None, event="ASSAULT", actor="AFGINS", recipient="AFGCOP", aux=(),
      day: date | None = D, precision="day", pub: date | None = None, conf=0.8, **place) -> Mention:
    return Mention(
        mention_id=mid, doc_id=doc or mid, event=event, actor=actor[:3] if actor else None,
        recipient=recipient[:3] if recipient else None, aux=tuple(aux), intended=None, day=day,
        precision=precision, pub_date=pub or (day + timedelta(days=1) if day else None), confidence=conf,
        actor_code=actor, recipient_code=recipient, **place,
    )


def groups(mentions: list[Mention]) -> set[frozenset[str]]:
    out: dict[str, set[str]] = {}
    for mid, eid in cluster(mentions).items():
        out.setdefault(eid, set()).add(mid)
    return {frozenset(g) for g in out.values()}


def test_same_day_same_dyad_is_one_event_and_the_surest_report_represents_it():
    ids = cluster([m("a", conf=0.6), m("b", conf=0.9), m("c", conf=0.7)])
    assert set(ids.values()) == {"b"}


def test_different_days_types_modes_or_actors_are_different_events():
    assert groups([m("a"), m("b", day=D + timedelta(days=1))]) == {frozenset("a"), frozenset("b")}
    assert len(groups([m("a"), m("b", event="COERCE")])) == 2
    assert len(groups([m("a"), m("b", aux=["future"])])) == 2
    assert len(groups([m("a"), m("b", actor="PAKMIL")])) == 2
    # police and soldiers of one country are two actors; "Afghan forces" is either
    assert len(groups([m("a", recipient="AFGCOP"), m("b", recipient="AFGMIL")])) == 2
    assert groups([m("a", recipient="AFGCOP"), m("b", recipient="AFG")]) == {frozenset("ab")}


def test_unresolved_parties_never_merge():
    assert len(groups([m("a", actor=None, recipient=None), m("b", actor=None, recipient=None)])) == 2


def test_places_that_contradict_split_and_vague_ones_join_the_larger():
    mentions = [m("k1", **KABUL), m("k2", **KABUL), m("q", **KANDAHAR), m("country", **AFGHANISTAN), m("none")]
    assert groups(mentions) == {frozenset({"k1", "k2", "country", "none"}), frozenset({"q"})}
    assert len(groups([m("a", **KABUL), m("b", loc_country="PAK", loc_precision="country")])) == 2


def test_a_report_without_a_day_joins_the_latest_event_before_it_and_nothing_chains():
    # attacks reported with their days on Mon and Tue; a Wednesday story names no day
    mon, tue = m("mon"), m("tue", day=D + timedelta(days=1))
    wed_story = m("undated-wed", day=D + timedelta(days=2), precision="week", pub=D + timedelta(days=2))
    late = m("undated-fri", day=D + timedelta(days=4), precision="week", pub=D + timedelta(days=4))
    assert groups([mon, tue, wed_story, late]) == {
        frozenset({"mon"}), frozenset({"tue", "undated-wed"}), frozenset({"undated-fri"})}
    # two undated reports of the same day are one event; daily undated reports are not chained
    a = m("a", day=D, precision="week", pub=D)
    b = m("b", day=D, precision="week", pub=D)
    c = m("c", day=D + timedelta(days=1), precision="week", pub=D + timedelta(days=1))
    assert groups([a, b, c]) == {frozenset("ab"), frozenset("c")}


def test_week_dated_mentions_join_a_day_of_that_week():
    last_week = m("lw", day=D - timedelta(days=7), precision="week", pub=D)
    thursday = m("thu", day=D - timedelta(days=4))
    assert groups([last_week, thursday]) == {frozenset({"lw", "thu"})}


def test_undated_stories_merge_within_the_story_only():
    a = m("a", doc="s1", day=None, precision=None)
    b = m("b", doc="s1", day=None, precision=None)
    c = m("c", doc="s2", day=None, precision=None)
    assert groups([a, b, c]) == {frozenset("ab"), frozenset("c")}


_mentions = st.builds(
    lambda i, day, prec, recip, place, conf: m(
        f"m{i}", doc=f"d{i % 7}", day=D + timedelta(days=day), precision=prec,
        pub=D + timedelta(days=day + (0 if prec == "week" and i % 2 else 1)), recipient=recip, conf=conf,
        **place),
    st.integers(0, 10_000), st.integers(0, 12), st.sampled_from(["day", "day", "week", "month"]),
    st.sampled_from(["AFGCOP", "AFG", "AFGMIL"]), st.sampled_from([{}, KABUL, KANDAHAR, AFGHANISTAN]),
    st.sampled_from([0.5, 0.7, 0.9]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_mentions, max_size=25, unique_by=lambda x: x.mention_id), st.randoms())
def test_the_rule_does_not_depend_on_order(mentions, rnd):
    shuffled = list(mentions)
    rnd.shuffle(shuffled)
    assert cluster(mentions) == cluster(shuffled)


# --------------------------------------------------------------------------- in the store


def _event(story: str, i: int, day: str, precision: str, recipient: str, place: Place | None, conf: float) -> Event:
    return Event(
        id=f"{story}-{i}", story_id=story, sentence=i, event="ASSAULT", cameo="190", quad_code=4, goldstein=-10.0,
        date=day, date_precision=precision,
        actor=Actor(entity_text="militants", country="AFG", sector="INS", code="AFGINS"),
        recipient=Actor(entity_text="police", country="AFG", code=recipient),
        event_loc=place, event_text="attacked", text_info={"start": 0, "end": 10}, confidence=conf,
    )


def _corpus(seed: int) -> list[Document]:
    rnd = random.Random(seed)
    docs = []
    for k in range(24):
        pub = D + timedelta(days=rnd.randint(0, 10))
        events = []
        for i in range(rnd.randint(0, 3)):
            place = rnd.choice([None, Place(text="Kabul", name="Kabul", country="AFG", admin1="13", lat=34.53,
                                            lon=69.17, precision="city"),
                                Place(text="Kandahar", name="Kandahar", country="AFG", admin1="23", lat=31.61,
                                      lon=65.71, precision="city")])
            if rnd.random() < 0.4:
                day, prec = pub.isoformat(), "week"
            else:
                day, prec = (pub - timedelta(days=rnd.randint(0, 3))).isoformat(), "day"
            events.append(_event(f"s{k}", i, day, prec, rnd.choice(["AFGCOP", "AFG"]), place, rnd.choice([0.6, 0.9])))
        doc = Document(id=f"s{k}", text="Militants attacked the police.", pub_date=pub,
                       source=rnd.choice(["Wire A", "Wire B", "Paper C"]), content_hash=f"h{k}")
        doc.sentences = [Sentence(i, 0, 10) for i in range(3)]
        doc.events = events
        docs.append(doc)
    return docs


def _state(store: Store) -> tuple[list[tuple], list[tuple]]:
    mentions = store.con.execute("SELECT mention_id, event_id FROM event_mentions ORDER BY 1").fetchall()
    events = store.con.execute("SELECT * FROM events ORDER BY 1").fetchall()
    return mentions, events


def test_the_store_gives_the_same_events_whatever_order_and_batches(tmp_path: Path):
    docs = _corpus(7)
    with Store(tmp_path / "all.duckdb") as s:
        s.write_documents(docs)
        expected = _state(s)
        assert len(expected[1]) < sum(len(d.events) for d in docs)  # something did merge
    rnd = random.Random(3)
    for trial in range(4):
        order = list(docs)
        rnd.shuffle(order)
        with Store(tmp_path / f"t{trial}.duckdb") as s:
            i = 0
            while i < len(order):
                n = rnd.randint(1, 6)
                s.write_documents(order[i:i + n])
                i += n
            assert _state(s) == expected, f"trial {trial}"


def test_counts_mean_what_they_say(tmp_path: Path):
    kabul = Place(text="Kabul", name="Kabul", country="AFG", lat=34.53, lon=69.17, precision="city")
    a = Document(id="a", text="x", pub_date=D, source="Wire A", content_hash="ha")
    a.events = [_event("a", 0, D.isoformat(), "day", "AFGCOP", kabul, 0.9),
                _event("a", 1, D.isoformat(), "day", "AFGCOP", None, 0.6)]
    b = Document(id="b", text="y", pub_date=D + timedelta(days=1), source="Wire A", content_hash="hb")
    b.events = [_event("b", 0, D.isoformat(), "day", "AFG", kabul, 0.7)]
    c = Document(id="c", text="z", pub_date=D + timedelta(days=1), url="https://www.paper-c.example/x",
                 content_hash="hc")
    c.events = [_event("c", 0, (D + timedelta(days=1)).isoformat(), "week", "AFGCOP", None, 0.8)]
    with Store(tmp_path / "c.duckdb") as s:
        s.write_documents([c, b])
        s.write_documents([a])
        [ev] = list(s.iter_events(EventFilter()))
        assert ev["id"] == "a-0"  # the most confident day-dated report
        assert (ev["num_mentions"], ev["num_articles"], ev["num_sources"]) == (4, 3, 2)  # Wire A, paper-c.example
        assert ev["first_seen"] == D.isoformat()
        rows = s.sql("SELECT mention_id FROM event_mentions WHERE event_id = 'a-0' ORDER BY 1")["mention_id"]
        assert list(rows) == ["a-0", "a-1", "b-0", "c-0"]  # every report stays queryable
        detail = s.event("a-0")
        assert detail is not None and len(detail["mentions"]) == 4


# --------------------------------------------------------------------------- end to end

ARTICLES = [
    ("wire-1", "Horn Wire", "2026-03-10",
     "NAIROBI - Kenya and Ethiopia agreed on Monday to reopen the Moyale border crossing by the end of March, "
     "the two governments said in a joint statement.\n\nEthiopia's foreign minister praised Kenya for its help "
     "during the talks in Nairobi."),
    # the wire story run by another outlet with a line added: not the same text, the same events
    ("copy-1", "Daily Courier", "2026-03-10",
     "NAIROBI - Kenya and Ethiopia agreed on Monday to reopen the Moyale border crossing by the end of March, "
     "the two governments said in a joint statement.\n\nEthiopia's foreign minister praised Kenya for its help "
     "during the talks in Nairobi, officials added."),
    # a rewrite published the next day
    ("rewrite-1", "East Africa Times", "2026-03-11",
     "The governments of Kenya and Ethiopia agreed on Monday to reopen the Moyale crossing by the end of March "
     "after two days of talks in Nairobi."),
    ("attack-1", "Horn Wire", "2026-03-12",
     "Al-Shabaab militants attacked a Kenyan police post in Mandera on Wednesday, killing three officers, "
     "police said."),
    # another outlet, no day named: the attack of the day before
    ("attack-2", "Daily Courier", "2026-03-12",
     "Al-Shabaab fighters attacked a police post in the Kenyan town of Mandera, killing three officers, "
     "a police spokesman said."),
    # the same dyad in another town, and in the same town days later: other attacks
    ("attack-3", "Horn Wire", "2026-03-14", "Al-Shabaab militants attacked a Kenyan police post in Lamu on Friday, "
     "police said."),
    ("attack-4", "Horn Wire", "2026-03-17", "Al-Shabaab militants attacked a Kenyan police post in Mandera on "
     "Monday, police said."),
]


def test_near_duplicate_articles(tmp_path: Path, pipeline):
    docs = [Document(id=i, text=t, pub_date=date.fromisoformat(d), source=s) for i, s, d, t in ARTICLES]
    docs.append(Document(id="wire-1-again", text=ARTICLES[0][3], pub_date=D, source="Other Site"))  # exact copy
    with Store(tmp_path / "n.duckdb") as store:
        report = Report()
        ingest_documents(docs, store, pipeline, report)
        assert report.skipped == {"duplicate text": 1}  # detected by content hash, not coded again
        rows = store.con.execute(
            """SELECT m.doc_id, m.event, m.event_id, e.num_articles, e.num_sources
               FROM event_mentions m JOIN events e ON e.event_id = m.event_id"""
        ).fetchall()
        by_doc: dict[str, dict[str, set[str]]] = {}
        counts = {}
        for doc_id, event, eid, n_articles, n_sources in rows:
            by_doc.setdefault(doc_id, {}).setdefault(event, set()).add(eid)
            counts[eid] = (n_articles, n_sources)
        agree = [by_doc[d]["AGREE"] for d in ("wire-1", "copy-1", "rewrite-1")]
        assert agree[0] == agree[1] == agree[2] and len(agree[0]) == 2  # Kenya->Ethiopia and back, each once
        assert all(counts[e] == (3, 3) for e in agree[0])
        assert by_doc["wire-1"]["SUPPORT"] == by_doc["copy-1"]["SUPPORT"]  # the praise, in both copies
        assert by_doc["attack-1"]["ASSAULT"] == by_doc["attack-2"]["ASSAULT"]
        mandera = next(iter(by_doc["attack-1"]["ASSAULT"]))
        assert counts[mandera] == (2, 2)
        assert by_doc["attack-3"]["ASSAULT"].isdisjoint(by_doc["attack-1"]["ASSAULT"])  # Lamu
        assert by_doc["attack-4"]["ASSAULT"].isdisjoint(by_doc["attack-1"]["ASSAULT"])  # five days later
        dup = store.sql("SELECT status, duplicate_of FROM documents WHERE doc_id = 'wire-1-again'").values.tolist()
        assert dup == [["duplicate", "wire-1"]]
        # query and exports carry the counts on every event
        for ev in store.iter_events(EventFilter()):
            assert ev["num_mentions"] >= ev["num_articles"] >= ev["num_sources"] >= 1
