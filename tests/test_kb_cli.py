"""``eventmill kb``: import, list, search and remove through the command line; the Phoenix
files as the real-size test (skipped without ../shared)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventmill.cli import main
from tests.conftest import needs_shared
from tests.test_kb_import import ACTORS, AGENTS


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    actors, agents = tmp_path / "test.actors.txt", tmp_path / "test.agents.txt"
    actors.write_text(ACTORS, encoding="utf-8")
    agents.write_text(AGENTS, encoding="utf-8")
    return {"actors": actors, "agents": agents, "kb": tmp_path / "my.sqlite"}


def _run(*args: str, **env: str):
    return CliRunner().invoke(main, list(args), env=env or None, catch_exceptions=False)


def test_import_list_search_remove(files: dict[str, Path]):
    kb = str(files["kb"])
    res = _run("kb", "import-petrarch", str(files["actors"]), str(files["agents"]), "--kb", kb)
    assert res.exit_code == 0, res.output
    assert "petrarch:test.actors.txt:" in res.output and "petrarch:test.agents.txt:" in res.output
    # malformed lines are warnings naming the file and line; the rest imports
    assert f"warning: {files['actors']}:15:" in res.stderr

    res = _run("kb", "sources", "--kb", kb)
    assert res.exit_code == 0
    listed = [line.split()[0] for line in res.output.splitlines() if line.startswith("  petrarch:")]
    assert listed == ["petrarch:test.agents.txt", "petrarch:test.actors.txt"]  # the latest import first

    res = _run("kb", "search", "Rufus T. Firefly", "--date", "1934-06-01", "--kb", kb)
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert "FRDGOV 1933-01-01..1936-12-31" in res.output
    assert any("FRDELI until 1933-01-01" in x and "does not hold on the date" in x for x in lines)
    assert lines[-1].startswith("resolves to: Rufus T. Firefly  country FRD  sector GOV  code FRDGOV")
    assert "[petrarch:test.actors.txt]" in lines[-1]

    res = _run("kb", "search", "Rufus T. Firefly", "--date", "1950-01-01", "--kb", kb, "--json")
    answer = json.loads(res.output)["answer"]
    assert (answer["code"], answer["kb_source"]) == ("FRDELI", "petrarch:test.actors.txt")

    # the built-in entries answer through the same command, with the same reasoning
    res = _run("kb", "search", "Mustafa Al-Kazemi", "--date", "2021-07-26", "--kb", kb)
    answer_line = next(x for x in res.output.splitlines() if x.startswith("resolves to:"))
    assert "code IRQGOV" in answer_line
    # which row decided, where it comes from, and which term
    decided = r"by the term Prime Minister 2020-05-0\d\.\.2022-10-2\d, officeholders_heads\.tsv:\d+: (hand|wikidata)"
    assert re.search(decided, res.output.splitlines()[-1])

    res = _run("kb", "search", "Zzyzx Qwrtp", "--kb", kb)
    assert res.exit_code == 1 and "no entry in any layer knows this name" in res.output

    res = _run("kb", "remove", "petrarch:test.actors.txt", "--kb", kb)
    assert res.exit_code == 0
    res = _run("kb", "search", "Rufus T. Firefly", "--date", "1934-06-01", "--kb", kb)
    assert res.exit_code == 1
    res = _run("kb", "remove", "petrarch:nothing.txt", "--kb", kb)
    assert res.exit_code == 1 and "no source named" in res.stderr


def test_the_environment_names_the_user_kb(files: dict[str, Path]):
    res = _run("kb", "import-petrarch", str(files["actors"]), EVENTMILL_KB=str(files["kb"]))
    assert res.exit_code == 0 and files["kb"].exists()
    res = _run("kb", "search", "Sylvania", EVENTMILL_KB=str(files["kb"]))
    assert "code SYL" in res.output


def test_coding_uses_the_imported_layer(files: dict[str, Path], monkeypatch: pytest.MonkeyPatch):
    """A pipeline made as `eventmill code` makes it reads the user KB that EVENTMILL_KB names."""
    import eventmill
    from eventmill.pipeline import Pipeline
    from eventmill.records import Document

    _run("kb", "import-petrarch", str(files["actors"]), "--kb", str(files["kb"]))
    monkeypatch.setenv("EVENTMILL_KB", str(files["kb"]))
    pipe = Pipeline(nlp=eventmill.get_pipeline().nlp)
    text = "Rufus T. Firefly threatened Sylvania on Monday."
    [doc] = list(pipe.pipe([Document(id="s", text=text, pub_date=date(1934, 3, 5))]))
    assert {a.code for a in doc.actors} >= {"FRDGOV", "SYL"}
    assert "+kb." in pipe.coder["data"]


def test_bad_input_is_one_line(files: dict[str, Path], tmp_path: Path):
    verbs = tmp_path / "x.verbs.txt"
    verbs.write_text("--- GRANT [070] ---\n- * AID [071]\n", encoding="utf-8")
    res = _run("kb", "import-petrarch", str(verbs), str(files["actors"]), "--kb", str(files["kb"]))
    assert res.exit_code == 0  # one file imported, one refused
    assert "error:" in res.stderr and "x.verbs.txt" in res.stderr
    res = _run("kb", "import-officeholders", str(files["actors"]), "--kb", str(files["kb"]))
    assert res.exit_code == 1 and "not an office-holder table" in res.stderr
    res = _run("kb", "search", "Iraq", "--date", "yesterday")
    assert res.exit_code == 2 and "is not a date" in res.output


@needs_shared
def test_phoenix_dictionaries(shared: Path, tmp_path: Path):
    """The real-size test: Phoenix country actors and agents import, with their defects reported,
    and resolve by date (Obama is USAGOV in 2012; in 2021 the dated terms make him a former
    president, not PETRARCH's still-current one)."""
    from eventmill.actors.importers import import_petrarch
    from eventmill.actors.kb_layers import load_layered_kb
    from eventmill.actors.people import match

    folder = shared / "dictionaries" / "petrarch2"
    kb_file = tmp_path / "phoenix.sqlite"
    countries = import_petrarch(folder / "Phoenix.Countries.actors.txt", kb_file)
    agents = import_petrarch(folder / "Phoenix.agents.txt", kb_file)
    assert countries.records > 18000 and agents.records > 2000
    assert countries.warnings and all(w.startswith(f"{folder / 'Phoenix.Countries.actors.txt'}:")
                                      for w in countries.warnings)
    kb = load_layered_kb(kb_file)
    assert kb.organization("Barack Obama", date(2012, 5, 1)).code == "USAGOV"  # type: ignore[union-attr]
    assert kb.organization("Barack Obama", date(2021, 7, 26)) is None
    assert match(kb, "Barack Obama", date(2021, 7, 26)).sector == "ELI"  # type: ignore[union-attr]
    assert kb.country("Afganistan") == "AFG"  # a spelling variant the dictionary lists
    assert kb.metonym("Kabul") == ("AFG", "GOV")  # a capital keeps its built-in reading
    assert kb.sectors["riot police"] == "COP"


@needs_shared
def test_petrarch_eval_codes_with_the_suite_dictionaries(shared: Path, tmp_path: Path):
    """The validation records name fictional states (Arnor ARN, Gondor GON) that exist only in
    the suite's own dictionaries; the petrarch eval layers them in a temporary KB."""
    from eventmill.eval import evaluate

    pred = tmp_path / "pred.jsonl"
    evaluate(shared / "gold" / "petrarch2_validation.jsonl", save_pred=str(pred), limit=6)
    codes = {(e.get("actor") or {}).get("code") for e in map(json.loads, pred.read_text().splitlines())}
    assert {"ARN", "GON"} <= codes
