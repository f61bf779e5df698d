"""Reading local files and folders: every format, front matter, ids, and every kind of bad input."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from index.models import IngestError
from index.sources import read_path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"

STORY = (
    "The city council approved three new cycle lanes on Tuesday.\n"
    "Work is due to start in the summer and finish before the end of the year.\n"
)


def _one_line(errors: list[IngestError]) -> None:
    for error in errors:
        assert error.error and "\n" not in error.error and "Traceback" not in error.error


def test_plain_text_first_line_is_title_rest_is_body(tmp_path: Path) -> None:
    path = tmp_path / "lanes.txt"
    path.write_text("\nCouncil approves new cycle lanes\n\n" + STORY, encoding="utf-8")
    [article], errors = read_path(path)
    assert errors == []
    assert article.title == "Council approves new cycle lanes"
    assert article.text == STORY.strip()
    assert (article.source, article.url, article.authors, article.published) == ("", "", (), None)
    assert (article.origin, article.locator) == (str(path), "lanes.txt")


def test_hard_wrapped_text_is_joined_into_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "Council approves new cycle lanes\n\n"
        "The city council approved three new cycle lanes on Tuesday after a\n"
        "long debate about parking.\n\n"
        "Work is due to start in the summer and finish before the end of\n"
        "the year.\n",
        encoding="utf-8",
    )
    [article], _ = read_path(path)
    assert article.text == (
        "The city council approved three new cycle lanes on Tuesday after a long debate about parking.\n"
        "Work is due to start in the summer and finish before the end of the year."
    )


def test_front_matter_sets_title_outlet_url_date_and_authors(tmp_path: Path) -> None:
    path = tmp_path / "lanes.md"
    path.write_text(
        "---\n"
        "title: Council approves new cycle lanes\n"
        "source: The Riverside Post\n"
        "url: https://post.example/lanes?utm_source=x\n"
        "published: 2024-05-14T09:30:00+02:00\n"
        "authors: Ana Lima, Tom Reed\n"
        "---\n\n" + STORY,
        encoding="utf-8",
    )
    [article], errors = read_path(path)
    assert errors == []
    assert article.title == "Council approves new cycle lanes"
    assert article.source == "The Riverside Post"
    assert article.url == "https://post.example/lanes?utm_source=x"
    assert article.published == datetime(2024, 5, 14, 7, 30, tzinfo=UTC)
    assert article.authors == ("Ana Lima", "Tom Reed")
    assert article.id.startswith("u:")
    assert article.text == " ".join(STORY.split("\n")).strip()  # one Markdown paragraph


def test_markdown_syntax_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "lanes.md"
    path.write_text(
        "# Council approves new cycle lanes\n\n"
        "The **city council** approved [three new lanes](https://x.example/lanes) on Tuesday.\n\n"
        "![a lane](lane.png)\n\n"
        "## What happens next\n\n"
        "- Work starts in the summer.\n"
        "- It should *finish* by December.\n",
        encoding="utf-8",
    )
    [article], _ = read_path(path)
    assert article.title == "Council approves new cycle lanes"
    assert article.text.split("\n") == [
        "The city council approved three new lanes on Tuesday.",
        "What happens next",
        "Work starts in the summer.",
        "It should finish by December.",
    ]


def test_html_file_is_extracted_with_its_metadata(tmp_path: Path) -> None:
    path = tmp_path / "ferry.html"
    shutil.copy(FIXTURES / "ferry_story.html", path)
    [article], errors = read_path(path)
    assert errors == []
    assert article.title == "Ferry terminal opens in Westmere"
    assert article.source == "Harbour Gazette"
    assert article.authors == ("Clara Jennings",)
    assert article.published == datetime(2024, 3, 4, 8, 30, tzinfo=UTC)
    assert article.text.startswith("The new ferry terminal in Westmere opened to passengers on Monday")
    assert "Sign in" not in article.text and "Copyright" not in article.text


RECORD = {
    "title": "Council approves new cycle lanes",
    "text": "The council approved three lanes.\n\nWork starts in the summer.",
    "url": "https://post.example/lanes",
    "source": "The Riverside Post",
    "authors": ["Ana Lima"],
    "published": "2024-05-14",
}


@pytest.mark.parametrize(
    "payload",
    [RECORD, [RECORD], {"articles": [RECORD]}],
    ids=["object", "list", "articles-key"],
)
def test_json_file_accepts_object_list_or_articles_key(tmp_path: Path, payload: object) -> None:
    path = tmp_path / "news.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    [article], errors = read_path(path)
    assert errors == []
    assert article.title == RECORD["title"]
    assert article.text == "The council approved three lanes.\nWork starts in the summer."
    assert (article.source, article.url, article.authors) == ("The Riverside Post", RECORD["url"], ("Ana Lima",))
    assert article.published == datetime(2024, 5, 14, tzinfo=UTC)
    assert article.locator == "news.json#1"


def test_jsonl_reads_each_line_and_reports_a_bad_line_by_number(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    good = {**RECORD, "url": "", "authors": "Ana Lima, Tom Reed"}
    path.write_text(
        json.dumps(good) + "\n" + '{"title": "broken", "text": \n' + "\n" + json.dumps({**good, "title": "Two"}),
        encoding="utf-8",
    )
    articles, errors = read_path(path)
    assert [a.title for a in articles] == [RECORD["title"], "Two"]
    assert articles[0].authors == ("Ana Lima", "Tom Reed")
    assert [a.locator for a in articles] == ["news.jsonl#1", "news.jsonl#4"]
    assert [e.source for e in errors] == [f"{path}:2"]
    assert errors[0].error.startswith("invalid JSON")
    _one_line(errors)


def test_records_sharing_a_url_with_different_text_keep_distinct_ids(tmp_path: Path) -> None:
    path = tmp_path / "passages.jsonl"
    rows = [{**RECORD, "text": "First passage."}, {**RECORD, "text": "Second passage."}, RECORD, RECORD]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    articles, errors = read_path(path)
    assert errors == []
    assert len(articles) == 3  # the exact duplicate is dropped, the other same-URL passages kept
    assert len({a.id for a in articles}) == 3


def test_editing_a_file_keeps_its_article_ids(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Lanes\n" + STORY, encoding="utf-8")
    [before], _ = read_path(tmp_path)
    (tmp_path / "a.txt").write_text("Lanes approved\n" + STORY + "More detail later.\n", encoding="utf-8")
    [after], _ = read_path(tmp_path)
    assert before.id == after.id and before.text != after.text
    [direct], _ = read_path(tmp_path / "a.txt")
    assert direct.id == after.id  # the same file read directly or through its folder


def test_folder_is_read_recursively_sorted_skipping_hidden_and_unknown_files(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Bee\n" + STORY, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("# Ay\n\n" + STORY, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Ay top\n" + STORY, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden\n" + STORY, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("Git\n" + STORY, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    articles, errors = read_path(tmp_path)
    assert errors == []
    assert [a.locator for a in articles] == ["a.txt", "b.txt", "sub/a.md"]
    assert {a.origin for a in articles} == {str(tmp_path)}


def test_unknown_extension_named_directly_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"%PDF-1.4")
    articles, [error] = read_path(path)
    assert articles == []
    assert error.source == str(path) and "unsupported file type '.pdf'" in error.error


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    assert read_path(tmp_path / "nope.txt") == ([], [IngestError(str(tmp_path / "nope.txt"), "no such file or folder")])


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Write one file per kind of bad input; return file name -> expected start of the error."""
    (folder / "unreadable.txt").symlink_to(folder / "gone.txt")  # dangling: fails for root too
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "blank.md").write_text("  \n\n ", encoding="utf-8")
    (folder / "title-only.txt").write_text("Just a headline\n", encoding="utf-8")
    (folder / "broken.json").write_text('{"title": "x", "text": "y",}', encoding="utf-8")
    (folder / "no-text.json").write_text('[{"title": "x"}, {"title": "y", "text": "   "}]', encoding="utf-8")
    (folder / "broken.html").write_text("<html><body><script>var x = 1;</script><div></div>", encoding="utf-8")
    return {
        "unreadable.txt": "cannot read file",
        "binary.txt": "binary file",
        "blank.md": "empty file",
        "title-only.txt": "empty article",
        "broken.json": "invalid JSON",
        "no-text.json#1": "article has no text",
        "no-text.json#2": "empty article",
        "broken.html": "malformed or empty HTML",
    }


def test_bad_inputs_are_reported_one_line_each_and_the_rest_still_ingests(tmp_path: Path) -> None:
    expected = _bad_inputs(tmp_path)
    (tmp_path / "good.txt").write_text("Council approves new cycle lanes\n" + STORY, encoding="utf-8")
    articles, errors = read_path(tmp_path)
    assert [a.title for a in articles] == ["Council approves new cycle lanes"]
    got = {Path(e.source).name: e.error for e in errors}
    assert sorted(got) == sorted(expected)
    for name, start in expected.items():
        assert got[name].startswith(start), (name, got[name])
    _one_line(errors)


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("unreadable.txt", "cannot read file: broken symbolic link"),
        ("binary.txt", "binary file, not text"),
        ("broken.html", "malformed or empty HTML"),
    ],
)
def test_bad_file_named_directly_gives_an_error_not_an_exception(tmp_path: Path, name: str, start: str) -> None:
    _bad_inputs(tmp_path)
    articles, [error] = read_path(tmp_path / name)
    assert articles == []
    assert error.source == str(tmp_path / name) and error.error.startswith(start)


def test_folder_named_like_a_file_is_read_as_a_folder(tmp_path: Path) -> None:
    odd = tmp_path / "x.txt"
    odd.mkdir()
    (odd / "inner.txt").write_text("Inner\n" + STORY, encoding="utf-8")
    articles, errors = read_path(tmp_path)
    assert errors == [] and [a.locator for a in articles] == ["x.txt/inner.txt"]


# --- encodings ---------------------------------------------------------------------------------------------

CAFE = "Café reopens on the quay\nThe café on the quay reopened on Monday, said its owner, Zoë Lefèvre.\n"


@pytest.mark.parametrize(
    "encoding", ["latin-1", "cp1252", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"]
)
def test_text_files_in_other_encodings_are_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "cafe.txt"
    path.write_bytes(CAFE.encode(encoding))
    [article], errors = read_path(path)
    assert errors == []
    assert article.title == "Café reopens on the quay"
    assert article.text == "The café on the quay reopened on Monday, said its owner, Zoë Lefèvre."


def test_windows_1252_quotes_and_a_declared_html_charset_are_read(tmp_path: Path) -> None:
    (tmp_path / "quotes.md").write_bytes(
        "Mayor “delighted” by the vote\n\nThe mayor said she was “delighted” — and relieved.\n".encode("cp1252")
    )
    html = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>"
        "<title>Été au port</title></head><body><article><h1>Été au port</h1>"
        "<p>Le café du port restera ouvert tout l'été, a déclaré la mairie dans un communiqué publié lundi.</p>"
        "</article></body></html>"
    )
    (tmp_path / "page.html").write_bytes(html.encode("latin-1"))
    (tmp_path / "news.json").write_bytes(json.dumps({**RECORD, "title": "Zoë’s café"}, ensure_ascii=False)
                                         .encode("utf-16"))
    articles, errors = read_path(tmp_path)
    assert errors == []
    by_title = {a.title: a for a in articles}
    assert by_title["Mayor “delighted” by the vote"].text == "The mayor said she was “delighted” — and relieved."
    assert "Le café du port restera ouvert tout l'été" in by_title["Été au port"].text
    assert "Zoë’s café" in by_title


@pytest.mark.parametrize(
    "blob",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 /Filter /FlateDecode >>\nstream\nx\x9c\x00\x01\x02endstream",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(255, 0, -1)) * 4,
        bytes(range(1, 32)) * 40,  # control characters only, no NUL byte
    ],
    ids=["png", "pdf", "gzip", "controls"],
)
def test_real_binaries_are_refused(tmp_path: Path, blob: bytes) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(blob)
    assert read_path(path) == ([], [IngestError(str(path), "binary file, not text")])


# --- saved feeds and JSON Feed files -------------------------------------------------------------------------


def test_a_folder_reads_its_saved_feeds_so_the_sample_news_gives_fourteen_articles() -> None:
    sample = Path(__file__).resolve().parents[3] / "sample_news"
    articles, errors = read_path(sample)
    assert errors == []
    assert len(articles) == 14  # as sample_news/README.md says: 3 of them in feeds/demo.xml
    from_feed = [a for a in articles if a.locator.startswith("https://pacificledger.example/")]
    assert len(from_feed) == 3 and all(a.origin == str(sample) for a in from_feed)
    assert {a.source for a in from_feed} == {"Pacific Ledger Review"}


def test_a_json_feed_file_gives_its_items(tmp_path: Path) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Lakeside Notes",
        "items": [
            {"id": "1", "url": "https://lakeside.example/ferry", "title": "Ferry timetable changes",
             "content_text": STORY, "date_published": "2026-11-17T08:30:00+01:00"},
            {"id": "2", "title": "Empty", "content_text": " "},
        ],
    }
    path = tmp_path / "notes.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    [article], [error] = read_path(path)
    assert (article.title, article.source, article.url) == (
        "Ferry timetable changes", "Lakeside Notes", "https://lakeside.example/ferry")
    assert article.text == STORY.strip()
    assert article.published == datetime(2026, 11, 17, 7, 30, tzinfo=UTC)
    assert (error.source, error.error) == (f"{path}#2", "feed entry has no text")


def test_an_xml_file_that_is_not_a_feed_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>')
    [], [error] = read_path(path)
    assert error.error.startswith("malformed feed: ")


def test_file_problems_are_not_logged_as_warnings_before_the_error_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _bad_inputs(tmp_path)
    with caplog.at_level("WARNING", logger="index"):
        _, errors = read_path(tmp_path)
    assert len(errors) == 8
    assert [r.getMessage() for r in caplog.records if r.name.startswith("index")] == []
