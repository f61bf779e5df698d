"""bot.render: answers become embeds and messages within Discord's limits, quotes stay exact, nothing pings."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import discord
import pytest

from bot.views.admin import progress_text, rebuild_done_text, sources_embed, status_embed
from bot.views.answers import abstention_text, answer_embed, answer_plain, answer_reply, page_count
from bot.views.text import (
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    FIELD_VALUE_LIMIT,
    FIELDS_LIMIT,
    TITLE_LIMIT,
    ZWSP,
    clip_escaped,
    escape,
    fit_embed,
    neutralise,
    visible,
)
from index.models import IngestError, IngestReport, RebuildProgress, RebuildReport, SourceInfo, Stats
from tests.bot.e2e_helpers import (
    AS_OF,
    make_abstention,
    make_answer,
    make_headline,
    make_quote,
    window,
)

TRICKY = [
    "Plain words.",
    "@everyone URGENT and @here too",
    "tag <@123456789012345678>, role <@&987654321098765432>, <#123456789012345678>",
    "*bold* _it_ __u__ ~~s~~ ||spoiler|| `code` \\back\\slash",
    "# heading\n> quote\n- item\n1. first\n+ plus",
    "[masked](https://evil.example) and https://example.com/a_b*c",
    "emoji <:wave:123456789012345678> and time <t:1700000000:R>",
]


def embed_within_limits(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= TITLE_LIMIT
    assert len(embed.description or "") <= DESCRIPTION_LIMIT
    assert len(embed.fields) <= FIELDS_LIMIT
    assert all(len(f.value or "") <= FIELD_VALUE_LIMIT and len(f.name or "") <= 256 for f in embed.fields)
    assert len(embed) <= EMBED_TOTAL_LIMIT


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_text_reads_exactly_as_written(text: str) -> None:
    assert visible(escape(text)) == text


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_text_has_no_live_mentions_or_everyone(text: str) -> None:
    escaped = escape(text)
    assert "@everyone" not in escaped and "@here" not in escaped
    assert "<@1" not in escaped and "<@&" not in escaped


def test_neutralise_breaks_mass_mentions_invisibly() -> None:
    text = "@everyone look at <@123456789012345678>"
    out = neutralise(text)
    assert "@everyone" not in out and out.replace(ZWSP, "") == text


@pytest.mark.parametrize("limit", [50, 200, 1000])
def test_long_quote_is_cut_to_a_prefix_ending_in_an_ellipsis(limit: int) -> None:
    raw = ("The minister said the *drone* trials would begin in March and <@123456789012345678> "
           "would lead them. ") * 40
    clipped = clip_escaped(raw, limit)
    assert len(clipped) <= limit and clipped.endswith("…")
    shown = visible(clipped[:-1])
    assert raw.startswith(shown) and len(shown) > limit * 0.4


def test_short_quote_is_left_whole() -> None:
    assert clip_escaped("Short.", 100) == "Short."


def test_answer_embed_shows_quote_speaker_outlet_date_link_others_and_window() -> None:
    embed = answer_embed(make_answer())
    assert embed.title == "What did Morioka say about drones?"
    desc = embed.description or ""
    assert "> We will test the drones together next spring." in desc
    assert "**Kenji Morioka, Defence Minister**" in desc and "Northwind Wire" in desc and "2026-11-20" in desc
    assert "[article](https://northwind.example/drones)" in desc
    fields = {f.name: f.value for f in embed.fields}
    assert "Drone trials explained" in fields["Also reported by"]
    assert fields["Time window"] == "Any date, up to 2026-11-25"
    assert embed.footer.text and "page 1 of 2" in embed.footer.text


def test_without_embed_links_a_person_not_quoted_on_it_is_said_so_above_what_the_news_does_say() -> None:
    answer = make_abstention("what did Berg say about tariffs?")
    answer = answer.__class__(**{**answer.__dict__, "speaker_not_quoted": "Berg", "context": (make_quote(),)})
    line = "Berg is not quoted on this in the indexed news. What the news does say:"
    plain = answer_plain(answer)
    assert f"*{line}*" in plain and plain.index(line) < plain.index("> We will test the drones together")
    assert len(plain) <= CONTENT_LIMIT and "Embed Links" in plain
    assert line not in answer_plain(make_answer())


def test_a_person_whose_words_on_another_point_are_shown_is_said_to_be_quoted_but_not_on_this() -> None:
    answer = make_abstention("what did Morioka say about tariffs?")
    theirs = make_quote()  # spoken by Kenji Morioka, on the drone trials
    answer = answer.__class__(**{**answer.__dict__, "speaker_not_quoted": "Morioka", "context": (theirs,)})
    description = answer_embed(answer).description or ""
    assert description.startswith("*Morioka is quoted in the indexed news, but not on this. What the news does say:*")
    others = answer.__class__(**{**answer.__dict__, "context": (make_quote(speaker=None),)})
    assert (answer_embed(others).description or "").startswith("*Morioka is not quoted on this in the indexed news.")


def test_unknown_date_and_outlet_are_said_to_be_unknown() -> None:
    answer = make_answer(quotes=(make_quote(published=None, source="", url="", speaker=None),), more=())
    desc = answer_embed(answer).description or ""
    assert "— unknown outlet · date unknown" in desc and "[article]" not in desc


def test_time_window_is_shown_with_its_phrase() -> None:
    embed = answer_embed(make_answer(window=window("since monday")))
    value = next(f.value for f in embed.fields if f.name == "Time window")
    assert value == "since monday: 2026-11-23 to 2026-11-25"


def test_quotes_from_before_the_window_are_said_to_be_so() -> None:
    embed = answer_embed(make_answer(window=window("today"), outside_window=True))
    value = next(f.value for f in embed.fields if f.name == "Time window")
    assert value.startswith("today: 2026-11-23") and "these quotes are from before it" in value
    plain = answer_embed(make_answer(window=window("today")))
    assert "before it" not in next(f.value for f in plain.fields if f.name == "Time window")


def test_pages_hold_the_further_quotes() -> None:
    more = tuple(make_quote(f"Further quote number {i}.", article_id=f"m{i}") for i in range(7))
    answer = make_answer(more=more)
    assert page_count(answer) == 4
    page2 = answer_embed(answer, 1)
    assert "Further quote number 0." in (page2.description or "")
    assert "Further quote number 3." not in (page2.description or "")
    assert "page 2 of 4" in (page2.footer.text or "")
    assert all(f.name != "Also reported by" for f in page2.fields)
    last = answer_embed(answer, 99)
    assert "Further quote number 6." in (last.description or "")


def test_huge_answer_stays_within_every_embed_limit_and_quotes_stay_prefixes() -> None:
    long_text = "Officials said that the programme would grow. " * 200
    answer = make_answer(
        question="q" * 400,
        quotes=tuple(make_quote(long_text + str(i), article_id=f"q{i}", source="S" * 300) for i in range(3)),
        also_reported_by=tuple(make_headline("H" * 300, article_id=f"h{i}") for i in range(40)),
    )
    embed = answer_embed(answer)
    embed_within_limits(embed)
    for block in (embed.description or "").split("\n— ")[0:1]:
        shown = visible(block.removeprefix("> ").rstrip("…"))
        assert long_text.startswith(shown)
    assert "…and" in next(f.value for f in embed.fields if f.name == "Also reported by")


def test_fit_embed_caps_fields_values_and_total() -> None:
    embed = discord.Embed(title="t" * 300, description="d" * 5000)
    for i in range(30):
        embed.add_field(name=f"n{i}", value="v" * 2000)
    fitted = fit_embed(embed)
    embed_within_limits(fitted)
    assert len(fitted.fields) <= 25


def test_abstention_is_plain_text_with_closest_headlines_without_previews() -> None:
    reply = answer_reply(make_abstention())
    assert reply.embed is None and reply.content is not None
    assert reply.content.startswith("The indexed news doesn't answer that")
    assert "[Viral post about drones was false](<https://meridian.example/explained>)" in reply.content
    assert "Tariffs delayed — The Meridian Post, 2026-11-21" in reply.content
    assert reply.content.endswith("Searched: Any date, up to 2026-11-25.")


def test_an_abstention_names_the_newest_story_that_mentions_what_was_asked_about() -> None:
    answer = make_abstention("what did kallas say about drones?")
    answer = answer.__class__(**{**answer.__dict__, "missing": ("kallas",), "coverage_terms": ("kallas",),
                                 "coverage": make_headline("Kallas on Nato's new members", url="")})
    lines = (answer_reply(answer).content or "").splitlines()
    assert lines[:2] == ["None of the stories that match it best mention “kallas”.",
                         "Newest story mentioning “kallas”: Kallas on Nato's new members — The Meridian Post, 2026-11-21"]


def test_news_far_older_than_the_question_is_said_to_be_so_in_answers_and_abstentions() -> None:
    stale = datetime(2026, 11, 15, tzinfo=UTC)
    note = "The newest news held is from 2026-11-15, 10 days before this question."
    embed = answer_embed(replace(make_answer(), news_until=stale))
    assert note in next(f.value or "" for f in embed.fields if f.name == "Time window")
    assert (answer_reply(replace(make_abstention(), news_until=stale)).content or "").endswith(note)
    assert note not in (answer_reply(make_abstention()).content or "")


def test_an_event_the_news_only_looked_ahead_to_is_said_so_with_that_story() -> None:
    answer = replace(make_abstention("who won the regatta?"), coverage=make_headline("Regatta final this weekend", url=""),
                     expected_on=datetime(2026, 11, 22, tzinfo=UTC))
    lines = (answer_reply(answer).content or "").splitlines()
    assert lines[:2] == ["The story that matches it best only looked ahead, to 2026-11-22, before this question, and "
                         "nothing found on it is from that day on.",
                         "That story: Regatta final this weekend — The Meridian Post, 2026-11-21"]


def test_a_person_not_quoted_on_it_is_said_so_above_what_the_news_does_say() -> None:
    answer = make_abstention("what did Berg say about tariffs?")
    answer = answer.__class__(**{**answer.__dict__, "speaker_not_quoted": "Berg", "context": (make_quote(),)})
    reply = answer_reply(answer)
    assert reply.embed is not None and reply.content is None
    description = reply.embed.description or ""
    assert description.startswith("*Berg is not quoted on this in the indexed news. What the news does say:*")
    assert visible(make_quote().text[:40]) in visible(description)


def test_abstention_with_many_headlines_fits_a_message() -> None:
    answer = make_abstention()
    many = tuple(make_headline("@everyone " + "x" * 180, article_id=f"h{i}") for i in range(40))
    text = abstention_text(answer.__class__(**{**answer.__dict__, "closest": many}))
    assert len(text) <= CONTENT_LIMIT and "@everyone" not in text and "…and" in text


def test_status_embed_lists_counts_model_and_failing_feeds() -> None:
    stats = Stats("g1", 12, 40, AS_OF, AS_OF, "all-MiniLM-L6-v2")
    sources = [
        SourceInfo("https://ok.example/feed", "feed", articles=3),
        SourceInfo("https://down.example/feed", "feed", last_error="HTTP 503 from down.example", articles=1),
    ]
    embed = status_embed(stats, sources, rebuilding=True)
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Articles"] == "12" and fields["Chunks"] == "40" and fields["Newest article"] == "2026-11-25"
    assert fields["Last update"] == f"<t:{int(AS_OF.timestamp())}:R>"
    assert fields["Model"] == "all-MiniLM-L6-v2"
    assert "https://down.example/feed: HTTP 503 from down.example" in fields["Failing feeds"]
    assert "running now" in fields["Rebuild"]


def test_sources_embed_hides_server_paths() -> None:
    sources = [SourceInfo("/srv/secret/place/sample_news", "path", articles=11),
               SourceInfo("https://feeds.example/rss", "feed", articles=2)]
    desc = sources_embed(sources).description or ""
    assert "/srv/secret" not in desc and "files: sample\\_news" in desc and "feed: https://feeds.example/rss" in desc


def test_progress_and_completion_texts() -> None:
    assert "3/4 articles, 7 chunks (75%)" in progress_text(RebuildProgress(3, 4, 7))
    done = rebuild_done_text(
        RebuildReport("g1", 4, 9, 2.345), IngestReport(articles_added=2, errors=[IngestError("u", "e")])
    )
    assert "2 new or updated articles, 1 failed" in done and "4 articles, 9 chunks in 2.3 s" in done
