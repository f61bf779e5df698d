"""Word tokens for lexical matching: lowercased, stopword-free and stemmed, as BM25 and sentence cover see them."""

from __future__ import annotations

import functools
import logging
from typing import Any

# bump when tokenize() changes: saved BM25 indexes of another version are rebuilt
TOKENIZER_VERSION = 3


@functools.cache
def bm25s() -> Any:
    """bm25s, imported on first use; its import sets its own logger to DEBUG, which would log every build."""
    import bm25s as module

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return module


@functools.cache
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


@functools.cache
def _stopwords() -> list[str]:
    """spaCy's English stopwords (bm25s's own list has 33 words and keeps "what", "did", "about")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return sorted(STOP_WORDS)


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lowercased, stopword-free, stemmed tokens of each text."""
    out = bm25s().tokenize(texts, stopwords=_stopwords(), stemmer=_stemmer(), return_ids=False, show_progress=False)
    return [list(t) for t in out]


def token_set(text: str) -> set[str]:
    """The distinct tokens of one text."""
    return set(tokenize([text])[0])
