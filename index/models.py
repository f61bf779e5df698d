"""Plain data passed between the index's parts and its front ends (no third-party imports)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta


@dataclass(frozen=True)
class Article:
    """One cleaned news article, as stored."""

    id: str
    title: str
    text: str
    source: str  # the outlet, e.g. "The Japan Times"; "" when unknown
    url: str = ""
    authors: tuple[str, ...] = ()
    published: datetime | None = None  # timezone-aware; None when the source does not say; see is_date_only
    origin: str = ""  # the source it came from: a file/folder path, page URL or feed URL
    locator: str = ""  # where inside the origin: a file path, "#n" item index, feed entry link


def date_only(day: date) -> datetime:
    """A date without a trusted time of day, as stored: 00:00 UTC of the date as the source wrote it."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def is_date_only(value: datetime) -> bool:
    """Whether a stored date carries no time of day: 00:00 UTC is a date alone (or a time the source left out)."""
    return value.utcoffset() == timedelta(0) and value.time() == time(0)


@dataclass(frozen=True)
class Chunk:
    """A span of an article's text, embedded as one vector."""

    id: str
    article_id: str
    index: int
    start: int  # character offsets into Article.text
    end: int
    text: str  # == article.text[start:end], verbatim
    embed_text: str  # what the model saw (may carry the title as a prefix)
    sentences: tuple[tuple[int, int], ...] = ()  # sentence spans, article offsets, inside [start, end)


@dataclass(frozen=True)
class IngestError:
    """One input that could not be ingested, with a one-line reason."""

    source: str
    error: str


@dataclass
class IngestReport:
    """What one ingest did."""

    articles_added: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    articles_removed: int = 0
    chunks_embedded: int = 0  # chunks the model embedded
    chunks_cached: int = 0  # chunks whose vectors came from the embedding cache
    errors: list[IngestError] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """The JSON shape the CLI prints."""
        return {
            "articles_added": self.articles_added,
            "articles_updated": self.articles_updated,
            "articles_unchanged": self.articles_unchanged,
            "articles_removed": self.articles_removed,
            "chunks_embedded": self.chunks_embedded,
            "chunks_cached": self.chunks_cached,
            "errors": [{"source": e.source, "error": e.error} for e in self.errors],
        }


@dataclass(frozen=True)
class TimeWindow:
    """A resolved time range [start, end), with the words it came from."""

    start: datetime
    end: datetime
    phrase: str = ""


@dataclass(frozen=True)
class Quote:
    """An exact span of a stored article, with its attribution."""

    text: str
    article_id: str
    title: str
    source: str
    published: datetime | None
    url: str
    start: int
    end: int
    speaker: str | None = None  # e.g. "Kaja Kallas, EU foreign policy chief"
    score: float = 0.0


@dataclass(frozen=True)
class Headline:
    """An article named without quoting it: closest matches, other outlets of a story."""

    article_id: str
    title: str
    source: str
    published: datetime | None
    url: str


@dataclass(frozen=True)
class Answer:
    """What the engine says to a question: quotes, or an abstention with the closest headlines."""

    question: str
    as_of: datetime
    window: TimeWindow | None
    abstained: bool
    quotes: tuple[Quote, ...] = ()
    also_reported_by: tuple[Headline, ...] = ()
    closest: tuple[Headline, ...] = ()
    more: tuple[Quote, ...] = ()  # further quotes, for paging ("More quotes")
    # nothing published within the question's time window answered it: the quotes are the closest reports from
    # before the window, and the answer says so
    outside_window: bool = False
    # asked what someone said, and the news does not quote them on it: no answer, and in context what the news
    # does say about it (labelled so, never as their words)
    speaker_not_quoted: str | None = None
    context: tuple[Quote, ...] = ()
    # an abstention because these words of the question (names, events, places) are in none of the evidence
    missing: tuple[str, ...] = ()
    # an abstention because the only reports on it are far older than the latest news: a question that names no
    # time asks about what is current
    older_only: bool = False
    # an abstention about something the news does mention: the newest story holding these words of the question (its
    # key terms, or those the evidence lacks), or with no words, the newest of the far older reports it refused
    coverage: Headline | None = None
    coverage_terms: tuple[str, ...] = ()
    unmentioned: tuple[str, ...] = ()  # of the words it lacks, those no story mentions at all
    news_until: datetime | None = None  # the newest news held, when it is far older than the question
    # an abstention because the story quoted first (coverage) only expected it, on this day before the question, and
    # no quote was from that day on
    expected_on: datetime | None = None


@dataclass(frozen=True)
class SourceInfo:
    """A followed source (feed or page) of a corpus."""

    url: str
    kind: str  # "feed", "page", "path"
    added: datetime | None = None
    last_polled: datetime | None = None
    last_error: str | None = None
    articles: int = 0


@dataclass(frozen=True)
class Stats:
    """The size and freshness of one corpus."""

    corpus: str
    articles: int
    chunks: int
    newest_published: datetime | None
    last_update: datetime | None
    model: str = ""
    encoder: str = ""  # the model and backend the index's vectors came from: "all-MiniLM-L6-v2 (onnx-int8)"
    mismatch: str = ""  # why the index takes no new articles until rebuilt (another encoder built it), or ""


@dataclass(frozen=True)
class RebuildProgress:
    """Where a running rebuild is."""

    articles_done: int
    articles_total: int
    chunks_done: int

    @property
    def percent(self) -> int:
        """Whole percent of articles done."""
        return 100 if not self.articles_total else int(100 * self.articles_done / self.articles_total)


@dataclass(frozen=True)
class RebuildReport:
    """What a finished rebuild built."""

    corpus: str
    articles: int
    chunks: int
    seconds: float
    chunks_embedded: int = 0  # by the model; the others came from the embedding cache
    chunks_cached: int = 0


@dataclass(frozen=True)
class DigestStory:
    """One story of a digest: its headline, its key quote and the other outlets that carried it."""

    headline: Headline  # published is the article's date, or when we first ingested it (see first_seen)
    quote: Quote
    also_reported_by: tuple[Headline, ...]
    first_seen: bool  # the article had no published date: its date is when we first ingested it
    article_ids: tuple[str, ...]  # every copy of the story, the headline's article first


@dataclass(frozen=True)
class Digest:
    """The distinct stories of a period about a topic (or the corpus's top stories), most important first."""

    topic: str | None
    as_of: datetime
    window: TimeWindow
    stories: tuple[DigestStory, ...]
    empty_note: Headline | None = None  # when the period has nothing: the newest relevant story before it

    @property
    def article_ids(self) -> list[str]:
        """Every article of every story: the keys a scheduled digest excludes next time."""
        return [a for s in self.stories for a in s.article_ids]


@dataclass(frozen=True)
class SearchResult:
    """One ranked passage with its article."""

    rank: int
    score: float
    chunk_id: str
    article_id: str
    title: str
    source: str
    published: datetime | None
    url: str
    text: str
    start: int
    end: int
