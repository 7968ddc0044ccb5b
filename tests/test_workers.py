"""How ``--workers N`` shares a chunk out: tasks small enough that the workers finish together,
every document once, in order."""

from __future__ import annotations

from eventmill.records import Document
from eventmill.scale.workers import split_tasks


def _docs(lengths: list[int]) -> list[Document]:
    return [Document(id=str(i), text="x" * n) for i, n in enumerate(lengths)]


def test_every_document_once_in_order() -> None:
    docs = _docs([500] * 10)
    tasks = split_tasks(docs, size=4, chars=100_000)
    assert [len(t) for t in tasks] == [4, 4, 2]
    assert [d for t in tasks for d in t] == docs


def test_a_long_story_is_a_task_of_its_own() -> None:
    tasks = split_tasks(_docs([5000, 5000, 3000, 25000, 100, 100]), size=4, chars=12_000)
    assert [[d.id for d in t] for t in tasks] == [["0", "1"], ["2"], ["3"], ["4", "5"]]


def test_empty_chunk() -> None:
    assert split_tasks([]) == []


def test_coding_in_a_memory_zone_gives_the_same_output(pipeline) -> None:
    import json

    from tests.conftest import EXAMPLES

    def read() -> list[Document]:
        lines = (EXAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        return [Document(id=r["id"], text=r["text"]) for r in map(json.loads, lines) if r.get("text")]

    kept = list(pipeline.pipe(read()))
    dropped = list(pipeline.pipe(read(), keep_parse=False))
    assert [d.id for d in kept] == [d.id for d in dropped]
    assert all(d.spacy is not None for d in kept)
    assert all(d.spacy is None and not d.layers.by_type for d in dropped)
    assert [[e.to_dict() for e in d.events] for d in kept] == [[e.to_dict() for e in d.events] for d in dropped]
    assert sum(len(d.events) for d in dropped) > 0
    assert [[a.code for a in d.actors] for d in kept] == [[a.code for a in d.actors] for d in dropped]


def test_batches_sharing_a_memory_zone_give_what_a_zone_each_gives(pipeline, monkeypatch) -> None:
    import json

    import eventmill.pipeline as pipeline_module
    from tests.conftest import EXAMPLES

    def coded() -> list[tuple[str, list[dict]]]:
        lines = (EXAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        docs = [Document(id=r["id"], text=r["text"]) for r in map(json.loads, lines) if r.get("text")]
        return [(d.id, [e.to_dict() for e in d.events]) for d in pipeline.pipe(docs, keep_parse=False)]

    monkeypatch.setattr(pipeline, "batch_size", 2)
    shared = coded()  # (the examples are far fewer characters than a zone holds: one zone)
    monkeypatch.setattr(pipeline_module, "ZONE_CHARS", 1)
    assert len(shared) > 2 and coded() == shared  # a zone for every batch of two
