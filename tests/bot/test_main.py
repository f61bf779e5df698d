"""bot.__main__: the composition root builds the engine once, hands it to the bot, and never logs the token."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import bot.__main__ as entry
import index
from bot.client import NewsBot

TOKEN = "MTIz.very-secret-token.abc"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for key in ("DISCORD_TOKEN", "DISCORD_DEV_GUILD", "NEWSBOT_ALLOW_DMS", "NEWSBOT_DEFAULT_CORPUS", "NEWSBOT_DEMO_PATHS"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("NEWSBOT_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "missing.env"


def test_without_a_token_it_says_how_to_start(clean_env: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR):
        assert entry.main(["--env-file", str(clean_env)]) == 2
    assert "DISCORD_TOKEN is not set" in caplog.text


def test_demo_without_a_token_opens_the_terminal_chat_seeded_with_the_sample_news(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[tuple[Any, str, list[str]]] = []
    monkeypatch.setattr(index, "chat", lambda engine, corpus, seed: seen.append((engine, corpus, list(seed))) or 0)
    assert entry.main(["--demo", "--env-file", str(clean_env)]) == 0
    ((engine, corpus, seed),) = seen
    assert (engine.settings.data_dir, corpus) == (tmp_path / "data", "default")
    assert seed[0].endswith("sample_news")
    assert seed == entry.demo_inputs()


def test_the_demo_indexes_only_what_the_repository_ships() -> None:
    assert entry.demo_inputs() == [str(entry.ROOT / "sample_news")]
    assert entry.demo_inputs(["/news/page.txt"]) == [str(entry.ROOT / "sample_news"), "/news/page.txt"]
    assert not any("shared" in Path(p).parts for p in entry.demo_inputs())


def test_demo_paths_from_the_settings_are_indexed_after_the_sample_news(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr(index, "chat", lambda engine, corpus, seed: seen.append(list(seed)) or 0)
    extra = [str(tmp_path / "page.txt"), str(tmp_path / "more")]
    monkeypatch.setenv("NEWSBOT_DEMO_PATHS", os.pathsep.join(extra))
    assert entry.main(["--demo", "--env-file", str(clean_env)]) == 0
    assert seen == [[str(entry.ROOT / "sample_news"), *extra]]


def test_with_a_token_the_engine_is_built_once_and_passed_to_the_bot(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    built: list[Any] = []
    ran: list[tuple[NewsBot, str]] = []

    class FakeEngine:
        def __init__(self, settings: Any) -> None:
            self.settings, self.closed, self.warm = settings, False, False
            built.append(self)

        def warm_up(self) -> None:
            self.warm = True

        def close(self) -> None:
            self.closed = True

    monkeypatch.setattr(index, "Engine", FakeEngine)
    monkeypatch.setattr(NewsBot, "run", lambda self, token, **kw: ran.append((self, token)))
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    with caplog.at_level(logging.DEBUG):
        assert entry.main(["--demo", "--env-file", str(clean_env)]) == 0
    (engine,) = built
    ((bot, token),) = ran
    assert bot.engine is engine and token == TOKEN and engine.warm and engine.closed
    assert bot.demo_inputs == entry.demo_inputs()
    assert TOKEN not in caplog.text


def test_the_bot_package_never_imports_the_model_or_the_vector_store() -> None:
    code = (
        "import sys, bot.client, bot.cogs.ask, bot.cogs.admin, bot.cogs.digest, bot.views.answers, bot.views.admin,"
        " bot.views.digests, bot.errors, bot.config;"
        "print(sorted(m for m in ('chromadb', 'sentence_transformers', 'torch') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
