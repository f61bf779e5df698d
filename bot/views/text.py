"""Text within Discord's limits: escaping, neutralised mentions, clipping, links and fitted embeds.

Exactness and mentions, decided: a quote's words reach the reader exactly as the article has them. The text is
never reworded, and a long quote is only ever cut to a prefix that ends in "…". What we do add is invisible to
readers: a backslash before markdown characters (so `*`, `_`, `<@123>` or `# ` in an article show as written
instead of formatting or turning into a mention pill) and a zero-width space after "@" in "@everyone",
"@here" and raw mention syntax. Pings are prevented by `allowed_mentions=AllowedMentions.none()` on every
message (and on the client); the zero-width space is a second lock on text we put in message content.
`visible()` undoes the invisible additions, which is how the tests check that a quote stayed exact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

import discord

from index import fmt_date

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELDS_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000

QUOTE_LIMIT = 1000  # characters of one quote in an answer; longer ones are cut to a prefix with "…"
QUOTES_PER_PAGE = 3
ELLIPSIS = "…"
ZWSP = "\u200b"
COLOUR = discord.Colour(0x2B6CB0)
WARN_COLOUR = discord.Colour(0xC05621)

NO_PINGS = discord.AllowedMentions.none()

_URL = re.compile(r"https?://[^\s<>]+")
_ANYWHERE = re.compile(r"([\\*_~|`\[\]<])")
_LINE_START = re.compile(r"^([ \t]*)([#>+-]|\d+\.)", re.MULTILINE)
_MENTION = re.compile(r"@(everyone|here|[!&]?[0-9]{15,20})")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")




def neutralise(text: str) -> str:
    """Break "@everyone", "@here" and raw mention syntax with an invisible zero-width space."""
    return _MENTION.sub("@" + ZWSP + r"\1", text)


def _escape_plain(text: str) -> str:
    text = _ANYWHERE.sub(r"\\\1", text)

    def mark(m: re.Match[str]) -> str:
        lead, token = m.group(1), m.group(2)
        return lead + (token[:-1] + "\\." if token.endswith(".") else "\\" + token)

    return _LINE_START.sub(mark, text)


def escape(text: str) -> str:
    """Text shown exactly as written: markdown and mention syntax escaped invisibly (URLs left intact)."""
    out: list[str] = []
    pos = 0
    for m in _URL.finditer(text):
        out.append(_escape_plain(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_escape_plain(text[pos:]))
    return neutralise("".join(out))


def visible(text: str) -> str:
    """What a reader sees of escaped text: the invisible escapes removed (the inverse of escape())."""
    return _UNESCAPE.sub(r"\1", text.replace("@" + ZWSP, "@"))


def clip(text: str, limit: int) -> str:
    """Plain text cut to at most `limit` characters, ending in "…" when cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + ELLIPSIS


def clip_escaped(raw: str, limit: int) -> str:
    """escape(raw) within `limit` characters; when too long, an escaped prefix of raw (at a word break) + "…"."""
    full = escape(raw)
    if len(full) <= limit:
        return full
    lo, hi = 0, len(raw)
    while lo < hi:  # the longest prefix whose escaped form and the ellipsis fit
        mid = (lo + hi + 1) // 2
        if len(escape(raw[:mid])) + len(ELLIPSIS) <= limit:
            lo = mid
        else:
            hi = mid - 1
    cut = lo
    space = raw.rfind(" ", 0, cut + 1)
    if space > cut * 0.6:
        cut = space
    return escape(raw[:cut].rstrip()) + ELLIPSIS


def link(label: str, url: str, *, preview: bool = True) -> str:
    """A masked link, or just the label when the URL is not a web address; preview=False suppresses the preview."""
    if not url.startswith(("http://", "https://")):
        return label
    safe = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace(">", "%3E").replace("<", "%3C")
    return f"[{label}]({safe})" if preview else f"[{label}](<{safe}>)"


def date_range(start: datetime, end: datetime) -> str:
    last = end - timedelta(microseconds=1)  # windows are [start, end)
    first, final = fmt_date(start), fmt_date(last if last >= start else start)
    return first if first == final else f"{first} to {final}"




def lines_within(lines: Sequence[str], limit: int, sep: str = "\n") -> str:
    """Whole lines joined by `sep` within `limit`, ending with "…and N more" when some did not fit."""
    kept: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        gap = len(sep) if kept else 0
        after = len(lines) - i - 1
        reserve = len(f"{sep}…and {after} more") if after else 0
        if used + gap + len(line) + reserve > limit:
            break
        kept.append(line)
        used += gap + len(line)
    if len(kept) == len(lines):
        return sep.join(kept)
    if not kept:  # a single line longer than the limit: a plain cut is the best we can do
        return clip(lines[0], limit)
    return sep.join([*kept, f"…and {len(lines) - len(kept)} more"])





def embed_size(embed: discord.Embed) -> int:
    """Characters Discord counts toward the 6000 total of an embed."""
    return len(embed)


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Enforce every embed limit: at most 25 fields, each part within its cap, 6000 characters in all."""
    if embed.title and len(embed.title) > TITLE_LIMIT:
        embed.title = clip(embed.title, TITLE_LIMIT)
    if embed.description and len(embed.description) > DESCRIPTION_LIMIT:
        embed.description = clip(embed.description, DESCRIPTION_LIMIT)
    fields = embed.fields
    if len(fields) > FIELDS_LIMIT:
        for _ in range(len(fields) - FIELDS_LIMIT):
            embed.remove_field(FIELDS_LIMIT)
    for i, f in enumerate(embed.fields):
        name, value = clip(f.name or "\u200b", FIELD_NAME_LIMIT), clip(f.value or "\u200b", FIELD_VALUE_LIMIT)
        if (name, value) != (f.name, f.value):
            embed.set_field_at(i, name=name, value=value, inline=bool(f.inline))
    if embed.footer.text and len(embed.footer.text) > FOOTER_LIMIT:
        embed.set_footer(text=clip(embed.footer.text, FOOTER_LIMIT))
    over = embed_size(embed) - EMBED_TOTAL_LIMIT
    while over > 0 and embed.fields:  # drop trailing fields first, then shorten the description
        embed.remove_field(len(embed.fields) - 1)
        over = embed_size(embed) - EMBED_TOTAL_LIMIT
    if over > 0 and embed.description:
        embed.description = clip(embed.description, max(1, len(embed.description) - over))
    return embed




def timestamp(d: datetime | None, style: str = "R") -> str:
    """A Discord timestamp (shown in each reader's own timezone), or "never"."""
    return f"<t:{int(d.timestamp())}:{style}>" if d else "never"


