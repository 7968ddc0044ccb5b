"""PETRARCH verb dictionaries: read, compiled into lexicon rows (what cannot be expressed is
counted, not approximated), layered over or under the built-in verbs, imported into a user
KB and used by the coder; the bundled CAMEO.2.0 table is what the build makes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from eventmill.actors.importers import import_petrarch, list_sources, remove_source
from eventmill.actors.kb_layers import load_layered_kb
from eventmill.errors import ConfigError
from eventmill.events.lexicon import COMPILED, layer, lexicon_for, load_lexicon, verb_rule, verb_rules
from eventmill.events.petrarch_compile import compile_dictionary
from eventmill.events.petrarch_verbs import looks_like_verbs, read_verb_dictionary
from eventmill.events.rules import VerbEntry

from .conftest import ROOT, needs_shared

# A verb dictionary in the PETRARCH format, written for these tests (fictional verbs and codes).
VERBS = """\
# a comment line
&HARBOUR
+PORT
+HARBOUR_

&ARMS_
+RIFLE
+HOWITZER

---  BLOCKADE_X   [191]  ---
BESET
+HEM_IN {+HEMMED_IN +HEMS_IN}
GRUMBLE [111]  # its own code
- * &HARBOUR                 [191]   # beset the harbour
- COASTGUARD * (AT &HARBOUR) [1721]  # a subject and a preposition with its object
- * (TO)                     [042:043]
- * HOSTAGE                  [:173]
- $ * +                      [191]
- * CHANCE                   [---]
- * {NAVAL RIFLES}           [1717]
- * ZZZ                      [9999]
- * &UNKNOWN                 [191]

---  FLUMMOX   [112]  ---
FLUMMOX
- * TREATY                   [057]

---  TOUT   [---]  ---
TOUT
- * CANDIDATE [8888]
"""


@pytest.fixture()
def dictionary(tmp_path: Path) -> Path:
    path = tmp_path / "test.verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    return path


def _rows(path: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    rows, _ = compile_dictionary(path)
    return {(lemma, r["particle"], r["object"]): r for r in rows for lemma in r["lemma"].split("|")}


def test_the_dictionary_is_read(dictionary):
    vd = read_verb_dictionary(dictionary)
    assert vd.synsets["&HARBOUR"] == ["PORT", "HARBOUR_"]
    block = vd.blocks[0]
    assert block.code == "191" and [v.lemma for v in block.verbs] == ["beset", "hem", "grumble"]
    hem = block.verbs[1]
    assert hem.particle == "in" and block.verbs[2].code == "111"
    assert looks_like_verbs(dictionary)


def test_patterns_map_onto_the_parse(dictionary):
    rows = _rows(dictionary)
    harbour = rows[("beset", "-", "harbour|port")]
    assert harbour["cameo"] == "191" and harbour["frame"] == "plain"
    coast = rows[("beset", "at", "harbour|port")]
    assert coast["subject"] == "coastguard" and coast["cameo"] == "1721"
    to = rows[("beset", "to", "-")]
    assert to["reverse"] == "043" and to["recipient"].split("|")[0] == "to"  # "(TO)": the target follows "to"
    assert rows[("beset", "-", "chance")]["frame"] == "report"  # [---]: these words make no event
    assert rows[("hem", "in", "harbour|port")]["cameo"] == "191"  # the block's patterns hold for every verb
    own = rows[("grumble", "-", "-")]
    assert own["cameo"] == "111" and own["frame"] == "accuse"  # a verb's own code, read as its type reads
    assert rows[("beset", "-", "naval rifle")]["cameo"] == "1717"  # a user's code under its CAMEO parent 171


def test_what_cannot_be_expressed_is_counted(dictionary):
    _, comp = compile_dictionary(dictionary)
    counts = comp.counts
    assert counts["left out: only a code for the target acting on the source ([:code])"] == 1
    assert counts["left out: a source or target marker before the verb or after it ($)"] == 1
    # a code with no CAMEO parent cannot be typed: its pattern's words code no event (counted)
    assert counts["read as no event: a code that is not CAMEO and has no CAMEO parent"] == 2
    assert counts["left out: a code that is not CAMEO and has no CAMEO parent"] == 0
    assert counts["left out: an undefined synonym set"] == 1
    assert comp.extra_codes == {"1717": "171"}
    notes = comp.left_out()
    assert any(n.startswith("test.verbs.txt:") and "[:code]" in n for n in notes)


def test_a_bad_compiled_row_is_refused_with_its_place():
    row = {"lemma": "beset", "particle": "-", "object": "-", "cameo": "9999", "recipient": "dobj", "frame": "plain",
           "needs": "-", "conf": "0.6", "mode": "-", "context": "-"}
    with pytest.raises(ValueError, match=r"x\.txt:7: unknown CAMEO code '9999'"):
        verb_rule(row, "x.txt:7")
    with pytest.raises(ValueError, match="unknown needs 'armd'"):
        verb_rule({**row, "cameo": "190", "needs": "armed+armd"}, "x.txt:8")


def test_layers_a_verb_is_read_by_the_highest_layer_that_knows_it():
    hand = verb_rules()
    lex = load_lexicon()
    # "attack" is a hand verb: CAMEO.2.0's rows for it are not read
    assert all(r.where.startswith("data/events/verbs.tsv") for r in lex.verbs["attack"])
    # "flatten" is only CAMEO.2.0's
    assert all(r.where.startswith(f"data/{COMPILED}") for r in lex.verbs["flatten"])
    over = layer({"attack": []}, hand)
    assert over["attack"] == [] and over["meet"] == hand["meet"]  # a claimed verb codes nothing
    under = layer(hand, {"attack": [], "flummox": []})
    assert under["attack"] == hand["attack"] and under["flummox"] == []


def test_rows_are_indexed_by_object():
    lex = load_lexicon()
    entry = lex.verbs["flatten"]
    assert isinstance(entry, VerbEntry) and entry.by_object
    key = next(iter(entry.by_object))
    assert all(key in r.objects for r in entry.candidates({key}) if r.objects)
    assert len(entry.candidates(set())) == len(entry.free) < len(entry.rules)


def test_imported_verbs_code_over_the_built_in_ones(dictionary, tmp_path):
    kb = tmp_path / "kb.sqlite"
    report = import_petrarch(dictionary, kb)
    assert report.kind == "petrarch-verbs" and report.details["verbs"] == 5 and report.records > 5
    assert any("no CAMEO parent" in w for w in report.warnings)
    [source] = list_sources(kb)
    assert source.kind == "petrarch-verbs"
    lex = lexicon_for(load_layered_kb(kb))
    assert [r.cameo for r in lex.verbs["flummox"]][-1] == "112"
    assert lex.code("1717").plover == "COERCE" and lex.code("1717").cameo == "1717"
    # the dictionary's verb: its one pattern's code has no type, so "tout a candidate" codes no event
    # and "tout" codes nothing else (the built-in reading does not come back)
    assert [(r.cameo, r.frame) for r in lex.verbs["tout"]] == [("010", "report")]
    assert lexicon_for(load_layered_kb(kb)) is lex  # built once per version of the KB file
    assert remove_source(kb, source.source)
    assert lexicon_for(load_layered_kb(kb)) is load_lexicon()


def test_the_coder_uses_the_imported_verbs(dictionary, tmp_path, pipeline):
    from eventmill.pipeline import Pipeline
    from eventmill.records import Document

    kb = tmp_path / "kb.sqlite"
    import_petrarch(dictionary, kb)
    pipe = Pipeline(nlp=pipeline.nlp, kb=load_layered_kb(kb))
    [doc] = list(pipe.pipe([Document(id="v", text="Chile flummoxed Peru on Monday.")]))
    assert [(e.event, e.cameo, e.actor.code if e.actor else None, e.recipient.code if e.recipient else None)
            for e in doc.events] == [("ACCUSE", "112", "CHLGOV", "PERGOV")]
    [doc] = list(pipeline.pipe([Document(id="w", text="Chile flummoxed Peru on Monday.")]))
    assert doc.events == []  # without the import the verb is unknown


def test_under_layer_does_not_override_a_built_in_verb(tmp_path, pipeline):
    from eventmill.pipeline import Pipeline
    from eventmill.records import Document

    path = tmp_path / "praise.verbs.txt"
    path.write_text("---  ATTACK_X  [051]  ---\nATTACK\nFLUMMOX\n- * TREATY [057]\n", encoding="utf-8")
    kb = tmp_path / "kb.sqlite"
    import_petrarch(path, kb, layer="under")
    pipe = Pipeline(nlp=pipeline.nlp, kb=load_layered_kb(kb))
    [doc] = list(pipe.pipe([Document(id="u", text="Chile attacked Peru.")]))
    assert {e.cameo for e in doc.events} == {"190"}
    import_petrarch(path, kb, layer="over")
    pipe = Pipeline(nlp=pipeline.nlp, kb=load_layered_kb(kb))
    [doc] = list(pipe.pipe([Document(id="o", text="Chile attacked Peru.")]))
    assert {e.cameo for e in doc.events} == {"051"}


def test_a_file_with_no_verbs_is_refused(tmp_path):
    path = tmp_path / "empty.verbs.txt"
    path.write_text("--- GRANT [070] ---\n- * AID [071]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no verb patterns could be compiled"):
        import_petrarch(path, tmp_path / "kb.sqlite")


def test_hyphenated_lexicon_words_are_one_token(pipeline):
    doc = pipeline.nlp("Students staged a sit-in. Police lathi-charged them.")
    assert "sit-in" in [t.text for t in doc] and "lathi-charged" in [t.text for t in doc]


@needs_shared
def test_the_bundled_cameo2_table_is_what_the_build_makes(shared):
    env = {**os.environ, "EVENTMILL_SHARED": str(shared)}
    res = subprocess.run([sys.executable, str(ROOT / "tools" / "build_cameo2.py"), "--check"], env=env,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    assert "left out" in res.stdout and "up to date" in res.stdout


def test_a_pattern_refining_one_verbs_own_code_stays_with_that_verb(tmp_path):
    # "- * SITUATION [092] # MONITOR" under "MONITOR [090]": monitoring a situation is an
    # investigation, handling one is not; a pattern of another family ("* POLICE [152]  # ORDER")
    # and a pattern coding no event still hold for every verb of the block
    path = tmp_path / "senses.verbs.txt"
    path.write_text("---  MANAGE_X   [060]  ---\nHANDLE\nMONITOR [090]\nORDER [100]\n"
                    "- * SITUATION      [092]  # MONITOR\n- * POLICE    [152]  # ORDER\n"
                    "- * WEATHER   [---]  # MONITOR\n", encoding="utf-8")
    rows, comp = compile_dictionary(path, own_senses=True)
    holds: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        holds.setdefault((r["object"], r["cameo"]), set()).update(r["lemma"].split("|"))
    assert holds[("situation", "092")] == {"monitor"}
    assert {"handle", "monitor", "order"} <= holds[("police", "152")]
    assert holds[("weather", "010")] == {"handle", "monitor", "order"}
    assert any(n for k, n in comp.counts.items() if "own sense" in k)
    rows, _ = compile_dictionary(path)  # a user's dictionary is read as PETRARCH reads it
    assert "handle" in {w for r in rows if r["object"] == "situation" for w in r["lemma"].split("|")}
