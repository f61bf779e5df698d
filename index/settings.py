"""The index's settings, read from the environment (and `.env`) once, at start-up."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from index.embedding.base import BACKENDS
from index.errors import ConfigError

DEFAULT_MODEL = "bundled:all-MiniLM-L6-v2"
# no model or telemetry request may leave the machine: models load from disk (the bundled package)
OFFLINE_DEFAULTS = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",  # the tokenizers' own threads fight the model's for two cores
    "ANONYMIZED_TELEMETRY": "False",  # chromadb
}


def use_offline_defaults() -> None:
    """Set the offline environment defaults (a value already set wins); call before loading models."""
    for key, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(key, value)

CORPUS_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


@dataclass(frozen=True)
class Settings:
    """Where the index lives and which model builds it."""

    data_dir: Path = Path("data")
    embed_model: str = DEFAULT_MODEL
    embed_device: str = "cpu"
    embed_backend: str = ""  # "" picks the default: onnx-int8 on the CPU, torch on a GPU
    embed_batch_size: int = 32
    embed_cache_entries: int = 50_000  # chunk vectors kept for reuse across corpora and rebuilds; 0 turns it off
    chunk_tokens: int = 160
    chroma_host: str | None = None
    chroma_port: int = 8000
    timezone: str = "UTC"
    http_timeout: float = 10.0  # seconds without a byte before a fetch gives up
    http_deadline: float = 60.0  # seconds one whole download (page or feed) may take
    http_max_mb: float = 10.0  # the largest page or feed downloaded
    max_article_mb: float = 2.0  # the longest article text indexed (a larger one is reported and left out)
    user_agent: str = "newsbot/0.1 (+https://github.com/newsbot)"
    answer_threads: int = 4  # workers for questions, digests and reads; long jobs never take these
    job_threads: int = 2  # workers for ingests, feed polls, source removals and rebuilds (more wait their turn)
    corpus_idle_minutes: float = 60.0  # a corpus unused this long leaves memory (see Engine.unload_idle)

    @property
    def backend(self) -> str:
        """The embedding backend: the configured one, else onnx-int8 on the CPU and torch on a GPU."""
        if self.embed_backend:
            return self.embed_backend
        return "torch" if self.embed_device.startswith("cuda") else "onnx-int8"

    @property
    def models_dir(self) -> Path:
        """Where ONNX exports of the model are kept (made once, from the model on disk)."""
        return self.data_dir / "models"

    @property
    def max_article_chars(self) -> int:
        """max_article_mb in characters (a megabyte of text counted as 2**20 characters)."""
        return int(self.max_article_mb * 2**20)

    @property
    def tz(self) -> ZoneInfo:
        """The configured timezone."""
        return ZoneInfo(self.timezone)

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Settings from environment variables; invalid values raise ConfigError."""
        e = dict(os.environ if env is None else env)

        def num(key: str, default: float, kind: type = int) -> float:
            raw = e.get(key, "").strip()
            if not raw:
                return default
            try:
                value = kind(raw)
            except ValueError:
                raise ConfigError(f"{key} must be a number, got {raw!r}") from None
            if value <= 0:
                raise ConfigError(f"{key} must be positive, got {raw!r}")
            return float(value)

        tz = e.get("NEWSBOT_TIMEZONE", "").strip() or "UTC"
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"NEWSBOT_TIMEZONE is not a known timezone: {tz!r}") from None
        device = e.get("EMBED_DEVICE", "").strip() or "cpu"
        backend = e.get("EMBED_BACKEND", "").strip().lower()
        if backend and backend not in BACKENDS:
            raise ConfigError(f"EMBED_BACKEND must be one of {', '.join(BACKENDS)}, got {backend!r}")
        if backend.startswith("onnx") and device != "cpu":
            raise ConfigError(f"EMBED_BACKEND={backend} runs on the CPU; use torch with EMBED_DEVICE={device}")
        cache = e.get("EMBED_CACHE_ENTRIES", "").strip()
        if cache and not (cache.isdigit()):
            raise ConfigError(f"EMBED_CACHE_ENTRIES must be a whole number (0 turns the cache off), got {cache!r}")
        return cls(
            data_dir=Path(e.get("NEWSBOT_DATA_DIR", "").strip() or "data"),
            embed_model=e.get("EMBED_MODEL", "").strip() or DEFAULT_MODEL,
            embed_device=device,
            embed_backend=backend,
            embed_batch_size=int(num("EMBED_BATCH_SIZE", 32)),
            embed_cache_entries=int(cache) if cache else 50_000,
            chunk_tokens=int(num("CHUNK_TOKENS", 160)),
            chroma_host=e.get("CHROMA_HOST", "").strip() or None,
            chroma_port=int(num("CHROMA_PORT", 8000)),
            timezone=tz,
            http_timeout=num("NEWSBOT_HTTP_TIMEOUT", 10.0, float),
            http_deadline=num("NEWSBOT_HTTP_DEADLINE", 60.0, float),
            http_max_mb=num("NEWSBOT_HTTP_MAX_MB", 10.0, float),
            max_article_mb=num("NEWSBOT_MAX_ARTICLE_MB", 2.0, float),
            answer_threads=int(num("NEWSBOT_ANSWER_THREADS", 4)),
            job_threads=int(num("NEWSBOT_JOB_THREADS", 2)),
            corpus_idle_minutes=num("NEWSBOT_CORPUS_IDLE_MINUTES", 60.0, float),
        )


def check_corpus(name: str) -> str:
    """A valid corpus name, or ConfigError."""
    if not CORPUS_NAME.match(name):
        raise ConfigError(
            f"corpus names are 1-40 characters of a-z, 0-9, '-' and '_', starting with a letter or digit: {name!r}"
        )
    return name
