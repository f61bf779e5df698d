"""One bot process for the sharding test: discord.py pointed at the stand-in, then the real entry point.

Run as `python -m tests.bot.shard_process` from the repository root with NEWSBOT_TEST_STANDIN set to the
stand-in's base URL (http://127.0.0.1:PORT); every other setting comes from the environment, as in production.
"""

from __future__ import annotations

import os
import sys

import discord.gateway
import discord.http
import yarl


def main() -> int:
    base = os.environ["NEWSBOT_TEST_STANDIN"]
    discord.http.Route.BASE = f"{base}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(base.replace("http://", "ws://", 1) + "/gw")
    from bot.__main__ import main as run_bot

    return run_bot(["--env-file", os.devnull])


if __name__ == "__main__":
    sys.exit(main())
