"""Tests for index.text.stories: grouping copies of one story, keeping different stories apart."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from index.text.stories import SHORT_WORDS, cluster_stories, same_story

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "stories"
SAMPLE_NEWS = Path(__file__).resolve().parents[3] / "sample_news"


def story(name: str) -> str:
    """One fixture article: a headline line, a blank line, then the body."""
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def as_sets(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(g) for g in groups}


def filler(seed: int, words: int) -> str:
    """Deterministic nonsense prose from the fixtures' own vocabulary."""
    vocab = sorted({w for p in FIXTURES.glob("*.txt") for w in p.read_text(encoding="utf-8").lower().split()})
    return " ".join(random.Random(seed).choices(vocab, k=words))


def test_wire_copies_with_different_headlines_and_ledes_are_one_story() -> None:
    assert same_story(story("wire_original"), story("wire_copy"))


def test_rewrite_that_adds_a_paragraph_joins_the_original() -> None:
    assert same_story(story("wire_original"), story("wire_rewrite_extra"))


def test_copy_that_drops_paragraphs_joins_the_original() -> None:
    assert same_story(story("wire_trimmed"), story("wire_rewrite_extra"))


@pytest.mark.parametrize("copy", ["wire_original", "wire_copy", "wire_rewrite_extra", "wire_trimmed"])
def test_different_story_on_the_same_topic_stays_apart(copy: str) -> None:
    # Same operator, minister, manufacturer and campaigner, and the same subject: still a different story.
    assert not same_story(story("same_topic_other"), story(copy))


def test_groups_follow_first_appearance_and_members_keep_input_order() -> None:
    docs = [
        ("other", story("same_topic_other")),
        ("copy", story("wire_copy")),
        ("brief", "Storm warning lifted for the Kestrelmouth coast."),
        ("original", story("wire_original")),
        ("rewrite", story("wire_rewrite_extra")),
        ("trimmed", story("wire_trimmed")),
    ]
    assert cluster_stories(docs) == [["other"], ["copy", "original", "rewrite", "trimmed"], ["brief"]]


def test_grouping_does_not_depend_on_input_order() -> None:
    docs = [(name, story(name)) for name in sorted(p.stem for p in FIXTURES.glob("*.txt"))]
    assert as_sets(cluster_stories(docs)) == as_sets(cluster_stories(docs[::-1]))


def test_grouping_is_transitive() -> None:
    a, b, c, d, e = (filler(seed, 60) for seed in range(5))
    docs = [("first", f"{a} {b}"), ("middle", f"{a} {b} {c} {d}"), ("last", f"{c} {d} {e}")]
    assert not same_story(docs[0][1], docs[2][1])  # nothing in common, joined through the middle one
    assert cluster_stories(docs) == [["first", "middle", "last"]]


def test_case_punctuation_and_apostrophes_are_ignored() -> None:
    text = story("wire_original")
    shouted = text.upper().replace("'", "\u2019").replace(",", " ;").replace('"', "\u201c")
    assert same_story(text, shouted)


def test_accented_words_are_words() -> None:
    text = " ".join(["Zürich", "São", "Paulo", "Kraków", "Malmö"] * 10)
    assert same_story(text, text.upper())
    assert not same_story(text, text.replace("ü", " ").replace("ã", " ").replace("ó", " ").replace("ö", " "))


def test_short_texts_sharing_an_opener_stay_apart() -> None:
    a = "The regional transport ministry said on Tuesday that it would review ticket prices on coastal routes."
    b = "The regional transport ministry said on Tuesday that it would fine two bus firms over late services."
    assert len(a.split()) < SHORT_WORDS and len(b.split()) < SHORT_WORDS
    assert not same_story(a, b)


def test_short_near_identical_texts_merge() -> None:
    a = "Storm warning lifted for the Kestrelmouth coast as winds ease overnight, the weather office said on Friday."
    b = "Storm warning lifted for the Kestrelmouth coast as winds eased overnight, the weather office said on Friday."
    assert same_story(a, b)


def test_short_text_is_not_merged_into_a_long_article_it_echoes() -> None:
    brief = "Saltmarsh Rail chief executive Odile Brannock said the trains would enter service next autumn."
    assert not same_story(brief, story("wire_original"))


def test_just_over_the_short_limit_uses_containment() -> None:
    sentence = " ".join(story("wire_original").split()[: SHORT_WORDS + 5])
    assert same_story(sentence, story("wire_original"))


def test_empty_input_gives_no_groups() -> None:
    assert cluster_stories([]) == []


def test_texts_without_words_stay_single() -> None:
    docs = [("a", ""), ("b", ""), ("c", " -- !! "), ("d", "Fine words."), ("e", "fine, words!")]
    assert cluster_stories(docs) == [["a"], ["b"], ["c"], ["d", "e"]]


def test_a_phrase_shared_by_many_texts_does_not_merge_them() -> None:
    footer = filler(99, 60)  # one boilerplate paragraph in every text, more often than any bucket holds
    docs = [(f"t{i}", f"{filler(i, 300)} {footer}") for i in range(100)]
    assert len(cluster_stories(docs)) == 100


def test_many_copies_of_one_story_are_one_group() -> None:
    rng = random.Random(5)
    words = story("wire_original").split()
    copies = []
    for i in range(100):
        edited = list(words)
        for _ in range(10):
            edited[rng.randrange(len(edited))] = "changed"
        copies.append((f"c{i}", " ".join(edited)))
    docs = copies + [("other", story("same_topic_other"))]
    assert cluster_stories(docs) == [[f"c{i}" for i in range(100)], ["other"]]


def test_texts_mostly_made_of_a_common_paragraph_still_merge() -> None:
    # More texts share the paragraph than a bucket pairs exhaustively, so counts are checked exactly.
    common = filler(7, 200)
    docs = [(f"t{i}", f"{filler(1000 + i, 120)} {common}") for i in range(80)]
    assert cluster_stories(docs) == [[f"t{i}" for i in range(80)]]


@pytest.mark.parametrize("threshold", [0.0, -0.5, 1.5])
def test_threshold_outside_zero_to_one_is_rejected(threshold: float) -> None:
    with pytest.raises(ValueError):
        cluster_stories([("a", "text")], threshold=threshold)


def test_higher_threshold_splits_a_heavier_rewrite() -> None:
    assert same_story(story("wire_original"), story("wire_rewrite_extra"), threshold=0.8)
    assert not same_story(story("wire_original"), story("wire_rewrite_extra"), threshold=0.95)


def _sample_bodies() -> dict[str, str]:
    """Article texts of the bundled sample that need no HTML or feed parsing."""
    bodies: dict[str, str] = {}
    for path in sorted(SAMPLE_NEWS.glob("*")):
        if path.suffix in {".md", ".txt"} and path.name != "README.md":
            lines = path.read_text(encoding="utf-8").split("\n")
            assert lines[0] == "---"
            bodies[path.name] = "\n".join(lines[lines.index("---", 1) + 1 :])
        elif path.suffix == ".json":
            bodies.update((a["id"], a["text"]) for a in json.loads(path.read_text(encoding="utf-8")))
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                article = json.loads(line)
                bodies[article["id"]] = article["text"]
    return bodies


def test_sample_news_merges_the_syndicated_drone_story_and_nothing_else() -> None:
    bodies = _sample_bodies()
    groups = [g for g in cluster_stories(list(bodies.items())) if len(g) > 1]
    assert groups == [
        [
            "2026-11-20-harbour-ledger-drone-tests.txt",
            "2026-11-20-northwind-eu-japan-drone-trials.md",
            "2026-11-21-meridian-drone-trials-explained.md",
        ]
    ]
    assert "eastgate-2026-11-14-kestrel-shirasagi" in bodies  # the same-topic story that must stay apart


def test_pairs_counted_partly_in_an_oversized_bucket_are_checked_exactly() -> None:
    # Every text carries the common paragraph; only "x" and "y" also share a second one. Their overlap
    # passes the bar only when the common paragraph is counted too, and they are not neighbours.
    common, shared = filler(11, 100), filler(12, 100)
    docs = [(f"t{i}", f"{filler(2000 + i, 150)} {common}") for i in range(80)]
    docs.insert(10, ("x", f"{filler(1, 100)} {shared} {common}"))
    docs.insert(60, ("y", f"{filler(2, 100)} {shared} {common}"))
    groups = cluster_stories(docs)
    assert ["x", "y"] in groups
    assert len(groups) == 81
