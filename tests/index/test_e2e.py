"""End to end with the real bundled model, a real Chroma and real HTTP on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from index.cli import main as cli
from index.engine import Engine
from tests.conftest import SAMPLE_NEWS

KALLAS_DRONES = "a lot of room for cooperation"


@pytest.fixture
def seeded(real_engine: Engine, seed_path: Path) -> Engine:
    rep = real_engine.ingest([str(seed_path)])
    assert rep.errors == []
    return real_engine


def test_the_seed_page_becomes_four_articles_and_reingesting_embeds_nothing(seeded: Engine, seed_path: Path) -> None:
    assert seeded.stats().articles == 4
    again = seeded.ingest([str(seed_path)])
    assert (again.articles_unchanged, again.chunks_embedded) == (4, 0)


def test_search_ranks_the_japan_times_kallas_chunk_first(seeded: Engine) -> None:
    top = seeded.search("what did Kallas say about drones?")[0]
    assert "Japan Times" in top.source
    assert KALLAS_DRONES in top.text and "drones" in top.text


def test_ask_quotes_kallas_on_drones_attributed_with_unknown_date(seeded: Engine) -> None:
    answer = seeded.ask("what did Kallas say about drones?")
    assert not answer.abstained
    q = answer.quotes[0]
    assert KALLAS_DRONES in q.text and "drones" in q.text
    assert q.speaker is not None and q.speaker.startswith("Kaja Kallas") and "foreign policy chief" in q.speaker
    assert "Japan Times" in q.source and q.published is None
    stored = seeded.corpus().articles([q.article_id])[q.article_id].article.text
    assert stored[q.start : q.end] == q.text


def test_ask_quotes_kallas_on_rare_earths(seeded: Engine) -> None:
    answer = seeded.ask("What did Kallas say about rare earths?")
    assert not answer.abstained
    assert "Chinese export controls on rare earths" in answer.quotes[0].text
    assert answer.quotes[0].speaker and "Kallas" in answer.quotes[0].speaker


def test_an_unrelated_question_abstains_with_closest_headlines(seeded: Engine) -> None:
    answer = seeded.ask("what is the capital of Mars?")
    assert answer.abstained and not answer.quotes
    assert 1 <= len(answer.closest) <= 3


def test_every_quote_over_the_sample_news_is_exact_and_leaves_no_quotation_half_open(real_engine: Engine) -> None:
    real_engine.ingest([str(SAMPLE_NEWS)])
    topics = ("what did the defence minister say about drones?", "rare earth export controls",
              "tariffs and the economy", "cyber drill on undersea cables")
    quotes = [q for t in topics for a in [real_engine.ask(t)] for q in (*a.quotes, *a.more)]
    as_of = datetime(2026, 11, 24, 12, tzinfo=UTC)  # digests of the sample's weeks: answers and digests alike
    digests = [real_engine.digest(t, period="30d", as_of=as_of) for t in (None, "drones", "rare earths", "cyber")]
    quotes += [s.quote for d in digests for s in d.stories]
    assert any(q.text.startswith('"Cheap drones have changed the arithmetic') for q in quotes)
    arts = real_engine.corpus().articles([q.article_id for q in quotes])
    for q in quotes:
        assert arts[q.article_id].article.text[q.start : q.end] == q.text
        assert q.text.count('"') % 2 == 0 and q.text.count("\u201c") == q.text.count("\u201d"), q.text


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """sample_news served over real HTTP on 127.0.0.1 (with Last-Modified, so polls can be conditional)."""
    root = tmp_path / "site"
    shutil.copytree(SAMPLE_NEWS, root)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_followed_feed_is_polled_conditionally_and_a_dead_one_is_reported(real_engine: Engine, site: str) -> None:
    feed, dead = f"{site}/feeds/demo.xml", "http://127.0.0.1:9/feed.xml"
    real_engine.add_source(feed)
    real_engine.add_source(dead)
    first = real_engine.poll_feeds()
    assert first.articles_added == 3
    assert [e.source for e in first.errors] == [dead]
    second = real_engine.poll_feeds()  # 304 Not Modified: nothing fetched, nothing embedded
    assert (second.articles_added, second.chunks_embedded) == (0, 0)
    info = {s.url: s for s in real_engine.sources()}
    assert info[feed].articles == 3 and info[feed].last_error is None
    assert info[dead].last_error
    removed = real_engine.remove_source(feed)
    assert removed == 3 and real_engine.stats().articles == 0


def test_cli_ingest_reports_bad_files_keeps_the_rest_and_exits_nonzero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed_path: Path
) -> None:
    data = tmp_path / "cli-data"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed_path, folder / "seed.txt")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("caf\xe9 news\n\nThe caf\xe9 reopened.".encode("latin-1"))
    (folder / "blob.md").write_bytes(b"\x00\x01\x02binary")
    code = cli(["--data-dir", str(data), "ingest", str(folder), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert out["articles_added"] == 4
    assert {Path(e["source"]).name for e in out["errors"]} >= {"broken.json", "latin1.txt", "blob.md"}
    assert cli(["--data-dir", str(data), "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert set(stats) == {"articles", "chunks", "newest_published", "last_update", "encoder", "mismatch"}
    assert stats["articles"] == 4 and stats["encoder"] == "all-MiniLM-L6-v2 (torch)" and stats["mismatch"] is None
    assert cli(["--data-dir", str(data), "ingest", str(tmp_path / "nowhere"), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["errors"][0]["error"] == "no such file or folder"
    assert cli(["--data-dir", str(data), "search", "Kallas drones", "--json", "-k", "2"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert KALLAS_DRONES in hits[0]["text"] and hits[0]["published"] is None
    assert cli(["--data-dir", str(data), "ask", "what did Kallas say about drones?", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) >= {"question", "as_of", "window", "abstained", "quotes", "also_reported_by", "closest"}
    assert KALLAS_DRONES in answer["quotes"][0]["text"]
