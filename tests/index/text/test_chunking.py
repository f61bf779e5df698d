"""Chunks: whole sentences, bounded by the tokenizer, verbatim offsets, one sentence of overlap."""

from __future__ import annotations

import pytest

from index.models import Article
from index.text.chunking import chunk_article, split_sentences
from tests.fakes import HashEmbedder

TEXT = (
    "The harbour authority said on Monday that the new ferry line would open in March. "
    "Officials expect ten thousand passengers a week. \"We are ready,\" the director said.\n"
    "Critics were unconvinced. Dr. Ana Ruiz, an economist at the port university, warned that fares "
    "were too high for commuters. The council will vote on the subsidy next week."
)


def test_sentences_are_stripped_spans_that_never_cross_a_paragraph() -> None:
    spans = split_sentences(TEXT)
    texts = [TEXT[s:e] for s, e in spans]
    assert texts[0].startswith("The harbour authority")
    assert "Dr. Ana Ruiz, an economist" in texts[4]  # the abbreviation does not end a sentence
    assert all(t == t.strip() and "\n" not in t for t in texts)


def test_chunks_are_verbatim_slices_with_one_sentence_overlap() -> None:
    art = Article(id="a1", title="Ferry line", text=TEXT, source="Test")
    chunks = chunk_article(art, HashEmbedder().count_tokens, max_tokens=64, target_tokens=40)
    assert len(chunks) > 1
    for c in chunks:
        assert TEXT[c.start : c.end] == c.text
        assert c.embed_text == "Ferry line\n" + c.text
    for a, b in zip(chunks, chunks[1:], strict=False):
        assert a.sentences[-1] == b.sentences[0]


def test_no_chunk_exceeds_the_model_limit_even_for_a_giant_sentence() -> None:
    giant = " ".join(["word"] * 500) + "."
    art = Article(id="a2", title="", text=giant, source="Test")
    emb = HashEmbedder()
    chunks = chunk_article(art, emb.count_tokens, max_tokens=64, target_tokens=64)
    assert len(chunks) > 5
    assert all(emb.count_tokens([c.embed_text])[0] + 2 <= 64 for c in chunks)
    covered = " ".join(c.text for c in chunks)
    assert covered.count("word") >= 500  # nothing dropped


def test_real_tokenizer_bounds_chunks(real_embedder) -> None:  # type: ignore[no-untyped-def]
    art = Article(id="a3", title="A long headline about the harbour", text=(TEXT + "\n") * 30, source="Test")
    chunks = chunk_article(art, real_embedder.count_tokens, real_embedder.max_tokens, target_tokens=160)
    from transformers import AutoTokenizer

    from index.embedding import resolve_model

    tokenizer = AutoTokenizer.from_pretrained(resolve_model("bundled:all-MiniLM-L6-v2"))  # the model's own
    ids = tokenizer([c.embed_text for c in chunks])["input_ids"]
    assert max(len(x) for x in ids) <= 160


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('She met her counterparts. "We are ready," she said. Then she left.',
         ["She met her counterparts.", '"We are ready," she said.', "Then she left."]),
        ('"Warning! Drones over the plant, stay indoors," the post said. Police denied it.',
         ['"Warning! Drones over the plant, stay indoors," the post said.', "Police denied it."]),
        ("He said: \u201cWe will win. We are strong.\u201d The crowd cheered.",
         ["He said: \u201cWe will win. We are strong.\u201d", "The crowd cheered."]),
        ('A "quoted" word. Another sentence.', ['A "quoted" word.', "Another sentence."]),
        # two single marks closing a quotation, as some pages type them, close it like one double mark
        ("She met the crew. \u201cWe will win. We are strong,\u2019\u2019 Ola Dahl said. The crowd cheered.",
         ["She met the crew.", "\u201cWe will win. We are strong,\u2019\u2019 Ola Dahl said.", "The crowd cheered."]),
        # a quoted question or exclamation goes on to who said it: a quote is never just "he said."
        ("\u201cWhat in the world happened?\u201d he said. Then the rain came.",
         ["\u201cWhat in the world happened?\u201d he said.", "Then the rain came."]),
        ('"Run!" the coach shouted. "Is it over?" She nodded.', ['"Run!" the coach shouted.', '"Is it over?"', "She nodded."]),
        # ...also when it is a name that said it
        ('"Ferry fares up again?" Ola Dahl asked. "Really?"', ['"Ferry fares up again?" Ola Dahl asked.', '"Really?"']),
        ('"Is it over?" Ola Dahl left the room.', ['"Is it over?"', "Ola Dahl left the room."]),
    ],
)
def test_quotation_marks_stay_with_the_sentence_they_belong_to(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_a_number_after_no_or_a_month_stays_in_its_sentence() -> None:
    text = ("The No. 3 Vik Rovers beat the No. 6 Norland Gulls, 24-23, on Sunday. It was their first cup win since "
            "Jan. 5, 1992. Fans sang until dawn.")
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "The No. 3 Vik Rovers beat the No. 6 Norland Gulls, 24-23, on Sunday.",
        "It was their first cup win since Jan. 5, 1992.",
        "Fans sang until dawn.",
    ]


def test_a_plural_title_does_not_end_a_sentence() -> None:
    text = ("“The west deserves a say early on,” Reps. Alma Ortiz and Ben Cole said in a statement. "
            "Sens. Ada Brisk and Per Dahl did not comment.")
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "“The west deserves a say early on,” Reps. Alma Ortiz and Ben Cole said in a statement.",
        "Sens. Ada Brisk and Per Dahl did not comment.",
    ]


def test_a_comma_before_a_closing_quote_keeps_the_quotation_with_its_speaker() -> None:
    text = ("“The ferry is late again. Sorry Vik - promises don’t count!,” harbour spokesperson Ada Holm said. "
            "The album “Run It!,” his first, went platinum.")
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert any(s.endswith("harbour spokesperson Ada Holm said.") and "promises don’t count" in s for s in sentences)
    assert "The album “Run It!,” his first, went platinum." in sentences
