"""ingest: feeds, web archives, compressed files and Parquet, each written here in the test."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date
from pathlib import Path

import duckdb
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from eventmill.errors import InputError, InputWarning
from eventmill.ingest import ReadOptions, Skipped, iter_items
from eventmill.records import Document

ARTICLE = (
    "Kenya and Ethiopia agreed on Monday to reopen the Moyale border crossing by the end of March, "
    "the two governments said in a joint statement issued in Nairobi. "
    "Ethiopia's foreign minister praised Kenya for its help during the talks, officials said."
)


def items(*paths, **opts):
    return list(iter_items([str(p) for p in paths], ReadOptions(**opts)))


def docs_of(found):
    return [x for x in found if isinstance(x, Document)]


def errors_of(found):
    return [x for x in found if isinstance(x, InputError)]


# --------------------------------------------------------------------------- feeds

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Horn Wire</title><link>https://hornwire.example</link><language>en-gb</language>
  <item>
    <title>Kenya and Ethiopia to reopen border</title>
    <link>https://hornwire.example/2026/03/10/border</link>
    <guid isPermaLink="false">hw-2026-0310-01</guid>
    <pubDate>Tue, 10 Mar 2026 07:30:00 +0300</pubDate>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>Kenya and Ethiopia <b>agreed</b> on Monday to reopen the border.</p>
      <p>Ethiopia&#8217;s minister praised Kenya.</p><script>track()</script>]]></content:encoded>
  </item>
  <item>
    <title>Talks end</title>
    <link>https://hornwire.example/2026/03/11/talks</link>
    <pubDate>Wed, 11 Mar 2026 09:00:00 GMT</pubDate>
    <description>&lt;p&gt;The talks in Nairobi ended on Wednesday.&lt;/p&gt;</description>
  </item>
  <item><title>Photo gallery</title><link>https://hornwire.example/photos</link></item>
  <item>
    <title>Bad date</title><description>Officials met again.</description>
    <pubDate>sometime soon</pubDate>
  </item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title>Le Journal</title>
  <id>urn:journal</id><updated>2026-03-12T10:00:00Z</updated>
  <entry>
    <title>Accord frontalier</title>
    <id>urn:journal:1</id>
    <link href="https://journal.example/accord"/>
    <updated>2026-03-12T10:00:00Z</updated>
    <published>2026-03-11T22:15:00+01:00</published>
    <source><title>Agence Example</title></source>
    <content type="html">&lt;p&gt;Le Kenya et l'Ethiopie ont conclu un accord.&lt;/p&gt;</content>
  </entry>
</feed>"""


def test_rss_entries_with_metadata(tmp_path: Path):
    p = tmp_path / "wire.rss"
    p.write_text(RSS, encoding="utf-8")
    found = items(p)
    d1, d2, d4 = docs_of(found)
    assert d1.id == "hw-2026-0310-01" and d1.url == "https://hornwire.example/2026/03/10/border"
    assert d1.title == "Kenya and Ethiopia to reopen border" and d1.source == "Horn Wire"
    assert d1.pub_date == date(2026, 3, 10) and d1.language == "en-gb"
    # full content preferred over the teaser; markup gone, paragraphs kept, entities decoded
    assert d1.text == (
        "Kenya and Ethiopia agreed on Monday to reopen the border.\n\nEthiopia\u2019s minister praised Kenya."
    )
    assert d1.origin == f"{p}#1"
    assert d2.id == "https://hornwire.example/2026/03/11/talks"  # no guid: the link is the id
    assert d2.text == "The talks in Nairobi ended on Wednesday." and d2.pub_date == date(2026, 3, 11)
    assert d4.pub_date is None and d4.text == "Officials met again."
    [err] = errors_of(found)
    assert str(err) == f"{p}#3: feed entry has no content or summary text"
    [warning] = [x for x in found if isinstance(x, InputWarning)]
    assert str(warning).startswith(f"{p}#4: unparseable date 'sometime soon'")


def test_atom_entry_language_source_and_date(tmp_path: Path):
    p = tmp_path / "journal.atom"
    p.write_text(ATOM, encoding="utf-8")
    [doc] = items(p)
    assert isinstance(doc, Document)
    assert (doc.id, doc.url, doc.title) == ("urn:journal:1", "https://journal.example/accord", "Accord frontalier")
    assert doc.source == "Agence Example"  # the entry's own source beats the feed's title
    assert doc.pub_date == date(2026, 3, 11)  # published, at its own calendar day
    assert doc.language == "fr" and doc.text == "Le Kenya et l'Ethiopie ont conclu un accord."


def test_not_a_feed(tmp_path: Path):
    p = tmp_path / "sitemap.xml"
    p.write_text("<?xml version='1.0'?><urlset><url><loc>https://x</loc></url></urlset>", encoding="utf-8")
    q = tmp_path / "broken.rss"
    q.write_text("<rss><channel><title>x</title><item><title>unclosed", encoding="utf-8")
    [err] = items(p)
    assert str(err) == f"{p}: is not an RSS or Atom feed"
    warning, err = items(q)  # what parses is read; the malformation is said once
    assert isinstance(warning, InputWarning) and str(warning).startswith(f"{q}: feed is not well-formed")
    assert str(err) == f"{q}#1: feed entry has no content or summary text"


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda s: s.encode("utf-8")))
def test_feed_reader_never_raises(tmp_path_factory, data):
    p = tmp_path_factory.mktemp("f") / "f.rss"
    p.write_bytes(b"<?xml version='1.0'?><rss version='2.0'><channel><item><description>" + data)
    for item in iter_items([str(p)]):
        assert isinstance(item, Document | InputError | InputWarning)
        assert str(item).startswith(str(p)) or isinstance(item, Document)


# --------------------------------------------------------------------------- WARC


def _html(title: str, body: str, date_: str = "2026-03-10") -> bytes:
    return (
        f"<html><head><title>{title}</title>"
        f'<meta property="article:published_time" content="{date_}T08:00:00Z"></head>'
        f"<body><nav>Home | World</nav><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    ).encode()


def _write_warc(path: Path, records: list[tuple[str, str, str, bytes, str]], gzipped: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzipped)
        for rec_type, url, status, payload, ctype in records:
            if rec_type == "request":
                http = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "x")], is_http_request=True)
                rec = writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http)
            else:
                http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
                rec = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http)
            writer.write_record(rec)


def test_warc_html_records(tmp_path: Path):
    p = tmp_path / "crawl.warc.gz"
    _write_warc(
        p,
        [
            ("request", "https://www.hornwire.example/border", "", b"", ""),
            ("response", "https://www.hornwire.example/border", "200 OK", _html("Border deal", ARTICLE),
             "text/html; charset=utf-8"),
            ("response", "https://www.hornwire.example/logo.png", "200 OK", b"\x89PNG....", "image/png"),
            ("response", "https://www.hornwire.example/gone", "404 Not Found", _html("Not found", "No page."),
             "text/html"),
            ("response", "https://www.hornwire.example/", "200 OK",
             b"<html><head><title>Index</title></head><body><script>load()</script></body></html>", "text/html"),
        ],
    )
    found = items(p)
    [doc] = docs_of(found)
    assert doc.url == doc.id == "https://www.hornwire.example/border"
    assert doc.source == "hornwire.example" and doc.title == "Border deal"
    assert doc.pub_date == date(2026, 3, 10)
    assert "reopen the Moyale border crossing" in doc.text and "Home | World" not in doc.text
    assert doc.origin is not None and doc.origin.startswith(f"{p}@")
    skipped = [x for x in found if isinstance(x, Skipped)]
    assert sorted(s.reason for s in skipped) == ["no article text (WARC)", "not an article page (WARC)"]
    assert not errors_of(found)


def test_warc_uncompressed_and_garbage(tmp_path: Path):
    p = tmp_path / "plain.warc"
    _write_warc(p, [("response", "https://a.example/x", "200 OK", _html("A", ARTICLE), "text/html")], gzipped=False)
    assert len(docs_of(items(p))) == 1
    bad = tmp_path / "bad.warc"
    bad.write_bytes(b"this is not an archive at all\r\n" * 20)
    [err] = items(bad)
    assert isinstance(err, InputError) and str(err).startswith(f"{bad}")


# --------------------------------------------------------------------------- compressed


def _records(n: int) -> list[dict]:
    return [{"id": f"r{i}", "text": f"Story number {i}.", "date": f"2026-03-{i % 28 + 1:02d}"} for i in range(n)]


def _jsonl(records: list[dict]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def test_gzip_and_zstd_jsonl_and_csv(tmp_path: Path):
    recs = _records(5)
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(_jsonl(recs)))
    (tmp_path / "b.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(_jsonl(recs)))
    csv_text = "id,text,date\n" + "".join(f'{r["id"]},"{r["text"]}",{r["date"]}\n' for r in recs)
    (tmp_path / "c.csv.zstd").write_bytes(zstandard.ZstdCompressor().compress(csv_text.encode()))
    (tmp_path / "d.jsonl").write_bytes(gzip.compress(_jsonl(recs)))  # gzipped under a plain name
    for name in ("a.jsonl.gz", "b.jsonl.zst", "c.csv.zstd", "d.jsonl"):
        found = items(tmp_path / name)
        assert [(d.id, d.text, d.pub_date) for d in docs_of(found)] == [
            (r["id"], r["text"], date.fromisoformat(r["date"])) for r in recs
        ], name
        assert not errors_of(found), name


def test_truncated_compressed_files_keep_what_was_read(tmp_path: Path):
    data = _jsonl(_records(20_000))  # zstd writes 128 KB blocks: a truncated file loses its last one
    gz = tmp_path / "t.jsonl.gz"
    gz.write_bytes(gzip.compress(data)[:-300])
    zs = tmp_path / "t.jsonl.zst"
    zs.write_bytes(zstandard.ZstdCompressor().compress(data)[:-300])
    for p in (gz, zs):
        found = items(p)
        docs = docs_of(found)
        assert 10_000 < len(docs) < 20_000, p
        [err] = errors_of(found)
        assert str(err).startswith(f"{p}: compressed data is corrupt or truncated after {len(docs)} documents")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.fixed_dictionaries({"id": st.text(min_size=1, max_size=8), "text": st.text(max_size=60)}),
                max_size=6))
def test_compressed_reads_like_plain(tmp_path_factory, records):
    d = tmp_path_factory.mktemp("c")
    plain = d / "p.jsonl"
    plain.write_bytes(_jsonl(records))
    (d / "p.jsonl.gz").write_bytes(gzip.compress(_jsonl(records)))
    (d / "p.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(_jsonl(records)))

    def key(path):  # what was read, and what was said about each record (without the file name)
        return [
            (x.id, x.text, x.origin[len(str(path)):]) if isinstance(x, Document) else str(x)[len(str(path)):]
            for x in items(path)
        ]

    expected = key(plain)
    assert key(d / "p.jsonl.gz") == expected
    assert key(d / "p.jsonl.zst") == expected


# --------------------------------------------------------------------------- Parquet


def test_parquet_rows(tmp_path: Path):
    p = tmp_path / "news.parquet"
    con = duckdb.connect()
    con.execute(
        f"""COPY (SELECT * FROM (VALUES
              (1, 'Kenya and Ethiopia met.', DATE '2026-03-10', 'Horn Wire', 'https://h.example/1'),
              (2, NULL, DATE '2026-03-11', 'Horn Wire', NULL),
              (3, 'The talks ended.', NULL, NULL, NULL)) t(story, body, published, source, url))
            TO '{p}' (FORMAT parquet)"""
    )
    found = items(p, text_col="body", id_col="story", date_col="published")
    d1, d3 = docs_of(found)
    assert (d1.id, d1.text, d1.pub_date, d1.source, d1.url) == (
        "1", "Kenya and Ethiopia met.", date(2026, 3, 10), "Horn Wire", "https://h.example/1")
    assert (d3.id, d3.pub_date) == ("3", None) and d3.origin == f"{p}#3"
    [err] = errors_of(found)
    assert str(err).startswith(f"{p}#2: record has no 'text' field")
    [err] = items(p)  # the default column 'text' is not there
    assert str(err).startswith(f"{p}: Parquet file has no column 'text' (columns: story, body, published, source, url)")
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 not really")
    [err] = items(bad)
    assert str(err).startswith(f"{bad}: is not a readable Parquet file")
