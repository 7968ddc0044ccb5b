"""English number words, for the stages that read amounts written out ("twelve soldiers",
"three weeks later"). One table, so the time and size readers agree."""

from __future__ import annotations

CARDINALS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
}
TENS: dict[str, int] = {
    word: 10 * (i + 2) for i, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
