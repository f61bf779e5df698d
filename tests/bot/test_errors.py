"""bot.errors: one handler maps every error to a short private reply; unknown ones are logged, never shown."""

from __future__ import annotations

import logging
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.errors import (
    CALM,
    TIMED_OUT,
    BadInput,
    NotAllowed,
    SlowDown,
    describe,
    on_app_command_error,
    reply,
    reply_privately,
)
from index.errors import BadQuestion, RebuildInProgress, StoreError
from tests.bot.e2e_helpers import FakeInteraction


def _invoke_error(original: Exception) -> app_commands.CommandInvokeError:
    @app_commands.command(name="x")
    async def x(interaction: discord.Interaction[Any]) -> None:
        """x"""

    return app_commands.CommandInvokeError(x, original)


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (BadQuestion("Questions can be at most 500 characters; this one has 600."),
         "Questions can be at most 500 characters; this one has 600."),
        (RebuildInProgress("a rebuild of this index is already running"), "a rebuild of this index is already running"),
        (BadInput("Ask a question."), "Ask a question."),
        (NotAllowed("Only admins."), "Only admins."),
        (SlowDown(2.2), "Slow down a little: you can ask again in 3 seconds."),
        (SlowDown(0.2), "Slow down a little: you can ask again in 1 second."),
        (app_commands.NoPrivateMessage(), "This command works in servers only."),
        (app_commands.MissingPermissions(["manage_guild"]), "You don't have permission to use this command."),
        (TimeoutError(), TIMED_OUT),
    ],
)
def test_known_errors_become_their_user_safe_text(error: BaseException, text: str) -> None:
    assert describe(error) == text
    assert describe(_invoke_error(error)) == text


def test_unknown_errors_are_logged_with_traceback_and_the_user_sees_one_calm_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    try:
        raise KeyError("/srv/newsbot/data token=abc")
    except KeyError as exc:
        error = _invoke_error(exc)
    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        text = describe(error)
    assert text == CALM
    assert "Traceback" not in text and "/srv" not in text and "token" not in text
    assert caplog.records and caplog.records[0].exc_info is not None
    assert "KeyError" in caplog.text and "Traceback" in caplog.text


async def test_reply_uses_the_response_first_then_followups() -> None:
    interaction = FakeInteraction()
    await reply(interaction, "first")  # type: ignore[arg-type]
    await reply(interaction, "second", ephemeral=True)  # type: ignore[arg-type]
    assert interaction.kinds() == ["response", "followup"]
    assert all(s.kwargs["allowed_mentions"].to_dict() == {"parse": []} for s in interaction.sent)
    assert interaction.sent[1].ephemeral


async def test_private_reply_after_a_public_deferral_removes_the_thinking_message() -> None:
    interaction = FakeInteraction()
    await interaction.response.defer(thinking=True)
    await reply_privately(interaction, "Sorry @everyone.")  # type: ignore[arg-type]
    assert interaction.kinds() == ["defer", "delete", "followup"]
    last = interaction.last()
    assert last.ephemeral and last.content is not None and "@everyone" not in last.content


async def test_private_reply_after_the_answer_was_posted_keeps_the_answer() -> None:
    interaction = FakeInteraction()
    await interaction.response.defer(thinking=True)
    interaction.extras["answered"] = True
    await reply_privately(interaction, "late problem")  # type: ignore[arg-type]
    assert interaction.kinds() == ["defer", "followup"]


async def test_tree_error_handler_replies_privately_and_calmly(caplog: pytest.LogCaptureFixture) -> None:
    interaction = FakeInteraction()
    with caplog.at_level(logging.ERROR):
        await on_app_command_error(interaction, _invoke_error(ZeroDivisionError("boom")))  # type: ignore[arg-type]
    (sent,) = interaction.sent
    assert (sent.kind, sent.content, sent.ephemeral) == ("response", CALM, True)
    assert "ZeroDivisionError" in caplog.text


async def test_store_errors_are_shown_as_written() -> None:
    interaction = FakeInteraction()
    await on_app_command_error(  # type: ignore[arg-type]
        interaction, _invoke_error(StoreError("The index is unreachable right now."))
    )
    assert interaction.last().content == "The index is unreachable right now."
