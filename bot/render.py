"""Pure functions that turn the engine's answers and reports into Discord messages within Discord's limits.

Exactness and mentions, decided: a quote's words reach the reader exactly as the article has them. The text is
never reworded, and a long quote is only ever cut to a prefix that ends in "…". What we do add is invisible to
readers: a backslash before markdown characters (so `*`, `_`, `<@123>` or `# ` in an article show as written
instead of formatting or turning into a mention pill) and a zero-width space after "@" in "@everyone",
"@here" and raw mention syntax. Pings are prevented by `allowed_mentions=AllowedMentions.none()` on every
message (and on the client); the zero-width space is a second lock on text we put in message content.
`visible()` undoes the invisible additions, which is how the tests check that a quote stayed exact.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePath
from typing import TYPE_CHECKING

import discord

from index.models import (
    Answer,
    Headline,
    IngestReport,
    Quote,
    RebuildProgress,
    RebuildReport,
    SourceInfo,
    Stats,
)
from index.render import fmt_date

if TYPE_CHECKING:  # index.answering.digest pulls in the search stack; rendering needs only its result types
    from index.answering.digest import Digest, DigestStory
    from index.subscriptions import Subscription

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
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


# ------------------------------------------------------------------------------------------------- text


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


def _date_range(start: datetime, end: datetime) -> str:
    last = end - timedelta(microseconds=1)  # windows are [start, end)
    first, final = fmt_date(start), fmt_date(last if last >= start else start)
    return first if first == final else f"{first} to {final}"


def window_text(answer: Answer) -> str:
    """The time window the answer was searched in."""
    w = answer.window
    if w is None:
        return f"Any date, up to {fmt_date(answer.as_of)}"
    end = min(w.end, answer.as_of)
    label = f"{escape(clip(w.phrase, 80))}: " if w.phrase else ""
    return f"{label}{_date_range(w.start, end if end > w.start else w.end)}"


def _attribution(q: Quote) -> str:
    parts = []
    if q.speaker:
        parts.append(f"**{clip_escaped(q.speaker, 200)}**")
    parts.append(clip_escaped(q.source, 100) if q.source else "unknown outlet")
    parts.append(fmt_date(q.published))
    if q.url:
        parts.append(link("article", q.url))
    return "— " + " · ".join(parts)


def quote_block(q: Quote, limit: int = QUOTE_LIMIT) -> str:
    """One quote as a block quote (an exact prefix of the article's words), then who said it, where and when."""
    body = clip_escaped(q.text, limit)
    quoted = "\n".join("> " + line for line in body.split("\n"))
    return f"{quoted}\n{_attribution(q)}"


def headline_text(h: Headline, *, preview: bool = True) -> str:
    """A headline line: title, outlet and date, linked when it has an address."""
    title = clip_escaped(h.title or "(untitled)", 200)
    outlet = clip_escaped(h.source, 100) if h.source else "unknown outlet"
    return f"{link(title, h.url, preview=preview)} — {outlet}, {fmt_date(h.published)}"


def _lines_within(lines: Sequence[str], limit: int, sep: str = "\n") -> str:
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


# ----------------------------------------------------------------------------------------------- embeds


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


def page_count(answer: Answer) -> int:
    """Pages of quotes: the answer's own, then further quotes in pages of QUOTES_PER_PAGE."""
    if answer.abstained:
        return 1
    return 1 + math.ceil(len(answer.more) / QUOTES_PER_PAGE)


def page_quotes(answer: Answer, page: int) -> tuple[Quote, ...]:
    """The quotes shown on a page (page 0 is the answer itself)."""
    if page <= 0:
        return answer.quotes
    start = (page - 1) * QUOTES_PER_PAGE
    return answer.more[start : start + QUOTES_PER_PAGE]


def answer_embed(answer: Answer, page: int = 0) -> discord.Embed:
    """An answer (or one page of further quotes) as an embed: block quotes with speaker, outlet, date, link."""
    pages = page_count(answer)
    page = max(0, min(page, pages - 1))
    quotes = tuple(q for q in page_quotes(answer, page) if q.text.strip())
    title = clip(neutralise(answer.question), TITLE_LIMIT)
    per_quote = max(200, min(QUOTE_LIMIT, (DESCRIPTION_LIMIT - 200 * len(quotes)) // max(1, len(quotes))))
    blocks = [quote_block(q, per_quote) for q in quotes]
    description = _lines_within(blocks, DESCRIPTION_LIMIT, sep="\n\n")
    embed = discord.Embed(title=title, description=description, colour=COLOUR)
    if page == 0 and answer.also_reported_by:
        others = [headline_text(h) for h in answer.also_reported_by]
        embed.add_field(name="Also reported by", value=_lines_within(others, FIELD_VALUE_LIMIT), inline=False)
    window = window_text(answer)
    if answer.outside_window:
        window += "\nEarlier reports answer this far better than anything published within it: these quotes are from before it."
    embed.add_field(name="Time window", value=window, inline=False)
    footer = "Exact sentences from the indexed news"
    if pages > 1:
        footer += f" · page {page + 1} of {pages}"
    embed.set_footer(text=footer)
    return fit_embed(embed)


def abstention_text(answer: Answer) -> str:
    """The plain message sent when the engine abstains: why, the closest headlines, the window searched."""
    head = "I couldn't find anything in the indexed news that answers this well enough to quote."
    tail = f"Searched: {window_text(answer)}."
    lines = [headline_text(h, preview=False) for h in answer.closest]
    body = ""
    if lines:
        budget = CONTENT_LIMIT - len(head) - len(tail) - len("\nClosest headlines:\n") - 2
        body = "\nClosest headlines:\n" + _lines_within(["- " + line for line in lines], budget)
    return clip(f"{head}{body}\n{tail}", CONTENT_LIMIT)


@dataclass(frozen=True)
class Reply:
    """What to send: message content and/or one embed."""

    content: str | None = None
    embed: discord.Embed | None = None


def answer_reply(answer: Answer, page: int = 0) -> Reply:
    """An answer as a Discord message: an embed of quotes, or plain text when the engine abstained."""
    if answer.abstained or not any(q.text.strip() for q in answer.quotes):
        return Reply(content=abstention_text(answer))
    return Reply(embed=answer_embed(answer, page))


# ----------------------------------------------------------------------------------------- admin views


def timestamp(d: datetime | None, style: str = "R") -> str:
    """A Discord timestamp (shown in each reader's own timezone), or "never"."""
    return f"<t:{int(d.timestamp())}:{style}>" if d else "never"


def source_label(s: SourceInfo) -> str:
    """A source as users may see it: web addresses in full, server paths by their last part only."""
    if s.kind == "path":
        return f"files: {escape(PurePath(s.url).name or s.url)}"
    return f"{s.kind}: {s.url}"


def source_line(s: SourceInfo) -> str:
    """One followed source with its article count, last poll and last error."""
    line = f"- {source_label(s)} — {s.articles} article{'s' if s.articles != 1 else ''}"
    if s.kind != "path":
        line += f", polled {timestamp(s.last_polled)}"
    if s.last_error:
        line += f"\n  ⚠ last error: {clip(escape(s.last_error), 200)}"
    return line


def sources_embed(sources: Sequence[SourceInfo]) -> discord.Embed:
    """The feeds and pages a guild's index follows."""
    embed = discord.Embed(title="Sources of this server's index", colour=COLOUR)
    if not sources:
        embed.description = "No sources yet. An admin can add a feed or page with `/sources add`."
    else:
        embed.description = _lines_within([source_line(s) for s in sources], DESCRIPTION_LIMIT)
    feeds = sum(1 for s in sources if s.kind in ("feed", "page"))
    embed.set_footer(text=f"{len(sources)} source{'s' if len(sources) != 1 else ''}; {feeds} polled on a schedule")
    return fit_embed(embed)


def status_embed(stats: Stats, sources: Sequence[SourceInfo], *, rebuilding: bool = False) -> discord.Embed:
    """Counts, freshness, failing feeds and the model of a guild's index."""
    failing = [s for s in sources if s.last_error]
    embed = discord.Embed(title="Index status", colour=WARN_COLOUR if failing else COLOUR)
    embed.add_field(name="Articles", value=str(stats.articles))
    embed.add_field(name="Chunks", value=str(stats.chunks))
    embed.add_field(name="Newest article", value=fmt_date(stats.newest_published))
    embed.add_field(name="Last update", value=timestamp(stats.last_update))
    embed.add_field(name="Model", value=escape(stats.model or "unknown"))
    embed.add_field(name="Sources", value=f"{len(sources)} followed, {len(failing)} failing")
    if failing:
        lines = [f"- {source_label(s)}: {clip(escape(s.last_error or ''), 200)}" for s in failing]
        embed.add_field(name="Failing feeds", value=_lines_within(lines, FIELD_VALUE_LIMIT), inline=False)
    if rebuilding:
        embed.add_field(name="Rebuild", value="running now; answers come from the current index meanwhile",
                        inline=False)
    return fit_embed(embed)


def progress_text(p: RebuildProgress) -> str:
    """A running rebuild's progress."""
    return (
        f"Rebuilding this server's index: {p.articles_done}/{p.articles_total} articles, "
        f"{p.chunks_done} chunks ({p.percent}%). Answers keep coming from the current index meanwhile."
    )


def poll_text(report: IngestReport) -> str:
    """What a poll of the followed feeds brought."""
    new = report.articles_added + report.articles_updated
    text = f"Fetched the followed feeds: {new} new or updated article{'s' if new != 1 else ''}"
    if report.errors:
        text += f", {len(report.errors)} failed (see /status)"
    return text + "."


def rebuild_done_text(report: RebuildReport, poll: IngestReport | None = None) -> str:
    """A finished rebuild: counts and duration."""
    text = (
        f"Rebuilt this server's index: {report.articles} articles, {report.chunks} chunks "
        f"in {report.seconds:.1f} s. Answers now come from the new index."
    )
    return f"{poll_text(poll)}\n{text}" if poll is not None else text


# --------------------------------------------------------------------------------------------- digests

DIGEST_QUOTE_LIMIT = 700  # characters of a story's key quote; longer ones are cut to a prefix with "…"
ALSO_LIMIT = 500  # characters of a story's "Also reported by" line
LINK_LIMIT = 512  # longer addresses are left out rather than crowd out the quote
DIGEST_FOOTER = "Exact sentences from the indexed news"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _story_link(label: str, url: str) -> str:
    return link(label, url) if len(url) <= LINK_LIMIT else label


def digest_title(d: Digest) -> str:
    """A digest's title: its topic, or "Top stories"."""
    return clip(neutralise(f"Digest: {d.topic}" if d.topic else "Top stories"), TITLE_LIMIT)


def digest_period_text(d: Digest) -> str:
    """The period a digest covers and the moment it was made."""
    w = d.window
    end = min(w.end, d.as_of)
    dates = _date_range(w.start, end if end > w.start else w.end)
    period = f"{escape(clip(w.phrase, 80))} ({dates})" if w.phrase else dates
    return f"**Period:** {period} · **as of** {d.as_of.strftime('%Y-%m-%d %H:%M %Z').strip()}"


def digest_story_block(n: int, s: DigestStory) -> str:
    """One story: linked headline, outlet and date, the key quote (exact, as a block quote), other outlets."""
    h = s.headline
    title = _story_link(clip_escaped(h.title or "(untitled)", 200), h.url)
    outlet = clip_escaped(h.source, 100) if h.source else "unknown outlet"
    when = f"first seen {fmt_date(h.published)}" if s.first_seen else fmt_date(h.published)
    lines = [f"**{n}. {title}**", f"{outlet} · {when}"]
    lines += ["> " + line for line in clip_escaped(s.quote.text, DIGEST_QUOTE_LIMIT).split("\n")]
    if s.quote.speaker:
        lines.append(f"— **{clip_escaped(s.quote.speaker, 200)}**")
    if s.also_reported_by:
        others = [_story_link(clip_escaped(o.source or "unknown outlet", 100), o.url) for o in s.also_reported_by]
        lines.append("Also reported by: " + _lines_within(others, ALSO_LIMIT, sep=", "))
    return "\n".join(lines)


def digest_embeds(d: Digest) -> list[discord.Embed]:
    """A digest as embeds, one per message: whole stories packed within Discord's limits, in order."""
    title = digest_title(d)
    head = digest_period_text(d)
    if not d.stories:
        about = f" about {escape(clip(d.topic, 200))}" if d.topic else ""
        lines = [head, "", f"Nothing{about} in this period."]
        if d.empty_note is not None:
            lines.append(f"Newest story before it: {headline_text(d.empty_note)}")
        embed = discord.Embed(title=title, description="\n".join(lines), colour=COLOUR)
        embed.set_footer(text=DIGEST_FOOTER)
        return [fit_embed(embed)]
    pages: list[list[str]] = [[head]]
    used, on_page = len(head), 0
    for n, story in enumerate(d.stories, 1):
        block = digest_story_block(n, story)  # at most ~3000 characters, so one always fits on a page
        if on_page and used + 2 + len(block) > DESCRIPTION_LIMIT:
            pages.append([])
            used, on_page = -2, 0
        pages[-1].append(block)
        used += 2 + len(block)
        on_page += 1
    embeds = []
    for i, page in enumerate(pages, 1):
        embed = discord.Embed(title=title, description="\n\n".join(page), colour=COLOUR)
        embed.set_footer(text=DIGEST_FOOTER + (f" · part {i} of {len(pages)}" if len(pages) > 1 else ""))
        embeds.append(fit_embed(embed))
    return embeds


def schedule_text(sub: Subscription) -> str:
    """How often a scheduled digest runs, e.g. "daily at 08:00 (Europe/Berlin)"."""
    when = "daily" if sub.every == "daily" else f"{_WEEKDAYS[sub.weekday]}s"
    return f"{when} at {sub.at} ({sub.tz})"


def subscription_line(sub: Subscription, next_run: datetime | None) -> str:
    """One scheduled digest: its number, topic, channel, schedule and next run."""
    what = f"“{escape(clip(sub.topic, 100))}”" if sub.topic else "top stories"
    line = f"**#{sub.id}** {what} in <#{sub.channel_id}>, {schedule_text(sub)}"
    if next_run is not None:
        line += f" — next {timestamp(next_run, 'f')}"
    return line


def subscriptions_embed(subs: Sequence[tuple[Subscription, datetime | None]]) -> discord.Embed:
    """A guild's scheduled digests with their next run times."""
    embed = discord.Embed(title="Scheduled digests", colour=COLOUR)
    if not subs:
        embed.description = "None yet. An admin can add one with `/digests subscribe`."
    else:
        embed.description = _lines_within([subscription_line(s, n) for s, n in subs], DESCRIPTION_LIMIT)
    embed.set_footer(text=f"{len(subs)} scheduled digest{'s' if len(subs) != 1 else ''}")
    return fit_embed(embed)


def subscribed_text(sub: Subscription, next_run: datetime) -> str:
    """The confirmation of a new scheduled digest."""
    what = f"“{escape(clip(sub.topic, 100))}”" if sub.topic else "top stories"
    return (
        f"Scheduled digest #{sub.id}: {what}, {schedule_text(sub)}, posted in this channel. "
        f"The first one comes {timestamp(next_run, 'f')}. Stop it with `/digests unsubscribe id: {sub.id}`."
    )
