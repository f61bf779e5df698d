"""AdminCog with a fake engine: who may reindex, progress edits, one rebuild at a time, sources, status, polls."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
import pytest

from bot.cogs.admin import ALREADY, AdminCog, Throttle, is_admin
from bot.config import BotSettings
from bot.errors import BadInput, NotAllowed
from index.errors import RebuildInProgress
from index.models import IngestError, IngestReport, SourceInfo
from tests.bot.e2e_helpers import FakeEngine, FakeInteraction, FakeRole, FakeUser

MANAGER = discord.Permissions(manage_guild=True)


def make_cog(engine: FakeEngine | None = None, **settings: Any) -> tuple[AdminCog, FakeEngine]:
    engine = engine or FakeEngine()
    base: dict[str, Any] = {"admin_role": 5}
    base.update(settings)
    return AdminCog(engine, BotSettings(**base), guild_ids=lambda: [1, 2], progress_interval=0.01), engine


def admin_interaction(**kw: Any) -> FakeInteraction:
    return FakeInteraction(permissions=MANAGER, **kw)


async def finish(cog: AdminCog) -> None:
    while cog.tasks:
        await asyncio.gather(*cog.tasks)


@pytest.mark.parametrize(
    ("permissions", "roles", "allowed"),
    [
        (discord.Permissions.none(), [], False),
        (discord.Permissions(manage_guild=True), [], True),
        (discord.Permissions(administrator=True), [], True),
        (discord.Permissions.none(), [FakeRole(5, "Editors")], True),
        (discord.Permissions.none(), [FakeRole(77, "Other")], False),
    ],
)
def test_admins_have_manage_server_or_the_admin_role(
    permissions: discord.Permissions, roles: list[FakeRole], allowed: bool
) -> None:
    interaction = FakeInteraction(FakeUser(roles=roles), permissions=permissions)
    assert is_admin(interaction, BotSettings(admin_role=5)) is allowed  # type: ignore[arg-type]


def test_the_admin_role_is_matched_by_id_never_by_name() -> None:
    interaction = FakeInteraction(FakeUser(roles=[FakeRole(5, "Editors")]))
    assert is_admin(interaction, BotSettings(admin_role=5))  # type: ignore[arg-type]
    copycat = FakeInteraction(FakeUser(roles=[FakeRole(6, "5")]))  # a role named like the configured id
    assert not is_admin(copycat, BotSettings(admin_role=5))  # type: ignore[arg-type]
    assert not is_admin(interaction, BotSettings())  # type: ignore[arg-type]


async def test_non_admins_cannot_reindex() -> None:
    cog, engine = make_cog()
    interaction = FakeInteraction()
    with pytest.raises(NotAllowed, match="Manage Server permission or the configured admin role"):
        await cog.reindex.callback(cog, interaction)  # type: ignore[arg-type]
    assert interaction.sent == [] and engine.calls == []


async def test_reindex_answers_at_once_then_edits_progress_and_the_result() -> None:
    cog, engine = make_cog()
    interaction = admin_interaction()
    await cog.reindex.callback(cog, interaction)  # type: ignore[arg-type]
    assert interaction.kinds() == ["response"] and not interaction.sent[0].ephemeral
    await finish(cog)
    edits = [s.content or "" for s in interaction.sent if s.kind == "edit"]
    assert any("/4 articles" in e and "%" in e for e in edits[:-1])
    assert edits[-1].startswith("Rebuilt this server's index: 4 articles, 9 chunks in 1.2 s")
    assert all(s.kwargs.get("allowed_mentions").to_dict() == {"parse": []} for s in interaction.sent)
    assert engine.called("rebuild")[0]["corpus"] == "g42" and engine.called("poll") == []
    assert cog.rebuilding == set()


async def test_a_second_reindex_while_one_runs_says_so() -> None:
    cog, engine = make_cog()
    engine.release_rebuild.clear()
    first = admin_interaction()
    await cog.reindex.callback(cog, first)  # type: ignore[arg-type]
    with pytest.raises(BadInput, match=ALREADY):
        await cog.reindex.callback(cog, admin_interaction())  # type: ignore[arg-type]
    other_guild = admin_interaction(guild_id=43)  # other guilds rebuild independently
    await cog.reindex.callback(cog, other_guild)  # type: ignore[arg-type]
    engine.release_rebuild.set()
    await finish(cog)
    assert len(engine.called("rebuild")) == 2


async def test_reindex_full_polls_the_feeds_first() -> None:
    cog, engine = make_cog()
    interaction = admin_interaction()
    await cog.reindex.callback(cog, interaction, full=True)  # type: ignore[arg-type]
    await finish(cog)
    assert [n for n, _ in engine.calls if n in ("poll", "rebuild")] == ["poll", "rebuild"]
    assert "Fetched the followed feeds: 1 new or updated article." in (interaction.last().content or "")


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (RebuildInProgress("busy"), ALREADY),
        (RuntimeError("disk on fire at /srv"), "The rebuild failed. The current index is still in use."),
    ],
)
async def test_a_failed_rebuild_ends_with_a_calm_message(
    error: BaseException, text: str, caplog: pytest.LogCaptureFixture
) -> None:
    cog, engine = make_cog()
    engine.fail["rebuild"] = error
    interaction = admin_interaction()
    with caplog.at_level(logging.ERROR):
        await cog.reindex.callback(cog, interaction)  # type: ignore[arg-type]
        await finish(cog)
    assert interaction.last().content == text and cog.rebuilding == set()
    assert ("disk on fire" in caplog.text) == isinstance(error, RuntimeError)


async def test_throttle_sends_at_most_one_edit_per_interval_and_the_latest_text() -> None:
    sent: list[tuple[float, str]] = []
    loop = asyncio.get_running_loop()

    async def send(text: str) -> None:
        sent.append((loop.time(), text))

    throttle = Throttle(send, interval=0.1, clock=loop.time)
    for i in range(30):
        throttle.push(f"step {i}")
        await asyncio.sleep(0.01)
    for _ in range(500):  # the latest text goes out once its interval has passed
        if sent and sent[-1][1] == "step 29":
            break
        await asyncio.sleep(0.01)
    await throttle.close()
    texts = [t for _, t in sent]
    assert texts[0] == "step 0" and texts[-1] == "step 29" and len(texts) < 30
    gaps = [b - a for (a, _), (b, _) in zip(sent, sent[1:], strict=False)]
    assert all(g >= 0.1 - 1e-3 for g in gaps)


async def test_closing_the_throttle_lets_an_edit_already_sent_finish() -> None:
    # cancelled mid-request, a refusal Discord already sent back would go unnoticed, and the final message would try
    # the dead token a second time
    outcomes: list[str] = []

    async def send(text: str) -> None:
        await asyncio.sleep(0.05)
        outcomes.append(text)

    throttle = Throttle(send, interval=0.1)
    throttle.push("step 1")
    await asyncio.sleep(0.01)  # the edit is on its way
    await throttle.close()
    assert outcomes == ["step 1"]


async def test_closing_the_throttle_drops_what_waits_for_its_interval() -> None:
    sent: list[str] = []

    async def send(text: str) -> None:
        sent.append(text)

    throttle = Throttle(send, interval=5.0)
    throttle.push("step 1")
    await asyncio.sleep(0.01)
    throttle.push("step 2")  # waits five seconds for its turn
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    await throttle.close()
    assert sent == ["step 1"] and loop.time() - t0 < 1.0


async def test_sources_list_is_private_and_lists_the_guilds_sources() -> None:
    cog, engine = make_cog()
    engine.sources["g42"] = [SourceInfo("https://feeds.example/rss", "feed", articles=4)]
    interaction = FakeInteraction()
    await cog.sources_list.callback(cog, interaction)  # type: ignore[arg-type]
    assert interaction.kinds() == ["defer", "edit"] and interaction.last().ephemeral  # the private placeholder
    assert "https://feeds.example/rss" in (interaction.last().embed.description or "")  # type: ignore[union-attr]


async def test_only_admins_add_or_remove_sources() -> None:
    cog, engine = make_cog()
    for command, kw in ((cog.sources_add, {"url": "https://x.example/rss"}),
                        (cog.sources_remove, {"url": "https://x.example/rss"})):
        with pytest.raises(NotAllowed):
            await command.callback(cog, FakeInteraction(), **kw)  # type: ignore[arg-type]
    assert engine.calls == []


@pytest.mark.parametrize("url", ["ftp://x.example/feed", "/etc/passwd", "https://x.example/a b", "https://" + "x" * 600])
async def test_source_addresses_must_be_web_addresses(url: str) -> None:
    cog, engine = make_cog()
    with pytest.raises(BadInput, match="http:// or https://"):
        await cog.sources_add.callback(cog, admin_interaction(), url=url)  # type: ignore[arg-type]
    assert engine.calls == []


async def test_adding_a_source_ingests_it_into_the_guild_corpus() -> None:
    cog, engine = make_cog()
    engine.sources["g42"] = [SourceInfo("https://x.example/rss", "feed")]
    interaction = admin_interaction()
    await cog.sources_add.callback(cog, interaction, url=" https://x.example/rss ")  # type: ignore[arg-type]
    assert engine.called("ingest") == [{"inputs": ["https://x.example/rss"], "corpus": "g42"}]
    assert interaction.last().content == "Now following <https://x.example/rss> (feed): 3 new articles."
    assert interaction.last().ephemeral


async def test_a_source_that_cannot_be_read_is_not_followed() -> None:
    cog, engine = make_cog()
    url = "https://down.example/rss"
    engine.ingest_reports[url] = IngestReport(errors=[IngestError(url, "HTTP 503 from down.example.")])
    interaction = admin_interaction()
    await cog.sources_add.callback(cog, interaction, url=url)  # type: ignore[arg-type]
    assert interaction.last().content == (
        f"I couldn't read <{url}>: HTTP 503 from down.example. I am not following it."
    )


async def test_removing_a_source_reports_the_removed_articles() -> None:
    cog, engine = make_cog()
    interaction = admin_interaction()
    await cog.sources_remove.callback(cog, interaction, url="https://x.example/rss")  # type: ignore[arg-type]
    assert engine.called("remove_source") == [{"url": "https://x.example/rss", "corpus": "g42"}]
    assert interaction.last().content == "Stopped following <https://x.example/rss> and removed 2 articles."


async def test_status_is_private_and_shows_counts_and_failing_feeds() -> None:
    cog, engine = make_cog()
    engine.articles["g42"] = 12
    engine.sources["g42"] = [SourceInfo("https://down.example/rss", "feed", last_error="HTTP 503")]
    interaction = FakeInteraction()
    await cog.status.callback(cog, interaction)  # type: ignore[arg-type]
    embed = interaction.last().embed
    assert embed is not None and interaction.last().ephemeral
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Articles"] == "12" and fields["Model"] == "fake-model"
    assert "https://down.example/rss: HTTP 503" in fields["Failing feeds"]


async def test_poll_once_polls_every_guild_corpus_and_survives_failures(caplog: pytest.LogCaptureFixture) -> None:
    class Flaky(FakeEngine):
        async def apoll_feeds(self, **kw: Any) -> IngestReport:
            if kw["corpus"] == "g1":
                raise OSError("network down")
            return await super().apoll_feeds(**kw)

    cog, engine = make_cog(Flaky(), allow_dms=True, default_corpus="dm")
    with caplog.at_level(logging.ERROR):
        reports = await cog.poll_once()
    assert sorted(reports) == ["dm", "g2"] and "network down" in caplog.text


async def test_the_poller_runs_on_its_interval() -> None:
    engine = FakeEngine()
    cog = AdminCog(engine, BotSettings(poll_minutes=0.001), guild_ids=lambda: [1])
    await cog.cog_load()
    try:
        for _ in range(100):
            if len(engine.called("poll")) >= 2:
                break
            await asyncio.sleep(0.05)
    finally:
        await cog.cog_unload()
    assert len(engine.called("poll")) >= 2 and engine.called("poll")[0] == {"corpus": "g1"}


async def test_guild_commands_refuse_direct_messages() -> None:
    cog, engine = make_cog()
    for command in (cog.reindex, cog.status, cog.sources_list):
        interaction = FakeInteraction(guild_id=None, permissions=MANAGER)
        with pytest.raises(BadInput, match="servers only"):
            await command.callback(cog, interaction)  # type: ignore[arg-type]
        assert interaction.sent == []
    assert engine.calls == []
