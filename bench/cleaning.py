"""Saved pages -> articles: how many pages give exactly one article with its body kept and the chrome removed.

    python bench/cleaning.py [--pages FOLDER ...] [--verbose]

The pages (tests/fixtures/pages, written for newsbot: fictional stories on ten invented sites' chrome) are read
as .txt files the way `newsbot ingest` reads them, in both saving styles: copy/ (a browser's select-all copy, one
line per block) and wrapped/ (a text-mode browser's dump, hard-wrapped at 80 columns). manifest.json gives each
page's title, outlet, the first and last words of its body and the chrome lines inside the body; every other
line outside the body is chrome too. A page passes when it gives exactly one article whose text holds every body
line and none of the chrome. The pages under "multi" really hold several stories and must split into exactly
those.

tests/fixtures/pages-heldout/1..4 are four more batches on sixteen other invented sites, each written after the
one before it had been used; `--heldout` measures them too (see docs/evaluation.md for which were tuned on).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import Article, read_path, use_offline_defaults  # noqa: E402

STYLES = ("copy", "wrapped")


def norm(text: str) -> str:
    """Whitespace collapsed and table bars dropped, so a tab-separated row and a stored "| a | b |" row compare."""
    return " ".join(text.replace("|", " ").split()).casefold()


def same_outlet(a: str, b: str) -> bool:
    def key(s: str) -> str:
        s = norm(s)
        return s[4:] if s.startswith("the ") else s

    return key(a) == key(b)


@dataclass
class PageResult:
    name: str
    articles: int = 0
    body_kept: bool = False
    chrome_removed: bool = False
    title_right: bool = False
    outlet_right: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return self.articles == 1 and self.body_kept and self.chrome_removed


def _body_lines(copy: str, start: str, end: str) -> tuple[list[str], list[str]]:
    """The body lines of a page's browser copy (between start and end), and every line outside them."""
    lines = [line for line in copy.splitlines() if line.strip()]
    first = next(i for i, line in enumerate(lines) if line.strip().startswith(start.strip()))
    last = max(i for i, line in enumerate(lines) if line.strip().endswith(end.strip()))
    return lines[first : last + 1], lines[:first] + lines[last + 1 :]


def _leaks(text: str, paragraphs: list[str], chrome: list[str]) -> list[str]:
    """Chrome lines found in an article: long ones anywhere in its text, short ones as whole paragraphs."""
    whole = norm(text)
    paras = {norm(p) for p in paragraphs}
    found = []
    for line in chrome:
        key = norm(line)
        if key and (key in whole if len(key.split()) >= 4 else key in paras):
            found.append(line)
    return found


def check_page(page: dict[str, object], folder: Path, style: str) -> PageResult:
    name = str(page["file"])
    result = PageResult(name)
    articles, errors = read_path(folder / style / name)
    result.articles = len(articles)
    if errors:
        result.problems.append(f"errors: {[e.error for e in errors]}")
    if len(articles) != 1:
        result.problems.append(f"{len(articles)} articles: {[a.title for a in articles]}")
    if not articles:
        return result
    article = articles[0]
    copy = (folder / "copy" / name).read_text(encoding="utf-8")
    inline = [str(x) for x in page.get("inline_chrome", [])]  # type: ignore[union-attr]
    region, outside = _body_lines(copy, str(page["body_start"]), str(page["body_end"]))
    inline_keys = {norm(x) for x in inline}
    body = [line for line in region if norm(line) not in inline_keys]
    text = article.text
    paragraphs = text.split("\n")
    missing = [line for line in body if norm(line) not in norm(text)]
    ends = norm(text).startswith(norm(str(page["body_start"]))) and norm(text).endswith(norm(str(page["body_end"])))
    result.body_kept = not missing and ends
    if missing:
        result.problems.append(f"body lost: {missing[0][:70]!r} (+{len(missing) - 1})")
    elif not ends:
        result.problems.append(f"body starts {paragraphs[0][:50]!r} / ends {paragraphs[-1][-50:]!r}")
    leaks = _leaks(text, paragraphs, [*inline, *outside])
    result.chrome_removed = not leaks
    if leaks:
        result.problems.append(f"chrome kept: {leaks[0][:70]!r} (+{len(leaks) - 1})")
    result.title_right = norm(article.title) == norm(str(page["title"]))
    result.outlet_right = same_outlet(article.source, str(page["outlet"]))
    if not result.title_right:
        result.problems.append(f"title {article.title!r}")
    if not result.outlet_right:
        result.problems.append(f"outlet {article.source!r}")
    return result


def check_multi(page: dict[str, object], folder: Path, style: str) -> tuple[bool, list[str]]:
    """Whether a page holding several stories splits into exactly those, each with its body."""
    expected = list(page["articles"])  # type: ignore[call-overload]
    articles: list[Article] = read_path(folder / style / str(page["file"]))[0]
    problems = []
    if [norm(a.title) for a in articles] != [norm(e["title"]) for e in expected]:
        problems.append(f"titles {[a.title for a in articles]}")
    for a, e in zip(articles, expected, strict=False):
        t = norm(a.text)
        if not (t.startswith(norm(e["body_start"])) and t.endswith(norm(e["body_end"]))):
            problems.append(f"{e['title'][:30]!r}: body starts {a.text[:40]!r} ends {a.text[-40:]!r}")
        if not same_outlet(a.source, e["outlet"]):
            problems.append(f"{e['title'][:30]!r}: outlet {a.source!r}")
    return not problems, problems


def report(folder: Path, verbose: bool) -> None:
    """Print the table for one folder of pages."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    pages, multi = manifest["pages"], manifest.get("multi", [])
    print(f"{len(pages)} single-story pages, {len(multi)} pages with several stories, in {folder}")
    print()
    print("| style | clean (one article, body kept, chrome removed) | one article | body kept | chrome removed "
          "| title | outlet | articles from all pages | several-story pages split right |")
    print("|---|---|---|---|---|---|---|---|---|")
    for style in STYLES:
        results = [check_page(p, folder, style) for p in pages]
        splits = [check_multi(p, folder, style) for p in multi]
        n = len(results)

        def share(flags: list[bool], total: int = n) -> str:
            return f"{sum(flags)}/{total}"

        print(f"| {style} | **{share([r.clean for r in results])}** | {share([r.articles == 1 for r in results])} "
              f"| {share([r.body_kept for r in results])} | {share([r.chrome_removed for r in results])} "
              f"| {share([r.title_right for r in results])} | {share([r.outlet_right for r in results])} "
              f"| {sum(r.articles for r in results)} | {share([ok for ok, _ in splits], len(splits))} |")
        if verbose:
            for r in results:
                if r.problems:
                    print(f"    {style}/{r.name}: " + "; ".join(r.problems))
            for p, (ok, problems) in zip(multi, splits, strict=True):
                if not ok:
                    print(f"    {style}/{p['file']}: " + "; ".join(problems))
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--pages", action="append", help="a folder of pages (default tests/fixtures/pages)")
    parser.add_argument("--heldout", action="store_true", help="also the held-out batches")
    parser.add_argument("--verbose", action="store_true", help="list each failing page and why")
    args = parser.parse_args(argv)
    use_offline_defaults()
    fixtures = ROOT / "tests" / "fixtures"
    folders = [Path(p) for p in args.pages or [fixtures / "pages"]]
    if args.heldout:
        folders += sorted(p for p in (fixtures / "pages-heldout").iterdir() if p.is_dir())
    for folder in folders:
        report(folder, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
