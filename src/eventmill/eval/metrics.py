"""Metrics of docs/EVALUATION.md, computed from gold records and predicted events.

Each scorer takes the gold records (as read from the annotated set) and the predictions
(events in the output contract, or ``annotate`` records for time and place). ``SCORERS``
maps a set's kind to the scorer that returns a :class:`~eventmill.eval.stats.Scored`
(figures, per-unit counts for the bootstrap, the figures' formulas); the ``score_*``
functions return just the figures. They follow the reference scorers' definitions
(``../shared/tools/score.py``, ``score_articles.py``); tests check both agree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventmill.eval import articles, ipe, sentences, spans
from eventmill.eval.common import (
    CODE_ALIASES,
    NON_STATE,
    OLD_TO_NEW,
    PLOVER_QUAD_CLASS,
    cameo_penta,
    event_penta,
    gold_party,
    group_by_story,
    party,
)
from eventmill.eval.spans import km_between
from eventmill.eval.stats import Scored

__all__ = [
    "CODE_ALIASES",
    "NON_STATE",
    "OLD_TO_NEW",
    "PLOVER_QUAD_CLASS",
    "SCORERS",
    "cameo_penta",
    "event_penta",
    "gold_party",
    "group_by_story",
    "km_between",
    "party",
    "score_articles",
    "score_geo",
    "score_ipe",
    "score_penta",
    "score_petrarch",
    "score_plover",
    "score_timex",
]

Scorer = Callable[[list[dict[str, Any]], list[dict[str, Any]]], Scored]

SCORERS: dict[str, Scorer] = {
    "plover": sentences.plover,
    "penta": sentences.penta,
    "petrarch": sentences.petrarch,
    "timex": spans.timex,
    "geo": spans.geo,
    "articles": articles.score,
    "ipe": ipe.score,
}


def _figures_only(scorer: Scorer) -> Callable[[list[dict[str, Any]], list[dict[str, Any]]], dict[str, Any]]:
    def score(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
        return scorer(gold, pred).result

    score.__doc__ = scorer.__doc__
    return score


score_plover = _figures_only(sentences.plover)
score_penta = _figures_only(sentences.penta)
score_petrarch = _figures_only(sentences.petrarch)
score_timex = _figures_only(spans.timex)
score_geo = _figures_only(spans.geo)
score_articles = _figures_only(articles.score)
score_ipe = _figures_only(ipe.score)  # pred: events mapped to the gold sentences (ipe.to_sentences)
