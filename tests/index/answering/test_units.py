"""The kind of figure a how-many / how-much question asks for."""

from __future__ import annotations

import pytest

from index.answering.question import wanted_answer
from index.answering.units import wanted_unit


@pytest.mark.parametrize(
    ("question", "sentence", "fits"),
    [
        ("how much snow did vik get?", "The weather office measured 14 inches at the harbour.", True),
        ("how much snow did vik get?", "It was the second snowfall in 3 weeks.", False),  # a figure, not of snow
        ("how much would the new pier cost?", "The board puts the bill at $4.2 million.", True),
        ("how much would the new pier cost?", "The pier is 300 metres long.", False),
        ("how much did ferry fares go up?", "Fares rose by eight percent in January.", True),
        ("what percent of islanders use the ferry?", "About 40% of islanders cross each week.", True),
        ("how many countries joined the drills?", "Ships from 26 countries took part.", True),
        ("how many countries joined the drills?", "The drills lasted 12 days.", False),
        ("how many ppl died in the storm?", "At least two people were killed on Monday.", True),
        ("how many died in the crash?", "The crash killed 136 passengers and crew.", True),
        ("how many islanders lost power?", "Almost 1,400 customers were without power.", False),  # not a word asked
        ("how many people lost power?", "Almost 1,400 customers were without power.", True),  # as the news counts people
        ("how many people signed up?", "Nearly 1,200 Vikans signed the petition.", True),  # people by their place
        ("how many people is the yard laying off?", "The yard will cut about 12% of its staff.", True),  # a share of them
        ("how many people is the yard laying off?", "The yard's sales fell 12% last year.", False),
        ("how long did the repairs take?", "The crews worked for more than 80 hours.", True),
        ("how long did the repairs take?", "Crews replaced 80 planks.", False),
        ("how high was the wave?", "The wave reached about 30 feet at the breakwater.", True),
        ("how big is the new solar farm?", "It covers 1,300 acres north of the town.", True),
        ("how old is the mayor?", "Mayor Jonas Berg, 58, was elected in 2019.", True),
        ("whats the fine for parking on the quay?", "Drivers now face a fine of $250.", True),  # a figure by its name
        ("whats the fine for parking on the quay?", "The rule took effect on 3 March.", False),
        ("what was the final score?", "Vik won 3-1 at home.", True),
        ("what was the final score?", "The match drew 4,000 fans.", False),
        ("what was the council vote on the pier?", "The council backed the plan 7-2 on Monday.", True),
        ("what was the council vote on the pier?", "The council met for 3 hours on Monday.", False),
        ("what % of islanders use the ferry?", "About 40% of islanders cross each week.", True),
        ("how strong did the gusts get at the harbour?", "Gusts peaked at 70 mph overnight.", True),
        ("how strong did the gusts get at the harbour?", "The storm cut power to 3 villages.", False),
        ("how strong is storm vika now?", "Vika is a Category 2 storm with winds of 100 mph.", True),  # its scale
        ("how strong is storm vika now?", "Vika is 400 miles off the coast.", False),
        ("how strong was the quake near vik?", "The magnitude 5.8 quake shook the harbour.", True),
        ("how strong was the tornado at vik?", "An EF-2 tornado tore the roof off the school.", True),
        ("how strong was the tornado at vik?", "The tornado hit 2 barns near the school.", False),
        ("how loud is the new ferry horn?", "The horn was measured at 110 decibels.", True),
        ("how loud is the new ferry horn?", "The horn sounds 4 times a day.", False),
        ("how hot did it get in vik?", "The harbour hit 38 degrees on Sunday.", True),
        ("how heavy is the bell?", "The bell weighs about 2 tons.", True),
        ("how much jail time did berg get?", "Berg was sentenced to 18 months in prison.", True),
        ("how much jail time did berg get?", "Berg must pay $5,000 in fines.", False),
        ("the yard sells its old tugs at what price?", "Each tug goes for about $40,000.", True),  # its measure
        ("the yard sells its old tugs at what price?", "The yard sold 3 tugs last year.", False),
        ("at what age did berg join the council?", "Berg joined the council aged 31.", True),
    ],
)
def test_a_sentence_holds_the_kind_of_figure_asked_for(question: str, sentence: str, fits: bool) -> None:
    unit = wanted_unit(question)
    assert unit is not None
    assert bool(unit.search(sentence)) == fits


@pytest.mark.parametrize("question", ["how many 737s are grounded?", "who won the vote?", "how is the mayor?"])
def test_a_question_naming_no_kind_of_figure_has_no_unit(question: str) -> None:
    assert wanted_unit(question) is None


def test_a_figure_asked_for_by_its_name_is_a_how_much_question() -> None:
    assert wanted_answer("whats the fine for parking on the quay") == "number"
    assert wanted_answer("what was the final score of the derby?") == "number"
    assert wanted_answer("whats the harbour fee going to be next year") == "number"  # a charge, a limit, a count
    assert wanted_answer("what was the turnout in the island vote") == "number"
    assert wanted_answer("what is the new ferry called?") == "name"
    # a measure asked for by how strong, loud, deep, hot, cold or heavy: "EF2", "90 decibels", "40 feet"
    assert wanted_answer("how strong was the tornado") == "number"
    assert wanted_answer("how loud can the cicadas get") == "number"
    assert wanted_answer("what % of voters turned out") == "number"
    assert wanted_answer("insulin makers now sell it at what price?") == "number"  # by its measure, anywhere


@pytest.mark.parametrize(
    ("question", "wants"),
    [
        ("whats the deadline for the pier repairs", "time"),
        ("what's the date of the vote", "time"),
        ("whos running for mayor", "name"),
        ("wheres the ferry leaving from now", "name"),
    ],
)
def test_a_question_typed_without_its_apostrophe_asks_the_same(question: str, wants: str) -> None:
    assert wanted_answer(question) == wants
