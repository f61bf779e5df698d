"""Reproduce the reader (index/data/reader/) from the dev sets' articles and our own questions, in one command:

    python training/reader.py [--shared ../shared] [--data-dir data/training]

1. build: ingest the news pool (../shared/eval/realtimeqa-news-dev/articles.jsonl) into a scratch corpus, then
   for every question of training/questions/*.jsonl (written by us over those articles; answers are character
   offsets into them) gather the candidate sentences exactly as answering does (retrieval, then the sentence
   score's top ones) and label each: it answers when it overlaps an answer span. Questions the news does not
   answer give only negatives, so the reader's score also says when to abstain.
2. train: fine-tune all-MiniLM-L6-v2 (the bundled weights) as a cross-encoder on those pairs.
3. export: ONNX, dynamically quantized to int8, with the tokenizer, into index/data/reader/.

Held out, so the dev figures stay honest: no question, and no candidate sentence, from an article that any dev
set judges against (the user-questions gold and also-ok articles, the news quiz's gold articles); the quiz
passages are not used at all.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.answering.policy import QuotePolicy  # noqa: E402
from index.answering.question import Question  # noqa: E402
from index.answering.reader import MAX_TOKENS, READER_DIR, Candidate, candidate_text  # noqa: E402
from index.answering.search import retrieve  # noqa: E402
from index.answering.sentences import score_sentences  # noqa: E402
from index.embedding import resolve_model  # noqa: E402
from index.engine import Engine  # noqa: E402
from index.evaluation.data import end_of_day, load_articles  # noqa: E402
from index.settings import Settings, use_offline_defaults  # noqa: E402
from index.text.chunking import split_sentences  # noqa: E402
from index.text.speakers import attribute, speaker_display  # noqa: E402

log = logging.getLogger("training.reader")
QUESTIONS = ROOT / "training" / "questions"
CORPUS = "eval-realtimeqa-news-dev"  # the scratch corpus `newsbot eval` keeps for the same pool
CANDIDATES = 24  # sentences per question the reader sees at answer time (QuotePolicy.reader_candidates)
NEGATIVES = 8  # per question, the best-ranked wrong ones: the hard cases, and half the training time
SEED = 13


@dataclass
class Pair:
    """One training example."""

    qid: str
    article: str  # the question's article ("" for unanswerable ones): folds never split an article
    question: str
    text: str
    label: int


def held_out_articles(shared: Path) -> set[str]:
    """Every article a dev set judges against."""
    out: set[str] = set()
    for line in (shared / "eval" / "user-questions-dev" / "questions.jsonl").open(encoding="utf-8"):
        q = json.loads(line)
        out.update(a for a in [q.get("gold_article_id"), *q.get("also_ok_article_ids", []),
                               *q.get("paraphrase_ok_article_ids", [])] if a)
    for line in (shared / "eval" / "realtimeqa-news-dev" / "questions.jsonl").open(encoding="utf-8"):
        out.update(json.loads(line).get("gold_article_ids") or [])
    return out


def load_training_questions() -> list[dict[str, Any]]:
    """Our questions, every file of training/questions."""
    out = []
    for path in sorted(QUESTIONS.glob("*.jsonl")):
        out += [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _answers(span: tuple[int, int], gold: list[tuple[int, int]]) -> bool:
    """A sentence answers when it holds at least half of an answer span, or is at least half answer."""
    return any(_overlap(span, g) >= 0.5 * min(span[1] - span[0], g[1] - g[0]) for g in gold)


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def build(engine: Engine, shared: Path, held_out: set[str]) -> list[Pair]:
    """Candidate sentences with labels for every usable training question."""
    pool = shared / "eval" / "realtimeqa-news-dev"
    articles = {a.id: a for a in load_articles(pool)}
    report = engine.ingest_articles(list(articles.values()), corpus=CORPUS)
    log.info("news pool: %d chunks embedded", report.chunks_embedded)
    corpus = engine.corpus(CORPUS)
    policy = QuotePolicy()
    pairs: list[Pair] = []
    questions = [q for q in load_training_questions() if q.get("article_id") not in held_out]
    for n, raw in enumerate(questions):
        q = Question.parse(raw["question"], end_of_day(raw["as_of"]), engine.settings.tz)
        qvec = engine.embed_query(q.query)
        cands = retrieve(corpus, q.query, qvec, k=policy.retrieve_k, start=q.start, end=q.end, prefer=q.prefer,
                         fusion=engine.fusion)
        evidence = score_sentences(corpus, q, qvec, cands[: policy.compose_k], policy=policy,
                                   half_life_days=engine.fusion.recency_half_life_days)
        gold_id = raw.get("article_id") or ""
        gold = [tuple(s) for s in raw.get("answer") or []]
        gold_texts = [_norm(articles[gold_id].text[s:e]) for s, e in gold] if gold_id else []
        seen: set[tuple[str, int, int]] = set()
        for sc in evidence.ranked()[:CANDIDATES]:
            if sc.article_id in held_out and sc.article_id != gold_id:
                continue
            stored = evidence.articles[sc.article_id].article
            sent = stored.text[sc.start : sc.end]
            label = (sc.article_id == gold_id and _answers((sc.start, sc.end), gold)) or any(
                g and (g in _norm(sent) or (_norm(sent) in g and len(sent) > 40)) for g in gold_texts
            )
            i = sc.index_in_chunk
            before = stored.text[sc.chunk.sentences[i - 1][0] : sc.chunk.sentences[i - 1][1]] if i else ""
            pairs.append(Pair(raw["id"], gold_id, q.text, candidate_text(
                Candidate(sent, speaker_display(sc.speaker), stored.title, before)), int(label)))
            seen.add((sc.article_id, sc.start, sc.end))
        if gold_id:  # the answer's own sentences, when retrieval missed them: the reader must learn them too
            art = articles[gold_id]
            spans = split_sentences(art.text)
            speakers = attribute(art.text, spans)
            for j, span in enumerate(spans):
                if _answers(span, gold) and (gold_id, *span) not in seen:
                    before = art.text[spans[j - 1][0] : spans[j - 1][1]] if j else ""
                    sp = speakers[j]
                    pairs.append(Pair(raw["id"], gold_id, q.text, candidate_text(Candidate(
                        art.text[span[0] : span[1]], speaker_display((sp.name, sp.description)) if sp else None,
                        art.title, before)), 1))
        if n % 100 == 0:
            log.info("built %d/%d questions, %d pairs", n, len(questions), len(pairs))
    return pairs


def train(
    pairs: list[Pair], out: Path, epochs: int, batch: int, lr: float, holdout: float, layers: int
) -> dict[str, Any]:
    """Fine-tune the bundled model as a cross-encoder; export int8 ONNX with its tokenizer into out."""
    import numpy as np
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    path = resolve_model("bundled:all-MiniLM-L6-v2")
    tok = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=1)
    if layers < model.config.num_hidden_layers:  # the bottom layers: cheaper to train and to run at answer time
        model.bert.encoder.layer = model.bert.encoder.layer[:layers]
        model.config.num_hidden_layers = layers
    pairs = _fewer_negatives(pairs)
    groups = sorted({p.article or p.qid for p in pairs})
    random.shuffle(groups)
    val_groups = set(groups[: int(len(groups) * holdout)])
    train_set = [p for p in pairs if (p.article or p.qid) not in val_groups]
    val_set = [p for p in pairs if (p.article or p.qid) in val_groups]
    pos = sum(p.label for p in train_set)
    log.info("train %d pairs (%d positive), validation %d pairs", len(train_set), pos, len(val_set))
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(max(1.0, (len(train_set) - pos) / max(pos, 1) / 3)))
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * (len(train_set) + batch - 1) // batch
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, (steps - s) / steps))

    def encode(items: list[Pair]) -> Any:
        return tok([p.question for p in items], [p.text for p in items], truncation="only_second",
                   max_length=MAX_TOKENS, padding=True, return_tensors="pt")

    step = 0
    t0 = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        random.shuffle(train_set)
        for i in range(0, len(train_set), batch):
            items = train_set[i : i + batch]
            logits = model(**encode(items)).logits.reshape(-1)
            loss = loss_fn(logits, torch.tensor([float(p.label) for p in items]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 50 == 0:
                log.info("epoch %d step %d/%d loss %.4f (%.0f pairs/s)", epoch, step, steps, float(loss),
                         step * batch / (time.perf_counter() - t0))
    figures = _validate(model, encode, val_set)
    log.info("validation: %s", figures)
    _export(model, tok, encode, pairs[:4], out)
    return figures


def _fewer_negatives(pairs: list[Pair]) -> list[Pair]:
    """Every positive, and each question's first NEGATIVES negatives (pairs are in the candidates' rank order)."""
    seen: dict[str, int] = {}
    out = []
    for p in pairs:
        if not p.label:
            seen[p.qid] = seen.get(p.qid, 0) + 1
            if seen[p.qid] > NEGATIVES:
                continue
        out.append(p)
    return out


def _validate(model: Any, encode: Any, val_set: list[Pair]) -> dict[str, Any]:
    """Per held-out question: is the top-scored candidate an answer (answerable), the best score (all)."""
    import torch

    model.eval()
    scores: list[float] = []
    with torch.no_grad():
        for i in range(0, len(val_set), 64):
            scores += torch.sigmoid(model(**encode(val_set[i : i + 64])).logits.reshape(-1)).tolist()
    by_q: dict[str, list[tuple[float, int]]] = {}
    for p, s in zip(val_set, scores, strict=True):
        by_q.setdefault(p.qid, []).append((s, p.label))
    answerable = [v for v in by_q.values() if any(label for _, label in v)]
    top1 = sum(max(v)[1] for v in answerable) / max(1, len(answerable))
    return {"questions": len(by_q), "answerable": len(answerable), "top1_answers": round(top1, 4)}


def _export(model: Any, tok: Any, encode: Any, sample: list[Pair], out: Path) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    enc = encode(sample)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    fp32 = tmp / "model-fp32.onnx"
    torch.onnx.export(
        model, (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]), str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
        dynamic_axes={n: {0: "batch", 1: "tokens"} for n in ("input_ids", "attention_mask", "token_type_ids")}
        | {"logits": {0: "batch"}},
        opset_version=17, dynamo=False,
    )
    quantize_dynamic(str(fp32), str(tmp / "model.onnx"), weight_type=QuantType.QInt8)
    fp32.unlink()
    tok.backend_tokenizer.save(str(tmp / "tokenizer.json"))
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the folder holding eval/ (../shared)")
    ap.add_argument("--data-dir", default=str(ROOT / "data" / "training"), help="scratch index (kept between runs)")
    ap.add_argument("--out", default=str(READER_DIR))
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--layers", type=int, default=2, help="transformer layers kept of the bundled model's six")
    ap.add_argument("--holdout", type=float, default=0.1, help="share of articles held out for validation")
    ap.add_argument("--pairs", help="reuse built pairs from this JSON Lines file (written when absent)")
    ap.add_argument("--build-only", action="store_true", help="write the pairs and stop")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    use_offline_defaults()
    shared = Path(args.shared)
    if not (shared / "eval").is_dir():
        log.error("the dev sets are not at %s (pass --shared)", shared / "eval")
        return 2
    pairs_file = Path(args.pairs) if args.pairs else Path(args.data_dir) / "reader-pairs.jsonl"
    if pairs_file.exists():
        pairs = [Pair(**json.loads(line)) for line in pairs_file.open(encoding="utf-8")]
    else:
        engine = Engine(Settings.from_env().with_(data_dir=Path(args.data_dir)))
        pairs = build(engine, shared, held_out_articles(shared))
        engine.close()
        pairs_file.parent.mkdir(parents=True, exist_ok=True)
        with pairs_file.open("w", encoding="utf-8") as f:
            for p in pairs:
                f.write(json.dumps(p.__dict__, ensure_ascii=False) + "\n")
    if args.build_only:
        log.info("%d pairs in %s", len(pairs), pairs_file)
        return 0
    figures = train(pairs, Path(args.out), args.epochs, args.batch, args.lr, args.holdout, args.layers)
    digest = hashlib.sha1(pairs_file.read_bytes()).hexdigest()[:12]
    (Path(args.out) / "training.json").write_text(json.dumps(
        {"pairs": len(pairs), "pairs_sha1": digest, "epochs": args.epochs, "batch": args.batch, "lr": args.lr,
         "layers": args.layers,
         "validation": figures}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
