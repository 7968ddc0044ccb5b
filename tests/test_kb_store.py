"""The compiled store of the bundled tables: the same knowledge base as the tables, rebuilt
when they change, rebuilt when damaged, and not needed when the cache cannot be written."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from eventmill.actors import kb_layers as K
from eventmill.actors.kb import KnowledgeBase


def _same(a: KnowledgeBase, b: KnowledgeBase) -> None:
    for name in ("countries", "country_names", "adjectives", "metonyms", "sectors", "sector_kinds", "capitals",
                 "identity", "identity_home", "political_identity", "max_term_words"):
        assert getattr(a, name) == getattr(b, name), name
    for name in ("orgs", "people", "surnames"):
        x, y = getattr(a, name), getattr(b, name)
        assert set(x) == set(y), name
        assert all(x[k] == y[k] for k in x), name  # same entries, same order


def test_store_holds_what_the_tables_say(tmp_path: Path):
    path = tmp_path / "kb.sqlite"
    from_tables = K.load_compiled(path)  # builds the store
    assert path.exists()
    _same(from_tables, K.load_compiled(path))  # reads it back


def test_store_is_read_not_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "kb.sqlite"
    K.load_compiled(path)

    def no_tables() -> KnowledgeBase:
        raise AssertionError("the tables were read again")

    monkeypatch.setattr(K, "load_tables", no_tables)
    assert K.load_compiled(path).country("Iraq") == "IRQ"


def test_damaged_store_is_rebuilt(tmp_path: Path):
    path = tmp_path / "kb.sqlite"
    path.write_bytes(b"not a database" * 64)
    assert K.load_compiled(path).country("Iraq") == "IRQ"
    K.load_compiled(path)  # now a real store
    assert path.read_bytes()[:15] == b"SQLite format 3"


def test_unwritable_cache_still_gives_the_knowledge_base(tmp_path: Path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache directory should be", encoding="utf-8")
    kb = K.load_compiled(blocked / "cache" / "kb.sqlite")
    assert kb.country("Iraq") == "IRQ" and kb.organization("ISIS", None) is not None


def test_a_changed_table_gets_a_new_store(tmp_path: Path):
    tables = tmp_path / "kb"
    shutil.copytree(str(resources.files("eventmill") / "data" / "kb"), tables)
    before = K.bundled_hash(tables)
    assert before == K.bundled_hash()  # the same tables, the same store
    sectors = tables / "sectors.tsv"
    sectors.write_text(sectors.read_text(encoding="utf-8") + "moustache guild\tBUS\tgroup\t\n", encoding="utf-8")
    assert K.bundled_hash(tables) != before


def test_the_store_lives_in_the_cache_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EVENTMILL_CACHE", str(tmp_path / "c"))
    assert K.compiled_store_path().parent == tmp_path / "c"
    monkeypatch.delenv("EVENTMILL_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert K.compiled_store_path().parent == tmp_path / "x" / "eventmill"


def test_no_user_kb_means_the_bundled_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EVENTMILL_KB", str(tmp_path / "none.sqlite"))
    kb = K.load_layered_kb()
    assert kb is K.load_kb() and kb.version == ""
