"""The one error handler: every error becomes a short private reply; unexpected ones are logged in full.

`describe()` is the single mapping from an exception to what a user may read. Slash commands and buttons reach
it through `on_app_command_error` (installed as `CommandTree.on_error`) and mentions through
`report_message_error`. Text comes only from exceptions whose message is written for users (the index's
NewsbotError tree and `BotError` here); anything else is logged with its traceback and the user sees one calm
line, so no traceback, path or secret reaches Discord.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import discord
from discord import app_commands

from bot.views.text import CONTENT_LIMIT, NO_PINGS, clip, neutralise
from index import NewsbotError

log = logging.getLogger(__name__)

CALM = "Something went wrong on my side. Please try again in a moment."
TIMED_OUT = "That took too long to answer. Please try again in a moment."


class BotError(app_commands.AppCommandError):
    """An error whose message is the reply (written for users)."""


class NotAllowed(BotError, app_commands.CheckFailure):
    """The user may not run this command."""


class BadInput(BotError):
    """The question or option cannot be used as given."""


class SlowDown(BotError):
    """The user asked again before their cooldown ended."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        wait = max(1, round(retry_after + 0.49))
        super().__init__(f"Slow down a little: you can ask again in {wait} second{'s' if wait != 1 else ''}.")


def describe(error: BaseException) -> str:
    """The short, user-safe text for an error; unknown errors are logged with their traceback."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    elif isinstance(error, app_commands.TransformerError) and error.__cause__ is not None:
        error = error.__cause__
    if isinstance(error, BotError | NewsbotError):
        return str(error)
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works in servers only."
    if isinstance(error, app_commands.MissingPermissions | app_commands.MissingAnyRole | app_commands.MissingRole):
        return "You don't have permission to use this command."
    if isinstance(error, app_commands.CommandOnCooldown):
        return str(SlowDown(error.retry_after))
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
    if isinstance(error, TimeoutError):
        return TIMED_OUT
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    return CALM


async def reply(
    interaction: discord.Interaction[Any], content: str | None = None, *, ephemeral: bool = False, **kwargs: Any
) -> None:
    """Answer an interaction: the first response if none was sent yet, else a followup; never pings anyone."""
    kwargs["allowed_mentions"] = NO_PINGS
    if content is not None:
        kwargs["content"] = content
    if not interaction.response.is_done():
        await interaction.response.send_message(ephemeral=ephemeral, **kwargs)
    else:
        await interaction.followup.send(ephemeral=ephemeral, **kwargs)


async def reply_privately(interaction: discord.Interaction[Any], text: str) -> None:
    """A private (ephemeral) reply, also after a public "thinking…" deferral (which is removed first)."""
    text = clip(neutralise(text), CONTENT_LIMIT)
    response = interaction.response
    if (
        response.is_done()
        and response.type is discord.InteractionResponseType.deferred_channel_message
        and not interaction.extras.get("answered")
    ):
        # The public placeholder would otherwise show the error to everyone (or stay "thinking" forever).
        with contextlib.suppress(discord.HTTPException):
            await interaction.delete_original_response()
    await reply(interaction, text, ephemeral=True)


async def on_app_command_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """CommandTree.on_error (and the views' on_error): map the error and reply privately."""
    text = describe(error)
    try:
        await reply_privately(interaction, text)
    except discord.HTTPException as exc:  # e.g. the interaction expired: nobody left to tell
        log.warning("could not tell the user about an error (%s): %s", type(error).__name__, exc)


async def report_message_error(message: discord.Message, error: BaseException) -> None:
    """A failed mention or DM question: tell the author privately (DM), else reply briefly in the channel."""
    await tell_privately(message, describe(error))


async def tell_privately(message: discord.Message, text: str) -> None:
    """A short note to a message's author that only they see when possible (a DM)."""
    text = clip(neutralise(text), CONTENT_LIMIT)
    if isinstance(message.channel, discord.DMChannel):
        with contextlib.suppress(discord.HTTPException):
            await message.channel.send(text, allowed_mentions=NO_PINGS)
        return
    try:
        await message.author.send(text, allowed_mentions=NO_PINGS)
    except discord.HTTPException:  # DMs closed: a reply that removes itself
        with contextlib.suppress(discord.HTTPException):
            await message.reply(text, mention_author=False, allowed_mentions=NO_PINGS, delete_after=20)
