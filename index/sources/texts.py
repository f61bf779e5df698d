"""Plain text and Markdown -> drafts: front matter, Markdown syntax, hard wrapping, scraped pages."""

from __future__ import annotations

import logging
import re

from index.sources.dates import parse_published
from index.sources.paragraphs import Draft, finish_draft
from index.sources.saved_pages import looks_like_page, split_page

log = logging.getLogger(__name__)

_FRONT_KEY = re.compile(r"^(?P<key>[A-Za-z][\w-]*)\s*:\s*(?P<value>.*)$")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MD_QUOTE = re.compile(r"^\s*>\s?")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, text
    meta: dict[str, str] = {}
    for i, line in enumerate(lines[1:60], start=1):
        if line.strip() in ("---", "..."):
            return meta, "\n".join(lines[i + 1 :])
        match = _FRONT_KEY.match(line.strip())
        if match:
            meta[match["key"].lower()] = match["value"].strip().strip("\"'")
        elif line.strip():
            break  # not front matter after all
    return {}, text


def _markdown_line(line: str) -> str:
    heading = _MD_HEADING.match(line)
    if heading:
        line = heading[1]
    if _MD_RULE.match(line):
        return ""
    line = _MD_QUOTE.sub("", line)
    line = _MD_LIST.sub("", line)
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_STRONG.sub(r"\2", line)
    return _MD_EM.sub(r"\1", line)


_SENTENCE_BREAK = re.compile(r"[.!?:;][\"'”’)\]]*$")


def _wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped text was wrapped at, or None when it was not wrapped.

    A wrapper breaks a line only where the next word would not fit, so at a wrap the line plus the next word
    run past the width; and most wraps fall inside a sentence. Lines of a page copied from a browser (one line
    per block) are either far longer than any wrap width or end where their sentence ends.
    """
    widths = [len(line.rstrip()) for line in lines if line.strip()]
    if not widths:
        return None
    width = max((w for w in widths if w <= 120), default=0)
    if not 40 <= width <= 100:
        return None
    wraps = mid_sentence = 0
    for a, b in zip(lines, lines[1:], strict=False):
        a, b = a.rstrip(), b.strip()
        if a.strip() and b and len(a) + 1 + len(b.split()[0]) > width:
            wraps += 1
            mid_sentence += not _SENTENCE_BREAK.search(a) or b[0].islower()
    return width if wraps >= 2 and mid_sentence >= 0.5 * wraps else None


def _continues(a: str, b: str, after: str | None, width: int) -> bool:
    """Whether line b is the wrapped rest of line a's paragraph (a as measured, b and the line after it stripped).

    a must be full: the wrapper would have put b's first word on it had it fitted. Full lines also end short
    paragraphs by chance, so one more sign is needed: a stops mid-sentence, b starts in lower case, or b is
    itself full or ends its block. A label and the address on the next line ("... by email:") are two lines,
    and so is a line printed twice (a headline repeated under itself is never the rest of it).
    """
    if not a.strip() or not b or len(a) + 1 + len(b.split()[0]) <= width or a.strip() == b:
        return False
    if a.endswith(":") and " " not in b:
        return False
    mid_sentence = not _SENTENCE_BREAK.search(a)
    lower = b[0].islower() and not ("@" in b.split()[0] or "://" in b.split()[0])
    if not after:
        return True  # b ends its block
    full = len(b) + 1 + len(after.split()[0]) > width
    return mid_sentence or lower or full


def unwrap(lines: list[str]) -> list[str]:
    """Hard-wrapped lines rejoined into one line per paragraph; other lines, and texts not wrapped, as they are."""
    width = _wrap_width(lines)
    if width is None:
        return lines
    raw = [line.rstrip() for line in lines]
    out: list[str] = []
    for i, line in enumerate(raw):
        text = line.strip()
        after = raw[i + 1].strip() if i + 1 < len(raw) else None
        # the previous line's raw length (indentation included) is what the wrapper measured
        if text and out and out[-1] and _continues(raw[i - 1], text, after, width):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out


def _paragraph_lines(text: str, markdown: bool) -> list[str]:
    """One line per paragraph: Markdown blocks and hard-wrapped blocks are joined, other lines kept."""
    raw = text.splitlines()
    if markdown:
        out: list[str] = []
        block: list[str] = []
        for line in [*raw, ""]:
            standalone = bool(_MD_HEADING.match(line) or _MD_LIST.match(line) or _MD_RULE.match(line))
            if not line.strip() or standalone:
                if block:
                    out.append(" ".join(block))
                    block = []
                if standalone:
                    out.append(_markdown_line(line).strip())
                continue
            block.append(_markdown_line(line).strip())
        return out
    return unwrap(raw)


def parse_text(text: str, *, markdown: bool = False) -> list[Draft]:
    """Articles from plain text or Markdown: front matter, a scraped page, or a title line and a body."""
    meta, body = _front_matter(text)
    lines = _paragraph_lines(body, markdown)
    if not meta and looks_like_page("\n".join(lines)):
        log.debug("text looks like a saved web page; splitting it into its stories")
        return split_page("\n".join(lines))
    paragraphs = [p for p in (" ".join(line.split()) for line in lines) if p]
    title = meta.get("title", "")
    if not title and paragraphs:
        title, paragraphs = paragraphs[0], paragraphs[1:]
    draft = Draft(
        title=title,
        paragraphs=paragraphs,
        source=meta.get("source", ""),
        authors=[a.strip() for a in meta.get("authors", meta.get("author", "")).split(",") if a.strip()],
        published=parse_published(meta.get("published") or meta.get("date")),
        url=meta.get("url", ""),
    )
    return [finish_draft(draft)]
