"""ingest: readers for each format, streaming, and one clear error per bad record."""

from __future__ import annotations

import contextlib
import json
import tracemalloc
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from eventmill.errors import InputError, InputWarning
from eventmill.ingest import ReadOptions, iter_items, parse_pub_date
from eventmill.records import Document


def items(*paths, **opts):
    return list(iter_items([str(p) for p in paths], ReadOptions(**opts)))


def docs_of(found):
    return [x for x in found if isinstance(x, Document)]


def errors_of(found):
    return [x for x in found if isinstance(x, InputError)]


def test_txt_is_one_document(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text("\ufeffIraq's prime minister met the US president.\n", encoding="utf-8")
    [doc] = items(p, default_date=date(2021, 7, 27))
    assert isinstance(doc, Document)
    assert doc.text.startswith("Iraq")  # BOM dropped
    assert doc.pub_date == date(2021, 7, 27)
    assert doc.origin == str(p)


def test_jsonl_fields_and_bad_lines(tmp_path: Path):
    p = tmp_path / "a.jsonl"
    lines = [
        json.dumps(
            {"id": "s1", "text": "One.", "date": "2021-07-27T10:00:00Z", "title": "T", "source": "S", "url": "u"}
        ),
        "{not json",
        json.dumps({"id": "s3"}),
        json.dumps(["a list"]),
        "",
        json.dumps({"text": "Four.", "date": "last Tuesday-ish"}),
        json.dumps({"text": 42}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = items(p)
    docs = docs_of(found)
    assert [d.text for d in docs] == ["One.", "Four."]
    assert docs[0].id == "s1" and docs[0].pub_date == date(2021, 7, 27)
    assert (docs[0].title, docs[0].source, docs[0].url) == ("T", "S", "u")
    assert docs[1].pub_date is None  # a bad date is treated as missing, never guessed
    errs = [str(e) for e in errors_of(found)]
    assert errs[0].startswith(f"{p}:2: not valid JSON")
    assert errs[1].startswith(f"{p}:3: record has no 'text' field")
    assert errs[2].startswith(f"{p}:4: expected a JSON object per line, got an array")
    assert errs[3].startswith(f"{p}:7: 'text' must be a string, got a number")
    [warning] = [x for x in found if isinstance(x, InputWarning)]
    assert str(warning).startswith(f"{p}:6: unparseable date")


def test_jsonl_undecodable_line_is_reported_and_others_read(tmp_path: Path):
    p = tmp_path / "a.jsonl"
    p.write_bytes(b'{"text": "good one"}\n{"text": "bad \xff\xfe byte"}\n{"text": "good two"}\n')
    found = items(p)
    assert [d.text for d in docs_of(found)] == ["good one", "good two"]
    [err] = errors_of(found)
    assert str(err).startswith(f"{p}:2: is not valid UTF-8 (undecodable byte 0xff")


def test_csv_columns(tmp_path: Path):
    p = tmp_path / "a.csv"
    p.write_text('story,body,day\nk1,"Kenya, Ethiopia and Somalia met.",2026-03-10\nk2,,2026-03-11\n', encoding="utf-8")
    found = items(p, text_col="body", id_col="story", date_col="day")
    [doc] = docs_of(found)
    assert (doc.id, doc.text, doc.pub_date) == ("k1", "Kenya, Ethiopia and Somalia met.", date(2026, 3, 10))
    [err] = errors_of(found)
    assert str(err).startswith(f"{p}:3: row has no text in column 'body'")


def test_csv_without_named_column(tmp_path: Path):
    p = tmp_path / "a.csv"
    p.write_text("id,body\n1,hello there\n", encoding="utf-8")
    [err] = items(p)
    assert isinstance(err, InputError)
    assert str(err) == f"{p}: CSV has no column 'text' (columns: id, body) (name the right column with --text-col)"


def test_csv_multiline_field_and_tsv(tmp_path: Path):
    p = tmp_path / "a.csv"
    p.write_text('id,text\n1,"line one\nline two"\n2,second\n', encoding="utf-8")
    assert [d.text for d in docs_of(items(p))] == ["line one\nline two", "second"]
    t = tmp_path / "b.tsv"
    t.write_text("id\ttext\n7\tA tab-separated story.\n", encoding="utf-8")
    [doc] = docs_of(items(t))
    assert (doc.id, doc.text) == ("7", "A tab-separated story.")


def test_html_main_text_and_metadata(tmp_path: Path):
    p = tmp_path / "a.html"
    p.write_text(
        "<html><head><title>Talks | Site</title>"
        '<meta property="article:published_time" content="2021-07-27T08:00:00Z">'
        '<link rel="canonical" href="https://example.org/a"></head><body><nav>Home | World | Sport</nav>'
        "<article><h1>Iraq and US hold talks</h1><p>The Iraqi prime minister met the US president on Monday "
        "at the White House, officials said. The two leaders agreed to end the combat mission by the end of "
        "the year.</p><p>Critics said the move was symbolic &amp; late.</p></article><footer>Copyright</footer>"
        "</body></html>",
        encoding="utf-8",
    )
    [doc] = docs_of(items(p))
    assert "The Iraqi prime minister met the US president" in doc.text
    assert "Home | World" not in doc.text and "Copyright" not in doc.text
    assert doc.pub_date == date(2021, 7, 27)
    assert doc.url == "https://example.org/a"
    assert doc.title == "Iraq and US hold talks"


def test_bad_files(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n\n", encoding="utf-8")
    binary = tmp_path / "img.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Le ministre a déclaré".encode("latin-1"))
    unknown = tmp_path / "data.xlsx"
    unknown.write_bytes(b"PK\x03\x04")
    found = items(empty, blank, binary, latin1, unknown, tmp_path / "missing.jsonl")
    msgs = [str(e) for e in found]
    assert all(isinstance(e, InputError) for e in found)
    assert msgs == [
        f"{empty}: empty file, nothing to read",
        f"{blank}: holds no documents (only blank lines)",
        f"{binary}: looks like a binary file, not text: a PNG image "
        "(eventmill reads text formats; extract the text first)",
        f"{latin1}: is not valid UTF-8 (undecodable byte 0xe9 at byte 15) "
        "(re-encode it as UTF-8, e.g. `iconv -f latin1 -t utf-8`)",
        f"{unknown}: unsupported file type '.xlsx' (eventmill reads .txt, .jsonl/.ndjson, .json, .csv/.tsv, "
        ".html/.htm, .rss/.atom/.xml, .warc/.arc, .parquet, each also .gz/.zst compressed (or pass --format))",
        f"{tmp_path / 'missing.jsonl'}: no such file or directory (check the path)",
    ]


def test_directory_and_glob(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Story A.", encoding="utf-8")
    (tmp_path / "sub" / "b.jsonl").write_text('{"text": "Story B."}\n', encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("ignored", encoding="utf-8")
    assert [d.text for d in docs_of(items(tmp_path))] == ["Story A.", "Story B."]
    assert [d.text for d in docs_of(items(tmp_path / "**" / "*.jsonl"))] == ["Story B."]


def test_jsonl_is_streamed_not_loaded(tmp_path: Path):
    p = tmp_path / "big.jsonl"
    record = json.dumps({"text": "x" * 2000}) + "\n"
    with open(p, "w", encoding="utf-8") as f:
        for _ in range(10_000):  # ~20 MB
            f.write(record)
    tracemalloc.start()
    n = 0
    for item in iter_items([str(p)]):
        assert isinstance(item, Document)
        n += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert n == 10_000
    assert peak < 2_000_000, f"peak {peak} bytes: the reader must not hold the file"


def test_pub_dates():
    assert parse_pub_date("2021-07-27") == date(2021, 7, 27)
    assert parse_pub_date("2021-07-27T23:30:00+05:00") == date(2021, 7, 27)
    assert parse_pub_date("19950103") == date(1995, 1, 3)
    assert parse_pub_date("Tue, 27 Jul 2021 08:00:00 GMT") == date(2021, 7, 27)
    assert parse_pub_date(1627372800) == date(2021, 7, 27)
    assert parse_pub_date("") is None and parse_pub_date(None) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_pub_date_parser_never_crashes(s):
    with contextlib.suppress(ValueError):
        parse_pub_date(s)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.dictionaries(
                st.sampled_from(["id", "text", "date", "title"]), st.one_of(st.text(max_size=20), st.integers())
            ),
            st.text(max_size=30),
        ),
        max_size=8,
    )
)
def test_jsonl_reader_never_raises(tmp_path_factory, records):
    p = tmp_path_factory.mktemp("j") / "f.jsonl"
    p.write_text("\n".join(json.dumps(r) if isinstance(r, dict) else r for r in records), encoding="utf-8")
    for item in iter_items([str(p)]):
        assert isinstance(item, Document | InputError | InputWarning)
        if isinstance(item, InputError | InputWarning):
            assert str(item).startswith(str(p))
