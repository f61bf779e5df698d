"""Roundups: one article of many short stories ("News from around our 50 states"), each opening with its place's
dateline ("Miami: ..."), whose people are no part of the next story (pure functions, no models)."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence

# "Miami: The state's ...", "Salt Lake City: Voter fraud ..."
DATELINE = re.compile(r"([A-Z][\w.’'-]*(?:[ \t][A-Z][\w.’'-]*){0,3}):[ \t]+[A-Z“\"]")


def datelines(text: str, starts: Sequence[int]) -> set[int]:
    """Of the positions given (sentence or line starts), those where a roundup's story opens with its dateline:
    places each open one or two stories of three or more; a label ("Background:", "STORY:") opens many."""
    opening = {p: m.group(1) for p in starts if (m := DATELINE.match(text, p))}
    count = Counter(opening.values())
    if len(count) < 3:
        return set()
    return {p for p, place in opening.items() if count[place] <= 2 and not place.isupper()}


_HEADING = re.compile(r"\n[ \t]*([^\n.!?:]{1,40})[ \t]*\n\s*$")  # "Florida" on its own line above a story


def story_at(text: str, pos: int) -> tuple[int, int] | None:
    """The span of the roundup story holding pos, with the heading line above its dateline ("Florida"); None when
    the text is no roundup, or pos lies before its first story."""
    lines = [0, *(m.end() for m in re.finditer(r"\n", text))]
    opens = sorted(datelines(text, lines))
    i = bisect.bisect_right(opens, pos) - 1
    if i < 0:
        return None
    return _with_heading(text, opens[i]), (_with_heading(text, opens[i + 1]) if i + 1 < len(opens) else len(text))


def _with_heading(text: str, start: int) -> int:
    m = _HEADING.search(text, max(0, start - 60), start)
    return m.start(1) if m else start
