"""Answers with further quotes, kept on disk so their Back / More quotes buttons work after a restart.

One SQLite file in the data dir (the standard library's sqlite3; no index code). Each answer gets a random key
that its buttons carry in their custom ids; the most recent ``keep`` answers are kept, and none older than
``max_age`` days. A button whose answer is gone says so instead of failing.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from index import Answer, Headline, Quote, TimeWindow

log = logging.getLogger(__name__)

FILE_NAME = "bot-pages.sqlite3"
KEY_HEX = 16


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


def answer_to_json(answer: Answer) -> str:
    """An answer, everything in it, as JSON."""
    return json.dumps(asdict(answer), default=_encode, ensure_ascii=False)


def answer_from_json(text: str) -> Answer:
    """The answer answer_to_json wrote."""
    d = json.loads(text)

    def quote(q: dict[str, Any]) -> Quote:
        return Quote(**{**q, "published": _when(q["published"])})

    def headline(h: dict[str, Any]) -> Headline:
        return Headline(**{**h, "published": _when(h["published"])})

    w = d["window"]
    window = TimeWindow(datetime.fromisoformat(w["start"]), datetime.fromisoformat(w["end"]), w["phrase"]) if w else None
    return Answer(
        question=d["question"], as_of=datetime.fromisoformat(d["as_of"]), window=window, abstained=d["abstained"],
        quotes=tuple(map(quote, d["quotes"])), also_reported_by=tuple(map(headline, d["also_reported_by"])),
        closest=tuple(map(headline, d["closest"])), more=tuple(map(quote, d["more"])),
        outside_window=d.get("outside_window", False), speaker_not_quoted=d.get("speaker_not_quoted"),
        missing=tuple(d.get("missing", ())), context=tuple(map(quote, d.get("context", ()))),
        older_only=d.get("older_only", False),
        coverage=headline(d["coverage"]) if d.get("coverage") else None,
        coverage_terms=tuple(d.get("coverage_terms", ())), unmentioned=tuple(d.get("unmentioned", ())),
        news_until=_when(d.get("news_until")), expected_on=_when(d.get("expected_on")),
    )


class PageStore:
    """Answers by key, with who asked (thread-safe; call it from a worker thread in the bot)."""

    def __init__(self, path: Path, *, keep: int = 5000, max_age_days: float = 30.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.keep = keep
        self.max_age = max_age_days * 86400
        self.clock = clock
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._create()
        except sqlite3.DatabaseError as exc:  # not a database (or a damaged one): set it aside, start afresh
            aside = path.with_name(path.name + ".broken")
            log.warning("%s could not be read (%s); moved to %s, older pagers will say their quotes are gone",
                        path.name, exc, aside.name)
            os.replace(path, aside)
            self._create()

    def _create(self) -> None:
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, asker INTEGER NOT NULL, "
                       "stored REAL NOT NULL, answer TEXT NOT NULL)")
            db.execute("CREATE INDEX IF NOT EXISTS pages_stored ON pages (stored)")

    @classmethod
    def in_dir(cls, data_dir: Path) -> PageStore:
        """The store of a data dir."""
        return cls(Path(data_dir) / FILE_NAME)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:  # one transaction
                yield db
        finally:
            db.close()

    def put(self, answer: Answer, asker_id: int) -> str:
        """Keep an answer; its key."""
        key = secrets.token_hex(KEY_HEX // 2)
        now = self.clock()
        with self._lock, self._connect() as db:
            db.execute("INSERT INTO pages VALUES (?, ?, ?, ?)", (key, asker_id, now, answer_to_json(answer)))
            db.execute("DELETE FROM pages WHERE stored < ?", (now - self.max_age,))
            db.execute("DELETE FROM pages WHERE key NOT IN (SELECT key FROM pages ORDER BY stored DESC LIMIT ?)",
                       (self.keep,))
        return key

    def get(self, key: str) -> tuple[Answer, int] | None:
        """The answer kept under a key and who asked it, or None when it is gone (or never was)."""
        with self._lock, self._connect() as db:
            row = db.execute("SELECT answer, asker, stored FROM pages WHERE key = ?", (key,)).fetchone()
        if row is None or row[2] < self.clock() - self.max_age:
            return None
        try:
            return answer_from_json(row[0]), int(row[1])
        except (ValueError, KeyError, TypeError):  # a row from an incompatible version: as good as gone
            return None
