"""The one error handler: every error becomes a short private reply; unexpected ones are logged in full.

`describe()` is the single mapping from an exception to what a user may read. Slash commands and buttons reach
it through `on_app_command_error` (installed as `CommandTree.on_error`) and mentions through
`report_message_error`. Text comes only from exceptions whose message is written for users (the index's
NewsbotError tree and `BotError` here); anything else is logged with its traceback and the user sees one calm
line, so no traceback, path or secret reaches Discord.

`reply()` is the one way an interaction is answered: the first response, then the deferred "thinking…" message
edited into the answer (Discord deprecates filling it with the first followup), then followups. An interaction
token lives 15 minutes; a reply that would land after about 14 (or that Discord refuses because the token died)
goes to the channel as a normal message when the bot may post there, else it is dropped with one log line.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta
from typing import Any

import discord
from discord import app_commands

from bot.permissions import MISSING_ACCESS, MISSING_PERMISSIONS, missing, my_permissions, names
from bot.views.text import CONTENT_LIMIT, NO_PINGS, clip, neutralise
from index import NewsbotError

log = logging.getLogger(__name__)

CALM = "Something went wrong on my side. Please try again in a moment."
TIMED_OUT = "That took too long to answer. Please try again in a moment."
NOT_ALLOWED_HERE = (
    "I'm not allowed to do that in this channel: a server admin can give me the View Channel, Send Messages, "
    "Embed Links and Read Message History permissions here."
)
TOKEN_LIFETIME = 14 * 60.0  # seconds: interaction tokens last 15 minutes; later replies go through the channel
DEAD_TOKEN = {10015, 10062, 50027}  # Unknown Webhook, Unknown interaction, Invalid Webhook Token
EDITABLE = {"content", "embed", "embeds", "view", "allowed_mentions", "attachments"}


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
    if isinstance(error, discord.Forbidden) and error.code in (MISSING_ACCESS, MISSING_PERMISSIONS, 160002):
        log.warning("Discord refused an action in a channel (%s): %s", error.code, error.text)
        return NOT_ALLOWED_HERE
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    return CALM


def token_lifetime(interaction: discord.Interaction[Any]) -> float:
    """Seconds after which the bot no longer answers through the interaction token (the client may shorten it)."""
    return float(getattr(interaction.client, "token_lifetime", TOKEN_LIFETIME))


def token_expired(interaction: discord.Interaction[Any]) -> bool:
    """Whether a reply now would land too late for the interaction token."""
    age = discord.utils.utcnow() - interaction.created_at
    return interaction.extras.get("token_dead", False) or age > timedelta(seconds=token_lifetime(interaction))


def dead_token(error: BaseException) -> bool:
    """Whether Discord refused a call because the interaction token has died."""
    return isinstance(error, discord.HTTPException) and (error.status == 401 or error.code in DEAD_TOKEN)


def _fills_placeholder(interaction: discord.Interaction[Any]) -> bool:
    return (
        interaction.response.type is discord.InteractionResponseType.deferred_channel_message
        and not interaction.extras.get("answered")
    )


async def reply(
    interaction: discord.Interaction[Any], content: str | None = None, *, ephemeral: bool = False, **kwargs: Any
) -> discord.Message | None:
    """Answer an interaction and never ping anyone: the first response if none was sent yet, else the deferred
    message edited into the answer, else a followup; once the token is dead, through the channel. Returns the
    message when Discord gives one back."""
    kwargs["allowed_mentions"] = NO_PINGS
    if content is not None:
        kwargs["content"] = content
    if not interaction.response.is_done():
        await interaction.response.send_message(ephemeral=ephemeral, **kwargs)
        return None
    if token_expired(interaction):
        return await reply_late(interaction, kwargs)
    try:
        if _fills_placeholder(interaction):
            sent: discord.Message | None = await interaction.edit_original_response(
                **{k: v for k, v in kwargs.items() if k in EDITABLE}
            )
            interaction.extras["answered"] = True
            return sent
        return await interaction.followup.send(ephemeral=ephemeral, wait=True, **kwargs)
    except discord.HTTPException as exc:
        if not dead_token(exc):
            raise
        interaction.extras["token_dead"] = True
        return await reply_late(interaction, kwargs)


def _command_name(interaction: discord.Interaction[Any]) -> str:
    command = interaction.command
    return f"/{command.qualified_name}" if command is not None else "click"


async def reply_late(interaction: discord.Interaction[Any], kwargs: dict[str, Any]) -> discord.Message | None:
    """A reply after the interaction token died: a normal message in the channel, naming whom it answers, when the
    bot may post there; else dropped with one log line."""
    what = _command_name(interaction)
    channel = interaction.client.get_channel(interaction.channel_id) if interaction.channel_id else None
    if channel is None:
        channel = interaction.channel
    embeds = bool(kwargs.get("embed") or kwargs.get("embeds"))
    lacking = missing(my_permissions(channel), channel, embeds=embeds)
    if channel is None or not isinstance(channel, discord.abc.Messageable) or lacking:
        why = f"I lack {names(lacking)} there" if lacking else "there is no channel to post in"
        log.warning("dropped the late reply to %s in channel %s: the interaction expired and %s",
                    what, interaction.channel_id, why)
        return None
    note = f"{interaction.user.mention}, here is the result of your {what} (it took longer than Discord lets a reply wait):"
    body = kwargs.get("content")
    message = {k: v for k, v in kwargs.items() if k in ("embed", "embeds", "view", "allowed_mentions")}
    message["content"] = clip(f"{note}\n{body}" if body else note, CONTENT_LIMIT)
    try:
        return await channel.send(**message)
    except discord.HTTPException as exc:
        log.warning("dropped the late reply to %s in channel %s: %s", what, interaction.channel_id, exc)
        return None


async def think(interaction: discord.Interaction[Any], *, ephemeral: bool = False) -> None:
    """Acknowledge now with a "thinking…" message that reply() fills later (private when ephemeral)."""
    interaction.extras["private"] = ephemeral
    await interaction.response.defer(ephemeral=ephemeral, thinking=True)


async def reply_privately(interaction: discord.Interaction[Any], text: str) -> None:
    """A private (ephemeral) reply, also after a public "thinking…" deferral (which is removed first)."""
    text = clip(neutralise(text), CONTENT_LIMIT)
    if (
        interaction.response.is_done()
        and _fills_placeholder(interaction)
        and not interaction.extras.get("private")
        and not token_expired(interaction)
    ):
        # The public placeholder would otherwise show the error to everyone (or stay "thinking" forever).
        with contextlib.suppress(discord.HTTPException):
            await interaction.delete_original_response()
        interaction.extras["answered"] = True  # nothing left to fill: the note is a private followup
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
    except discord.HTTPException:  # DMs closed: a reply that removes itself, where the bot may post one
        if missing(my_permissions(message.channel), message.channel, reply=True):
            log.info("could not tell user %s privately, nor in channel %s", message.author.id, message.channel.id)
            return
        with contextlib.suppress(discord.HTTPException):
            await message.reply(text, mention_author=False, allowed_mentions=NO_PINGS, delete_after=20)
