"""docs/walkthrough.md is generated from what the bot posted to the Discord stand-in, so it cannot drift.

The test runs each command once against the real bot and engine in demo mode (each guild's empty index is
seeded with the sample news on join), records the payloads, renders them as markdown and compares the result
with the committed file. Regenerate it with:

    NEWSBOT_WRITE_WALKTHROUGH=1 .venv/bin/python -m pytest tests/bot/test_walkthrough.py
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.__main__ import demo_inputs
from index.engine import Engine
from index.settings import Settings
from index.subscriptions import next_slot
from tests.bot.e2e_helpers import (
    AS_OF,
    INGESTED,
    ROOT,
    MemoEmbedder,
    Walkthrough,
    World,
    serve_files,
    start_world,
)
from tests.conftest import SAVED_PAGE
from tests.discord_standin import PostedMessage

DOC = ROOT / "docs" / "walkthrough.md"
WAIT = 120.0

HEADER = """# newsbot on Discord: a walkthrough

What each command looks like in a server. Everything below was posted by the real bot, answering from the
real index (the bundled sample news and a saved web page from the tests, as `newsbot-bot --demo` seeds them
with `NEWSBOT_DEMO_PATHS=tests/fixtures/sources/alliance_page.txt`), to the local Discord stand-in the tests
use. `tests/bot/test_walkthrough.py` writes this file from those payloads and fails when it is out of date;
regenerate it with `NEWSBOT_WRITE_WALKTHROUGH=1 .venv/bin/python -m pytest tests/bot/test_walkthrough.py`.

Answers are as of 2026-11-25 12:00 UTC (the tests fix the clock). Block quotes in Discord render the
markdown shown here; the backslashes are Discord escapes that keep an article's own `*`, `_` or `<@…>`
from turning into formatting or mentions, so readers see the words exactly as published. No message
the bot sends can ping anyone (`allowed_mentions` is empty on every message).
"""


def commands_table(commands: Sequence[dict[str, Any]]) -> str:
    """The synced slash commands, as Discord shows them."""
    rows = ["| Command | What it does | Options |", "|---|---|---|"]
    for c in sorted(commands, key=lambda c: c["name"]):
        subs = [o for o in c.get("options") or [] if o.get("type") == 1]
        for name, desc, options in [(f"/{c['name']} {s['name']}", s["description"], s.get("options") or [])
                                    for s in subs] or [(f"/{c['name']}", c["description"], c.get("options") or [])]:
            opts = "; ".join(
                f"`{o['name']}`{'' if o.get('required') else ' (optional)'}: {o['description']}" for o in options
            )
            rows.append(f"| `{name}` | {desc} | {opts or '—'} |")
    return "\n".join(rows)


async def test_walkthrough_is_generated_from_the_recorded_payloads_and_up_to_date(
    real_embedder: Any, tmp_path: Path
) -> None:
    embedder = MemoEmbedder(real_embedder)
    engine = Engine(Settings(data_dir=tmp_path / "data"), embedder=embedder, clock=lambda: INGESTED)
    feed = (ROOT / "tests" / "fixtures" / "sources" / "lighthouse_feed.rss").read_bytes()  # not in sample_news
    demo = demo_inputs([str(SAVED_PAGE)])  # as NEWSBOT_DEMO_PATHS=tests/fixtures/sources/alliance_page.txt has it
    try:
        async with (
            serve_files({"feed.xml": (feed, "application/rss+xml")}) as server,
            start_world(engine, embedder, dev_guild=True, demo_inputs=demo, default_corpus="default") as w,
        ):
            text = await record(w, server.url("feed.xml"), server.base)
    finally:
        engine.close()

    if os.environ.get("NEWSBOT_WRITE_WALKTHROUGH"):
        DOC.parent.mkdir(parents=True, exist_ok=True)
        DOC.write_text(text, encoding="utf-8")
    assert DOC.exists(), "docs/walkthrough.md is missing: run with NEWSBOT_WRITE_WALKTHROUGH=1 to write it"
    assert DOC.read_text(encoding="utf-8") == text, (
        "docs/walkthrough.md is out of date: run with NEWSBOT_WRITE_WALKTHROUGH=1 to regenerate it"
    )


async def record(w: World, feed_url: str, feed_base: str) -> str:
    """Run each command once and return the walkthrough markdown."""
    s, bot = w.standin, w.bot
    for corpus in (w.corpus(), "default"):  # demo mode seeds each empty index in the background
        task = await s.wait_until(lambda c=corpus: bot.seeding.get(c), WAIT, f"seeding {corpus}")
        await asyncio.wait_for(asyncio.shield(task), WAIT)
    synced = s.synced_commands(w.guild.id)
    assert sorted(c["name"] for c in synced) == ["ask", "digest", "digests", "reindex", "sources", "status"]
    assert s.synced_commands() == []  # a dev guild is configured: nothing global

    walk = Walkthrough(replacements=[
        (feed_base, "https://feeds.example"), (s.bot_user.name, "newsbot"), (s.channel.mention, "#general"),
    ])
    mention = s.bot_user.mention

    async def ask(question: str, since: str | None = None, title: str = "") -> PostedMessage:
        options = {"question": question} | ({"since": since} if since else {})
        completed = asyncio.ensure_future(bot.wait_for("app_command_completion"))
        handle = await s.interaction("ask", options=options)
        answer = await handle.wait_response(timeout=WAIT)
        await asyncio.wait_for(completed, WAIT)
        typed = f"`/ask question: {question}" + (f" since: {since}`" if since else "`")
        walk.add(title or f"/ask: {question}", typed, [answer])
        return answer

    drones = await ask("What did Leinonen say about drones?", title="/ask")
    more_id = drones.custom_ids[1]
    other = await s.component_click(drones, more_id, user=s.add_user("bob"))
    walk.add("Someone else clicks More quotes", "(another member) clicks **More quotes** on that answer",
             [await other.wait_response(timeout=WAIT)])
    paged = await s.component_click(drones, more_id)
    walk.add("More quotes", "(the asker) clicks **More quotes**", [await paged.wait_edit(timeout=WAIT)])
    await ask("What did Kenji Morioka say about the drone trials?", since="7d", title="/ask with a time window")
    await ask("What did Kenji Morioka say about the drone trials yesterday?",
              title="/ask when nothing in the question's time answers it")
    await ask("What is the capital of Mars?", title="When the news doesn't say")
    elsewhere = await ask("What did Kenji Morioka say about tariffs?",
                          title="When the person asked about is not quoted on it")
    shown = elsewhere.embeds[0]["description"]  # his words are on drones; what the news says on tariffs follows
    assert "*Kenji Morioka is not quoted on this in the indexed news." in shown and "Tariffs are a tax" in shown

    question = "What did Ilse Vandermeer say about rare earth export controls?"
    asked = await s.message(f"{mention} {question}")
    answer = await asked.wait_reply(timeout=WAIT)
    walk.add("Mentioning the bot", f"`@newsbot {question}`", [answer])
    follow = await s.message("and what did she say about Japan?", reply_to=answer)
    walk.add("Replying to an answer asks a follow-up", "(replying to that answer) `and what did she say about Japan?`",
             [await follow.wait_reply(timeout=WAIT)])
    lonely = s.add_user("carol")
    await s.message(mention, author=lonely)
    note = await s.wait_for_message(lambda p: p.channel_id == s.dm_channel(lonely).id, timeout=WAIT)
    walk.add("A mention without a question", "`@newsbot`", [note],
             "The explanation goes to the member privately, by direct message.")
    dm_question = "What did Aiko Tanabe say about the cyber drill?"
    dm = await s.message(dm_question, author=lonely, dm=True)
    walk.add("Direct messages (when NEWSBOT_ALLOW_DMS is on)", f"(in a direct message) `{dm_question}`",
             [await dm.wait_reply(timeout=WAIT)])

    async def digest(options: dict[str, str], title: str, note: str = "") -> None:
        completed = asyncio.ensure_future(bot.wait_for("app_command_completion"))
        handle = await s.interaction("digest", options)
        await handle.wait_response(timeout=WAIT)
        await asyncio.wait_for(completed, WAIT)  # a long digest is several messages
        walk.add(title, "`/digest" + "".join(f" {k}: {v}" for k, v in options.items()) + "`", handle.responses(),
                 note)

    await digest({"topic": "drones", "period": "last week"}, "/digest",
                 "Without a period, a digest covers the last 7 days; this page uses last week so that it stays the "
                 "same whenever it is regenerated.")
    await digest({"period": "last week"}, "/digest without a topic: the top stories")
    await digest({"topic": "shipyards", "period": "last week"}, "/digest when the period has nothing")

    weekly = {"topic": "drones", "every": "weekly", "at": "09:00", "day": "friday"}
    subscribed = await s.interaction("digests", weekly, subcommand="subscribe", user=w.manager)
    confirmation = await subscribed.wait_response(timeout=WAIT)
    assert bot.subscriptions is not None
    (sub,) = bot.subscriptions.for_guild(w.guild.id)
    first = next_slot(sub, AS_OF)
    walk.replacements.append((f"<t:{int(first.timestamp())}:f>", f"{first:%A %d %B %Y, %H:%M} UTC"))
    walk.add("/digests subscribe (admins)", "`/digests subscribe topic: drones every: weekly at: 09:00 day: friday`",
             [confirmation],
             "Times are in the server's timezone (NEWSBOT_TIMEZONE); Discord shows the date in each reader's own. "
             "Each run covers the time since the previous one and leaves out the stories it already posted.")
    listed = await s.interaction("digests", subcommand="list", user=w.manager)
    walk.add("/digests list (admins)", "`/digests list`", [await listed.wait_response(timeout=WAIT)])
    unsubscribed = await s.interaction("digests", {"id": sub.id}, subcommand="unsubscribe", user=w.manager)
    walk.add("/digests unsubscribe (admins)", f"`/digests unsubscribe id: {sub.id}`",
             [await unsubscribed.wait_response(timeout=WAIT)])

    status = await s.interaction("status")
    walk.add("/status", "`/status`", [await status.wait_response(timeout=WAIT)])
    listed = await s.interaction("sources", subcommand="list", user=w.manager)
    walk.add("/sources list (admins)", "`/sources list`", [await listed.wait_response(timeout=WAIT)])
    added = await s.interaction("sources", {"url": feed_url}, subcommand="add", user=w.manager)
    walk.add("/sources add (admins)", f"`/sources add url: {feed_url}`", [await added.wait_response(timeout=WAIT)])
    removed = await s.interaction("sources", {"url": feed_url}, subcommand="remove", user=w.manager)
    walk.add("/sources remove (admins)", f"`/sources remove url: {feed_url}`",
             [await removed.wait_response(timeout=WAIT)])

    helper = s.member("hugo")
    s.allow_command("reindex", s.guild, helper)
    refused = await s.interaction("reindex", user=helper)
    walk.add("/reindex by a member who is not an admin", "`/reindex`", [await refused.wait_response(timeout=WAIT)],
             "Discord shows the admin commands (/reindex, /sources, /digests) to members with Manage Server only. "
             "When a server admin lets other members see them (Server Settings → Integrations), the bot still "
             "checks:")
    reindex = await s.interaction("reindex", user=w.manager)
    done = await reindex.wait_edit(lambda p: p.content.startswith("Rebuilt"), timeout=WAIT)
    first = reindex.responses()[0]
    walk.add("/reindex (admins)", "`/reindex`", [first, done],
             "While it runs, the message is edited with progress (at most every 2 seconds), e.g. "
             "\"Rebuilding this server's index: 120/300 articles, 410 chunks (40%). Answers keep coming from the "
             "current index meanwhile.\"")

    return walk.markdown(HEADER + "\n## The commands\n\n" + commands_table(synced) + "\n")
