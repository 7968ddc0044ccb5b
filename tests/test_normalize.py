"""normalize: the text the NLP sees, and the offset map back to what the user gave."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eventmill.normalize import detect_language, normalize_text


def _check_map(original: str) -> None:
    norm = normalize_text(original)
    n = len(norm.text)
    prev_start = 0
    for i in range(n):
        s, e = norm.to_original(i, i + 1)
        assert 0 <= s <= e <= len(original)
        assert s >= prev_start, "the map must be monotonic"
        prev_start = s
    # any span maps inside the original and keeps its order
    if n:
        s, e = norm.to_original(0, n)
        assert 0 <= s <= e <= len(original)


def test_unchanged_text_is_identity():
    text = "Iraq and the United States agreed on Monday to end the combat mission."
    norm = normalize_text(text)
    assert norm.identity and norm.text == text
    assert norm.to_original(5, 8) == (5, 8)


def test_quotes_spaces_and_entities_map_back():
    text = "The country\u2019s  leader said \u201cno\u201d\u2026 &amp; left.\r\n\r\n\r\nNext\u00a0para."
    norm = normalize_text(text)
    assert norm.text == 'The country\'s leader said "no"... & left.\n\nNext para.'
    i = norm.text.index("leader")
    s, e = norm.to_original(i, i + len("leader"))
    assert text[s:e] == "leader"
    i = norm.text.index("&")
    s, e = norm.to_original(i, i + 1)
    assert text[s:e] == "&amp;"
    i = norm.text.index("Next")
    s, e = norm.to_original(i, i + 4)
    assert text[s:e] == "Next"


def test_mojibake_repaired_with_offsets():
    text = "The ministerâ€™s visit to CafÃ© Riche was cancelled."
    norm = normalize_text(text)
    assert norm.text == "The minister's visit to Café Riche was cancelled."
    i = norm.text.index("Café")
    s, e = norm.to_original(i, i + 4)
    assert text[s:e] == "CafÃ©"
    i = norm.text.index("visit")
    assert text[slice(*norm.to_original(i, i + 5))] == "visit"


def test_legitimate_accents_are_left_alone():
    text = "Peña Nieto met Erdoğan and Müller in Zürich."
    assert normalize_text(text).text == text


def test_invisible_characters_removed():
    text = "Bei\u00adrut\u200b talks"
    norm = normalize_text(text)
    assert norm.text == "Beirut talks"
    i = norm.text.index("talks")
    assert text[slice(*norm.to_original(i, i + 5))] == "talks"


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab .,\n\r\t\u00a0\u2019\u201c\u201d\u2026&;#x1\u200bÃ©â€™Â")), max_size=80)
)
def test_offset_map_is_total_and_monotonic(text):
    _check_map(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_offset_map_on_any_unicode(text):
    _check_map(text)


def test_language_detection():
    assert detect_language("Biden met Kadhimi in Washington on Monday.") == "en"
    assert detect_language("Le président français a rencontré son homologue allemand lundi à Berlin.") == "fr"
    assert detect_language("Der Bundeskanzler hat am Montag in Berlin seinen Amtskollegen aus Polen getroffen.") == "de"
