"""Fixtures for the bot's end-to-end tests: a started Discord stand-in with discord.py pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.discord_standin import DiscordStandIn


@pytest.fixture
async def standin() -> AsyncIterator[DiscordStandIn]:
    """A Discord stand-in on a free 127.0.0.1 port; discord.py's REST and gateway URLs point at it meanwhile.

    Start a bot against it with ``async with run_bot(bot, standin.token): ...`` (from tests.discord_standin).
    """
    async with DiscordStandIn() as server:
        with server.patch_discord():
            yield server
