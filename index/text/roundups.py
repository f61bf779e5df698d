"""Roundups: one article of many short stories ("News from around our 50 states"), each opening with its place's
dateline ("Miami: ..."), whose people are no part of the next story (pure functions, no models)."""

from __future__ import annotations

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
