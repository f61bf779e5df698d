"""Digests and their schedules as Discord embeds and lines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot.views.answers import headline_text
from bot.views.text import (
    COLOUR,
    DESCRIPTION_LIMIT,
    TITLE_LIMIT,
    clip,
    clip_escaped,
    date_range,
    escape,
    fit_embed,
    lines_within,
    link,
    neutralise,
    timestamp,
)
from index import Digest, DigestStory, Subscription, fmt_date

DIGEST_QUOTE_LIMIT = 700  # characters of a story's key quote; longer ones are cut to a prefix with "…"
ALSO_LIMIT = 500  # characters of a story's "Also reported by" line
LINK_LIMIT = 512  # longer addresses are left out rather than crowd out the quote
DIGEST_FOOTER = "Exact sentences from the indexed news"
CHANNEL_DELETED = "its channel was deleted"  # a pause reason resuming cannot fix
SERVER_REMOVED_BOT = "the server removed the bot"
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
    dates = date_range(w.start, end if end > w.start else w.end)
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
        lines.append("Also reported by: " + lines_within(others, ALSO_LIMIT, sep=", "))
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
    """One scheduled digest: its number, topic, channel, schedule and next run (or why it is paused)."""
    what = f"“{escape(clip(sub.topic, 100))}”" if sub.topic else "top stories"
    line = f"**#{sub.id}** {what} in <#{sub.channel_id}>, {schedule_text(sub)}"
    if sub.paused:
        if sub.paused == CHANNEL_DELETED:
            fix = f"`/digests unsubscribe id: {sub.id}` removes it"
        else:
            fix = f"an admin can `/digests resume id: {sub.id}` once that is fixed"
        return f"{line} — ⏸ paused: {escape(clip(sub.paused, 300))}; {fix}"
    if next_run is not None:
        line += f" — next {timestamp(next_run, 'f')}"
    return line


def subscriptions_embed(subs: Sequence[tuple[Subscription, datetime | None]]) -> discord.Embed:
    """A guild's scheduled digests with their next run times."""
    embed = discord.Embed(title="Scheduled digests", colour=COLOUR)
    if not subs:
        embed.description = "None yet. An admin can add one with `/digests subscribe`."
    else:
        embed.description = lines_within([subscription_line(s, n) for s, n in subs], DESCRIPTION_LIMIT)
    embed.set_footer(text=f"{len(subs)} scheduled digest{'s' if len(subs) != 1 else ''}")
    return fit_embed(embed)


def subscribed_text(sub: Subscription, next_run: datetime) -> str:
    """The confirmation of a new scheduled digest."""
    what = f"“{escape(clip(sub.topic, 100))}”" if sub.topic else "top stories"
    return (
        f"Scheduled digest #{sub.id}: {what}, {schedule_text(sub)}, posted in this channel. "
        f"The first one comes {timestamp(next_run, 'f')}. Stop it with `/digests unsubscribe id: {sub.id}`."
    )
