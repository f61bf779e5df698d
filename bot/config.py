"""The bot's settings: one frozen, validated object read from the environment and `.env` when asked.

Variables (see `.env.example`): DISCORD_TOKEN, DISCORD_DEV_GUILD, NEWSBOT_ADMIN_ROLE (a role id),
NEWSBOT_TIMEZONE, NEWSBOT_COOLDOWN_SECONDS, NEWSBOT_POLL_MINUTES, NEWSBOT_ALLOW_DMS, NEWSBOT_DEFAULT_CORPUS,
NEWSBOT_DEMO_PATHS (extra files or folders for --demo, separated by os.pathsep), NEWSBOT_SHARD_COUNT and
NEWSBOT_SHARD_IDS (several processes splitting the shards), NEWSBOT_DELETE_AFTER_DAYS, and the index's own
(NEWSBOT_DATA_DIR, CHROMA_HOST, CHROMA_PORT, EMBED_MODEL, EMBED_DEVICE, ...) via index.settings.
Nothing is read at import time. The token is kept out of repr() and out of every error message.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from dotenv import dotenv_values

from index import ConfigError, Settings, check_corpus

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class BotSettings:
    """Everything the bot is configured with; `index` is what the engine is built from."""

    token: str = field(default="", repr=False)
    dev_guild: int | None = None
    admin_role: int | None = None  # a role id: a role name can be copied by anyone allowed to create roles
    cooldown_seconds: float = 5.0
    poll_minutes: float = 30.0
    allow_dms: bool = False
    default_corpus: str = "default"
    shard_count: int | None = None  # None: as many shards as Discord recommends, all in this process
    shard_ids: tuple[int, ...] | None = None  # the shards this process runs (of shard_count); None: all of them
    delete_after_days: float = 30.0  # a server that removed the bot loses its index this long after
    demo_paths: tuple[str, ...] = ()  # what --demo ingests besides the bundled sample news
    index: Settings = field(default_factory=Settings)

    def __post_init__(self) -> None:
        if self.cooldown_seconds < 0:
            raise ConfigError("NEWSBOT_COOLDOWN_SECONDS must be 0 or more")
        if self.poll_minutes <= 0:
            raise ConfigError("NEWSBOT_POLL_MINUTES must be positive")
        if self.delete_after_days < 0:
            raise ConfigError("NEWSBOT_DELETE_AFTER_DAYS must be 0 or more")
        if self.dev_guild is not None and self.dev_guild <= 0:
            raise ConfigError("DISCORD_DEV_GUILD must be a server id (a positive number)")
        if self.admin_role is not None and self.admin_role <= 0:
            raise ConfigError("NEWSBOT_ADMIN_ROLE must be a role id (a positive number)")
        if self.shard_count is not None and self.shard_count < 1:
            raise ConfigError("NEWSBOT_SHARD_COUNT must be 1 or more")
        if self.shard_ids is not None:
            if self.shard_count is None:
                raise ConfigError("NEWSBOT_SHARD_IDS needs NEWSBOT_SHARD_COUNT (the total number of shards)")
            if not self.shard_ids or any(not 0 <= i < self.shard_count for i in self.shard_ids):
                raise ConfigError(
                    f"NEWSBOT_SHARD_IDS must list shard numbers from 0 to {self.shard_count - 1}, e.g. 0,1"
                )
        if any(c.isspace() for c in self.token):
            raise ConfigError("DISCORD_TOKEN contains whitespace; paste the token alone")
        try:
            check_corpus(self.default_corpus)
        except ConfigError:
            raise ConfigError(
                "NEWSBOT_DEFAULT_CORPUS must be 1-40 characters of a-z, 0-9, '-' and '_'"
            ) from None

    def __str__(self) -> str:
        return repr(self)

    @property
    def tz(self) -> ZoneInfo:
        """The timezone dates are resolved and shown in."""
        return self.index.tz

    @property
    def poll_seconds(self) -> float:
        """The feed poll interval in seconds."""
        return self.poll_minutes * 60.0

    def serves(self, guild_id: int) -> bool:
        """Whether this process runs the shard of a guild (Discord's formula), or runs every shard."""
        if self.shard_ids is None or self.shard_count is None:
            return True
        return (guild_id >> 22) % self.shard_count in self.shard_ids

    @property
    def serves_dms(self) -> bool:
        """Whether this process gets direct messages (Discord sends them to shard 0)."""
        return self.shard_ids is None or 0 in self.shard_ids

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, *, dotenv_path: str | os.PathLike[str] | None = ".env"
    ) -> BotSettings:
        """Settings from `env` (default: `.env` overlaid by the process environment); bad values raise ConfigError."""
        if env is None:
            values: dict[str, str] = {}
            if dotenv_path is not None and Path(dotenv_path).is_file():
                values.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
            values.update(os.environ)
            env = values
        e = dict(env)

        def text(key: str) -> str:
            return (e.get(key) or "").strip()

        def number(key: str, default: float) -> float:
            raw = text(key)
            if not raw:
                return default
            try:
                return float(raw)
            except ValueError:
                raise ConfigError(f"{key} must be a number, got {raw!r}") from None

        def flag(key: str) -> bool:
            raw = text(key).lower()
            if raw in _TRUE:
                return True
            if raw in _FALSE:
                return False
            raise ConfigError(f"{key} must be true or false, got {raw!r}")

        def whole(key: str) -> int | None:
            raw = text(key)
            if raw and not raw.isdigit():
                raise ConfigError(f"{key} must be a whole number, got {raw!r}")
            return int(raw) if raw else None

        guild_raw = text("DISCORD_DEV_GUILD")
        if guild_raw and not guild_raw.isdigit():
            raise ConfigError(f"DISCORD_DEV_GUILD must be a server id (digits), got {guild_raw!r}")
        role_raw = text("NEWSBOT_ADMIN_ROLE")
        if role_raw and not role_raw.isdigit():
            raise ConfigError(
                f"NEWSBOT_ADMIN_ROLE must be a role id (digits), not a name like {role_raw!r}: anyone who may "
                "create roles could copy a name. In Discord, turn on Developer Mode (User Settings > Advanced), "
                "then Server Settings > Roles > the role's menu > Copy Role ID."
            )
        ids_raw = text("NEWSBOT_SHARD_IDS")
        shard_ids: tuple[int, ...] | None = None
        if ids_raw:
            parts = [p.strip() for p in ids_raw.split(",")]
            if not all(p.isdigit() for p in parts):
                raise ConfigError(f"NEWSBOT_SHARD_IDS must be shard numbers separated by commas, got {ids_raw!r}")
            shard_ids = tuple(int(p) for p in parts)
        return cls(
            token=text("DISCORD_TOKEN"),
            dev_guild=int(guild_raw) if guild_raw else None,
            admin_role=int(role_raw) if role_raw else None,
            cooldown_seconds=number("NEWSBOT_COOLDOWN_SECONDS", 5.0),
            poll_minutes=number("NEWSBOT_POLL_MINUTES", 30.0),
            allow_dms=flag("NEWSBOT_ALLOW_DMS"),
            default_corpus=text("NEWSBOT_DEFAULT_CORPUS") or "default",
            shard_count=whole("NEWSBOT_SHARD_COUNT"),
            shard_ids=shard_ids,
            delete_after_days=number("NEWSBOT_DELETE_AFTER_DAYS", 30.0),
            demo_paths=tuple(p.strip() for p in text("NEWSBOT_DEMO_PATHS").split(os.pathsep) if p.strip()),
            index=Settings.from_env(e),
        )


def corpus_for(guild_id: int | None, settings: BotSettings) -> str:
    """The corpus a guild's questions are answered from (each guild has its own); DMs use the default."""
    return settings.default_corpus if guild_id is None else f"g{guild_id}"
