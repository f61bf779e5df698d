"""Helpers for the bot's tests: canned engine answers, a fake engine and interaction for cog-level tests, and
for the end-to-end tests a running world (the Discord stand-in, the real bot, the real engine) plus the
walkthrough recorder that turns what the bot posted into markdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import numpy as np
from aiohttp import web

from bot.client import NewsBot
from bot.config import BotSettings, corpus_for
from bot.views.text import visible
from index.engine import Engine
from index.models import (
    Answer,
    Headline,
    IngestReport,
    Quote,
    RebuildProgress,
    RebuildReport,
    SourceInfo,
    Stats,
    TimeWindow,
)
from tests.discord_standin import (
    DEFAULT_MEMBER_PERMISSIONS,
    MANAGE_GUILD,
    DiscordStandIn,
    FakeGuild,
    FakeMember,
    PostedMessage,
    run_bot,
)
from tests.discord_standin import FakeRole as StandInRole

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_NEWS = ROOT / "sample_news"
AS_OF = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # the tests' fixed "now": answers do not drift with the date
INGESTED = AS_OF - timedelta(hours=1)  # the engine's clock: undated articles are first seen then, whatever the date
ADMIN_ROLE = "Newsbot Admins"

# ------------------------------------------------------------------------------------------ canned data


def make_quote(text: str = "We will test the drones together next spring.", **kw: Any) -> Quote:
    """A quote with plausible attribution."""
    base: dict[str, Any] = dict(
        text=text, article_id="a1", title="EU and Japan to run joint drone trials", source="Northwind Wire",
        published=datetime(2026, 11, 20, 9, 0, tzinfo=UTC), url="https://northwind.example/drones",
        start=0, end=len(text), speaker="Kenji Morioka, Defence Minister", score=0.8,
    )
    base.update(kw)
    return Quote(**base)


def make_headline(title: str = "Drone trials explained", **kw: Any) -> Headline:
    """A headline with plausible attribution."""
    base: dict[str, Any] = dict(
        article_id="h1", title=title, source="The Meridian Post",
        published=datetime(2026, 11, 21, tzinfo=UTC), url="https://meridian.example/explained",
    )
    base.update(kw)
    return Headline(**base)


def make_answer(question: str = "What did Morioka say about drones?", **kw: Any) -> Answer:
    """An answer with one quote, one other outlet and two further quotes (so two pages)."""
    base: dict[str, Any] = dict(
        question=question, as_of=AS_OF, window=None, abstained=False,
        quotes=(make_quote(),), also_reported_by=(make_headline(),),
        more=(make_quote("The first flights are planned for March.", article_id="a2"),
              make_quote("Small firms will take part too.", article_id="a3", speaker=None)),
    )
    base.update(kw)
    return Answer(**base)


def make_abstention(question: str = "What is the capital of Mars?") -> Answer:
    """An abstention with two closest headlines."""
    return Answer(
        question=question, as_of=AS_OF, window=None, abstained=True,
        closest=(make_headline("Viral post about drones was false"), make_headline("Tariffs delayed", url="")),
    )


def window(phrase: str = "since monday") -> TimeWindow:
    return TimeWindow(datetime(2026, 11, 23, tzinfo=UTC), datetime(2026, 11, 26, tzinfo=UTC), phrase)


# ------------------------------------------------------------------------------------------ fake engine


class FakeEngine:
    """The engine's async surface with canned results; records every call. Rebuilds run in a worker thread."""

    model_name = "fake-model"

    def __init__(self, answers: dict[str, Answer] | None = None) -> None:
        self.answers = dict(answers or {})
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.fail: dict[str, BaseException] = {}
        self.sources: dict[str, list[SourceInfo]] = {}
        self.articles: dict[str, int] = {}
        self.ingest_reports: dict[str, IngestReport] = {}
        self.release_rebuild = asyncio.Event()
        self.release_rebuild.set()
        self.rebuild_steps: Sequence[RebuildProgress] = (
            RebuildProgress(0, 4, 0), RebuildProgress(2, 4, 5), RebuildProgress(4, 4, 9),
        )
        self._rebuilding: set[str] = set()

    def _call(self, name: str, **kw: Any) -> None:
        self.calls.append((name, kw))
        if name in self.fail:
            raise self.fail[name]

    def called(self, name: str) -> list[dict[str, Any]]:
        return [kw for n, kw in self.calls if n == name]

    def is_rebuilding(self, *, corpus: str = "default") -> bool:
        return corpus in self._rebuilding

    async def ais_rebuilding(self, *, corpus: str = "default") -> bool:
        return corpus in self._rebuilding

    async def adrop_corpus(self, name: str) -> bool:
        self._call("drop_corpus", name=name)
        return self.articles.pop(name, None) is not None

    async def aunload_idle(self, idle_seconds: float | None = None) -> list[str]:
        self._call("unload_idle")
        return []

    async def aask(self, question: str, **kw: Any) -> Answer:
        self._call("ask", question=question, **kw)
        found = self.answers.get(question)
        return found if found is not None else make_answer(question)

    async def aingest(self, inputs: Sequence[str], **kw: Any) -> IngestReport:
        self._call("ingest", inputs=list(inputs), **kw)
        corpus = kw.get("corpus", "default")
        self.articles[corpus] = self.articles.get(corpus, 0) + 3
        return self.ingest_reports.get(inputs[0] if inputs else "", IngestReport(articles_added=3))

    async def arebuild(self, **kw: Any) -> RebuildReport:
        self._call("rebuild", **kw)
        corpus = kw.get("corpus", "default")
        progress = kw.get("progress")
        self._rebuilding.add(corpus)
        try:
            for step in self.rebuild_steps:
                if progress is not None:
                    await asyncio.to_thread(progress, step)  # as the engine does: from a worker thread
                await asyncio.sleep(0)
            await self.release_rebuild.wait()
        finally:
            self._rebuilding.discard(corpus)
        last = self.rebuild_steps[-1]
        return RebuildReport(corpus, last.articles_total, last.chunks_done, 1.25)

    async def astats(self, **kw: Any) -> Stats:
        self._call("stats", **kw)
        corpus = kw.get("corpus", "default")
        return Stats(corpus, self.articles.get(corpus, 0), 9, datetime(2026, 11, 22, tzinfo=UTC),
                     datetime(2026, 11, 25, 11, 0, tzinfo=UTC), self.model_name)

    async def apoll_feeds(self, **kw: Any) -> IngestReport:
        self._call("poll", **kw)
        return IngestReport(articles_added=1)

    async def asources(self, **kw: Any) -> list[SourceInfo]:
        self._call("sources", **kw)
        return list(self.sources.get(kw.get("corpus", "default"), []))

    async def aremove_source(self, url: str, **kw: Any) -> int:
        self._call("remove_source", url=url, **kw)
        return 2


# ------------------------------------------------------------------------------------ fake interaction


@dataclass
class FakeRole:
    id: int
    name: str


@dataclass
class FakeUser:
    id: int = 1001
    name: str = "alice"
    roles: list[FakeRole] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return self.name


@dataclass
class Sent:
    """One thing a cog sent through a fake interaction."""

    kind: str  # "response", "defer", "followup", "edit", "delete", "update"
    content: str | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def ephemeral(self) -> bool:
        return bool(self.kwargs.get("ephemeral"))

    @property
    def embed(self) -> discord.Embed | None:
        return self.kwargs.get("embed")


class _FakeResponse:
    def __init__(self, owner: FakeInteraction) -> None:
        self._owner = owner
        self.type: discord.InteractionResponseType | None = None

    def is_done(self) -> bool:
        return self.type is not None

    def _ack(self, kind: discord.InteractionResponseType) -> None:
        if self.type is not None:
            raise discord.InteractionResponded(self._owner)  # type: ignore[arg-type]
        self.type = kind

    async def defer(self, *, ephemeral: bool = False, thinking: bool = False) -> None:
        if self._owner.component and not thinking:  # a click: acknowledged, the message edited later
            self._ack(discord.InteractionResponseType.deferred_message_update)
        else:
            self._ack(discord.InteractionResponseType.deferred_channel_message)
        self._owner.sent.append(Sent("defer", None, {"ephemeral": ephemeral, "thinking": thinking}))

    async def send_message(self, content: str | None = None, **kw: Any) -> None:
        self._ack(discord.InteractionResponseType.channel_message)
        self._owner.sent.append(Sent("response", content, kw))

    async def edit_message(self, **kw: Any) -> None:
        self._ack(discord.InteractionResponseType.message_update)
        self._owner.sent.append(Sent("update", kw.get("content"), kw))


class _FakeFollowup:
    def __init__(self, owner: FakeInteraction) -> None:
        self._owner = owner

    async def send(self, content: str | None = None, **kw: Any) -> Any:
        if not self._owner.response.is_done():
            raise AssertionError("followup before the interaction was acknowledged")
        self._owner.sent.append(Sent("followup", content, kw))
        return _FakeMessage(9000 + len(self._owner.sent))


@dataclass
class _FakeClient:
    token_lifetime: float = 14 * 60.0

    def get_channel(self, channel_id: int) -> Any:
        return None


@dataclass
class _FakeMessage:
    id: int


class FakeInteraction:
    """Just enough of discord.Interaction for calling command callbacks directly."""

    def __init__(
        self,
        user: FakeUser | None = None,
        *,
        guild_id: int | None = 42,
        permissions: discord.Permissions | None = None,
        component: bool = False,
    ) -> None:
        self.user = user or FakeUser()
        self.component = component  # a button click rather than a slash command
        self.guild_id = guild_id
        self.permissions = permissions or discord.Permissions.none()
        self.extras: dict[str, Any] = {}
        self.channel = None
        self.channel_id: int | None = None
        self.command = None
        self.client = _FakeClient()
        self.created_at = discord.utils.utcnow()
        self.sent: list[Sent] = []
        self.response = _FakeResponse(self)
        self.followup = _FakeFollowup(self)

    async def edit_original_response(self, **kw: Any) -> _FakeMessage:
        if not self.response.is_done():
            raise AssertionError("edit before the interaction was acknowledged")
        private = next((s.ephemeral for s in self.sent if s.kind == "defer"), False)  # as the deferral was
        self.sent.append(Sent("edit", kw.get("content"), {**kw, "ephemeral": private}))
        return _FakeMessage(8000)

    async def delete_original_response(self) -> None:
        self.sent.append(Sent("delete"))

    async def original_response(self) -> _FakeMessage:
        return _FakeMessage(8000)

    def kinds(self) -> list[str]:
        return [s.kind for s in self.sent]

    def last(self) -> Sent:
        return self.sent[-1]


# ------------------------------------------------------------------------------------ the real engine


_VECTORS: dict[tuple[str, tuple[tuple[int, int], ...]], tuple[np.ndarray, np.ndarray]] = {}


class MemoEmbedder:
    """The real model, with the vectors of each chunk text remembered for the whole test session.

    Every vector is the bundled model's own; a text embedded once (say, the sample news ingested into a second
    guild or another test module's index) is not computed again. `live = True` turns the memory off, so a
    rebuild does the model's full work while the test watches the bot.
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.live = False
        self.batches = 0
        self.before_batch: Callable[[int], None] | None = None  # called in the worker thread, for pacing tests

    @property
    def name(self) -> str:
        return str(self.inner.name)

    @property
    def dim(self) -> int:
        return int(self.inner.dim)

    @property
    def max_tokens(self) -> int:
        return int(self.inner.max_tokens)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return list(self.inner.count_tokens(texts))

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self.inner.embed_query(text))

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.inner.embed_batch(texts))

    def embed_with_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        self.batches += 1
        if self.before_batch is not None:
            self.before_batch(self.batches)
        keys = [(t, tuple(tuple(s) for s in sp)) for t, sp in zip(texts, spans, strict=True)]
        missing = [i for i, k in enumerate(keys) if self.live or k not in _VECTORS]
        if missing:
            vecs, per = self.inner.embed_with_spans([texts[i] for i in missing], [spans[i] for i in missing])
            for j, i in enumerate(missing):
                _VECTORS[keys[i]] = (np.array(vecs[j]), np.array(per[j]))
        rows = [_VECTORS[k] for k in keys]
        if not rows:
            return np.zeros((0, self.dim), np.float32), []
        return np.stack([r[0] for r in rows]), [r[1].copy() for r in rows]


# ------------------------------------------------------------------------------------------ the world


@dataclass
class World:
    """A running bot against the stand-in: guild A ("Test Guild") and guild B, with their admins."""

    standin: DiscordStandIn
    bot: NewsBot
    engine: Engine
    embedder: MemoEmbedder
    settings: BotSettings
    guild: FakeGuild
    other: FakeGuild
    manager: FakeMember  # Manage Server in guild A
    role_admin: FakeMember  # has the configured admin role in guild A
    other_manager: FakeMember  # Manage Server in guild B
    admin_role: StandInRole | None = None  # the configured admin role (by id) in guild A

    def corpus(self, guild: FakeGuild | None = None) -> str:
        return corpus_for((guild or self.guild).id, self.settings)


@contextlib.asynccontextmanager
async def start_world(
    engine: Engine,
    embedder: MemoEmbedder,
    *,
    allow_dms: bool = True,
    default_corpus: str = "dmnews",
    dev_guild: bool = False,
    demo_inputs: Sequence[str] = (),
    progress_interval: float = 0.3,
    before_start: Callable[[World], Any] | None = None,
    standin_options: dict[str, Any] | None = None,
    bot_options: dict[str, Any] | None = None,
    clock: Callable[[], datetime | None] = lambda: AS_OF,
) -> AsyncIterator[World]:
    """The stand-in with two guilds and their members, and the real NewsBot logged in to it.

    The admin role is configured by id; `standin_options` and `bot_options` go to DiscordStandIn and NewsBot.
    """
    async with DiscordStandIn(**(standin_options or {})) as standin:
        with standin.patch_discord():
            other = standin.add_guild("Other Guild")
            role = standin.add_role(standin.guild, ADMIN_ROLE)
            settings = BotSettings(
                token=standin.token,
                dev_guild=standin.guild.id if dev_guild else None,
                admin_role=role.id,
                cooldown_seconds=0,
                allow_dms=allow_dms,
                default_corpus=default_corpus,
                index=engine.settings,
            )
            options: dict[str, Any] = {"identify_pause": 0.0}
            options.update(bot_options or {})
            bot = NewsBot(
                engine=engine, settings=settings, clock=clock, demo_inputs=demo_inputs,
                progress_interval=progress_interval, poll_feeds=False, **options,
            )
            world = World(
                standin=standin, bot=bot, engine=engine, embedder=embedder, settings=settings,
                guild=standin.guild, other=other,
                manager=standin.member("mia", permissions=DEFAULT_MEMBER_PERMISSIONS | MANAGE_GUILD),
                role_admin=standin.member("erin", roles=[role]),
                other_manager=standin.member("oscar", other, permissions=DEFAULT_MEMBER_PERMISSIONS | MANAGE_GUILD),
                admin_role=role,
            )
            if before_start is not None:
                await before_start(world)
            async with run_bot(bot, standin.token, timeout=30.0):
                yield world


@contextlib.asynccontextmanager
async def serve_files(files: dict[str, tuple[bytes, str]]) -> AsyncIterator[FileServer]:
    """A real HTTP server on 127.0.0.1 serving fixed bodies (path -> (body, content type)); `fail` makes a path 500."""
    server = FileServer(dict(files))
    app = web.Application()
    app.router.add_get("/{name:.*}", server.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    await web.SockSite(runner, sock).start()
    server.base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        yield server
    finally:
        await runner.cleanup()


@dataclass
class FileServer:
    files: dict[str, tuple[bytes, str]]
    base: str = ""
    failing: set[str] = field(default_factory=set)
    hits: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base}/{path}"

    async def handle(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.hits.append(name)
        if name in self.failing:
            return web.Response(status=500, text="server error")
        if name not in self.files:
            return web.Response(status=404, text="not found")
        body, kind = self.files[name]
        return web.Response(body=body, headers={"Content-Type": kind})


class LagMonitor:
    """Measures how late the event loop wakes a task that sleeps `period` seconds again and again."""

    def __init__(self, period: float = 0.05) -> None:
        self.period = period
        self.samples: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            start = loop.time()
            await asyncio.sleep(self.period)
            self.samples.append(loop.time() - start - self.period)

    async def __aenter__(self) -> LagMonitor:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task

    @property
    def worst(self) -> float:
        return max(self.samples, default=0.0)


# --------------------------------------------------------------------------------------- walkthrough


@dataclass
class Step:
    """One exchange: what the user did, and what the bot posted in answer (in order)."""

    title: str
    typed: str
    posted: list[PostedMessage]
    note: str = ""


@dataclass
class Walkthrough:
    """Recorded exchanges, rendered as markdown; volatile values (times, ports) are replaced by stable ones."""

    steps: list[Step] = field(default_factory=list)
    replacements: list[tuple[str, str]] = field(default_factory=list)

    def add(self, title: str, typed: str, posted: Sequence[PostedMessage], note: str = "") -> None:
        self.steps.append(Step(title, typed, list(posted), note))

    def stable(self, text: str) -> str:
        for old, new in self.replacements:
            text = text.replace(old, new)
        text = re.sub(r"<t:\d+:R>", "(a relative time, e.g. \"2 minutes ago\")", text)
        return re.sub(r"in \d+\.\d s\b", "in N.N s", text)

    def markdown(self, header: str) -> str:
        out = [header.rstrip(), ""]
        for step in self.steps:
            out += [f"## {step.title}", "", f"**You:** {self.stable(step.typed)}", ""]
            if step.note:
                out += [step.note, ""]
            for posted in step.posted:
                out += [self.message(posted), ""]
        return "\n".join(out).rstrip() + "\n"

    def message(self, p: PostedMessage) -> str:
        """One posted message as a markdown block quote, labelled with how it was posted."""
        how = {
            "callback": "replies", "followup": "answers", "channel": "replies in the channel", "edit": "edits it to",
        }[p.kind]
        if p.kind == "channel" and p.message.get("guild_id") is None:
            how = "replies in the DM"
        if p.filled:  # the "thinking…" message became the answer
            how = "answers"
        if p.ephemeral:
            how += " (only you can see this)"
        lines: list[str] = []
        source = p.payload if p.kind == "edit" else p.message
        content = str(source.get("content") or "")
        if content:
            lines += content.split("\n")
        for embed in source.get("embeds") or []:
            lines += self.embed(embed)
        buttons = [c for row in source.get("components") or [] for c in row.get("components") or []]
        if buttons:
            lines.append(" ".join(
                f"`[{b.get('label')}]`" + (" (disabled)" if b.get("disabled") else "") for b in buttons
            ))
        body = "\n".join("> " + line if line else ">" for line in lines)
        return f"**newsbot {how}:**\n\n" + self.stable(body)

    def embed(self, embed: dict[str, Any]) -> list[str]:
        sections: list[list[str]] = []
        if embed.get("title"):
            sections.append([f"**{embed['title']}**"])
        if embed.get("description"):
            sections.append(str(embed["description"]).split("\n"))
        for f in embed.get("fields") or []:
            sections.append([f"**{f['name']}**", *str(f["value"]).split("\n")])
        if (embed.get("footer") or {}).get("text"):
            sections.append([f"_{embed['footer']['text']}_"])
        lines: list[str] = []
        for section in sections:
            lines += ([""] if lines else []) + section
        return lines


def block_quotes(text: str) -> list[str]:
    """The "> " block quotes of a message text, as a reader sees them."""
    out: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.startswith("> "):
            current.append(line[2:])
        elif current:
            out.append(visible("\n".join(current)))
            current = []
    if current:
        out.append(visible("\n".join(current)))
    return out


def quote_texts(posted: PostedMessage) -> list[str]:
    """The quotes in an answer embed, as a reader sees them."""
    return [q for embed in posted.embeds for q in block_quotes(str(embed.get("description") or ""))]

