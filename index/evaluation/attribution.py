"""Who said it, read alone: whether stored attribution gives a speaker question's answering sentences to the asked
person, without retrieval or ranking in the way."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from index.evaluation.data import UserQuestion
from index.evaluation.users import names_speaker
from index.text.chunking import split_sentences
from index.text.speakers import Speaker, attribute, speaker_display


def _given_to_the_asked(text: str, sentences: Sequence[tuple[int, int]], speakers: Sequence[Speaker | None],
                        q: UserQuestion) -> bool:
    """Whether a sentence overlapping one of the question's gold sentences is given to the asked speaker."""
    spans = [(text.find(g), text.find(g) + len(g)) for g in q.gold_sentences if g and text.find(g) >= 0]
    return any(sp is not None and any(s < b and a < e for a, b in spans)
               and names_speaker(speaker_display((sp.name, sp.description)), q)
               for (s, e), sp in zip(sentences, speakers, strict=True))


def evaluate_attribution(texts: dict[str, str], questions: Sequence[UserQuestion]) -> dict[str, Any]:
    """The share of speaker questions (over articles in texts) whose answering sentences carry the asked speaker,
    and the ids of those that do not."""
    read: dict[str, tuple[list[tuple[int, int]], list[Speaker | None]]] = {}
    asked = [q for q in questions if q.kind == "speaker" and q.gold_speaker and q.gold_article_id in texts]
    missed = []
    for q in asked:
        aid = str(q.gold_article_id)
        if aid not in read:
            sentences = split_sentences(texts[aid])
            read[aid] = (sentences, attribute(texts[aid], sentences))
        if not _given_to_the_asked(texts[aid], *read[aid], q):
            missed.append(q.id)
    share = round(1 - len(missed) / len(asked), 4) if asked else None
    return {"speaker_questions": len(asked), "attributed_right": share, "missed": missed}
