from index.text.roundups import story_at

TEXT = ("Our stories from around the valley.\n\nVik\n\nVik: The pier reopens in May.\n\nNordby\n\nNordby: A dog was "
        "found on the ferry.\n\nSorby\n\nSorby: The marathon drew 4,000 runners.")


def test_a_roundup_story_runs_from_its_heading_to_the_next_heading() -> None:
    span = story_at(TEXT, TEXT.index("A dog"))
    assert span is not None and TEXT[span[0] : span[1]].strip() == "Nordby\n\nNordby: A dog was found on the ferry."
    assert story_at(TEXT, 0) is None  # the introduction belongs to no story


def test_labels_repeated_down_an_article_make_no_roundup() -> None:
    text = "Background: She taught for years.\n\nQuotable: She said a lot.\n\nBackground: He farms.\n\nQuotable: No."
    assert story_at(text, text.index("He farms")) is None
