"""The output contract (docs/output-format.md, docs/output-format.schema.json): every record
`eventmill code` writes, with and without `--mentions`, validates against the schema; the keys
are the documented ones; an event's mentions point into its story and its top-level evidence is
its first report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import eventmill

jsonschema = pytest.importorskip("jsonschema")

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "docs" / "output-format.schema.json").read_text(encoding="utf-8"))
EXAMPLES = [json.loads(x) for x in (REPO / "examples" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
            if x.strip()]


@pytest.fixture(scope="module")
def coded() -> list[tuple[dict, list[dict], list[dict]]]:
    out = []
    for ex in EXAMPLES:
        kw = {"date": ex.get("date"), "id": ex["id"], "source": ex.get("source"), "url": ex.get("url")}
        out.append((ex, eventmill.code(ex["text"], **kw), eventmill.code(ex["text"], mentions=True, **kw)))
    return out


def test_records_validate(coded):
    validator = jsonschema.Draft202012Validator(SCHEMA)
    n = 0
    for _, events, per_sentence in coded:
        for e in events:
            validator.validate(e)
            assert e["mentions"]
            n += 1
        for e in per_sentence:
            validator.validate(e)
            assert "mentions" not in e
    assert n > 10


def test_mentions_point_into_the_story(coded):
    for ex, events, per_sentence in coded:
        text = ex["text"]
        ids = set()
        for e in events:
            first = e["mentions"][0]
            assert (e["sentence"], e["text_info"]["trigger_start"], e["event_text"]) == (
                first["sentence"], first["trigger_start"], first["event_text"])
            assert [m["sentence"] for m in e["mentions"]] == sorted(m["sentence"] for m in e["mentions"])
            for m in e["mentions"]:
                assert m["start"] <= m["trigger_start"] < m["trigger_end"] <= m["end"]
                assert text[m["trigger_start"]:m["trigger_end"]].split()[0] in text[m["start"]:m["end"]]
                ids.add(m["id"])
        assert ids == {e["id"] for e in per_sentence}  # every sentence's record is a mention of one event


def test_the_documented_fields_are_the_fields(coded):
    doc = (REPO / "docs" / "output-format.md").read_text(encoding="utf-8")
    documented = set()
    for row in re.findall(r"^\| (`[^|]+`)[^|]*\|", doc, flags=re.M):
        documented |= set(re.findall(r"`(\w+)`", row))
    _, events, _ = coded[0]
    assert set(events[0]) <= documented, set(events[0]) - documented
    assert set(SCHEMA["properties"]) <= documented
