"""AskCog with a fake engine: /ask defers then answers, pages for the asker only, validates, cools down."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest

from bot.cogs.ask import (
    EMPTY,
    NO_DMS,
    ONLY_ASKER,
    AskCog,
    Cooldown,
    MessageQuestion,
    QuotePager,
    check_question,
    follow_up,
    question_text,
)
from bot.config import BotSettings
from bot.errors import BadInput, SlowDown
from tests.bot.e2e_helpers import AS_OF, FakeEngine, FakeInteraction, FakeUser, make_abstention, make_answer

ME = 999


def make_cog(engine: FakeEngine | None = None, **settings: Any) -> tuple[AskCog, FakeEngine]:
    engine = engine or FakeEngine()
    base: dict[str, Any] = {"cooldown_seconds": 0}
    base.update(settings)
    return AskCog(engine, BotSettings(**base), clock=lambda: AS_OF), engine


async def ask(cog: AskCog, interaction: FakeInteraction, question: str, since: str | None = None) -> None:
    await cog.ask.callback(cog, interaction, question=question, since=since)  # type: ignore[arg-type]


async def test_ask_defers_first_then_answers_with_an_embed_and_pager() -> None:
    cog, engine = make_cog()
    interaction = FakeInteraction()
    await ask(cog, interaction, "  What did   Morioka say about drones? ")
    assert interaction.kinds() == ["defer", "followup"]
    assert interaction.sent[0].kwargs["thinking"] and not interaction.sent[0].ephemeral
    answer = interaction.last()
    assert answer.embed is not None and answer.embed.title == "What did Morioka say about drones?"
    assert answer.kwargs["allowed_mentions"].to_dict() == {"parse": []}
    assert isinstance(answer.kwargs["view"], QuotePager) and answer.kwargs["view"].asker_id == 1001
    assert interaction.extras["answered"] is True
    (call,) = engine.called("ask")
    assert call == {"question": "What did Morioka say about drones?", "corpus": "g42", "as_of": AS_OF, "since": None}


async def test_since_reaches_the_engine() -> None:
    cog, engine = make_cog()
    await ask(cog, FakeInteraction(), "drones?", since="7d")
    assert engine.called("ask")[0]["since"] == "7d"


async def test_abstention_is_a_plain_message_without_buttons() -> None:
    cog, _ = make_cog(FakeEngine({"What is the capital of Mars?": make_abstention()}))
    interaction = FakeInteraction()
    await ask(cog, interaction, "What is the capital of Mars?")
    last = interaction.last()
    assert last.content is not None and last.content.startswith("I couldn't find anything")
    assert "embed" not in last.kwargs and "view" not in last.kwargs


async def test_an_answer_without_further_quotes_has_no_buttons() -> None:
    cog, _ = make_cog(FakeEngine({"q?": make_answer("q?", more=())}))
    interaction = FakeInteraction()
    await ask(cog, interaction, "q?")
    assert "view" not in interaction.last().kwargs


@pytest.mark.parametrize(
    ("question", "message"),
    [("", EMPTY), ("   \n ", EMPTY), ("x" * 501, "Questions can be at most 500 characters; yours has 501.")],
)
async def test_bad_questions_are_refused_before_deferring(question: str, message: str) -> None:
    cog, engine = make_cog()
    interaction = FakeInteraction()
    with pytest.raises(BadInput, match=message):
        await ask(cog, interaction, question)
    assert interaction.sent == [] and engine.calls == []


def test_a_question_of_exactly_500_characters_is_fine() -> None:
    assert len(check_question("y" * 500)) == 500


async def test_cooldown_is_per_user() -> None:
    cog, engine = make_cog(cooldown_seconds=30)
    await ask(cog, FakeInteraction(FakeUser(1)), "first?")
    with pytest.raises(SlowDown) as info:
        await ask(cog, FakeInteraction(FakeUser(1)), "again?")
    assert 29 < info.value.retry_after <= 30
    await ask(cog, FakeInteraction(FakeUser(2)), "someone else?")
    assert [c["question"] for c in engine.called("ask")] == ["first?", "someone else?"]


def test_cooldown_expires() -> None:
    now = [100.0]
    cooldown = Cooldown(5, clock=lambda: now[0])
    cooldown.hit(7)
    assert not cooldown.allow(7)
    now[0] += 5.01
    cooldown.hit(7)
    assert Cooldown(0).allow(7) and Cooldown(0).allow(7)


async def test_dms_are_refused_unless_enabled_and_then_use_the_default_corpus() -> None:
    cog, _ = make_cog()
    with pytest.raises(BadInput, match=NO_DMS):
        await ask(cog, FakeInteraction(guild_id=None), "drones?")
    cog, engine = make_cog(allow_dms=True, default_corpus="dm-news")
    await ask(cog, FakeInteraction(guild_id=None), "drones?")
    assert engine.called("ask")[0]["corpus"] == "dm-news"


async def test_slow_engine_times_out() -> None:
    class Slow(FakeEngine):
        async def aask(self, question: str, **kw: Any) -> Any:
            await asyncio.sleep(5)

    cog = AskCog(Slow(), BotSettings(cooldown_seconds=0), answer_timeout=0.01)
    with pytest.raises(TimeoutError):
        await ask(cog, FakeInteraction(), "drones?")


async def test_pager_pages_for_the_asker_and_refuses_others_privately() -> None:
    answer = make_answer()
    pager = QuotePager(answer, asker_id=1001, timeout=None)
    assert pager.back.disabled and not pager.more.disabled

    stranger = FakeInteraction(FakeUser(2002, "bob"))
    assert await pager.interaction_check(stranger) is False  # type: ignore[arg-type]
    (refusal,) = stranger.sent
    assert refusal.content == ONLY_ASKER and refusal.ephemeral
    assert refusal.kwargs["allowed_mentions"].to_dict() == {"parse": []}

    asker = FakeInteraction()
    assert await pager.interaction_check(asker) is True  # type: ignore[arg-type]
    await pager.more.callback(asker)  # type: ignore[arg-type]
    (update,) = asker.sent
    assert update.kind == "update" and update.embed is not None
    assert "The first flights are planned for March." in (update.embed.description or "")
    assert update.kwargs["allowed_mentions"].to_dict() == {"parse": []}
    assert pager.page == 1 and pager.more.disabled and not pager.back.disabled

    back = FakeInteraction()
    await pager.back.callback(back)  # type: ignore[arg-type]
    assert "We will test the drones" in (back.last().embed.description or "")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("subject", "text", "expected"),
    [
        ("What did Kallas say about drones?", "and about China?", "What did Kallas say about drones: and about China?"),
        ("What did Kallas say about drones?", "", ""),
        ("s " * 300, "what next?", None),
        ("Kallas?", "z" * 490, "z" * 490),
    ],
)
def test_follow_ups_keep_the_subject(subject: str, text: str, expected: str | None) -> None:
    combined = follow_up(subject, text)
    if expected is not None:
        assert combined == expected
    assert len(combined) <= 500 and combined.endswith(text.strip())


def fake_message(content: str, *, mentions: tuple[Any, ...] = (), reference: Any = None) -> Any:
    return SimpleNamespace(
        content=content, mentions=list(mentions), role_mentions=[], reference=reference, guild=SimpleNamespace(
            self_role=SimpleNamespace(id=555)), channel=SimpleNamespace(),
    )


def test_mentions_of_the_bot_are_removed_and_others_named() -> None:
    bob = SimpleNamespace(id=42, display_name="bob")
    msg = fake_message(f"<@{ME}> what did <@42> say about <@&555> drones?  ", mentions=(bob,))
    assert question_text(msg, ME, 555) == "what did @bob say about drones?"


def test_parse_finds_written_mentions_and_replies_to_answers() -> None:
    cog, _ = make_cog()
    me = SimpleNamespace(id=ME)
    assert cog.parse(fake_message(f"<@{ME}> drones?"), me) == MessageQuestion("drones?")  # type: ignore[arg-type]
    assert cog.parse(fake_message(f"<@!{ME}>"), me) == MessageQuestion("")  # type: ignore[arg-type]
    assert cog.parse(fake_message("no mention here"), me) is None  # type: ignore[arg-type]
    cog.conversations.remember(77, "What did Kallas say?")
    reply = fake_message("and China?", reference=SimpleNamespace(message_id=77, resolved=None))
    assert cog.parse(reply, me) == MessageQuestion("and China?", "What did Kallas say?")  # type: ignore[arg-type]
    other = fake_message("just chatting", reference=SimpleNamespace(message_id=78, resolved=None))
    assert cog.parse(other, me) is None  # type: ignore[arg-type]

