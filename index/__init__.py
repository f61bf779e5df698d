"""newsbot's engine: news in, exact quotes out. What the front ends (the Discord bot, the CLI, the benchmarks) may
use is listed in __all__ and importable from here; everything else is private to the package.

Names are loaded on first use, so `import index` costs nothing until the engine is needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from index.answering.digest import DigestPolicy
    from index.answering.policy import QuotePolicy
    from index.answering.question import MAX_QUESTION, MAX_TOPIC, Question, check_question, check_topic
    from index.answering.search import Fusion, Pools, fuse, search_pools
    from index.cli import chat
    from index.embedding import BACKENDS, Embedder, load_embedder
    from index.engine import Engine, is_url
    from index.errors import (
        BadQuestion,
        ConfigError,
        EmbedderMismatch,
        FetchError,
        NewsbotError,
        RebuildInProgress,
        SourceError,
        StoreError,
    )
    from index.evaluation import (
        UserQuestion,
        end_of_day,
        eval_corpus,
        evaluate_attribution,
        evaluate_users,
        load_articles,
        load_questions,
        load_user_questions,
        plain_text,
    )
    from index.models import (
        Answer,
        Article,
        Chunk,
        Digest,
        DigestStory,
        Headline,
        IngestError,
        IngestReport,
        Quote,
        RebuildProgress,
        RebuildReport,
        SearchResult,
        SourceInfo,
        Stats,
        TimeWindow,
    )
    from index.render import (
        abstention_reason,
        answer_json,
        answer_text,
        coverage_label,
        digest_json,
        digest_text,
        fmt_date,
        newest_coverage,
        news_until_text,
        not_quoted_text,
    )
    from index.settings import Settings, check_corpus, use_offline_defaults
    from index.sources import read_path
    from index.store.corpus import Corpus
    from index.subscriptions import BadSubscription, Subscription, SubscriptionStore, is_due, next_slot
    from index.text.chunking import chunk_article, chunk_article_id
    from index.text.timeexpr import WEEKDAYS, parse_period

_HOMES = {
    "index.answering.digest": ["DigestPolicy"],
    "index.answering.policy": ["QuotePolicy"],
    "index.answering.question": ["MAX_QUESTION", "MAX_TOPIC", "Question", "check_question", "check_topic"],
    "index.answering.search": ["Fusion", "Pools", "fuse", "search_pools"],
    "index.cli": ["chat"],
    "index.embedding": ["BACKENDS", "Embedder", "load_embedder"],
    "index.engine": ["Engine", "is_url"],
    "index.errors": ["BadQuestion", "ConfigError", "EmbedderMismatch", "FetchError", "NewsbotError", "RebuildInProgress", "SourceError",
                     "StoreError"],
    "index.evaluation": ["UserQuestion", "end_of_day", "eval_corpus", "evaluate_attribution", "evaluate_users",
                         "load_articles", "load_questions", "load_user_questions", "plain_text"],
    "index.models": ["Answer", "Article", "Chunk", "Digest", "DigestStory", "Headline", "IngestError",
                     "IngestReport", "Quote", "RebuildProgress", "RebuildReport", "SearchResult", "SourceInfo", "Stats",
                     "TimeWindow"],
    "index.render": ["abstention_reason", "answer_json", "answer_text", "coverage_label", "digest_json",
                     "digest_text", "fmt_date", "newest_coverage", "news_until_text", "not_quoted_text"],
    "index.settings": ["Settings", "check_corpus", "use_offline_defaults"],
    "index.sources": ["read_path"],
    "index.store.corpus": ["Corpus"],
    "index.subscriptions": ["BadSubscription", "Subscription", "SubscriptionStore", "is_due", "next_slot"],
    "index.text.chunking": ["chunk_article", "chunk_article_id"],
    "index.text.timeexpr": ["WEEKDAYS", "parse_period"],
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}
__all__ = [
    "Answer",
    "Article",
    "BACKENDS",
    "BadQuestion",
    "BadSubscription",
    "Chunk",
    "ConfigError",
    "Corpus",
    "Digest",
    "DigestPolicy",
    "DigestStory",
    "Embedder",
    "EmbedderMismatch",
    "Engine",
    "FetchError",
    "Fusion",
    "Headline",
    "IngestError",
    "IngestReport",
    "MAX_QUESTION",
    "MAX_TOPIC",
    "NewsbotError",
    "Pools",
    "Question",
    "Quote",
    "QuotePolicy",
    "RebuildInProgress",
    "RebuildProgress",
    "RebuildReport",
    "SearchResult",
    "Settings",
    "SourceError",
    "SourceInfo",
    "Stats",
    "StoreError",
    "Subscription",
    "SubscriptionStore",
    "TimeWindow",
    "UserQuestion",
    "WEEKDAYS",
    "abstention_reason",
    "answer_json",
    "answer_text",
    "chat",
    "check_corpus",
    "check_question",
    "check_topic",
    "chunk_article",
    "chunk_article_id",
    "coverage_label",
    "digest_json",
    "digest_text",
    "end_of_day",
    "eval_corpus",
    "evaluate_attribution",
    "evaluate_users",
    "fmt_date",
    "fuse",
    "is_due",
    "is_url",
    "load_articles",
    "load_embedder",
    "load_questions",
    "load_user_questions",
    "newest_coverage",
    "news_until_text",
    "next_slot",
    "not_quoted_text",
    "parse_period",
    "plain_text",
    "read_path",
    "search_pools",
    "use_offline_defaults",
]


def __getattr__(name: str) -> Any:
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'index' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
