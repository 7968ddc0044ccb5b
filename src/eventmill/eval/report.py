"""The printed report of ``eventmill eval``: a compact summary with intervals, then tables."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from eventmill.eval.articles import FIELDS


def _table(rows: list[list[Any]], header: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths).rstrip())
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


class _Figures:
    """Formats a result's figures with their intervals: ``0.806 [0.752, 0.853]``."""

    def __init__(self, res: dict[str, Any]) -> None:
        self.res = res
        self.ci = res.get("ci") or {}

    def at(self, key: str) -> str:
        """The result's own figure ``key``, with its interval."""
        return self(key, self.res[key])

    def __call__(self, key: str, value: float | None) -> str:
        lo_hi = self.ci.get(key)
        if value is None or not lo_hi:
            return _num(value)
        return f"{value:.3f} [{lo_hi[0]:.3f}, {lo_hi[1]:.3f}]"


Lines = tuple[list[str], list[str]]  # the summary, then the tables


def _plover(res: dict[str, Any], fig: _Figures) -> Lines:
    summary = [
        f"stories {res['stories']}  predicted events {res['pred_events']}",
        f"type     P {fig.at('type_p')}  R {fig.at('type_r')}  F1 {fig.at('type_f1')}",
        f"triple   P {fig.at('triple_p')}  R {fig.at('triple_r')}  F1 {fig.at('triple_f1')}",
        f"actor accuracy {fig.at('actor_acc')}  recipient accuracy {fig.at('recipient_acc')}",
        _calibration_line(res, fig),
    ]
    out = ["", _table([[t, v["tp"], v["fp"], v["fn"], _num(v["p"]), _num(v["r"]), fig(f"per_type.{t}.f1", v["f1"])]
                       for t, v in res["per_type"].items()], ["type", "tp", "fp", "fn", "P", "R", "F1 [95% CI]"])]
    if res.get("curve"):
        out.append("\nthreshold curve (--min-confidence)")
        rows = []
        for c in res["curve"]:
            ci = _Figures(c)
            rows.append([c["min_confidence"], _num(c["type_p"]), _num(c["type_r"]), ci("type_f1", c["type_f1"]),
                         ci("triple_f1", c["triple_f1"])])
        out.append(_table(rows, ["min", "type P", "type R", "type F1", "triple F1"]))
    out += _calibration_table(res, fig)
    conf = res.get("confusion") or {}
    return summary, out + _confusion(conf, "type", sorted({c for r in conf.values() for c in r}))


def _confusion(conf: dict[str, dict[str, int]], what: str, cols: list[str]) -> list[str]:
    if not conf:
        return []
    rows: list[list[Any]] = [[g] + [row.get(c, "") for c in cols] for g, row in conf.items()]
    return [f"\nconfusion (rows: gold {what}; columns: predicted)", _table(rows, ["gold"] + [c[:6] for c in cols])]


def _penta(res: dict[str, Any], fig: _Figures) -> Lines:
    summary = [
        f"sentences {res['n']}  accuracy {fig.at('accuracy')}  macro-F1 {fig.at('macro_f1')}",
        f"actor spans overlapped {fig.at('actor_span_share')} (of {res['actor_spans']})",
        f"accuracy reading the main event before background ones (salience) {fig.at('main_first_accuracy')}",
    ]
    tables = ["", _table([[c, v["n"], _num(v["p"]), _num(v["r"]), fig(f"per_class.{c}.f1", v["f1"])]
                          for c, v in res["per_class"].items()], ["class", "n", "P", "R", "F1 [95% CI]"])]
    return summary, tables + _confusion(res["confusion"], "class", [str(c) for c in range(5)])


def _petrarch(res: dict[str, Any], fig: _Figures) -> Lines:
    return [f"records {res['records']}  exact {res['exact']}",
            f"triples P {fig.at('p')}  R {fig.at('r')}  F1 {fig.at('f1')}"], []


def _timex(res: dict[str, Any], fig: _Figures) -> Lines:
    return [
        f"gold {res['gold']}  predicted {res['pred']}",
        f"strict span F1 {fig.at('strict_f1')}",
        f"relaxed span F1 {fig.at('relaxed_f1')}  P {fig.at('relaxed_p')}  R {fig.at('relaxed_r')}",
        f"value F1 {fig.at('value_f1')}  value accuracy on matched {fig.at('value_acc_on_matched')}",
    ], []


def _geo(res: dict[str, Any], fig: _Figures) -> Lines:
    return [
        f"gold toponyms {res['gold']}  predicted places {res['pred']}",
        f"accuracy@161km, all gold {fig.at('acc161')}  found {fig.at('acc161_found')}",
        f"toponyms found {fig.at('recall_found')}  precision {fig.at('precision')}",
    ], []


def _calibration_line(res: dict[str, Any], fig: _Figures) -> str:
    cal = res.get("calibration")
    if not cal:
        return ""
    return (f"calibration: ECE {fig('calibration.ece', cal['ece'])}; confidence >= 0.8: {cal['high_n']} records, "
            f"{fig('calibration.high', cal['high_right'] if cal['high_n'] else None)} right")


def _calibration_table(res: dict[str, Any], fig: _Figures) -> list[str]:
    cal = res.get("calibration")
    if not cal:
        return []
    rows = [[f"{b['lo']:.1f}-{b['hi']:.1f}", b["n"], _num(b["mean_confidence"]), fig(f"calibration.bin{i}", b["right"])]
            for i, b in enumerate(cal["bins"])]
    return [f"\ncalibration (right = {cal['correct_means']})",
            _table(rows, ["confidence", "records", "mean conf", "share right [95% CI]"])]


def _ipe(res: dict[str, Any], fig: _Figures) -> Lines:
    out = [f"sentences {res['sentences']} in {res['articles']} articles  events mapped {res['pred_events']}",
           f"macro-F1 {fig.at('macro_f1')}"]
    for lab in ("ANY_ACTION", "ARREST", "FORCE"):
        v = res[lab]
        out.append(f"{lab:<10} P {fig(f'{lab}.p', v['p'])}  R {fig(f'{lab}.r', v['r'])}  "
                   f"F1 {fig(f'{lab}.f1', v['f1'])}  (tp {v['tp']} fp {v['fp']} fn {v['fn']})")
    return [*out, _calibration_line(res, fig)], _calibration_table(res, fig)


def _profile(res: dict[str, Any], fig: _Figures, what: str) -> list[str]:
    rows = []
    for name, v in res[f"per_{what}"].items():
        key = f"per_{what}.{name}."
        rows.append([name, *([v["articles"]] if what == "outlet" else []), v["gold"], v["hit"],
                     fig(key + "recall", v["recall"]) if v["gold"] else "-", v["records"],
                     fig(key + "precision", v["precision"]) if v["records"] else "-",
                     v["dup"], v["false"], v["wrong_type"]])
    head = [what, *(["articles"] if what == "outlet" else []), "gold", "found", "recall [95% CI]", "records",
            "precision [95% CI]", "dup", "false", "wrong type"]
    return [f"\nerror profile per {what} (false includes wrong type)", _table(rows, head)]


def _articles(res: dict[str, Any], fig: _Figures) -> Lines:
    summary = [
        f"articles {res['articles']}  gold events {res['gold_events']}  records {res['records']}",
        f"event precision {fig.at('precision')}  recall {fig.at('recall')}  F1 {fig.at('f1')}",
        f"duplicates {fig.at('duplicate_rate')}  false events {fig.at('false_rate')}  "
        f"wrong type {fig.at('wrong_type_rate')}",
        f"full-record precision {fig.at('full_precision')}",
        "on hits: " + "  ".join(f"{f} {fig(f + '_acc', res[f + '_acc'])}" for f in FIELDS),
        _calibration_line(res, fig),
    ]
    return summary, _profile(res, fig, "type") + _profile(res, fig, "outlet") + _calibration_table(res, fig)


def _worst(res: dict[str, Any], n: int) -> list[str]:
    if res.get("worst_records"):
        worst = res["worst_records"][:n]
        out = [f"\nworst records ({len(worst)} listed; most confident first)"]
        for w in worst:
            out.append(f"  {w['story']}  {w['event']} ({w['confidence']:.2f}): {w['reason']}; trigger \"{w['text']}\"")
            out.append(f"      {w['sentence'][:150]}")
        missed = res.get("missed") or []
        out.append(f"\nmissed gold events ({min(n, len(missed))} of {len(missed)} listed)")
        out += [f"  {m['story']}  {m['event']}: {m['evidence']}" for m in missed[:n]]
        return out
    misses = res.get("worst_misses") or []
    if not misses:
        return []
    out = [f"\nworst misses ({min(n, len(misses))} of {len(misses)} listed):"]
    return out + ["  " + json.dumps(m, ensure_ascii=False, default=str)[:400] for m in misses[:n]]


_KINDS: dict[str, Callable[[dict[str, Any], _Figures], Lines]] = {
    "plover": _plover, "penta": _penta, "petrarch": _petrarch, "timex": _timex, "geo": _geo,
    "articles": _articles, "ipe": _ipe,
}


def format_comparison(res: dict[str, Any]) -> list[str]:
    comp = res.get("comparison")
    if not comp:
        return []
    rows = []
    for k, c in comp["figures"].items():
        flag = {"worse": "WORSE beyond noise", "better": "better beyond noise"}.get(c["verdict"], "")
        ci = f"[{c['ci'][0]:+.3f}, {c['ci'][1]:+.3f}]" if c["ci"] else "-"
        rows.append([k, _num(c["before"]), _num(c["after"]), f"{c['diff']:+.3f}", ci, flag])
    worse = [r[0] for r in rows if r[5].startswith("WORSE")]
    head = f"\ncompared with {comp['baseline']} (paired bootstrap over the same units)"
    summary = f"worse beyond noise: {', '.join(worse)}" if worse else "nothing worse beyond noise"
    return [head, _table(rows, ["figure", "before", "after", "change", "95% CI of change", ""]), summary]


_PLURAL = {"story": "stories"}


def format_report(res: dict[str, Any], n_misses: int = 10) -> str:
    """A human-readable report of :func:`eventmill.eval.evaluate`'s result."""
    kind = res["kind"]
    boot = res.get("bootstrap")
    out = [f"{res.get('gold_file', '')} ({kind})"]
    if boot:
        out.append(f"[95% intervals: {boot['resamples']:,} bootstrap resamples of the {boot['units']:,} "
                   f"{_PLURAL.get(boot['unit'], boot['unit'] + 's')}, seed {boot['seed']}]")
    summary, tables = _KINDS[kind](res, _Figures(res))
    out += [line for line in summary if line] + format_comparison(res) + tables + _worst(res, n_misses)
    return "\n".join(out)
