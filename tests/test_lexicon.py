"""The coder's tables load, and a bad row is refused with its file, line and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventmill.events.lexicon import load_lexicon, noun_rules, verb_rules
from eventmill.events.ontology import plover_types, policy
from eventmill.lang.words import en, validate, word_class
from eventmill.resources import word_classes
from eventmill.sectors import sectors_in

VERB_HEADER = "lemma\tparticle\tobject\tcameo\trecipient\tframe\tneeds\tconf\tmode\tcontext\n"
NOUN_HEADER = "lemma\tcameo\trecipient\tneeds\tconf\tmode\tcontext\towner\n"
GOOD_VERB = "insult\t-\t-\t111\tdobj\taccuse\thuman\t0.8\t-\t-\n"


def _table(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text("# a test table\n" + text, encoding="utf-8")
    return path


def test_the_bundled_tables_load():
    lex = load_lexicon()
    assert len(lex.verbs) > 400 and len(lex.nouns) > 150
    wheres = {r.where.split(":")[0] for rules in lex.verbs.values() for r in rules}
    assert wheres == {"data/events/verbs.tsv", "data/events/cameo2.tsv"}
    assert len(lex.verbs) > 1500  # CAMEO.2.0's verbs under the hand rows
    assert set(plover_types()) == {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                                   "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                                   "COERCE", "ASSAULT"}
    assert policy()["stop"] and "MIL" in sectors_in("armed")
    validate()


def test_a_good_row_loads(tmp_path):
    rules = verb_rules(_table(tmp_path, "verbs.tsv", VERB_HEADER + GOOD_VERB))
    [rule] = rules["insult"]
    assert (rule.cameo, rule.frame, rule.needs, rule.recipient) == ("111", "accuse", "human", ("dobj",))
    assert rule.where.endswith("verbs.tsv:3")


@pytest.mark.parametrize("row, problem", [
    ("insult\t-\t-\t111\tdobj\tacuse\t-\t0.8\t-\t-\n", "unknown frame 'acuse'"),
    ("insult\t-\t-\t111\tdobj\taccuse\thumane\t0.8\t-\t-\n", "unknown needs 'humane'"),
    ("insult\t-\t-\t1111\tdobj\taccuse\t-\t0.8\t-\t-\n", "unknown CAMEO code '1111'"),
    ("insult\t-\t-\t111\tdobj|unto\taccuse\t-\t0.8\t-\t-\n", "recipient slot 'unto'"),
    ("insult\t-\t-\t111\tdobj\taccuse\t-\thigh\t-\t-\n", "conf 'high' is not a number"),
    ("insult\t-\t-\t111\tdobj\taccuse\t-\t1.5\t-\t-\n", "conf 1.5 is not between 0 and 1"),
    ("insult\t-\t-\t111\tdobj\taccuse\t-\t0.8\triot\t-\n", "mode 'riot' is not a PLOVER mode of ACCUSE"),
    ("insult\t-\t-\t111\tdobj\taccuse\t-\t0.8\t-\tgossip\n", "unknown PLOVER context 'gossip'"),
    ("insult\t-\t-\t111\tdobj\taccuse\t-\t0.8\t-\t-\textra\n", "11 cells, header has 10"),
])
def test_a_bad_verb_row_is_refused_with_file_and_line(tmp_path, row, problem):
    path = _table(tmp_path, "verbs.tsv", VERB_HEADER + GOOD_VERB + row)
    with pytest.raises(ValueError) as err:
        verb_rules(path)
    assert f"{path}:4" in str(err.value) and problem in str(err.value)


def test_a_missing_column_and_a_noun_listed_twice_are_refused(tmp_path):
    with pytest.raises(ValueError, match="missing column"):
        header = VERB_HEADER.replace("\tneeds", "")
        verb_rules(_table(tmp_path, "verbs.tsv", header + "x\t-\t-\t111\tdobj\taccuse\t0.8\t-\t-\n"))
    twice = "raid\t190\ton\tarmed\t0.7\t-\t-\t-\nraid\t173\ton\t-\t0.7\t-\t-\t-\n"
    nouns = _table(tmp_path, "nouns.tsv", NOUN_HEADER + twice)
    with pytest.raises(ValueError, match=r"nouns.tsv:4: noun 'raid' is listed twice \(first at .*nouns.tsv:3\)"):
        noun_rules(nouns)
    bad_need = _table(tmp_path, "nouns2.tsv", NOUN_HEADER + "raid\t190\ton\tofficial\t0.7\t-\t-\t-\n")
    with pytest.raises(ValueError, match="unknown needs 'official'"):  # a verb predicate, not a noun one
        noun_rules(bad_need)


def test_a_noun_table_without_the_owner_column_still_loads(tmp_path):
    """Tables written before the column (a user's, an older revision's) read every owner as the doer;
    a value the column does not know is refused."""
    old_header = NOUN_HEADER.replace("\towner", "")
    rules = noun_rules(_table(tmp_path, "nouns.tsv", old_header + "arrest\t173\tof\t-\t0.8\t-\t-\n"))
    assert rules["arrest"].owner_undergoes is False
    rules = noun_rules(_table(tmp_path, "nouns2.tsv", NOUN_HEADER + "arrest\t173\tof\t-\t0.8\t-\t-\trecipient\n"))
    assert rules["arrest"].owner_undergoes is True
    with pytest.raises(ValueError, match="unknown owner 'victim'"):
        noun_rules(_table(tmp_path, "nouns3.tsv", NOUN_HEADER + "arrest\t173\tof\t-\t0.8\t-\t-\tvictim\n"))


def test_word_classes_are_read_by_name_and_a_typo_fails_at_once():
    assert "will" in en("future_auxiliary") and "would" in en("conditional_auxiliary")
    assert "bomb" in word_class("weapon", "events/words.tsv")
    with pytest.raises(KeyError, match="has no word class 'future_auxilary'"):
        en("future_auxilary")


def test_a_word_class_defined_twice_is_refused(tmp_path):
    path = _table(tmp_path, "words.tsv", "class\twords\tnote\nnegator\tnot|never\t-\nnegator\tno\t-\n")
    with pytest.raises(ValueError, match=r"words\.tsv:4: word class 'negator' is defined twice"):
        word_classes(path)


def test_plover_types_table_names_an_unknown_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad CAMEO code in the PLOVER types table is named with its line (the "=" of a policy
    row's "decided" rule is no code there: that table has no rules)."""
    from eventmill.events import ontology
    from eventmill.resources import Row

    row = Row(type="AGREE", quad="1", cameo="=", groups="cooperative", modes="", note="")
    row.line = 7
    monkeypatch.setattr(ontology, "read_tsv", lambda relpath: (row,))
    with pytest.raises(ValueError, match=r"data/ontology/plover_types\.tsv:7: unknown CAMEO code '='"):
        ontology.plover_types.__wrapped__()
