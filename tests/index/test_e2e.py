"""End to end with the real bundled model, a real Chroma and real HTTP on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from index.cli import main as cli
from index.engine import Engine
from tests.conftest import SAMPLE_NEWS, SAVED_PAGE
from tests.local_http import QuietHandler, serving

KALLAS_DRONES = "a lot of room for cooperation"
LEINONEN_DRONES = "plenty of unused potential"


@pytest.fixture
def seeded(real_engine: Engine) -> Engine:
    """The engine over our own saved page: a main story and three related ones, in the seed page's shape."""
    rep = real_engine.ingest([str(SAVED_PAGE)])
    assert rep.errors == []
    return real_engine


def test_the_saved_page_becomes_four_articles_and_reingesting_embeds_nothing(seeded: Engine) -> None:
    assert seeded.stats().articles == 4
    again = seeded.ingest([str(SAVED_PAGE)])
    assert (again.articles_unchanged, again.chunks_embedded) == (4, 0)


def test_search_ranks_the_hangang_herald_leinonen_chunk_first(seeded: Engine) -> None:
    top = seeded.search("what did Leinonen say about drones?")[0]
    assert "Hangang Herald" in top.source
    assert LEINONEN_DRONES in top.text and "drones" in top.text


def test_ask_quotes_leinonen_on_drones_attributed_with_unknown_date(seeded: Engine) -> None:
    answer = seeded.ask("what did Leinonen say about drones?")
    assert not answer.abstained
    q = answer.quotes[0]
    assert LEINONEN_DRONES in q.text and "drones" in q.text
    assert q.speaker == "Marta Leinonen, EU foreign policy chief"
    assert q.source == "The Hangang Herald" and q.published is None
    stored = seeded.corpus().articles([q.article_id])[q.article_id].article.text
    assert stored[q.start : q.end] == q.text


def test_ask_quotes_leinonen_on_rare_earths(seeded: Engine) -> None:
    answer = seeded.ask("What did Leinonen say about rare earths?")
    assert not answer.abstained
    assert "export limits on the rare earth magnets" in answer.quotes[0].text
    assert answer.quotes[0].speaker and "Leinonen" in answer.quotes[0].speaker


def test_ask_quotes_kallas_on_drones_from_the_seed_page(real_engine: Engine, seed_path: Path) -> None:
    """The question the product was specified with, on the reference page itself (skipped where it is absent)."""
    assert real_engine.ingest([str(seed_path)]).errors == []
    answer = real_engine.ask("what did Kallas say about drones?")
    assert not answer.abstained
    q = answer.quotes[0]
    assert KALLAS_DRONES in q.text and "drones" in q.text
    assert q.speaker is not None and q.speaker.startswith("Kaja Kallas") and "foreign policy chief" in q.speaker
    assert "Japan Times" in q.source and q.published is None
    stored = real_engine.corpus().articles([q.article_id])[q.article_id].article.text
    assert stored[q.start : q.end] == q.text


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
    with serving(handler) as base:
        yield base


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
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "cli-data"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAVED_PAGE, folder / "page.txt")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("caf\xe9 news\n\nThe caf\xe9 reopened.".encode("latin-1"))
    (folder / "blob.md").write_bytes(b"\x00\x01\x02binary")
    code = cli(["--data-dir", str(data), "ingest", str(folder), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert out["articles_added"] == 5  # the saved page's four and the Latin-1 file, decoded
    assert {Path(e["source"]).name for e in out["errors"]} == {"broken.json", "blob.md"}
    assert cli(["--data-dir", str(data), "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert set(stats) == {"articles", "chunks", "newest_published", "last_update", "encoder", "mismatch"}
    assert stats["articles"] == 5 and stats["encoder"] == "all-MiniLM-L6-v2 (torch)" and stats["mismatch"] is None
    assert cli(["--data-dir", str(data), "ingest", str(tmp_path / "nowhere"), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["errors"][0]["error"] == "no such file or folder"
    assert cli(["--data-dir", str(data), "search", "Leinonen drones", "--json", "-k", "2"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert LEINONEN_DRONES in hits[0]["text"] and hits[0]["published"] is None
    assert cli(["--data-dir", str(data), "ask", "what did Leinonen say about drones?", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) >= {"question", "as_of", "window", "abstained", "quotes", "also_reported_by", "closest"}
    assert LEINONEN_DRONES in answer["quotes"][0]["text"]


# --- a folder of everything a user will feed it -------------------------------------------------------------

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
SHARED_LINK = "https://quay.example/2026/11/17/breakwater"
HOSTILE_STORY = (
    "The harbour board voted on Tuesday to build a stone breakwater across the mouth of the old fishing basin. "
    "Work on the foundations is due to begin in March, once the spawning season in the basin is over."
)


def _hostile_folder(folder: Path) -> dict[str, str]:
    """Write every kind of input into folder; return file name -> the start of its one error line."""
    folder.mkdir()
    shutil.copy(PAGES / "copy" / "01-morning-ledger.txt", folder / "page-copy.txt")
    shutil.copy(PAGES / "wrapped" / "07-metro-daily.txt", folder / "page-wrapped.txt")
    (folder / "latin1.txt").write_bytes("Café reopens on the quay\nThe café on the quay reopened on Monday.".encode("latin-1"))
    (folder / "utf16.md").write_bytes("Zoë's bakery\n\nThe bakery in Mill Lane opened its doors again.".encode("utf-16"))
    (folder / "utf32.txt").write_bytes("Été au port\nLe port accueille les voiliers tout l'été.".encode("utf-32"))
    item = f"<item><title>Breakwater approved</title><link>{SHARED_LINK}</link><description>{HOSTILE_STORY}</description></item>"
    (folder / "a-quay.rss").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Quay Post</title>{item}'
        "<item><title>No link, no text</title><description> </description></item></channel></rss>", encoding="utf-8")
    (folder / "b-harbour.json").write_text(json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Harbour Notes",
        "items": [{"id": "1", "url": SHARED_LINK, "title": "Breakwater approved", "content_text": HOSTILE_STORY}]}),
        encoding="utf-8")
    (folder / "odd.json").write_text(json.dumps([{"title": "Sign", "text": "년"},
                                                 {"title": "Saying", "text": "It is what it is."}]), encoding="utf-8")
    with (folder / "huge.txt").open("w", encoding="utf-8") as f:
        f.write("A very long log\n")
        for n in range(3000):
            f.write(f"Entry {n} of the harbour log: the board met on the quay and talked about the ferry.\n")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "empty.md").write_text("   \n", encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    return {
        "a-quay.rss#2": "feed entry has no text",
        "huge.txt": "article too long to index",
        "photo.txt": "binary file, not text",
        "empty.md": "empty file",
        "broken.json": "invalid JSON",
    }


class _SlowSite(QuietHandler):
    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        try:
            if self.path == "/slow":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(40):  # a byte every 300 ms, 12 s in all: far past the deadline
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.3)
            else:
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(64 * 2**20))
                self.end_headers()
        except (BrokenPipeError, ConnectionResetError):
            pass


def test_cli_ingest_of_a_folder_of_hostile_inputs_reports_each_once_keeps_the_rest_and_loses_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSBOT_HTTP_DEADLINE", "1.5")
    monkeypatch.setenv("NEWSBOT_MAX_ARTICLE_MB", "0.1")
    data = tmp_path / "data"
    assert cli(["--data-dir", str(data), "ingest", str(SAMPLE_NEWS / "wire_roundup.jsonl"), "--json"]) == 0
    before = json.loads(capsys.readouterr().out)["articles_added"]
    expected = _hostile_folder(tmp_path / "in")
    with serving(_SlowSite) as base, caplog.at_level("WARNING", logger="index"):
        code = cli(["--data-dir", str(data), "ingest", str(tmp_path / "in"), f"{base}/slow", f"{base}/huge"])
    out, err = capsys.readouterr()
    assert code == 1
    # two saved pages, three other encodings, the shared story once, the two odd JSON records
    assert out.startswith("added 8, updated 0, unchanged 1, removed 0;"), out
    lines = err.splitlines()
    assert all(line.startswith("error: ") for line in lines) and "Traceback" not in err
    got = {line.removeprefix("error: ").split(": ", 1)[0]: line.split(": ", 2)[2] for line in lines}
    folder = str((tmp_path / "in").resolve())
    want = {f"{folder}/{name}": reason for name, reason in expected.items()}
    want[f"{base}/slow"] = "download took longer than 1.5 s"
    want[f"{base}/huge"] = "too large (over the 10 MB limit)"
    assert sorted(got) == sorted(want) and len(lines) == len(want)
    for source, reason in want.items():
        assert got[source].startswith(reason), (source, got[source])
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == []
    assert cli(["--data-dir", str(data), "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == before + 8  # nothing already indexed was lost
    assert cli(["--data-dir", str(data), "search", "undersea cable drill, harbour breakwater", "--json", "-k", "6"]) == 0
    hits = " ".join(hit["text"] for hit in json.loads(capsys.readouterr().out))
    assert "cable" in hits and "breakwater" in hits  # the old article and the new ones answer; "년" breaks nothing
