"""A seeded generator of input files for every reader, good records mixed with bad ones.

Each :class:`Case` is one file and what reading and coding it must give: the records that
must come out coded (each carries a marker, ``Filed under K0000123.``, so it can be found
whatever the reader makes of it), the exact number of error lines the bad records must
give (one each), and how many records may go either way (an entry of a truncated feed:
read or refused, never a traceback). The same seed gives the same files.

Formats: JSON Lines, CSV, TSV, HTML, RSS, Atom, WARC (gzipped per record, as a whole, or
not at all), ARC, Parquet, plain text; each stream format also gzip- or zstd-compressed,
compressed twice, or cut short. Bad records: invalid JSON, wrong types, missing text, NUL
and control bytes, invalid UTF-8, UTF-16 and UTF-32 files, deep nesting in JSON and HTML,
numbers of thousands of digits, lines over the record bound, a 5 MB article, 100,000
one-word lines, entities, dates the store cannot hold, lone surrogates, damaged archives.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Small tables of the clauses news is made of (written for this generator).
COUNTRIES = [("Kenya", "Kenyan", "Nairobi"), ("Ethiopia", "Ethiopian", "Addis Ababa"),
             ("Sudan", "Sudanese", "Khartoum"), ("Iraq", "Iraqi", "Baghdad"), ("Turkey", "Turkish", "Ankara"),
             ("Brazil", "Brazilian", "Brasilia"),
             ("Poland", "Polish", "Warsaw"), ("Japan", "Japanese", "Tokyo"), ("Egypt", "Egyptian", "Cairo")]
CLAUSES = [
    "{A} and {B} agreed on {day} to reopen their border",
    "The {a} foreign minister met the {b} president in {city} on {day}",
    "{A} accused {B} of supporting armed groups",
    "{a} police arrested {n} protesters in {city} on {day}",
    "{A} imposed sanctions on {B} after the talks collapsed",
    "{a} troops shelled positions near {city}, killing {n} people",
    "{A} pledged {n} million dollars in aid to {B}",
]
ODD_TEXT = ["Caf\u00e9 owners in S\u00e3o Paulo protested.", "\u0627\u0644\u0642\u0627\u0647\u0631\u0629 \u2014 ",
            "Prices rose 5% &amp; more &lt;b&gt;", "\u2018Quoted\u2019 \u201cwords\u201d\u2026", "emoji \U0001f30d ok",
            "Itâ€™s mojibake here.", "tab\there", "zero\u200bwidth"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
DEFAULT_MAX_RECORD = 256 << 10  # the fuzz runs with a small --max-record, so long lines are cheap to make


@dataclass
class Case:
    name: str
    data: bytes
    kind: str
    good: list[str] = field(default_factory=list)  # markers of records that must be read and coded
    errors: int = 0  # error lines the bad records must give, exactly
    uncertain: int = 0  # records that may be read or refused
    max_record: int = DEFAULT_MAX_RECORD


class Gen:
    """Makes cases from one seeded random stream."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.n = 0

    # ------------------------------------------------------------------ good text

    def marker(self) -> str:
        self.n += 1
        return f"K{self.seed % 1000:03d}{self.n:07d}"

    def story(self, marker: str, sentences: int = 2) -> str:
        rng = self.rng
        parts = []
        for _ in range(sentences):
            (a_name, a_adj, _), (b_name, b_adj, b_city) = rng.sample(COUNTRIES, 2)
            clause = rng.choice(CLAUSES).format(A=a_name, B=b_name, a=a_adj, b=b_adj, city=b_city,
                                                day=rng.choice(WEEKDAYS), n=rng.randint(2, 40))
            parts.append(clause[0].upper() + clause[1:] + ".")
        if rng.random() < 0.2:
            parts.append(rng.choice(ODD_TEXT))
        parts.append(f"Filed under {marker}.")
        return ("\n\n" if rng.random() < 0.3 else " ").join(parts)

    def date(self) -> str:
        return f"2026-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def good_record(self) -> tuple[dict[str, Any], str, int]:
        """A JSON record that must be coded, with its marker and the warnings it gives (a
        date that cannot be read or stored, a lone surrogate: read with a warning, kept)."""
        m = self.marker()
        rec: dict[str, Any] = {"id": f"id-{m}", "text": self.story(m)}
        roll = self.rng.random()
        if roll < 0.6:
            rec["date"] = self.date()
        elif roll < 0.65:
            rec["date"] = self.rng.choice(["0001-01-01", "sometime", "9999-12-31", 10**30, [1], {"d": 1}, True])
        if self.rng.random() < 0.3:
            rec["title"] = self.rng.choice(["A title", "\ud800 broken", 12, None, "x" * 300])
        if self.rng.random() < 0.2:
            rec["source"] = self.rng.choice(["Wire", "", None, ["a"], "S\u00e3o Paulo Post"])
        if self.rng.random() < 0.1:
            rec["extra"] = {"nested": [1, 2, {"x": None}]}
        return rec, m, 0

    # ------------------------------------------------------------------ JSON Lines

    def bad_json_line(self) -> bytes:
        """A line that is one bad record (exactly one error line)."""
        rng = self.rng
        kind = rng.randrange(17)
        m = self.marker()
        text = self.story(m)
        return [
            lambda: b'{"text": "unterminated',
            lambda: b"{'text': 'single quotes'}",
            lambda: json.dumps({"text": text}).encode() + b" trailing",
            lambda: b"[1, 2, 3]",
            lambda: b"42",
            lambda: b'"just a string"',
            lambda: b"null",
            lambda: json.dumps({"id": "x"}).encode(),
            lambda: json.dumps({"text": "   "}).encode(),
            lambda: json.dumps({"text": rng.choice([5, [text], {"t": text}, True])}).encode(),
            lambda: b'{"text": "a\x00b"}',
            lambda: b'{"text": "raw control \x01\x02 chars"}',
            lambda: b'{"text": "caf\xe9 in latin-1"}',
            lambda: b"[" * rng.randint(2000, 200_000),
            lambda: b'{"text": "x", "n": ' + b"9" * rng.randint(4400, 20_000) + b"}",
            lambda: json.dumps({"text": "y" * (DEFAULT_MAX_RECORD + rng.randint(1, 50_000))}).encode(),
            lambda: b"\x00\x00\x00\x00",
        ][kind]()

    def jsonl(self, n_good: int | None = None, n_bad: int | None = None) -> Case:
        rng = self.rng
        n_good = rng.randint(0, 6) if n_good is None else n_good
        n_bad = rng.randint(0 if n_good else 1, 4) if n_bad is None else n_bad
        lines: list[bytes] = []
        good: list[str] = []
        unreadable = 0
        for _ in range(n_good):
            rec, m, _w = self.good_record()
            line = json.dumps(rec, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
            lines.append(line)
            try:
                line.decode("utf-8")
                good.append(m)
            except UnicodeDecodeError:  # a lone surrogate written raw (CESU-8): not UTF-8, a bad line
                unreadable += 1
        for _ in range(n_bad):
            lines.insert(rng.randrange(len(lines) + 1), self.bad_json_line())
        if rng.random() < 0.3:  # blank lines, CRLF, a BOM
            lines = [ln + (b"\r" if rng.random() < 0.3 else b"") for ln in lines]
            for _ in range(rng.randint(1, 5)):
                lines.insert(rng.randrange(len(lines) + 1), rng.choice([b"", b"   ", b"\t"]))
        if not lines:
            lines = [b""]
        data = b"\n".join(lines) + (b"\n" if rng.random() < 0.8 else b"")
        if rng.random() < 0.05:
            data = b"\xef\xbb\xbf" + data
        bad = n_bad + unreadable
        if not good:  # all bad: a file of mostly NUL and control bytes may be refused whole, as binary
            return Case("c.jsonl", data, f"jsonl 0 good {bad} bad", [], 1, uncertain=bad - 1)
        return Case("c.jsonl", data, f"jsonl {len(good)} good {bad} bad", good, bad)

    def json_array(self) -> Case:
        recs, good = [], []
        for _ in range(self.rng.randint(1, 5)):
            rec, m, _ = self.good_record()
            recs.append(rec)
            good.append(m)
        bad = self.rng.randint(0, 2)
        for _ in range(bad):
            recs.insert(self.rng.randrange(len(recs) + 1), self.rng.choice([5, "x", None, [1]]))
        indent = self.rng.choice([None, 2])
        data = json.dumps(recs, indent=indent).encode("utf-8", "surrogatepass")
        return Case("a.json", data, f"json array {len(good)} good {bad} bad", good, bad)

    def one_word_lines(self) -> Case:
        """100,000 one-word lines as JSON Lines: not JSON Lines at all (one error for the file)."""
        data = b"\n".join(self.rng.choice([b"hello", b"world", b"news", b"x"]) for _ in range(100_000))
        return Case("words.jsonl", data, "jsonl of 100,000 one-word lines", [], 1)

    # ------------------------------------------------------------------ CSV

    def csv(self, delimiter: str = ",") -> Case:
        import csv as csvmod

        rng = self.rng
        out = io.StringIO()
        writer = csvmod.writer(out, delimiter=delimiter, lineterminator="\n")
        writer.writerow(["id", "date", "text", "title"])
        rows: list[tuple[bytes, str | None, int]] = []  # (encoded row, marker, errors)
        for _ in range(rng.randint(0, 5)):
            m = self.marker()
            buf = io.StringIO()
            csvmod.writer(buf, delimiter=delimiter, lineterminator="\n").writerow(
                [f"id-{m}", self.date() if rng.random() < 0.8 else "bad date", self.story(m), "t"])
            rows.append((buf.getvalue().encode(), m, 0))
        for _ in range(rng.randint(0 if rows else 1, 3)):
            kind = rng.randrange(4)
            if kind == 0:
                row = f"x{delimiter}2026-01-01{delimiter}{delimiter}t\n".encode()  # no text
            elif kind == 1:
                row = f"x{delimiter}2026-01-01{delimiter}caf".encode() + b"\xe9" + f"{delimiter}t\n".encode()
            elif kind == 2:
                row = f"x{delimiter}2026-01-01{delimiter}".encode() + b"a\x00b" + f"{delimiter}t\n".encode()
            else:
                row = f"x{delimiter}2026-01-01{delimiter}".encode() + b"z" * (DEFAULT_MAX_RECORD + 10) + b"\n"
            rows.append((row, None, 1))
        rng.shuffle(rows)
        data = out.getvalue().encode() + b"".join(r for r, _, _ in rows)
        ext = "csv" if delimiter == "," else "tsv"
        return Case(f"c.{ext}", data, f"{ext} {sum(1 for r in rows if r[1])} good",
                    [m for _, m, _ in rows if m], sum(e for _, _, e in rows))

    # ------------------------------------------------------------------ HTML

    def html_page(self, marker: str) -> bytes:
        paras = "".join(f"<p>{self.story(marker if i == 0 else self.marker(), 2)}</p>" for i in range(3))
        return (f"<html><head><title>Story {marker}</title>"
                f'<meta property="article:published_time" content="{self.date()}T08:00:00Z"></head>'
                f"<body><nav>Home | World</nav><article><h1>Story {marker}</h1>{paras}</article>"
                "<footer>(c) Example</footer></body></html>").encode()

    def html(self) -> Case:
        rng = self.rng
        kind = rng.randrange(6)
        m = self.marker()
        if kind <= 1:
            page = self.html_page(m)
            if kind == 1:
                page = page.replace(b"<p>", b"<p>&amp; &#8217; &nbsp; &unknown; ", 1)
            return Case("p.html", page, "html article", [m], 0)
        if kind == 2:
            return Case("e.html", b"<html><head><title>x</title></head><body><script>load()</script></body></html>",
                        "html without article text", [], 1)
        if kind == 3:
            depth = rng.randint(300, 20_000)
            page = b"<html><body>" + b"<div>" * depth + self.story(m).encode() + b"</div>" * depth + b"</body></html>"
            return Case("deep.html", page, f"html nested {depth} deep", [], 0, uncertain=1)
        if kind == 4:
            return Case("bin.html", bytes(rng.randrange(256) for _ in range(3000)), "binary as html", [], 1)
        return Case("u16.html", self.html_page(m).decode().encode("utf-16"), "utf-16 html", [], 1)

    # ------------------------------------------------------------------ feeds

    def feed(self) -> Case:
        rng = self.rng
        atom = rng.random() < 0.4
        entries, good, bad = [], [], 0
        for _ in range(rng.randint(1, 5)):
            if rng.random() < 0.2:
                entries.append(("", ""))
                bad += 1
            else:
                m = self.marker()
                body = self.story(m).replace("&", "&amp;").replace("<", "&lt;")
                entries.append((m, body))
                good.append(m)
        if atom:
            items = "".join(f"<entry><id>urn:{m or rng.random()}</id><title>T</title><updated>2026-03-10T08:00:00Z"
                            f"</updated><content type=\"html\">{b}</content></entry>" for m, b in entries)
            xml = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>{items}</feed>'
            name = "f.atom"
        else:
            items = "".join(f"<item><guid>{m or rng.random()}</guid><title>T</title>"
                            f"<pubDate>Tue, 10 Mar 2026 08:00:00 GMT</pubDate><description>{b}</description></item>"
                            for m, b in entries)
            xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'
            name = "f.rss"
        data = xml.encode()
        if rng.random() < 0.2:  # cut short: what feedparser recovers may go either way
            data = data[: rng.randint(len(data) // 2, len(data) - 1)]
            return Case(name, data, "feed cut short", [], 0, uncertain=len(entries) + 1)
        return Case(name, data, f"feed {len(good)} good {bad} empty", good, bad)

    # ------------------------------------------------------------------ WARC and ARC

    def _warc_records(self) -> list[tuple[bytes, str | None]]:
        """(one uncompressed WARC record, its marker if it is an article page)."""
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        out: list[tuple[bytes, str | None]] = []
        for _ in range(self.rng.randint(1, 5)):
            buf = io.BytesIO()
            writer = WARCWriter(buf, gzip=False)
            roll = self.rng.random()
            m = self.marker()
            url = f"https://news.example/{m}"
            if roll < 0.7:
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                rec = writer.create_warc_record(url, "response", payload=io.BytesIO(self.html_page(m)),
                                                http_headers=http)
                marker: str | None = m
            elif roll < 0.85:
                http = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                rec = writer.create_warc_record(url, "response", payload=io.BytesIO(b"\x89PNG" + b"\x00" * 50),
                                                http_headers=http)
                marker = None
            else:
                http = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "news.example")], is_http_request=True)
                rec = writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http)
                marker = None
            writer.write_record(rec)
            out.append((buf.getvalue(), marker))
        return out

    def warc(self) -> Case:
        rng = self.rng
        records = self._warc_records()
        style = rng.choice(["plain", "per-record", "whole"])
        damage = rng.choice(["none", "none", "truncate", "garbage"])
        errors = 0
        if damage == "garbage" and style == "plain" and len(records) > 1:
            records.insert(rng.randrange(1, len(records)), (b"this is not a record\r\n" * rng.randint(1, 20), None))
            errors = 1  # reported once; reading goes on at the next record
        blobs = [r for r, _ in records]
        if style == "per-record":
            data = b"".join(gzip.compress(b) for b in blobs)
        elif style == "whole":
            data = gzip.compress(b"".join(blobs))
        else:
            data = b"".join(blobs)
        name = "a.warc.gz" if style != "plain" else "a.warc"
        good = [m for _, m in records if m]
        if not good and not errors:
            errors = 1  # an archive without a single page: "holds no documents"
        if damage == "truncate" and len(data) > 10:
            cut = rng.randrange(len(data) // 3, len(data) - 1)
            kept = _recoverable(data[:cut], style)  # the archive's bytes that can still be read
            ends = _cumulative([len(b) for b in blobs])
            # a record is read once its block is whole (the blank line after it may be missing)
            good = [m for (_, m), end in zip(records, ends) if m and end - 4 <= kept]
            # one line says where the archive ends (none when the cut falls between two records)
            return Case(name, data[:cut], f"warc {style} cut at {cut}", good, 0, uncertain=1)
        return Case(name, data, f"warc {style} {damage}", good, errors)

    def arc(self) -> Case:
        """ARC version 1: a file header record, then URL IP DATE TYPE LENGTH and the HTTP response."""
        head_body = b"1 0 Fuzz\nURL IP-address Archive-date Content-type Archive-length\n"
        out = [b"filedesc://fuzz.arc 0.0.0.0 20260310080000 text/plain %d\n%s\n" % (len(head_body), head_body)]
        good = []
        for _ in range(self.rng.randint(1, 4)):
            m = self.marker()
            page = self.html_page(m)
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s" % (len(page), page)
            out.append(b"https://news.example/%s 192.0.2.1 20260310080000 text/html %d\n%s\n"
                       % (m.encode(), len(http), http))
            good.append(m)
        return Case("a.arc", b"".join(out), f"arc {len(good)} pages", good, 0)

    # ------------------------------------------------------------------ Parquet and text

    def parquet(self) -> Case:
        import pyarrow as pa
        import pyarrow.parquet as pq

        rng = self.rng
        texts, ids, good, bad = [], [], [], 0
        for _ in range(rng.randint(1, 6)):
            if rng.random() < 0.25:
                texts.append(rng.choice([None, "", "   "]))
                ids.append("bad")
                bad += 1
            else:
                m = self.marker()
                texts.append(self.story(m))
                ids.append(f"id-{m}")
                good.append(m)
        table = pa.table({"id": ids, "text": texts, "date": [self.date() for _ in ids]})
        buf = io.BytesIO()
        pq.write_table(table, buf)
        data = buf.getvalue()
        if rng.random() < 0.15:
            return Case("t.parquet", data[: rng.randrange(4, len(data) - 1)], "parquet cut short", [], 1)
        return Case("t.parquet", data, f"parquet {len(good)} good {bad} bad", good, bad)

    def text(self) -> Case:
        rng = self.rng
        kind = rng.randrange(8)
        m = self.marker()
        story = self.story(m, 3)
        if kind <= 2:
            return Case("s.txt", story.encode(), "text", [m], 0)
        if kind == 3:
            return Case("e.txt", rng.choice([b"", b"   \n\n"]), "empty text", [], 1)
        if kind == 4:
            return Case("l1.txt", story.encode("latin-1", "replace") + b" caf\xe9", "latin-1 text", [], 1)
        if kind == 5:
            codec = rng.choice(["utf-16", "utf-16-le", "utf-32"])
            return Case("w.txt", story.encode(codec), f"{codec} text", [], 1)
        if kind == 6:
            return Case("b.txt", b"\x7fELF" + bytes(rng.randrange(256) for _ in range(2000)), "binary text", [], 1)
        return Case("n.txt", story.encode() + b"\x00 stray", "text with a NUL", [], 0, uncertain=1)

    def big_article(self) -> Case:
        """A 5 MB article: read, then refused by the coder as over a million characters."""
        m = self.marker()
        text = (self.story(m) + " ") * (5_000_000 // 200)
        return Case("big.jsonl", json.dumps({"id": m, "text": text}).encode() + b"\n", "a 5 MB article", [], 1,
                    max_record=16 << 20)

    def big_text(self) -> Case:
        """100,000 one-word lines as plain text: read as one document, refused by the coder
        as more lines than one article has."""
        words = "\n".join(self.rng.choice(["Kenya", "talks", "border", "news"]) for _ in range(100_000))
        return Case("words.txt", words.encode(), "text of 100,000 one-word lines", [], 1, max_record=16 << 20)

    # ------------------------------------------------------------------ compression

    def compressed(self, case: Case) -> Case:
        import zstandard

        rng = self.rng
        how = rng.choice(["gzip", "zstd", "gzip+gzip", "zstd+gzip"])
        data = case.data
        for layer in reversed(how.split("+")):
            data = gzip.compress(data) if layer == "gzip" else zstandard.ZstdCompressor().compress(data)
        suffix = ".gz" if how.split("+")[0] == "gzip" else ".zst"
        out = Case(case.name + suffix, data, f"{case.kind} [{how}]", case.good, case.errors, case.uncertain,
                   case.max_record)
        if rng.random() < 0.3 and "+" not in how and case.name.endswith(".jsonl") and len(data) > 40:
            cut = rng.randrange(20, len(data) - 1)
            out = _cut_compressed(out, case, cut, how)
        return out


def _cumulative(lengths: list[int]) -> list[int]:
    total, out = 0, []
    for n in lengths:
        total += n
        out.append(total)
    return out


def _recoverable(data: bytes, style: str) -> int:
    """How many bytes of a (possibly compressed, cut) archive can be decompressed."""
    if style == "plain":
        return len(data)
    out = 0
    rest = data
    while rest:
        d = zlib.decompressobj(wbits=31)
        try:
            out += len(d.decompress(rest))
        except zlib.error:
            break
        if not d.eof:
            break
        rest = d.unused_data
    return out


def _cut_compressed(out: Case, plain: Case, cut: int, how: str) -> Case:
    """The compressed file cut at ``cut``: the records whose whole line decompresses from
    what is left must still be read; one error says where the data ends."""
    import zstandard

    data = out.data[:cut]
    try:
        if how == "gzip":
            prefix = zlib.decompressobj(wbits=31).decompress(data)
        else:
            prefix = zstandard.ZstdDecompressor().decompressobj().decompress(data)
    except (zlib.error, zstandard.ZstdError):
        prefix = b""
    complete = prefix[: prefix.rfind(b"\n") + 1]
    good = [m for m in plain.good if m.encode() in complete]
    # the cut gives one line; bad lines before it theirs, those after it none; the line the
    # cut falls in may be read (cut just after its end) or refused
    return Case(out.name, data, f"{out.kind} cut at {cut}", good, 1, uncertain=plain.errors + 1,
                max_record=out.max_record)


MAKERS: list[tuple[float, Callable[[Gen], Case]]] = [
    (30, Gen.jsonl), (4, Gen.json_array), (8, lambda g: g.csv(",")), (4, lambda g: g.csv("\t")), (8, Gen.html),
    (8, Gen.feed), (8, Gen.warc), (3, Gen.arc), (6, Gen.parquet), (8, Gen.text),
]


def cases(n: int, seed: int = 1, heavy: bool = True) -> list[Case]:
    """``n`` cases from ``seed``. ``heavy`` adds the costly ones (a 5 MB article, 100,000
    one-word lines, a gzip bomb) once each per thousand cases."""
    gen = Gen(seed)
    weights = [w for w, _ in MAKERS]
    out: list[Case] = []
    for i in range(n):
        if heavy and i % 1000 == 500:
            out.append(gen.rng.choice([Gen.big_article, Gen.big_text, Gen.one_word_lines])(gen))
            continue
        make = gen.rng.choices([m for _, m in MAKERS], weights)[0]
        case = make(gen)
        if not case.name.endswith((".parquet", ".gz")) and gen.rng.random() < 0.25:
            case = gen.compressed(case)
        out.append(case)
    return out


def gzip_bomb(megabytes: int = 1, content: bytes = b"\n") -> Case:
    """About ``megabytes`` MB of gzip that unpacks a thousand times larger (one compressed
    member of a MiB of ``content``, repeated: a valid multi-member gzip file)."""
    member = gzip.compress(content * ((1 << 20) // len(content)), compresslevel=9)
    data = member * (megabytes * (1 << 20) // len(member) + 1)
    kind = "newlines" if content == b"\n" else "zeros" if content == b"\0" else "text"
    return Case("bomb.jsonl.gz", data, f"{megabytes} MB gzip bomb of {kind}", [], 1, max_record=16 << 20)
