"""`eventmill ingest` on mixed inputs: languages detected, recorded, skipped and counted;
overlapping corpora; the denominators `eventmill stats` shows."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from eventmill.cli import main
from eventmill.scale.compare import file_differences
from eventmill.store import Store

EN = [
    ("en-1", "2026-03-10", "Horn Wire", "Kenya and Ethiopia agreed on Monday to reopen the Moyale border crossing, "
     "the two governments said."),
    ("en-2", "2026-03-10", "Daily Courier", "Sudanese police arrested dozens of protesters in Khartoum on Monday, "
     "witnesses said."),
    ("en-3", "2026-03-11", "Horn Wire", "Uganda's president criticised Kenya for closing the border to trucks."),
    ("en-4", "2026-03-11", "Daily Courier", "Somalia accused Ethiopia of sending troops across the border on "
     "Tuesday."),
    ("en-5", "2026-03-12", "Horn Wire", "Eritrea rejected a request from Sudan to reopen the airport."),
]
FOREIGN = [
    ("fr-1", "2026-03-10", "Le Journal", "Le Kenya et l'Éthiopie ont convenu lundi de rouvrir le poste frontière "
     "de Moyale, ont annoncé les deux gouvernements dans un communiqué commun."),
    ("de-1", "2026-03-11", "Die Zeitung", "Kenia und Äthiopien haben sich am Montag darauf geeinigt, den "
     "Grenzübergang Moyale wieder zu öffnen, teilten die beiden Regierungen mit."),
]
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire Mundo</title><language>en-us</language>
<item><guid>wm-1</guid><title>Acuerdo</title><pubDate>Wed, 11 Mar 2026 10:00:00 GMT</pubDate>
<description>Kenia y Etiopía acordaron el lunes reabrir el paso fronterizo de Moyale, informaron ambos
gobiernos en un comunicado conjunto.</description></item>
<item><guid>wm-2</guid><title>Talks</title><pubDate>Wed, 11 Mar 2026 11:00:00 GMT</pubDate>
<description>Kenya's foreign minister met Ethiopia's prime minister in Addis Ababa on Tuesday.</description></item>
</channel></rss>"""


def _jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps({"id": i, "date": d, "source": s, "text": t}) + "\n" for i, d, s, t in rows),
                    encoding="utf-8")
    return path


def test_other_languages_are_detected_recorded_and_counted(tmp_path: Path, pipeline):
    src = _jsonl(tmp_path / "mixed.jsonl", EN[:2] + FOREIGN)
    feed = tmp_path / "mundo.rss"
    feed.write_text(FEED, encoding="utf-8")
    db = tmp_path / "l.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(src), str(feed), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "6 documents read, 3 coded" in result.output and "3 skipped (not English)" in result.output
    with Store(db, read_only=True) as store:
        rows = store.sql("SELECT doc_id, status, language, n_events FROM documents ORDER BY doc_id").values.tolist()
    assert [r[:3] for r in rows] == [
        ["de-1", "not_english", "de"], ["en-1", "coded", "en"], ["en-2", "coded", "en"],
        ["fr-1", "not_english", "fr"],
        ["wm-1", "not_english", "es"],  # the feed says en-us; the entry is Spanish
        ["wm-2", "coded", "en-us"],
    ]
    assert all(r[3] == 0 for r in rows if r[1] == "not_english")  # never coded as English
    stats = CliRunner().invoke(main, ["stats", "--db", str(db), "--by", "source"])
    lines = {line.split()[0]: line.split()[1:] for line in stats.output.splitlines()[1:]}
    assert lines["Le"] == ["Journal", "1", "0", "0", "1", "0"]  # documents, coded, duplicates, not English, events
    assert lines["Wire"][:5] == ["Mundo", "2", "1", "0", "1"]


def test_an_overlapping_corpus_adds_only_what_is_new(tmp_path: Path, pipeline):
    first = _jsonl(tmp_path / "a.jsonl", EN[:3])
    copy = ("copy-of-en-2", "2026-03-12", "Other Site", EN[1][3])
    second = _jsonl(tmp_path / "b.jsonl", [*EN[1:], copy])
    db, both = tmp_path / "two-runs.duckdb", tmp_path / "one-run.duckdb"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(first), "--db", str(db)]).exit_code == 0
    again = runner.invoke(main, ["ingest", str(second), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "2 skipped (already stored)" in again.output and "1 skipped (duplicate text)" in again.output
    assert runner.invoke(main, ["ingest", str(first), str(second), "--db", str(both)]).exit_code == 0
    assert file_differences(db, both) == []
