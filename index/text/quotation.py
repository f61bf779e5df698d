"""Quotation marks: where quotations open and close, so that sentences, quotes and speakers agree on them.

Curly marks say which way they face; a straight double quote opens after a space or bracket and closes
otherwise; a straight double quote after a digit (55") is an inch mark, never a quotation.
"""

from __future__ import annotations

import re

_QUOTE_CHAR = re.compile("[\"'“”‘’«»„]")
OPEN_D = "“«„"
CLOSE_D = "”»"
_OPENERS_BEFORE = " \t\n([{—–-/" + OPEN_D + "‘"
_CLOSERS_AFTER = " \t\n.,;:!?)]}—–-…" + CLOSE_D + "’\"'"


def quote_regions(line: str) -> list[tuple[int, int]]:
    """Outermost quoted spans of one paragraph (marks included); a double quote left open runs to its end."""
    regions: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    n = len(line)

    def close(kind: str, i: int) -> None:
        if any(k == kind for k, _ in stack):
            while stack:
                k, s = stack.pop()
                if k == kind:
                    break
        elif kind == "d" and stack:  # a single quote closed by a double one: typographers' slip
            s = stack[0][1]
            stack.clear()
        else:
            return
        if not stack:
            regions.append((s, i + 1))

    skip = -1
    for qm in _QUOTE_CHAR.finditer(line):
        i = qm.start()
        if i == skip:
            continue
        ch = line[i]
        prev = line[i - 1] if i else " "
        nxt = line[i + 1] if i + 1 < n else " "
        if doubled_single(line, i) and not (stack and stack[-1][0] == "s"):  # ’’ or '' for a double quote mark
            skip = i + 1
            after = line[i + 2] if i + 2 < n else " "
            if prev in _OPENERS_BEFORE and not after.isspace():
                stack.append(("d", i))
            elif any(k == "d" for k, _ in stack):
                close("d", i + 1)
        elif ch in OPEN_D:
            stack.append(("d", i))
        elif ch in CLOSE_D:
            close("d", i)
        elif ch == "‘":
            if prev.isalnum() and nxt.isalnum():
                continue
            if not any(k == "s" for k, _ in stack):
                stack.append(("s", i))
        elif ch == '"':
            if prev in _OPENERS_BEFORE and not nxt.isspace():
                stack.append(("d", i))
            elif nxt in _CLOSERS_AFTER or any(k == "d" for k, _ in stack):
                close("d", i)
            else:
                stack.append(("d", i))
        else:  # ' or ’: apostrophe, or a single quote
            if prev.isalnum() and nxt.isalnum():
                continue
            inside = any(k == "s" for k, _ in stack)
            if prev in _OPENERS_BEFORE and not nxt.isspace():
                if not inside:
                    stack.append(("s", i))
            elif nxt in _CLOSERS_AFTER and inside:
                close("s", i)
            elif nxt in _CLOSERS_AFTER and not prev.isalnum() and len(stack) > 1 and stack[-1][0] == "d":
                stack.pop()  # a quotation inside another opened double and closed single ('a “pandemic,’ ”')
    if stack:
        first = next((s for k, s in stack if k == "d"), None)
        if first is not None:  # the news convention: a quote running on into the next paragraph
            regions.append((min(first, stack[0][1]), n))
    return regions


def quoted_share(text: str) -> float:
    """The share of a text inside quotation marks, read paragraph by paragraph as quote_regions reads them."""
    return sum(b - a for line in text.split("\n") for a, b in quote_regions(line)) / max(len(text), 1)


def doubled_single(text: str, i: int) -> bool:
    """Whether text[i:i+2] is a pair of single marks (’’ or '') that some pages type for a double quote mark."""
    return text[i : i + 1] in ("’", "'") and text[i + 1 : i + 2] == text[i]


def leaves_open(sentence: str) -> bool:
    """The sentence leaves a double quotation open."""
    return _open_quotation(sentence)[0]


def closes_unopened(sentence: str) -> bool:
    """The sentence closes a quotation it did not open."""
    return _open_quotation(sentence)[1]


_SENTENCE_END = re.compile(r"[.!?\u2026][\"\u201d\u2019')\]]*(?=\s|$)")
_SENTENCE_START = re.compile(r"(?:^|[.!?\u2026][\"\u201d\u2019')\]]*\s+|\n)(?=\S)")


def _open_quotation(text: str) -> tuple[bool, bool]:
    """(a quotation opens in text and is not closed in it, text begins inside a quotation closed in it); a
    straight mark and a curly one pair up ('"We will win,” she said': one quotation, opened and closed)."""
    depth = low = 0
    skip = -1
    for i, ch in enumerate(text):
        if i == skip:
            continue
        if ch == "\u201c":
            depth += 1
        elif ch == "\u201d":
            depth -= 1
        elif ch == '"' and not is_inch_mark(text, i):
            depth += 1 if _opener(text, i) else -1
        elif doubled_single(text, i):
            depth += 1 if _opener(text, i) else -1
            skip = i + 1
        else:
            continue
        low = min(low, depth)
    return depth > low, low < 0


def is_inch_mark(text: str, i: int) -> bool:
    """Whether the straight double quote at i follows a digit (55" screens): a unit, not a quotation mark."""
    return i > 0 and text[i - 1].isdigit()


def _mark(text: str, curly: str, start: int, stop: int, *, last: bool = False) -> int:
    """The first (or last) quotation mark in text[start:stop]: the curly one given or a straight double quote
    that is not an inch mark; -1 if none."""
    span = range(start, min(stop, len(text)))
    return next((i for i in (reversed(span) if last else span)
                 if text[i] == curly or (text[i] == '"' and not is_inch_mark(text, i)) or doubled_single(text, i)), -1)


def _opener(text: str, i: int) -> bool:
    """Whether the straight quote mark at i opens a quotation (at the start, or after a space or bracket)."""
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([{\u2014-"


def close_quotation(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """[start, end) of text widened so that it leaves no quotation half open: on to the end of the sentence
    where an opened quotation closes, and back to the start of the sentence where a closed one opened, when that
    lies within reach characters; otherwise as it was."""
    if reach <= 0:
        return start, end
    opens_at_end, closed_at_start = _open_quotation(text[start:end])
    if opens_at_end:
        closing = _mark(text, "\u201d", end, end + reach)
        if closing >= 0:
            m = _SENTENCE_END.search(text, max(end, closing - 1), min(len(text), end + reach))
            if m:
                end = m.end()
    if closed_at_start:
        window_start = max(0, start - reach)
        opening = _mark(text, "\u201c", window_start, start, last=True)
        if opening >= 0:
            starts = [m.end() for m in _SENTENCE_START.finditer(text, window_start, opening + 1)]
            if starts:
                start = starts[-1]
    return start, end
