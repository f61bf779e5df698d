"""AskCog with a fake engine: /ask defers then answers, pages for the asker only, validates, cools down."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.cogs.ask import (
    EMPTY,
    EXPIRED,
    NO_DMS,
    ONLY_ASKER,
    AskCog,
    Cooldown,
    MessageQuestion,
    PageButton,
    check_question,
    follow_up,
    question_text,
)
from bot.config import BotSettings
from bot.errors import BadInput, SlowDown
from bot.pages import PageStore
from tests.bot.e2e_helpers import AS_OF, FakeEngine, FakeInteraction, FakeUser, make_abstention, make_answer

ME = 999


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the cog keeps paged answers in ./data (the default data dir)


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
    buttons = answer.kwargs["view"].children
    assert [b.item.label for b in buttons] == ["Back", "More quotes"]
    assert buttons[0].item.disabled and not buttons[1].item.disabled
    assert cog.pages.get(buttons[1].key) == (make_answer(), 1001)  # kept on disk for the pager, with its asker
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
    assert last.content is not None and last.content.startswith("The indexed news doesn't answer that")
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
    cog, _ = make_cog()
    first = FakeInteraction()
    await ask(cog, first, "What did Morioka say about drones?")
    more = first.last().kwargs["view"].children[1]
    assert isinstance(more, PageButton) and more.page == 1

    stranger = FakeInteraction(FakeUser(2002, "bob"))
    await cog.show_page(stranger, more.key, more.page)  # type: ignore[arg-type]
    (refusal,) = stranger.sent
    assert refusal.content == ONLY_ASKER and refusal.ephemeral
    assert refusal.kwargs["allowed_mentions"].to_dict() == {"parse": []}

    asker = FakeInteraction()
    await cog.show_page(asker, more.key, more.page)  # type: ignore[arg-type]
    (update,) = asker.sent
    assert update.kind == "update" and update.embed is not None
    assert "The first flights are planned for March." in (update.embed.description or "")
    assert update.kwargs["allowed_mentions"].to_dict() == {"parse": []}
    back, further = update.kwargs["view"].children
    assert further.item.disabled and not back.item.disabled and back.page == 0

    again = FakeInteraction()
    await cog.show_page(again, back.key, back.page)  # type: ignore[arg-type]
    assert "We will test the drones" in (again.last().embed.description or "")  # type: ignore[union-attr]


async def test_a_pager_whose_answer_is_no_longer_kept_says_so() -> None:
    cog, _ = make_cog()
    with pytest.raises(BadInput, match=EXPIRED):
        await cog.show_page(FakeInteraction(), "0123456789abcdef", 1)  # type: ignore[arg-type]


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



async def test_an_answer_that_cannot_be_kept_still_goes_out_without_its_pager(tmp_path: Path) -> None:
    class Full(PageStore):
        def put(self, answer: Any, asker_id: int) -> str:
            raise sqlite3.OperationalError("database or disk is full")

    cog = AskCog(FakeEngine(), BotSettings(cooldown_seconds=0), clock=lambda: AS_OF,
                 pages=Full(tmp_path / "pages.sqlite3"))
    interaction = FakeInteraction()
    await ask(cog, interaction, "What did Morioka say about drones?")
    sent = interaction.last()
    assert sent.embed is not None and "We will test the drones" in (sent.embed.description or "")
    assert "view" not in sent.kwargs
