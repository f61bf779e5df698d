"""Group near-duplicate and syndicated copies of one news story (pure functions, no models).

Texts are casefolded, stripped of punctuation and cut into word shingles. Two long texts are one story
when the shingles they share cover at least ``threshold`` of the smaller text's shingles (containment),
so a copy with a new headline, a changed lede or an extra paragraph still joins its original. Shared
shingles are counted exactly with one sort over every shingle of every text (the bucket index), and
union-find makes the grouping transitive. Tokenising and hashing are vectorised with numpy, so a
thousand 800-word articles take a fraction of a second.

Texts under ``SHORT_WORDS`` words are compared only with each other, by Jaccard similarity on 3-word
shingles with a higher bar, so two briefs that merely open the same way stay apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt

__all__ = [
    "DEFAULT_THRESHOLD",
    "SHINGLE_WORDS",
    "SHORT_SHINGLE_WORDS",
    "SHORT_THRESHOLD",
    "SHORT_WORDS",
    "cluster_stories",
    "same_story",
]

DEFAULT_THRESHOLD = 0.5  # containment of the smaller text's 5-shingles
SHINGLE_WORDS = 5
SHORT_WORDS = 30  # texts with fewer words take the short-text path
SHORT_SHINGLE_WORDS = 3
SHORT_THRESHOLD = 0.6  # Jaccard of 3-shingles between two short texts

# A shingle found in more texts than this is linked text-to-next-text instead of all pairs, so a phrase
# common to the whole corpus costs linear, not quadratic, work; its pair counts become lower bounds.
_MAX_BUCKET = 64
_BATCH_CHARS = 1 << 20  # tokenise this many characters at a time, to bound memory

_U64 = npt.NDArray[np.uint64]
_I64 = npt.NDArray[np.int64]
_F64 = npt.NDArray[np.float64]
_Int = TypeVar("_Int", np.uint64, np.int64)

# Apostrophes are dropped rather than split on, so "minister's" and "ministers" are one word.
_APOSTROPHES = np.array([ord("'"), 0x2019, 0x02BC], dtype=np.uint32)
_ASCII_WORD = np.array([chr(c).isalnum() for c in range(128)], dtype=bool)

# Odd 64-bit constants for polynomial hashes, and the splitmix64 finaliser to spread their bits.
_MULT = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_MASK64 = (1 << 64) - 1
_S27, _S30, _S31 = np.uint64(27), np.uint64(30), np.uint64(31)
_EMPTY_U64: _U64 = np.zeros(0, dtype=np.uint64)
_EMPTY_I64: _I64 = np.zeros(0, dtype=np.int64)


def cluster_stories(
    docs: Sequence[tuple[str, str]], *, threshold: float = DEFAULT_THRESHOLD
) -> list[list[str]]:
    """Group (article_id, text) pairs into stories, ordered by first appearance; singletons included."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")
    n = len(docs)
    words, owner = _words([text for _, text in docs])
    counts = np.bincount(owner, minlength=n)
    is_long = counts >= SHORT_WORDS
    is_short = (counts > 0) & ~is_long

    parent = list(range(n))
    _link(parent, *_shingles(words, owner, counts, is_long, SHINGLE_WORDS), threshold, jaccard=False)
    short = _shingles(words, owner, counts, is_short, SHORT_SHINGLE_WORDS)
    _link(parent, *short, SHORT_THRESHOLD, jaccard=True)

    groups: dict[int, list[str]] = {}
    for i, (doc_id, _) in enumerate(docs):
        groups.setdefault(_find(parent, i), []).append(doc_id)
    return list(groups.values())  # dicts keep insertion order: groups by their first member


def same_story(a: str, b: str, *, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """Whether two texts are copies of one story."""
    return len(cluster_stories([("a", a), ("b", b)], threshold=threshold)) == 1


def _words(texts: Sequence[str]) -> tuple[_U64, _I64]:
    """Hashes of every word of every text in order, with the index of the text each came from."""
    hashes: list[_U64] = []
    owners: list[_I64] = []
    first = size = 0
    for i, text in enumerate(texts):
        size += len(text)
        if size >= _BATCH_CHARS or i == len(texts) - 1:
            batch_hashes, batch_owners = _batch_words(texts[first : i + 1])
            hashes.append(batch_hashes)
            owners.append(batch_owners + first)
            first, size = i + 1, 0
    if not hashes:
        return _EMPTY_U64, _EMPTY_I64
    return np.concatenate(hashes), np.concatenate(owners)


def _batch_words(texts: Sequence[str]) -> tuple[_U64, _I64]:
    """Word hashes and owners for a few texts, working on their code points as one array."""
    folded = [text.casefold() for text in texts]
    joined = "\n".join(folded)  # "\n" is no part of a word, so no word runs across two texts
    chars = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    char_owner = np.repeat(np.arange(len(folded), dtype=np.int64), [len(t) + 1 for t in folded])[: len(chars)]
    keep = (chars != _APOSTROPHES[0]) & (chars != _APOSTROPHES[1]) & (chars != _APOSTROPHES[2])
    chars, char_owner = chars[keep], char_owner[keep]

    is_word = _is_word_char(chars)
    starts = is_word & ~np.concatenate(([False], is_word[:-1]))
    word_chars = chars[is_word].astype(np.uint64)
    if len(word_chars) == 0:
        return _EMPTY_U64, _EMPTY_I64
    word_starts = np.flatnonzero(starts[is_word])  # where each word begins among the word characters
    offset = np.arange(len(word_chars)) - np.repeat(
        word_starts, np.diff(np.append(word_starts, len(word_chars)))
    )
    powers = np.cumprod(np.full(int(offset.max()) + 1, _MULT, dtype=np.uint64))
    hashes = np.add.reduceat((word_chars + np.uint64(1)) * powers[offset], word_starts)
    return _mix(hashes), char_owner[starts]


def _is_word_char(chars: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    """Which code points are letters or digits."""
    is_word = np.zeros(len(chars), dtype=bool)
    ascii_ = chars < 128
    is_word[ascii_] = _ASCII_WORD[chars[ascii_]]
    others = chars[~ascii_]
    if len(others):
        distinct, inverse = np.unique(others, return_inverse=True)
        flags = np.array([chr(c).isalnum() for c in distinct.tolist()], dtype=bool)
        is_word[~ascii_] = flags[inverse]
    return is_word


def _shingles(
    words: _U64, owner: _I64, counts: _I64, chosen: npt.NDArray[np.bool_], k: int
) -> tuple[_U64, _I64, int]:
    """Hashes of the k-word windows of the chosen texts, with owners; a text under k words is one shingle."""
    picked = chosen[owner]
    words, owner = words[picked], owner[picked]
    m = len(words) - k + 1
    if m > 0:
        h = np.zeros(m, dtype=np.uint64)
        for j in range(k):
            h *= _MULT
            h += words[j : j + m]
        inside = owner[:m] == owner[k - 1 :]  # owners never decrease, so this keeps windows inside one text
        hashes, owners = [_mix(h[inside])], [owner[:m][inside]]
    else:
        hashes, owners = [_EMPTY_U64], [_EMPTY_I64]

    tiny = np.flatnonzero(chosen & (counts < k))
    if len(tiny):
        whole = []
        for start, count in zip(np.searchsorted(owner, tiny).tolist(), counts[tiny].tolist(), strict=True):
            acc = 0
            for w in words[start : start + count].tolist():
                acc = (acc * int(_MULT) + w) & _MASK64
            whole.append(acc)
        hashes.append(_mix(np.array(whole, dtype=np.uint64)))
        owners.append(tiny.astype(np.int64))
    all_hashes, all_owners = np.concatenate(hashes), np.concatenate(owners)
    if len(tiny):  # keep owners in order, as _link expects
        order = np.argsort(all_owners, kind="stable")
        all_hashes, all_owners = all_hashes[order], all_owners[order]
    return all_hashes, all_owners, len(counts)


def _mix(h: _U64) -> _U64:
    """The splitmix64 finaliser, so every bit of a hash depends on every input bit."""
    h = h ^ (h >> _S30)
    h = h * _MIX1
    h = h ^ (h >> _S27)
    h = h * _MIX2
    return h ^ (h >> _S31)


def _link(parent: list[int], hashes: _U64, owner: _I64, n: int, threshold: float, *, jaccard: bool) -> None:
    """Union the texts whose shingle overlap reaches the threshold (owner must not decrease)."""
    if len(owner) == 0 or owner[0] == owner[-1]:
        return
    # One sort of (hash, owner) packed in 64 bits: the top bits of the hash, the owner in the low bits.
    bits = max(1, (n - 1).bit_length())
    low = np.uint64((1 << bits) - 1)
    tops = hashes & ~low
    keys, _ = _sorted_counts(tops | owner.astype(np.uint64))  # also drops a text's repeated shingles
    key_owner = (keys & low).astype(np.int64)
    sizes = np.bincount(key_owner, minlength=n)

    first, second, shared, exact = _shared_counts(keys & ~low, key_owner, n)
    score = _overlap(shared, sizes[first], sizes[second], jaccard)
    hits = score >= threshold
    for a, b in zip(first[hits].tolist(), second[hits].tolist(), strict=True):
        _union(parent, a, b)
    if exact:
        return
    # Counts from oversized buckets are lower bounds: check the doubtful pairs against the full sets.
    doubtful = ~hits & (shared * 4 >= np.minimum(sizes[first], sizes[second]) * threshold)
    bounds = np.searchsorted(owner, np.arange(n + 1)).tolist()
    sets: dict[int, _U64] = {}
    for a, b in zip(first[doubtful].tolist(), second[doubtful].tolist(), strict=True):
        if _find(parent, a) == _find(parent, b):
            continue
        for i in (a, b):
            if i not in sets:
                sets[i] = _sorted_counts(tops[bounds[i] : bounds[i + 1]])[0]
        common = np.array([len(np.intersect1d(sets[a], sets[b], assume_unique=True))])
        if _overlap(common, sizes[[a]], sizes[[b]], jaccard)[0] >= threshold:
            _union(parent, a, b)


def _overlap(shared: _I64, size_a: _I64, size_b: _I64, jaccard: bool) -> _F64:
    """Jaccard similarity, or containment in the smaller set, from shared counts and set sizes."""
    bottom = size_a + size_b - shared if jaccard else np.minimum(size_a, size_b)
    return shared / bottom


def _shared_counts(tops: _U64, owner: _I64, n: int) -> tuple[_I64, _I64, _I64, bool]:
    """Pairs of texts (first < second) sharing shingles, and how many (exact unless a bucket was oversized)."""
    is_start = np.concatenate(([True], tops[1:] != tops[:-1]))
    starts = np.flatnonzero(is_start)
    lengths = np.diff(np.append(starts, len(tops)))

    # Oversized buckets: each text is paired with the next one in the bucket (owners ascend in a bucket).
    chained = np.repeat(lengths > _MAX_BUCKET, lengths)[1:] & ~is_start[1:]
    firsts, seconds = [owner[:-1][chained]], [owner[1:][chained]]

    # The other buckets, grouped by size: every pair in each.
    small = (lengths > 1) & (lengths <= _MAX_BUCKET)
    by_size = np.argsort(lengths[small], kind="stable")
    small_starts, small_lengths = starts[small][by_size], lengths[small][by_size]
    cuts = np.flatnonzero(np.diff(small_lengths)) + 1
    for group in np.split(np.arange(len(small_starts)), cuts):
        if len(group) == 0:
            continue
        size = int(small_lengths[group[0]])
        buckets = owner[small_starts[group][:, None] + np.arange(size)]
        left, right = np.triu_indices(size, k=1)
        firsts.append(buckets[:, left].ravel())
        seconds.append(buckets[:, right].ravel())

    pairs, shared = _sorted_counts(np.concatenate(firsts) * n + np.concatenate(seconds))
    first, second = np.divmod(pairs, n)
    return first, second, shared, not chained.any()


def _sorted_counts(values: npt.NDArray[_Int]) -> tuple[npt.NDArray[_Int], _I64]:
    """The distinct values in order, with how often each occurs (np.unique, by a plain sort)."""
    values = np.sort(values)
    if len(values) == 0:
        return values, _EMPTY_I64
    starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
    return values[starts], np.diff(np.append(starts, len(values)))


def _find(parent: list[int], i: int) -> int:
    """The root of i's set, halving the path on the way."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: list[int], a: int, b: int) -> None:
    """Join a's and b's sets under the earlier root."""
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)
