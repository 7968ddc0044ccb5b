"""Exports round-trip: GDELT and ICEWS files load with pandas and the documented dtypes,
Parquet keeps types, PLOVER records validate against the schema written from the manual."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from eventmill.cli import main
from eventmill.export import export_events
from eventmill.export.gdelt import GDELT_COLUMNS, GDELT_DTYPES, global_event_id
from eventmill.export.icews import ICEWS_COLUMNS, ICEWS_DTYPES
from eventmill.export.plover import SCHEMA
from eventmill.store import EventFilter, Store
from tests.conftest import needs_shared
from tests.synthetic_store import build_store

jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = build_store(tmp_path_factory.mktemp("export") / "events.duckdb")
    with Store(path, read_only=True) as s:
        yield s


def _export(store: Store, tmp_path: Path, fmt: str, **kw) -> tuple[Path, int, list[str]]:
    notes: list[str] = []
    flt = EventFilter.from_kwargs(include_negated=kw.pop("with_negated", False))
    path = tmp_path / f"out.{fmt}"
    n = export_events(store, flt, fmt, path, notes=notes, **kw)
    return path, n, notes


def _gdelt(path: Path, header: bool = False) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", header=0 if header else None, names=None if header else list(GDELT_COLUMNS),
                       dtype=GDELT_DTYPES, quoting=csv.QUOTE_NONE)


# ----------------------------------------------------------------------------- GDELT


def test_gdelt_loads_with_documented_dtypes(store, tmp_path):
    path, n, _ = _export(store, tmp_path, "gdelt-tsv")
    rows = path.read_text(encoding="utf-8").splitlines()
    assert n == len(rows) == 8 and all(len(r.split("\t")) == 61 for r in rows)
    df = _gdelt(path).set_index("SOURCEURL", drop=False)
    assert list(df.columns) == list(GDELT_COLUMNS) and len(GDELT_COLUMNS) == 61
    assert str(df["GLOBALEVENTID"].dtype) == "Int64" and str(df["EventCode"].dtype) == "string"
    assert df["GLOBALEVENTID"].is_unique
    agree = df[df["EventCode"] == "0356"].iloc[0]  # the leading zero is kept
    assert (agree["EventBaseCode"], agree["EventRootCode"], agree["QuadClass"]) == ("035", "03", 1)
    assert (agree["SQLDATE"], agree["MonthYear"], agree["Year"]) == (20210726, 202107, 2021)
    assert agree["FractionDate"] == pytest.approx(2021 + 206 / 365, abs=1e-4)
    assert agree["GoldsteinScale"] == 7.0 and agree["NumMentions"] == 1
    assert (agree["Actor1Code"], agree["Actor1CountryCode"], agree["Actor1Type1Code"]) == ("IRQGOV", "IRQ", "GOV")
    assert pd.isna(agree["AvgTone"])  # eventmill computes no tone: empty, not a made-up number
    shelling = df[df["EventCode"] == "195"].iloc[0]
    assert shelling["QuadClass"] == 4 and shelling["IsRootEvent"] == 1
    assert (shelling["ActionGeo_Type"], shelling["ActionGeo_CountryCode"], shelling["ActionGeo_ADM1Code"]) == (
        4, "SY", "SY09")
    assert shelling["ActionGeo_FullName"] == "Idlib, Syria"
    assert shelling["ActionGeo_Lat"] == pytest.approx(35.93)
    white_house = df[df["EventCode"] == "042"].iloc[0]
    assert white_house["ActionGeo_Type"] == 3 and white_house["ActionGeo_ADM1Code"] == "USDC"  # a US landmark
    accuse = df[df["EventCode"] == "112"].iloc[0]
    assert accuse["IsRootEvent"] == 0 and accuse["QuadClass"] == 3
    assert set(df["SOURCEURL"]) == {"https://example.org/iraq-visit", "https://example.org/idlib-shelling",
                                    "https://example.org/moyale", "undated"}  # no URL: the story id
    undated = df.loc["undated"]
    assert pd.isna(undated["SQLDATE"]) and undated["DATEADDED"] > 20200101000000


def test_gdelt_negated_and_joint(store, tmp_path):
    default = _gdelt(_export(store, tmp_path, "gdelt-tsv")[0])
    assert "163" not in set(default["EventCode"])  # the negated sanction is left out by default
    both = _gdelt(_export(store, tmp_path, "gdelt-tsv", with_negated=True)[0])
    assert "163" in set(both["EventCode"]) and len(both) == len(default) + 1
    # a joint agreement is one row per actor, the other as recipient (PRODUCT.md)
    moyale = default[default["SOURCEURL"] == "https://example.org/moyale"]
    assert sorted(zip(moyale["Actor1Code"], moyale["Actor2Code"])) == [("ETHGOV", "KENGOV"), ("KENGOV", "ETHGOV")]


def test_gdelt_header_and_stable_ids(store, tmp_path):
    path, _, _ = _export(store, tmp_path, "gdelt-tsv", header=True)
    df = _gdelt(path, header=True)
    assert list(df.columns) == list(GDELT_COLUMNS)
    assert global_event_id("moyale-0") in set(df["GLOBALEVENTID"])
    assert global_event_id("moyale-0") == global_event_id("moyale-0") < 2**53


@needs_shared
def test_gdelt_columns_match_the_codebook(shared):
    with open(shared / "ontology" / "gdeltpyr_events2_schema.csv", newline="") as f:
        names = [r["name"] for r in csv.DictReader(f)]
    assert list(GDELT_COLUMNS) == names


# ----------------------------------------------------------------------------- ICEWS


def test_icews_loads_with_documented_dtypes(store, tmp_path):
    path, n, _ = _export(store, tmp_path, "icews-tsv")
    df = pd.read_csv(path, sep="\t", dtype=ICEWS_DTYPES, parse_dates=["Event Date"], quoting=csv.QUOTE_NONE)
    assert list(df.columns) == list(ICEWS_COLUMNS) and n == len(df) == 8
    assert str(df["CAMEO Code"].dtype) == "string" and str(df["Sentence Number"].dtype) == "Int64"
    row = df[df["Event ID"] == "iraq-visit-0"].iloc[0]
    assert (row["Source Name"], row["Target Name"]) == ("Mustafa al-Kadhimi", "Joe Biden")  # named people
    assert (row["Source Sectors"], row["Source Country"], row["CAMEO Code"]) == ("Government", "Iraq", "042")
    assert row["Event Text"] == "Make a visit" and row["Intensity"] == 1.9
    assert row["Event Date"] == pd.Timestamp("2021-07-26") and row["Sentence Number"] == 1
    assert (row["City"], row["Country"]) == ("White House", "United States")
    accuse = df[df["Event ID"] == "idlib-shelling-1"].iloc[0]
    assert (accuse["Source Name"], accuse["Target Name"]) == ("Rebel (Syria)", "Military (Syria)")  # generic
    assert accuse["Sentence Number"] == 2 and accuse["Publisher"] == "Other"
    assert "iraq-visit-3" not in set(df["Event ID"])  # negated: left out


@needs_shared
def test_icews_header_matches_the_icews_files(shared):
    with open(shared / "ontology" / "icews_events.2018.sample.tab", encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
    assert list(ICEWS_COLUMNS) == header


# ----------------------------------------------------------------------------- Parquet, CSV, JSONL


def test_parquet_keeps_types(store, tmp_path):
    pytest.importorskip("pyarrow")
    path, n, _ = _export(store, tmp_path, "parquet", with_text=True)
    df = pd.read_parquet(path)
    assert n == len(df) == 8
    row = df[df["event_id"] == "iraq-visit-2"].iloc[0]
    assert row["cameo"] == "0356" and isinstance(row["goldstein"], float)
    assert list(row["aux"]) == ["future"] and row["deadline"] == date(2021, 12, 31)
    assert row["text"] == "The two leaders agreed that US combat troops would leave Iraq by the end of the year."
    import duckdb

    types = {name: typ for name, typ, *_ in duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()}
    assert types["date"] == "DATE" and types["aux"] == "VARCHAR[]" and types["goldstein"] == "DOUBLE"
    assert types["quad_code"] == "TINYINT" and types["cameo"] == "VARCHAR"


def test_csv_and_jsonl_text_only_when_asked(store, tmp_path):
    path, _, _ = _export(store, tmp_path, "csv")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert "text" not in rows[0]
    path, _, _ = _export(store, tmp_path, "jsonl", with_text=True)
    events = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    shelling = next(e for e in events if e["id"] == "idlib-shelling-0")
    assert shelling["text"].startswith("Syrian army shelled") and shelling["cameo"] == "195"


def test_text_refused_where_the_format_has_no_column(store, tmp_path):
    from eventmill.errors import ConfigError

    with pytest.raises(ConfigError, match="no column for text"):
        _export(store, tmp_path, "gdelt-tsv", with_text=True)


# ----------------------------------------------------------------------------- PLOVER


def _plover(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_plover_records_validate(store, tmp_path):
    path, n, notes = _export(store, tmp_path, "plover-jsonl", with_negated=True)
    records = _plover(path)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for rec in records:
        validator.validate(rec)
    assert n == len(records) == 8  # 9 events, the undated one left out ...
    assert notes == ["1 events without a date left out (PLOVER requires a date; their stories had none)"]
    by_id = {r["id"]: r for r in records}
    visit = by_id["iraq-visit-0"]
    assert visit["actor"] == [{"code": "IRQ", "sector": "GOV", "entity_text": "Mustafa al-Kadhimi",
                               "identifier_id": "eventmill:kadhimi", "identifier_text": "Mustafa al-Kadhimi",
                               "religion": None, "ethnicity": None, "office": None, "gender": None, "age": None}]
    assert visit["recipient"][0]["identifier_id"] == "Q6279"  # a Wikidata id stays as it is
    assert visit["event"] == ["CONSULT"] and visit["event_text"] == ["met"] and visit["event_scale"] == 1.9
    assert visit["event_loc"]["resolution"] == 5 and visit["event_loc"]["feature_class"] == "S"
    assert visit["text"] is None  # story text left out by default
    assert by_id["iraq-visit-3"]["context"] == ["negation"]  # the auxiliary mode, as the manual asks
    agree = by_id["iraq-visit-2"]
    assert agree["context"] == ["future"] and "intended=RETREAT" in agree["comment"]
    assert "deadline=2021-12-31" in agree["comment"]
    assert by_id["moyale-0"]["link"] == by_id["moyale-1"]["link"] is not None  # one joint event
    assert by_id["idlib-shelling-0"]["size"] == {"dead": 3, "injured": None, "arrested": None}
    assert by_id["idlib-shelling-0"]["event_loc"]["city"] == "Idlib"


def test_plover_with_text(store, tmp_path):
    path, _, _ = _export(store, tmp_path, "plover-jsonl", with_text=True)
    rec = next(r for r in _plover(path) if r["id"] == "idlib-shelling-1")
    assert rec["text"] == "Rebels accused the army of targeting civilians."
    start = store.sql("SELECT text FROM documents WHERE doc_id = 'idlib-shelling'")["text"][0].index("Rebels")
    assert rec["text_info"] == {"sequence": 1, "start": start, "end": start + len(rec["text"])}


@pytest.mark.parametrize(
    "bad",
    [
        {"actor": {"code": "USA"}},  # an object, not PLOVER's list
        {"event": "CONSULT"},  # a string, not a list
        {"event": ["CHAT"]},  # not a PLOVER category
        {"date": "26/07/2021"},
        {"quad_code": 5},
        {"colour": "red"},  # not a PLOVER field
        {"actor": [{"code": "USA", "sector": "GOV", "wiki": "x"}]},
    ],
)
def test_schema_rejects_what_plover_does_not_allow(bad):
    good = {"id": "x", "date": "2021-07-26", "actor": [{"code": "USA"}], "event": ["CONSULT"]}
    jsonschema.Draft202012Validator(SCHEMA).validate(good)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate({**good, **bad})


# ----------------------------------------------------------------------------- CLI


def test_cli_export_formats(store, tmp_path):
    db = store.path
    out = tmp_path / "e.tsv"
    r = CliRunner().invoke(main, ["export", "--db", db, "--format", "icews-tsv", "-o", str(out), "--country", "SYR"])
    assert r.exit_code == 0, r.output
    assert "3 events" in r.output and len(out.read_text().splitlines()) == 4
    r = CliRunner().invoke(main, ["export", "--db", db, "--format", "plover-jsonl", "-o", str(out)])
    assert r.exit_code == 0 and "without a date left out" in r.output
    r = CliRunner().invoke(main, ["export", "--db", db, "--format", "gdelt-tsv", "-o", str(out), "--with-text"])
    assert r.exit_code == 2 and "no column for text" in r.output
