"""The table cache: a built table is read back while its sources are unchanged, built again
when one changes, and built in memory when the cache directory cannot be written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eventmill.tables import cached_table


def _counting(value: object):
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return build, calls


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("EVENTMILL_CACHE", str(folder))
    return folder


def test_built_once_then_read_back(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.tsv"
    source.write_text("word\nalpha\n")
    build, calls = _counting({"alpha": [1, 2]})
    assert cached_table("words", [source], build) == {"alpha": [1, 2]}
    assert cached_table("words", [source], build) == {"alpha": [1, 2]}
    assert len(calls) == 1
    assert len(list(cache.glob("words-*.pickle"))) == 1


def test_two_installations_of_the_same_files_share_a_table(cache: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # two checkouts (or virtual environments) of one release: the same data files under
    # different package folders key the same table; a file that differs does not
    import eventmill.tables as tables

    for install in ("a", "b", "c"):
        (tmp_path / install / "data").mkdir(parents=True)
        (tmp_path / install / "data" / "words.tsv").write_text("word\nalpha\n" if install != "c" else "word\nbeta\n")
    build, calls = _counting({"alpha": [1]})
    for install in ("a", "b", "c"):
        monkeypatch.setattr(tables, "PACKAGE", (tmp_path / install).resolve())
        cached_table("words", [tmp_path / install / "data" / "words.tsv"], build)
    assert len(calls) == 2  # a built, b read back, c (other content) built
    assert len(list(cache.glob("words-*.pickle"))) == 2


def test_changed_source_builds_again_and_old_tables_are_pruned(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.tsv"
    for version in range(5):
        source.write_text(f"word\n{version}\n")
        build, calls = _counting(version)
        assert cached_table("words", [source], build) == version
        assert calls == [1]
    assert len(list(cache.glob("words-*.pickle"))) == 3  # the newest, and two older ones at most


def test_damaged_file_is_rebuilt(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.tsv"
    source.write_text("x\n")
    cached_table("words", [source], lambda: "first")
    [stored] = cache.glob("words-*.pickle")
    stored.write_bytes(b"not a pickle")
    assert cached_table("words", [source], lambda: "again") == "again"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_cache_builds_in_memory(cache: Path, tmp_path: Path) -> None:
    cache.mkdir()
    cache.chmod(0o500)
    try:
        source = tmp_path / "words.tsv"
        source.write_text("x\n")
        build, calls = _counting("table")
        assert cached_table("words", [source], build) == "table"
        assert cached_table("words", [source], build) == "table"
        assert len(calls) == 2
    finally:
        cache.chmod(0o700)


def test_unwritable_cache_path_builds_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("EVENTMILL_CACHE", str(blocker / "cache"))  # a folder under a file cannot exist
    source = tmp_path / "words.tsv"
    source.write_text("x\n")
    assert cached_table("words", [source], lambda: [1]) == [1]


def test_cached_gazetteer_is_the_built_one(cache: Path) -> None:
    from eventmill.geo.gazetteer import build_gazetteer, gazetteer_sources

    first = cached_table("gazetteer-test", gazetteer_sources(), build_gazetteer)  # built and stored
    again = cached_table("gazetteer-test", gazetteer_sources(), build_gazetteer)  # read back
    assert again is not first
    assert list(cache.glob("gazetteer-test-*.pickle"))

    def view(g):
        return {k: [(p.name, p.lat, p.lon, p.country, p.admin1, p.feature, p.population) for p in v]
                for k, v in g.names.items()}

    assert view(again) == view(first)
    assert again.max_words == first.max_words
    paris = again.lookup("Paris")
    assert paris is not None and paris.country == "FRA"
    # one object per place, as built: a region in ``names`` is the object ``regions`` holds
    [washington] = [p for p in again.names["washington"] if p.precision == "admin1"]
    assert again.regions[("USA", washington.admin1_code)] is washington


def test_cached_case_table_is_the_built_one(cache: Path) -> None:
    from eventmill.nlp.recase import build_case_table, case_table, recase

    built = build_case_table()
    case_table.cache_clear()
    try:
        case_table()  # built and stored
        case_table.cache_clear()
        again = case_table()  # read back
        assert list(cache.glob("case-*.pickle"))
        assert again == built
        assert recase("the minister met officials in new delhi on monday.", again) == \
            recase("the minister met officials in new delhi on monday.", built)
    finally:
        case_table.cache_clear()


def test_the_lexicon_read_back_is_the_one_built(cache: Path) -> None:
    """The event lexicon goes through the cache: what a later process reads is equal, row for
    row, to what the tables build (codes, verb entries, noun rules)."""
    from eventmill.events.lexicon import build_lexicon, lexicon_sources

    built = build_lexicon()
    assert cached_table("lexicon", lexicon_sources(), build_lexicon) == built  # built and written
    assert list(cache.glob("lexicon-*.pickle"))
    assert cached_table("lexicon", lexicon_sources(), build_lexicon) == built  # read back
