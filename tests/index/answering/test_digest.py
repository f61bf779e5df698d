"""Digests: stories of a period, copies merged, one exact quote each (fake embedder; one real-model test)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from index import cli
from index.answering.digest import DigestPolicy, make_digest
from index.engine import Engine
from index.models import Article, Digest
from index.render import digest_text
from index.text.timeexpr import parse_period
from tests.conftest import SAVED_PAGE
from tests.fakes import HashEmbedder

STORIES = Path(__file__).resolve().parents[2] / "fixtures" / "stories"
AS_OF = datetime(2026, 3, 9, 18, tzinfo=UTC)
ORDER = {"orig", "copy", "rewrite"}  # one wire story: an original, a copy and a rewrite with an extra paragraph

LIBRARY = """The public library in Kestrelmouth will open on Sundays from April, after the town council agreed on \
Thursday to pay for two more librarians and a longer heating season in the reading rooms.

"People have asked us for Sunday hours for as long as I have worked here," head librarian Marta Osei said at the \
council meeting. "Students in particular have nowhere quiet to go at the weekend."

The extra hours will cost the town about 90,000 crowns a year. Councillor Henrik Dahl, who voted against the plan, \
said the money would have been better spent on repairing the roof of the children's wing, which has leaked since \
the autumn storms.

The library lends around 40,000 books a year and runs a homework club on weekday afternoons. Osei said the Sunday \
opening would start with a reading by local authors and a repair cafe for broken toys and small appliances."""

FERRY = """The island ferry between Fennick Bay and Skarvholm will add a late crossing on Fridays and Saturdays \
for the summer, its operator announced, after a season in which the last boat regularly left passengers behind.

Harbour master Ilse Varga said the late sailing would leave Fennick Bay at 23:15 and return shortly after \
midnight. "We counted more than three hundred people turned away at the pier last July," Varga said.

Tickets for the late crossing will cost the same as daytime fares. The operator said it would review the \
timetable in September once it has a season of passenger counts to look at."""


def fixture_story(name: str, article_id: str, source: str, published: datetime | None) -> Article:
    """A fixture article: its first line is the headline, the rest the body."""
    title, _, body = (STORIES / f"{name}.txt").read_text(encoding="utf-8").partition("\n\n")
    return Article(id=article_id, title=title.strip(), text=body.strip(), source=source,
                   url=f"https://news.example/{article_id}", published=published)


def articles() -> list[Article]:
    return [
        fixture_story("wire_original", "orig", "Northwind Wire", datetime(2026, 3, 4, 8, tzinfo=UTC)),
        fixture_story("wire_copy", "copy", "Fennick Bay Courier", datetime(2026, 3, 4, 11, tzinfo=UTC)),
        fixture_story("wire_rewrite_extra", "rewrite", "Harrowgate Evening Star", datetime(2026, 3, 5, 7, tzinfo=UTC)),
        fixture_story("same_topic_other", "other", "Northwind Wire", datetime(2026, 3, 8, 10, tzinfo=UTC)),
        Article(id="library", title="Kestrelmouth library to open on Sundays", text=LIBRARY, source="Harbour Ledger",
                url="https://news.example/library", published=datetime(2026, 3, 7, 9, tzinfo=UTC)),
        Article(id="old", title="Town approves new sea wall", source="Harbour Ledger", url="https://news.example/old",
                text="The town council approved a new sea wall along the northern beach. Work starts in spring "
                     "and is expected to last two years, the council said in a statement on Monday evening.",
                published=datetime(2026, 1, 12, 9, tzinfo=UTC)),
    ]


@pytest.fixture
def engine(fake_engine: Engine) -> Engine:
    """The fake engine with the fixture articles ingested."""
    fake_engine.ingest_articles(articles())
    return fake_engine


def assert_quotes_exact(engine: Engine, digest: Digest) -> None:
    stored = engine.corpus().articles([s.quote.article_id for s in digest.stories])
    for s in digest.stories:
        q = s.quote
        assert q.article_id == s.headline.article_id == s.article_ids[0]
        assert q.text and stored[q.article_id].article.text[q.start : q.end] == q.text


def story_with(digest: Digest, article_id: str) -> int:
    return next(i for i, s in enumerate(digest.stories) if article_id in s.article_ids)


def test_copies_of_one_story_are_merged_with_also_reported_by(engine: Engine) -> None:
    d = engine.digest("hydrogen trains", as_of=AS_OF)
    story = d.stories[story_with(d, "orig")]
    assert set(story.article_ids) == ORDER
    shown = {story.headline.article_id}
    others = {h.article_id for h in story.also_reported_by}
    assert shown | others == ORDER and not shown & others
    assert all(h.url and h.source for h in story.also_reported_by)
    assert_quotes_exact(engine, d)


def test_two_stories_on_one_topic_stay_apart(engine: Engine) -> None:
    d = engine.digest("hydrogen trains", as_of=AS_OF)
    assert story_with(d, "other") != story_with(d, "orig")
    assert [s.article_ids for s in d.stories if "other" in s.article_ids] == [("other",)]
    assert "library" not in {a for s in d.stories for a in s.article_ids}  # off topic


def test_the_period_filters_stories_by_date(engine: Engine) -> None:
    recent = engine.digest("hydrogen trains", as_of=AS_OF, period="2d")
    assert [s.article_ids for s in recent.stories] == [("other",)]
    assert recent.window.start == AS_OF - timedelta(days=2)
    earlier = engine.digest("hydrogen trains", as_of=datetime(2026, 3, 6, tzinfo=UTC))
    assert {a for s in earlier.stories for a in s.article_ids} == ORDER  # nothing published after as_of


def test_since_date_periods_are_understood(engine: Engine) -> None:
    d = engine.digest("hydrogen trains", as_of=AS_OF, period="since 2026-03-05")
    assert {a for s in d.stories for a in s.article_ids} == {"rewrite", "other"}


def test_an_empty_period_says_so_with_the_newest_story_before_it(engine: Engine) -> None:
    d = engine.digest("hydrogen trains", as_of=AS_OF, period="12h")
    assert d.stories == ()
    assert d.empty_note is not None and d.empty_note.article_id == "other"
    assert "Nothing in this period" in digest_text(d)
    quiet = engine.digest(None, as_of=datetime(2026, 2, 1, tzinfo=UTC))
    assert quiet.stories == () and quiet.empty_note is not None and quiet.empty_note.article_id == "old"


def test_an_undated_article_counts_from_when_it_was_first_seen(engine: Engine) -> None:
    engine.ingest_articles([Article(id="ferry", title="Late ferry added for summer weekends", text=FERRY,
                                    source="Skarvholm Post", url="https://news.example/ferry")])
    now = datetime.now(UTC) + timedelta(minutes=1)  # the test's clock: the article was ingested just now
    d = engine.digest("late ferry crossing", as_of=now, period="24h")
    assert [s.article_ids for s in d.stories] == [("ferry",)]
    story = d.stories[0]
    assert story.first_seen
    assert story.headline.published is not None and now - timedelta(minutes=5) < story.headline.published <= now
    assert "first seen" in digest_text(d)
    dated = engine.digest("hydrogen trains", as_of=AS_OF)
    assert not any(s.first_seen for s in dated.stories)


def test_without_a_topic_the_most_covered_story_comes_first(engine: Engine) -> None:
    d = engine.digest(None, as_of=AS_OF)
    assert d.topic is None
    assert set(d.stories[0].article_ids) == ORDER
    assert {a for s in d.stories for a in s.article_ids} == ORDER | {"other", "library"}
    assert_quotes_exact(engine, d)


def test_the_key_quote_prefers_a_named_speaker(engine: Engine) -> None:
    # With meaning and headline words weighed out, a named speaker outweighs being the opening sentence.
    window = parse_period("7d", AS_OF, UTC)
    policy = DigestPolicy(semantic_weight=0.0, headline_weight=0.0)
    d = make_digest(engine.corpus(), None, None, window=window, as_of=AS_OF, policy=policy)
    for s in d.stories:
        assert s.quote.speaker, s.quote.text
    library = d.stories[story_with(d, "library")].quote
    assert library.speaker is not None and library.speaker.startswith("Marta Osei")
    assert library.text.startswith('"People have asked us')


def test_excluded_articles_take_their_whole_story_out(engine: Engine) -> None:
    d = engine.digest(None, as_of=AS_OF, exclude_article_ids={"copy"})
    assert not {a for s in d.stories for a in s.article_ids} & ORDER
    assert d.stories  # the other stories remain


def test_a_digest_holds_at_most_max_stories(engine: Engine) -> None:
    c = engine.corpus()
    window = parse_period("7d", AS_OF, UTC)
    d = make_digest(c, None, None, window=window, as_of=AS_OF, policy=DigestPolicy(max_stories=2))
    assert len(d.stories) == 2
    assert DigestPolicy().max_stories == 8


def test_digest_article_ids_are_the_keys_to_exclude_next_time(engine: Engine) -> None:
    first = engine.digest(None, as_of=AS_OF)
    again = engine.digest(None, as_of=AS_OF, exclude_article_ids=set(first.article_ids))
    assert again.stories == () and again.empty_note is not None


def test_a_blank_topic_is_the_top_stories(engine: Engine) -> None:
    assert engine.digest("  ", as_of=AS_OF) == engine.digest(None, as_of=AS_OF)


async def test_adigest_runs_in_a_worker_thread(engine: Engine) -> None:
    d = await engine.adigest("hydrogen trains", as_of=AS_OF)
    assert set(d.stories[0].article_ids) | set(d.stories[1].article_ids) == ORDER | {"other"}


def test_cli_digest_prints_json(engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("index.engine.load_embedder", lambda *a, **k: HashEmbedder())
    data_dir = str(engine.settings.data_dir)
    code = cli.main(["--data-dir", data_dir, "digest", "hydrogen trains", "--as-of", "2026-03-09", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"topic", "as_of", "window", "stories", "empty_note"}
    assert out["topic"] == "hydrogen trains" and out["empty_note"] is None
    assert set(out["window"]) == {"start", "end", "phrase"}
    story = out["stories"][0]
    assert set(story) == {"headline", "first_seen", "quote", "also_reported_by", "article_ids"}
    assert set(story["headline"]) == {"article_id", "title", "source", "published", "url"}
    assert {"text", "speaker", "start", "end", "url", "source"} <= set(story["quote"])
    assert {a for s in out["stories"] for a in s["article_ids"]} == ORDER | {"other"}


def test_cli_digest_without_a_topic_prints_text(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("index.engine.load_embedder", lambda *a, **k: HashEmbedder())
    data_dir = str(engine.settings.data_dir)
    assert cli.main(["--data-dir", data_dir, "digest", "--as-of", "2026-03-09", "--period", "7d"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Digest, top stories") and "Also reported by:" in out


def test_real_model_digest_of_the_saved_page_keeps_two_stories_apart(real_engine: Engine) -> None:
    report = real_engine.ingest([str(SAVED_PAGE)])
    assert not report.errors
    d = real_engine.digest("EU South Korea defense")
    by_source = {s.headline.source: s for s in d.stories}
    assert {"The Hangang Herald", "Seoul Morning Wire"} <= set(by_source)
    herald, wire = by_source["The Hangang Herald"], by_source["Seoul Morning Wire"]
    assert set(herald.article_ids).isdisjoint(wire.article_ids)
    stored = real_engine.corpus().articles([herald.quote.article_id, wire.quote.article_id])
    for s in (herald, wire):
        assert s.first_seen  # the page gives no dates: they count from when we read it
        assert stored[s.quote.article_id].article.text[s.quote.start : s.quote.end] == s.quote.text


def test_real_model_digest_of_the_seed_page_keeps_two_stories_apart(real_engine: Engine, seed_path: Path) -> None:
    """The same on the reference page itself (skipped where it is absent)."""
    report = real_engine.ingest([str(seed_path)])
    assert not report.errors
    d = real_engine.digest("EU Japan defense")
    by_source = {s.headline.source: s for s in d.stories}
    assert {"The Japan Times", "Japan Today"} <= set(by_source)
    times, today = by_source["The Japan Times"], by_source["Japan Today"]
    assert set(times.article_ids).isdisjoint(today.article_ids)
    stored = real_engine.corpus().articles([times.quote.article_id, today.quote.article_id])
    for s in (times, today):
        assert s.first_seen  # the page gives no dates: they count from when we read it
        assert stored[s.quote.article_id].article.text[s.quote.start : s.quote.end] == s.quote.text
