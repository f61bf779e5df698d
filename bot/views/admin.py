"""Admin views: sources, status, rebuild progress and poll reports."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

import discord

from bot.views.text import (
    COLOUR,
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    WARN_COLOUR,
    clip,
    escape,
    fit_embed,
    lines_within,
    timestamp,
)
from index import IngestReport, RebuildProgress, RebuildReport, SourceInfo, Stats, fmt_date


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
        embed.description = lines_within([source_line(s) for s in sources], DESCRIPTION_LIMIT)
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
        embed.add_field(name="Failing feeds", value=lines_within(lines, FIELD_VALUE_LIMIT), inline=False)
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
