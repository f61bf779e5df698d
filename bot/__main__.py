"""The composition root: read the settings, build the engine once, hand it to the bot, run.

`newsbot-bot` (or `python -m bot`) starts the Discord bot. `newsbot-bot --demo` (what `make run` calls) does the
same when DISCORD_TOKEN is set, seeding each guild's empty index with the bundled sample news (and the files or
folders NEWSBOT_DEMO_PATHS names); without a token it opens the terminal chat over the same engine and answers
instead.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from dotenv import load_dotenv

from index import use_offline_defaults

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_NEWS = ROOT / "sample_news"


def demo_inputs(extra: Sequence[str] = ()) -> list[str]:
    """What the demo ingests into an empty index: the sample news the repository ships, then `extra` (the
    NEWSBOT_DEMO_PATHS setting), as given: a path that is not there is reported by the ingest, not skipped."""
    return [str(SAMPLE_NEWS), *extra]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsbot-bot", description="Run newsbot on Discord.")
    p.add_argument("--demo", action="store_true",
                   help="seed empty indexes with the sample news; without DISCORD_TOKEN, chat in the terminal")
    p.add_argument("--env-file", default=".env", help="settings file to read (default .env)")
    p.add_argument("-v", "--verbose", action="store_true", help="log more")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `newsbot-bot`."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("discord").setLevel(logging.INFO if args.verbose else logging.WARNING)
    use_offline_defaults()
    load_dotenv(args.env_file, override=False)  # the chat path reads the index settings from the environment

    import discord

    from bot.client import NewsBot
    from bot.config import BotSettings
    from index import Engine, NewsbotError

    try:
        settings = BotSettings.from_env(dotenv_path=args.env_file)
    except NewsbotError as exc:
        log.error("invalid settings: %s", exc)
        return 2
    if not settings.token:
        if not args.demo:
            log.error("DISCORD_TOKEN is not set: put it in .env (see .env.example), or run with --demo to chat here")
            return 2
        from index import chat

        log.info("DISCORD_TOKEN is not set: starting the terminal chat instead")
        if not args.verbose:  # the chat prints answers; keep the log quiet around them
            logging.getLogger().setLevel(logging.WARNING)
        engine = Engine(settings.index)
        try:
            return chat(engine, corpus=settings.default_corpus, seed=demo_inputs(settings.demo_paths))
        finally:
            engine.close()

    engine = Engine(settings.index)
    try:
        engine.warm_up()  # load the model before connecting, not on the first question
        demo = demo_inputs(settings.demo_paths) if args.demo else []
        bot = NewsBot(engine=engine, settings=settings, demo_inputs=demo)
        bot.run(settings.token, log_handler=None)
    except discord.LoginFailure:
        log.error("Discord refused the token: check DISCORD_TOKEN")
        return 2
    except discord.PrivilegedIntentsRequired:
        log.error("enable the Message Content intent for the bot in the Discord developer portal (Bot tab)")
        return 2
    except NewsbotError as exc:
        log.error("%s", exc)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
