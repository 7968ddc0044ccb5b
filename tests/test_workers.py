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
