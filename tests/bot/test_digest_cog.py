"""DigestCog with a fake engine and a temporary subscription store: /digest, /digests, rendering, the scheduler."""

from __future__ import annotations

import asyncio
import logging
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.cogs.digest import MAX_ATTEMPTS, DigestCog
from bot.config import BotSettings
from bot.errors import BadInput, NotAllowed, describe
from bot.views.digests import digest_embeds
from bot.views.text import EMBED_TOTAL_LIMIT
from index.errors import BadQuestion, NewsbotError
from index.models import Digest, DigestStory, Headline, TimeWindow
from index.settings import Settings
from index.subscriptions import SubscriptionStore
from tests.bot.e2e_helpers import (
    AS_OF,
    FakeEngine,
    FakeInteraction,
    FakeRole,
    FakeUser,
    block_quotes,
    make_headline,
    make_quote,
)

MANAGER = discord.Permissions(manage_guild=True)
CAN_POST = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)
CHANNEL = 7
SLOT = datetime(2026, 11, 26, 8, 0, tzinfo=AS_OF.tzinfo)  # the first 08:00 after AS_OF


# ----------------------------------------------------------------------------------------------- fakes


def story(n: int, text: str | None = None, *, speaker: str | None = "Kenji Morioka, Defence Minister",
          first_seen: bool = False, also: tuple[Headline, ...] = ()) -> DigestStory:
    aid = f"a{n}"
    headline = make_headline(f"Story number {n}", article_id=aid, url=f"https://news.example/{n}",
                             source="Northwind Wire")
    quote = make_quote(text or f"Sentence {n} of the news, quoted exactly as it was published.", article_id=aid,
                       speaker=speaker)
    return DigestStory(headline, quote, also, first_seen, (aid, *(h.article_id for h in also)))


def make_digest(stories: tuple[DigestStory, ...], topic: str | None = "drones", **kw: Any) -> Digest:
    base: dict[str, Any] = dict(
        topic=topic, as_of=AS_OF, window=TimeWindow(AS_OF - timedelta(days=7), AS_OF, "7d"), stories=stories,
    )
    base.update(kw)
    return Digest(**base)


class DigestEngine(FakeEngine):
    """FakeEngine with digests: up to `per_digest` stories of the pool, leaving out the excluded articles."""

    def __init__(self, pool: tuple[DigestStory, ...] = (), per_digest: int = 2) -> None:
        super().__init__()
        self.pool = pool or tuple(story(n) for n in range(1, 6))
        self.per_digest = per_digest
        self.empty_note: Headline | None = None

    async def adigest(self, topic: str | None, **kw: Any) -> Digest:
        self._call("digest", topic=topic, **kw)
        excluded = kw.get("exclude_article_ids") or frozenset()
        kept = tuple(s for s in self.pool if not set(s.article_ids) & excluded)[: self.per_digest]
        return make_digest(kept, topic, as_of=kw["as_of"], empty_note=None if kept else self.empty_note)


class Clock:
    def __init__(self, now: datetime = AS_OF) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Channel:
    """A text channel that records what was sent to it."""

    def __init__(self, fail: BaseException | None = None) -> None:
        self.sent: list[dict[str, Any]] = []
        self.fail = fail
        self.arrived = asyncio.Event()

    async def send(self, **kw: Any) -> None:
        if self.fail is not None:
            raise self.fail
        self.sent.append(kw)
        self.arrived.set()

    def stories(self) -> list[str]:
        return [m for s in self.sent for m in re.findall(r"\*\*\d+\. \[Story number (\d+)\]", _text(s["embed"]))]


def _text(embed: discord.Embed) -> str:
    return str(embed.description or "")


def make_cog(
    tmp_path: Path,
    engine: DigestEngine | None = None,
    *,
    channels: dict[int, Channel] | None = None,
    clock: Clock | None = None,
    **settings: Any,
) -> tuple[DigestCog, DigestEngine, SubscriptionStore]:
    engine = engine or DigestEngine()
    store = SubscriptionStore.in_dir(tmp_path)
    known = channels if channels is not None else {CHANNEL: Channel()}

    async def lookup(channel_id: int) -> Any:
        return known.get(channel_id)

    base: dict[str, Any] = {"cooldown_seconds": 0, "admin_role": 5}
    base.update(settings)
    if "timezone" in base:
        base["index"] = Settings(data_dir=tmp_path, timezone=base.pop("timezone"))
    cog = DigestCog(engine, BotSettings(**base), store, clock=clock or Clock(), channel=lookup, interval=3600)
    return cog, engine, store


def interaction(*, admin: bool = False, can_post: bool = True, **kw: Any) -> FakeInteraction:
    i = FakeInteraction(permissions=MANAGER if admin else None, **kw)
    no_embeds = discord.Permissions(view_channel=True, send_messages=True)
    i.app_permissions = CAN_POST if can_post else no_embeds  # type: ignore[attr-defined]
    i.channel_id = CHANNEL  # type: ignore[attr-defined]
    return i


async def digest(cog: DigestCog, i: FakeInteraction, topic: str | None = None, period: str | None = None) -> None:
    await cog.digest.callback(cog, i, topic=topic, period=period)  # type: ignore[arg-type]


async def subscribe(cog: DigestCog, i: FakeInteraction, **kw: Any) -> None:
    await cog.subscribe.callback(cog, i, **kw)  # type: ignore[arg-type]


def quotes_in(embed: discord.Embed) -> list[str]:
    """The block quotes of a digest embed, as a reader sees them."""
    return block_quotes(_text(embed))


# --------------------------------------------------------------------------------------------- /digest


async def test_digest_defers_then_posts_one_embed_with_the_period_and_each_story(tmp_path: Path) -> None:
    also = (make_headline("Drone tests", article_id="b1", source="Harbour Ledger", url="https://harbour.example/1"),)
    engine = DigestEngine((story(1, also=also), story(2, speaker=None, first_seen=True)))
    cog, engine, _ = make_cog(tmp_path, engine)
    i = interaction()
    await digest(cog, i, topic="  drone   trials ")

    assert i.kinds() == ["defer", "edit"] and i.sent[0].kwargs["thinking"] and not i.sent[0].ephemeral
    assert i.last().kwargs["allowed_mentions"].to_dict() == {"parse": []} and i.extras["answered"] is True
    (call,) = engine.called("digest")
    assert call == {"topic": "drone trials", "corpus": "g42", "period": "7d", "as_of": AS_OF}
    embed = i.last().embed
    assert embed is not None and embed.title == "Digest: drone trials"
    text = _text(embed)
    assert text.startswith("**Period:** 7d (2026-11-18 to 2026-11-25) · **as of** 2026-11-25 12:00 UTC")
    assert "**1. [Story number 1](https://news.example/1)**\nNorthwind Wire · 2026-11-21\n> Sentence 1" in text
    assert "— **Kenji Morioka, Defence Minister**" in text
    assert "Also reported by: [Harbour Ledger](https://harbour.example/1)" in text
    assert "Northwind Wire · first seen 2026-11-21\n> Sentence 2" in text and text.count("— **") == 1
    assert quotes_in(embed) == [s.quote.text for s in engine.pool]


async def test_digest_without_a_topic_asks_for_the_top_stories_of_the_period(tmp_path: Path) -> None:
    cog, engine, _ = make_cog(tmp_path)
    i = interaction()
    await digest(cog, i, period=" since 2026-11-01 ")
    assert engine.called("digest")[0] | {"as_of": None} == {
        "topic": None, "corpus": "g42", "period": "since 2026-11-01", "as_of": None,
    }
    assert i.last().embed is not None and i.last().embed.title == "Top stories"


@pytest.mark.parametrize(
    ("topic", "period", "error"),
    [
        (None, "fortnight-ish", "I could not read the period"),
        (None, "0d", "is empty"),
        ("x" * 201, None, "Topics can be at most 200 characters; this one has 201."),
    ],
)
async def test_bad_periods_and_topics_are_refused_before_anything_is_posted(
    tmp_path: Path, topic: str | None, period: str | None, error: str
) -> None:
    cog, engine, _ = make_cog(tmp_path)
    i = interaction()
    with pytest.raises((BadInput, BadQuestion), match=re.escape(error)):
        await digest(cog, i, topic=topic, period=period)
    assert i.sent == [] and engine.called("digest") == []


async def test_digest_works_in_servers_only(tmp_path: Path) -> None:
    cog, engine, _ = make_cog(tmp_path)
    with pytest.raises(BadInput, match="servers only"):
        await digest(cog, interaction(guild_id=None))
    assert engine.calls == []


async def test_an_empty_period_says_so_with_the_newest_story_before_it(tmp_path: Path) -> None:
    engine = DigestEngine(per_digest=0)
    engine.empty_note = make_headline("Shipyards discuss repairs", published=datetime(2026, 11, 4, tzinfo=AS_OF.tzinfo))
    cog, _, _ = make_cog(tmp_path, engine)
    i = interaction()
    await digest(cog, i, topic="shipyards")
    text = _text(i.last().embed)  # type: ignore[arg-type]
    assert "Nothing about shipyards in this period." in text
    assert "Newest story before it: [Shipyards discuss repairs](https://meridian.example/explained) — " \
           "The Meridian Post, 2026-11-04" in text


# ----------------------------------------------------------------------------------------------- render


def test_a_long_digest_is_split_into_messages_of_whole_stories_within_discords_limits() -> None:
    long_text = ("Officials said the trials would *test* drones_over water @everyone <@123456789012345678> and "
                 "# more. ") * 14  # ~1300 characters, with markdown and mention syntax
    also = tuple(make_headline(f"Copy {k}", article_id=f"c{k}", source=f"Outlet {k}",
                               url=f"https://outlet{k}.example/{'x' * 40}") for k in range(30))
    stories = tuple(story(n, long_text, also=also, speaker="S" * 300) for n in range(1, 9))
    embeds = digest_embeds(make_digest(stories))

    assert len(embeds) > 1
    numbers = [int(m) for e in embeds for m in re.findall(r"^\*\*(\d+)\. ", _text(e), re.MULTILINE)]
    assert numbers == list(range(1, 9))  # every story once, in order, never split between messages
    for k, embed in enumerate(embeds, 1):
        assert len(embed) <= EMBED_TOTAL_LIMIT and len(_text(embed)) <= 4096 and len(embed.title or "") <= 256
        assert embed.footer.text == f"Exact sentences from the indexed news · part {k} of {len(embeds)}"
        for quote in quotes_in(embed):
            assert quote.endswith("…") and long_text.startswith(quote[:-1])  # a cut quote is an exact prefix
        assert "@everyone" not in _text(embed) and "…and" in _text(embed)  # outlets beyond the budget are counted
    assert _text(embeds[0]).startswith("**Period:**") and not _text(embeds[1]).startswith("**Period:**")


def test_a_short_quote_is_shown_whole_and_exact() -> None:
    text = 'She said: "*Not* yet_ — maybe\n> next year."'
    (embed,) = digest_embeds(make_digest((story(1, text),)))
    assert quotes_in(embed) == [text] and embed.footer.text == "Exact sentences from the indexed news"


# ----------------------------------------------------------------------------------------- /digests


async def test_only_admins_can_subscribe_or_unsubscribe(tmp_path: Path) -> None:
    cog, _, store = make_cog(tmp_path)
    member = interaction()
    with pytest.raises(NotAllowed, match="Manage Server permission or the configured admin role"):
        await subscribe(cog, member, topic="drones")
    with pytest.raises(NotAllowed):
        await cog.unsubscribe.callback(cog, member, sub_id="1")  # type: ignore[arg-type]
    assert member.sent == [] and store.all() == []
    await subscribe(cog, interaction(user=FakeUser(roles=[FakeRole(5, "Editors")])), topic="drones")
    assert len(store.all()) == 1


async def test_an_admin_subscribes_this_channel_and_is_told_when_the_first_digest_comes(tmp_path: Path) -> None:
    cog, _, store = make_cog(tmp_path, timezone="Europe/Berlin")
    i = interaction(admin=True)
    await subscribe(cog, i, topic=" drones ", every="weekly", at="7:30", day="friday")

    (sub,) = store.all()
    assert (sub.guild_id, sub.channel_id, sub.topic, sub.every, sub.at, sub.weekday) == (42, CHANNEL, "drones",
                                                                                         "weekly", "07:30", 4)
    assert sub.tz == "Europe/Berlin" and sub.corpus == "g42" and sub.created == AS_OF
    assert i.kinds() == ["defer", "edit"] and i.last().ephemeral
    first = datetime(2026, 11, 27, 6, 30, tzinfo=AS_OF.tzinfo)  # Friday 07:30 in Berlin
    assert i.last().content == (
        f"Scheduled digest #1: “drones”, Fridays at 07:30 (Europe/Berlin), posted in this channel. "
        f"The first one comes <t:{int(first.timestamp())}:f>. Stop it with `/digests unsubscribe id: 1`."
    )


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"at": "25:00"}, "The time must be HH:MM on a 24-hour clock, like 08:30, not '25:00'."),
        ({"at": "8.30"}, "The time must be HH:MM"),
        ({"every": "hourly"}, "A digest runs daily or weekly, not 'hourly'."),
        ({"day": "friday"}, "Pick a day only for weekly digests"),
        ({"every": "weekly", "day": "someday"}, "The day must be one of monday"),
        ({"topic": "y" * 201}, "Topics can be at most 200 characters"),
    ],
)
async def test_bad_schedules_are_refused_with_what_to_type_instead(
    tmp_path: Path, options: dict[str, Any], error: str
) -> None:
    cog, _, store = make_cog(tmp_path)
    with pytest.raises((BadInput, NewsbotError)) as caught:
        await subscribe(cog, interaction(admin=True), **options)
    assert error in describe(caught.value) and store.all() == []


async def test_subscribing_where_the_bot_cannot_post_embeds_is_refused(tmp_path: Path) -> None:
    cog, _, store = make_cog(tmp_path)
    i = interaction(admin=True, can_post=False)
    with pytest.raises(BadInput, match=r"can't post digests in this channel: I need the Embed Links permission"):
        await subscribe(cog, i)
    assert i.sent == [] and store.all() == []


async def test_the_list_shows_this_servers_digests_with_their_next_run(tmp_path: Path) -> None:
    clock = Clock()
    cog, _, store = make_cog(tmp_path, clock=clock)
    await subscribe(cog, interaction(admin=True), topic="drones <@123456789012345678>")
    await subscribe(cog, interaction(admin=True), every="weekly", at="18:00", day="sunday")
    await subscribe(cog, interaction(admin=True, guild_id=43), topic="elsewhere")
    clock.now = SLOT + timedelta(minutes=5)  # the first is due now (the scheduler has not run it yet)

    i = interaction()
    await cog.list_digests.callback(cog, i)  # type: ignore[arg-type]
    embed = i.last().embed
    assert i.last().ephemeral and embed is not None and embed.footer.text == "2 scheduled digests"
    lines = _text(embed).split("\n")
    now, sunday = int(clock.now.timestamp()), int(datetime(2026, 11, 29, 18, tzinfo=AS_OF.tzinfo).timestamp())
    assert lines == [
        f"**#1** “drones \\<@\u200b123456789012345678>” in <#{CHANNEL}>, daily at 08:00 (UTC) — next <t:{now}:f>",
        f"**#2** top stories in <#{CHANNEL}>, Sundays at 18:00 (UTC) — next <t:{sunday}:f>",
    ]
    empty = interaction(guild_id=44)
    await cog.list_digests.callback(cog, empty)  # type: ignore[arg-type]
    assert _text(empty.last().embed).startswith("None yet.")  # type: ignore[arg-type]


async def test_unsubscribe_removes_only_this_servers_digest(tmp_path: Path) -> None:
    cog, _, store = make_cog(tmp_path)
    await subscribe(cog, interaction(admin=True, guild_id=43), topic="elsewhere")
    await subscribe(cog, interaction(admin=True), topic="drones")
    with pytest.raises(BadInput, match=r"There is no scheduled digest #1 in this server"):
        await cog.unsubscribe.callback(cog, interaction(admin=True), sub_id="1")  # type: ignore[arg-type]
    i = interaction(admin=True)
    await cog.unsubscribe.callback(cog, i, sub_id=" #2")  # type: ignore[arg-type]
    assert i.last().content == "Stopped scheduled digest #2." and i.last().ephemeral
    assert [s.id for s in store.all()] == ["1"]
    assert [s.id for s in SubscriptionStore.in_dir(tmp_path).all()] == ["1"]  # written to disk


# -------------------------------------------------------------------------------------------- scheduler


async def test_a_due_digest_is_posted_once_and_the_next_slot_skips_its_stories(tmp_path: Path) -> None:
    clock, channel = Clock(), Channel()
    cog, engine, store = make_cog(tmp_path, channels={CHANNEL: channel}, clock=clock)
    await subscribe(cog, interaction(admin=True), topic="drones")
    assert await cog.run_due() == []  # created at 12:00, first slot tomorrow 08:00

    clock.now = SLOT + timedelta(seconds=30)
    assert [s.id for s in await cog.run_due()] == ["1"]
    assert await cog.run_due() == []  # the same slot never runs twice
    assert channel.stories() == ["1", "2"]
    assert all(m["allowed_mentions"].to_dict() == {"parse": []} for m in channel.sent)
    (sub,) = store.all()
    assert sub.last_run == clock.now and sub.last_story_keys == ["a1", "a2"]
    first = engine.called("digest")[0]
    assert first["topic"] == "drones" and first["corpus"] == "g42" and first["period"] == "24h"
    assert first["exclude_article_ids"] == frozenset()

    clock.now = SLOT + timedelta(days=1, minutes=1)
    await cog.run_due()
    assert channel.stories() == ["1", "2", "3", "4"]
    assert engine.called("digest")[1]["exclude_article_ids"] == {"a1", "a2"}


async def test_missed_slots_run_once_not_once_per_slot(tmp_path: Path) -> None:
    clock, channel = Clock(), Channel()
    cog, engine, _ = make_cog(tmp_path, channels={CHANNEL: channel}, clock=clock)
    await subscribe(cog, interaction(admin=True))
    clock.now = SLOT + timedelta(days=3, hours=2)  # offline through four 08:00 slots
    await cog.run_due()
    await cog.run_due()
    assert len(channel.sent) == 1 and engine.called("digest")[0]["period"] == "94h"  # since creation


async def test_failures_are_logged_retried_then_skipped_and_other_digests_still_post(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock, good, broken = Clock(), Channel(), Channel(fail=RuntimeError("HTTP 500 at /srv"))
    cog, _, store = make_cog(tmp_path, channels={CHANNEL: good, 8: broken}, clock=clock)
    await subscribe(cog, interaction(admin=True))
    other = interaction(admin=True)
    other.channel_id = 8  # type: ignore[attr-defined]
    await subscribe(cog, other)
    clock.now = SLOT + timedelta(minutes=1)

    with caplog.at_level(logging.ERROR):
        for attempt in range(1, MAX_ATTEMPTS + 1):
            await cog.run_due()
            assert "scheduled digest #2 of guild 42 failed" in caplog.text
            assert (store.get("2").last_run is None) == (attempt < MAX_ATTEMPTS)  # type: ignore[union-attr]
    assert len(good.sent) == 1 and broken.sent == [] and cog.failures == {}
    assert await cog.run_due() == []  # given up until the next slot


async def test_a_vanished_channel_pauses_its_digest_with_the_reason_and_the_check_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    cog, engine, store = make_cog(tmp_path, channels={}, clock=clock)
    await subscribe(cog, interaction(admin=True))
    clock.now = SLOT + timedelta(minutes=1)
    with caplog.at_level(logging.INFO):
        assert await cog.run_due() == []
        assert await cog.run_due() == []  # paused: not tried again
    assert store.get("1").paused == "its channel was deleted"  # type: ignore[union-attr]
    assert engine.called("digest") == [] and cog.failures == {}
    assert [r.levelno for r in caplog.records if "#1" in r.getMessage()] == [logging.WARNING]
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        ((404, 10003, "Unknown Channel"), "its channel was deleted"),
        ((403, 50001, "Missing Access"), "I can no longer see its channel (I need the View Channel permission there)"),
        ((403, 50013, "Missing Permissions"), "Discord refused to let me post in <#7>"),
    ],
)
async def test_discord_refusing_the_channel_at_send_time_pauses_the_digest(
    tmp_path: Path, error: tuple[int, int, str], reason: str
) -> None:
    status, code, text = error
    response = type("Response", (), {"status": status, "reason": text})()
    refused = (discord.NotFound if status == 404 else discord.Forbidden)(response, {"code": code, "message": text})
    clock = Clock()
    cog, _, store = make_cog(tmp_path, channels={CHANNEL: Channel(fail=refused)}, clock=clock)
    await subscribe(cog, interaction(admin=True))
    clock.now = SLOT + timedelta(minutes=1)
    assert await cog.run_due() == []
    assert (store.get("1").paused or "").startswith(reason)  # type: ignore[union-attr]
    assert store.due(clock.now) == [] and cog.failures == {}


async def test_the_scheduler_checks_at_start_up_and_when_poked(tmp_path: Path) -> None:
    clock, channel = Clock(), Channel()
    cog, _, store = make_cog(tmp_path, channels={CHANNEL: channel}, clock=clock)
    await asyncio.to_thread(store.add, guild_id=42, channel_id=CHANNEL, topic=None, every="daily", at="08:00",
                            tz="UTC", now=AS_OF - timedelta(days=2), corpus="g42")  # missed while offline
    ready = asyncio.Event()
    cog.ready = ready.wait
    await cog.cog_load()
    try:
        await asyncio.sleep(0.05)
        assert channel.sent == []  # waits for the bot to be ready
        ready.set()
        await asyncio.wait_for(channel.arrived.wait(), 10)  # the interval is an hour: this is the start-up check
        channel.arrived.clear()
        clock.now = SLOT + timedelta(minutes=1)
        cog.poke()
        await asyncio.wait_for(channel.arrived.wait(), 10)
        assert len(channel.sent) == 2
    finally:
        await cog.cog_unload()
    assert cog._scheduler is not None and cog._scheduler.done()


def test_the_digest_cog_never_imports_the_model_or_the_vector_store() -> None:
    code = (
        "import sys, bot.cogs.digest, bot.client;"
        "print(sorted(m for m in ('chromadb', 'sentence_transformers', 'torch', 'index.answering.digest') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
