"""Importing PETRARCH dictionaries and office-holder tables into a user KB, and resolving
names from them: date-restricted codes on dates inside and outside their restrictions,
agents as sectors, layering over and under the built-in tables, re-import and removal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventmill.actors import people, petrarch
from eventmill.actors.importers import import_officeholders, import_petrarch, list_sources, remove_source
from eventmill.actors.kb_layers import load_kb, load_layered_kb
from eventmill.errors import ConfigError

ACTORS = """\
# A test actor dictionary in the PETRARCH/TABARI format, written for these tests.
<!-- an XML comment line -->
FREEDONIA_  [FRD]
+FREEDONIAN_
SYLVANIA [SYL]  # a comment after the code
RUFUS_T._FIREFLY_   ; TABARI-style comment
+PRESIDENT_RUFUS_FIREFLY
\t[FRDELI <19330101]
\t[FRDGOV 19330101-361231]
\t[FRDELI >19370101]
AMBASSADOR_TRENTINO [SYLGOV]
RED_HAND_BRIGADE [FRDREBRHB]
NOBODY_IMPORTANT [---]
CHICOLINI [FRDCVL]
\t[FRDGOV 1933-1936]
IRAQ [XIQ]
+ORPHAN_WITH_NO_RECORD
GROUCHO [FRDELI]
	[FRDGOV 19330101-19361231]
"""

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN
WAR_MINISTER [~MILWAR]
CABINET_SECRETARY {CABINET_SECRETARIES} [~GOV]
HOUSE_OF_LORDS {} [~LEG]
PARTY!PERSON! [~PTY]
MOUSTACHE_GUILD [~BUS]
HUMAN_RIGHTS_WATCHER [NGO~]
A LINE WITHOUT ANY CODE
"""


@pytest.fixture()
def dicts(tmp_path: Path) -> tuple[Path, Path]:
    actors = tmp_path / "test.actors.txt"
    agents = tmp_path / "test.agents.txt"
    actors.write_text(ACTORS, encoding="utf-8")
    agents.write_text(AGENTS, encoding="utf-8")
    return actors, agents


@pytest.fixture()
def kb_file(tmp_path: Path, dicts: tuple[Path, Path]) -> Path:
    path = tmp_path / "kb.sqlite"
    for d in dicts:
        import_petrarch(d, path)
    return path


def test_parser_reads_records_rules_and_reports_bad_lines(dicts: tuple[Path, Path]):
    records, warnings = petrarch.read_actors(dicts[0])
    by_name = {r.primary: r for r in records}
    firefly = by_name["RUFUS_T._FIREFLY_"]
    assert firefly.synonyms == ["PRESIDENT RUFUS FIREFLY"]
    assert [(r.code, r.kind, r.start, r.end) for r in firefly.rules] == [
        ("FRDELI", "before", None, date(1933, 1, 1)),
        ("FRDGOV", "between", date(1933, 1, 1), date(1936, 12, 31)),  # YYMMDD: 36 -> 1936
        ("FRDELI", "after", date(1937, 1, 1), None),
    ]
    assert by_name["NOBODY_IMPORTANT"].rules[0].code is None  # [---]: the null code
    assert by_name["CHICOLINI"].rules == [petrarch.CodeRule("FRDCVL", "default")]
    texts = [str(w) for w in warnings]
    bad_date = [w for w in texts if "1933" in w]
    assert bad_date and bad_date[0].startswith(f"{dicts[0]}:15:")  # file and line of [FRDGOV 1933-1936]
    agents, agent_warnings = petrarch.read_agents(dicts[1])
    forms = {p: a.code for a in agents for p in a.phrases}
    assert forms["CABINET SECRETARIES"] == "GOV" and forms["WAR MINISTERS"] == "MILWAR"
    assert "HOUSES OF LORDS" not in forms  # {}: no plural
    assert forms["PARTYWOMAN"] == "PTY" and "PARTYWOMANS" not in forms  # substitution set, no extra plural
    assert [a.prefix for a in agents if "HUMAN RIGHTS WATCHER" in a.phrases] == [True]
    assert any(str(w).startswith(f"{dicts[1]}:8:") for w in agent_warnings)


def test_dated_codes_inside_and_outside_their_restrictions(kb_file: Path):
    kb = load_layered_kb(kb_file)
    gov = kb.organization("Rufus T. Firefly", date(1934, 6, 1))
    assert gov is not None and (gov.code, gov.country, gov.sector) == ("FRDGOV", "FRD", "GOV")
    assert gov.kb_source == "petrarch:test.actors.txt" and gov.kb_id == "RUFUS_T._FIREFLY"
    assert kb.organization("Rufus T. Firefly", date(1932, 12, 31)).code == "FRDELI"  # type: ignore[union-attr]
    assert kb.organization("Rufus T. Firefly", date(1936, 12, 31)).code == "FRDGOV"  # type: ignore[union-attr]
    assert kb.organization("Rufus T. Firefly", date(1945, 1, 1)).code == "FRDELI"  # type: ignore[union-attr]
    # no date, no guess: a record with date restrictions gives nothing, not even its default
    assert kb.organization("Rufus T. Firefly", None) is None
    assert kb.organization("Groucho", None) is None
    assert kb.organization("Groucho", date(1950, 1, 1)).code == "FRDELI"  # type: ignore[union-attr]
    assert kb.organization("Chicolini", None).code == "FRDCVL"  # type: ignore[union-attr]
    # a synonym, and the name without the title in front of it
    assert kb.organization("President Rufus Firefly", date(1934, 6, 1)).code == "FRDGOV"  # type: ignore[union-attr]
    assert kb.organization("Rufus Firefly", date(1934, 6, 1)).code == "FRDGOV"  # type: ignore[union-attr]
    # a malformed restriction is skipped; the default code stays
    assert kb.organization("Chicolini", date(1934, 6, 1)).code == "FRDCVL"  # type: ignore[union-attr]
    # [---]: the phrase is known and codes as no actor
    nobody = kb.organization("Nobody Important", date(1934, 6, 1))
    assert nobody is not None and nobody.code is None
    # a country record gives country names and an adjective for a new, non-ISO country
    assert kb.country("Freedonia") == "FRD" and kb.adjective("Freedonian") == "FRD"
    assert kb.countries["FRD"].name == "Freedonia"
    assert kb.organization("Red Hand Brigade", None).code == "FRDREBRHB"  # type: ignore[union-attr]


def test_agents_give_sectors(kb_file: Path):
    kb = load_layered_kb(kb_file)
    assert kb.sectors["moustache guild"] == "BUS"
    assert kb.sectors["war minister"] == "MIL" and kb.agent_codes["war minister"][0] == "MILWAR"
    assert kb.sectors["partymen"] == "PTY"
    assert kb.sectors["human rights watchers"] == "NGO"
    assert "moustache guild" not in load_kb().sectors  # the bundled knowledge base is untouched


def test_resolution_in_text_follows_the_date(kb_file: Path):
    from eventmill.pipeline import Pipeline
    from eventmill.records import Document

    kb = load_layered_kb(kb_file)
    pipe = Pipeline(kb=kb)
    text = "Rufus T. Firefly met Ambassador Trentino. The Freedonian war minister criticised Sylvania."
    codes = {}
    for day in (date(1934, 6, 1), date(1940, 6, 1)):
        [doc] = list(pipe.pipe([Document(id=str(day), text=text, pub_date=day)]))
        codes[day] = {a.entity_text: (a.code, a.kb_source) for a in doc.actors}
    assert codes[date(1934, 6, 1)]["Rufus T. Firefly"] == ("FRDGOV", "petrarch:test.actors.txt")
    assert codes[date(1940, 6, 1)]["Rufus T. Firefly"] == ("FRDELI", "petrarch:test.actors.txt")
    assert codes[date(1934, 6, 1)]["Ambassador Trentino"][0] == "SYLGOV"
    assert codes[date(1934, 6, 1)]["Freedonian war minister"][0] == "FRDMIL"
    assert codes[date(1934, 6, 1)]["Sylvania"][0] == "SYL"
    # what was coded with an imported layer says so
    assert pipe.coder["data"].endswith("+kb." + kb.version[:8])


def test_reimport_replaces_and_remove_deletes(tmp_path: Path, dicts: tuple[Path, Path], kb_file: Path):
    import sqlite3

    def count() -> int:
        with sqlite3.connect(kb_file) as conn:
            return conn.execute("SELECT count(*) FROM actor_names").fetchone()[0]

    before, version = count(), load_layered_kb(kb_file).version
    import_petrarch(dicts[0], kb_file)
    assert count() == before
    assert [s.source for s in list_sources(kb_file)] == ["petrarch:test.actors.txt", "petrarch:test.agents.txt"]
    assert load_layered_kb(kb_file).version == version  # same files, same layer, same version
    # a changed file under the same name replaces the old entries
    dicts[0].write_text(ACTORS.replace("[SYLGOV]", "[SYLMIL]"), encoding="utf-8")
    import_petrarch(dicts[0], kb_file)
    kb = load_layered_kb(kb_file)
    assert kb.organization("Ambassador Trentino", None).code == "SYLMIL"  # type: ignore[union-attr]
    assert kb.version != version
    assert remove_source(kb_file, "petrarch:test.actors.txt")
    assert not remove_source(kb_file, "petrarch:test.actors.txt")
    kb = load_layered_kb(kb_file)
    assert kb.organization("Ambassador Trentino", None) is None and kb.country("Freedonia") is None
    assert kb.sectors["moustache guild"] == "BUS"  # the other source stays


def test_over_and_under_the_builtin_tables(tmp_path: Path, dicts: tuple[Path, Path]):
    over, under = tmp_path / "over.sqlite", tmp_path / "under.sqlite"
    import_petrarch(dicts[0], over)
    import_petrarch(dicts[0], under, layer="under")
    assert load_layered_kb(over).country("Iraq") == "XIQ"  # the imported code wins
    assert load_layered_kb(under).country("Iraq") == "IRQ"  # the built-in one wins
    assert load_layered_kb(under).country("Freedonia") == "FRD"  # new names still come in
    # under: a name the built-in tables know as a person is theirs, even without an organisation entry
    d = tmp_path / "people.actors.txt"
    d.write_text("MUSTAFA_AL-KADHIMI [IRQELI]\nFRANCOIS_HOLLANDE [FRAGOV]\n", encoding="utf-8")
    import_petrarch(d, under, layer="under")
    assert load_layered_kb(under).organization("Mustafa al-Kadhimi", date(2021, 7, 26)) is None
    assert load_layered_kb(over).organization("Mustafa al-Kadhimi", date(2021, 7, 26)) is None  # not imported
    import_petrarch(d, over)
    assert load_layered_kb(over).organization("Mustafa al-Kadhimi", date(2021, 7, 26)).code == "IRQELI"  # type: ignore[union-attr]


def test_open_ended_codes_do_not_outlive_known_terms(tmp_path: Path):
    """Phoenix's Obama: [USAGOV >090120] with no end. After the built-in terms say he left
    office, the dated terms decide (a former president, ELI), not the stale dictionary."""
    d = tmp_path / "old.actors.txt"
    d.write_text("BARACK_OBAMA\n+OBAMA\n\t[USAELI 19780101-20000101]\n\t[USAGOV >20090120]\n", encoding="utf-8")
    path = tmp_path / "kb.sqlite"
    import_petrarch(d, path)
    kb = load_layered_kb(path)
    assert kb.organization("Barack Obama", date(2012, 5, 1)).code == "USAGOV"  # type: ignore[union-attr]
    assert kb.organization("Barack Obama", date(2021, 7, 26)) is None
    found = people.match(kb, "Barack Obama", date(2021, 7, 26))
    assert found is not None and found.sector == "ELI" and found.entry.country == "USA"


OFFICE_2022 = """\
source_repo,jurisdiction,jurisdiction_qid,position,position_qid,person,person_qid,start,end
test,Iraq,Q796,Minister of Defence,,Zorba Testperson,Q1000001,2019-01-01,2020-06-30
test,Iraq,Q796,Chief of the General Staff,,Yannis Testgeneral,Q1000002,2018-05,
test,Iraq,Q796,ambassador to Japan,,Xenia Testenvoy,Q1000003,2017,2019
test,Iraq,Q796,Deputy Minister of Defence,,Walter Testdeputy,Q1000004,2019-02-01,
test,Atlantis,Q1,Prime Minister,,Vera Testqueen,Q1000005,2001-01-01,
test,Iraq,Q796,Minister of Culture,,Ursula Testbadday,Q1000006,2019s,
test,Iraq,Q796,Prime Minister of Iraq,,Mustafa al-Kadhimi,Q6959149,2020-05-07,
"""

LEADERS_2021 = """\
countryid,country,position,positionLabel,officeholder,officeholderLabel,start_year,end_year
Q796,Iraq,Q1,President of Iraq,Q1000010,Tomas Testpresident,2018,
Q1,Atlantis,Q2,King of Atlantis,Q1000011,Atlas Testking,1999,
"""


def test_officeholder_tables(tmp_path: Path):
    csv_2022, csv_2021 = tmp_path / "officeholders_2022.csv", tmp_path / "world_leaders_2021.csv"
    csv_2022.write_text(OFFICE_2022, encoding="utf-8")
    csv_2021.write_text(LEADERS_2021, encoding="utf-8")
    path = tmp_path / "kb.sqlite"
    report = import_officeholders(csv_2022, path)
    assert report.source == "wikidata:officeholders_2022.csv" and report.records == 5
    assert any("'Atlantis'" in w for w in report.warnings)
    assert any(w.startswith(f"{csv_2022}:7:") and "Testbadday" in w for w in report.warnings)
    import_officeholders(csv_2021, path)
    kb = load_layered_kb(path)
    [term] = kb.person_terms("Zorba Testperson")
    assert (term.country, term.role, term.sector, term.start, term.end) == (
        "IRQ", "defence_minister", "MIL", date(2019, 1, 1), date(2020, 6, 30))
    assert term.kb_source == "wikidata:officeholders_2022.csv" and term.kb_id == "Q1000001"
    assert people.match(kb, "Zorba Testperson", date(2019, 6, 1)).sector == "MIL"  # type: ignore[union-attr]
    assert people.match(kb, "Zorba Testperson", date(2021, 6, 1)).sector == "ELI"  # type: ignore[union-attr]
    assert [t.role for t in kb.person_terms("Yannis Testgeneral")] == ["military_chief"]
    assert [t.role for t in kb.person_terms("Xenia Testenvoy")] == ["diplomat"]
    assert [t.role for t in kb.person_terms("Walter Testdeputy")] == ["defence_official"]
    # a surname finds a defence minister, not an ambassador
    assert kb.surname_terms("Testperson") and not kb.surname_terms("Testenvoy")
    [president] = kb.person_terms("Tomas Testpresident")
    assert (president.role, president.start, president.end) == ("head_of_state", date(2018, 1, 1), None)
    # a person the built-in tables know keeps their id, so a bare surname stays unambiguous
    assert {t.kb_id for t in kb.person_terms("Mustafa al-Kadhimi")} == {"mustafa-al-kadhimi"}
    assert {t.kb_id for t in kb.surname_terms("Kadhimi")} == {"mustafa-al-kadhimi"}
    # an open-ended row does not override a built-in term known to have ended
    kadhimi = people.match(kb, "Mustafa al-Kadhimi", date(2024, 1, 1))
    assert kadhimi is not None and kadhimi.sector == "ELI"


def test_bad_files_are_refused_with_the_reason(tmp_path: Path):
    verbs = tmp_path / "my.verbs.txt"
    verbs.write_text("--- GRANT [070] ---\nGRANT\n- * AID [071]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no actors records found"):
        import_petrarch(verbs, tmp_path / "kb.sqlite", kind="actors")
    table = tmp_path / "people.csv"
    table.write_text("name,born\nX,1900\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not an office-holder table"):
        import_officeholders(table, tmp_path / "kb.sqlite")
    with pytest.raises(ConfigError, match="no such file"):
        import_petrarch(tmp_path / "missing.txt", tmp_path / "kb.sqlite")
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ConfigError, match=r"broken\.sqlite"):
        load_layered_kb(broken)


def test_reindex_after_a_change_in_name_matching(kb_file: Path, dicts: tuple[Path, Path]):
    import sqlite3
    import warnings

    from eventmill.actors.importers import ImportReport, reindex
    from eventmill.actors.kb_layers import KnowledgeBaseWarning

    with sqlite3.connect(kb_file) as conn:  # as if imported by an eventmill that folded names otherwise
        conn.execute("UPDATE meta SET value = 'older' WHERE key = 'key_version'")
    with pytest.warns(KnowledgeBaseWarning, match="eventmill kb reindex"):
        load_layered_kb(kb_file)
    results = reindex(kb_file)
    assert [r.source for r in results if isinstance(r, ImportReport)] == [
        "petrarch:test.actors.txt", "petrarch:test.agents.txt"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_layered_kb(kb_file).country("Freedonia") == "FRD"
    dicts[1].write_text(AGENTS + "NEW_TERM [~GOV]\n", encoding="utf-8")  # a changed file is not re-read
    [actors, agents] = reindex(kb_file)
    assert isinstance(actors, ImportReport) and isinstance(agents, ConfigError)


def test_merging_office_terms_of_two_layers():
    from eventmill.actors.kb import Entry
    from eventmill.actors.kb_layers import merge_terms

    def term(start: date | None, end: date | None, source: str = "eventmill", kb_id: str = "karzai") -> Entry:
        return Entry(kb_id, "Hamid Karzai", None, "GOV", "AFG", "office", start, end, "head_of_state", None,
                     kb_source=source)

    built_in = [term(date(2001, 12, 22), date(2014, 9, 29))]
    table = [term(date(2004, 12, 7), date(2014, 9, 29), "wikidata:t.csv", "Q43944")]
    over = merge_terms(built_in, table, over=True)
    # the table's term stands (with the built-in id); the built-in keeps the interim years it alone covers
    assert sorted((t.start, t.end, t.kb_source, t.kb_id) for t in over) == [
        (date(2001, 12, 22), date(2004, 12, 6), "eventmill", "karzai"),
        (date(2004, 12, 7), date(2014, 9, 29), "wikidata:t.csv", "karzai")]
    assert merge_terms(built_in, table, over=False) == built_in  # under: the table adds nothing new here
    # an open-ended term does not outlive a closed one of the same office
    still_in = [term(date(2001, 12, 22), None, "wikidata:t.csv")]
    assert merge_terms(built_in, still_in, over=True) == built_in
    # another country's namesake is another person
    other = [Entry("Q9", "Hamid Karzai", None, "GOV", "PAK", "office", date(2020, 1, 1), None, "minister", None)]
    assert {t.kb_id for t in merge_terms(built_in, other, over=True)} == {"karzai", "Q9"}


def test_country_histories_and_one_word_names(tmp_path: Path):
    from eventmill.actors.importers import country_record

    d = tmp_path / "history.actors.txt"
    d.write_text(
        "UKRAINE_\n+KYIV_SUBURB_\n\t[USRUKR <910824]\n\t[UKRUNR 910824-911221]\n\t[UKR >911221]\n"
        "SAM_GAMGEE [HOB]\n\t[HOBCIV <20080120]\n\t[HOBMIL 20080120-20121109]\n"
        "CONDOLEEZZA_RICE\n+RICE\n\t[USAGOV 20010120-20090120]\n",
        encoding="utf-8")
    records, _ = petrarch.read_actors(d)
    assert [country_record(r) for r in records] == ["UKR", None, None]
    path = tmp_path / "kb.sqlite"
    report = import_petrarch(d, path)
    assert any("are not used; its names are UKR at every date" in w for w in report.warnings)
    kb = load_layered_kb(path)
    assert kb.country("Kyiv suburb") == "UKR" and kb.organization("Ukraine", date(1990, 1, 1)) is None
    day = date(2005, 1, 1)
    assert kb.organization("Rice", day).code == "USAGOV"  # type: ignore[union-attr]
    assert kb.organization("rice", day) is None  # "rice exports" is no Secretary of State
