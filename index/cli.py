"""`newsbot`: ingest, search, ask, evaluate and maintain the news index from a terminal."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.errors import NewsbotError
from index.render import answer_json, answer_text, digest_json, digest_text, fmt_date, iso
from index.settings import use_offline_defaults

if TYPE_CHECKING:
    from index.engine import Engine

log = logging.getLogger(__name__)


def _parse_as_of(value: str | None) -> datetime | None:
    if not value:
        return None
    from index.sources.dates import parse_published

    d = parse_published(value)
    if d is None:
        raise NewsbotError(f"--as-of is not a date: {value!r}")
    if len(value.strip()) <= 10:  # a bare date means the end of that day
        from index.evaluation import end_of_day

        d = end_of_day(value.strip())
    return d


def _engine(args: argparse.Namespace, *, existing: bool = False) -> Engine:
    """The engine; existing: the command only reads its --corpus, which must be there (a typo makes no new index)."""
    from index.engine import Engine
    from index.errors import ConfigError
    from index.settings import Settings, check_corpus

    settings = Settings.from_env()
    if getattr(args, "data_dir", None):
        settings = settings.with_(data_dir=Path(args.data_dir))
    if existing and not (settings.data_dir / "corpora" / check_corpus(args.corpus)).is_dir():
        there = sorted(p.name for p in (settings.data_dir / "corpora").glob("*") if p.is_dir())
        where = f"indexes there: {', '.join(there)}" if there else "none there yet"
        raise ConfigError(f"no index named {args.corpus!r} in {settings.data_dir} ({where}); add news to it with "
                          f"`newsbot ingest{'' if args.corpus == 'default' else ' --corpus ' + args.corpus} PATH|URL`")
    return Engine(settings)


def _progress(label: str, enabled: bool) -> Any:
    """A rich progress bar on a terminal, plain progress lines on a redirected stderr, nothing for scripts."""
    if not enabled:
        return None, None
    if not sys.stderr.isatty():
        return None, _progress_lines(label)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   transient=True)
    task = bar.add_task(label, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total or None)

    return bar, update


PROGRESS_LINE_CHUNKS = 1000  # jobs this large (minutes on a CPU) say how far they are even without a terminal
PROGRESS_LINE_SECONDS = 10.0


def _progress_lines(label: str) -> Any:
    """A progress callback printing "embedding: 2048/15360 chunks" to stderr now and then, for long jobs only."""
    import time

    last = [0.0]

    def update(done: int, total: int) -> None:
        now = time.monotonic()
        if total < PROGRESS_LINE_CHUNKS or (0 < done < total and now - last[0] < PROGRESS_LINE_SECONDS):
            return
        last[0] = now
        print(f"{label}: {done}/{total} chunks", file=sys.stderr, flush=True)

    return update


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _report(report: Any, as_json: bool) -> int:
    d = report.to_dict()
    if as_json:
        _print_json(d)
    else:
        print(f"added {d['articles_added']}, updated {d['articles_updated']}, unchanged {d['articles_unchanged']}, "
              f"removed {d['articles_removed']}; {d['chunks_embedded']} chunks embedded, {d['chunks_cached']} from the cache")
        for e in d["errors"]:
            print(f"error: {e['source']}: {e['error']}", file=sys.stderr)
    return 1 if d["errors"] else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest files, folders and URLs."""
    engine = _engine(args)
    bar, update = _progress("embedding", not args.json)
    if bar:
        with bar:
            report = engine.ingest(args.inputs, corpus=args.corpus, progress=update)
    else:
        report = engine.ingest(args.inputs, corpus=args.corpus, progress=update)
    return _report(report, args.json)


def cmd_feeds(args: argparse.Namespace) -> int:
    """Manage and poll feeds."""
    engine = _engine(args)
    if args.action == "add":
        for url in args.urls:
            new = engine.add_source(url, corpus=args.corpus)
            print(("following " if new else "already following ") + url)
        return 0
    if args.action == "remove":
        for url in args.urls:
            n = engine.remove_source(url, corpus=args.corpus)
            print(f"removed {url} and its {n} articles")
        return 0
    if args.action == "list":
        rows = engine.sources(corpus=args.corpus)
        if args.json:
            _print_json([{**asdict(r), "added": iso(r.added), "last_polled": iso(r.last_polled)} for r in rows])
        for r in [] if args.json else rows:
            err = f"  last error: {r.last_error}" if r.last_error else ""
            print(f"{r.kind:5} {r.url}  ({r.articles} articles, polled {fmt_date(r.last_polled)}){err}")
        return 0
    return _report(engine.poll_feeds(corpus=args.corpus), args.json)


def cmd_index(args: argparse.Namespace) -> int:
    """Rebuild the index beside the live one."""
    engine = _engine(args, existing=True)

    def show(p: Any) -> None:
        if not args.json:
            print(f"\r{p.articles_done}/{p.articles_total} articles, {p.chunks_done} chunks ({p.percent}%)",
                  end="", file=sys.stderr, flush=True)

    rep = engine.rebuild(corpus=args.corpus, progress=show)
    if args.json:
        _print_json(asdict(rep))
    else:
        print(f"\nrebuilt {rep.corpus}: {rep.articles} articles, {rep.chunks} chunks ({rep.chunks_embedded} embedded, "
              f"{rep.chunks_cached} from the cache) in {rep.seconds:.1f}s")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Counts and freshness."""
    s = _engine(args, existing=True).stats(corpus=args.corpus)
    d = {"articles": s.articles, "chunks": s.chunks, "newest_published": iso(s.newest_published),
         "last_update": iso(s.last_update), "encoder": s.encoder, "mismatch": s.mismatch or None}
    if args.json:
        _print_json(d)
    else:
        print(f"corpus {s.corpus}: {s.articles} articles, {s.chunks} chunks; newest article "
              f"{fmt_date(s.newest_published)}; last update {iso(s.last_update) or 'never'}; encoder {s.encoder}")
        if s.mismatch:
            print(s.mismatch)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Ranked passages."""
    engine = _engine(args, existing=True)
    results = engine.search(args.query, corpus=args.corpus, as_of=_parse_as_of(args.as_of), k=args.k)
    if args.json:
        _print_json([{**asdict(r), "published": iso(r.published)} for r in results])
        return 0
    if not results:
        print("nothing found")
    for r in results:
        print(f"{r.rank}. {r.title or '(untitled)'} — {r.source or 'unknown outlet'}, {fmt_date(r.published)} "
              f"[{r.score:.3f}]")
        print("   " + " ".join(r.text.split())[:400])
        if r.url:
            print(f"   {r.url}")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer with quotes."""
    engine = _engine(args, existing=True)
    answer = engine.ask(args.question, corpus=args.corpus, as_of=_parse_as_of(args.as_of), since=args.since)
    if args.json:
        _print_json(answer_json(answer))
    else:
        print(answer_text(answer))
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    """The period's stories about a topic, or the top stories."""
    engine = _engine(args, existing=True)
    digest = engine.digest(args.topic, corpus=args.corpus, period=args.period, as_of=_parse_as_of(args.as_of))
    if args.json:
        _print_json(digest_json(digest))
    else:
        print(digest_text(digest))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Score retrieval and quotes on a dev set."""
    from index.evaluation import corpus_for, evaluate

    engine = _engine(args)
    folder = Path(args.dir)
    # each article pool gets its own scratch corpus, kept between runs so a rerun embeds nothing
    corpus = args.corpus or corpus_for(folder)
    bar, update = _progress("embedding", not args.json)
    if bar:
        with bar:
            result = evaluate(engine, folder, corpus=corpus, limit=args.limit, progress=update)
    else:
        result = evaluate(engine, folder, corpus=corpus, limit=args.limit)
    if args.json:
        _print_json(result)
    else:
        for k, v in result.items():  # every question's answer is for --json, to score independently
            print(f"{k:24} {len(v) if k == 'answers' else json.dumps(v)}")
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """A terminal prompt that answers like the bot does."""
    engine = _engine(args)
    try:
        return chat(engine, corpus=args.corpus, seed=args.seed or ())
    finally:
        engine.close()


def chat(engine: Engine, *, corpus: str = "default", seed: Sequence[str] = ()) -> int:
    """Answer questions typed at a terminal prompt until an empty line; an empty index first takes in `seed`."""
    if engine.stats(corpus=corpus).articles == 0 and seed:
        print(f"The index is empty: ingesting {', '.join(seed)} ...", flush=True)
        _report(engine.ingest(seed, corpus=corpus), False)
    print(f"newsbot ({engine.stats(corpus=corpus).articles} articles). Ask about the news; empty line to quit.")
    while True:
        try:
            line = input("? ").strip()
        except EOFError:
            break
        if not line:
            break
        try:
            print(answer_text(engine.ask(line, corpus=corpus)))
        except NewsbotError as exc:
            print(str(exc))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    p = argparse.ArgumentParser(prog="newsbot", description="Quote the news: ingest articles, ask questions.")
    p.add_argument("--data-dir", help="index folder (default $NEWSBOT_DATA_DIR or ./data)")
    p.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = p.add_subparsers(dest="command", required=True)

    def add(name: str, fn: Any, help: str, corpus_default: str = "default") -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help, description=help)
        sp.set_defaults(fn=fn)
        sp.add_argument("--corpus", default=corpus_default,
                        help=f"which index (default {corpus_default or 'one per dev set'})")
        return sp

    sp = add("ingest", cmd_ingest, "ingest files, folders, pages or feeds")
    sp.add_argument("inputs", nargs="+", metavar="PATH|URL")
    sp.add_argument("--json", action="store_true")
    sp = add("feeds", cmd_feeds, "follow, list, remove and poll feeds")
    sp.add_argument("action", choices=["add", "list", "remove", "poll"])
    sp.add_argument("urls", nargs="*", metavar="URL")
    sp.add_argument("--json", action="store_true")
    sp = add("index", cmd_index, "rebuild the index beside the live one, then switch")
    sp.add_argument("action", choices=["rebuild"])
    sp.add_argument("--json", action="store_true")
    sp = add("stats", cmd_stats, "articles, chunks and freshness")
    sp.add_argument("--json", action="store_true")
    sp = add("search", cmd_search, "ranked passages for a query")
    sp.add_argument("query")
    sp.add_argument("-k", type=int, default=5)
    sp.add_argument("--as-of")
    sp.add_argument("--json", action="store_true")
    sp = add("ask", cmd_ask, "answer a question with exact quotes")
    sp.add_argument("question")
    sp.add_argument("--as-of", help="answer as of this date or time (default now)")
    sp.add_argument("--since", help="only news since then: 7d, 24h, 2026-11-01, monday ...")
    sp.add_argument("--json", action="store_true")
    sp = add("digest", cmd_digest, "the distinct stories of a period about a topic, or the top stories")
    sp.add_argument("topic", nargs="?", default=None, help="what about (leave out for the top stories)")
    sp.add_argument("--period", default="7d", help="how far back: 7d (default), 24h, since 2026-11-01 ...")
    sp.add_argument("--as-of", help="as of this date or time (default now)")
    sp.add_argument("--json", action="store_true")
    sp = add("eval", cmd_eval, "score retrieval and quotes on a dev set folder", corpus_default="")
    sp.add_argument("dir")
    sp.add_argument("--limit", type=int)
    sp.add_argument("--json", action="store_true")
    sp = add("chat", cmd_chat, "ask questions at a terminal prompt")
    sp.add_argument("--seed", nargs="*", default=[], help="ingest these when the index is empty")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsbot` command."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    use_offline_defaults()
    try:
        code: int = args.fn(args)
        sys.stdout.flush()  # a reader that went away is met here, not at exit
        return code
    except NewsbotError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `newsbot ask ... | head -1`: stop quietly, as other commands in a pipe do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        return 141


if __name__ == "__main__":
    sys.exit(main())
