"""A local Discord stand-in: gateway websocket + REST on 127.0.0.1 for the unmodified discord.py client.

The server speaks enough of Discord's API v10 for a real ``discord.Client`` / ``commands.Bot`` to log in,
sync application commands, receive INTERACTION_CREATE / MESSAGE_CREATE, answer through interaction callbacks,
followups, edits and channel messages, survive a dropped connection by RESUMEing, and retry after a 429.
Everything the bot does is recorded so tests can await and assert on it::

    async with DiscordStandIn() as standin:
        with standin.patch_discord():
            async with run_bot(MyBot(), standin.token):
                ask = await standin.interaction("ask", options={"question": "What happened?"})
                assert (await ask.wait_callback())["type"] == DEFERRED_CHANNEL_MESSAGE
                answer = await ask.wait_followup()
                assert answer.allowed_mentions == {"parse": []}

Deliberate fidelity (real Discord behaviour that catches real bugs): unsynced commands cannot be invoked, and
commands with ``default_member_permissions`` only by members who have them (or whom an override allows); an
interaction must be acknowledged once and within ``ack_deadline`` seconds, and its token dies after
``token_lifetime`` seconds (webhook calls then answer 401, code 50027); followups need an acknowledged
interaction; message payloads are checked against Discord's size limits and command sync payloads against its
command limits; channel permission overwrites are applied as Discord computes them (50001 without View Channel,
50013 without Send Messages, 160002 for a reply without Read Message History, embeds refused without Embed
Links); deleted channels answer 10003 and a server that removed the bot sends GUILD_DELETE; IDENTIFY may be
sharded, and each shard gets the guilds ``(guild_id >> 22) % num_shards`` gives it; MESSAGE_CREATE honours the
GUILD_MESSAGES / DIRECT_MESSAGES / MESSAGE_CONTENT intents, and asking for Message Content when the application
was not granted it (``message_content_intent=False``) closes the gateway with 4014; the bot's own messages are
echoed back. The first followup after a "thinking" defer fills the deferred message (same id), as Discord still
does; that use is deprecated and recorded in ``deprecated_uses``.

Main entry points (``DiscordStandIn``): ``patch_discord()``; world: ``guild``, ``channel``, ``user``,
``bot_user``, ``add_user/add_guild/add_channel/add_role``, ``member(user, roles=, permissions=)``,
``set_permissions(channel, target, allow=, deny=)``, ``delete_channel()``, ``remove_guild()``, ``readd_guild()``,
``allow_command()``, ``expire_token()``, ``shard_of()``;
dispatch: ``interaction()``, ``component_click()``, ``message()``, ``build_interaction()`` +
``send_interaction()``, ``dispatch()``; gateway: ``drop_connection()``, ``disconnected()``,
``wait_resumed()``; REST: ``rate_limit_next()``; records: ``rest_calls``, ``calls()``, ``posted``,
``wait_for_message()``, ``frames()``, ``synced_commands()``, ``unknown_routes``, ``rate_limited``.
"""

# The brief's API takes `timeout=` on every wait (each wait is bounded by it), hence ASYNC109 is off here.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import os
import re
import secrets
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

import aiohttp
import discord
import discord.gateway
import discord.http
import yarl
from aiohttp import web

__all__ = [
    "ADMINISTRATOR",
    "ALL_PERMISSIONS",
    "CHANNEL_MESSAGE",
    "DEFAULT_BOT_PERMISSIONS",
    "DEFAULT_MEMBER_PERMISSIONS",
    "DEFAULT_TOKEN",
    "DEFERRED_CHANNEL_MESSAGE",
    "DEFERRED_UPDATE_MESSAGE",
    "LOADING",
    "EMBED_LINKS",
    "INVALID_WEBHOOK_TOKEN",
    "MISSING_ACCESS",
    "MISSING_PERMISSIONS",
    "CANNOT_REPLY_WITHOUT_HISTORY",
    "READ_MESSAGE_HISTORY",
    "UNKNOWN_CHANNEL",
    "UNKNOWN_INTERACTION",
    "EPHEMERAL",
    "INTENT_DIRECT_MESSAGES",
    "INTENT_GUILD_MESSAGES",
    "INTENT_MESSAGE_CONTENT",
    "MANAGE_GUILD",
    "MANAGE_MESSAGES",
    "OP_DISPATCH",
    "OP_HEARTBEAT",
    "OP_HEARTBEAT_ACK",
    "OP_HELLO",
    "OP_IDENTIFY",
    "OP_INVALID_SESSION",
    "OP_RESUME",
    "SEND_MESSAGES",
    "UPDATE_MESSAGE",
    "VIEW_CHANNEL",
    "DiscordStandIn",
    "FakeChannel",
    "FakeGuild",
    "FakeMember",
    "FakeRole",
    "FakeUser",
    "GatewayFrame",
    "InteractionHandle",
    "PostedMessage",
    "RestCall",
    "UserMessage",
    "run_bot",
]

log = logging.getLogger(__name__)

JSON = dict[str, Any]
T = TypeVar("T")
ClientT = TypeVar("ClientT", bound=discord.Client)

API_PREFIX = "/api/v10"
GATEWAY_PATH = "/gw"
DEFAULT_TOKEN = "standin-bot-token"
DISCORD_EPOCH_MS = 1_420_070_400_000

# Permission bits (Discord "Permissions" topic); combine them with |.
CREATE_INSTANT_INVITE = 1 << 0
KICK_MEMBERS = 1 << 1
BAN_MEMBERS = 1 << 2
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
SEND_TTS_MESSAGES = 1 << 12
MANAGE_ROLES = 1 << 28
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = discord.Permissions.all().value
DEFAULT_MEMBER_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | ADD_REACTIONS
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
)
DEFAULT_BOT_PERMISSIONS = DEFAULT_MEMBER_PERMISSIONS | SEND_MESSAGES_IN_THREADS | MANAGE_MESSAGES

# Gateway intents the stand-in honours when it dispatches MESSAGE_CREATE.
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15

# Application flags: the privileged intent as granted in the developer portal.
APP_FLAG_GATEWAY_MESSAGE_CONTENT = 1 << 18
APP_FLAG_GATEWAY_MESSAGE_CONTENT_LIMITED = 1 << 19

# Discord's JSON error codes the stand-in answers with.
UNKNOWN_CHANNEL = 10003
UNKNOWN_GUILD = 10004
UNKNOWN_WEBHOOK = 10015
UNKNOWN_INTERACTION = 10062
MISSING_ACCESS = 50001
MISSING_PERMISSIONS = 50013
INVALID_WEBHOOK_TOKEN = 50027
INVALID_FORM_BODY = 50035
CANNOT_REPLY_WITHOUT_HISTORY = 160002

# Application command limits (Discord "Application Commands" topic).
COMMAND_NAME = re.compile(r"^[-_'\w]{1,32}$")
MAX_GLOBAL_COMMANDS = 100
MAX_OPTIONS = 25
MAX_CHOICES = 25
MAX_COMMAND_CHARACTERS = 4000

# Gateway opcodes.
OP_DISPATCH, OP_HEARTBEAT, OP_IDENTIFY, OP_PRESENCE = 0, 1, 2, 3
OP_RESUME, OP_RECONNECT, OP_REQUEST_MEMBERS, OP_INVALID_SESSION = 6, 7, 8, 9
OP_HELLO, OP_HEARTBEAT_ACK = 10, 11

# Interaction types and callback (response) types.
APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9

# Message flags.
EPHEMERAL = 1 << 6
LOADING = 1 << 7
IS_COMPONENTS_V2 = 1 << 15

_USER_MENTION = re.compile(r"<@!?(\d{15,20})>")
_ROLE_MENTION = re.compile(r"<@&(\d{15,20})>")
_SELECT_TYPES = {3, 5, 6, 7, 8}


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


class _Snowflakes:
    """Time-based, strictly increasing snowflake ids (so discord.py's created_at is sane)."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        candidate = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(candidate, self._last + 1)
        return self._last

    def next_in_shard(self, shard_id: int, num_shards: int) -> int:
        """The next id whose guild would be served by shard ``shard_id`` of ``num_shards``."""
        ts = self.next() >> 22
        ts += (shard_id - ts) % num_shards
        self._last = max(self._last, ts << 22)
        return self._last


# --------------------------------------------------------------------------------------------------- models


@dataclass(eq=False)
class FakeUser:
    """A Discord user (human or bot)."""

    id: int
    name: str
    bot: bool = False
    global_name: str | None = None

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def payload(self) -> JSON:
        """The user object as Discord sends it."""
        return {
            "id": str(self.id),
            "username": self.name,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "bot": self.bot,
            "system": False,
            "public_flags": 0,
            "flags": 0,
        }


@dataclass(eq=False)
class FakeRole:
    """A guild role; the role whose id equals the guild id is @everyone."""

    id: int
    name: str
    guild_id: int
    permissions: int = 0
    position: int = 0
    managed: bool = False

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"

    def payload(self) -> JSON:
        """The role object as Discord sends it."""
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": self.managed,
            "mentionable": True,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }


@dataclass(eq=False)
class FakeChannel:
    """A guild text channel (type 0) or a DM channel (type 1, with a recipient)."""

    id: int
    name: str
    guild_id: int | None = None
    type: int = 0
    position: int = 0
    recipient: FakeUser | None = None
    # permission overwrites: target id -> (type 0 = role / 1 = member, allow bits, deny bits)
    overwrites: dict[int, tuple[int, int, int]] = field(default_factory=dict)

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    def overwrites_payload(self) -> list[JSON]:
        return [
            {"id": str(target), "type": kind, "allow": str(allow), "deny": str(deny)}
            for target, (kind, allow, deny) in self.overwrites.items()
        ]

    def payload(self, *, permissions: int | None = None) -> JSON:
        """The channel object as Discord sends it (with the viewer's permissions when given)."""
        data: JSON
        if self.type == 1:
            assert self.recipient is not None
            data = {"id": str(self.id), "type": 1, "recipients": [self.recipient.payload()]}
            data.update(last_message_id=None, flags=0)
        else:
            data = {
                "id": str(self.id),
                "type": self.type,
                "guild_id": str(self.guild_id),
                "name": self.name,
                "position": self.position,
                "permission_overwrites": self.overwrites_payload(),
                "parent_id": None,
                "topic": None,
                "nsfw": False,
                "rate_limit_per_user": 0,
                "last_message_id": None,
                "flags": 0,
            }
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


@dataclass(eq=False)
class FakeMember:
    """A user's membership of a guild; ``permissions`` overrides what the roles would give."""

    user: FakeUser
    guild: FakeGuild
    roles: list[FakeRole] = field(default_factory=list)
    permissions: int | None = None
    nick: str | None = None
    joined_at: str = field(default_factory=_now_iso)

    @property
    def id(self) -> int:
        return self.user.id

    def resolved_permissions(self, extra_roles: Iterable[FakeRole] = ()) -> int:
        """Guild-level permissions: the override if set, else @everyone + roles (owner/admin: all)."""
        if self.permissions is not None:
            return self.permissions
        bits = self.guild.everyone.permissions
        for role in [*self.roles, *extra_roles]:
            bits |= role.permissions
        if self.guild.owner_id == self.user.id or bits & ADMINISTRATOR:
            return ALL_PERMISSIONS
        return bits

    def payload(self, *, with_user: bool = True, extra_roles: Iterable[FakeRole] = ()) -> JSON:
        """The guild member object as Discord sends it."""
        role_ids = [str(r.id) for r in [*self.roles, *extra_roles] if r.id != self.guild.id]
        data: JSON = {
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "roles": list(dict.fromkeys(role_ids)),
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.payload()
        return data


@dataclass(eq=False)
class FakeGuild:
    """A guild with its channels, roles and members (the bot is always a member)."""

    id: int
    name: str
    owner_id: int
    channels: dict[int, FakeChannel] = field(default_factory=dict)
    roles: dict[int, FakeRole] = field(default_factory=dict)
    members: dict[int, FakeMember] = field(default_factory=dict)

    @property
    def everyone(self) -> FakeRole:
        return self.roles[self.id]

    @property
    def default_channel(self) -> FakeChannel:
        """The first text channel."""
        for channel in self.channels.values():
            if channel.type == 0:
                return channel
        raise LookupError(f"guild {self.name!r} has no text channel")

    def channel(self, name: str) -> FakeChannel:
        """The channel called ``name``."""
        for channel in self.channels.values():
            if channel.name == name:
                return channel
        raise LookupError(f"guild {self.name!r} has no channel {name!r}")

    def role(self, name: str) -> FakeRole:
        """The role called ``name``."""
        for role in self.roles.values():
            if role.name == name:
                return role
        raise LookupError(f"guild {self.name!r} has no role {name!r}")

    def payload(self) -> JSON:
        """The GUILD_CREATE payload (full guild, channels, roles, members)."""
        text_channel = next((c for c in self.channels.values() if c.type == 0), None)
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-US",
            "features": [],
            "emojis": [],
            "stickers": [],
            "application_id": None,
            "system_channel_id": str(text_channel.id) if text_channel else None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "max_members": 500000,
            "roles": [r.payload() for r in self.roles.values()],
            # GUILD_CREATE-only fields
            "joined_at": _now_iso(),
            "large": False,
            "unavailable": False,
            # == len(members), so discord.py treats the guild as chunked and never waits for chunks
            "member_count": len(self.members),
            "members": [m.payload() for m in self.members.values()],
            "channels": [c.payload() for c in self.channels.values()],
            "threads": [],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }


# -------------------------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class RestCall:
    """One REST request the client made (path is relative to /api/v10)."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    status: int
    response: Any
    time: float
    files: tuple[JSON, ...] = ()


@dataclass(frozen=True)
class GatewayFrame:
    """One gateway frame; ``direction`` is "in" (client -> stand-in) or "out"."""

    direction: Literal["in", "out"]
    op: int
    t: str | None
    s: int | None
    d: Any
    time: float
    replayed: bool = False
    shard: int = 0


MessageKind = Literal["channel", "callback", "followup", "edit"]


@dataclass(frozen=True)
class PostedMessage:
    """A message the bot posted or edited.

    ``kind``: "channel" (POST /channels/{id}/messages), "callback" (interaction response type 4),
    "followup" (POST /webhooks/{app}/{token}) or "edit" (any PATCH of a message, or callback type 7).
    ``payload`` is what the bot sent; ``message`` is the message object as it stood afterwards.
    """

    kind: MessageKind
    payload: JSON
    message: JSON
    interaction_id: int | None
    time: float
    files: tuple[JSON, ...] = ()
    filled: bool = False  # an edit that turned a deferred "thinking…" message into the answer

    @property
    def is_edit(self) -> bool:
        return self.kind == "edit"

    @property
    def id(self) -> int:
        return int(self.message["id"])

    @property
    def channel_id(self) -> int:
        return int(self.message["channel_id"])

    @property
    def content(self) -> str:
        return str(self.message.get("content") or "")

    @property
    def embeds(self) -> list[JSON]:
        return list(self.message.get("embeds") or [])

    @property
    def components(self) -> list[JSON]:
        return list(self.message.get("components") or [])

    @property
    def custom_ids(self) -> list[str]:
        """Every component custom_id in the message, in order."""
        return [c["custom_id"] for c in _walk_components(self.components) if "custom_id" in c]

    @property
    def allowed_mentions(self) -> JSON | None:
        """The allowed_mentions the bot sent with this message (None if it sent none)."""
        value = self.payload.get("allowed_mentions")
        return dict(value) if isinstance(value, dict) else None

    @property
    def flags(self) -> int:
        return int(self.message.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def reply_to(self) -> int | None:
        """The id of the message this one replies to, if any."""
        ref = self.message.get("message_reference")
        return int(ref["message_id"]) if ref and ref.get("message_id") else None

    @property
    def pinged_user_ids(self) -> set[int]:
        """Users this message would ping, after allowed_mentions."""
        return {int(u["id"]) for u in self.message.get("mentions") or []}

    @property
    def pinged_role_ids(self) -> set[int]:
        return {int(r) for r in self.message.get("mention_roles") or []}

    @property
    def mention_everyone(self) -> bool:
        return bool(self.message.get("mention_everyone"))


def _walk_components(components: Iterable[JSON]) -> Iterator[JSON]:
    for component in components:
        yield component
        yield from _walk_components(component.get("components") or [])
        accessory = component.get("accessory")
        if isinstance(accessory, dict):
            yield accessory


class _ApiError(Exception):
    def __init__(self, status: int, code: int, message: str, errors: JSON | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.payload: JSON = {"message": message, "code": code}
        if errors:
            self.payload["errors"] = errors


@dataclass
class _Request:
    method: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    body: Any
    files: list[JSON]


Handler = Callable[[_Request], Awaitable[tuple[int, Any]]]


@dataclass
class _RateLimitRule:
    method: str
    pattern: re.Pattern[str]
    remaining: int
    retry_after: float
    is_global: bool


@dataclass(eq=False)
class _Session:
    id: str
    intents: int
    shard: list[int]
    seq: int = 0
    frames: list[JSON] = field(default_factory=list)
    ws: web.WebSocketResponse | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


# -------------------------------------------------------------------------------------------------- handles


class InteractionHandle:
    """An interaction the stand-in dispatched, and what the bot did about it."""

    def __init__(self, standin: DiscordStandIn, payload: JSON, message_id: int | None) -> None:
        self._standin = standin
        self.payload = payload
        self.id = int(payload["id"])
        self.token: str = payload["token"]
        self.type: int = payload["type"]
        self.component_message_id = message_id
        self.callback: JSON | None = None
        self.original_id: int | None = None
        self.message_ids: list[int] = []
        self.dispatched_at = 0.0
        self.seq: int | None = None
        self.shard: int | None = None
        self._expired = False

    @property
    def expired(self) -> bool:
        """Whether the interaction token has died (``token_lifetime`` after dispatch, or ``expire_token``)."""
        lifetime = self._standin.token_lifetime
        return self._expired or (lifetime is not None and time.monotonic() - self.dispatched_at > lifetime)

    def __repr__(self) -> str:
        return f"<InteractionHandle id={self.id} type={self.type} callback={self.callback_type}>"

    @property
    def callback_type(self) -> int | None:
        """The interaction response type the bot chose (5 = deferred, 4 = message, ...), if any yet."""
        return None if self.callback is None else int(self.callback["type"])

    def responses(self) -> list[PostedMessage]:
        """Messages posted or edited for this interaction, in order."""
        return [p for p in self._standin.posted if p.interaction_id == self.id]

    def followups(self) -> list[PostedMessage]:
        return [p for p in self.responses() if p.kind == "followup"]

    def calls(self) -> list[RestCall]:
        """REST calls addressed to this interaction (callback, webhook followups and edits)."""
        return [c for c in self._standin.rest_calls if f"/{self.token}" in c.path]

    def original(self) -> JSON | None:
        """The @original message as it stands now."""
        return None if self.original_id is None else self._standin.get_message(self.original_id)

    async def wait_callback(self, timeout: float = 5.0) -> JSON:
        """Wait for the interaction response (``{"type": ..., "data": ...}``)."""
        return await self._standin.wait_until(lambda: self.callback, timeout, f"a callback for {self!r}")

    async def wait_response(
        self, predicate: Callable[[PostedMessage], bool] | None = None, *, timeout: float = 5.0
    ) -> PostedMessage:
        """Wait for a message posted or edited for this interaction (callback message, followup, edit)."""
        return await self._wait(None, predicate, timeout)

    async def wait_followup(
        self, predicate: Callable[[PostedMessage], bool] | None = None, *, timeout: float = 5.0
    ) -> PostedMessage:
        return await self._wait("followup", predicate, timeout)

    async def wait_edit(
        self, predicate: Callable[[PostedMessage], bool] | None = None, *, timeout: float = 5.0
    ) -> PostedMessage:
        return await self._wait("edit", predicate, timeout)

    async def _wait(
        self, kind: MessageKind | None, predicate: Callable[[PostedMessage], bool] | None, timeout: float
    ) -> PostedMessage:
        def find() -> PostedMessage | None:
            for posted in self.responses():
                if (kind is None or posted.kind == kind) and (predicate is None or predicate(posted)):
                    return posted
            return None

        return await self._standin.wait_until(find, timeout, f"a {kind or 'response'} message for {self!r}")


class UserMessage:
    """A user message the stand-in dispatched to the bot (MESSAGE_CREATE)."""

    def __init__(self, standin: DiscordStandIn, data: JSON, dispatched: bool) -> None:
        self._standin = standin
        self.data = data
        self.id = int(data["id"])
        self.channel_id = int(data["channel_id"])
        self.dispatched = dispatched

    def __repr__(self) -> str:
        return f"<UserMessage id={self.id} content={self.data['content']!r}>"

    def replies(self) -> list[PostedMessage]:
        """Bot messages that reply to this one (message_reference)."""
        return [p for p in self._standin.posted if p.reply_to == self.id and not p.is_edit]

    async def wait_reply(
        self, predicate: Callable[[PostedMessage], bool] | None = None, *, timeout: float = 5.0
    ) -> PostedMessage:
        def find() -> PostedMessage | None:
            return next((p for p in self.replies() if predicate is None or predicate(p)), None)

        return await self._standin.wait_until(find, timeout, f"a reply to {self!r}")


# ------------------------------------------------------------------------------------------------- stand-in


class DiscordStandIn:
    """The stand-in server: one bot application, its guilds/users, a gateway at /gw and REST at /api/v10.

    Out of the box it has one guild ("Test Guild", owned by user "owner") with a #general channel, the bot as a
    member, and a plain member ``standin.user`` ("alice"). Configure more guilds/users before the bot starts.
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        bot_name: str = "StandInBot",
        guild_name: str = "Test Guild",
        heartbeat_interval: float = 41.25,
        ack_deadline: float | None = 3.0,
        token_lifetime: float | None = 15 * 60.0,
        echo_own_messages: bool = True,
        message_content_intent: bool = True,
        recommended_shards: int = 1,
        max_guilds_per_shard: int = 2500,
        fill_deferred_with_followup: bool = True,
    ) -> None:
        """``ack_deadline``: seconds to acknowledge an interaction (Discord: 3); ``token_lifetime``: seconds an
        interaction token lives (Discord: 15 minutes); ``message_content_intent``: whether the application was
        granted Message Content in the developer portal; ``recommended_shards``: what GET /gateway/bot advises;
        ``max_guilds_per_shard``: beyond it an IDENTIFY is refused with 4011 (sharding required);
        ``fill_deferred_with_followup``: the deprecated behaviour where the first followup fills a "thinking"
        placeholder (off: it posts a new message and the placeholder stays loading)."""
        self.token = token
        self.heartbeat_interval = heartbeat_interval
        self.ack_deadline = ack_deadline
        self.token_lifetime = token_lifetime
        self.echo_own_messages = echo_own_messages
        self.message_content_intent = message_content_intent
        self.recommended_shards = recommended_shards
        self.max_guilds_per_shard = max_guilds_per_shard
        self.fill_deferred_with_followup = fill_deferred_with_followup
        self._ids = _Snowflakes()
        self.application_id = self._ids.next()
        self.bot_user = FakeUser(self.application_id, bot_name, bot=True)
        self.users: dict[int, FakeUser] = {self.bot_user.id: self.bot_user}
        self.guilds: dict[int, FakeGuild] = {}
        self._channels: dict[int, FakeChannel] = {}
        self._dm_channels: dict[int, FakeChannel] = {}
        self.owner = self.add_user("owner")
        self.user = self.add_user("alice")
        self.guild = self.add_guild(guild_name, owner=self.owner)
        self.channel = self.guild.default_channel
        self.member(self.user, self.guild)

        # records
        self.rest_calls: list[RestCall] = []
        self.unknown_routes: list[RestCall] = []
        self.rate_limited: list[RestCall] = []
        self.gateway_frames: list[GatewayFrame] = []
        self.posted: list[PostedMessage] = []
        self.interactions: dict[int, InteractionHandle] = {}
        self._by_token: dict[str, InteractionHandle] = {}
        self._messages: dict[int, JSON] = {}
        self._commands: dict[int | None, dict[str, JSON]] = {}
        self.identify_count = 0
        self.resume_count = 0
        self.drop_count = 0
        self.deprecated_uses: list[str] = []  # deprecated API behaviour the bot relied on, one line each
        self.late_acks: list[InteractionHandle] = []  # acknowledged after the deadline (answered 10062)
        self.refused_identify: list[int] = []  # gateway close codes sent instead of READY
        self._command_overrides: dict[tuple[int, str], set[int]] = {}  # (guild, command) -> allowed role/user ids
        self._left_guilds: dict[int, FakeGuild] = {}  # guilds that removed the bot

        self._sessions: dict[int, _Session] = {}  # by shard id
        self._sockets: set[web.WebSocketResponse] = set()
        self._transports: dict[web.WebSocketResponse, asyncio.Transport | None] = {}
        self._rate_rules: list[_RateLimitRule] = []
        self._waiters: set[asyncio.Future[None]] = set()
        self._gate = asyncio.Event()
        self._gate.set()
        self._runner: web.AppRunner | None = None
        self._routes = self._build_routes()
        self.port: int | None = None

    # ---------------------------------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Listen on a free port on 127.0.0.1."""
        app = web.Application()
        app.router.add_get(GATEWAY_PATH, self._handle_gateway)
        app.router.add_route("*", "/{tail:.*}", self._handle_rest)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        log.debug("Discord stand-in listening on %s", self.base_url)

    async def stop(self) -> None:
        """Close open gateway sockets and stop the server."""
        self._gate.set()
        for ws in list(self._sockets):
            with contextlib.suppress(Exception):
                await ws.close(code=1001, message=b"stand-in stopping")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        for waiter in self._waiters:
            waiter.cancel()

    async def __aenter__(self) -> DiscordStandIn:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("the stand-in is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{GATEWAY_PATH}"

    @contextlib.contextmanager
    def patch_discord(self) -> Iterator[None]:
        """Point discord.py's REST base and default gateway at this stand-in; restore them afterwards."""
        old_base = discord.http.Route.BASE
        old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.api_url
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield
        finally:
            discord.http.Route.BASE = old_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    # ------------------------------------------------------------------------------------ world building

    def add_user(self, name: str, *, bot: bool = False, global_name: str | None = None) -> FakeUser:
        """A new user (not yet a member of any guild)."""
        user = FakeUser(self._ids.next(), name, bot=bot, global_name=global_name)
        self.users[user.id] = user
        return user

    def add_guild(
        self,
        name: str,
        *,
        owner: FakeUser | None = None,
        channels: Sequence[str] = ("general",),
        shard: tuple[int, int] | None = None,
    ) -> FakeGuild:
        """A new guild with an @everyone role, the given text channels, its owner and the bot as members.

        ``shard=(shard_id, num_shards)`` picks an id that Discord's formula gives to that shard.
        """
        owner = owner or self.owner
        guild_id = self._ids.next() if shard is None else self._ids.next_in_shard(*shard)
        guild = FakeGuild(guild_id, name, owner_id=owner.id)
        guild.roles[guild_id] = FakeRole(guild_id, "@everyone", guild_id, DEFAULT_MEMBER_PERMISSIONS)
        self.guilds[guild_id] = guild
        for channel_name in channels:
            self.add_channel(guild, channel_name)
        bot_role = self.add_role(guild, self.bot_user.name, permissions=DEFAULT_BOT_PERMISSIONS)
        bot_role.managed = True
        guild.members[owner.id] = FakeMember(owner, guild)
        guild.members[self.bot_user.id] = FakeMember(self.bot_user, guild, [bot_role])
        return guild

    def add_channel(self, guild: FakeGuild | int, name: str, *, type: int = 0) -> FakeChannel:
        """A new channel in ``guild`` (type 0 = text)."""
        g = self._guild(guild)
        channel = FakeChannel(self._ids.next(), name, guild_id=g.id, type=type, position=len(g.channels))
        g.channels[channel.id] = channel
        self._channels[channel.id] = channel
        return channel

    async def create_channel(self, guild: FakeGuild | int, name: str, *, type: int = 0) -> FakeChannel:
        """A new channel while the bot runs: CHANNEL_CREATE tells it."""
        channel = self.add_channel(guild, name, type=type)
        await self._tell_guild("CHANNEL_CREATE", channel.payload(), channel.guild_id)
        return channel

    async def create_role(self, guild: FakeGuild | int, name: str, *, permissions: int = 0) -> FakeRole:
        """A new role while the bot runs: GUILD_ROLE_CREATE tells it."""
        role = self.add_role(guild, name, permissions=permissions)
        await self._tell_guild("GUILD_ROLE_CREATE", {"guild_id": str(role.guild_id), "role": role.payload()},
                               role.guild_id)
        return role

    def add_role(self, guild: FakeGuild | int, name: str, *, permissions: int = 0) -> FakeRole:
        """A new role in ``guild`` with the given permission bits."""
        g = self._guild(guild)
        role = FakeRole(self._ids.next(), name, g.id, permissions, position=len(g.roles))
        g.roles[role.id] = role
        return role

    def member(
        self,
        user: FakeUser | str,
        guild: FakeGuild | int | None = None,
        *,
        roles: Iterable[FakeRole | int] | None = None,
        permissions: int | None = None,
        nick: str | None = None,
    ) -> FakeMember:
        """Make ``user`` (a FakeUser, or a name for a new one) a member of ``guild`` (default: the first).

        ``roles`` replaces the member's roles; ``permissions`` fixes the member's resolved guild permissions
        (otherwise they come from @everyone + roles), e.g. ``permissions=DEFAULT_MEMBER_PERMISSIONS | MANAGE_GUILD``.
        """
        if isinstance(user, str):
            user = self.add_user(user)
        g = self._guild(guild)
        member = g.members.get(user.id)
        if member is None:
            member = g.members[user.id] = FakeMember(user, g)
        if roles is not None:
            member.roles = [self._role(g, r) for r in roles]
        if permissions is not None:
            member.permissions = permissions
        if nick is not None:
            member.nick = nick
        return member

    # ------------------------------------------------------------------------ permissions and lifecycle

    @staticmethod
    def shard_of(guild_id: int, num_shards: int) -> int:
        """The shard that serves a guild (Discord's formula)."""
        return (int(guild_id) >> 22) % num_shards

    def permissions_in(self, channel: FakeChannel, user: FakeUser | FakeMember | int) -> int:
        """A member's permissions in a channel, computed as Discord does (base, then overwrites, then implicit)."""
        if channel.guild_id is None:
            return DEFAULT_MEMBER_PERMISSIONS
        guild = self.guilds.get(channel.guild_id) or self._left_guilds[channel.guild_id]
        member = guild.members.get(self._user(user).id)
        if member is None:
            return 0
        base = member.resolved_permissions()
        if base & ADMINISTRATOR or guild.owner_id == member.id:
            return ALL_PERMISSIONS
        bits = base
        everyone = channel.overwrites.get(guild.id)
        if everyone is not None:
            bits = (bits & ~everyone[2]) | everyone[1]
        allow = deny = 0
        for role in member.roles:
            found = channel.overwrites.get(role.id)
            if found is not None and found[0] == 0:
                allow, deny = allow | found[1], deny | found[2]
        bits = (bits & ~deny) | allow
        own = channel.overwrites.get(member.id)
        if own is not None and own[0] == 1:
            bits = (bits & ~own[2]) | own[1]
        if not bits & VIEW_CHANNEL:
            return 0  # implicit: a channel you cannot see grants nothing
        if not bits & SEND_MESSAGES:  # implicit: no Send Messages, none of what a message could carry
            bits &= ~(SEND_TTS_MESSAGES | MENTION_EVERYONE | ATTACH_FILES | EMBED_LINKS)
        return bits

    def bot_permissions(self, channel: FakeChannel) -> int:
        """The bot's own permissions in a channel."""
        return self.permissions_in(channel, self.bot_user)

    async def set_permissions(
        self,
        channel: FakeChannel,
        target: FakeRole | FakeMember | FakeUser,
        *,
        allow: int = 0,
        deny: int = 0,
    ) -> None:
        """Set a permission overwrite on a channel (for a role, or a member); the bot is told by CHANNEL_UPDATE."""
        if isinstance(target, FakeRole):
            channel.overwrites[target.id] = (0, allow, deny)
        else:
            channel.overwrites[self._user(target).id] = (1, allow, deny)
        await self._tell_guild("CHANNEL_UPDATE", channel.payload(), channel.guild_id)

    async def deny_bot(self, channel: FakeChannel, permissions: int) -> None:
        """Deny the bot some permissions in a channel (an overwrite on its member)."""
        await self.set_permissions(channel, self.bot_user, deny=permissions)

    async def delete_channel(self, channel: FakeChannel) -> None:
        """Delete a channel: CHANNEL_DELETE to the bot, and 10003 Unknown Channel for every later request."""
        if channel.guild_id is not None:
            guild = self.guilds.get(channel.guild_id) or self._left_guilds.get(channel.guild_id)
            if guild is not None:
                guild.channels.pop(channel.id, None)
        self._channels.pop(channel.id, None)
        await self._tell_guild("CHANNEL_DELETE", channel.payload(), channel.guild_id)

    async def remove_guild(self, guild: FakeGuild) -> None:
        """The server removes the bot: GUILD_DELETE (not unavailable); its channels answer 50001 from now on."""
        self.guilds.pop(guild.id, None)
        self._left_guilds[guild.id] = guild
        await self._tell_guild("GUILD_DELETE", {"id": str(guild.id)}, guild.id)

    async def readd_guild(self, guild: FakeGuild) -> None:
        """The server adds the bot (again): GUILD_CREATE with everything in it, as for a join."""
        self._left_guilds.pop(guild.id, None)
        self.guilds[guild.id] = guild
        payload = guild.payload()
        payload.pop("unavailable")  # a join, not a guild coming back from an outage
        await self._tell_guild("GUILD_CREATE", payload, guild.id)

    def allow_command(self, name: str, guild: FakeGuild, target: FakeRole | FakeMember | FakeUser) -> None:
        """A server admin's override (Server Settings -> Integrations): ``target`` may use /name whatever its
        default_member_permissions."""
        who = target.id if isinstance(target, FakeRole) else self._user(target).id
        self._command_overrides.setdefault((guild.id, name), set()).add(who)

    def expire_token(self, handle: InteractionHandle) -> None:
        """Let an interaction's token die now, as it does 15 minutes after the interaction on Discord."""
        handle._expired = True

    async def _tell_guild(self, event: str, data: JSON, guild_id: int | None) -> None:
        """Dispatch a guild event to the shard serving the guild, when a bot is connected for it."""
        if self._sessions and (guild_id is None or self._session_for_guild(guild_id) is not None):
            await self.dispatch(event, data)

    def dm_channel(self, user: FakeUser) -> FakeChannel:
        """The bot's DM channel with ``user`` (created on first use)."""
        channel = self._dm_channels.get(user.id)
        if channel is None:
            channel = FakeChannel(self._ids.next(), "", None, type=1, recipient=user)
            self._dm_channels[user.id] = channel
            self._channels[channel.id] = channel
        return channel

    def _guild(self, guild: FakeGuild | int | None) -> FakeGuild:
        if guild is None:
            return self.guild
        if isinstance(guild, FakeGuild):
            return guild
        try:
            return self.guilds[int(guild)]
        except KeyError:
            raise LookupError(f"unknown guild {guild}") from None

    def _role(self, guild: FakeGuild, role: FakeRole | int) -> FakeRole:
        if isinstance(role, FakeRole):
            return role
        try:
            return guild.roles[int(role)]
        except KeyError:
            raise LookupError(f"guild {guild.name!r} has no role {role}") from None

    def _user(self, user: FakeUser | FakeMember | int | None) -> FakeUser:
        if user is None:
            return self.user
        if isinstance(user, FakeMember):
            return user.user
        if isinstance(user, FakeUser):
            return user
        return self.users[int(user)]

    def _where(
        self, guild_id: int | None, channel_id: int | None, dm: bool, user: FakeUser
    ) -> tuple[FakeGuild | None, FakeChannel]:
        if dm:
            return None, self.dm_channel(user)
        if channel_id is not None:
            channel = self._channels.get(int(channel_id))
            if channel is None:
                raise LookupError(f"unknown channel {channel_id}")
            guild = None if channel.guild_id is None else self.guilds[channel.guild_id]
            if guild_id is not None and (guild is None or guild.id != int(guild_id)):
                raise ValueError(f"channel {channel_id} is not in guild {guild_id}")
            return guild, channel
        guild = self._guild(guild_id)
        return guild, guild.default_channel

    # ----------------------------------------------------------------------------------- records/waits

    def _notify(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait_until(
        self, check: Callable[[], T | None], timeout: float = 5.0, what: str = "condition"
    ) -> T:
        """Wait until ``check()`` returns something other than None (re-checked on every record, and every 50 ms)."""
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                while (found := check()) is None:
                    waiter: asyncio.Future[None] = loop.create_future()
                    self._waiters.add(waiter)
                    try:
                        # also re-check now and then, for predicates over the bot's own state
                        await asyncio.wait({waiter}, timeout=0.05)
                    finally:
                        self._waiters.discard(waiter)
                        waiter.cancel()
                return found
        except TimeoutError:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}.\n{self.describe()}") from None

    def describe(self, last: int = 12) -> str:
        """A short summary of recent activity, for failure messages."""
        lines = [f"last {last} REST calls:"]
        lines += [f"  {c.status} {c.method} {c.path} {_short(c.json)}" for c in self.rest_calls[-last:]]
        if self.unknown_routes:
            lines.append("UNKNOWN ROUTES: " + ", ".join(f"{c.method} {c.path}" for c in self.unknown_routes))
        lines.append(f"posted messages: {len(self.posted)}; gateway connected: {self.connected}")
        return "\n".join(lines)

    def calls(self, method: str | None = None, path: str | None = None) -> list[RestCall]:
        """Recorded REST calls, filtered by method and a regex searched in the path."""
        return [
            c
            for c in self.rest_calls
            if (method is None or c.method == method.upper()) and (path is None or re.search(path, c.path))
        ]

    async def wait_for_call(
        self, method: str, path: str, *, timeout: float = 5.0, since: int = 0
    ) -> RestCall:
        """Wait for a REST call (index >= ``since`` in ``rest_calls``) matching method and path regex."""

        def find() -> RestCall | None:
            return next((c for c in self.rest_calls[since:] if c in self.calls(method, path)), None)

        return await self.wait_until(find, timeout, f"{method} {path}")

    def frames(
        self,
        direction: Literal["in", "out"] | None = None,
        *,
        op: int | None = None,
        event: str | None = None,
    ) -> list[GatewayFrame]:
        """Recorded gateway frames, filtered."""
        return [
            f
            for f in self.gateway_frames
            if (direction is None or f.direction == direction)
            and (op is None or f.op == op)
            and (event is None or f.t == event)
        ]

    def messages(self, kind: MessageKind | None = None) -> list[PostedMessage]:
        """What the bot posted/edited, optionally of one kind."""
        return [p for p in self.posted if kind is None or p.kind == kind]

    async def wait_for_message(
        self,
        predicate: Callable[[PostedMessage], bool] | None = None,
        *,
        timeout: float = 5.0,
        since: int = 0,
        kind: MessageKind | None = None,
    ) -> PostedMessage:
        """Wait for a posted message (index >= ``since`` in ``posted``) of ``kind`` matching ``predicate``."""

        def find() -> PostedMessage | None:
            for posted in self.posted[since:]:
                if (kind is None or posted.kind == kind) and (predicate is None or predicate(posted)):
                    return posted
            return None

        return await self.wait_until(find, timeout, f"a posted message (kind={kind})")

    def get_message(self, message_id: int) -> JSON | None:
        """A copy of a message (the bot's or a user's) as it stands now."""
        message = self._messages.get(int(message_id))
        return None if message is None else copy.deepcopy(message)

    def synced_commands(self, guild_id: int | None = None) -> list[JSON]:
        """Commands the bot synced: global when ``guild_id`` is None, else that guild's."""
        return list(self._commands.get(guild_id, {}).values())

    def command(self, name: str, guild_id: int | None = None) -> JSON | None:
        """A synced command by name: the guild's version first (when given), else the global one."""
        if guild_id is not None and name in self._commands.get(guild_id, {}):
            return self._commands[guild_id][name]
        return self._commands.get(None, {}).get(name)

    # ------------------------------------------------------------------------------------------ gateway

    @property
    def _session(self) -> _Session | None:
        """Shard 0's session (the only one of an unsharded bot)."""
        if not self._sessions:
            return None
        return self._sessions.get(0) or self._sessions[min(self._sessions)]

    @property
    def num_shards(self) -> int:
        """The shard count the connected bot identified with (1 before any IDENTIFY)."""
        session = self._session
        return session.shard[1] if session is not None else 1

    def session(self, shard_id: int) -> _Session | None:
        """The gateway session of one shard."""
        return self._sessions.get(shard_id)

    def _session_for_guild(self, guild_id: int) -> _Session | None:
        return self._sessions.get(self.shard_of(guild_id, self.num_shards))

    def _route(self, event: str, data: Any) -> _Session:
        """The session an event goes to: its guild's shard; DMs and guild-less events go to shard 0."""
        guild_id = None
        if isinstance(data, dict):
            guild_id = data.get("guild_id")
            if guild_id is None and event.startswith("GUILD_"):
                guild_id = data.get("id")
        session = self._sessions.get(0) if guild_id is None else self._session_for_guild(int(guild_id))
        if session is None:
            shard = 0 if guild_id is None else self.shard_of(int(guild_id), self.num_shards)
            raise RuntimeError(f"no bot is connected for shard {shard} (event {event})")
        return session

    @property
    def connected(self) -> bool:
        return bool(self._sessions) and all(
            s.ws is not None and not s.ws.closed for s in self._sessions.values()
        )

    @property
    def session_id(self) -> str | None:
        return None if self._session is None else self._session.id

    @property
    def intents(self) -> int:
        """The intents the bot identified with."""
        return 0 if self._session is None else self._session.intents

    async def wait_identified(self, timeout: float = 5.0, *, shards: int = 1) -> None:
        """Wait until a bot has identified (on ``shards`` shards) and is connected."""
        await self.wait_until(
            lambda: True if len(self._sessions) >= shards and self.connected else None, timeout, "IDENTIFY"
        )

    async def wait_resumed(self, timeout: float = 5.0) -> None:
        """Wait until the session has resumed after the latest ``drop_connection``."""
        await self.wait_until(
            lambda: True if self.resume_count >= self.drop_count and self.connected else None,
            timeout,
            f"RESUME after drop #{self.drop_count}",
        )

    async def drop_connection(self, *, code: int = 4000, abrupt: bool = False, shard: int | None = None) -> None:
        """Close the bot's gateway socket (shard 0's, or ``shard``'s) so it reconnects and RESUMEs.

        ``code`` 4000 ("unknown error") is one discord.py resumes on; ``abrupt=True`` aborts the TCP
        connection instead (the client sees 1006), which discord.py resumes on too.
        """
        session = self._require_session() if shard is None else self._sessions[shard]
        ws = session.ws
        if ws is None:
            raise RuntimeError("the bot is not connected")
        self.drop_count += 1
        async with session.lock:  # not in the middle of a send
            session.ws = None
        if abrupt:
            transport = self._transports.get(ws)
            if transport is not None:
                transport.abort()
        else:
            await ws.close(code=code, message=b"dropped by the stand-in")
        self._notify()

    @contextlib.asynccontextmanager
    async def disconnected(self, *, code: int = 4000) -> AsyncIterator[None]:
        """Drop the connection and hold reconnects until the block ends; dispatches inside are replayed on RESUME."""
        self._gate.clear()
        try:
            await self.drop_connection(code=code)
            yield
        finally:
            self._gate.set()

    async def dispatch(self, event: str, data: JSON) -> int:
        """Send a DISPATCH (op 0) to the shard the event belongs to; buffered for replay while disconnected."""
        return await self._dispatch_to(self._route(event, data), event, data)

    async def _dispatch_to(self, session: _Session, event: str, data: JSON) -> int:
        async with session.lock:
            session.seq += 1
            frame = {"op": OP_DISPATCH, "t": event, "s": session.seq, "d": data}
            session.frames.append(frame)
            if session.ws is not None and not session.ws.closed:
                await self._send_frame(session.ws, frame, shard=session.shard[0])
            else:
                log.debug("stand-in: buffered %s (seq %s) until the bot resumes", event, session.seq)
            return session.seq

    def _require_session(self) -> _Session:
        session = self._session
        if session is None:
            raise RuntimeError("no bot has identified with the stand-in gateway (is it running?)")
        return session

    def _record_frame(
        self, direction: Literal["in", "out"], frame: JSON, replayed: bool = False, shard: int = 0
    ) -> None:
        self.gateway_frames.append(
            GatewayFrame(
                direction,
                frame.get("op", -1),
                frame.get("t"),
                frame.get("s"),
                frame.get("d"),
                time.monotonic(),
                replayed,
                shard,
            )
        )
        self._notify()

    async def _send_frame(
        self, ws: web.WebSocketResponse, frame: JSON, *, replayed: bool = False, shard: int = 0
    ) -> None:
        try:
            await ws.send_str(json.dumps(frame))
        except (ConnectionError, RuntimeError) as exc:
            log.debug("stand-in: could not send op %s: %s", frame.get("op"), exc)
            return
        self._record_frame("out", frame, replayed, shard)

    def _shard_of_socket(self, ws: web.WebSocketResponse) -> int:
        return next((sid for sid, s in self._sessions.items() if s.ws is ws), 0)

    async def _handle_gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.add(ws)
        self._transports[ws] = request.transport
        try:
            await self._gate.wait()
            interval_ms = int(self.heartbeat_interval * 1000)
            await self._send_frame(
                ws, {"op": OP_HELLO, "d": {"heartbeat_interval": interval_ms}, "s": None, "t": None}
            )
            async for msg in ws:
                if msg.type is not aiohttp.WSMsgType.TEXT:
                    continue
                try:
                    frame = json.loads(msg.data)
                except ValueError:
                    log.warning("stand-in: undecodable gateway frame %r", msg.data[:200])
                    continue
                shard = ((frame.get("d") or {}).get("shard") or [0])[0] if frame.get("op") == OP_IDENTIFY else None
                self._record_frame("in", frame, shard=self._shard_of_socket(ws) if shard is None else int(shard))
                await self._on_gateway_frame(ws, frame)
        finally:
            self._sockets.discard(ws)
            self._transports.pop(ws, None)
            for session in self._sessions.values():
                if session.ws is ws:
                    session.ws = None
            self._notify()
        return ws

    async def _on_gateway_frame(self, ws: web.WebSocketResponse, frame: JSON) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == OP_HEARTBEAT:
            await self._send_frame(ws, {"op": OP_HEARTBEAT_ACK}, shard=self._shard_of_socket(ws))
        elif op == OP_IDENTIFY:
            await self._identify(ws, data or {})
        elif op == OP_RESUME:
            await self._resume(ws, data or {})
        elif op == OP_REQUEST_MEMBERS:
            await self._request_members(data or {})
        elif op in (OP_PRESENCE, 4):
            pass  # presence / voice state: recorded only
        else:
            log.warning("stand-in: unhandled gateway op %s", op)

    async def _refuse(self, ws: web.WebSocketResponse, code: int, reason: str) -> None:
        log.warning("stand-in: closing the gateway with %s: %s", code, reason)
        self.refused_identify.append(code)
        self._notify()
        await ws.close(code=code, message=reason.encode())

    async def _identify(self, ws: web.WebSocketResponse, data: JSON) -> None:
        if data.get("token") != self.token:
            log.warning("stand-in: IDENTIFY with a wrong token")
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        shard = [int(x) for x in data.get("shard") or [0, 1]]
        shard_id, num_shards = shard
        intents = int(data.get("intents") or 0)
        if not 0 <= shard_id < num_shards or any(
            s.shard[1] != num_shards for sid, s in self._sessions.items() if sid != shard_id and s.ws is not None
        ):
            await self._refuse(ws, 4010, "Invalid shard.")
            return
        if intents & INTENT_MESSAGE_CONTENT and not self.message_content_intent:
            await self._refuse(ws, 4014, "Disallowed intent(s).")
            return
        guilds = [g for g in self.guilds.values() if self.shard_of(g.id, num_shards) == shard_id]
        if len(guilds) > self.max_guilds_per_shard:
            await self._refuse(ws, 4011, "Sharding required.")
            return
        session = _Session(secrets.token_hex(16), intents, shard, ws=ws)
        self._sessions[shard_id] = session
        self.identify_count += 1
        await self._dispatch_to(
            session,
            "READY",
            {
                "v": 10,
                "user": {**self.bot_user.payload(), "verified": True, "mfa_enabled": False, "email": None},
                "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
                "session_id": session.id,
                "session_type": "normal",
                "resume_gateway_url": self.gateway_url,
                "shard": shard,
                "application": {"id": str(self.application_id), "flags": self.application_flags},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": [],
                "user_settings": {},
            },
        )
        for guild in guilds:
            await self._dispatch_to(session, "GUILD_CREATE", guild.payload())

    @property
    def application_flags(self) -> int:
        """The application's flags: Message Content is granted unless ``message_content_intent`` is off."""
        return APP_FLAG_GATEWAY_MESSAGE_CONTENT_LIMITED if self.message_content_intent else 0

    async def _resume(self, ws: web.WebSocketResponse, data: JSON) -> None:
        session = next((s for s in self._sessions.values() if s.id == data.get("session_id")), None)
        if session is None or data.get("token") != self.token:
            log.warning("stand-in: RESUME of an unknown session; sending INVALID_SESSION")
            await self._send_frame(ws, {"op": OP_INVALID_SESSION, "d": False})
            return
        seq = int(data.get("seq") or 0)
        async with session.lock:
            session.ws = ws
            for frame in session.frames:
                if frame["s"] > seq:
                    await self._send_frame(ws, frame, replayed=True, shard=session.shard[0])
            session.seq += 1
            resumed = {"op": OP_DISPATCH, "t": "RESUMED", "s": session.seq, "d": {}}
            session.frames.append(resumed)
            await self._send_frame(ws, resumed, shard=session.shard[0])
        self.resume_count += 1
        self._notify()

    async def _request_members(self, data: JSON) -> None:
        guild = self.guilds.get(int(data.get("guild_id") or 0))
        if guild is None:
            return
        members = list(guild.members.values())
        if data.get("user_ids"):
            wanted = {int(u) for u in data["user_ids"]}
            members = [m for m in members if m.id in wanted]
        elif data.get("query"):
            members = [m for m in members if m.user.name.lower().startswith(str(data["query"]).lower())]
        if data.get("limit"):
            members = members[: int(data["limit"])]
        chunk: JSON = {
            "guild_id": str(guild.id),
            "members": [m.payload() for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    # -------------------------------------------------------------------------------------- dispatchers

    def build_interaction(
        self,
        type: int,
        data: JSON,
        *,
        user: FakeUser | FakeMember | int | None = None,
        guild_id: int | None = None,
        channel_id: int | None = None,
        dm: bool = False,
        message: JSON | None = None,
        permissions: int | None = None,
        roles: Iterable[FakeRole | int] = (),
        locale: str = "en-US",
    ) -> JSON:
        """The one INTERACTION_CREATE payload factory, with every field discord.py 2.7 reads unconditionally.

        ``permissions`` fixes the member's resolved permissions (default: from @everyone + roles);
        ``roles`` are extra roles for this interaction only. The user is made a guild member if needed.
        """
        who = self._user(user)
        guild, channel = self._where(_guild_of(user, guild_id, channel_id), channel_id, dm, who)
        payload: JSON = {
            "id": str(self._ids.next()),
            "application_id": str(self.application_id),
            "type": type,
            "data": data,
            "token": secrets.token_urlsafe(32),
            "version": 1,
            "locale": locale,
            "attachment_size_limit": 10 * 1024 * 1024,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "channel_id": str(channel.id),
        }
        if guild is not None:
            member = guild.members.get(who.id) or self.member(who, guild)
            extra = [self._role(guild, r) for r in roles]
            if permissions is not None:
                perms = permissions
            elif extra:
                perms = member.resolved_permissions(extra)
            else:
                perms = self.permissions_in(channel, member)
            bot_perms = self.bot_permissions(channel)
            payload.update(
                guild_id=str(guild.id),
                guild={"id": str(guild.id), "locale": "en-US", "features": []},
                guild_locale="en-US",
                member={**member.payload(extra_roles=extra), "permissions": str(perms)},
                channel=channel.payload(permissions=perms),
                app_permissions=str(bot_perms),
                authorizing_integration_owners={"0": str(guild.id)},
                context=0,
            )
        else:
            perms = permissions if permissions is not None else DEFAULT_MEMBER_PERMISSIONS
            payload.update(
                user=who.payload(),
                channel=channel.payload(permissions=perms),
                app_permissions=str(DEFAULT_BOT_PERMISSIONS),
                authorizing_integration_owners={"0": "0"},
                context=1,
            )
        if message is not None:
            payload["message"] = message
        return payload

    async def send_interaction(self, payload: JSON) -> InteractionHandle:
        """Dispatch an INTERACTION_CREATE built by ``build_interaction`` and track it."""
        message = payload.get("message")
        handle = InteractionHandle(self, payload, int(message["id"]) if message else None)
        self.interactions[handle.id] = handle
        self._by_token[handle.token] = handle
        handle.dispatched_at = time.monotonic()
        session = self._route("INTERACTION_CREATE", payload)
        handle.shard = session.shard[0]
        handle.seq = await self._dispatch_to(session, "INTERACTION_CREATE", payload)
        return handle

    async def interaction(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: FakeUser | FakeMember | int | None = None,
        guild_id: int | None = None,
        channel_id: int | None = None,
        permissions: int | None = None,
        roles: Iterable[FakeRole | int] = (),
        subcommand: str | None = None,
        dm: bool = False,
        locale: str = "en-US",
    ) -> InteractionHandle:
        """Invoke the synced slash command ``name`` (``subcommand`` may be "sub" or "group sub").

        Option values are plain Python values (FakeUser/FakeChannel/FakeRole or ids for those types);
        their types come from the synced command definition, as Discord would send them.
        """
        who = self._user(user)
        guild_id = _guild_of(user, guild_id, channel_id)
        guild, _ = self._where(guild_id, channel_id, dm, who)
        command = self.command(name, guild.id if guild else None)
        if command is None:
            synced = {gid: sorted(cmds) for gid, cmds in self._commands.items()}
            raise LookupError(f"/{name} was not synced (Discord could not send it); synced: {synced}")
        if guild is not None:
            self._check_command_permission(command, guild, who, permissions, roles)
        resolved: JSON = {}
        defs: list[JSON] = list(command.get("options") or [])
        path = subcommand.split() if subcommand else []
        leaf = self._build_options(name, defs, path, dict(options or {}), resolved, guild)
        data: JSON = {"id": command["id"], "name": name, "type": int(command.get("type", 1)), "options": leaf}
        if command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        if resolved:
            data["resolved"] = resolved
        payload = self.build_interaction(
            APPLICATION_COMMAND,
            data,
            user=who,
            guild_id=guild_id,
            channel_id=channel_id,
            dm=dm,
            permissions=permissions,
            roles=roles,
            locale=locale,
        )
        return await self.send_interaction(payload)

    def _check_command_permission(
        self,
        command: JSON,
        guild: FakeGuild,
        user: FakeUser,
        permissions: int | None,
        roles: Iterable[FakeRole | int],
    ) -> None:
        """Discord shows (and sends) a command only to members with its default_member_permissions, unless a
        server admin allowed them (Server Settings -> Integrations)."""
        needed = command.get("default_member_permissions")
        if needed is None:
            return
        member = guild.members.get(user.id) or self.member(user, guild)
        extra = [self._role(guild, r) for r in roles]
        have = permissions if permissions is not None else member.resolved_permissions(extra)
        if have & ADMINISTRATOR or (have & int(needed)) == int(needed):
            return
        allowed = self._command_overrides.get((guild.id, command["name"]), set())
        if user.id in allowed or any(r.id in allowed for r in [*member.roles, *extra]):
            return
        raise PermissionError(
            f"Discord does not show /{command['name']} to {user.name}: it needs permissions {needed} "
            "(allow_command() models a server admin's override)"
        )

    def _build_options(
        self,
        command: str,
        defs: list[JSON],
        path: list[str],
        values: dict[str, Any],
        resolved: JSON,
        guild: FakeGuild | None,
    ) -> list[JSON]:
        if path:
            head, rest = path[0], path[1:]
            sub = next((d for d in defs if d["name"] == head and d.get("type") in (1, 2)), None)
            if sub is None:
                raise ValueError(f"/{command} has no subcommand {head!r}")
            inner = self._build_options(
                command, list(sub.get("options") or []), rest, values, resolved, guild
            )
            return [{"name": head, "type": sub["type"], "options": inner}]
        by_name = {d["name"]: d for d in defs}
        if any(d.get("type") in (1, 2) for d in defs):
            raise ValueError(f"/{command} needs a subcommand: {sorted(by_name)}")
        out: list[JSON] = []
        for key, value in values.items():
            definition = by_name.get(key)
            if definition is None:
                raise ValueError(f"/{command} has no option {key!r}; it has {sorted(by_name)}")
            kind = int(definition["type"])
            out.append({"name": key, "type": kind, "value": self._option_value(kind, value, resolved, guild)})
        missing = [d["name"] for d in defs if d.get("required") and d["name"] not in values]
        if missing:
            raise ValueError(f"/{command} is missing required options {missing}")
        return out

    def _option_value(self, kind: int, value: Any, resolved: JSON, guild: FakeGuild | None) -> Any:
        if kind == 3:
            return str(value)
        if kind == 4:
            return int(value)
        if kind == 5:
            return bool(value)
        if kind == 10:
            return float(value)
        if kind in (6, 9) and not isinstance(value, FakeRole):
            if isinstance(value, int) and value not in self.users:
                return str(value)
            user = self._user(value)
            resolved.setdefault("users", {})[str(user.id)] = user.payload()
            if guild is not None and user.id in guild.members:
                member = guild.members[user.id]
                member_data = member.payload(with_user=False)
                member_data["permissions"] = str(member.resolved_permissions())
                resolved.setdefault("members", {})[str(user.id)] = member_data
            return str(user.id)
        if kind in (8, 9):
            role = value if isinstance(value, FakeRole) else (guild.roles.get(int(value)) if guild else None)
            if role is not None:
                resolved.setdefault("roles", {})[str(role.id)] = role.payload()
                return str(role.id)
            return str(value)
        if kind == 7:
            channel = value if isinstance(value, FakeChannel) else self._channels.get(int(value))
            if channel is None:
                return str(value)
            data = channel.payload(permissions=DEFAULT_MEMBER_PERMISSIONS)
            resolved.setdefault("channels", {})[str(channel.id)] = data
            return str(channel.id)
        if kind == 11:
            attachment = dict(value) if isinstance(value, Mapping) else {"filename": str(value)}
            attachment_id = str(self._ids.next())
            attachment.setdefault("size", 0)
            attachment.setdefault(
                "url", f"{self.base_url}/attachments/{attachment_id}/{attachment['filename']}"
            )
            attachment.setdefault("proxy_url", attachment["url"])
            attachment["id"] = attachment_id
            resolved.setdefault("attachments", {})[attachment_id] = attachment
            return attachment_id
        return value

    async def component_click(
        self,
        message: PostedMessage | UserMessage | JSON | int,
        custom_id: str,
        *,
        user: FakeUser | FakeMember | int | None = None,
        values: Sequence[str] | None = None,
        permissions: int | None = None,
    ) -> InteractionHandle:
        """Click a button (or pick ``values`` in a select) with ``custom_id`` on a message the bot posted."""
        if isinstance(message, PostedMessage | UserMessage):
            message_id = message.id
        elif isinstance(message, Mapping):
            message_id = int(message["id"])
        else:
            message_id = int(message)
        current = self._messages.get(message_id)
        if current is None:
            raise LookupError(f"unknown message {message_id}")
        components = list(_walk_components(current.get("components") or []))
        component = next((c for c in components if c.get("custom_id") == custom_id), None)
        if component is None:
            have = [c["custom_id"] for c in components if "custom_id" in c]
            raise ValueError(f"message {message_id} has no component {custom_id!r}; it has {have}")
        if component.get("disabled"):
            raise ValueError(f"component {custom_id!r} is disabled; Discord would not send the click")
        data: JSON = {"custom_id": custom_id, "component_type": int(component["type"])}
        if data["component_type"] in _SELECT_TYPES:
            data["values"] = list(values or [])
        channel = self._channels[int(current["channel_id"])]
        payload = self.build_interaction(
            MESSAGE_COMPONENT,
            data,
            user=user,
            channel_id=channel.id,
            dm=channel.type == 1,
            message=copy.deepcopy(current),
            permissions=permissions,
        )
        return await self.send_interaction(payload)

    async def message(
        self,
        content: str = "",
        *,
        author: FakeUser | FakeMember | int | None = None,
        channel_id: int | None = None,
        guild_id: int | None = None,
        mentions: Iterable[FakeUser | int] = (),
        reply_to: PostedMessage | UserMessage | int | None = None,
        dm: bool = False,
        embeds: list[JSON] | None = None,
    ) -> UserMessage:
        """A user posts a message (MESSAGE_CREATE to the bot, subject to its intents).

        ``mentions`` adds mentioned users (users written as ``<@id>`` in ``content`` are added anyway).
        """
        who = self._user(author)
        guild, channel = self._where(_guild_of(author, guild_id, channel_id), channel_id, dm, who)
        reference = None
        if reply_to is not None:
            ref_id = reply_to.id if isinstance(reply_to, PostedMessage | UserMessage) else int(reply_to)
            reference = {"message_id": str(ref_id), "channel_id": str(channel.id)}
        extra = [self._user(u) for u in mentions]
        msg = self._new_message(
            channel,
            who,
            {"content": content, "embeds": embeds or []},
            reference=reference,
            extra_mentions=extra,
        )
        if guild is not None:
            member = guild.members.get(who.id) or self.member(who, guild)
            msg["member"] = member.payload(with_user=False)
        self._store(msg)
        dispatched = await self._deliver_message(msg)
        return UserMessage(self, msg, dispatched)

    async def _deliver_message(self, msg: JSON) -> bool:
        """MESSAGE_CREATE as Discord would deliver it given the bot's intents."""
        session = self._route("MESSAGE_CREATE", msg)
        intents = session.intents
        in_dm = "guild_id" not in msg
        needed = INTENT_DIRECT_MESSAGES if in_dm else INTENT_GUILD_MESSAGES
        if not intents & needed:
            log.info("stand-in: MESSAGE_CREATE %s not dispatched: the bot lacks the intent", msg["id"])
            return False
        data = copy.deepcopy(msg)
        author_id = int(msg["author"]["id"])
        mentioned = any(int(u["id"]) == self.bot_user.id for u in msg.get("mentions") or [])
        if not (intents & INTENT_MESSAGE_CONTENT or in_dm or mentioned or author_id == self.bot_user.id):
            data.update(content="", embeds=[], attachments=[], components=[])
        await self._dispatch_to(session, "MESSAGE_CREATE", data)
        return True

    # ------------------------------------------------------------------------------------- rate limits

    def rate_limit_next(
        self,
        method: str,
        path_regex: str,
        times: int = 1,
        retry_after: float = 0.2,
        *,
        is_global: bool = False,
    ) -> None:
        """Answer the next ``times`` matching requests with 429 (path regex searched in the /api/v10-relative path)."""
        rule = _RateLimitRule(method.upper(), re.compile(path_regex), times, retry_after, is_global)
        self._rate_rules.append(rule)

    def _take_rate_limit(self, method: str, path: str) -> _RateLimitRule | None:
        for rule in self._rate_rules:
            if rule.remaining > 0 and rule.method in (method, "*") and rule.pattern.search(path):
                rule.remaining -= 1
                return rule
        return None

    # --------------------------------------------------------------------------------------------- REST

    def _build_routes(self) -> list[tuple[str, re.Pattern[str], Handler, bool]]:
        app = r"(?P<app>\d+)"
        hook = r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)"
        channel = r"/channels/(?P<cid>\d+)"
        table: list[tuple[str, str, Handler, bool]] = [
            ("GET", r"/gateway", self._get_gateway, False),
            ("GET", r"/gateway/bot", self._get_gateway_bot, True),
            ("GET", r"/users/@me", self._get_me, True),
            ("GET", r"/users/(?P<uid>\d+)", self._get_user, True),
            ("POST", r"/users/@me/channels", self._create_dm, True),
            ("GET", r"/oauth2/applications/@me", self._get_application, True),
            ("GET", r"/applications/@me", self._get_application, True),
            ("GET", rf"/applications/{app}/commands", self._get_commands, True),
            ("PUT", rf"/applications/{app}/commands", self._put_commands, True),
            ("POST", rf"/applications/{app}/commands", self._post_command, True),
            ("GET", rf"/applications/{app}/guilds/(?P<gid>\d+)/commands", self._get_commands, True),
            ("PUT", rf"/applications/{app}/guilds/(?P<gid>\d+)/commands", self._put_commands, True),
            ("POST", rf"/applications/{app}/guilds/(?P<gid>\d+)/commands", self._post_command, True),
            (
                "POST",
                r"/interactions/(?P<iid>\d+)/(?P<token>[^/]+)/callback",
                self._interaction_callback,
                False,
            ),
            ("POST", hook, self._webhook_execute, False),
            ("GET", hook + r"/messages/(?P<mid>@original|\d+)", self._webhook_get_message, False),
            ("PATCH", hook + r"/messages/(?P<mid>@original|\d+)", self._webhook_edit_message, False),
            ("DELETE", hook + r"/messages/(?P<mid>@original|\d+)", self._webhook_delete_message, False),
            ("GET", channel, self._get_channel, True),
            ("POST", channel + r"/typing", self._typing, True),
            ("GET", channel + r"/messages", self._channel_history, True),
            ("POST", channel + r"/messages", self._channel_create_message, True),
            ("GET", channel + r"/messages/(?P<mid>\d+)", self._channel_get_message, True),
            ("PATCH", channel + r"/messages/(?P<mid>\d+)", self._channel_edit_message, True),
            ("DELETE", channel + r"/messages/(?P<mid>\d+)", self._channel_delete_message, True),
            (
                "PUT",
                channel + r"/messages/(?P<mid>\d+)/reactions/(?P<emoji>[^/]+)/@me",
                self._no_content,
                True,
            ),
            (
                "DELETE",
                channel + r"/messages/(?P<mid>\d+)/reactions/(?P<emoji>[^/]+)/@me",
                self._no_content,
                True,
            ),
            ("GET", r"/guilds/(?P<gid>\d+)", self._get_guild, True),
            ("GET", r"/guilds/(?P<gid>\d+)/channels", self._get_guild_channels, True),
            ("GET", r"/guilds/(?P<gid>\d+)/members/(?P<uid>\d+)", self._get_member, True),
        ]
        return [(method, re.compile(pattern), handler, auth) for method, pattern, handler, auth in table]

    async def _handle_rest(self, request: web.Request) -> web.StreamResponse:
        method = request.method.upper()
        full_path = request.path
        path = full_path[len(API_PREFIX) :] if full_path.startswith(API_PREFIX + "/") else full_path
        query = dict(request.query)
        body, files = await self._read_body(request)
        started = time.monotonic()

        rule = self._take_rate_limit(method, path) if full_path.startswith(API_PREFIX) else None
        if rule is not None:
            return self._answer_rate_limited(method, path, query, body, files, started, rule)

        status: int
        payload: Any
        path_known = False
        for route_method, pattern, handler, auth in self._routes:
            match = pattern.fullmatch(path) if full_path.startswith(API_PREFIX) else None
            path_known = path_known or match is not None
            if match is None or route_method != method:
                continue
            if auth and request.headers.get("Authorization") != f"Bot {self.token}":
                status, payload = 401, {"message": "401: Unauthorized", "code": 0}
                break
            try:
                status, payload = await handler(_Request(method, path, match.groupdict(), query, body, files))
            except _ApiError as exc:
                status, payload = exc.status, exc.payload
                log.info("stand-in: %s %s -> %s %s", method, path, status, payload)
            break
        else:
            status = 405 if path_known else 404
            payload = {
                "message": f"{status}: {'Method Not Allowed' if path_known else 'Not Found'}",
                "code": 0,
            }
            log.warning("stand-in: unknown route %s %s (answered %s)", method, full_path, status)
            self.unknown_routes.append(
                RestCall(method, path, query, body, status, payload, started, tuple(files))
            )
        self.rest_calls.append(RestCall(method, path, query, body, status, payload, started, tuple(files)))
        self._notify()
        return _json_response(status, payload)

    def _answer_rate_limited(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        body: Any,
        files: list[JSON],
        started: float,
        rule: _RateLimitRule,
    ) -> web.Response:
        payload = {
            "message": "You are being rate limited.",
            "retry_after": rule.retry_after,
            "global": rule.is_global,
        }
        headers = {
            # discord.py treats a 429 without Via as a Cloudflare ban and gives up
            "Via": "1.1 google",
            "Retry-After": str(max(1, int(rule.retry_after + 0.999))),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{time.time() + rule.retry_after:.3f}",
            "X-RateLimit-Reset-After": f"{rule.retry_after:.3f}",
            "X-RateLimit-Bucket": "standin-" + secrets.token_hex(4),
            "X-RateLimit-Scope": "global" if rule.is_global else "user",
        }
        if rule.is_global:
            headers["X-RateLimit-Global"] = "true"
        call = RestCall(method, path, query, body, 429, payload, started, tuple(files))
        self.rest_calls.append(call)
        self.rate_limited.append(call)
        self._notify()
        return _json_response(429, payload, headers)

    async def _read_body(self, request: web.Request) -> tuple[Any, list[JSON]]:
        if not request.can_read_body:
            return None, []
        if request.content_type == "application/json":
            return await request.json(), []
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            body: Any = None
            files: list[JSON] = []
            for name, value in form.items():
                if isinstance(value, web.FileField):
                    data = value.file.read()
                    files.append(
                        {
                            "field": name,
                            "filename": value.filename,
                            "size": len(data),
                            "content_type": value.content_type,
                        }
                    )
                elif name == "payload_json":
                    body = json.loads(str(value))
            return body, files
        await request.read()
        return None, []

    # --- REST handlers (each returns (status, json payload)) ---------------------------------------------

    async def _no_content(self, req: _Request) -> tuple[int, Any]:
        return 204, None

    async def _get_gateway(self, req: _Request) -> tuple[int, Any]:
        return 200, {"url": self.gateway_url}

    async def _get_gateway_bot(self, req: _Request) -> tuple[int, Any]:
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return 200, {"url": self.gateway_url, "shards": self.recommended_shards, "session_start_limit": limit}

    async def _get_me(self, req: _Request) -> tuple[int, Any]:
        return 200, {**self.bot_user.payload(), "verified": True, "mfa_enabled": False, "locale": "en-US"}

    async def _get_user(self, req: _Request) -> tuple[int, Any]:
        user = self.users.get(int(req.params["uid"]))
        if user is None:
            raise _ApiError(404, 10013, "Unknown User")
        return 200, user.payload()

    async def _create_dm(self, req: _Request) -> tuple[int, Any]:
        user = self.users.get(int((req.body or {}).get("recipient_id") or 0))
        if user is None:
            raise _ApiError(400, 50035, "Invalid Form Body")
        return 200, self.dm_channel(user).payload()

    async def _get_application(self, req: _Request) -> tuple[int, Any]:
        return 200, {
            "id": str(self.application_id),
            "name": self.bot_user.name,
            "icon": None,
            "description": "",
            "summary": "",
            "rpc_origins": [],
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": self.owner.payload(),
            "team": None,
            "verify_key": "0" * 64,
            "flags": self.application_flags,
            "tags": [],
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "approximate_guild_count": len(self.guilds),
            "bot": self.bot_user.payload(),
        }

    def _check_app(self, req: _Request) -> int | None:
        if int(req.params["app"]) != self.application_id:
            raise _ApiError(404, 10002, "Unknown Application")
        gid = req.params.get("gid")
        if gid is not None and int(gid) not in self.guilds:
            raise _ApiError(403, 50001, "Missing Access")
        return None if gid is None else int(gid)

    def _store_command(self, guild_id: int | None, command: JSON) -> JSON:
        existing = self._commands.get(guild_id, {}).get(command["name"])
        stored: JSON = {
            "type": 1,
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            **command,
            "id": existing["id"] if existing else str(self._ids.next()),
            "application_id": str(self.application_id),
            "version": str(self._ids.next()),
        }
        if guild_id is not None:
            stored["guild_id"] = str(guild_id)
        if stored["default_member_permissions"] is not None:  # Discord answers with a string
            stored["default_member_permissions"] = str(stored["default_member_permissions"])
        self._commands.setdefault(guild_id, {})[command["name"]] = stored
        return stored

    async def _get_commands(self, req: _Request) -> tuple[int, Any]:
        return 200, self.synced_commands(self._check_app(req))

    async def _put_commands(self, req: _Request) -> tuple[int, Any]:
        guild_id = self._check_app(req)
        _validate_commands(list(req.body or []), is_global=guild_id is None)
        # A bulk overwrite: commands not in the list are gone; ones kept by name keep their ids.
        kept = {c["name"] for c in req.body or []}
        current = self._commands.setdefault(guild_id, {})
        for name in set(current) - kept:
            del current[name]
        return 200, [self._store_command(guild_id, c) for c in req.body or []]

    async def _post_command(self, req: _Request) -> tuple[int, Any]:
        guild_id = self._check_app(req)
        _validate_commands([dict(req.body or {})], is_global=False)
        return 201, self._store_command(guild_id, dict(req.body or {}))

    async def _interaction_callback(self, req: _Request) -> tuple[int, Any]:
        handle = self.interactions.get(int(req.params["iid"]))
        if handle is None or handle.token != req.params["token"] or handle.expired:
            raise _ApiError(404, UNKNOWN_INTERACTION, "Unknown interaction")
        if handle.callback is not None:
            raise _ApiError(400, 40060, "Interaction has already been acknowledged.")
        late = time.monotonic() - handle.dispatched_at
        if self.ack_deadline is not None and late > self.ack_deadline:
            log.warning(
                "stand-in: interaction %s acknowledged after %.1fs (deadline %ss)",
                handle.id,
                late,
                self.ack_deadline,
            )
            self.late_acks.append(handle)
            raise _ApiError(404, UNKNOWN_INTERACTION, "Unknown interaction")
        body: JSON = dict(req.body or {})
        kind = int(body.get("type", 0))
        data: JSON = dict(body.get("data") or {})
        message: JSON | None = None
        if kind == CHANNEL_MESSAGE:
            _validate_message(data, req.files)
            message = self._interaction_message(handle, data, req.files)
            handle.original_id = int(message["id"])
            handle.callback = body
            self._post("callback", data, message, handle, req.files)
            await self._echo(message)
        elif kind == DEFERRED_CHANNEL_MESSAGE:
            flags = (int(data.get("flags") or 0) & EPHEMERAL) | LOADING
            message = self._interaction_message(handle, {"content": "", "flags": flags}, [])
            handle.original_id = int(message["id"])
            handle.callback = body
            await self._echo(message)
        elif kind in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE):
            if handle.component_message_id is None:
                raise _ApiError(400, 40043, "Interaction callback type not allowed for this interaction")
            handle.original_id = handle.component_message_id
            handle.callback = body
            if kind == UPDATE_MESSAGE:
                _validate_message(data, req.files, allow_empty=True)
                message = self._edit(handle.component_message_id, data, req.files)
                self._post("edit", data, message, handle, req.files)
        else:
            handle.callback = body  # autocomplete results, modals, ...
        self._notify()
        if req.query.get("with_response", "").lower() not in ("1", "true"):
            return 204, None
        flags = int(message.get("flags") or 0) if message else 0
        result: JSON = {
            "interaction": {
                "id": str(handle.id),
                "type": handle.type,
                "response_message_loading": kind == DEFERRED_CHANNEL_MESSAGE,
                "response_message_ephemeral": bool(flags & EPHEMERAL),
            }
        }
        if message is not None:
            result["interaction"]["response_message_id"] = message["id"]
            result["resource"] = {"type": kind, "message": message}
        return 200, result

    def _webhook_handle(self, req: _Request) -> InteractionHandle:
        handle = self._by_token.get(req.params["token"])
        if int(req.params["app"]) != self.application_id or handle is None:
            raise _ApiError(404, UNKNOWN_WEBHOOK, "Unknown Webhook")
        if handle.expired:
            raise _ApiError(401, INVALID_WEBHOOK_TOKEN, "Invalid Webhook Token")
        if handle.callback is None:
            log.warning("stand-in: webhook call for interaction %s before it was acknowledged", handle.id)
            raise _ApiError(404, 10015, "Unknown Webhook")
        return handle

    def _webhook_message_id(self, handle: InteractionHandle, mid: str) -> int:
        if mid == "@original":
            if handle.original_id is None:
                raise _ApiError(404, 10008, "Unknown Message")
            return handle.original_id
        message_id = int(mid)
        if message_id not in handle.message_ids and message_id != handle.original_id:
            raise _ApiError(404, 10008, "Unknown Message")
        return message_id

    async def _webhook_execute(self, req: _Request) -> tuple[int, Any]:
        handle = self._webhook_handle(req)
        body: JSON = dict(req.body or {})
        _validate_message(body, req.files)
        original = self._messages.get(handle.original_id or 0)
        if (
            original is not None
            and int(original.get("flags") or 0) & LOADING
            and self.fill_deferred_with_followup
        ):
            # Discord turns the first followup after a "thinking" defer into that deferred message
            # (same id, and its ephemerality comes from the defer, not from the followup). Deprecated: the
            # documented way is to edit @original.
            self.deprecated_uses.append(
                f"followup filled the deferred response of interaction {handle.id} (use PATCH @original)"
            )
            message = self._edit(int(original["id"]), body, req.files)
            message["edited_timestamp"] = None
        else:
            message = self._interaction_message(handle, body, req.files)
            await self._echo(message)
        self._post("followup", body, message, handle, req.files)
        if req.query.get("wait", "true").lower() in ("0", "false"):
            return 204, None
        return 200, message

    async def _webhook_get_message(self, req: _Request) -> tuple[int, Any]:
        handle = self._webhook_handle(req)
        return 200, self._messages[self._webhook_message_id(handle, req.params["mid"])]

    async def _webhook_edit_message(self, req: _Request) -> tuple[int, Any]:
        handle = self._webhook_handle(req)
        message_id = self._webhook_message_id(handle, req.params["mid"])
        body: JSON = dict(req.body or {})
        _validate_message(body, req.files, allow_empty=True)
        loading = bool(int((self._messages.get(message_id) or {}).get("flags") or 0) & LOADING)
        message = self._edit(message_id, body, req.files)
        self._post("edit", body, message, handle, req.files, filled=loading)
        return 200, message

    async def _webhook_delete_message(self, req: _Request) -> tuple[int, Any]:
        handle = self._webhook_handle(req)
        self._messages.pop(self._webhook_message_id(handle, req.params["mid"]), None)
        return 204, None

    def _channel(self, req: _Request, *, needs: int = VIEW_CHANNEL) -> FakeChannel:
        """The channel of a request, as the bot may reach it: 10003 when deleted, 50001 when it cannot see it
        (or the server removed the bot), 50013 when it lacks ``needs``."""
        channel = self._channels.get(int(req.params["cid"]))
        if channel is None:
            raise _ApiError(404, UNKNOWN_CHANNEL, "Unknown Channel")
        if channel.guild_id is not None:
            if channel.guild_id in self._left_guilds:
                raise _ApiError(403, MISSING_ACCESS, "Missing Access")
            have = self.bot_permissions(channel)
            if not have & VIEW_CHANNEL:
                raise _ApiError(403, MISSING_ACCESS, "Missing Access")
            if have & needs != needs:
                raise _ApiError(403, MISSING_PERMISSIONS, "Missing Permissions")
        return channel

    def _channel_message(self, req: _Request) -> JSON:
        channel = self._channel(req)
        message = self._messages.get(int(req.params["mid"]))
        if message is None or int(message["channel_id"]) != channel.id:
            raise _ApiError(404, 10008, "Unknown Message")
        return message

    async def _get_channel(self, req: _Request) -> tuple[int, Any]:
        return 200, self._channel(req).payload()

    async def _channel_history(self, req: _Request) -> tuple[int, Any]:
        channel = self._channel(req)
        limit = int(req.query.get("limit", 50))
        found = [m for m in self._messages.values() if int(m["channel_id"]) == channel.id]
        if "before" in req.query:
            found = [m for m in found if int(m["id"]) < int(req.query["before"])]
        if "after" in req.query:
            found = [m for m in found if int(m["id"]) > int(req.query["after"])]
        found.sort(key=lambda m: int(m["id"]), reverse=True)
        return 200, found[:limit]

    async def _typing(self, req: _Request) -> tuple[int, Any]:
        self._channel(req, needs=VIEW_CHANNEL | SEND_MESSAGES)
        return 204, None

    def _check_embeds(self, channel: FakeChannel, body: JSON, files: Sequence[JSON]) -> None:
        """Without Embed Links a message of embeds alone is refused (50013); alongside other content the embeds
        are dropped, as Discord does."""
        if not body.get("embeds") or channel.guild_id is None or self.bot_permissions(channel) & EMBED_LINKS:
            return
        if not (body.get("content") or body.get("components") or files):
            raise _ApiError(403, MISSING_PERMISSIONS, "Missing Permissions")
        body["embeds"] = []

    async def _channel_create_message(self, req: _Request) -> tuple[int, Any]:
        channel = self._channel(req, needs=VIEW_CHANNEL | SEND_MESSAGES)
        body: JSON = dict(req.body or {})
        _validate_message(body, req.files)
        reference = body.get("message_reference")
        if (
            reference
            and channel.guild_id is not None
            and not self.bot_permissions(channel) & READ_MESSAGE_HISTORY
        ):
            raise _ApiError(
                403, CANNOT_REPLY_WITHOUT_HISTORY, "Cannot reply without permission to read message history"
            )
        self._check_embeds(channel, body, req.files)
        if (
            reference
            and reference.get("message_id")
            and int(reference["message_id"]) not in self._messages
            and reference.get("fail_if_not_exists", True)
        ):
            raise _ApiError(
                400, 50035, "Invalid Form Body", _errors_at("message_reference", "Unknown message")
            )
        message = self._new_message(
            channel, self.bot_user, body, files=req.files, reference=reference, apply_allowed=True
        )
        self._store(message)
        self._post("channel", body, message, None, req.files)
        await self._echo(message)
        return 200, message

    async def _channel_get_message(self, req: _Request) -> tuple[int, Any]:
        return 200, self._channel_message(req)

    async def _channel_edit_message(self, req: _Request) -> tuple[int, Any]:
        message = self._channel_message(req)
        if int(message["author"]["id"]) != self.bot_user.id:
            raise _ApiError(403, 50005, "Cannot edit a message authored by another user")
        body: JSON = dict(req.body or {})
        _validate_message(body, req.files, allow_empty=True)
        if body.get("embeds"):
            self._check_embeds(self._channel(req), body, req.files)
        edited = self._edit(int(message["id"]), body, req.files)
        self._post("edit", body, edited, None, req.files)
        return 200, edited

    async def _channel_delete_message(self, req: _Request) -> tuple[int, Any]:
        message = self._channel_message(req)
        self._messages.pop(int(message["id"]), None)
        return 204, None

    async def _get_guild(self, req: _Request) -> tuple[int, Any]:
        guild = self.guilds.get(int(req.params["gid"]))
        if guild is None:
            if int(req.params["gid"]) in self._left_guilds:
                raise _ApiError(403, MISSING_ACCESS, "Missing Access")
            raise _ApiError(404, UNKNOWN_GUILD, "Unknown Guild")
        data = guild.payload()
        for key in ("members", "channels", "threads", "presences", "voice_states", "joined_at", "large"):
            data.pop(key, None)
        return 200, data

    async def _get_guild_channels(self, req: _Request) -> tuple[int, Any]:
        guild = self.guilds.get(int(req.params["gid"]))
        if guild is None:
            raise _ApiError(404, 10004, "Unknown Guild")
        return 200, [c.payload() for c in guild.channels.values()]

    async def _get_member(self, req: _Request) -> tuple[int, Any]:
        guild = self.guilds.get(int(req.params["gid"]))
        member = guild.members.get(int(req.params["uid"])) if guild else None
        if member is None:
            raise _ApiError(404, 10007, "Unknown Member")
        return 200, member.payload()

    # ------------------------------------------------------------------------------------ message store

    def _store(self, message: JSON) -> None:
        self._messages[int(message["id"])] = message

    def _post(
        self,
        kind: MessageKind,
        payload: JSON,
        message: JSON,
        handle: InteractionHandle | None,
        files: list[JSON],
        *,
        filled: bool = False,
    ) -> None:
        self.posted.append(
            PostedMessage(
                kind,
                copy.deepcopy(payload),
                copy.deepcopy(message),
                None if handle is None else handle.id,
                time.monotonic(),
                tuple(files),
                filled,
            )
        )
        self._notify()

    async def _echo(self, message: JSON) -> None:
        """Discord sends the bot its own (non-ephemeral) messages too."""
        if not self.echo_own_messages or int(message.get("flags") or 0) & EPHEMERAL or not self._sessions:
            return
        await self._deliver_message(message)

    def _interaction_message(self, handle: InteractionHandle, payload: JSON, files: list[JSON]) -> JSON:
        channel = self._channels[int(handle.payload["channel_id"])]
        message = self._new_message(channel, self.bot_user, payload, files=files, apply_allowed=True)
        user = handle.payload.get("member", {}).get("user") or handle.payload.get("user")
        metadata: JSON = {
            "id": str(handle.id),
            "type": handle.type,
            "user": user,
            "authorizing_integration_owners": handle.payload["authorizing_integration_owners"],
        }
        if handle.type == APPLICATION_COMMAND:
            metadata["name"] = handle.payload["data"]["name"]
        elif handle.component_message_id is not None:
            metadata["interacted_message_id"] = str(handle.component_message_id)
        message.update(
            webhook_id=str(self.application_id),
            application_id=str(self.application_id),
            interaction_metadata=metadata,
            type=20 if handle.type == APPLICATION_COMMAND else 0,
        )
        handle.message_ids.append(int(message["id"]))
        self._store(message)
        return message

    def _new_message(
        self,
        channel: FakeChannel,
        author: FakeUser,
        payload: JSON,
        *,
        files: Sequence[JSON] = (),
        reference: JSON | None = None,
        extra_mentions: Sequence[FakeUser] = (),
        apply_allowed: bool = False,
    ) -> JSON:
        message: JSON = {
            "id": str(self._ids.next()),
            "channel_id": str(channel.id),
            "author": author.payload(),
            "content": payload.get("content") or "",
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": bool(payload.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [self._attachment(f) for f in files],
            "embeds": list(payload.get("embeds") or []),
            "reactions": [],
            "pinned": False,
            "type": 0,
            "flags": int(payload.get("flags") or 0),
            "components": list(payload.get("components") or []),
        }
        if channel.guild_id is not None:
            message["guild_id"] = str(channel.guild_id)
        if payload.get("nonce") is not None:
            message["nonce"] = payload["nonce"]
        replied_author: FakeUser | None = None
        if reference and reference.get("message_id"):
            referenced = self._messages.get(int(reference["message_id"]))
            message["type"] = 19
            message["message_reference"] = {
                "type": 0,
                "message_id": str(reference["message_id"]),
                "channel_id": str(reference.get("channel_id") or channel.id),
                **({"guild_id": str(channel.guild_id)} if channel.guild_id is not None else {}),
            }
            if referenced is not None:
                message["referenced_message"] = {
                    k: v for k, v in referenced.items() if k != "referenced_message"
                }
                replied_author = self.users.get(int(referenced["author"]["id"]))
            else:
                message["referenced_message"] = None
        allowed = payload.get("allowed_mentions") if apply_allowed else None
        self._set_mentions(message, allowed, replied_author, extra_mentions)
        return message

    def _attachment(self, file: JSON) -> JSON:
        attachment_id = str(self._ids.next())
        url = f"{self.base_url}/attachments/{attachment_id}/{file['filename']}"
        return {
            "id": attachment_id,
            "filename": file["filename"],
            "size": file["size"],
            "url": url,
            "proxy_url": url,
            "content_type": file.get("content_type"),
        }

    def _set_mentions(
        self,
        message: JSON,
        allowed: JSON | None,
        replied_author: FakeUser | None,
        extra: Sequence[FakeUser] = (),
    ) -> None:
        """Fill mentions/mention_roles/mention_everyone with who would be pinged, honouring allowed_mentions."""
        content = str(message.get("content") or "")
        parse = set(allowed.get("parse") or []) if allowed is not None else {"users", "roles", "everyone"}
        allowed_users = {int(u) for u in (allowed or {}).get("users") or []}
        allowed_roles = {int(r) for r in (allowed or {}).get("roles") or []}
        ping_reply = True if allowed is None else bool(allowed.get("replied_user", False))

        user_ids = [int(u) for u in _USER_MENTION.findall(content)]
        pinged = [uid for uid in user_ids if "users" in parse or uid in allowed_users]
        pinged += [u.id for u in extra]
        if replied_author is not None and ping_reply:
            pinged.append(replied_author.id)
        message["mentions"] = [
            self.users[uid].payload() for uid in dict.fromkeys(pinged) if uid in self.users
        ]
        role_ids = [int(r) for r in _ROLE_MENTION.findall(content)]
        message["mention_roles"] = [
            str(r) for r in dict.fromkeys(role_ids) if "roles" in parse or r in allowed_roles
        ]
        message["mention_everyone"] = ("@everyone" in content or "@here" in content) and "everyone" in parse

    def _edit(self, message_id: int, body: JSON, files: list[JSON]) -> JSON:
        message = self._messages.get(message_id)
        if message is None:
            raise _ApiError(404, 10008, "Unknown Message")
        for key in ("content", "embeds", "components"):
            if key in body:
                message[key] = body[key] if body[key] is not None else ("" if key == "content" else [])
        if "attachments" in body and body["attachments"] is not None:
            keep = {str(a.get("id")) for a in body["attachments"]}
            message["attachments"] = [a for a in message["attachments"] if a["id"] in keep]
        message["attachments"] = list(message["attachments"]) + [self._attachment(f) for f in files]
        flags = int(message.get("flags") or 0) & ~LOADING
        if body.get("flags") is not None:
            flags = (flags & EPHEMERAL) | (int(body["flags"]) & ~EPHEMERAL)
        message["flags"] = flags
        message["edited_timestamp"] = _now_iso()
        if "content" in body:
            self._set_mentions(message, body.get("allowed_mentions"), None)
        return message


# -------------------------------------------------------------------------------------------------- helpers


def _guild_of(user: object, guild_id: int | None, channel_id: int | None) -> int | None:
    """A FakeMember acts in its own guild unless a guild or channel is given."""
    if guild_id is None and channel_id is None and isinstance(user, FakeMember):
        return user.guild.id
    return guild_id


def _json_response(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> web.Response:
    # Exactly "application/json": discord.py compares the whole header and aiohttp would add "; charset=utf-8".
    if status == 204 or payload is None:
        return web.Response(status=204, headers=dict(headers or {}))
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(status=status, body=json.dumps(payload).encode(), headers=all_headers)


def _errors_at(path: str, message: str, code: str = "BASE_TYPE_INVALID") -> JSON:
    """Discord's nested form-error shape for a dotted ``path``."""
    node: JSON = {"_errors": [{"code": code, "message": message}]}
    for part in reversed(path.split(".")):
        node = {part: node}
    return node


def _merge(into: JSON, other: JSON) -> None:
    for key, value in other.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _validate_message(payload: JSON, files: Sequence[JSON], *, allow_empty: bool = False) -> None:
    """Reject what Discord rejects: over-long content/embeds, too many components, empty messages."""
    errors: JSON = {}

    def too_long(path: str, value: Any, limit: int) -> int:
        text = str(value or "")
        if len(text) > limit:
            _merge(errors, _errors_at(path, f"Must be {limit} or fewer in length.", "BASE_TYPE_MAX_LENGTH"))
        return len(text)

    content = payload.get("content")
    too_long("content", content, 2000)
    embeds = list(payload.get("embeds") or [])
    if len(embeds) > 10:
        _merge(errors, _errors_at("embeds", "Must be 10 or fewer in length.", "BASE_TYPE_MAX_LENGTH"))
    total = 0
    for i, embed in enumerate(embeds):
        total += too_long(f"embeds.{i}.title", embed.get("title"), 256)
        total += too_long(f"embeds.{i}.description", embed.get("description"), 4096)
        total += too_long(f"embeds.{i}.footer.text", (embed.get("footer") or {}).get("text"), 2048)
        total += too_long(f"embeds.{i}.author.name", (embed.get("author") or {}).get("name"), 256)
        fields = list(embed.get("fields") or [])
        if len(fields) > 25:
            _merge(
                errors,
                _errors_at(f"embeds.{i}.fields", "Must be 25 or fewer in length.", "BASE_TYPE_MAX_LENGTH"),
            )
        for j, embed_field in enumerate(fields):
            total += too_long(f"embeds.{i}.fields.{j}.name", embed_field.get("name"), 256)
            total += too_long(f"embeds.{i}.fields.{j}.value", embed_field.get("value"), 1024)
    if total > 6000:
        _merge(
            errors, _errors_at("embeds", "Embed size exceeds maximum size of 6000", "MAX_EMBED_SIZE_EXCEEDED")
        )
    components = list(payload.get("components") or [])
    if not int(payload.get("flags") or 0) & IS_COMPONENTS_V2:
        if len(components) > 5:
            _merge(errors, _errors_at("components", "Must be 5 or fewer in length.", "BASE_TYPE_MAX_LENGTH"))
        for i, row in enumerate(components):
            if len(row.get("components") or []) > 5:
                _merge(errors, _errors_at(f"components.{i}.components", "Must be 5 or fewer in length."))
    for component in _walk_components(components):
        too_long("components.custom_id", component.get("custom_id"), 100)
        too_long("components.label", component.get("label"), 80)
    if errors:
        raise _ApiError(400, 50035, "Invalid Form Body", errors)
    has_body = content or embeds or components or files or payload.get("sticker_ids") or payload.get("poll")
    if not allow_empty and not has_body:
        raise _ApiError(400, 50006, "Cannot send an empty message")


def _validate_commands(commands: Sequence[JSON], *, is_global: bool) -> None:
    """Reject command definitions Discord rejects (names, descriptions, option counts and nesting, sizes)."""
    errors: JSON = {}

    def bad(path: str, message: str, code: str = "APPLICATION_COMMAND_INVALID") -> None:
        _merge(errors, _errors_at(path, message, code))

    def check_name(path: str, name: Any) -> None:
        text = str(name or "")
        if not COMMAND_NAME.match(text) or text != text.lower():
            bad(f"{path}.name", f"Command name {text!r} is invalid", "APPLICATION_COMMAND_INVALID_NAME")

    def check_description(path: str, value: Any) -> None:
        if not 1 <= len(str(value or "")) <= 100:
            bad(f"{path}.description", "Must be between 1 and 100 in length.", "BASE_TYPE_BAD_LENGTH")

    def size(node: JSON) -> int:
        total = len(str(node.get("name") or "")) + len(str(node.get("description") or ""))
        total += sum(len(str(c.get("name") or "")) + len(str(c.get("value") or "")) for c in node.get("choices") or [])
        return total + sum(size(o) for o in node.get("options") or [])

    def check_options(path: str, options: list[JSON], depth: int) -> None:
        if len(options) > MAX_OPTIONS:
            bad(f"{path}.options", f"Must be {MAX_OPTIONS} or fewer in length.", "BASE_TYPE_MAX_LENGTH")
        names = [o.get("name") for o in options]
        if len(set(names)) != len(names):
            bad(f"{path}.options", "Option names must be unique", "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS")
        subs = [o for o in options if o.get("type") in (1, 2)]
        if subs and len(subs) != len(options):
            bad(f"{path}.options", "Sub-commands cannot be mixed with other options",
                "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID")
        seen_optional = False
        for i, option in enumerate(options):
            where = f"{path}.options.{i}"
            check_name(where, option.get("name"))
            check_description(where, option.get("description"))
            kind = option.get("type")
            if kind == 2 and depth > 0 or kind == 1 and depth > 1:
                bad(where, "Sub-commands nest at most two levels", "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID")
            if kind in (1, 2):
                check_options(where, list(option.get("options") or []), depth + 1)
                if kind == 2 and any(o.get("type") != 1 for o in option.get("options") or []):
                    bad(where, "A sub-command group holds sub-commands only",
                        "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID")
                continue
            if option.get("required"):
                if seen_optional:
                    bad(where, "Required options must be placed before non-required options",
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID")
            else:
                seen_optional = True
            choices = list(option.get("choices") or [])
            if len(choices) > MAX_CHOICES:
                bad(f"{where}.choices", f"Must be {MAX_CHOICES} or fewer in length.", "BASE_TYPE_MAX_LENGTH")
            for j, choice in enumerate(choices):
                if not 1 <= len(str(choice.get("name") or "")) <= 100:
                    bad(f"{where}.choices.{j}.name", "Must be between 1 and 100 in length.", "BASE_TYPE_BAD_LENGTH")
                if isinstance(choice.get("value"), str) and len(choice["value"]) > 100:
                    bad(f"{where}.choices.{j}.value", "Must be 100 or fewer in length.", "BASE_TYPE_MAX_LENGTH")
            for key, low, high in (("min_length", 0, 6000), ("max_length", 1, 6000)):
                if key in option and not low <= int(option[key]) <= high:
                    bad(f"{where}.{key}", f"Must be between {low} and {high}.", "NUMBER_TYPE_MIN_MAX")

    chat = [c for c in commands if int(c.get("type", 1)) == 1]
    if len(chat) > MAX_GLOBAL_COMMANDS:
        bad("_", f"Maximum number of application commands reached ({MAX_GLOBAL_COMMANDS})",
            "APPLICATION_COMMANDS_MAX")
    names = [(int(c.get("type", 1)), c.get("name")) for c in commands]
    if len(set(names)) != len(names):
        bad("_", "Application command names must be unique", "APPLICATION_COMMANDS_DUPLICATE_NAME")
    for i, command in enumerate(commands):
        path = str(i)
        kind = int(command.get("type", 1))
        if kind == 1:
            check_name(path, command.get("name"))
            check_description(path, command.get("description"))
        elif not 1 <= len(str(command.get("name") or "")) <= 32:
            bad(f"{path}.name", "Must be between 1 and 32 in length.", "BASE_TYPE_BAD_LENGTH")
        check_options(path, list(command.get("options") or []), 0)
        perms = command.get("default_member_permissions")
        if perms is not None and not str(perms).isdigit():
            bad(f"{path}.default_member_permissions", "Must be a permission bit set as a string")
        if size(command) > MAX_COMMAND_CHARACTERS:
            bad(path, f"Command exceeds maximum size ({MAX_COMMAND_CHARACTERS})", "APPLICATION_COMMAND_TOO_LARGE")
    if errors:
        raise _ApiError(400, INVALID_FORM_BODY, "Invalid Form Body", errors)


def _short(value: Any, limit: int = 160) -> str:
    text = "" if value is None else json.dumps(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@contextlib.asynccontextmanager
async def run_bot(
    bot: ClientT,
    token: str = DEFAULT_TOKEN,
    *,
    timeout: float = 10.0,
    guild_ready_timeout: float | None = 0.1,
) -> AsyncIterator[ClientT]:
    """Start ``bot`` with ``bot.start(token)`` in a task, wait for on_ready, and close it cleanly afterwards.

    ``guild_ready_timeout`` shortens discord.py's wait after the last GUILD_CREATE (2 s by default) so tests
    start fast; pass None to keep the bot's own setting. Errors from ``bot.start`` are re-raised.
    """
    if guild_ready_timeout is not None:
        # The public Client(guild_ready_timeout=...) option, set late so it works for any bot class.
        bot._connection.guild_ready_timeout = guild_ready_timeout
    already_running = asyncio.all_tasks()
    runner = asyncio.create_task(bot.start(token), name=f"run_bot:{type(bot).__name__}")
    ready = asyncio.create_task(bot.wait_until_ready(), name="run_bot:wait_until_ready")
    failed = False
    try:
        done, _ = await asyncio.wait({runner, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if runner in done:
            runner.result()
            raise RuntimeError("bot.start() returned before the bot was ready")
        if ready not in done:
            raise TimeoutError(f"the bot was not ready within {timeout}s")
        yield bot
    except BaseException:
        failed = True
        raise
    finally:
        ready.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ready
        await bot.close()
        await asyncio.wait({runner}, timeout=timeout)
        if not runner.done():
            runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
        await _cancel_discord_leftovers(already_running)
        error = None if runner.cancelled() else runner.exception()
        if error is not None and not failed:
            raise error


async def _cancel_discord_leftovers(already_running: set[asyncio.Task[Any]]) -> None:
    """Cancel tasks discord.py left behind after close (view timeouts, in-flight event handlers)."""
    current = asyncio.current_task()
    leftovers = [
        task
        for task in asyncio.all_tasks() - already_running
        if task is not current and not task.done() and _started_by_discord(task)
    ]
    for task in leftovers:
        task.cancel()
    if leftovers:
        await asyncio.wait(leftovers, timeout=1.0)


def _started_by_discord(task: asyncio.Task[Any]) -> bool:
    code = getattr(task.get_coro(), "cr_code", None)
    return code is not None and f"{os.sep}discord{os.sep}" in code.co_filename
