"""tree.subject finds the subject of a clause the parser misattached (parses built by hand, so that
the test does not depend on what the model happens to do with a sentence)."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.vocab import Vocab

from eventmill.lang import tree


def _doc(rows: list[tuple[str, str, str, int]]) -> Doc:
    """A parsed sentence from (word, pos, dep, head index) rows."""
    words, pos, deps, heads = zip(*rows)
    return Doc(Vocab(), words=list(words), pos=list(pos), deps=list(deps), heads=list(heads),
               sent_starts=[True] + [False] * (len(rows) - 1))


def test_a_subject_hung_on_the_auxiliary_is_the_verbs() -> None:
    # "Chile and Peru however have signed the treaty": the adverb leads the parser to make the
    # auxiliary the subject's head
    doc = _doc([("Chile", "PROPN", "nsubj", 4), ("and", "CCONJ", "cc", 0), ("Peru", "PROPN", "conj", 0),
                ("however", "ADV", "advmod", 5), ("have", "AUX", "aux", 5), ("signed", "VERB", "ROOT", 5),
                ("the", "DET", "det", 7), ("treaty", "NOUN", "dobj", 5), (".", "PUNCT", "punct", 5)])
    assert tree.subject(doc[5]).text == "Chile"


def test_a_subject_hung_on_a_passive_auxiliary_is_not_the_doer() -> None:
    # "Chile was heavily criticized": the subject of a passive is the one it is done to
    doc = _doc([("Chile", "PROPN", "nsubj", 1), ("was", "AUX", "auxpass", 3), ("heavily", "ADV", "advmod", 3),
                ("criticized", "VERB", "ROOT", 3), (".", "PUNCT", "punct", 3)])
    subject = tree.subject(doc[3])
    assert subject is None or subject.i != 0


def test_a_subject_after_the_verb_on_its_auxiliary_is_not_taken() -> None:
    # "Have the talks been postponed?" parsed with the subject under the auxiliary, after it: no repair
    doc = _doc([("Has", "AUX", "aux", 3), ("it", "PRON", "nsubj", 0), ("been", "AUX", "auxpass", 3),
                ("postponed", "VERB", "ROOT", 3), ("?", "PUNCT", "punct", 3)])
    assert tree.subject(doc[3]) is None


def test_an_all_capitals_name_after_an_introductory_phrase_is_the_subject() -> None:
    # "With help from donors, UNHCR built shelters": the name taken for an adverb
    doc = _doc([("With", "ADP", "prep", 6), ("help", "NOUN", "pobj", 0), ("from", "ADP", "prep", 1),
                ("donors", "NOUN", "pobj", 2), (",", "PUNCT", "punct", 6), ("UNHCR", "ADV", "advmod", 6),
                ("built", "VERB", "ROOT", 6), ("shelters", "NOUN", "dobj", 6), (".", "PUNCT", "punct", 6)])
    assert tree.subject(doc[6]).text == "UNHCR"


def test_an_all_capitals_word_inside_the_clause_is_not_the_subject() -> None:
    # "Prices rose, NOT sharply fell": a capitalised word after a comma that closes no introductory phrase
    doc = _doc([("Prices", "NOUN", "nsubj", 1), ("rose", "VERB", "ROOT", 1), (",", "PUNCT", "punct", 5),
                ("NOT", "ADV", "advmod", 5), ("sharply", "ADV", "advmod", 5), ("fell", "VERB", "conj", 1)])
    subject = tree.subject(doc[5])
    assert subject is None or subject.i != 3
