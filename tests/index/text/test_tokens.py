"""Word tokens and the common-English word list."""

from __future__ import annotations

from index.text.tokens import is_bare_contraction, is_common_word, token_set


def test_common_words_are_known_whether_or_not_the_reader_was_built_here() -> None:
    """The vocabulary comes from the bundled embedding model when index/data/reader (not in git) is absent, so a
    fresh clone names the same words missing from an answer as a machine that ran `make reader`."""
    assert all(is_common_word(w) for w in ("mars", "pay", "builds", "Harbour"))
    assert not any(is_common_word(w) for w in ("kvistrand", "aldermoor", "x"))


def test_a_contraction_typed_without_its_apostrophe_is_a_common_word_not_a_name() -> None:
    assert all(is_common_word(w) for w in ("whats", "isnt", "theyre", "didnt"))
    assert not any(is_common_word(w) for w in ("houthis", "kvistrands", "amlo"))


def test_a_bare_contraction_is_told_from_a_word_of_its_own() -> None:
    assert is_bare_contraction("wasnt") and is_bare_contraction("theyre") and is_bare_contraction("Didnt")
    assert not is_bare_contraction("shell") and not is_bare_contraction("well")  # words of their own
    assert not is_bare_contraction("bidens")  # a name's possessive, not a stopword's contraction


def test_a_word_with_an_apostrophe_inside_matches_it_typed_whole() -> None:
    assert token_set("noreaster") <= token_set("A nor’easter hit the coast.")
    assert token_set("obrien") <= token_set("O'Brien's boat sank.")
    # a clitic stays apart: "they're" is no word "theyr", "Biden's" is Biden
    assert token_set("They're sure Biden's plan won't pass.") == token_set("sure biden plan won pass")


def test_an_irregular_past_form_matches_its_base() -> None:
    assert "lose" in token_set("The club lost $2 million") & token_set("how much did the club lose")
    assert "steal" in token_set("thieves stole three paintings") & token_set("what did they steal")
    assert token_set("prices rose") == {"price", "rose"}  # a form as often another word stays as it is
    assert token_set("the team won") != token_set("can the team win")  # an outcome's tense matters
