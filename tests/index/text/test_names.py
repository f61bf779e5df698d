"""Place and body names as users type them and the news writes them."""

from index.text.names import states_named


def test_states_are_found_in_full_whatever_their_case_and_line_breaks() -> None:
    text = "Opening in Hazlet, New\nJersey; DELAWARE is next, then west virginia."
    assert states_named(text) == {"new jersey", "delaware", "west virginia"}


def test_a_state_inside_a_longer_state_name_is_not_named_on_its_own() -> None:
    assert states_named("Coal towns of West Virginia") == {"west virginia"}
    assert states_named("Virginia and West Virginia") == {"virginia", "west virginia"}
    assert states_named("a new york minute, the kansas city chiefs") == {"new york", "kansas"}
