"""Cleaning scraped pages into articles: the seed page (when present), our own invented pages, dates and ids."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from index.models import Article
from index.sources import article_id, canonical_url, parse_published, read_path
from index.sources.paragraphs import clean_paragraph
from index.sources.saved_pages import looks_like_page, split_page
from tests.conftest import SAVED_PAGE, SEED, needs_seed

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "sources"

# Page furniture in the seed that must not reach any article's text.
SEED_CLUTTER = [
    "logo",
    "13 hours ago",
    "minutes ago",
    "an hour ago",
    "•",
    "CECIL FUNG",
    " |",
    "Orange background",
    "Try Our AI Features",
    "Explore what",
    "No comments yet",
    "Comments",
    "Related Articles",
    "DOWNLOAD THE APP",
    "Download",
    "app-store",
    "play-store",
    "©",
    "All rights reserved",
    "(David Mareuil",
    "via AP)",
    "By MARI YAMAGUCHI",
    "(Photo by",
    "KENSHO MOTOWAKI",
    "join hands prior a meeting",  # the Japan Today photo caption
    "Komatsu expects its ROE",  # the Nikkei photo caption
]
KALLAS_DRONES = (
    'EU foreign policy chief Kaja Kallas said Wednesday that she sees "a lot of room for cooperation" between '
    "the European and Japanese defense and security industries, particularly in technology-driven areas like "
    "cyber and dual-use systems such as drones."
)


# The same furniture in our own saved page, written in the seed's shape (tests/fixtures/sources/alliance_page.txt).
PAGE_CLUTTER = [
    "logo",
    "11 hours ago",
    "hours ago",
    "minutes ago",
    "an hour ago",
    "Hangang Herald11",
    "•",
    "JONAH PRILL",
    " |",
    "Teal banner",
    "Try Our Smart Summaries",
    "Explore the",
    "Pagewise",
    "No comments",
    "Comments",
    "Related Articles",
    "GET THE APP",
    "Download",
    "app-store",
    "play-store",
    "©",
    "All rights reserved",
    "Republication without",
    "(Paulo Reyes",
    "Pool Photo via Coastline Press",
    "By HANA SEO",
    "(Photo: Elin Dahl)",
    "By MARCUS OYELARAN",
    "(Photo by",
    "SUNWOO BAEK",
    "shake hands before their talks",  # the Seoul Morning Wire photo caption
    "arrives for talks in Geneva",  # the KBX photo caption
    "Workers leave a shipyard in Ulsan",  # the Asia Markets Daily photo caption
    "feel the squeeze from a stronger won",  # and the kicker above it
]
LEINONEN_DRONES = (
    'EU foreign policy chief Marta Leinonen said Tuesday that she sees "plenty of unused potential" for European '
    "and South Korean arms makers to work together, above all on drones that can serve both civilian and military "
    "ends and on the defense of computer networks."
)


@pytest.fixture(scope="module")
def seed_articles() -> list[Article]:
    articles, errors = read_path(SEED)
    assert errors == []
    return articles


@pytest.fixture(scope="module")
def page_articles() -> list[Article]:
    articles, errors = read_path(SAVED_PAGE)
    assert errors == []
    return articles


@needs_seed
def test_seed_page_gives_main_story_and_three_related_articles(seed_articles: list[Article]) -> None:
    assert [(a.title, a.source) for a in seed_articles] == [
        ("EU and Japan aim for deeper defense cooperation in high-tech arena", "The Japan Times"),
        ("EU and Japan agree to work together to promote free trade and economic security", "Japan Today"),
        ("US pushes talks with other partners after Japan deal", "NHK"),
        ("Corporate Japan's ROE projected to hit lowest level in 5 years", "Nikkei Asia"),
    ]


@needs_seed
@pytest.mark.parametrize("clutter", SEED_CLUTTER)
def test_seed_articles_carry_no_site_clutter(seed_articles: list[Article], clutter: str) -> None:
    for article in seed_articles:
        assert clutter not in article.text, f"{clutter!r} left in {article.title!r}"


@needs_seed
def test_seed_titles_are_not_repeated_in_the_text(seed_articles: list[Article]) -> None:
    for article in seed_articles:
        assert article.title not in article.text


@needs_seed
def test_seed_kallas_drones_sentence_survives_verbatim(seed_articles: list[Article]) -> None:
    assert seed_articles[0].text.startswith(KALLAS_DRONES + "\n")


@needs_seed
def test_seed_text_is_made_of_verbatim_slices_of_the_page(seed_articles: list[Article]) -> None:
    page = SEED.read_text(encoding="utf-8")
    for article in seed_articles:
        for paragraph in article.text.split("\n"):
            assert paragraph and paragraph in page


@needs_seed
def test_seed_main_story_keeps_every_paragraph_as_its_own_line(seed_articles: list[Article]) -> None:
    main = seed_articles[0].text.split("\n")
    assert len(main) == 22
    assert main[-1].startswith("The latest development follows last November's launch")


@needs_seed
def test_seed_related_stories_start_after_caption_and_byline(seed_articles: list[Article]) -> None:
    _, japan_today, nhk, nikkei = seed_articles
    assert japan_today.text.startswith("Leaders of the European Union and Japan launched an alliance")
    assert japan_today.text.endswith("challenges in Europe and Indo-Pacific are inseparable.")
    assert nhk.text.startswith("With his tariff deadline approaching on August 1")
    assert nikkei.text.startswith("TOKYO -- Return on equity at Japan-listed companies")


@needs_seed
def test_seed_bylines_move_to_authors(seed_articles: list[Article]) -> None:
    assert [a.authors for a in seed_articles] == [(), ("Mari Yamaguchi",), (), ("Kensho Motowaki",)]


@needs_seed
def test_seed_relative_times_give_no_published_date(seed_articles: list[Article]) -> None:
    assert all(a.published is None for a in seed_articles)


@needs_seed
def test_seed_articles_have_distinct_stable_ids(seed_articles: list[Article]) -> None:
    again, _ = read_path(SEED)
    assert [a.id for a in again] == [a.id for a in seed_articles]
    assert len({a.id for a in seed_articles}) == 4
    assert all(a.id.startswith("f:") and a.origin == str(SEED) for a in seed_articles)


def test_saved_page_gives_main_story_and_three_related_articles(page_articles: list[Article]) -> None:
    assert [(a.title, a.source) for a in page_articles] == [
        ("EU and South Korea look to pool defense know-how in drones and cyber", "The Hangang Herald"),
        ("EU and South Korea launch partnership to shield trade from economic pressure", "Seoul Morning Wire"),
        ("Trade ministers race to close supply deals before year-end deadline", "KBX"),
        ("Korean exporters' profit margins forecast to shrink to six-year low", "Asia Markets Daily"),
    ]


@pytest.mark.parametrize("clutter", PAGE_CLUTTER)
def test_saved_page_articles_carry_no_site_clutter(page_articles: list[Article], clutter: str) -> None:
    for article in page_articles:
        assert clutter not in article.text, f"{clutter!r} left in {article.title!r}"


def test_saved_page_titles_are_not_repeated_in_the_text(page_articles: list[Article]) -> None:
    for article in page_articles:
        assert article.title not in article.text


def test_saved_page_leinonen_drones_sentence_survives_verbatim(page_articles: list[Article]) -> None:
    assert page_articles[0].text.startswith(LEINONEN_DRONES + "\n")


def test_saved_page_text_is_made_of_verbatim_slices_of_the_page(page_articles: list[Article]) -> None:
    page = SAVED_PAGE.read_text(encoding="utf-8")
    for article in page_articles:
        for paragraph in article.text.split("\n"):
            assert paragraph and paragraph in page


def test_saved_page_main_story_keeps_every_paragraph_as_its_own_line(page_articles: list[Article]) -> None:
    main = page_articles[0].text.split("\n")
    assert len(main) == 22
    assert main[-1].startswith("The summit builds on a security and defense partnership signed last year")


def test_saved_page_related_stories_start_after_caption_and_byline(page_articles: list[Article]) -> None:
    _, wire, kbx, markets = page_articles
    assert wire.text.startswith("Leaders of the European Union and South Korea on Tuesday launched a partnership")
    assert wire.text.endswith("officials on both sides now describe the safety of the two as closely connected.")
    assert kbx.text.startswith("With a year-end deadline for a new round of import duties approaching")
    assert markets.text.startswith("SEOUL -- Profit margins at South Korea's largest listed exporters")


def test_saved_page_bylines_move_to_authors(page_articles: list[Article]) -> None:
    assert [a.authors for a in page_articles] == [(), ("Hana Seo",), ("Marcus Oyelaran",), ("Sunwoo Baek",)]


def test_saved_page_relative_times_give_no_published_date(page_articles: list[Article]) -> None:
    assert all(a.published is None for a in page_articles)


def test_saved_page_articles_have_distinct_stable_ids(page_articles: list[Article]) -> None:
    again, _ = read_path(SAVED_PAGE)
    assert [a.id for a in again] == [a.id for a in page_articles]
    assert len({a.id for a in page_articles}) == 4
    assert all(a.id.startswith("f:") and a.origin == str(SAVED_PAGE) for a in page_articles)


def test_invented_harbour_page_splits_like_the_seed() -> None:
    articles, errors = read_path(FIXTURES / "harbour_page.txt")
    assert errors == []
    assert [(a.title, a.source, a.authors) for a in articles] == [
        ("Westmere ferry terminal opens after six years of delays", "Harbour Gazette", ("Clara Jennings",)),
        ("Island school gets a new roof before winter", "Coastline Weekly", ("Marta Voss",)),
        ("Fishing quotas to stay the same next year", "Bay Radio", ("Sam Ikeda",)),
    ]
    main, school, quotas = articles
    assert "What happens to the old slipway" in main.text.split("\n")  # a subheading stays
    for clutter in ("Advertisement", "LENA ORTIZ", "Passengers wait", "Share this", "newsletter", "You may also"):
        assert clutter not in main.text
    assert school.text.startswith("The island school will reopen next week")
    assert school.text.endswith("Parents had campaigned for two years for the repairs.")
    assert quotas.text.startswith("WESTMERE -- Fishing crews will be allowed")
    assert all("©" not in a.text and "Photo" not in a.text for a in articles)


def test_invented_valley_page_finds_masthead_byline_and_date() -> None:
    [article], errors = read_path(FIXTURES / "valley_page.txt")
    assert errors == []
    assert article.title == "Rainfall record broken in the upper valley"
    assert article.source == "Valley Courier"
    assert article.authors == ("Priya Natarajan", "Owen Hale")
    assert article.published == datetime(2024, 3, 3, tzinfo=UTC)
    lines = article.text.split("\n")
    assert lines[0].startswith("Weather stations in the upper valley")
    assert "Farmers warn of a late planting season" in lines
    for clutter in ("Home |", "Search", "Sign in", "Listen", "Volunteers fill sandbags", "Comments", "app"):
        assert clutter not in article.text


def test_page_rules_keep_story_sentences_that_resemble_clutter() -> None:
    page = "\n".join(
        [
            "Mill Town Echo",
            "Subscribe",
            "Sign in",
            "Old mill reopens as a library",
            "Old mill reopens as a library",
            "Mill Town Echo · 4 hours ago",
            "The old cotton mill closed 30 years ago.",  # "... ago" inside a sentence is not a time line
            "Advertisement",
            "The mayor declined to make comments on the final cost of the work, which ran over budget.",
            "Advertisement",
            "Readers can download the full report from the council website, the mayor said on Friday.",
            "The key dates ahead",
            "March 3, 2024",  # a date under a subheading does not start a new story
            "The library opens to the public on the first Monday of April.",
            "Related stories",
        ]
    )
    [draft] = split_page(page)
    assert (draft.title, draft.source) == ("Old mill reopens as a library", "Mill Town Echo")
    assert draft.paragraphs == [
        "The old cotton mill closed 30 years ago.",
        "The mayor declined to make comments on the final cost of the work, which ran over budget.",
        "Readers can download the full report from the council website, the mayor said on Friday.",
        "The key dates ahead",
        "The library opens to the public on the first Monday of April.",
    ]


def test_plain_article_text_is_not_taken_for_a_page() -> None:
    text = (
        "Council approves new cycle lanes\n"
        "The city council approved three new cycle lanes on Tuesday.\n"
        "Work is due to start in the summer and finish before the end of the year.\n"
    )
    assert not looks_like_page(text)
    assert looks_like_page(FIXTURES.joinpath("valley_page.txt").read_text())


@pytest.mark.parametrize(
    ("paragraph", "kept", "authors"),
    [
        # a caption set into the running text goes with its credit; the byline becomes an author
        (
            "Crowds gather at the quay on Monday. (Photo by Ana Lima) By ANA LIMA The quay reopened on Monday.",
            "The quay reopened on Monday.",
            ["Ana Lima"],
        ),
        # a credit closing a paragraph goes alone: the sentence may be the story itself
        (
            "The bridge reopened on Monday after repairs. (Image credit: Joe Bloggs/Reuters)",
            "The bridge reopened on Monday after repairs.",
            [],
        ),
        # a bare agency in a dateline is not a photo credit
        ("LONDON (Reuters) - Prices rose in May.", "LONDON (Reuters) - Prices rose in May.", []),
        ('The film "Harbour Lights" (Northern Pictures) opens today.',
         'The film "Harbour Lights" (Northern Pictures) opens today.', []),
        # copyright notices at the end of a story go
        (
            "Prices rose in May. © 2024 Example Wire. All rights reserved. Not to be republished.",
            "Prices rose in May.",
            [],
        ),
        # abbreviations do not end the caption sentence early
        (
            "Workers load U.S. grain at the port. (AP Photo/Kim Lee) Exports rose in May.",
            "Exports rose in May.",
            [],
        ),
    ],
)
def test_clean_paragraph_removes_captions_credits_bylines_and_copyright(
    paragraph: str, kept: str, authors: list[str]
) -> None:
    assert clean_paragraph(paragraph) == (kept, authors)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-07-23", datetime(2025, 7, 23, tzinfo=UTC)),
        ("2025-07-23T10:00:00Z", datetime(2025, 7, 23, 10, tzinfo=UTC)),
        ("2025-07-23T10:00:00", datetime(2025, 7, 23, 10, tzinfo=UTC)),
        ("2025-07-23 10:00:00+09:00", datetime(2025, 7, 23, 10, tzinfo=timezone(timedelta(hours=9)))),
        ("Wed, 23 Jul 2025 10:00:00 GMT", datetime(2025, 7, 23, 10, tzinfo=UTC)),
        ("Wed, 23 Jul 2025 10:00:00 -0400", datetime(2025, 7, 23, 14, tzinfo=UTC)),
        ("July 23, 2025", datetime(2025, 7, 23, tzinfo=UTC)),
        ("Updated 2:30 PM EDT, Sun November 27, 2022", datetime(2022, 11, 27, 18, 30, tzinfo=UTC)),
        ("13 hours ago", None),
        ("yesterday", None),
        ("just now", None),
        ("garbage", None),
        ("2025", None),
        ("May", None),
        ("2025-02-30", None),
        ("1970-01-01T00:00:00Z", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_published_is_aware_and_never_guesses(value: str | None, expected: datetime | None) -> None:
    parsed = parse_published(value)
    assert parsed == expected
    assert parsed is None or parsed.tzinfo is not None


def test_canonical_url_drops_tracking_fragment_case_and_trailing_slash() -> None:
    url = "HTTPS://News.Example.COM:443/World/Story/?id=7&utm_source=x&fbclid=y&gclid=z#comments"
    assert canonical_url(url) == "https://news.example.com/World/Story?id=7"


def test_article_id_prefers_url_then_file_position_then_text() -> None:
    by_url = article_id(url="https://example.com/a/?utm_medium=rss", origin="/x", text="t")
    assert by_url == article_id(url="https://EXAMPLE.com/a#top")
    assert by_url.startswith("u:") and len(by_url) == 18
    by_file = article_id(origin="/corpus/", locator="news.jsonl#3", text="one")
    assert by_file == article_id(origin="/corpus/", locator="news.jsonl#3", text="two")
    assert by_file.startswith("f:") and by_file != article_id(origin="/corpus/", locator="news.jsonl#4")
    assert article_id(text="same words") == article_id(text="same words")
    assert article_id(text="same words").startswith("h:")


# --- pages that are not the seed: our own 42 pages, saved two ways -------------------------------------------

PAGES = ROOT / "tests" / "fixtures" / "pages"


@pytest.fixture(scope="module")
def page_bench():  # type: ignore[no-untyped-def]
    """bench/cleaning.py's checks (one source of truth for what a clean page is)."""
    import importlib

    return importlib.import_module("bench.cleaning")


@pytest.mark.parametrize("style", ["copy", "wrapped"])
def test_saved_pages_give_one_article_with_the_body_kept_and_the_chrome_removed(page_bench, style: str) -> None:  # type: ignore[no-untyped-def]
    manifest = json.loads((PAGES / "manifest.json").read_text(encoding="utf-8"))
    results = [page_bench.check_page(p, PAGES, style) for p in manifest["pages"]]
    clean = [r for r in results if r.clean]
    assert len(results) == 42
    assert len(clean) >= 40, [f"{r.name}: {r.problems}" for r in results if not r.clean]
    assert sum(r.articles for r in results) == 42  # never a teaser, sidebar, comment or cookie notice as a story
    assert sum(r.title_right for r in results) >= 40 and sum(r.outlet_right for r in results) >= 40


@pytest.mark.parametrize("style", ["copy", "wrapped"])
def test_a_page_splits_only_where_it_really_holds_several_stories(page_bench, style: str) -> None:  # type: ignore[no-untyped-def]
    manifest = json.loads((PAGES / "manifest.json").read_text(encoding="utf-8"))
    for page in manifest["multi"]:
        ok, problems = page_bench.check_multi(page, PAGES, style)
        assert ok, (page["file"], problems)


def test_the_wrapped_pages_are_what_the_wrap_script_makes_of_the_copies() -> None:
    import importlib

    wrap = importlib.import_module("tests.fixtures.pages.wrap")
    for page in sorted((PAGES / "copy").glob("*.txt")):
        expected = wrap.wrap_page(page.read_text(encoding="utf-8"))
        assert (PAGES / "wrapped" / page.name).read_text(encoding="utf-8") == expected, page.name
        assert max(len(line) for line in expected.splitlines() if "  " not in line) <= 80


STORY_LINES = [
    "The harbour board voted on Tuesday to build a stone breakwater across the mouth of the old basin.",
    "Work on the foundations is due to begin in March, once the spawning season in the basin is over.",
    "\"Every winter we lose a boat or a stretch of the wall,\" said the chair of the board, Tomas Reyes.",
]


def _page(*parts: list[str]) -> str:
    return "\n".join(line for part in parts for line in part)


def test_teaser_lists_and_sidebars_never_become_stories() -> None:
    page = _page(
        ["Quay Post", "Menu", "Log In", "Breakwater approved after ten years", "By Ana Lima", "4 Min Read", "•"],
        STORY_LINES,
        ["Most Read", "Council to review parking charges in the old town",
         "The council will look again at what drivers pay to park near the harbour.",
         "Road works to close the ring road at night", "2 hours ago",
         "Night closures start on Monday and last for three weeks, the highways office said."],
    )
    [draft] = split_page(page)
    assert (draft.title, draft.source, draft.authors) == ("Breakwater approved after ten years", "Quay Post", ["Ana Lima"])
    assert draft.paragraphs == STORY_LINES


def test_a_related_story_whose_outlet_has_a_long_name_is_still_a_story() -> None:
    """An outlet's name over its bullet ("Harbour Evening Standard" / "• Harbour Evening Standard") is not a second
    headline, whatever its length: the related story keeps its header and is split off."""

    def related(headline: str, outlet: str, body: str) -> list[str]:
        return [headline, headline, "", outlet, "", "time2 hours ago", "", f"  • {outlet}", "", headline, "", body]

    school = ("The island school will reopen next week after a new roof was fitted over the summer holidays. "
              "Builders finished the work two weeks early and under budget, the head teacher said on Monday. "
              "Parents had campaigned for two years for the repairs.")
    quotas = ("Fishing crews will be allowed to land the same amount of cod and haddock next year as this year. "
              "The harbour office said stocks in the bay had held steady since the last count. "
              "Crews had feared a cut of a fifth.")
    page = _page(
        ["Quay Post", "Breakwater approved after ten years", "Breakwater approved after ten years",
         "Quay Post2 hours ago"],
        STORY_LINES,
        ["Related Articles", ""],
        related("Island school gets a new roof before winter", "Harbour Evening Standard", school),
        ["", ""],
        related("Fishing quotas to stay the same next year", "The Upper Bay Times", quotas),
    )
    drafts = split_page(page)
    assert [(d.title, d.source) for d in drafts] == [
        ("Breakwater approved after ten years", "Quay Post"),
        ("Island school gets a new roof before winter", "Harbour Evening Standard"),
        ("Fishing quotas to stay the same next year", "The Upper Bay Times"),
    ]
    assert drafts[1].paragraphs == [school] and drafts[2].paragraphs == [quotas]


def test_cookie_notices_and_form_labels_are_never_stored_as_articles() -> None:
    page = _page(
        ["We use cookies to improve your experience and to show you relevant advertising. By clicking Accept, you "
         "agree to our use of cookies.", "Accept all", "Reject all", "Harbour Times", "Breakwater approved"],
        STORY_LINES,
        ["Leave a Reply", "Your email address will not be published. Required fields are marked *", "Comment *",
         "Name *", "Email *", "Save my name, email, and website in this browser for the next time I comment.",
         "Post Comment"],
    )
    [draft] = split_page(page)
    assert draft.paragraphs == STORY_LINES
    assert not any(t in draft.title for t in ("cookies", "Accept", "Name *"))


def test_a_comment_thread_and_an_authors_note_are_not_the_story() -> None:
    page = _page(
        ["Fieldnotes", "Breakwater approved after ten years", "Ana Lima", "Nov 12, 2026 · 6 min read"],
        STORY_LINES,
        ["Share this post", "Ana Lima", "Ana Lima writes about harbours and the people who work in them.",
         "3 Comments", "Kit M", "2 days ago",
         "Lovely piece. It reminded me of the summers I spent near there as a child, long before any of this was "
         "built, when the old wall still stood and the boats came in every evening with the tide.",
         "Reply", "© 2026 Fieldnotes"],
    )
    [draft] = split_page(page)
    assert draft.paragraphs == STORY_LINES and draft.source == "Fieldnotes"


def test_hard_wrapped_paragraphs_are_rejoined_and_short_lines_left_alone() -> None:
    from index.sources.texts import unwrap

    long = " ".join(STORY_LINES)
    import textwrap

    lines = ["Quay Post", "Menu", "Breakwater approved after ten years", ""]
    lines += textwrap.wrap(long, 72) + [""] + textwrap.wrap(STORY_LINES[0] + " " + STORY_LINES[1], 72)
    lines += ["", "Reports can be sent by email:", "tips@quaypost.example", "Share", "Print"]
    assert unwrap(lines) == [
        "Quay Post", "Menu", "Breakwater approved after ten years", "", long, "",
        STORY_LINES[0] + " " + STORY_LINES[1], "", "Reports can be sent by email:", "tips@quaypost.example",
        "Share", "Print",
    ]


def test_a_headline_printed_twice_across_the_whole_width_is_not_joined_to_itself() -> None:
    from index.sources.texts import unwrap

    long = " ".join(STORY_LINES)
    import textwrap

    headline = "Harbour board approves a stone breakwater across the old fishing basin"  # 70 of 72 columns
    lines = textwrap.wrap(long, 72) + ["", "Related Articles", "", headline, headline, "", "Quay Post"]
    assert unwrap(lines) == [long, "", "Related Articles", "", headline, headline, "", "Quay Post"]


@pytest.mark.parametrize("page", [SAVED_PAGE, pytest.param(SEED, marks=needs_seed)], ids=["ours", "seed"])
def test_a_saved_page_dumped_by_a_text_mode_browser_gives_the_same_stories_as_its_copy(page: Path) -> None:
    import importlib

    from index.sources.texts import parse_text

    wrap = importlib.import_module("tests.fixtures.pages.wrap")
    copy = page.read_text(encoding="utf-8")
    stories = [(d.title, d.source, d.authors) for d in parse_text(copy)]
    assert len(stories) == 4
    assert [(d.title, d.source, d.authors) for d in parse_text(wrap.wrap_page(copy))] == stories


def test_table_rows_and_email_lines_are_kept_in_a_saved_page() -> None:
    page = _page(
        ["Quay Post", "Menu", "Log In", "By-election result announced", "By Ana Lima", "Nov. 17, 2026"],
        STORY_LINES[:2],
        ["The full results were:", "Candidate\tVotes\tShare", "Aisha Karim\t1,402\t41.2%", "Peter Vance\t1,188\t34.9%"],
        STORY_LINES[2:],
        ["Questions about the count can be sent to the elections office:", "elections@quay-council.example",
         "Share", "Related", "Council to review parking charges in the old town"],
    )
    [draft] = split_page(page)
    assert draft.paragraphs == [
        *STORY_LINES[:2], "The full results were:", "| Candidate | Votes | Share |", "| Aisha Karim | 1,402 | 41.2% |",
        "| Peter Vance | 1,188 | 34.9% |", *STORY_LINES[2:],
        "Questions about the count can be sent to the elections office:", "elections@quay-council.example",
    ]


def test_table_rows_and_email_lines_are_kept_in_an_extracted_html_page() -> None:
    from index.sources.extract import extract_html

    html = (
        "<html><head><title>By-election result announced</title></head><body><article>"
        "<h1>By-election result announced</h1>" + "".join(f"<p>{s}</p>" for s in STORY_LINES) +
        "<table><tr><th>Candidate</th><th>Votes</th><th>Share</th></tr>"
        "<tr><td>Aisha Karim</td><td>1,402</td><td>41.2%</td></tr></table>"
        "<p>Questions about the count can be sent to the elections office:</p>"
        "<p>elections@quay-council.example</p></article></body></html>"
    )
    draft = extract_html(html)
    assert draft is not None
    assert "| Aisha Karim | 1,402 | 41.2% |" in draft.paragraphs
    assert "| Candidate | Votes | Share |" in draft.paragraphs
    assert draft.paragraphs[-1] == "elections@quay-council.example"
