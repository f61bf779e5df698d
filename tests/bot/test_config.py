"""bot.config: one frozen, validated settings object; the token never shows."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from bot.config import BotSettings, corpus_for
from index.errors import ConfigError

TOKEN = "MTIz.secret-token-value.XYZ"


def test_reads_every_setting_from_the_environment() -> None:
    s = BotSettings.from_env({
        "DISCORD_TOKEN": TOKEN, "DISCORD_DEV_GUILD": "123456789012345678", "NEWSBOT_ADMIN_ROLE": "Editors",
        "NEWSBOT_TIMEZONE": "Asia/Tokyo", "NEWSBOT_COOLDOWN_SECONDS": "2.5", "NEWSBOT_POLL_MINUTES": "10",
        "NEWSBOT_DATA_DIR": "/tmp/nb", "CHROMA_HOST": "chroma", "CHROMA_PORT": "9000", "EMBED_MODEL": "m",
        "EMBED_DEVICE": "cuda", "NEWSBOT_ALLOW_DMS": "yes", "NEWSBOT_DEFAULT_CORPUS": "dm-news",
    })
    assert (s.token, s.dev_guild, s.admin_role) == (TOKEN, 123456789012345678, "Editors")
    assert (s.cooldown_seconds, s.poll_minutes, s.poll_seconds) == (2.5, 10.0, 600.0)
    assert (s.allow_dms, s.default_corpus) == (True, "dm-news")
    assert s.index.data_dir == Path("/tmp/nb") and s.index.chroma_host == "chroma" and s.index.chroma_port == 9000
    assert (s.index.embed_model, s.index.embed_device, str(s.tz)) == ("m", "cuda", "Asia/Tokyo")


def test_defaults_when_unset() -> None:
    s = BotSettings.from_env({})
    assert (s.token, s.dev_guild, s.admin_role, s.allow_dms) == ("", None, None, False)
    assert (s.cooldown_seconds, s.poll_minutes, s.default_corpus, s.demo_paths) == (5.0, 30.0, "default", ())


def test_demo_paths_are_split_on_the_path_separator() -> None:
    s = BotSettings.from_env({"NEWSBOT_DEMO_PATHS": f" /news/page.txt {os.pathsep}{os.pathsep}/news/more "})
    assert s.demo_paths == ("/news/page.txt", "/news/more")
    assert BotSettings.from_env({"NEWSBOT_DEMO_PATHS": " "}).demo_paths == ()


def test_dotenv_file_is_read_and_the_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f"DISCORD_TOKEN={TOKEN}\nNEWSBOT_COOLDOWN_SECONDS=7\nNEWSBOT_ADMIN_ROLE=FromFile\n")
    monkeypatch.setenv("NEWSBOT_ADMIN_ROLE", "FromEnv")
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("NEWSBOT_COOLDOWN_SECONDS", raising=False)
    s = BotSettings.from_env(dotenv_path=env_file)
    assert (s.token, s.cooldown_seconds, s.admin_role) == (TOKEN, 7.0, "FromEnv")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"NEWSBOT_COOLDOWN_SECONDS": "soon"}, "NEWSBOT_COOLDOWN_SECONDS must be a number"),
        ({"NEWSBOT_COOLDOWN_SECONDS": "-1"}, "NEWSBOT_COOLDOWN_SECONDS must be 0 or more"),
        ({"NEWSBOT_POLL_MINUTES": "0"}, "NEWSBOT_POLL_MINUTES must be positive"),
        ({"DISCORD_DEV_GUILD": "my-server"}, "DISCORD_DEV_GUILD must be a server id"),
        ({"NEWSBOT_ALLOW_DMS": "maybe"}, "NEWSBOT_ALLOW_DMS must be true or false"),
        ({"NEWSBOT_DEFAULT_CORPUS": "Bad Name!"}, "NEWSBOT_DEFAULT_CORPUS must be"),
        ({"NEWSBOT_TIMEZONE": "Mars/Olympus"}, "NEWSBOT_TIMEZONE is not a known timezone"),
        ({"DISCORD_TOKEN": TOKEN + " extra"}, "DISCORD_TOKEN contains whitespace"),
    ],
)
def test_invalid_values_raise_config_errors_that_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        BotSettings.from_env(env)
    assert TOKEN not in str(info.value) and "secret" not in str(info.value)


def test_the_token_never_appears_in_repr_or_str() -> None:
    s = BotSettings.from_env({"DISCORD_TOKEN": TOKEN})
    assert TOKEN not in repr(s) and TOKEN not in str(s) and "secret" not in f"{s}"
    assert "BotSettings(" in repr(s)


def test_settings_are_frozen() -> None:
    s = BotSettings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.token = "x"  # type: ignore[misc]


def test_each_guild_has_its_own_corpus_and_dms_use_the_default() -> None:
    s = BotSettings(default_corpus="dm-news")
    assert corpus_for(111, s) == "g111" and corpus_for(222, s) == "g222" and corpus_for(None, s) == "dm-news"
