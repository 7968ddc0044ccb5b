"""Text normalization with an exact offset map back to the original text."""

from __future__ import annotations

import html
import re
from array import array

import ftfy

from eventmill.records import NormalizedText

# Horizontal whitespace, including the Unicode spaces news sites love (no-break, thin, ...).
_HWS = "[ \\t\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000]"
_NL = "(?:\\r\\n|\\r|\\n|\\u2028|\\u2029)"

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"

# One pass over the text; each alternative is a kind of change. Order matters: paragraph
# breaks before single newlines before plain whitespace runs.
_PATTERN = re.compile(
    "|".join(
        [
            f"(?P<para>(?:{_HWS}*{_NL}){{2,}}{_HWS}*)",
            f"(?P<nl>{_HWS}*{_NL}{_HWS}*)",
            f"(?P<space>{_HWS}{{2,}}|[\\t\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000])",
            f"(?P<squote>[{_SINGLE_QUOTES}])",
            f"(?P<dquote>[{_DOUBLE_QUOTES}])",
            "(?P<ellipsis>\u2026)",
            "(?P<entity>&(?:[a-zA-Z]{2,8}|#[0-9]{2,6}|#[xX][0-9a-fA-F]{2,5});)",
            "(?P<invisible>[\\u00ad\\u200b-\\u200d\\u2060\\ufeff\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f])",
        ]
    )
)

# Runs of characters that mojibake is made of: UTF-8 bytes wrongly decoded as cp1252 or
# Latin-1 ("â€™" for "’", "Ã©" for "é"). Only runs of two or more are candidates; ftfy
# decides whether a run really is mojibake, so legitimate accented text is left alone.
_MOJIBAKE_RUN = re.compile(
    "[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}"
)
_MOJIBAKE_HINT = re.compile("[\u00c2\u00c3\u00c5\u00e2\u00d0\u00d1\u00d8\u00d9]")


def _identity(text: str) -> NormalizedText:
    return NormalizedText(text, len(text), array("i"), array("i"), True)


class _Builder:
    """Accumulates output text and its per-character source spans."""

    __slots__ = ("ends", "parts", "starts")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts = array("i")
        self.ends = array("i")

    def copy(self, text: str, a: int, b: int, base_starts: array | None, base_ends: array | None) -> None:
        """Copy ``text[a:b]`` unchanged; spans come from the base map (or are a..b)."""
        if a >= b:
            return
        self.parts.append(text[a:b])
        if base_starts is None or base_ends is None:
            self.starts.extend(range(a, b))
            self.ends.extend(range(a + 1, b + 1))
        else:
            self.starts.extend(base_starts[a:b])
            self.ends.extend(base_ends[a:b])

    def replace(self, new: str, a: int, b: int, base_starts: array | None, base_ends: array | None) -> None:
        """Emit ``new`` for ``text[a:b]``; every new character covers the whole old span."""
        if not new:
            return
        self.parts.append(new)
        if base_starts is None or base_ends is None:
            s, e = a, b
        else:
            s, e = base_starts[a], base_ends[b - 1]
        self.starts.extend([s] * len(new))
        self.ends.extend([e] * len(new))

    def text(self) -> str:
        return "".join(self.parts)


def _fix_mojibake(text: str) -> NormalizedText | None:
    """Repair runs of mojibake; None when there is none (the common case)."""
    if not _MOJIBAKE_HINT.search(text):
        return None
    out = _Builder()
    pos = 0
    changed = False
    for m in _MOJIBAKE_RUN.finditer(text):
        fixed = ftfy.fix_encoding(m.group())
        if fixed == m.group():
            continue
        changed = True
        out.copy(text, pos, m.start(), None, None)
        out.replace(fixed, m.start(), m.end(), None, None)
        pos = m.end()
    if not changed:
        return None
    out.copy(text, pos, len(text), None, None)
    return NormalizedText(out.text(), len(text), out.starts, out.ends, False)


def _replacement(m: re.Match[str]) -> str:
    kind = m.lastgroup
    if kind == "para":
        return "\n\n"
    if kind == "nl":
        return "\n"
    if kind == "space":
        return " "
    if kind == "squote":
        return "'"
    if kind == "dquote":
        return '"'
    if kind == "ellipsis":
        return "..."
    if kind == "entity":
        un = html.unescape(m.group())
        return un if un != m.group() else m.group()
    return ""  # invisible and control characters


def normalize_text(text: str) -> NormalizedText:
    """Normalize ``text`` for the NLP and keep the map back to it.

    Repairs mojibake where ftfy is sure, turns typographic quotes into ASCII ones, decodes
    HTML entities left in plain text, removes invisible characters, collapses runs of
    spaces to one, line-break runs to one newline and blank-line runs to one blank line.
    """
    mojibake = _fix_mojibake(text)
    src = mojibake.text if mojibake else text
    base_starts = mojibake.starts if mojibake else None
    base_ends = mojibake.ends if mojibake else None

    out = _Builder()
    pos = 0
    changed = mojibake is not None
    for m in _PATTERN.finditer(src):
        new = _replacement(m)
        if new == m.group():
            continue
        changed = True
        out.copy(src, pos, m.start(), base_starts, base_ends)
        out.replace(new, m.start(), m.end(), base_starts, base_ends)
        pos = m.end()
    if not changed:
        return _identity(text)
    out.copy(src, pos, len(src), base_starts, base_ends)
    return NormalizedText(out.text(), len(text), out.starts, out.ends, False)
