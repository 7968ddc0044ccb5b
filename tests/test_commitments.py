"""Commitments followed over several dates: promises and announced actions, then the stories
that keep, break, renew or outlive them. The articles are written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from eventmill.jobs import Report, ingest_documents
from eventmill.records import Document
from eventmill.store import Store


def _doc(doc_id: str, day: str, text: str) -> Document:
    return Document(id=doc_id, text=text, pub_date=date.fromisoformat(day), source="Test Wire")


def _ingest(store: Store, pipeline, *docs: Document) -> None:
    ingest_documents(list(docs), store, pipeline, Report())


def _status(store: Store, actor: str, intended: str) -> list[tuple[str, object]]:
    df = store.commitments(actor=actor, intended=intended)
    return [(r["status"], r["deadline"]) for r in df.to_dict(orient="records")]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "c.duckdb") as s:
        yield s


PROMISE = _doc(
    "promise", "2025-02-03",
    "ANKARA - Turkey agreed on Monday to withdraw its troops from northern Iraq by the end of June, "
    "the Turkish foreign ministry said after talks with Iraqi officials.",
)


def test_promise_kept_before_the_deadline(store, pipeline):
    _ingest(store, pipeline, PROMISE)
    assert _status(store, "TUR", "RETREAT")[0][0] == "open"
    _ingest(store, pipeline, _doc(
        "kept", "2025-06-12",
        "Turkish troops withdrew from northern Iraq on Wednesday, ending a deployment that lasted four years, "
        "Iraqi officials said.",
    ))
    [(status, deadline)] = _status(store, "TUR", "RETREAT")
    assert status == "fulfilled" and str(deadline)[:10] == "2025-06-30"
    row = store.commitments(actor="TUR").to_dict(orient="records")[0]
    assert row["resolved_by"] and str(row["resolved_on"])[:10] == "2025-06-11"


def test_promise_broken_by_a_refusal(store, pipeline):
    _ingest(store, pipeline, PROMISE, _doc(
        "refused", "2025-04-20",
        "Turkey refused on Sunday to withdraw its troops from northern Iraq, saying the border was not yet secure.",
    ))
    assert _status(store, "TUR", "RETREAT")[0][0] == "broken"


def test_deadline_passed_without_news_is_overdue(store, pipeline):
    _ingest(store, pipeline, PROMISE, _doc(
        "later", "2025-08-01",
        "Kenya and Tanzania signed a trade agreement in Nairobi on Friday.",
    ))
    assert _status(store, "TUR", "RETREAT")[0][0] == "overdue"


def test_renewed_promise_supersedes_the_first(store, pipeline):
    _ingest(store, pipeline, PROMISE, _doc(
        "renewed", "2025-05-20",
        "ANKARA - Turkey agreed on Tuesday to withdraw its troops from northern Iraq by the end of September, "
        "the foreign ministry said.",
    ))
    statuses = sorted(_status(store, "TUR", "RETREAT"), key=lambda s: str(s[1]))
    assert [s for s, _ in statuses] == ["superseded", "open"]


def test_statuses_do_not_depend_on_reading_order(store, pipeline):
    kept = _doc(
        "kept", "2025-06-12",
        "Turkish troops withdrew from northern Iraq on Wednesday, ending a deployment that lasted four years.",
    )
    _ingest(store, pipeline, kept)  # the fulfilment is read first
    _ingest(store, pipeline, PROMISE)
    assert _status(store, "TUR", "RETREAT")[0][0] == "fulfilled"


def test_cli_lists_commitments(tmp_path, pipeline):
    import json

    from click.testing import CliRunner

    from eventmill.cli import main

    db = tmp_path / "c.duckdb"
    with Store(db) as s:
        _ingest(s, pipeline, PROMISE)
    out = CliRunner().invoke(main, ["commitments", "--db", str(db), "--format", "jsonl", "--due-before", "2025-12-31"])
    assert out.exit_code == 0, out.output
    [row] = [json.loads(x) for x in out.output.splitlines() if x.startswith("{")]
    assert row["intended"] == "RETREAT" and row["status"] == "open" and "withdraw" in row["evidence"]
    out = CliRunner().invoke(main, ["commitments", "--db", str(db), "--due-before", "2025-01-31", "--format", "jsonl"])
    assert not [x for x in out.output.splitlines() if x.startswith("{")]


def test_insurgents_do_not_keep_a_states_promise(store, pipeline):
    _ingest(store, pipeline, _doc(
        "mali-promise", "2025-02-03",
        "BAMAKO - Mali agreed on Monday to withdraw its troops from the border town of Menaka by the end of "
        "April, the defence ministry said.",
    ), _doc(
        "insurgents", "2025-03-10",
        "Malian jihadist fighters withdrew from Menaka on Sunday after a week of clashes with the army, "
        "residents said.",  # coded MLIINS: Malian, but not the Malian state
    ))
    assert _status(store, "MLI", "RETREAT")[0][0] == "open"
