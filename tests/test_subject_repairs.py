"""tree.subject finds the subject of a clause the parser misattached (parses built by hand, so that
the test does not depend on what the model happens to do with a sentence)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from eventmill.lang import tree

# (what the parse shows, its (word, pos, dep, head) rows, the verb's index, the index the subject must have
# (positive) or must not have (negative, as ~index))
PARSES = [
    # the adverb leads the parser to make the auxiliary the subject's head
    ("Chile and Peru however have signed the treaty.",
     [("Chile", "PROPN", "nsubj", 4), ("and", "CCONJ", "cc", 0), ("Peru", "PROPN", "conj", 0),
      ("however", "ADV", "advmod", 5), ("have", "AUX", "aux", 5), ("signed", "VERB", "ROOT", 5),
      ("the", "DET", "det", 7), ("treaty", "NOUN", "dobj", 5), (".", "PUNCT", "punct", 5)], 5, 0),
    # the subject of a passive is the one it is done to, not the doer
    ("Chile was heavily criticized.",
     [("Chile", "PROPN", "nsubj", 1), ("was", "AUX", "auxpass", 3), ("heavily", "ADV", "advmod", 3),
      ("criticized", "VERB", "ROOT", 3), (".", "PUNCT", "punct", 3)], 3, ~0),
    # a subject after the verb on its auxiliary (a question) is not taken
    ("Has it been postponed?",
     [("Has", "AUX", "aux", 3), ("it", "PRON", "nsubj", 0), ("been", "AUX", "auxpass", 3),
      ("postponed", "VERB", "ROOT", 3), ("?", "PUNCT", "punct", 3)], 3, ~1),
    # an all-capitals name taken for an adverb, opening the clause after an introductory phrase
    ("With help from donors, UNHCR built shelters.",
     [("With", "ADP", "prep", 6), ("help", "NOUN", "pobj", 0), ("from", "ADP", "prep", 1),
      ("donors", "NOUN", "pobj", 2), (",", "PUNCT", "punct", 6), ("UNHCR", "ADV", "advmod", 6),
      ("built", "VERB", "ROOT", 6), ("shelters", "NOUN", "dobj", 6), (".", "PUNCT", "punct", 6)], 6, 5),
    # a capitalised word after a comma that closes no introductory phrase
    ("Prices rose, NOT sharply fell",
     [("Prices", "NOUN", "nsubj", 1), ("rose", "VERB", "ROOT", 1), (",", "PUNCT", "punct", 5),
      ("NOT", "ADV", "advmod", 5), ("sharply", "ADV", "advmod", 5), ("fell", "VERB", "conj", 1)], 5, ~3),
]


@pytest.mark.parametrize(("text", "rows", "verb", "expected"), PARSES, ids=[p[0] for p in PARSES])
def test_subject_of_a_misattached_parse(text: str, rows: list[tuple[str, str, str, int]], verb: int,
                                        expected: int) -> None:
    words, pos, deps, heads = zip(*rows)
    doc = Doc(Vocab(), words=list(words), pos=list(pos), deps=list(deps), heads=list(heads),
              sent_starts=[True] + [False] * (len(rows) - 1))
    subject = tree.subject(doc[verb])
    if expected < 0:
        assert subject is None or subject.i != ~expected
    else:
        assert subject is not None and subject.i == expected
