"""The bot's settings: one frozen, validated object read from the environment and `.env` when asked.

Variables (see `.env.example`): DISCORD_TOKEN, DISCORD_DEV_GUILD, NEWSBOT_ADMIN_ROLE, NEWSBOT_TIMEZONE,
NEWSBOT_COOLDOWN_SECONDS, NEWSBOT_POLL_MINUTES, NEWSBOT_ALLOW_DMS, NEWSBOT_DEFAULT_CORPUS, NEWSBOT_DEMO_PATHS
(extra files or folders for --demo, separated by os.pathsep), and the index's own (NEWSBOT_DATA_DIR, CHROMA_HOST,
CHROMA_PORT, EMBED_MODEL, EMBED_DEVICE, ...) via index.settings.
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
    admin_role: str | None = None
    cooldown_seconds: float = 5.0
    poll_minutes: float = 30.0
    allow_dms: bool = False
    default_corpus: str = "default"
    demo_paths: tuple[str, ...] = ()  # what --demo ingests besides the bundled sample news
    index: Settings = field(default_factory=Settings)

    def __post_init__(self) -> None:
        if self.cooldown_seconds < 0:
            raise ConfigError("NEWSBOT_COOLDOWN_SECONDS must be 0 or more")
        if self.poll_minutes <= 0:
            raise ConfigError("NEWSBOT_POLL_MINUTES must be positive")
        if self.dev_guild is not None and self.dev_guild <= 0:
            raise ConfigError("DISCORD_DEV_GUILD must be a server id (a positive number)")
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

        guild_raw = text("DISCORD_DEV_GUILD")
        if guild_raw and not guild_raw.isdigit():
            raise ConfigError(f"DISCORD_DEV_GUILD must be a server id (digits), got {guild_raw!r}")
        return cls(
            token=text("DISCORD_TOKEN"),
            dev_guild=int(guild_raw) if guild_raw else None,
            admin_role=text("NEWSBOT_ADMIN_ROLE") or None,
            cooldown_seconds=number("NEWSBOT_COOLDOWN_SECONDS", 5.0),
            poll_minutes=number("NEWSBOT_POLL_MINUTES", 30.0),
            allow_dms=flag("NEWSBOT_ALLOW_DMS"),
            default_corpus=text("NEWSBOT_DEFAULT_CORPUS") or "default",
            demo_paths=tuple(p.strip() for p in text("NEWSBOT_DEMO_PATHS").split(os.pathsep) if p.strip()),
            index=Settings.from_env(e),
        )


def corpus_for(guild_id: int | None, settings: BotSettings) -> str:
    """The corpus a guild's questions are answered from (each guild has its own); DMs use the default."""
    return settings.default_corpus if guild_id is None else f"g{guild_id}"
