"""What the bot needs from the engine, as a protocol: the real index.Engine and test fakes both fit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from index import Answer, Digest, IngestReport, RebuildProgress, RebuildReport, SourceInfo, Stats


class NewsEngine(Protocol):
    """The engine's async twins: answering on a pool of its own, long jobs (ingest, polls, removals, rebuilds,
    deletions) on another, so no number of long jobs can hold up a question."""

    @property
    def model_name(self) -> str: ...

    async def ais_rebuilding(self, *, corpus: str = "default") -> bool: ...

    async def adrop_corpus(self, name: str) -> bool: ...

    async def aunload_idle(self, idle_seconds: float | None = None) -> list[str]: ...

    async def aask(
        self, question: str, *, corpus: str = "default", as_of: datetime | None = None, since: str | None = None
    ) -> Answer: ...

    async def aingest(self, inputs: Sequence[str], *, corpus: str = "default") -> IngestReport: ...

    async def arebuild(
        self, *, corpus: str = "default", progress: Callable[[RebuildProgress], None] | None = None
    ) -> RebuildReport: ...

    async def astats(self, *, corpus: str = "default") -> Stats: ...

    async def apoll_feeds(self, *, corpus: str = "default") -> IngestReport: ...

    async def asources(self, *, corpus: str = "default") -> list[SourceInfo]: ...

    async def aremove_source(self, url: str, *, corpus: str = "default") -> int: ...

    async def adigest(
        self,
        topic: str | None,
        *,
        corpus: str = "default",
        period: str | None = None,
        as_of: datetime | None = None,
        exclude_article_ids: frozenset[str] | set[str] = frozenset(),
    ) -> Digest: ...
