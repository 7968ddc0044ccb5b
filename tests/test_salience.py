"""Salience: the sentence's main event or background to it (events/salience.py), and the
sentence-level choice that prefers a main event. Sentences written for these tests."""

from __future__ import annotations

import pytest

import eventmill
from eventmill.eval.common import sentence_event


def salience_of(text: str) -> dict[str, str]:
    """trigger text -> salience for every record of a one-sentence story."""
    return {e["event_text"]: e["salience"] for e in eventmill.code(text, date="2024-05-11")}


@pytest.mark.parametrize("text, trigger, kind", [
    # a relative clause tells what happened to a party before the news
    ("Ugandan authorities freed a journalist who had been detained at the border last month.", "freed", "main"),
    ("Ugandan authorities freed a journalist who had been detained at the border last month.", "detained",
     "background"),
    ("Police in Dhaka arrested Rahman, the activist who organised the strike.", "arrested", "main"),
    ("Police in Dhaka arrested Rahman, the activist who organised the strike.", "organised strike", "background"),
    # a participle modifier of a noun
    ("The soldiers arrested in Goma on Friday were handed over to a military court.", "arrested", "background"),
    # temporal subordinate clauses, by a mark ("after") and by an adverb ("when")
    ("After gunmen attacked a police post in Kaduna, the army deployed troops to the area.", "attacked",
     "background"),
    ("After gunmen attacked a police post in Kaduna, the army deployed troops to the area.", "deployed", "main"),
    ("Bolivian police detained two union leaders when miners blocked the highway to La Paz.", "detained", "main"),
    ("Bolivian police detained two union leaders when miners blocked the highway to La Paz.", "blocked",
     "background"),
    # an apposition that describes a party by what it did
    ("Mexican police arrested the mayor of Iguala, the official who ordered the raid on the students.",
     "ordered raid", "background"),
    ("Mexican police arrested the mayor of Iguala, the official who ordered the raid on the students.",
     "arrested", "main"),
    # negatives: the main clause after a background phrase, a promise under a condition
    ("Amid protests by farmers in Punjab, police detained forty people on Sunday.", "detained", "main"),
    ("Sudan's army said it would withdraw from the town if the rebels released their prisoners.", "withdraw from",
     "main"),
    # negatives: the reported event under a reporting verb, coordinated events, a verb's complement
    ("The Peruvian minister said police had arrested the mayor of Cusco.", "arrested", "main"),
    ("Chile and Argentina signed a border accord and agreed to hold joint patrols.", "signed", "main"),
    ("Chile and Argentina signed a border accord and agreed to hold joint patrols.", "agreed hold", "main"),
    ("Ghana's president visited Togo and met its prime minister.", "visited", "main"),
    ("Ghana's president visited Togo and met its prime minister.", "met", "main"),
    ("Vietnam accused China of ramming a fishing boat near the Paracel Islands.", "accused", "main"),
])
def test_salience_by_clause_kind(text: str, trigger: str, kind: str) -> None:
    assert salience_of(text)[trigger] == kind


def test_the_sentence_event_is_a_main_one_before_a_more_confident_background_one() -> None:
    release = {"event": "RETREAT", "salience": "main", "confidence": 0.4}
    arrest = {"event": "COERCE", "salience": "background", "confidence": 0.9}
    assert sentence_event([arrest, release], main_first=True) is release
    assert sentence_event([arrest, release]) is arrest  # the reference scorer's reading: the most confident
    assert sentence_event([arrest], main_first=True) is arrest  # a background event alone still stands for its sentence
    older = {"event": "ASSAULT", "confidence": 0.5}  # output written before salience: main
    assert sentence_event([arrest, older], main_first=True) is older
    assert sentence_event([], main_first=True) is None


def test_the_penta_scorer_reads_the_main_event_beside_the_reference_figure() -> None:
    """One sentence: a release (class 2) told with the arrest before it (class 4, more confident).
    The headline accuracy reads the most confident event, as ``score.py penta`` does; the
    main-first figure beside it reads the release."""
    from eventmill.eval.sentences import penta

    gold = [{"id": "s1", "text": "...", "events": [{"type": "2"}]}]
    release = {"story_id": "s1", "event": "RETREAT", "cameo": "0841", "aux": [], "salience": "main",
               "confidence": 0.5}
    arrest = {"story_id": "s1", "event": "COERCE", "cameo": "173", "aux": [], "salience": "background",
              "confidence": 0.9}
    scored = penta(gold, [release, arrest]).result
    assert (scored["accuracy"], scored["main_first_accuracy"]) == (0.0, 1.0)
    arrest_main = {**arrest, "salience": "main"}  # both main: the most confident decides
    assert penta(gold, [release, arrest_main]).result["main_first_accuracy"] == 0.0
