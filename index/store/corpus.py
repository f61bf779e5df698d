"""One corpus: its document store, its live generation of vectors and BM25, and its write lock."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from pathlib import Path

from index.store.bm25 import LexicalIndex
from index.store.documents import DocStore
from index.store.vectors import VectorStore

log = logging.getLogger(__name__)


class Corpus:
    """A named, independent index (the bot keeps one per Discord guild)."""

    def __init__(self, name: str, root: Path, store: VectorStore) -> None:
        self.name = name
        self.root = root
        self.store = store
        self.docs = DocStore(root / "docs.sqlite3")
        self.write_lock = threading.RLock()  # ingest, removal and rebuild take turns
        self.rebuild_lock = threading.Lock()
        self._lex: tuple[int, str, LexicalIndex] | None = None
        self._lex_lock = threading.Lock()

    @property
    def gen(self) -> int:
        """The live generation."""
        return int(self.docs.get_meta("gen", "1") or 1)

    def collection(self, gen: int | None = None) -> str:
        """The Chroma collection of a generation (the live one by default)."""
        return f"nb-{self.name}-g{self.gen if gen is None else gen}"

    def lexical_dir(self, gen: int) -> Path:
        """Where a generation's BM25 index is saved."""
        return self.root / f"bm25-g{gen}"

    def lexical(self) -> LexicalIndex:
        """The live BM25 index, loaded once and reloaded only when an ingest changed it."""
        gen = self.gen
        version = self.docs.get_meta("lex_version", "0") or "0"
        cached = self._lex
        if cached and cached[0] == gen and cached[1] == version:
            return cached[2]
        with self._lex_lock:
            cached = self._lex
            if cached and cached[0] == gen and cached[1] == version:
                return cached[2]
            index = LexicalIndex.load(self.lexical_dir(gen))
            if index is None:
                index = self.build_lexical(gen)
            self._lex = (gen, version, index)
            return index

    def build_lexical(self, gen: int) -> LexicalIndex:
        """Rebuild a generation's BM25 index from the stored chunks, save it, and mark it new."""
        t = time.perf_counter()
        index = LexicalIndex.build(self.docs.iter_chunk_texts(gen))
        index.vecs = self.store.vectors(self.collection(gen), index.ids)
        index.save(self.lexical_dir(gen))
        if gen == self.gen:
            self.docs.set_meta("lex_version", str(time.time_ns()))
        log.info("bm25 for %s g%s: %d chunks in %.2fs", self.name, gen, len(index), time.perf_counter() - t)
        return index

    def drop_generation(self, gen: int) -> None:
        """Delete everything of a generation that is not live."""
        self.store.drop(self.collection(gen))
        self.docs.drop_generation(gen)
        shutil.rmtree(self.lexical_dir(gen), ignore_errors=True)
