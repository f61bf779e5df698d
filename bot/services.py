"""What the bot needs from the engine, as a protocol: the real index.engine.Engine and test fakes both fit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from index.models import Answer, IngestReport, RebuildReport, SourceInfo, Stats

if TYPE_CHECKING:  # index.answering.digest pulls in the search stack; the bot only needs its result types
    from index.answering.digest import Digest


class NewsEngine(Protocol):
    """The engine's async twins (each runs in a worker thread) and the few cheap sync calls the bot makes."""

    @property
    def model_name(self) -> str: ...

    def is_rebuilding(self, *, corpus: str = "default") -> bool: ...

    async def aask(self, question: str, **kw: Any) -> Answer: ...

    async def aingest(self, inputs: Sequence[str], **kw: Any) -> IngestReport: ...

    async def arebuild(self, **kw: Any) -> RebuildReport: ...

    async def astats(self, **kw: Any) -> Stats: ...

    async def apoll_feeds(self, **kw: Any) -> IngestReport: ...

    async def asources(self, **kw: Any) -> list[SourceInfo]: ...

    async def aadd_source(self, url: str, **kw: Any) -> bool: ...

    async def aremove_source(self, url: str, **kw: Any) -> int: ...

    async def adigest(self, topic: str | None, **kw: Any) -> Digest: ...
