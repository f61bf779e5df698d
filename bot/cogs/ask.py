"""/ask, mentions, replies and DMs: questions in, exact quotes out (the engine does the answering).

A mention is answered as its channel allows, checked before anything is sent: without Read Message History the
answer is not a reply (Discord refuses those with 160002), without Embed Links it is plain text, and without Send
Messages nothing is sent there (logged once per channel; the asker gets a private note naming the permission).
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.config import BotSettings, corpus_for
from bot.errors import BadInput, BotError, SlowDown, on_app_command_error, reply, report_message_error, think
from bot.pages import KEY_HEX, PageStore
from bot.permissions import missing, my_permissions, names
from bot.services import NewsEngine
from bot.views.answers import answer_embed, answer_plain, answer_reply, page_count
from bot.views.text import NO_PINGS, ZWSP
from index import Answer

log = logging.getLogger(__name__)

MAX_QUESTION = 500
ANSWER_TIMEOUT = 120.0  # seconds; well inside the 15 minutes a deferred interaction may follow up
PAGE_ID = rf"newsbot:(?P<go>back|more):(?P<key>[0-9a-f]{{{KEY_HEX}}}):(?P<page>\d{{1,3}})"

EMPTY = "Ask a question, for example: What did Kallas say about drones?"
MENTION_ONLY = "Mention me with a question, for example: @newsbot what did Kallas say about drones?"
NO_DMS = "I answer questions in servers only. Ask me there with /ask or by mentioning me."
ONLY_ASKER = "Only the person who asked can page through these quotes. Ask your own with /ask."
EXPIRED = "These quotes are no longer kept. Ask again with /ask to get them."

Clock = Callable[[], datetime | None]


class CannotPost(BotError):
    """The bot may not post its answer in the channel it was asked in."""


def check_question(text: str) -> str:
    """A question with its whitespace collapsed; empty or over-long ones raise BadInput."""
    question = " ".join(text.split())
    if not question:
        raise BadInput(EMPTY)
    if len(question) > MAX_QUESTION:
        raise BadInput(
            f"Questions can be at most {MAX_QUESTION} characters; yours has {len(question)}. Try a shorter one."
        )
    return question


def follow_up(subject: str, text: str) -> str:
    """A reply to an answer, asked as a question that keeps the original question's subject."""
    text = " ".join(text.split())
    subject = " ".join(subject.split()).rstrip(" ?!.:;")
    if not text:
        return ""
    room = MAX_QUESTION - len(text) - 2
    if room < 20:  # a long follow-up stands on its own
        return text
    if len(subject) > room:
        subject = subject[:room].rsplit(" ", 1)[0]
    return f"{subject}: {text}"


class Cooldown:
    """Per-user cooldown: one question every `seconds` (0 turns it off)."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._last: dict[int, float] = {}

    def retry_after(self, user_id: int) -> float:
        """Seconds until the user may ask again (0 when they may now)."""
        last = self._last.get(user_id)
        return 0.0 if last is None else max(0.0, last + self.seconds - self._clock())

    def hit(self, user_id: int) -> None:
        """Record a question, or raise SlowDown when the user is still cooling down."""
        if self.seconds <= 0:
            return
        wait = self.retry_after(user_id)
        if wait > 0:
            raise SlowDown(wait)
        now = self._clock()
        self._last[user_id] = now
        if len(self._last) > 10_000:  # forget users whose cooldown is long over
            self._last = {u: t for u, t in self._last.items() if t + self.seconds > now}

    def allow(self, user_id: int) -> bool:
        """hit() as a yes/no, for notices that are simply dropped when too frequent."""
        try:
            self.hit(user_id)
        except SlowDown:
            return False
        return True


class Conversations:
    """The subject of each answer the bot posted, so a reply to it can ask a follow-up (most recent 5000)."""

    def __init__(self, size: int = 5000) -> None:
        self._size = size
        self._subjects: OrderedDict[int, str] = OrderedDict()

    def remember(self, message_id: int, subject: str) -> None:
        self._subjects[message_id] = subject
        self._subjects.move_to_end(message_id)
        while len(self._subjects) > self._size:
            self._subjects.popitem(last=False)

    def subject(self, message_id: int) -> str | None:
        return self._subjects.get(message_id)


class PageButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=PAGE_ID):
    """Back or More quotes. The key of the kept answer and the page the button leads to ride in its custom id,
    so it works for as long as the answer is kept, across restarts of the bot."""

    def __init__(self, go: str, key: str, page: int, *, disabled: bool = False) -> None:
        more = go == "more"
        super().__init__(
            discord.ui.Button(
                label="More quotes" if more else "Back",
                style=discord.ButtonStyle.primary if more else discord.ButtonStyle.secondary,
                custom_id=f"newsbot:{go}:{key}:{page}",
                disabled=disabled,
            )
        )
        self.key = key
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> PageButton:
        return cls(match["go"], match["key"], int(match["page"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            cog = interaction.client.get_cog(AskCog.__cog_name__)
            if not isinstance(cog, AskCog):
                raise BadInput(EXPIRED)
            await cog.show_page(interaction, self.key, self.page)
        except Exception as exc:
            await on_app_command_error(interaction, exc)


def pager(key: str, page: int, pages: int) -> discord.ui.View:
    """The Back / More quotes buttons of page `page` (0-based) of a kept answer."""
    view = discord.ui.View(timeout=None)
    view.add_item(PageButton("back", key, max(page - 1, 0), disabled=page <= 0))
    view.add_item(PageButton("more", key, min(page + 1, pages - 1), disabled=page >= pages - 1))
    return view


@dataclass(frozen=True)
class MessageQuestion:
    """A question found in a message: the text, and the subject it follows up on (if a reply)."""

    text: str
    subject: str | None = None


_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")


def question_text(message: discord.Message, me_id: int, my_role_id: int | None = None) -> str:
    """A message's text with the bot's own mentions removed and other mentions written as names."""
    names = {u.id: u.display_name for u in message.mentions}
    roles = {r.id: r.name for r in message.role_mentions}

    def user(m: re.Match[str]) -> str:
        uid = int(m.group(1))
        return " " if uid == me_id else "@" + names.get(uid, "someone")

    def role(m: re.Match[str]) -> str:
        rid = int(m.group(1))
        return " " if rid == my_role_id else "@" + roles.get(rid, "role")

    return " ".join(_ROLE_MENTION.sub(role, _USER_MENTION.sub(user, message.content)).split())


class AskCog(commands.Cog):
    """Answers /ask, mentions of the bot, replies to its answers, and (when enabled) direct messages."""

    def __init__(
        self,
        engine: NewsEngine,
        settings: BotSettings,
        *,
        clock: Clock | None = None,
        cooldown: Cooldown | None = None,
        answer_timeout: float = ANSWER_TIMEOUT,
        pages: PageStore | None = None,
    ) -> None:
        self.engine = engine
        self.pages = pages or PageStore.in_dir(settings.index.data_dir)  # answers whose pager can page on
        self.settings = settings
        self.clock: Clock = clock or (lambda: None)
        self.cooldown = cooldown or Cooldown(settings.cooldown_seconds)
        self.notices = Cooldown(max(settings.cooldown_seconds, 5.0))  # private notes after mentions
        self.conversations = Conversations()
        self.answer_timeout = answer_timeout
        self.reads_content = True  # False when Discord does not give the bot the Message Content intent
        self._muted: set[int] = set()  # channels where the bot may not post, already logged

    async def answer(self, question: str, corpus: str, since: str | None = None) -> Answer:
        """The engine's answer (run in a worker thread), bounded in time."""
        call = self.engine.aask(question, corpus=corpus, as_of=self.clock(), since=since or None)
        return await asyncio.wait_for(call, self.answer_timeout)

    async def _message(self, answer: Answer, asker_id: int) -> dict[str, Any]:
        """The send() arguments for an answer; with further quotes, the answer is kept and gets its pager."""
        reply = answer_reply(answer)
        kwargs: dict[str, Any] = {"allowed_mentions": NO_PINGS}
        if reply.content is not None:
            kwargs["content"] = reply.content
        if reply.embed is not None:
            kwargs["embed"] = reply.embed
        pages = page_count(answer)
        if reply.embed is not None and pages > 1:
            try:
                key = await asyncio.to_thread(self.pages.put, answer, asker_id)
            except (sqlite3.Error, OSError) as exc:  # the answer still goes out, without its pager
                log.warning("could not keep an answer for its pager: %s", type(exc).__name__)
            else:
                kwargs["view"] = pager(key, 0, pages)
        return kwargs

    async def show_page(self, interaction: discord.Interaction[Any], key: str, page: int) -> None:
        """A click on Back or More quotes: that page of the kept answer, for the asker only."""
        await interaction.response.defer()  # acknowledged before the kept answer is read in a worker thread
        try:
            kept = await asyncio.to_thread(self.pages.get, key)
        except (sqlite3.Error, OSError) as exc:
            log.warning("could not read a kept answer: %s", type(exc).__name__)
            kept = None
        if kept is None:
            raise BadInput(EXPIRED)
        answer, asker_id = kept
        if interaction.user.id != asker_id:
            await reply(interaction, ONLY_ASKER, ephemeral=True)
            return
        pages = page_count(answer)
        page = max(0, min(page, pages - 1))
        await interaction.edit_original_response(
            embed=answer_embed(answer, page), view=pager(key, page, pages), allowed_mentions=NO_PINGS
        )

    # ------------------------------------------------------------------------------------------ /ask

    @app_commands.command(name="ask")
    @app_commands.describe(
        question="What you want to know, e.g. What did Kallas say about drones?",
        since="Only news since then, e.g. 7d, 24h, monday, 2026-11-01",
    )
    async def ask(
        self,
        interaction: discord.Interaction[Any],
        question: app_commands.Range[str, 1, MAX_QUESTION],
        since: app_commands.Range[str, 1, 40] | None = None,
    ) -> None:
        """Ask about the news; the answer quotes articles word for word."""
        question = check_question(question)
        if interaction.guild_id is None and not self.settings.allow_dms:
            raise BadInput(NO_DMS)
        self.cooldown.hit(interaction.user.id)
        await think(interaction)
        corpus = corpus_for(interaction.guild_id, self.settings)
        answer = await self.answer(question, corpus, since)
        sent = await reply(interaction, **await self._message(answer, interaction.user.id))
        if sent is not None:
            self.conversations.remember(sent.id, question)

    # ------------------------------------------------------------------------------ mentions and DMs

    def parse(self, message: discord.Message, me: discord.abc.Snowflake) -> MessageQuestion | None:
        """The question a message asks the bot, or None when it is not addressed to the bot."""
        in_dm = isinstance(message.channel, discord.DMChannel)
        my_role = message.guild.self_role if message.guild is not None else None
        text = question_text(message, me.id, my_role.id if my_role else None)
        ref = message.reference
        if ref is not None and ref.message_id is not None:
            subject = self.conversations.subject(ref.message_id)
            resolved = ref.resolved
            if subject is None and isinstance(resolved, discord.Message) and resolved.author.id == me.id:
                title = resolved.embeds[0].title if resolved.embeds else None
                subject = title.replace(ZWSP, "") if title else None
            if subject:  # a reply to one of our answers
                if not text and not self.reads_content:
                    return None  # without the Message Content intent its words never reach us: nothing to say
                return MessageQuestion(text, subject)
        if in_dm:
            return MessageQuestion(text)
        # written mentions only: a reply's automatic ping is not a question to the bot
        mentioned = re.search(rf"<@!?{me.id}>", message.content) is not None or (
            my_role is not None and f"<@&{my_role.id}>" in message.content
        )
        return MessageQuestion(text) if mentioned else None

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.webhook_id is not None or message.is_system():
            return
        me = message.guild.me if message.guild is not None else message.channel.me  # type: ignore[union-attr]
        if me is None:
            return
        asked = self.parse(message, me)
        if asked is None:
            return
        try:
            await self._answer_message(message, asked)
        except Exception as exc:
            if self.notices.allow(message.author.id):
                await report_message_error(message, exc)
            else:
                log.debug("dropped a notice to user %s: %s", message.author.id, type(exc).__name__)

    async def _answer_message(self, message: discord.Message, asked: MessageQuestion) -> None:
        in_dm = message.guild is None
        if in_dm and not self.settings.allow_dms:
            raise BadInput(NO_DMS)
        if not asked.text:
            raise BadInput(EMPTY if in_dm or asked.subject else MENTION_ONLY)
        subject = asked.subject
        question = check_question(follow_up(subject, asked.text) if subject else asked.text)
        channel = message.channel
        perms = my_permissions(channel)
        cannot = missing(perms, channel)
        if cannot:  # Discord would refuse every message (and the typing indicator): say nothing there
            self._mute(channel, cannot)
            raise CannotPost(
                f"I can't answer in {getattr(channel, 'mention', 'that channel')}: I need {names(cannot)} there. "
                "Ask me with /ask instead, or ask a server admin to grant it."
            )
        self.cooldown.hit(message.author.id)
        corpus = corpus_for(message.guild.id if message.guild else None, self.settings)
        async with channel.typing():
            answer = await self.answer(question, corpus)
        if perms is not None and not perms.embed_links:
            kwargs: dict[str, Any] = {"content": answer_plain(answer), "allowed_mentions": NO_PINGS}
        else:
            kwargs = await self._message(answer, message.author.id)
        if perms is None or perms.read_message_history:  # a reply needs it (Discord: 160002)
            kwargs.update(reference=message.to_reference(fail_if_not_exists=False), mention_author=False)
        sent = await channel.send(**kwargs)
        self._muted.discard(channel.id)
        self.conversations.remember(sent.id, subject or question)

    def _mute(self, channel: Any, cannot: list[str]) -> None:
        """Log once per channel that the bot may not post there (not once per message)."""
        if channel.id in self._muted:
            return
        self._muted.add(channel.id)
        guild = getattr(channel, "guild", None)
        log.warning("not answering mentions in channel %s of guild %s: I lack %s there (members get a private note)",
                    channel.id, guild.id if guild else None, names(cannot))
