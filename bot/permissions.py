"""What the bot may do in a channel, read from Discord's own permission rules before it tries.

Discord refuses a message without View Channel (50001) or Send Messages (50013), a reply without Read Message
History (160002), and a message of embeds alone without Embed Links (50013). No retry fixes any of these, so the
bot checks first and does what the channel allows; what it cannot do is named by the permission a server admin
would have to grant, as shown in Discord's settings.
"""

from __future__ import annotations

from typing import Any

import discord

# Discord's JSON error codes for "the bot may not do that here" (and the channel is gone)
UNKNOWN_CHANNEL = 10003
MISSING_ACCESS = 50001
MISSING_PERMISSIONS = 50013
CANNOT_REPLY_WITHOUT_HISTORY = 160002
REFUSALS = {UNKNOWN_CHANNEL, MISSING_ACCESS, MISSING_PERMISSIONS, CANNOT_REPLY_WITHOUT_HISTORY}

VIEW = "View Channel"
SEND = "Send Messages"
SEND_IN_THREADS = "Send Messages in Threads"
EMBEDS = "Embed Links"
HISTORY = "Read Message History"


def my_permissions(channel: Any) -> discord.Permissions | None:
    """The bot's permissions in a guild channel or thread; None where Discord has no such rules (DMs)."""
    guild = getattr(channel, "guild", None)
    if guild is None or not hasattr(channel, "permissions_for"):
        return None
    perms: discord.Permissions = channel.permissions_for(guild.me)
    return perms


def send_permission(channel: Any) -> str:
    """The permission that lets the bot post in this channel (threads have their own)."""
    return SEND_IN_THREADS if isinstance(channel, discord.Thread) else SEND


def missing(perms: discord.Permissions | None, channel: Any, *, embeds: bool = False, reply: bool = False) -> list[str]:
    """The permissions the bot lacks to post (with embeds, as a reply) in a channel, in the order to grant them."""
    if perms is None:
        return []
    if not perms.view_channel:
        return [VIEW]
    lacking = []
    in_thread = isinstance(channel, discord.Thread)
    if not (perms.send_messages_in_threads if in_thread else perms.send_messages):
        lacking.append(send_permission(channel))
    if embeds and not perms.embed_links:
        lacking.append(EMBEDS)
    if reply and not perms.read_message_history:
        lacking.append(HISTORY)
    return lacking


def names(permissions: list[str]) -> str:
    """"the Send Messages permission", "the Send Messages and Embed Links permissions"."""
    if len(permissions) == 1:
        return f"the {permissions[0]} permission"
    return f"the {', '.join(permissions[:-1])} and {permissions[-1]} permissions"


def refusal(error: BaseException) -> int | None:
    """Discord's code when an error is the channel refusing the bot (or being gone), else None."""
    if isinstance(error, discord.HTTPException) and error.code in REFUSALS:
        return int(error.code)
    return None
