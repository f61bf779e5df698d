"""An answer as a Discord embed (quotes with speaker, outlet, date and link; pages), or as plain text."""

from __future__ import annotations

import math
from dataclasses import dataclass

import discord

from bot.views.text import (
    COLOUR,
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    QUOTE_LIMIT,
    QUOTES_PER_PAGE,
    TITLE_LIMIT,
    clip,
    clip_escaped,
    date_range,
    escape,
    fit_embed,
    lines_within,
    link,
    neutralise,
)
from index import (
    Answer,
    Headline,
    Quote,
    abstention_reason,
    coverage_label,
    fmt_date,
    newest_coverage,
    news_until_text,
    not_quoted_text,
)


def window_text(answer: Answer) -> str:
    """The time window the answer was searched in."""
    w = answer.window
    if w is None:
        return f"Any date, up to {fmt_date(answer.as_of)}"
    end = min(w.end, answer.as_of)
    label = f"{escape(clip(w.phrase, 80))}: " if w.phrase else ""
    return f"{label}{date_range(w.start, end if end > w.start else w.end)}"


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




def page_count(answer: Answer) -> int:
    """Pages of quotes: the answer's own, then further quotes in pages of QUOTES_PER_PAGE."""
    if answer.abstained:
        return 1
    return 1 + math.ceil(len(answer.more) / QUOTES_PER_PAGE)


def page_quotes(answer: Answer, page: int) -> tuple[Quote, ...]:
    """The quotes shown on a page (page 0 is the answer itself)."""
    if page <= 0:
        return answer.quotes or answer.context
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
    if answer.speaker_not_quoted and page == 0:
        blocks.insert(0, f"*{escape(not_quoted_text(answer))}*")
    description = lines_within(blocks, DESCRIPTION_LIMIT, sep="\n\n")
    embed = discord.Embed(title=title, description=description, colour=COLOUR)
    if page == 0 and answer.also_reported_by:
        others = [headline_text(h) for h in answer.also_reported_by]
        embed.add_field(name="Also reported by", value=lines_within(others, FIELD_VALUE_LIMIT), inline=False)
    window = window_text(answer)
    if answer.outside_window:
        window += "\nEarlier reports answer this far better than anything published within it: these quotes are from before it."
    if stale := news_until_text(answer):
        window += f"\n{stale}"
    embed.add_field(name="Time window", value=window, inline=False)
    footer = "Exact sentences from the indexed news"
    if pages > 1:
        footer += f" · page {page + 1} of {pages}"
    embed.set_footer(text=footer)
    return fit_embed(embed)


def abstention_text(answer: Answer) -> str:
    """The plain message sent when the engine abstains: why, the closest headlines, the window searched."""
    head = abstention_reason(answer)
    if newest := newest_coverage(answer):
        head += f"\n{coverage_label(answer)}: {headline_text(newest, preview=False)}"
    tail = f"Searched: {window_text(answer)}."
    if stale := news_until_text(answer):
        tail += f"\n{stale}"
    lines = [headline_text(h, preview=False) for h in answer.closest]
    body = ""
    if lines:
        budget = CONTENT_LIMIT - len(head) - len(tail) - len("\nClosest headlines:\n") - 2
        body = "\nClosest headlines:\n" + lines_within(["- " + line for line in lines], budget)
    return clip(f"{head}{body}\n{tail}", CONTENT_LIMIT)


PLAIN_NOTE = "-# Shown as plain text: I don't have the Embed Links permission in this channel."


def answer_plain(answer: Answer, note: str = PLAIN_NOTE) -> str:
    """An answer as message text within 2,000 characters, for channels where the bot may not post embeds: the
    question, the quotes (exact, as block quotes) with speaker, outlet, date and link, other outlets, and a note
    naming the missing permission; for a person the news does not quote on it, that line and then what the news
    does say, as the embed has them."""
    quotes = [q for q in page_quotes(answer, 0) if q.text.strip()]  # what the embed would show
    if not quotes:
        return clip(f"{abstention_text(answer)}\n{note}", CONTENT_LIMIT)
    title = f"**{clip_escaped(answer.question, 200)}**"
    if answer.speaker_not_quoted:
        title += f"\n*{escape(not_quoted_text(answer))}*"
    also = ""
    if answer.also_reported_by:
        others = [headline_text(h, preview=False) for h in answer.also_reported_by]
        also = "Also reported by: " + lines_within(others, 400, sep="; ")
    budget = CONTENT_LIMIT - len(title) - len(also) - len(note) - 6
    per_quote = max(150, min(QUOTE_LIMIT, budget // len(quotes) - 200))
    body = lines_within([quote_block(q, per_quote) for q in quotes], budget, sep="\n\n")
    parts = [title, body, also, note] if also else [title, body, note]
    return clip("\n".join(parts), CONTENT_LIMIT)


@dataclass(frozen=True)
class Reply:
    """What to send: message content and/or one embed."""

    content: str | None = None
    embed: discord.Embed | None = None


def answer_reply(answer: Answer, page: int = 0) -> Reply:
    """An answer as a Discord message: an embed of quotes, or plain text when the engine abstained."""
    if not any(q.text.strip() for q in page_quotes(answer, 0)):
        return Reply(content=abstention_text(answer))
    return Reply(embed=answer_embed(answer, page))
