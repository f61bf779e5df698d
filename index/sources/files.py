"""Local files and folders -> articles: text, Markdown, HTML, JSON, JSON Lines and saved feeds."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

from index.errors import FetchError
from index.models import Article, IngestError
from index.sources.charsets import NotText, decode
from index.sources.dates import parse_published
from index.sources.extract import extract_html
from index.sources.feeds import is_json_feed, parse_feed
from index.sources.ids import article_id
from index.sources.paragraphs import Draft, clean_paragraphs, dedupe
from index.sources.texts import parse_text
from index.sources.web import Fetched

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json", ".jsonl"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf"})  # a saved RSS, Atom or RDF feed
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | FEED_SUFFIXES
MAX_FILE_BYTES = 50 * 1024 * 1024



class _Bad(Exception):
    """An input item that cannot become an article; str() is the one-line reason."""


# --- reading bytes ----------------------------------------------------------------------------------


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_symlink() and not path.exists():
            raise _Bad("cannot read file: broken symbolic link")
        if path.is_dir():
            raise _Bad("cannot read file: it is a folder")
        if not path.is_file():
            raise _Bad("cannot read file: not a regular file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _Bad(f"file too large ({size // (1024 * 1024)} MB; the limit is {MAX_FILE_BYTES >> 20} MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise _Bad(f"cannot read file: {_os_reason(exc)}") from exc
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise _Bad("empty file")
    return data


def _read_text(path: Path) -> str:
    """A text file's contents in whatever encoding it is in (see charsets.decode); binaries are refused."""
    try:
        text = decode(_read_bytes(path))
    except NotText as exc:
        raise _Bad(str(exc)) from exc
    if not text.strip():
        raise _Bad("empty file")
    return text


# --- JSON -------------------------------------------------------------------------------------------


def _field(record: dict[str, Any], *names: str) -> Any:
    return next((record[n] for n in names if record.get(n) not in (None, "")), None)


def _record_draft(record: Any) -> Draft:
    if not isinstance(record, dict):
        raise _Bad(f"expected an article object, got {type(record).__name__}")
    text = _field(record, "text", "body", "content")
    if not isinstance(text, str):
        raise _Bad("article has no text" if text is None else "article text is not a string")
    authors = _field(record, "authors", "author") or []
    if isinstance(authors, str):
        authors = authors.split(",")
    if not isinstance(authors, list):
        raise _Bad("authors must be a list or a comma-separated string")
    published = _field(record, "published", "date", "published_at")
    title = " ".join(str(_field(record, "title", "headline") or "").split())
    paragraphs, bylines = clean_paragraphs(text.splitlines(), title=title)
    return Draft(
        title=title,
        paragraphs=paragraphs,
        source=str(_field(record, "source", "outlet", "site") or "").strip(),
        authors=list(dedupe([*(str(a) for a in authors), *bylines])),
        published=parse_published(published) if isinstance(published, str) else None,
        url=str(_field(record, "url", "link") or "").strip(),
    )


def _json_records(text: str) -> list[Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Bad(f"invalid JSON: {exc.msg} (line {exc.lineno} column {exc.colno})") from exc
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        return list(data["articles"])
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        return data
    raise _Bad('JSON must be an article object, a list of them, or {"articles": [...]}')


# --- walking and assembling -------------------------------------------------------------------------


def _is_readme(path: Path) -> bool:
    """A folder's README describes the folder; it is not news (named directly, it is read like any file)."""
    return path.is_file() and path.stem.upper() in ("README", "LICENSE", "CHANGELOG")


def _walk(folder: Path, errors: list[IngestError], seen: set[Path] | None = None) -> Iterator[Path]:
    seen = set() if seen is None else seen
    real = folder.resolve()
    if real in seen:
        return  # a symbolic link back into a folder already read
    seen.add(real)
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        errors.append(IngestError(source=str(folder), error=f"cannot read folder: {_os_reason(exc)}"))
        return
    for entry in entries:
        if entry.name.startswith(".") or _is_readme(entry):
            continue
        if entry.is_dir():
            yield from _walk(entry, errors, seen)
        elif entry.suffix.lower() in SUFFIXES:
            yield entry


class _Reader:
    """Collects the articles and errors of one read_path call, keeping ids unique within it."""

    def __init__(self, origin: str, root: Path) -> None:
        self.origin = origin
        self.root = root
        self.id_root = root.resolve().as_posix() + "/"
        self.articles: list[Article] = []
        self.errors: list[IngestError] = []
        self._ids: set[str] = set()
        self._seen: set[tuple[str, str]] = set()

    def error(self, source: Path | str, reason: str) -> None:
        log.debug("skipped %s: %s", source, reason)  # the caller reports it, once
        self.errors.append(IngestError(source=str(source), error=reason))

    def add(self, draft: Draft, path: Path, item: str, where: str) -> None:
        if not draft.text.strip():
            self.error(where, "empty article (no text)")
            return
        locator = path.relative_to(self.root).as_posix() + item
        file_id = article_id(origin=self.id_root, locator=locator)
        new_id = article_id(url=draft.url) if draft.url else file_id
        key = (new_id, draft.text)
        if key in self._seen:
            log.debug("duplicate article %s in %s", new_id, where)
            return
        self._seen.add(key)
        if new_id in self._ids:
            new_id = file_id  # same URL, different text (passages of one page): keep both
        self._ids.add(new_id)
        self.articles.append(
            Article(
                id=new_id,
                title=draft.title,
                text=draft.text,
                source=draft.source,
                url=draft.url,
                authors=tuple(draft.authors),
                published=draft.published,
                origin=self.origin,
                locator=locator,
            )
        )

    def read_file(self, path: Path) -> None:
        suffix = path.suffix.lower()
        try:
            if suffix == ".jsonl":
                self._read_jsonl(path)
                return
            if suffix in FEED_SUFFIXES:
                self._read_feed(path, _read_bytes(path), json_feed=False)
                return
            text = _read_text(path)
            if suffix in JSON_SUFFIXES:
                records = _json_records(text)
                if len(records) == 1 and is_json_feed(records[0]):
                    self._read_feed(path, text.encode("utf-8"), json_feed=True)
                    return
                for n, record in enumerate(records, start=1):
                    try:
                        self.add(_record_draft(record), path, f"#{n}", f"{path}#{n}")
                    except _Bad as exc:
                        self.error(f"{path}#{n}", str(exc))
                return
            if suffix in HTML_SUFFIXES:
                drafts = self._html_drafts(text)
            else:
                drafts = parse_text(text, markdown=suffix != ".txt")
        except _Bad as exc:
            self.error(path, str(exc))
            return
        if not drafts:
            self.error(path, "empty article (no text)")
        for n, draft in enumerate(drafts, start=1):
            # The page's main story keeps the plain locator, so its id survives new related stories.
            self.add(draft, path, "" if n == 1 else f"#{n}", str(path) if n == 1 else f"{path}#{n}")

    def _read_feed(self, path: Path, data: bytes, *, json_feed: bool) -> None:
        """A saved feed: its entries as they are (no links are fetched); ids as the live feed would give them."""
        rel = path.relative_to(self.root).as_posix()
        within = self.id_root + rel  # entries without a link are numbered within this file
        ctype = "application/feed+json" if json_feed else "application/xml"
        fetched = Fetched(url="", status=200, headers=httpx.Headers({"content-type": ctype}), content=data)
        try:
            result = parse_feed(fetched, origin=within, client=None)
        except FetchError as exc:
            raise _Bad(exc.reason) from exc
        for error in result.errors:
            self.error(str(path) + error.source.removeprefix(within), error.error)
        if not result.articles and not result.errors:
            raise _Bad("feed has no entries")
        for a in result.articles:
            key = (a.id, a.text)
            if not a.url and (key in self._seen or a.id in self._ids):
                continue  # a story at an address is passed on even twice: the ingest counts the copy as present
            self._seen.add(key)
            self._ids.add(a.id)
            locator = rel + a.locator.removeprefix(within) if a.locator.startswith(within) else a.locator
            self.articles.append(replace(a, origin=self.origin, locator=locator))

    def _html_drafts(self, text: str) -> list[Draft]:
        try:
            draft = extract_html(text)
        except Exception as exc:  # lxml and trafilatura raise many types on broken markup
            raise _Bad(f"malformed HTML: {type(exc).__name__}") from exc
        if draft is None:
            raise _Bad("malformed or empty HTML: no article text found")
        return [draft]

    def _read_jsonl(self, path: Path) -> None:
        text = _read_text(path)
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                self.error(where, f"invalid JSON: {exc.msg} (column {exc.colno})")
                continue
            try:
                self.add(_record_draft(record), path, f"#{lineno}", where)
            except _Bad as exc:
                self.error(where, str(exc))


def read_path(path: Path) -> tuple[list[Article], list[IngestError]]:
    """Read a file or a folder (recursively, sorted, hidden files skipped) into articles and errors."""
    path = Path(path)
    reader = _Reader(str(path), path if path.is_dir() else path.parent)
    if path.is_dir():
        for file in _walk(path, reader.errors):
            reader.read_file(file)
    elif path.is_symlink() and not path.exists():
        reader.error(path, "cannot read file: broken symbolic link")
    elif not path.exists():
        reader.error(path, "no such file or folder")
    elif path.suffix.lower() not in SUFFIXES:
        reader.error(path, f"unsupported file type {path.suffix or '(none)'!r}; expected one of "
                     + ", ".join(sorted(SUFFIXES)))
    else:
        reader.read_file(path)
    log.info("read %s: %d articles, %d errors", path, len(reader.articles), len(reader.errors))
    return reader.articles, reader.errors
