"""Rule-based speaker attribution, question speakers and name matching."""

from __future__ import annotations

import pytest

from index.answering.question import question_speaker, wanted_answer
from index.text.chunking import split_sentences
from index.text.names import (
    asks_someone_of,
    body_initials_in,
    described_as,
    described_by_its_noun,
    initials_in,
    names_a_person,
    names_match,
    role_fully,
    role_matches,
    short_for_the_named,
    speaks_for_the_named,
    surname_at_body,
    surname_of_the_named,
)
from index.text.speakers import Speaker, attribute, holds_words, named_speakers, speaker_display
from tests.conftest import SAVED_PAGE, SEED, needs_seed  # noqa: E402


def spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans as the ingest pipeline makes them."""
    return split_sentences(text)


def attributed(text: str) -> list[tuple[str, Speaker | None]]:
    sentences = spans(text)
    return list(zip([text[s:e] for s, e in sentences], attribute(text, sentences), strict=True))


def name_at(text: str, i: int = 0) -> str | None:
    """The name of whoever speaks the text's i-th sentence, or None."""
    who = attributed(text)[i][1]
    return who.name if who else None


def speaker_of(pairs: list[tuple[str, Speaker | None]], fragment: str) -> Speaker | None:
    hits = [sp for sentence, sp in pairs if fragment in sentence]
    assert len(hits) == 1, f"{fragment!r} is in {len(hits)} sentences"
    return hits[0]


# An invented story, written for these tests.
RAIL = """\
Finnish Economy Minister Lauri Virtanen said on Monday that the northern rail link would open in 2029.
"We have waited long enough for this," Virtanen told reporters in Oulu. "The money is already there."
The minister added that the line would carry freight as well as passengers.
"It is a bold plan," said Marta Kowalczyk, a transport economist at the University of Gdansk who has studied Baltic railways. "But the costs could double."
She warned that similar projects had overrun by years.
Virtanen hopes that private investors will join the project.
According to Kowalczyk, freight alone will not pay for the line.
Sources said the cabinet would vote on the budget next week.
“When my grandfather said ‘the train will come one day,’ nobody believed him,” Virtanen recalled.
Virtanen and Kowalczyk are due to meet in Helsinki in May.
Kowalczyk later met Virtanen at the ministry. She said the talks had been frank.
'We will not wait for Brussels,' said Virtanen. ‘Nor will we wait for Stockholm.’
"The tunnel is finished. The tracks come next," said Aino Lehto, the project's chief engineer.
The Finnish Transport Agency said in a statement that tendering would start in spring.
The two governments said in a joint statement that they welcomed the plan.
Lehto says that the tunnel cost less than expected.
Kowalczyk stressed that delays were still likely. She said she hopes the figures are wrong.
Virtanen posted on social media that the vote was "a great day for the north."
"""


@pytest.fixture(scope="module")
def rail() -> list[tuple[str, Speaker | None]]:
    return attributed(RAIL)


VIRTANEN = Speaker("Lauri Virtanen", "Finnish Economy Minister")
KOWALCZYK = Speaker("Marta Kowalczyk", "transport economist at the University of Gdansk")
LEHTO = Speaker("Aino Lehto", "project's chief engineer")


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("said on Monday that the northern rail link", VIRTANEN),  # title before the name
        ("waited long enough", VIRTANEN),  # '"...," Surname told reporters' -> the full name
        ("The money is already there", VIRTANEN),  # quote-only sentence continuing the quote
        ("carry freight as well", VIRTANEN),  # "the minister added" -> the most recent person
        ("It is a bold plan", KOWALCZYK),  # inverted "said X, an economist at ... who ..."
        ("But the costs could double", KOWALCZYK),
        ("similar projects had overrun", KOWALCZYK),  # "she warned" in the next paragraph
        ("private investors will join", None),  # "hopes" is not a speech verb
        ("freight alone will not pay", KOWALCZYK),  # "according to X"
        ("cabinet would vote", None),  # "Sources said"
        ("nobody believed him", VIRTANEN),  # nested quote with 'said' inside it
        ("are due to meet in Helsinki", None),  # a mere mention
        ("talks had been frank", KOWALCZYK),  # pronoun: the most recent subject, not the last name
        ("We will not wait for Brussels", VIRTANEN),  # straight single quotes
        ("Nor will we wait for Stockholm", VIRTANEN),  # curly single quotes, continuation
        ("The tunnel is finished.", LEHTO),  # a quote over two sentences, attribution in the second
        ("The tracks come next", LEHTO),
        ("tendering would start", Speaker("Finnish Transport Agency")),  # an organisation
        ("joint statement that they welcomed", None),
        ("tunnel cost less than expected", LEHTO),  # "X says that ..."
        ("delays were still likely", KOWALCZYK),  # "X stressed that"
        ("she hopes the figures are wrong", KOWALCZYK),  # "she said she hopes"
        ("a great day for the north", VIRTANEN),  # "X posted on social media that"
    ],
)
def test_attribute_rail_story(
    rail: list[tuple[str, Speaker | None]], fragment: str, expected: Speaker | None
) -> None:
    assert speaker_of(rail, fragment) == expected


def test_attribute_returns_one_entry_per_span() -> None:
    text = "Nothing was said here. Lauri Virtanen said so."
    assert attribute(text, [(0, 22), (23, 46)]) == [None, Speaker("Lauri Virtanen")]
    assert attribute(text, []) == []
    assert attribute("", []) == []


@pytest.mark.parametrize(
    ("text", "fragment", "expected"),
    [
        # curly double quotes, "X said" after the quote
        ("“Prices will fall,” Tomas Berg said.", "Prices will fall", Speaker("Tomas Berg")),
        # quote before "she said" with the person in the previous sentence of the paragraph
        (
            'Helena Moreau spoke after the vote. "We lost fairly," she said.',
            "We lost fairly",
            Speaker("Helena Moreau"),
        ),
        # X told <outlet>
        ("Ravi Menon told Reuters the deal was close.", "deal was close", Speaker("Ravi Menon")),
        # X added / X noted / X explained / X argued / X insisted / X announced / X wrote
        ("Ravi Menon added that talks would resume.", "talks would resume", Speaker("Ravi Menon")),
        ("Ravi Menon noted the risks.", "noted the risks", Speaker("Ravi Menon")),
        ("Ravi Menon explained why.", "explained why", Speaker("Ravi Menon")),
        ("Ravi Menon argued otherwise.", "argued otherwise", Speaker("Ravi Menon")),
        ("Ravi Menon insisted on a vote.", "insisted on a vote", Speaker("Ravi Menon")),
        ("Ravi Menon announced his resignation.", "announced his", Speaker("Ravi Menon")),
        ("Ravi Menon wrote in a column that rates would rise.", "rates would rise", Speaker("Ravi Menon")),
        # an appositive with a relative clause between the name and the verb
        (
            "Ravi Menon, who chairs the committee, said the report was late.",
            "report was late",
            Speaker("Ravi Menon"),
        ),
        # a title inside the capitalised run
        (
            "Palace Press Secretary Jonas Berg warned against speculation.",
            "against speculation",
            Speaker("Jonas Berg", "Palace Press Secretary"),
        ),
        # particles in a name, and the surname with its particles later, capitalised at sentence start
        (
            "European Commission President Ursula von der Leyen said the bloc was ready. "
            "Von der Leyen added that talks would go on.",
            "talks would go on",
            Speaker("Ursula von der Leyen", "European Commission President"),
        ),
        # a lower-case role before the name
        (
            "Bank chief economist Sara Lind said inflation had peaked.",
            "inflation had peaked",
            Speaker("Sara Lind", "Bank chief economist"),
        ),
        # an appositive after the name, trimmed at the relative clause
        (
            '"Exports are slowing," said Hannah Okafor, an associate professor at Lagos Business School '
            "who studies trade.",
            "Exports are slowing",
            Speaker("Hannah Okafor", "associate professor at Lagos Business School"),
        ),
        # a joint subject is nobody in particular
        ("Norway and the EU have said the quota is final.", "quota is final", None),
        # an organisation as speaker, with "of" inside its name
        (
            "The Central Bank of Iceland said rates would stay.",
            "rates would stay",
            Speaker("Central Bank of Iceland"),
        ),
        # a title with "of" inside it
        (
            "U.S. Secretary of State Mark Ellis said the visit was useful.",
            "visit was useful",
            Speaker("Mark Ellis", "U.S. Secretary of State"),
        ),
        # "officials in X said" is not X speaking
        ("Officials in Reykjavik said the road was closed.", "road was closed", None),
        # the main clause speaks, not a subordinate one
        (
            "After Ravi Menon said the deal was done, Tomas Berg replied that it was not.",
            "replied that it was not",
            Speaker("Tomas Berg"),
        ),
        # an appositive with several commas
        (
            "Tomas Berg, who was in Oslo, where he met bankers, told The Daily Ledger that rates would fall.",
            "rates would fall",
            Speaker("Tomas Berg"),
        ),
        # "told" is never inverted: the outlet is not the speaker
        ("The plan, critics say, told The Daily Ledger nothing new.", "nothing new", None),
        # a title alone refers back to the person who holds it
        (
            "President Ana Silva landed in Lisbon. The President said the trip had been worth it.",
            "worth it",
            Speaker("Ana Silva", "President"),
        ),
        # "Gov." is a title like "Sen.": the person's name is what follows it, not the state before it
        ("Former North Vikland Gov. Ola Dahl said the pier bill was long overdue.", "long overdue",
         Speaker("Ola Dahl", "Former North Vikland Gov.")),
        ("Vikland Port Administrator Ola Dahl said the pier bill was long overdue.", "long overdue",
         Speaker("Ola Dahl", "Vikland Port Administrator")),
        # an office named after "of" may end in a word of its own before the name
        ("Vikland Registrar of Voters Ola Dahl said the count was on schedule.", "on schedule",
         Speaker("Ola Dahl", "Vikland Registrar of Voters")),
        ("Secretary of State Dahl said the count was on schedule.", "on schedule",
         Speaker("Dahl", "Secretary of State")),
        # a state and party refer back to the person just named; with nobody named before, nobody
        (
            "Rep. Ola Dahl backed the pier bill on Monday. The Vikland Republican tweeted: “It is long overdue.”",
            "long overdue",
            Speaker("Ola Dahl", "Rep."),
        ),
        ("The Vikland Democrat said the pier bill was long overdue.", "long overdue", None),
        ("Rep. Ola Dahl backed the pier bill. “It is long overdue,” the Vikland Republican wrote on Monday.",
         "long overdue", Speaker("Ola Dahl", "Rep.")),  # after the quotation
        # ...or the party alone; "The Independent" is a newspaper
        ("Gov. Ola Dahl toured the pier. “We cannot let this happen,” the Democrat told reporters.", "let this happen",
         Speaker("Ola Dahl", "Gov.")),
        ("Gov. Ola Dahl toured the pier. The pier is “a disgrace”, said The Independent.", "a disgrace",
         Speaker("Independent")),
        # a quotation closed with two single marks, as some pages type it
        ("\u201cWe waited a long time for this day,\u2019\u2019 union chief Ola Dahl said.", "waited a long",
         Speaker("Ola Dahl", "union chief")),
        # a verb that is a statement only next to a quotation, before it
        ("Ola Dahl opened the pier. Dahl continued, “We waited a long time for this day.”", "waited a long time",
         Speaker("Ola Dahl")),
        ("Ola Dahl continued the tour of the pier on Monday.", "tour of the pier", None),
        # a two-word title stays whole: "Attorney General", "Surgeon General"
        (
            "Valley Attorney General Mira Holt said the ferry contract was lawful.",
            "contract was lawful",
            Speaker("Mira Holt", "Valley Attorney General"),
        ),
        ('"Screens cost sleep," said Surgeon General Ivo Lind.', "Screens cost sleep", Speaker("Ivo Lind", "Surgeon General")),
        # the subject of a sentence that goes on to speak
        ("Jonas Berg tried to calm the crowd, saying the ferries would run on time.", "calm the crowd",
         Speaker("Jonas Berg")),
        ("On Sunday, Mayor Ola Dahl visited the pier and said repairs were done.", "visited the pier",
         Speaker("Ola Dahl", "Mayor")),
        ("Mayor Ola Dahl praised the new pier but said it opened a year late.", "opened a year late",
         Speaker("Ola Dahl", "Mayor")),  # what he grants, then what he says
        ("Vikfjord Mills would not comment on the lawsuit, but said it would keep selling flour.", "keep selling",
         Speaker("Vikfjord Mills")),
        ("Authorities said five people died but warned the toll could rise.", "toll could rise", None),
        ("Berg's lawyer filed a motion, saying the case was weak.", "filed a motion", None),  # not Berg's words
        ("The Lions beat the Rams, adding to their streak.", "beat the Rams", None),  # no statement
        # a pronoun with nobody before it
        ('"We are ready," she said.', "We are ready", None),
        # a quotation with nobody to attribute it to, quoting someone saying something
        ('Tomas Berg looked tired. "Ravi Menon said we would win."', "we would win", None),
        # reported speech, then the verb, a lower-case role and the name
        ("The officers would hand in their weapons, said police spokesman Ivo Lind.", "hand in their weapons",
         Speaker("Ivo Lind", "police spokesman")),
        ("The pier has three jobs open, says spokesperson Mira Holt, and the quay has two.", "three jobs open",
         Speaker("Mira Holt", "spokesperson")),
        # a body's statement and its spokesperson speak for the body; a person's spokesman not for the person
        ('"The pier stays shut," the Harbour Board spokesperson said.', "pier stays shut", Speaker("Harbour Board")),
        ("The Vik Council statement said the pier was safe.", "pier was safe", Speaker("Vik Council")),
        ('Mayor Ola Dahl toured the pier. "We will not comment," the Dahl spokesman said.', "will not comment", None),
        ("A Harbour Board spokesperson said the pier stays shut.", "pier stays shut", Speaker("Harbour Board")),
        ("A Vik Council official said the pier was safe.", "pier was safe", Speaker("Vik Council")),
        ("Mayor Ola Dahl toured the pier. The pier is shut, a Dahl spokesman said.", "pier is shut", None),
        # ...and after "for": a body known by one word ("a spokesperson for Ferrytech"), not a person named in full
        ("\u201cThe fares will not change,\u201d a spokesperson for Ferrytech said in a statement.", "fares will not",
         Speaker("Ferrytech")),
        ("Mayor Ola Dahl toured the pier. The pier is shut, a spokesperson for Dahl said.", "pier is shut", None),
        # a body named in full before, then by a word of its name and its kind, perhaps with its office and place
        ('The Vik Weather Service issued a flood warning. "Stay home," the weather service said.', "Stay home",
         Speaker("Vik Weather Service")),
        ('The Vik Weather Service issued a flood warning. "Stay home," the weather service office in Portvik said.',
         "Stay home", Speaker("Vik Weather Service office in Portvik")),
        ("The storm grew. The hurricane center said it would turn north.", "turn north", None),  # none named
        ("Vikfjord Mills wouldn’t comment on the lawsuit, but said it would keep selling flour.", "keep selling",
         Speaker("Vikfjord Mills")),  # the auxiliary contracted
        ("President Ola Dahl spoke on Monday. The president, for his part, maintains that voters should see his "
         "record.", "maintains that voters", Speaker("Ola Dahl", "President")),
        # a title set off by a comma before the name describes the person; a phrase of place or time does not
        ("Vik’s Harbour Minister, Ola Dahl, said the pier would reopen.", "pier would reopen",
         Speaker("Ola Dahl", "Vik’s Harbour Minister")),
        ("Speaking on Monday, Ola Dahl said the pier would reopen.", "pier would reopen", Speaker("Ola Dahl")),
        # a document opening a sentence speaks for whoever issued it
        ("The Vik Council confirmed the closure in a statement on Monday. The statement said the pier was unsafe.",
         "pier was unsafe", Speaker("Vik Council")),
        # a member of a body is described as one
        ('"We are open to a joint bid," said Jonas Berg, a board member of the Vik Ferry Federation.', "joint bid",
         Speaker("Jonas Berg", "board member of the Vik Ferry Federation")),
        # the surname of someone named in full, then described, is still that person
        ("Harbour Minister Ola Dahl became the second minister to resign on Thursday.\n\nDahl, one of the "
         "longest-serving harbour ministers, sent her resignation in a letter. She criticised the mayor for his words.",
         "criticised the mayor", Speaker("Ola Dahl", "Harbour Minister")),
        # a story introducing someone ("Take ...", "Meet ...") does not make the verb part of their name
        ("Take Ina Holm, 64, who runs a bakery in Vik. “Flour costs twice what it did,” Holm said.",
         "Flour costs", Speaker("Ina Holm")),
        # an operative, a pollster or an organizer is described as one
        ("“The ferry vote is close,” said Per Lind, a Labour operative in Vik.", "ferry vote",
         Speaker("Per Lind", "Labour operative in Vik")),
        ("“Turnout will decide it,” pollster Ada Moe said.", "Turnout will", Speaker("Ada Moe", "pollster")),
        # a brand written twice in a product's name is no person the brand alone means later
        ("“Rich in every bite,” Vikrisp said in a release. The Double Vikrisp Vikrisp bar sold out.", "Rich in every",
         Speaker("Vikrisp")),
        # a role back-reference of Congress, and a quoted question with its asker
        ("Rep. Ola Dahl spoke on TV.\n\n“Keep calling,” the congresswoman told host Per Lind.", "Keep calling",
         Speaker("Ola Dahl", "Rep.")),
        ("Mayor Ola Dahl was at the fair.\n\n“Fares up again?” Dahl asked. “Really?”", "Fares up",
         Speaker("Ola Dahl", "Mayor")),
        # a title after a body's name, before the person's ("Vik County Coroner Ola Dahl")
        ("Vik County Coroner Ola Dahl said the road was icy.", "road was icy", Speaker("Ola Dahl", "Vik County Coroner")),
        ("Harbour Watch Researcher Per Lind said the law is bad.", "law is bad",
         Speaker("Per Lind", "Harbour Watch Researcher")),
        # a clause or a question opening the sentence is no part of the name after it
        ("It’s Ola Dahl who runs the ferry now. “We sail at dawn,” Dahl said.", "We sail", Speaker("Ola Dahl")),
        ("Is Per Lind’s lead safe? “We will win,” Lind said.", "We will win", Speaker("Per Lind")),
        # "maintained" is a statement only before what is maintained
        ("Vik United have maintained the best odds in the league all season.", "best odds", None),
        ("Ola Dahl maintained his innocence throughout the trial.", "innocence", Speaker("Ola Dahl")),
        # a state opening a place's name, or a mall or a zoo closing one, names no one "he" refers back to
        ("“We build it in four weeks,” says Ola Dahl of the ice castle.\n\nThe castle crew in Wisconsin Dells starts "
         "in October.\n\nIt began as a mess, he says, and grew from there.", "grew from there", Speaker("Ola Dahl")),
        ("“The lights go up in November,” said Ola Dahl.\n\nA fox was seen near the Harbour Mall.\n\nThe display "
         "draws a crowd, he said.", "draws a crowd", Speaker("Ola Dahl")),
    ],
)
def test_attribute_patterns(text: str, fragment: str, expected: Speaker | None) -> None:
    assert speaker_of(attributed(text), fragment) == expected


def test_back_reference_prefers_the_role_named_earlier() -> None:
    text = (
        "Health Minister Petra Novak opened the clinic with the mayor, Karel Dvorak, on Tuesday.\n"
        "Karel Dvorak thanked the staff.\n"
        "The minister explained that funding would last five years."
    )
    assert speaker_of(attributed(text), "funding would last") == Speaker("Petra Novak", "Health Minister")


def test_the_official_an_article_leaves_unnamed_is_not_the_person_named_before() -> None:
    text = (
        "Mayor Petra Novak said on Monday that the bridge would reopen in May.\n"
        "Later, a city official said the plan had not changed.\n"
        "\u201cAs the mayor said, the work is on time. The steel arrives next week,\u201d the official said."
    )
    found = attributed(text)
    assert speaker_of(found, "bridge would reopen") == Speaker("Petra Novak", "Mayor")
    assert speaker_of(found, "the work is on time") is None
    assert speaker_of(found, "steel arrives") is None


def test_the_statement_said_gives_the_words_to_whoever_issued_it() -> None:
    text = (
        "Vik Ferries confirmed in a statement on Monday that two boats had failed their inspections.\n"
        "\u201cWe found worn bolts on both hulls,\u201d the statement said.\n"
        "Mayor Petra Novak said the crossings must resume.\n"
        'A statement from the Harbour Board said the pier would open. "The repairs are done," the statement reads.'
    )
    found = attributed(text)
    assert speaker_of(found, "worn bolts") == Speaker("Vik Ferries")
    assert speaker_of(found, "repairs are done") == Speaker("Harbour Board")
    # nobody before it is said to have issued one: not the mayor's words
    lone = attributed('Mayor Petra Novak said the crossings must resume.\n"We are ready," the statement said.')
    assert speaker_of(lone, "We are ready") is None


def test_a_letter_a_body_released_speaks_for_it_whichever_way_the_attribution_runs() -> None:
    text = (
        "On Thursday the Harbour Towns Association released a letter signed by nine mayors.\n"
        "\"We stand with the ferry crews,\" states the letter.\n"
        "\"The crossings must resume by spring,\" the letter states.\n"
        "Vik Ferries issued an updated statement on Friday. \"We are ready,\" the statement said."
    )
    found = attributed(text)
    assert speaker_of(found, "ferry crews") == Speaker("Harbour Towns Association")
    assert speaker_of(found, "must resume") == Speaker("Harbour Towns Association")
    assert speaker_of(found, "We are ready") == Speaker("Vik Ferries")
    # released by no one the text names: nobody's words
    assert speaker_of(attributed('A letter was released on Thursday.\n"We stand firm," states the letter.'),
                      "stand firm") is None


def test_the_palace_or_the_airline_said_is_the_one_named_before_in_that_sentence_too() -> None:
    text = ("Northwind Airlines grounded two jets on Monday. The jets will fly again on Friday, the airline said.\n"
            "The Crown Office met at Holm Palace in March.\n"
            "The king will rest for a week at Vik Palace, the palace said in a statement.")
    found = attributed(text)
    assert speaker_of(found, "fly again") == Speaker("Northwind Airlines")
    assert speaker_of(found, "rest for a week") == Speaker("Vik Palace")  # not the one named a paragraph up


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The Centers for Disease Control and Prevention says the risk is low.",
         "Centers for Disease Control and Prevention"),
        ("In a statement, the US Food and Drug Administration said two lots are recalled.",
         "US Food and Drug Administration"),
        ("Though Colorado Parks and Wildlife announced a wolf pack, ranchers doubt it.", "Colorado Parks and Wildlife"),
        ("Almost half default, The Institute for College Access and Success said.",
         "Institute for College Access and Success"),
    ],
)
def test_a_body_whose_name_holds_and_speaks(text: str, body: str) -> None:
    assert attributed(text)[0][1] == Speaker(body)


@pytest.mark.parametrize(
    "text",
    [
        "Pelosi and Schumer say the bill will pass.",
        "Donald and Melania Trump wrote a letter to the school.",
        "Nancy Pelosi spoke first. Nancy Pelosi and House Democrats said the bill will pass.",
        "The Maine Department of Agriculture, Conservation and Forestry says the test was run.",  # its start is not here
    ],
)
def test_two_subjects_joined_by_and_are_no_body(text: str) -> None:
    assert attributed(text)[-1][1] is None


def test_an_office_speaks_for_whoever_holds_it_named_in_full() -> None:
    text = ("Gov. Petra Novak signed the ferry budget on Friday. The fares stay as they are, Novak's office said.\n"
            "Ola Dahl works for the Vik Secretary of State’s office. Ola Dahl with the Vik Secretary of State’s office "
            "says few voters came.")
    found = attributed(text)
    assert speaker_of(found, "fares stay") == Speaker("Petra Novak’s office")
    assert speaker_of(found, "few voters") != Speaker("Vik Secretary of State’s office")  # an office's own name


def test_an_office_is_described_as_the_story_describes_its_holder() -> None:
    text = ("The pier fees are unfair, Vikland Attorney General Ola Dahl’s office said in a news release. "
            "Gov. Petra Novak’s office said the budget was final.")
    found = attributed(text)
    assert speaker_of(found, "pier fees") == Speaker("Ola Dahl’s office", "Vikland Attorney General")
    assert speaker_of(found, "budget was final") == Speaker("Petra Novak’s office")  # "Gov." alone says no more


@pytest.mark.parametrize(
    ("text", "description"),
    [
        # what someone does for a body, set off before the verb of speech, though no role word says so
        ("Ola Dahl, the clean ferries advocate for the Vik Harbour Council, said the rule falls short.",
         "clean ferries advocate for the Vik Harbour Council"),
        ("Ola Dahl, a naturalist with Vik Audubon, said the birds came back early.", "naturalist with Vik Audubon"),
        # not closed by a verb of speech, or saying where someone lives or what they did: no description
        ("Ola Dahl, a naturalist with Vik Audubon who counts birds, said they came back early.", ""),
        ("Ola Dahl, whose son rides the ferry, said the fares went up.", ""),
        ("Ola Dahl, 45, of Vikby, said the fares went up.", ""),
    ],
)
def test_an_appositive_naming_a_body_describes_who_speaks_for_it(text: str, description: str) -> None:
    assert attributed(text)[0][1] == Speaker("Ola Dahl", description)


def test_an_unnamed_official_named_with_a_body_gives_the_bodys_words() -> None:
    text = ("\u201cWe carry on as before,\u201d a senior Vik Customs and Harbour Protection official told the Valley Post.\n"
            "Petra Novak toured the island on Friday. A Novak campaign spokesman said she would hold six more events.")
    found = attributed(text)
    assert speaker_of(found, "carry on") == Speaker("Vik Customs and Harbour Protection")
    assert speaker_of(found, "six more events") == Speaker("Petra Novak campaign")  # hers, named as the story does


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # someone a "with" clause has speaking
        ("Island leaders pushed back, with Vik\u2019s Prime Minister Ola Dahl noting that \u201cthe sea comes first.\u201d",
         Speaker("Ola Dahl", "Vik\u2019s Prime Minister")),
        ("The team celebrated with fans cheering.", None),
        # ...past an aside, and over the body the sentence opens with: the words that follow are the person's
        ("Other Vik islanders also faulted the levy as unfair, with Harbour Rep. Ola Dahl – the council’s top "
         "fisher – saying it would “sink every small boat.”", Speaker("Ola Dahl", "Harbour Rep.")),
        ("That mattered for other towns too, with Mayor Petra Novak, who just won a close race, saying that roads "
         "come first.", Speaker("Petra Novak", "Mayor")),
        ("In an interview with Vik Radio, she said the team trains daily, saying they can always do more.", None),
        # a statement from a body that "reads"
        ("\u201cWe mourn the pilot,\u201d a statement from the Vik Naval Air Wing reads.", Speaker("Vik Naval Air Wing")),
        # the office of an office holder, described as the story describes them; not a body named "Office of ..."
        ("The office of Vikland Attorney General Petra Novak said it is looking into the calls.",
         Speaker("Petra Novak\u2019s office", "Vikland Attorney General")),
        ("The office of Emergency Services said the roads were shut.", None),
    ],
)
def test_clauses_statements_and_offices_name_who_speaks(text: str, speaker: Speaker | None) -> None:
    assert attributed(text)[0][1] == speaker


def test_it_speaks_for_the_body_that_spoke_just_before() -> None:
    text = ("In a statement on Monday, the Vik Harbour Authority said the pier would reopen in May. It said the repairs "
            "had cost less than feared.\n"
            "The Vik Ferry Company said fares would stay. Ola Dahl counted the boats. It said nothing about the timetable.\n"
            "The report by the Vik Ferry Company came out in May. It said costs had doubled.\n"
            "The Vik Ferry Company said its boats were safe. The crew knew the boat well, and when it went down the "
            "captain said there had been no warning.")
    found = attributed(text)
    assert speaker_of(found, "repairs had cost") == Speaker("Vik Harbour Authority")
    assert speaker_of(found, "nothing about the timetable") is None  # the body spoke two sentences before
    assert speaker_of(found, "costs had doubled") is None  # "it" is the report: no body spoke just before
    assert speaker_of(found, "no warning") != Speaker("Vik Ferry Company")  # "it" is what went down
    # a body's spokesperson referred to as "they"
    text = ("A Vik Harbour Authority spokesperson said the pier was shut. \u201cNo one was hurt,\u201d they said.\n"
            "Ola Dahl and Petra Novak spoke on Monday. They said the vote was fair.")
    found = attributed(text)
    assert speaker_of(found, "No one was hurt") == Speaker("Vik Harbour Authority")
    assert speaker_of(found, "vote was fair") is None  # two people, no body


def test_an_unnamed_spokesperson_for_a_body_gives_the_bodys_words_not_a_persons() -> None:
    text = ("Late on Friday, a spokeswoman for the Vik Harbour Authority said the pier would reopen.\n"
            "Mayor Petra Novak spoke on Monday. A spokesman for Mayor Petra Novak said she would not run again.")
    found = attributed(text)
    assert speaker_of(found, "pier would reopen") == Speaker("Vik Harbour Authority")
    assert speaker_of(found, "not run again") is None  # a person's spokesman speaks none of her words


def test_a_sentence_opening_with_and_names_who_speaks() -> None:
    text = ("Ola Dahl runs the harbour office. And Dahl says the pier will open in May.\n"
            "The Vik Ferry Office applied for the grant. And VFO says it will apply again.")
    found = attributed(text)
    assert speaker_of(found, "open in May") == Speaker("Ola Dahl")
    assert speaker_of(found, "apply again") == Speaker("VFO")
    assert name_at("Japan and the EU have said the talks will go on.") is None  # two subjects joined, as before


def test_a_quotation_inside_a_quotation_opened_double_and_closed_single_ends_where_it_should() -> None:
    text = ("\u201cWe have no rule for calling a storm a \u201churricane,\u2019 \u201d spokesman Ivar Holm said in an "
            "email. Instead, he said, the office will keep watching the coast.")
    found = attributed(text)
    assert speaker_of(found, "no rule for calling") == Speaker("Ivar Holm", "spokesman")
    assert speaker_of(found, "keep watching") == Speaker("Ivar Holm", "spokesman")


def test_page_furniture_between_a_person_and_he_said_is_nobody() -> None:
    text = (
        "Rep. Ola Dahl admitted that his resume had been embellished.\n"
        "Video Ad Feedback Reporter who broke the resume story says there is more to find 06:35 - Source: CNN\n"
        "\u201cI am embarrassed and sorry,\u201d he told the Post."
    )
    assert speaker_of(attributed(text), "embarrassed and sorry") == Speaker("Ola Dahl", "Rep.")


def test_a_quoted_letter_goes_on_past_a_promo_line() -> None:
    text = (
        'Ola Dahl resigned on Thursday. "We are left to clean up the mess," he wrote.\n'
        "More: Harbour board members resign after the pier vote\n"
        '"That behaviour was unworthy of the board."\n'
        '"I cannot answer that," Aino Lehto, the board\'s chief engineer, said.\n'
        '"We share the data with the council," the chief engineer echoed.'
    )
    found = attributed(text)
    assert speaker_of(found, "unworthy of the board") == Speaker("Ola Dahl")
    assert speaker_of(found, "share the data") == Speaker("Aino Lehto", "board's chief engineer")


def test_she_stays_who_she_was_past_a_sentence_where_she_criticises_someone() -> None:
    text = (
        "Harbour Minister Petra Novak resigned on Thursday.\n"
        "She criticized Mayor Ola Dahl for his handling of the pier protest.\n"
        '"We are left to clean up the mess," she wrote.'
    )
    assert speaker_of(attributed(text), "clean up the mess") == Speaker("Petra Novak", "Harbour Minister")


def test_he_after_a_clause_naming_someone_is_that_person() -> None:
    text = (
        "Ola Dahl was cleared to race.\n"
        "While Jonas Berg acknowledged the ruling was fair, he said that it was rushed.\n"
        "\u201cOnly time will tell if [Dahl] should be racing,\u201d he said."
    )
    found = attributed(text)
    assert speaker_of(found, "it was rushed") == Speaker("Jonas Berg")
    assert speaker_of(found, "Only time will tell") == Speaker("Jonas Berg")


def test_pronoun_takes_the_most_recent_subject() -> None:
    text = "Petra Novak spoke first. Then Eva Horak presented the figures. She said they were sobering."
    assert speaker_of(attributed(text), "sobering") == Speaker("Eva Horak")


def test_back_reference_does_not_reach_far_into_earlier_paragraphs() -> None:
    text = (
        "Petra Novak said the clinic would open.\n"
        "The building is new.\nIt has ten rooms.\nParking is free.\nBuses stop nearby.\nThe cafe opens at nine.\n"
        '"It is wonderful," she said.'
    )
    assert speaker_of(attributed(text), "It is wonderful") is None


def test_quote_in_next_paragraph_continues_the_speaker() -> None:
    text = '"We will rebuild," Petra Novak said.\n"Every house will stand again."'
    assert speaker_of(attributed(text), "Every house") == Speaker("Petra Novak")


def test_quote_in_next_paragraph_after_plain_sentence_is_not_attributed() -> None:
    text = 'Petra Novak visited the site.\n"Every house will stand again."'
    assert speaker_of(attributed(text), "Every house") is None


# --- the seed article (third-party text, read at run time, never copied; skipped where it is absent) ----


@pytest.fixture(scope="module")
def seed() -> list[tuple[str, Speaker | None]]:
    return attributed(SEED.read_text(encoding="utf-8"))


@needs_seed
def test_seed_first_statement_names_kallas_and_her_title(seed: list[tuple[str, Speaker | None]]) -> None:
    sp = speaker_of(seed, "a lot of room for cooperation")
    assert sp is not None and sp.name == "Kaja Kallas"
    assert "foreign policy chief" in sp.description


@needs_seed
def test_seed_role_reference_resolves_to_kallas(seed: list[tuple[str, Speaker | None]]) -> None:
    sp = speaker_of(seed, "Chinese export controls on rare earths")
    assert sp is not None and sp.name == "Kaja Kallas"


@needs_seed
def test_seed_maslow_quote(seed: list[tuple[str, Speaker | None]]) -> None:
    hits = [sp for sentence, sp in seed if "said Sebastian Maslow" in sentence]
    assert len(hits) == 1 and hits[0] is not None
    assert hits[0].name == "Sebastian Maslow"
    assert hits[0].description.startswith("associate professor at the University of Tokyo")


@needs_seed
def test_seed_hopes_is_not_a_statement(seed: list[tuple[str, Speaker | None]]) -> None:
    assert speaker_of(seed, "Kallas hopes that") is None


# --- our own saved page in the seed's shape (tests/fixtures/sources/alliance_page.txt), read whole ------------


@pytest.fixture(scope="module")
def page() -> list[tuple[str, Speaker | None]]:
    return attributed(SAVED_PAGE.read_text(encoding="utf-8"))


def test_page_first_statement_names_leinonen_and_her_title(page: list[tuple[str, Speaker | None]]) -> None:
    sp = speaker_of(page, "plenty of unused potential")
    assert sp is not None and sp.name == "Marta Leinonen"
    assert speaker_display((sp.name, sp.description)) == "Marta Leinonen, EU foreign policy chief"


def test_page_direct_quotes_and_she_said_go_to_leinonen(page: list[tuple[str, Speaker | None]]) -> None:
    leinonen = Speaker("Marta Leinonen", "EU foreign policy chief")
    assert speaker_of(page, "I expect the traffic to run in both directions") == leinonen  # despite the appositive
    assert speaker_of(page, "We see drones built in one region") == leinonen  # '..., ' Leinonen said.
    assert speaker_of(page, "These threats do not respect the map") == leinonen  # the quote goes on after
    assert speaker_of(page, "the EU's top diplomat says") == leinonen  # her role, not her name
    assert speaker_of(page, "Attacks on our networks come every day") == leinonen  # '..., " she said
    assert speaker_of(page, "a question of spreading risk") == leinonen  # '...,' she said, a sentence later


def test_page_role_reference_resolves_to_leinonen(page: list[tuple[str, Speaker | None]]) -> None:
    sp = speaker_of(page, "export limits on the rare earth magnets")
    assert sp is not None and sp.name == "Marta Leinonen"


def test_page_wrenfield_quote(page: list[tuple[str, Speaker | None]]) -> None:
    hits = [sp for sentence, sp in page if "said Tobias Wrenfield" in sentence]
    assert len(hits) == 1 and hits[0] is not None
    assert hits[0].name == "Tobias Wrenfield"
    assert hits[0].description.startswith("associate professor at Linden Bay University")
    assert speaker_of(page, "A foothold in Europe") == hits[0]  # '...,' he added.


def test_page_hopes_is_not_a_statement(page: list[tuple[str, Speaker | None]]) -> None:
    assert speaker_of(page, "Leinonen hopes that") is None


# --- Speaker, speaker_matches, question_speaker -----------------------------------------------------------


# --- speaker_display, names_match, question_speaker -----------------------------------------------------------


def test_display_with_and_without_description() -> None:
    assert speaker_display(("Kaja Kallas", "EU foreign policy chief")) == "Kaja Kallas, EU foreign policy chief"
    assert speaker_display(("Kaja Kallas", "")) == "Kaja Kallas"
    assert speaker_display(None) is None


@pytest.mark.parametrize(
    ("name", "query", "expected"),
    [
        ("Kaja Kallas", "Kallas", True),
        ("Kaja Kallas", "kallas", True),
        ("Kaja Kallas", "Kaja Kallas", True),
        ("Kaja Kallas", "KAJA", True),
        ("Kaja Kallas", "Kallas's", True),
        ("Kaja Kallas", "President Kallas", True),
        ("Ursula von der Leyen", "von der Leyen", True),
        ("António Costa", "Antonio Costa", True),
        ("Kaja Kallas", "Kall", False),
        ("Kenneth Griffin", "ken griffin", True),  # a first name as users shorten it, beside the surname
        ("VHA", "vik harbour authority", True),  # a body by its initials, as the news shortens it
        ("VHA", "vik harbour", False),
        ("Vik Harbour Authority", "vha", True),  # and the other way: initials typed for the name in full
        ("Kenneth Griffin", "ken", False),
        ("Jill Biden", "joe biden", False),
        ("SAG-AFTRA", "sag aftra", True),  # a hyphenated name typed as two words
        ("Karine Jean-Pierre", "jean-pierre", True),
        ("Kaja Kallas", "Maria Kallas", False),
        ("Kaja Kallas", "", False),
        ("White House", "white house", True),
        ("Andrés Manuel López Obrador", "amlo", True),  # initials, as users type them
        ("Ola F. Berg Jr.", "ofb jr", True),  # initials beside the name's other words
        ("Ola F. Berg Jr.", "ofb", True),  # "Jr." is no initial
        ("Ola F. Berg", "ofb jr", False),  # the father is not the son
        ("Andrés Manuel López Obrador", "amo", False),
    ],
)
def test_names_match(name: str, query: str, expected: bool) -> None:
    assert names_match(name, query) is expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what did Kallas say about drones?", "Kallas"),
        ("What has Ursula von der Leyen said on tariffs", "Ursula von der Leyen"),
        ("how did Trump describe the deal", "Trump"),
        ("Kallas on drones", "Kallas"),
        ("What did President Trump say about Japan?", "Trump"),
        ("what did the White House say about tariffs", "White House"),
        ("Did Kallas say anything about China?", "Kallas"),
        ("what is Kallas saying about drones", "Kallas"),
        ("Kallas's comments on China", "Kallas"),
        ("quotes from Sebastian Maslow on defense", "Sebastian Maslow"),
        ("what did kallas say", "kallas"),
        ("what is the capital of Mars?", None),
        ("drones in Ukraine", None),
        ("Tariffs on China", None),
        ("what did the minister say", "minister"),  # matched by description where a minister speaks
        ("what did they say about the summit?", None),
        ("stoltenberg on how fast sweden could join nato", "stoltenberg"),  # typed in lower case
        ("rick wilson on haley heading into the primary", "rick wilson"),
        ("rain on sunday?", None),  # a day, not a topic
        ("more on that", None),
        ("tsa chief's comments on thanksgiving travel?", "tsa chief"),  # a role at a body: matched by description
        ("what did boeing's ceo say about the door plug", "boeing ceo"),
        ("whats lawler been saying about santos", "lawler"),
        ("pentagon response to the missile report?", "pentagon"),
        ("ftc commissioner bedoya on the ruling", "bedoya"),  # the name after the role
        ("what did theresa may say about the suspects", "theresa may"),
        ("what does north korea's new nuclear law say", None),  # a document's content, not somebody's words
        ("how did the market react to the deal?", None),
        ("how did the white house respond to the post", "white house"),  # a body in lower case, after "the"
        ("what did the report say about wages", None),
        ("what did the nh attorney general say about the robocalls", "nh attorney general"),  # a role of two words
        ("what did the uconn entomologist say", "uconn entomologist"),  # a profession, by its ending
        ("what did lindqvist say about the bridge", "lindqvist"),  # a surname, though it ends like a profession
        ("bergquist on the strike", "bergquist"),
        ("santa clara da on the scams", "santa clara da"),  # a role shortened
        ("north vik county judge on the ferry law", "north vik county judge"),  # a role at a place of three words
        ("what did the attorney general say", None),  # a role alone names nobody
        ("what did the vik harbour post guild say about the layoffs", "vik harbour post guild"),  # a paper's name
        ("what did berg post about the ferry", "berg"),  # ... unless what is posted follows
        ("what did delaware state university say about the flyer", "delaware state university"),  # no verb
        ("what did Kallas state about drones?", "Kallas"),  # ... unless what is stated follows
        ("what did ups itself say about the strike", "ups"),
        # a role or a body's initials qualified after a small word: the words its description holds
        ("us ambassador to japan on the shooting", "japan us ambassador"),
        ("what did the ceo of boeing say about the door plug", "boeing ceo"),
        ("what did the lawyer for the border agents say", "border agents lawyer"),
        ("what did the nws in san diego say about the storm", "san diego nws"),
        ("what did the u of illinois law professor say about bankruptcy", "u illinois law professor"),
        ("what did us soccer say about a joint bid", "us soccer"),  # the country, not the pronoun
        ("what did voters in iowa say", None),  # no role, no initials
        ("did the hall of fame respond to the vote", "hall of fame"),  # a common word, no initials: a body's name
        ("what did biden on monday say", None),
        ("what did people in texas say about the flood", None),
        ("vik harbour ferry company ceo on the strike", "vik harbour ferry company ceo"),  # ends in a role
        ("what did the fed decide on rates yesterday?", None),  # five words before "on", no role
        ("did santos admit he lied about college", "santos"),  # an act of speech
        ("emirates explanation for the hole in the plane", "emirates"),
        # a body's name may begin with a common word; "that" points at someone only before a role
        ("what did the world health organization say about the outbreak", "world health organization"),
        ("what did the weather service say about the storm", "weather service"),
        ("what did that aviation expert say about the door plug", "aviation expert"),
        ("What does that Hindi phrase mean?", None),
        ("any news yesterday on the missing sub", None),
        ("what happened on the boardwalk wednesday night", None),  # an event, nobody's words
        ("why didnt berg speak out about the ferry", "berg"),  # a negation, typed without its apostrophe
        ("why won't holm talk about the pier", "holm"),
        ("what is the harbour board arguing in court", "harbour board"),  # a verb of speech in -ing
        ("what are big retailers saying about the strike", None),  # "are": a plural nobody in particular
        ("how many dock workers went on strike on monday", None),  # no "X on Y" after a question word
        ("vik ferry captain ola berg on the strike", "ola berg"),  # a long one: the name after its role
        ("vik ferry chief medical officer on the masks", "vik ferry chief medical officer"),  # a role of three words
        ("what does vik's foreign minister want from the league", "vik foreign minister"),  # a role before any verb
        ("is the vik harbour chief worried about the strike", "vik harbour chief"),
        ("what is the new official name of the storm", None),  # "official" describes the name
        ("did berg finally win speaker on friday", None),  # no role opening the question
        ("what did the trooper association president say", "trooper association president"),  # a title in a body
        ("holm dig at berg over the ferry fares", "holm"),  # a jab at someone is their words too
        ("what did the queen say about the ferry strike", "queen"),  # one person by their role alone
        ("how did holm answer berg about the fares", "holm"),  # an answer to someone is their words
        ("is the ferry union going to strike again", "ferry union"),  # what someone means to do, in their words
        ("what does the vik council want from the league", "vik council"),
        ("who does berg blame for the delays", "berg"),
        ("is the vik ferry company planning to cut routes", "vik ferry company"),  # what it plans, as it is put
        ("is the storm going to hit vik", None),  # no one
        ("what does the new law want from landlords", None),  # a document's content, not anyone's words
        ("did the report answer anything", None),
        ("why was the queen taken to hospital", None),  # no words asked for
        ("what did the ministers say about the strike", None),  # several, nobody in particular
        ("what did queen say", None),  # no "the": not a role asked for
        ("bergs comeback on holm", "bergs"),
        ("", None),
    ],
)
def test_question_speaker(question: str, expected: str | None) -> None:
    assert question_speaker(question) == expected


def test_a_role_at_a_body_matches_the_speaker_the_article_describes_so() -> None:
    assert role_matches("Ada Quist", "TSA Administrator", "tsa chief")
    assert not role_matches("Ada Quist", "TSA captain and safety investigator", "tsa chief")  # not who heads it
    assert not role_matches("Ada Quist", "Lt., Vik Beach police spokesperson", "vik beach mayor")  # nor the town
    assert role_matches("Ada Quist", "TSA captain", "tsa spokeswoman")  # any other role: the body is what counts
    assert role_matches("Ada Quist", "the guard's commander", "guard commander")
    # a body's word typed in the singular: "Troopers Association"
    assert role_matches("Ada Quist", "president of the Vik State Troopers Association", "trooper association president")
    assert role_matches("Ada Quist", "Kansas City Mayor", "kc mayor")  # a place by its initials
    assert not role_matches("Ursula Schmidt", "German ambassador", "us ambassador")  # her initials are no place
    assert role_matches("Ada Quist", "Alaska CEO", "alaska airlines ceo")  # half the body's words, the same role
    assert not role_matches("Ada Quist", "Alaska pilot", "alaska airlines ceo")
    assert not role_matches("Ada Quist", "", "tsa chief")  # nothing said of her role
    assert not role_matches("Ada Quist", "TSA Administrator", "quist")  # a name, not a role
    assert role_matches("Ada Quist", "New Hampshire Attorney General", "nh attorney general")  # the state's initials
    assert role_matches("Ada Quist", "Vik County district attorney", "vik da")
    assert role_matches("Ada Quist", "Vik University climatologist", "vik climatologist")
    assert role_matches("Ada Quist", "South Korean President", "south korea presidents")  # "presidents reaction"


def test_someone_of_a_person_is_not_that_person() -> None:
    assert not role_matches("Ola Berg", "Vik harbour master", "ola bergs spokesman")  # Berg's spokesman is not Berg
    assert role_matches("Ada Quist", "Ola Berg's spokesman", "ola bergs spokesman")
    assert role_matches("Ada King", "horror novelist", "ada king")  # a surname that is also a title
    assert asks_someone_of("berg office") and asks_someone_of("berg campaign")  # the office's words, not Berg's
    assert not asks_someone_of("ola berg")


def test_a_role_held_in_full_is_told_from_a_part_of_it() -> None:
    assert role_fully("Ada Quist", "Vik Vice Foreign Minister", "vik vice foreign minister")
    assert not role_fully("Ola Berg", "Vik Foreign Minister", "vik vice foreign minister")  # the minister, not the vice
    assert role_matches("Ola Berg", "Vik Foreign Minister", "vik vice foreign minister")  # though half of it matches


def test_a_union_or_country_as_users_type_it() -> None:
    assert names_match("European Commission", "eu commission")
    assert not names_match("European Commission", "us commission")
    assert role_matches("Ada Quist", "American ambassador", "us ambassador")


def test_a_body_at_a_place_is_described_by_its_initials_and_the_place() -> None:
    assert described_as("National Weather Service meteorologist in San Diego", "san diego nws")
    assert not described_as("National Weather Service meteorologist in Tulsa", "san diego nws")
    assert not described_as("Lt., Vik Beach police spokesperson", "vik beach mayor")  # not who heads the town
    assert described_as("Vik Beach Mayor", "vik beach mayor")


def test_a_body_of_people_in_a_role_is_asked_for_whole() -> None:
    # "pilots" is a role, but the union is who is asked, not "union" alone
    assert question_speaker("what is the vik ferry pilots union saying about the strike") == "vik ferry pilots union"
    assert question_speaker("what did the harbour pilots association say") == "harbour pilots association"
    assert question_speaker("what did ferry captain ola berg say") == "ola berg"  # a person after the role
    # "group": the word users add to a body they cannot name
    assert described_as("executive director of the National Coalition of Ferry Captains", "ferry captains group")
    assert not described_as("executive director of the National Coalition of Ferry Captains", "ferry pilots group")


def test_a_possessive_typed_without_its_apostrophe_still_names_the_person() -> None:
    assert names_match("Sean O’Dahl", "odahl")  # a name typed without its inner apostrophe
    assert names_match("Sean O'Dahl", "sean odahl")
    assert not names_match("Sean O’Dahl", "dahl")
    assert names_match("Joe Biden", "bidens")  # "bidens reaction to ..."
    assert names_match("Kamala Harris", "harris")
    assert not names_match("Joe Biden", "bidenss")
    assert not names_match("Ada Ben", "bens")  # too short to read as a possessive: "Bens" is a name of its own
    assert described_as("Lind campaign spokesperson", "linds campaign")


def test_a_surname_asked_with_the_body_the_person_speaks_for_names_them() -> None:
    assert surname_at_body("Ola Dahl", "Vik’s Harbour Minister", "vik dahl")  # "vik's dahl"
    assert surname_at_body("Ola Dahl", "Vik Harbour Board chair", "vhb dahl")  # the body by its initials
    assert not surname_at_body("Ola Dahl", "Vik’s Harbour Minister", "maria dahl")  # another first name
    assert not surname_at_body("Ola Dahl", "", "vik dahl")  # nothing said of whom she speaks for


def test_a_name_asked_with_whom_the_person_works_for_still_names_them() -> None:
    assert names_match("Lori Glaze", "nasa lori glaze")  # "nasa's lori glaze"
    assert not names_match("Lori Glaze", "nasa glaze")  # a surname alone must be all of what is asked
    assert not names_match("Anna Glaze", "nasa lori glaze")
    # a body asked by its place and its words is no other place's body of those words
    assert names_match("Vik’s Harbour Ministry", "vik harbour ministry")
    assert not names_match("Norland’s Ministry of Harbour", "vik harbour ministry")


def test_initials_are_read_from_consecutive_words() -> None:
    assert initials_in("pm", "Attal became prime minister on Tuesday", names=False)
    assert not initials_in("pm", "Attal became prime minister on Tuesday")  # names only: capitalised words
    assert initials_in("pm", "Prime Minister Attal said")
    assert not initials_in("pm", "prices per month", stop=frozenset({"per"}), names=False)
    assert not initials_in("pm", "the prime. Minister", names=False)  # not across punctuation
    assert initials_in("ofb", "ola f. berg jr. said", names=False)  # a middle initial's period is no break


def test_initials_are_read_from_one_word_of_hyphened_parts_small_words_counted() -> None:
    stop = frozenset({"by", "from", "to"})
    assert initials_in("abv", "cans with 5% alcohol-by-volume", stop=stop, names=False)
    assert initials_in("wfh", "staff who work-from-home on fridays", stop=stop, names=False)
    assert not initials_in("wfh", "staff who work from a home office", stop=stop, names=False)
    assert not initials_in("wkb", "a well-known brand", stop=stop, names=False)  # the whole word spells it


def test_a_bodys_initials_count_its_small_words_or_not() -> None:
    assert body_initials_in("doj", "a ruling the Department of Justice will appeal")  # "of" counted
    assert body_initials_in("cbp", "agents of U.S. Customs and Border Protection")  # "and" not
    assert not body_initials_in("doj", "the department of justice")  # written as no body's name
    assert not body_initials_in("xyz", "the Department of Justice")
    assert body_initials_in("vha's", "the Vik Harbour Authority said")  # "the vha's chief": its possessive
    assert initials_in("vha’s", "the Vik Harbour Authority said")


@pytest.mark.parametrize(
    ("description", "asked", "held"),
    [
        ("society’s chief medical officer", "asco", True),
        ("the association's president", "the harbour pilots association", True),
        ("society’s chief medical officer", "the harbour pilots association", False),  # another body
        ("association's president", "asco", False),  # a noun the society's name does not hold
        ("chief medical officer", "asco", False),  # no body named at all
        ("Vik Society of Surgeons spokesman", "asco", False),  # the noun names another body
    ],
)
def test_a_body_named_in_full_is_later_called_by_its_common_noun(description: str, asked: str, held: bool) -> None:
    text = ("The American Society of Clinical Oncology (ASCO) met on Friday. The Vik Harbour Pilots Association "
            "backed the plan.")
    assert described_by_its_noun(description, asked, text) == held


def test_a_name_after_a_bodys_role_is_the_speaker_not_the_body() -> None:
    text = ("The Vik Harbour Rovers lost at home. “We were slow from the first whistle,” said Rovers coach "
            "Ana Lind, who took over in the spring.")
    sents = split_sentences(text)
    assert attribute(text, sents)[1] == Speaker("Ana Lind", "Rovers coach")


def test_military_and_campaign_titles_stay_with_the_name_they_describe() -> None:
    text = ("Asked on Friday, Navy press secretary Brig. Gen. Ana Lind said the drills would go ahead. "
            "“We are ready,” said Lind campaign spokesperson Ola Berg.")
    sents = split_sentences(text)
    assert len(sents) == 2  # "Brig." ends no sentence
    speakers = attribute(text, sents)
    assert speakers[0] == Speaker("Ana Lind", "Navy press secretary Brig. Gen.")
    assert speakers[1] == Speaker("Ola Berg", "Lind campaign spokesperson")


def test_a_person_is_told_from_a_body_by_a_first_name_before_the_name() -> None:
    assert names_a_person("olsen", ["The budget was signed by Governor Marta Olsen on Monday."])
    assert not names_a_person("vikfjord mills", ["The Oslo-based Vikfjord Mills said. Vikfjord Mills recalled flour."])
    assert not names_a_person("mills", ["General Mills recalled flour."])  # "General" is no first name
    assert not names_a_person("olsen", ["President Olsen spoke. Then Olsen left."])  # never named in full
    # a body named after a person: the person is named in full elsewhere, the body asked for is not them
    story = ["Marta Olsen founded the clinic. The Olsen Medical Center said its wards were dry."]
    assert not names_a_person("olsen medical center", story)
    assert not names_a_person("olsen center", story)
    assert not names_a_person("vikfjord", ["Reuters\n\nVikfjord said on Friday."])  # a credit line is no first name


def test_a_body_is_named_by_the_description_of_who_speaks_for_it() -> None:
    assert described_as("Pentagon press secretary", "pentagon")
    assert described_as("DeSantis' campaign communications director", "desantis campaign")
    assert not described_as("Pentagon press secretary", "nato")
    # as users type it: someone of the body ("the vikfjord guy", "lind office"), the body by its initials
    assert described_as("CEO of Vikfjord Research", "vikfjord guy")
    assert described_as("spokeswoman for Lind", "lind office")
    assert described_as("interim president of the Vik Harbour Authority", "vha")
    assert not described_as("a local fisher", "vha")
    assert not described_as("a local fisher", "guy")  # someone of no body at all is nobody in particular
    # a body's voice by the first word of its name, as the news shortens it ("Vikfjord spokesman": "vikfjord trucks")
    assert described_as("Ola Dahl Vikfjord spokesman", "vikfjord trucks")
    assert described_as("Ola Dahl Norlandia spokesperson", "norlandia air lines")
    assert not described_as("Ola Dahl Vikfjord Gov.", "vikfjord airlines")  # no voice of the airline
    assert not described_as("Ola Dahl spokesman", "vikfjord trucks")  # whose voice, unsaid


@pytest.mark.parametrize(
    ("question", "wants"),
    [
        ("who won the council seat?", "name"),
        ("how many ferries were cancelled", "number"),
        ("what time did the ferry leave yesterday", "clock"),  # answered by a clock time, not a name or a day
        ("what year did the pier open", "time"),
        ("when does the new ferry start running", "time"),
        ("how big is the reward for the ferry vandals", "number"),
        ("what did the council decide", "name"),
        ("did the ferry run", None),
        # asked after a clause that sets the scene
        ("before the storm, when did the ferry last run", "time"),
        ("vik council voted on monday, how many seats did the greens win", "number"),
        ("the ferry broke down, did it run today", None),
        # not an editor's lead-in or relative clause, whose question may ask something else of the source
        ("According to the harbour board, when will the new ferry run?", None),
        ("The council passed a law, which would ban what kind of boat?", None),
    ],
)
def test_what_a_question_asks_for(question: str, wants: str | None) -> None:
    assert wanted_answer(question) == wants


def test_a_described_person_after_said_is_the_speaker_but_a_place_there_is_not() -> None:
    text = ("The council met on Monday. “The ferry plan will not survive the winter,” said longtime harbour "
            "watcher Ola Berg, who has followed the board for decades. “We will appeal,” said in a statement to "
            "Valley Post.")
    sents = split_sentences(text)
    speakers = attribute(text, sents)
    assert speakers[1] is not None and speakers[1].name == "Ola Berg"
    assert speakers[2] is None


def test_a_long_description_before_the_name_and_a_statement_from_a_body_are_attributed() -> None:
    text = ("The show returns.\n\n“Ana is the voice of the harbour,” Valley Radio and Vik Ferries chief executive "
            "and President Ola Berg said in a statement.\n\nA statement from Vik Ferries said the fares would hold.")
    speakers = attribute(text, split_sentences(text))
    assert speakers[1] is not None and speakers[1].name == "Ola Berg"
    assert speakers[2] == Speaker("Vik Ferries", "")


@pytest.mark.parametrize(
    "text",
    [
        "Ana Lind is the mayor. “We are ready,” the mayor of Vik said.",
        "“It was close,” a spokesman for Ana Lind said.",
        "“We tried,” fans of the Rovers said.",
    ],
)
def test_a_name_after_a_preposition_is_not_who_spoke(text: str) -> None:
    speakers = attribute(text, split_sentences(text))
    assert all(sp is None or sp.name not in ("Vik", "Ana Lind", "Rovers") for sp in speakers[-1:])


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a name set off as an appositive, then its verb
        ("Kell's lawyer, Jonna Brisk, wrote in a filing that the sentence was too long.", "Jonna Brisk"),
        ("She moved to Vik in 2010, her father, Ole Brandvik, told the Ledger.", "Ole Brandvik"),
        ("In a call with the Ledger, Ana Lindqvist, press secretary to the countess, said the visit was off.",
         "Ana Lindqvist"),
        # a body speaking through people the article leaves unnamed
        ("“The road stays shut,” Vik County officials said.", "Vik County"),
        ("In response, a Ferrytech spokesperson said the fares would not change.", "Ferrytech"),
        ("The group’s chair, Ada Brisk, said the vote was fair.", "Ada Brisk"),  # the person, not the role
        ("P&G said the pods were safe.", "P&G"),  # a name with an ampersand
        ("The Department of Harbour Safety said the pier was closed.", "Department of Harbour Safety"),  # whole
        ("Airlines for Norland, a trade group, said fares would rise.", "Airlines for Norland"),
        ("The 41st Harbour Brigade said the drill was over.", "41st Harbour Brigade"),  # a unit's ordinal
        ("“The zoo is safe,” says Vik Zoo curator Ada Brisk.", "Ada Brisk"),  # a role the list holds
        # no speaker: a place set off by commas, an adjective before "officials", a person's aides
        ("The nurse at the clinic in Vik, Norland, said the ward was full.", None),
        ("The courier, who is from Vik, Norland, across the border, cautioned against it.", None),
        ("Federal officials said the rule would stay.", None),
        # a dotted abbreviation is no name cut short, nor a pronoun with 's one; a site speaks by its address
        ("The ferry carried 2,000 cars, according to U.S. Customs and Harbour Protection.", None),
        ("He's added more money for the pier in every budget since.", None),
        ("About 9,000 homes were dark, according to PowerOutage.us.", "PowerOutage.us"),
        # capitalised words and a role the list lacks before a full name; a place after a name is no role
        ("“It is a whole other feeling,” said All-Pro tight end Ivo Lund after the final.", "Ivo Lund"),
        ("“Take me,” writes Harbour Opinion columnist Ada Brisk.", "Ada Brisk"),
        ("“We will win,” said Lund at the Harbour Club.", "Lund"),
        # an office's title before the name: engineer, clerk, principal, warden
        ("The city has plans for the pier, City Engineer Ivo Lund said.", "Ivo Lund"),
        ("“The bell rings at eight,” said Vik High School Principal Ada Brisk.", "Ada Brisk"),
    ],
)
def test_appositives_and_bodies_name_who_speaks(sentence: str, expected: str | None) -> None:
    assert name_at(sentence) == expected


def test_a_role_with_a_name_beside_it_is_that_person_not_whoever_held_the_role_before() -> None:
    found = attributed("President Ola Vik spoke first. The group’s president, Mayor Ada Brisk, told Vik it was time.")
    assert speaker_of(found, "it was time") == Speaker("Ada Brisk", "Mayor")


def test_a_description_after_a_name_ends_with_its_sentence_and_is_what_they_are() -> None:
    text = ("“Prices will fall,” said Ola Berg, an analyst at the broker NFX. Next year will be harder, he added. "
            "“We are ready,” said Ada Brisk, head of the Harbour Fund (HFN). Set up in 2019, it owns the pier. "
            "The show’s host, Ivo Lund, has formally become a candidate for mayor. “I will win,” Lund said.")
    found = attributed(text)
    assert speaker_of(found, "Prices will fall") == Speaker("Ola Berg", "analyst at the broker NFX")
    assert speaker_of(found, "We are ready") == Speaker("Ada Brisk", "head of the Harbour Fund (HFN)")
    assert speaker_of(found, "I will win") == Speaker("Ivo Lund", "")  # "has formally become" is what he did


@pytest.mark.parametrize(
    ("text", "description"),
    [
        # two roles joined by "and" before the name: the first often names the body ("vik ferries ceo")
        ("“Fares will hold,” Vik Ferries president and CEO Ola Berg said.", "Vik Ferries president and CEO"),
        ("“By rule, only players are elected,” Harbour Hall spokesman and Vice President Ada Brisk said in an email.",
         "Harbour Hall spokesman and Vice President"),
        # ...the second role in lower case ("Celestis CEO and co-founder Charles M. Chafer")
        ("“We will fly in May,” Vik Ferries CEO and co-founder Ola Berg said.", "Vik Ferries CEO and co-founder"),
        # "and" after a body's name, not a role: two bodies, and the role is of the second
        ("“Fares will hold,” Vik Ferries and Harbour Bus CEO Ola Berg said.", "Harbour Bus CEO"),
        # a body's initials that spell a common word ("WHO") are still the body's
        ("“It is a pandemic,” WHO Director-General Ola Berg said.", "WHO Director-General"),
    ],
)
def test_roles_and_bodies_before_a_name_are_kept_whole(text: str, description: str) -> None:
    speaker = attributed(text)[0][1]
    assert speaker is not None and speaker.description == description


def test_a_long_description_runs_past_an_abbreviation_and_stops_at_a_verb() -> None:
    text = ("Ola Berg, a tide expert and dean of Marine and Coastal Sciences at Mount St. Ives University in Vikport, "
            "told the Ledger the tide would turn. "
            "“Rents rose by a tenth,” Ada Brisk, head of the Harbour Chamber of Commerce (HCC) wrote in a report. "
            "“It flooded twice,” said Ivo Lund, Tom Dahl and Officer Eva Sund were there in May.")
    found = attributed(text)
    assert speaker_of(found, "tide would turn") == Speaker(
        "Ola Berg", "tide expert and dean of Marine and Coastal Sciences at Mount St. Ives University in Vikport")
    assert speaker_of(found, "Rents rose") == Speaker("Ada Brisk", "head of the Harbour Chamber of Commerce (HCC)")
    assert speaker_of(found, "It flooded twice") == Speaker("Ivo Lund", "")  # a clause is no description


def test_a_role_keeps_the_words_in_lower_case_that_say_what_it_is_of() -> None:
    text = ("“We are ready,” said county fire chief Ola Berg. "
            "“Nobody listens to silence the way she does,” programme head Ada Brisk says. "
            "“It was calm,” said Ivo Lund, who spoke to the harbour master after the storm.")
    found = attributed(text)
    assert speaker_of(found, "We are ready") == Speaker("Ola Berg", "county fire chief")
    assert speaker_of(found, "listens to silence") == Speaker("Ada Brisk", "programme head")
    assert speaker_of(found, "It was calm") == Speaker("Ivo Lund", "")


def test_a_shared_title_before_a_name_is_the_role_and_the_writer_s_own_words_are_not() -> None:
    text = ("Co-owner Ola Berg said the bakery would close on Sunday. "
            "I'll let co-owner Ada Brisk explain the menu for me.\n\n“Bread first, always,” she said. "
            "“We were ready,” said the bakery's co-founder, Ivo Lund.")
    found = attributed(text)
    assert speaker_of(found, "bakery would close") == Speaker("Ola Berg", "Co-owner")
    assert speaker_of(found, "Bread first") == Speaker("Ada Brisk", "co-owner")


def test_a_show_or_podcast_named_after_its_host_is_no_person_a_he_could_mean() -> None:
    text = ("Ivo Lund has played for the harbour club for ten years. "
            "On the Ada Brisk Show on Thursday, Ivo was asked about the rumours. "
            "“It's funny how far this has gone,” he said of the rumours.")
    assert speaker_of(attributed(text), "funny how far").name == "Ivo Lund"


def test_an_office_and_whose_it_is_is_no_person() -> None:
    text = ("“Composting is gentler than burning,” said Ada Brisk, founder and CEO of Regrow, a funeral home in Vik. "
            "She thought of it in school, she said. Harbour Days returns in May, said Ivo Lund, President of Visit "
            "Vikport. Visit Vikport announces its programme on Friday.")
    found = attributed(text)
    assert speaker_of(found, "She thought of it") == Speaker("Ada Brisk", "founder and CEO of Regrow")
    assert all(sp is None or not sp.description.endswith(" of") for _, sp in found)


def test_a_role_left_open_by_a_title_in_quotes_is_shown_without_it() -> None:
    text = ("“The pier was a place to be seen,” said Ola Berg, author of “Piers of the North.” "
            "“Nobody came for the fish,” said Ada Brisk, professor of history at Vik University and author of "
            "“Salt Towns.”")
    found = attributed(text)
    assert speaker_of(found, "a place to be seen") == Speaker("Ola Berg", "author")
    assert speaker_of(found, "came for the fish") == Speaker("Ada Brisk", "professor of history at Vik University")


def test_a_body_speaks_only_when_nobody_else_in_the_sentence_does() -> None:
    text = ("Governor Ada Brisk opened the site on Monday. Vik officials have said the site opens in April, but Brisk "
            "said residents were welcome now. Still, she warned of long queues.")
    found = attributed(text)
    assert speaker_of(found, "opens in April").name == "Ada Brisk"  # type: ignore[union-attr]
    assert speaker_of(found, "long queues").name == "Ada Brisk"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # acts of speech without "said"
        ("Senator Ola Vikstrom also criticized the ferry plan on Tuesday.", "Ola Vikstrom"),
        ("Mayor Ada Brisk called the ruling “a gift to the harbour.”", "Ada Brisk"),
        ("Harbour chief Per Dahl called on the board to act.", "Per Dahl"),
        ("Ferrytech declined to say how many boats were late.", "Ferrytech"),
        ("Lena Holm pushed back on the plan.", "Lena Holm"),
        # ... but not every call or refusal is speech
        ("Ada Brisk called the harbour office twice.", None),
        ("Governor Ole Brandvik declined to reverse the order.", None),
        # the person who says it, not the words before "said"
        ("Rain will reach Vik and Norland on Friday, while the coast stays dry, said Jonna Brisk, a senior "
         "meteorologist with Skyline.", "Jonna Brisk"),
        ("The ferry will be back by June, according to Norland Transport Agency spokesman Per Dahl.", "Per Dahl"),
        ("Added Vik harbour chief Ole Brandvik in a statement: “The pier is safe.”", "Ole Brandvik"),
        ("Skyline analysts said prices would fall.", "Skyline"),
        # a relative clause that speaks, and "put it"
        ("The change puzzled the ferry's former chief, Ola Vikstrom, who replied: “Why now?”", "Ola Vikstrom"),
        ("As Mayor Ada Brisk put it in a memo: “The pier is ours.”", "Ada Brisk"),
        ("The panel includes author Jonna Brisk, who wrote a novel about the pier.", None),
    ],
)
def test_acts_of_speech_and_late_named_speakers_are_attributed(text: str, expected: str | None) -> None:
    assert name_at(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "and" inside a body's name before the title, and a role's place between the role and the name
        ("Fisheries and Harbour Safety Secretary Ada Brisk told the Ledger the pier was safe.", "Ada Brisk"),
        ("Norland's Ambassador to the Southern Isles Per Dahl said the talks were over.", "Per Dahl"),
        ("The Vik Ambassador to Norland Jonna Brisk said in a post, “We are saddened.”", "Jonna Brisk"),
        # an appositive set off by dashes, "at first", a body's statement "saying"
        ("Ola Vikstrom — a ferry captain from Vik, Norland — told the Ledger the crossing was rough.", "Ola Vikstrom"),
        ("Lena Holm at first told the crowd she would stay.", "Lena Holm"),
        ("Vik Ferries released a statement to the Ledger saying: “Service resumes Monday.”", "Vik Ferries"),
        ("The storm hit Vik — the worst in years — and the pier closed.", None),
        # ... but two people joined by "and" are not one of them speaking alone
        ("Governor Ola Vikstrom and Vik County Sen. Lena Holm have both condemned the plan.", None),
        ("Mayor Ada Brisk and Harbour Chief Per Dahl said the pier would reopen.", None),
    ],
)
def test_a_speaker_named_at_length_or_set_off_is_attributed(text: str, expected: str | None) -> None:
    assert name_at(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Norland Department of Harbours closed the pier on Monday. The department said no one was hurt.",
         "Norland Department of Harbours"),
        ("Students at the University of Vik held a vigil. “We are shaken,” the university said.", "University of Vik"),
        # the nearest body of that kind, not one whose name goes on ("Hospital Association") or a title after it
        ("Vik General Hospital opened a ward. The Norland Hospital Association met. The hospital said beds were "
         "short.", "Vik General Hospital"),
        ("The court ruled on Monday. The court said the fine stands.", None),  # no court is named
    ],
)
def test_the_body_that_speaks_is_the_one_of_its_kind_named_before(text: str, expected: str | None) -> None:
    assert name_at(text, -1) == expected


def test_said_first_names_the_speaker_of_its_quotation() -> None:
    found = attributed("Mayor Lena Holm met the board on Monday. Said Holm: “We will not wait.”")
    assert speaker_of(found, "We will not wait") == Speaker("Lena Holm", "Mayor")


@pytest.mark.parametrize("place", ["Fort Wayne", "New Castle", "San Marco", "Lake Holm", "Eastern Vik"])
def test_a_place_named_in_a_sentence_is_not_the_speaker_that_a_later_she_said_means(place: str) -> None:
    found = attributed(f"Ann Berg, a nurse, sewed masks at home. Most she sent to her friend in {place}. "
                       "“People have some in their garages,” she said.")
    assert speaker_of(found, "People have some") == Speaker("Ann Berg", "nurse")


def test_a_university_s_campus_before_said_is_not_who_spoke() -> None:
    found = attributed("Floods could reach the coast, Ada Berg, a geologist at the University of Vikland, Norby said "
                       "on Tuesday.")
    assert found[0][1] is None or found[0][1].name != "Norby"


def test_said_first_with_a_comma_is_no_part_of_the_speaker_s_name() -> None:
    # 'Said Holm, "..."' had registered a person called "Said Holm", who then took every later "Holm said"
    found = attributed("The team won again on Monday. Said Holm, “We defend well.” “We will not wait,” Holm said.")
    assert speaker_of(found, "We defend well") == Speaker("Holm", "")
    assert speaker_of(found, "We will not wait") == Speaker("Holm", "")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Brisk denounced the statement on Sunday.", False),
        ("Brisk said the statement was wrong.", True),
        ("Brisk called it “a disgrace.”", True),
        ('"The pier is safe," Brisk added.', True),
    ],
)
def test_a_sentence_holds_words_or_only_an_act_of_speech(sentence: str, expected: bool) -> None:
    assert holds_words(sentence) is expected


def test_she_said_is_the_woman_named_before_not_the_man_named_last() -> None:
    text = ("Harbour master Lena Dahl has run the Vik docks for a decade, and she knows every boat her crews unload.\n"
            "The rusted bolts were found by Tomas Berg, who has worked at the docks since he left his school.\n"
            "“Nobody should work under that crane again,” she said.")
    assert name_at(text, 2) == "Lena Dahl"
    assert name_at(text.replace("” she said", "” he said"), 2) == "Tomas Berg"



def test_a_sentence_whose_subject_speaks_in_its_own_clause_is_that_persons() -> None:
    text = ("Rescue diver Oskar Lind has dived the bay since he was a boy, and he knows its currents.\n"
            "Harbour master Tomas Berg said the pier would reopen in May.\n"
            "Lind winced as he recalled the night the ferry sank.")
    assert name_at(text, 2) == "Oskar Lind"
    # a tag set off by commas is the last speaker's, whoever the sentence names
    tagged = text.replace("Lind winced as he recalled the night the ferry sank.",
                          "Without Lind, he said, the crew would have drowned.")
    assert name_at(tagged, 2) == "Tomas Berg"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In a release, the Minister of Health and Welfare Ola Strand said the clinics would stay open.",
         Speaker("Ola Strand", "Minister of Health and Welfare")),
        ("The Vik Department of Agriculture and Fisheries said the catch was down by half.",
         Speaker("Vik Department of Agriculture and Fisheries")),
        # ... but two people joined by "and" are no office
        ("Ola Berg of Vik and Tomas Lind said the talks would go on.", None),
    ],
)
def test_an_office_of_two_things_joined_by_and_is_one_title(text: str, expected: Speaker | None) -> None:
    assert attributed(text)[0][1] == expected

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a role set off by a comma goes on to where it is held
        ("In a column last week, Norway’s ambassador to Vik, Ola Strand, said the talks would go on.",
         Speaker("Ola Strand", "Norway’s ambassador to Vik")),
        # ... or is opened by a body's possessive after other words
        ("Senators sent a letter of questions to Vikfone’s CEO, Ada Quist, on Monday.\n"
         "In her reply, Quist said the app kept no data abroad.",
         Speaker("Ada Quist", "Vikfone’s CEO")),
        # a place and its state before a lower-case role: the person after it speaks
        ("“They target the lonely,” says Vik County, Alaska, district attorney Jonas Berg.",
         Speaker("Jonas Berg", "district attorney")),
        # a rank alone says less than the appositive after the name
        ("Master Sgt. Ada Quist, a spokesperson for the Vik Air Wing, said flights were paused.",
         Speaker("Ada Quist", "Master Sgt., spokesperson for the Vik Air Wing")),
    ],
)
def test_who_someone_is_is_read_around_commas(text: str, expected: Speaker) -> None:
    assert attributed(text)[-1][1] == expected


def test_the_reporter_named_above_the_story_speaks_for_nobody() -> None:
    text = ("Mara Holt\n\nVIK LEDGER\n\n"
            "VIK — The harbour will close for repairs next month, the port's director said.\n\n"
            "“We have waited long enough,” said Ola Strand, the director.")
    # the lede's "the port's director" is the director the next sentence names, never the reporter above the story
    assert name_at(text, 2) == "Ola Strand"
    assert name_at(text, 3) == "Ola Strand"
    assert name_at(text.replace("said Ola Strand, the director", "the harbour said"), 2) is None

def test_the_governor_is_the_person_titled_gov() -> None:
    text = ("Gov. Kaja Lind toured the flooded pier on Monday.\n"
            "Harbour master Ola Strand said the water had reached the ferry office.\n"
            "The governor said the state would pay for the repairs.")
    assert name_at(text, 2) == "Kaja Lind"

def test_a_name_then_and_said_is_no_open_appositive() -> None:
    text = ("Mayor Ines Marr, the town's first woman mayor, spoke for an hour, and she thanked everyone.\n"
            "She also thanked her rival Tomas Berg, and said: “We ran a clean race.”")
    assert name_at(text, 1) == "Ines Marr"

def test_she_said_after_a_man_is_whoever_spoke_last_but_never_the_man() -> None:
    # the article never says "she" beside Ines Marr's name, so only her having spoken points to her
    text = ("Ines Marr ran the Vik pier office for years. “The pier was always sound,” Marr said.\n"
            "Tomas Berg, who built it, said he checks its bolts himself, and he says his crews do too.\n"
            "“Good for him,” she said.")
    assert name_at(text, 3) == "Ines Marr"
    # nobody but the man spoke: the words are nobody's rather than his
    alone = ("Tomas Berg, who built the Vik pier, said he checks its bolts himself, and he says his crews do too.\n"
             "“Good for him,” she said.")
    assert name_at(alone, 1) is None

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an appositive the writer left open before the verb that ends the sentence
        ("“The trail has never been this dry in spring,” Nora Pell, director of trails at the Vik Hiking Club told "
         "the Ledger.", Speaker("Nora Pell", "director of trails at the Vik Hiking Club")),
        ("“We built in checks at every step,” Dana Crow, a senior vice president at Quillsoft told me on Tuesday.",
         Speaker("Dana Crow", "senior vice president at Quillsoft")),
        # ... or before the verb that brings in the quotation
        ("Mara Voss, chief operating officer at Quillsoft wrote, “We pay above the market in every town.”",
         Speaker("Mara Voss", "chief operating officer at Quillsoft")),
        # ... but a place set off by a comma is no person
        ("“The pier is closed,” Vik, the harbour town told nobody.", None),
        # a role, then the person's name set off after it
        ("“The rule was stretched far past its purpose,” the attorney, Ivo Brand, told the Ledger in an email.",
         Speaker("Ivo Brand", "the attorney")),
        # who someone is, between the verb and their name set off by a comma, in lower-case words
        ('"We are bound by two courts," added Berg\'s new defense lawyer, Ivo Brand, speaking to reporters later.',
         Speaker("Ivo Brand", "Berg's new defense lawyer")),
        ('"Boats will run," said the ferry line’s spokesman, Ola Dahl.', Speaker("Ola Dahl", "the ferry line’s spokesman")),
        ('"Not yet," said his mother, Ada Quist.', Speaker("Ada Quist", "")),  # a relation, no role
        # a web address is a word of a name, not its end
        ('"Drink water before you are thirsty," said Skywatch.com meteorologist Lena Fox.',
         Speaker("Lena Fox", "Skywatch.com meteorologist")),
        # a statement issued
        ("The Vik Rights Project issued a statement saying it was “shocked and angry” at the footage.",
         Speaker("Vik Rights Project")),
        ("The Vik Rights Project also issued a statement stating the group is “shocked” by the footage.",
         Speaker("Vik Rights Project")),
        # a short description before a person named in full who then speaks
        ("Harbour historian Dana Marsh shared the photo and added, “This is how the pier looked.”",
         Speaker("Dana Marsh", "Harbour historian")),
        ("Ferry co-founder Ola Strand rescinded the award and apologized, adding that no child will be named again.",
         Speaker("Ola Strand", "Ferry co-founder")),
        # ... not the client a lawyer speaks for, nor one of two who spoke together
        ("A lawyer for Vik Ferries denied the claim, writing that the boats were safe.", None),
    ],
)
def test_open_appositives_issued_statements_and_described_speakers_are_attributed(
    text: str, expected: Speaker | None
) -> None:
    assert attributed(text)[-1][1] == expected


def test_the_party_member_described_in_lower_case_is_the_person_named_before() -> None:
    text = "Rep. Dan Orr won the seat in 2020. The first-term Democrat said he would run again."
    assert name_at(text, 1) == "Dan Orr"


def test_the_group_is_the_body_that_has_just_spoken() -> None:
    found = attributed("The Vik Rights Project said it would file a complaint. "
                       "“People deserve respect,” the group tweeted.")
    assert speaker_of(found, "People deserve respect") == Speaker("Vik Rights Project")
    # with no body speaking before, "the group" is nobody
    assert name_at("Hikers gathered at the pier. “People deserve respect,” the group tweeted.", 1) is None


def test_an_advisory_nobody_is_said_to_issue_is_the_words_of_the_body_that_just_spoke() -> None:
    text = ("The Norland Weather Service warned of a dangerous storm on Monday. Waves reached the pier. "
            "“Do not go near the water,” the advisory said.")
    assert name_at(text, 2) == "Norland Weather Service"
    far = ("The Norland Weather Service warned of a dangerous storm on Monday. Waves reached the pier. "
           "Boats stayed in. Shops shut. “Do not go near the water,” the advisory said.")
    assert name_at(far, 4) is None


def test_a_coordinator_or_supervisor_is_a_title_before_the_name() -> None:
    text = ("Vik County Emergency Management Coordinator Dana Wells said three tornadoes may have struck. "
            "The storm then moved east over Quad Cities, he said.")
    assert [sp for _, sp in attributed(text)] == [Speaker("Dana Wells", "Vik County Emergency Management Coordinator")] * 2


def test_a_titled_person_after_a_place_does_not_make_the_place_a_person() -> None:
    text = ("In Norland, County Supervisor Ada Brisk said officials were ready.\n"
            "VIK, Norland – Per Dahl, 28, has voted since 2016, but never had a camera pushed at him.\n"
            "“I don’t know who you are,” he said.")
    assert name_at(text, 2) == "Per Dahl"


def test_the_office_of_something_is_the_body_named_with_those_words() -> None:
    text = ("The Vik County Office of Emergency Services ordered residents to leave. Roads flooded. "
            "“Leave now,” the office of emergency services said.")
    assert name_at(text, 2) == "Vik County Office of Emergency Services"
    assert name_at("Clinics opened. The department of health said queues were short.", 1) is None


def test_a_person_set_off_by_a_description_then_saying_is_the_speaker() -> None:
    text = ("Lena Holm met the board. Holm, the harbour minister, has been quick to deny the plan was military, "
            "saying flatly that no base would be built.")
    assert attributed(text)[1][1] == Speaker("Lena Holm", "harbour minister")
    # "he said" later in that sentence is the person it opens with, not whoever spoke before
    text = ("Lena Holm met the board. “The isles will decide,” said Per Dahl, an adviser in Norland. Holm, the "
            "harbour minister, has been quick to deny the plan was military, saying no base would be built, where he "
            "said it has no aims.")
    assert name_at(text, 2) == "Lena Holm"


def test_a_meteorologist_or_forecaster_is_a_title_before_the_name() -> None:
    found = attributed("“Heat can build late in August,” Skyline Senior Meteorologist Per Dahl said.")
    assert found[0][1] == Speaker("Per Dahl", "Skyline Senior Meteorologist")


def test_a_hyphenated_body_counts_word_by_word_only_right_before_its_role() -> None:
    assert role_matches("Ada Brisk", "Vik-Norland Ferries CEO", "vik norland ferries ceo")
    assert not role_matches("Per Dahl", "director of the Vik-Norland Relations Institute", "norland vik ambassador")


def test_a_speaker_given_by_surname_alone_is_the_person_asked_by_full_name_the_article_writes_out() -> None:
    story = "Ada Brisk is bringing back her harbour show. “We are ready,” Brisk said."
    assert surname_of_the_named("Brisk", "ada brisk", story)
    assert not surname_of_the_named("Brisk", "per brisk", story)  # another of that surname, never named here
    assert not surname_of_the_named("Brisk", "brisk", story)  # asked by surname: names_match's to judge
    assert not surname_of_the_named("Ada Brisk", "ada brisk", story)
    # of two words the first will do: a family name written first, or a first name once the whole name is written
    assert surname_of_the_named("Lin", "lin feng", "Port director Lin Feng opened it. Lin said it was ready.")
    assert surname_of_the_named("Ada", "ada brisk", story + " Ada said so too.")
    assert not surname_of_the_named("Ada", "ada brisk vik", story)  # the first of three is no one alone
    # two of that surname in the story: "Brisk said" is either's
    assert not surname_of_the_named("Brisk", "ada brisk", story + " Her brother Per Brisk sold his shares.")
    assert surname_of_the_named("Brisk", "ada brisk", story + " But Ms. Brisk sold her shares.")


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Mayor Tomas King opened the pier. \u201cIt is a good day,\u201d King said.", "Tomas King"),
        ("Ida Bishop, a nurse, spoke first. \u201cWe need more beds,\u201d said Bishop.", "Ida Bishop"),
        ("Tom Judge, a ferry captain, was there. Judge said the crossing was rough.", "Tom Judge"),
    ],
)
def test_a_surname_that_is_also_a_title_is_the_person_named_by_it(text: str, who: str) -> None:
    assert name_at(text, 1) == who  # not a king, a bishop or a judge, nor a word before the name


@pytest.mark.parametrize(
    "text",
    [
        "Ida Bishop, a nurse, spoke first.\n\n\u201cWe need help. Why are the beds full?\u201d Brisk said.",
        "Ida Bishop, a nurse, spoke first.\n\n\u201cWe need help. Why are the beds full?\u201d\n\nBrisk said.",
        "Ida Bishop, a nurse, spoke first.\n\n\u201cWe need help. Why are the beds full?\u201d said Ada Brisk on Monday.",
    ],
)
def test_a_quotation_a_question_mark_ends_is_spoken_by_the_name_in_the_tag_after_it(text: str) -> None:
    story = "Ada Brisk runs the ward. " + text
    quote = next(who for sentence, who in attributed(story) if sentence.startswith("\u201cWe need help"))
    assert quote is not None and quote.name == "Ada Brisk"


def test_a_quotation_before_a_pronoun_tag_alone_is_left_unattributed() -> None:
    # "he said." standing alone is resolved by guess; a wrong name on a quotation is worse than none
    found = attributed("Ada Brisk met Ida Bishop.\n\n\u201cWhy are the beds full?\u201d\n\nshe said.")
    assert found[1][1] is None


def test_a_person_named_with_where_they_are_from_is_that_person() -> None:
    # "X of Place": the person, registered for the later "Brisk said" and "she said"
    found = attributed("Sen. Ada Brisk of North Vik opened the debate on Monday.\n\n"
                       "\u201cThe ferry is our road,\u201d Brisk said.\n\nShe said the vote would be close.")
    assert [who.name if who else None for _, who in found] == [None, "Ada Brisk", "Ada Brisk"]
    # a who-clause after "like" or "from" makes its name the speaker
    text = ("Readers sent reactions from lawmakers like Rep. Tom Judge of Vik, who tweeted: "
            "\u201cKeep the ferry running.\u201d")
    assert name_at(text) == "Tom Judge"


def test_a_body_or_show_named_with_of_is_no_person() -> None:
    found = attributed("The Real Housewives of Vik Harbour returned on Monday. "
                       "\u201cIt was a rough season,\u201d said Ada Brisk, a cast member.")
    assert found[1][1] == Speaker("Ada Brisk", "cast member")
    assert name_at("\u201cThe pier is closed,\u201d the North Vik Harbour Board of Trade said.") != "North Vik Harbour"


def test_a_title_before_a_name_stays_a_title() -> None:
    assert name_at("\u201cThe motion is denied,\u201d said U.S. District Judge Ada Brisk.") == "Ada Brisk"
    assert name_at("King Olaf opened the pier. \u201cIt is a good day,\u201d the King said.", 1) == "Olaf"


def test_a_spokesperson_of_a_body_known_by_one_word_speaks_for_it_but_not_for_a_titled_person() -> None:
    found = attributed("Ferrytech also said it gives riders clear tools. "
                       "“Mr. Dahl was fired for poor performance,” the Ferrytech spokesperson said.")
    assert found[1][1] == Speaker("Ferrytech")
    assert name_at("President Brisk met the board. “We will not comment,” the Brisk spokesperson said.", 1) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Harbour Minister Tove Lindqvist said she was shaken, while Mayor Pavel Ostrow said the city would rebuild.",
         [("Tove Lindqvist", "Harbour Minister"), ("Pavel Ostrow", "Mayor")]),
        ("“We will rebuild,” Mira Holt of Eastbank and Joel Vance of Northgate, who lead the committee, said.",
         [("Mira Holt", ""), ("Joel Vance", "")]),  # a joint statement, each without the place after the name
        ("“It was bad,” said Mayor Pavel Ostrow.", [("Pavel Ostrow", "Mayor")]),
        ("A report from Vik County confirmed seven deaths.", []),  # part of a phrase, not a speaker
        ("Ola Berg said Ostrow told him the bridge would stand.", [("Ola Berg", "")]),  # words another reports
        ("Mayor Pavel Ostrow criticized the plan.", []),  # an act, not words
        ("The bridge fell on Sunday.", []),
    ],
)
def test_named_speakers_lists_everyone_a_sentence_has_speak(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert named_speakers(sentence) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a description after the verb, then the person named in full, set off at the end
        ("Ada Berg was charged in May. “She never touched the boat,” said Berg’s lawyer, Tomas Ekdahl.", "Tomas Ekdahl"),
        ("“We will reach the moon,” said Swedish-Norwegian investor and chair of the Vik Space Club, Lars Holm, in a "
         "statement.", "Lars Holm"),
        ("“The pier is safe,” said one engineer on the site, Mira Dahl.", "Mira Dahl"),
        # the person comes first, and what follows the comma is their post
        ("“The pier is safe,” said Mira Dahl, Chief Engineer of Vik Harbour Works.", "Mira Dahl"),
        ("“The pier is safe,” said harbour engineer Mira Dahl, head of Vik Harbour Works.", "Mira Dahl"),
    ],
)
def test_a_person_set_off_after_a_description_and_an_inverted_verb_speaks(text: str, expected: str) -> None:
    assert name_at(text, len(spans(text)) - 1) == expected


@pytest.mark.parametrize(
    ("name", "wanted", "expected"),
    [
        ("Northwind", "northwind airlines", True),  # the article writes "Northwind Airlines"
        ("Northwind", "northwind bank", False),  # never written in full
        ("Northwind", "northwind", False),  # asked by one word: names_match's case
        ("Ada", "ada lund", False),  # a person's first name is no short form
    ],
)
def test_a_body_s_first_word_is_short_for_it(name: str, wanted: str, expected: bool) -> None:
    text = "Northwind Airlines cancelled 140 flights. Ada Lund waited. Northwind said the storm would pass."
    assert short_for_the_named(name, wanted, text) is expected


def test_a_doctor_s_post_after_the_name_is_the_description() -> None:
    text = ("“Rest is the best cure,” said Dr. Ada Lund, chief of surgery at Vik Hospital. "
            "Dr. Per Holm, director of the Vik Lung Clinic, said the wards were full.")
    found = attributed(text)
    assert found[0][1] == Speaker("Ada Lund", "chief of surgery at Vik Hospital")
    assert found[1][1] == Speaker("Per Holm", "director of the Vik Lung Clinic")


def test_a_first_name_that_is_also_a_body_s_word_or_two_initials_names_a_person() -> None:
    text = ("Vik Labs co-founder Bill Orr said the plant would open in May. Orr said hiring starts soon. "
            "“We are ready,” Orr spokesperson CJ Lund said in a statement. "
            "Owner Ada Berg said the shop would close.")
    found = attributed(text)
    assert found[0][1] == Speaker("Bill Orr", "Vik Labs co-founder")
    assert found[1][1] == Speaker("Bill Orr", "Vik Labs co-founder")  # the surname alone, once named in full
    assert found[2][1] == Speaker("CJ Lund", "Orr spokesperson")
    assert found[3][1] == Speaker("Ada Berg", "Owner")


def test_the_body_after_a_person_s_name_describes_them() -> None:
    text = ("The count was slow, according to Ada Berg of the Vik County Republican Party. "
            "“We ran out of ballots,” Berg said. Per Holm with the Harbour Trust said the same. "
            "Members of the Vik County Council said nothing.")
    found = attributed(text)
    assert found[1][1] == Speaker("Ada Berg", "Vik County Republican Party")
    assert found[2][1] == Speaker("Per Holm", "Harbour Trust")  # "X of the Y said": X speaks, for Y
    assert found[3][1] is None  # "Members" is nobody named


def test_an_ally_set_off_after_the_name_is_described_so() -> None:
    text = ("“The count is wrong,” Ada Berg, one of Holm’s closest allies, said. "
            "Holm and his allies said nothing after the vote.")
    found = attributed(text)
    assert found[0][1] == Speaker("Ada Berg", "one of Holm’s closest allies")
    assert found[1][1] is None or found[1][1].name != "Ada Berg"  # "his allies" refer back to nobody


def test_a_statement_still_to_come_or_only_a_condition_is_nobody_s_words() -> None:
    text = ("Coach Ana Lind said the season had worn her out. A decision is likely before she announces whether she "
            "will stay. Nothing changes if Lind says no. Before she said that, Lind thanked the fans.")
    speakers = [sp.name if sp else None for _, sp in attributed(text)]
    assert speakers == ["Ana Lind", None, None, "Ana Lind"]


def test_a_place_after_in_is_nobody_the_words_that_follow_describe() -> None:
    text = ("Tomas Berg, a harbour pilot, said the ferries ran late all winter. "
            "During his time in Vikland, port rules generally barred pilots from working past midnight. "
            "He said one shipping line kept to those rules.")
    speakers = [sp.name if sp else None for _, sp in attributed(text)]
    assert speakers == ["Tomas Berg", None, "Tomas Berg"]  # "he" is the pilot, not "Vikland"


def test_a_first_name_alone_given_an_age_is_a_person() -> None:
    text = ("Port director Ada Holm said the new berths open in May. "
            "Sami is 31 years old and left the islands for Vik to work on the docks. "
            "He says the night shifts pay twice the day rate. "
            "Lena, 44, runs the canteen by the quay. “We never close,” she said.")
    speakers = [sp.name if sp else None for _, sp in attributed(text)]
    assert speakers[2] == "Sami"  # not the director named before him
    assert speakers[-1] == "Lena"


def test_an_official_of_a_places_government_speaks_for_the_place() -> None:
    text = ("A Vikland government official told reporters: “The new rules protect every worker.” "
            "Tomas Berg, a harbour pilot, said the rules came late. "
            "Nordby health officials said cases were falling.")
    speakers = [sp.name if sp else None for _, sp in attributed(text)]
    assert speakers == ["Vikland", "Tomas Berg", "Nordby"]


def test_a_place_asked_by_name_is_its_people_s_adjective_in_a_speaker() -> None:
    assert names_match("Qatari", "qatar") and names_match("Kenyan", "kenya") and names_match("Russian", "russia")
    assert not names_match("Qatari", "qat") and not names_match("Kenyan", "ken")  # a short word is no place
    assert not names_match("Russell", "russia")


def test_a_name_made_an_adjective_before_a_name_is_no_part_of_it() -> None:
    text = ("Vik-based Harbour Foods said it would close the cannery. "
            "“We tried everything,” said Oslo-born Ada Holm, the company's chief executive. "
            "Ines Marr of Vik-based Harbour Trust said the jobs would be missed.")
    found = attributed(text)
    assert found[0][1] is not None and found[0][1].name == "Harbour Foods"
    assert found[1][1] is not None and found[1][1].name == "Ada Holm"
    assert found[2][1] is not None and found[2][1].name == "Ines Marr"  # "of Vik-based ...": where she works


def test_a_party_before_a_name_is_no_part_of_it_and_says_less_than_what_they_are() -> None:
    text = ("Republican Ines Marr, the former harbour commissioner, said the ferries ran late. "
            "Marr said the port needed a new pier. "
            "North Vik Democrat Tomas Berg said the pier could wait. "
            "The Vik Republican National Convention said it would meet in May.")
    found = attributed(text)
    assert found[0][1] == Speaker("Ines Marr", "former harbour commissioner")
    assert found[1][1] == Speaker("Ines Marr", "former harbour commissioner")  # her surname, once named in full
    assert found[2][1] is not None and found[2][1].name == "Tomas Berg"
    assert found[3][1] is not None and "Convention" in found[3][1].name  # a party's body keeps its name


def test_a_body_typed_by_its_initials_counts_each_part_of_a_hyphened_or_dotted_word() -> None:
    assert names_match("World Anti-Doping Agency", "wada")
    assert names_match("U.S. Anti-Doping Agency", "usada")
    assert names_match("Federal Aviation Administration", "faa")  # as before
    assert not names_match("World Anti-Doping Agency", "wad")


def test_a_role_asked_at_a_body_the_story_names_is_a_speaker_given_only_that_role() -> None:
    text = "Norby Bay Hospital sent the masks back, said Ada Holm, the hospital's chief medical officer."
    desc = "the hospital's chief medical officer"
    assert speaks_for_the_named("Ada Holm", desc, "norby bay chief medical officer", text)
    assert not speaks_for_the_named("Ada Holm", desc, "vikferry chief medical officer", text)  # not named
    assert not speaks_for_the_named("Ada Holm", "the hospital's medical officer", "norby bay chief medical officer",
                                    text)  # not the whole role


def test_a_rank_typed_without_its_stop_is_no_part_of_the_name() -> None:
    assert names_match("Daniel Andrews", "capt andrews")
    assert names_match("Ann Holm", "sgt holm")
    assert not names_match("Daniel Andrews", "capt holm")


def test_a_department_typed_by_its_initials_is_the_department_written_either_way_round() -> None:
    assert names_match("Justice Department", "doj")  # the Department of Justice
    assert names_match("Department of Justice", "doj")
    assert names_match("Homeland Security Department", "dhs")
    assert names_match("Ministry of Defence", "mod")
    assert not names_match("Justice Department", "dot")
    assert not names_match("Justice Department", "joe")


def test_the_body_asked_back_by_its_kind_ends_at_its_kind_not_at_who_heads_it() -> None:
    text = ("Vik Ferry Service Director Ada Holm warned of delays all week. "
            "The ferry service said later that the night crossing was cancelled.")
    found = attributed(text)
    assert found[1][1] is not None and found[1][1].name == "Vik Ferry Service"


def test_whom_someone_asked_is_not_who_spoke() -> None:
    text = ("Ines Marr, a councillor from the north shore, asked Harbourlink to run a night ferry. "
            "“Why not on Sundays too?” asked Tomas Berg.")
    found = attributed(text)
    assert found[0][1] is None or found[0][1].name != "Harbourlink"  # "asked Harbourlink to": whom she asked
    assert found[1][1] is not None and found[1][1].name == "Tomas Berg"  # "asked Tomas Berg.": who asked


def test_a_body_shortened_to_its_kind_is_the_body_named_before() -> None:
    text = ("The Valley Post Guild had challenged Holm to answer. "
            "In a sharp statement, The Guild blasted Holm’s “sudden announcement” and his refusal to take questions.")
    found = attributed(text)
    assert found[1][1] is not None and found[1][1].name == "Valley Post Guild"  # not a person called Guild


def test_a_statement_still_being_made_is_the_speakers() -> None:
    text = ("The Vik Harbour Board is advising skippers to stay in port until Friday. "
            "Gov. Ada Holm is urging residents to keep off the coast road. "
            "The storm is a warning sign, Tomas Berg said.")
    speakers = [sp.name if sp else None for _, sp in attributed(text)]
    assert speakers == ["Vik Harbour Board", "Ada Holm", "Tomas Berg"]


def test_someone_called_by_the_first_word_of_a_name_given_in_full_is_shown_by_that_name() -> None:
    # two brothers share a surname, so the story calls them by first names; a family name written first is a first
    # word too
    text = ("Arlo Vance and his brother Benn Vance host a podcast. Benn Vance said he built the set and he still fixes it."
            "\n"
            '"I broke the door," Benn said, and he said he would pay for it.\n'
            "Premier Ko Min-jae spoke in Vik. He said the plan would hold, and he thanked the crews.\n"
            '"We will rebuild," Ko said.')
    found = attributed(text)
    assert speaker_of(found, "I broke the door") == Speaker("Benn Vance")
    assert speaker_of(found, "We will rebuild") == Speaker("Ko Min-jae", "Premier")


def test_a_word_that_opens_a_product_s_name_is_no_person_s_first_name() -> None:
    text = "The 2024 Torvald Ridge pickup is recalled. Torvald said owners should stop driving them."
    assert speaker_of(attributed(text), "owners should stop") == Speaker("Torvald")


def test_a_lede_s_unnamed_role_is_whoever_the_next_sentence_names_and_quotes() -> None:
    text = ("VIK — Norland wants the league to guard its northern ports, the island's foreign minister said.\n"
            "Drone flights over the harbour have doubled this year, Ada Lind said in an interview.\n"
            "The harbour master said the port stays open.")
    found = attributed(text)
    assert speaker_of(found, "guard its northern ports") == Speaker("Ada Lind")


def test_words_set_off_before_an_inverted_verb_are_what_the_named_person_said() -> None:
    text = ("“We like a riddle,” said Ola Vikstrom, brand chief of Vik Cola Classic. "
            "The firm sells Vik Cola Nightfall and Dusk. "
            "But Nightfall, Dusk and Dawn’s recipes stay secret, said Vikstrom. "
            "Lena Holm, the harbour lawyer, wrote Sept. 27 that the pier was unsafe.")
    found = attributed(text)
    assert found[2][1] == Speaker("Ola Vikstrom", "brand chief of Vik Cola Classic")  # not "Vik Cola Nightfall"
    assert found[3][1] == Speaker("Lena Holm", "harbour lawyer")  # a date after the verb is nobody


def test_a_description_before_a_name_keeps_the_bodys_role_after_it() -> None:
    text = "“Sleep matters,” says clinical psychologist Per Dahl, the society’s chief executive."
    assert attributed(text)[0][1] == Speaker("Per Dahl", "clinical psychologist, society’s chief executive")


@pytest.mark.parametrize(
    ("description", "wanted", "held"),
    [
        ("attorney", "vikstroms lawyer", True),
        ("Attorney", "vikstroms lawyer", True),  # a title before the name
        ("spokesperson for the family", "vikstrom family spokesman", True),
        ("spokesperson", "vikstrom's office", True),
        ("Vik Harbour Board spokesperson", "vikstrom's office", False),  # speaks for a body, not for him
        ("attorney", "dahl's lawyer", False),  # a person the story never names
        ("harbour master", "vikstroms lawyer", False),
    ],
)
def test_someone_speaking_for_a_person_the_story_is_about(description: str, wanted: str, held: bool) -> None:
    text = "Skipper Ola Vikstrom was held on Monday after the ferry crash."
    assert speaks_for_the_named("Lena Holm", description, wanted, text) is held


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“The dunes held,” said Ola Berg, the county harbour and waterway administrator.",
         Speaker("Ola Berg", "county harbour and waterway administrator")),
        ("“Turnout was high,” said Lena Holm, the borough clerk.", Speaker("Lena Holm", "borough clerk")),
        ("“Pay twice a month,” county auditor Per Dahl says.", Speaker("Per Dahl", "county auditor")),
    ],
)
def test_a_clerk_or_an_administrator_set_off_after_the_name_is_described_so(text: str, expected: Speaker) -> None:
    assert attributed(text)[0][1] == expected


@pytest.mark.parametrize("place", ["Prince Harald\u2019s County", "Bucks County"])
def test_a_county_is_no_person_a_pronoun_refers_back_to(place: str) -> None:
    text = (f"Ola Berg voted early in Vik. But the {place} polling place also offered two machines, so he chose one. "
            "He said he feels it is his duty to vote.")
    assert attributed(text)[-1][1] == Speaker("Ola Berg", "")


def test_a_word_describing_someone_before_their_name_is_no_part_of_it() -> None:
    text = ("\u201cWe will keep the ferry,\u201d said Mayor-elect Ola Berg, who won on Sunday.\n"
            "Storm-battered Vikland braces for more rain.\n"
            "The next storm could close the harbour, said Lena Holm, a meteorologist in Vik.\n"
            "Flooding is likely by Friday, she said.\n"
            "\u201cThe hall is full,\u201d said Kari Lund of Vik-based Nordfjord Arts.")
    found = [sp for _, sp in attributed(text)]
    assert found[0] == Speaker("Ola Berg", "Mayor-elect")
    assert found[3] is not None and found[3].name == "Lena Holm"  # not "Storm-battered Vikland"
    assert found[4] is not None and found[4].name == "Kari Lund"
    # a name's own second part after a hyphen stays the name's
    assert attributed("\u201cWe are ready,\u201d said Kim Yeon-chul, the minister.")[0][1] == Speaker(
        "Kim Yeon-chul", "minister")


def test_a_later_description_that_says_where_a_role_is_held_is_kept() -> None:
    text = ("Secretary of State Ola Berg said the count would take days.\n"
            "Ohio Secretary of State Ola Berg spoke again on Friday.\n"
            "\u201cEvery vote counts,\u201d Berg said.")
    assert attributed(text)[-1][1] == Speaker("Ola Berg", "Ohio Secretary of State")


def test_a_state_office_before_a_name_is_its_title_and_a_state_school_is_no_person() -> None:
    text = ("State Forester Ola Berg said the fires came early this year.\n"
            "According to Vikland State\u2019s press release, President Lena Holm is hopeful about enrollment.\n"
            "\u201cWe have grown every year since 2017,\u201d she said in a statement.")
    found = [sp for _, sp in attributed(text)]
    assert found[0] == Speaker("Ola Berg", "State Forester")
    assert found[-1] is not None and found[-1].name == "Lena Holm"


@pytest.mark.parametrize("sentence", [
    "Ferry spokesman Ola Berg disclosed that the night boats had run half empty all winter.",
    "Ferry chief Ola Berg credited the growth to the new night boats.",
])
def test_what_someone_disclosed_or_credited_is_given_to_them(sentence: str) -> None:
    found = attributed(sentence)[0][1]
    assert found is not None and found.name == "Ola Berg"


@pytest.mark.parametrize(("text", "expected"), [
    ("\u201cI disagree,\u201d said another report by neurologist Ola Berg.", Speaker("Ola Berg", "neurologist")),
    ("Hydrologist Ola Berg said the river would crest on Friday.", Speaker("Ola Berg", "Hydrologist")),
    ("\u201cThe fare is too high,\u201d said residents Ola Berg and Lena Holm.", None),
])
def test_a_trade_written_before_a_name_is_who_they_are_not_a_word_of_their_name(
        text: str, expected: Speaker | None) -> None:
    found = attributed(text)[0][1]
    if expected is None:  # many people's word is no one's description
        assert found is None or found.description != "residents"
    else:
        assert found == expected


def test_a_quotation_set_off_is_whoever_the_line_of_credit_under_it_names_not_a_reporter_s_byline() -> None:
    text = ("QUOTE OF THE DAY\n\n\u201cThe ferry stays, whatever the board says.\u201d\n\n"
            "\u2013 Vikferry CEO Ola Berg, on the plan to close the night crossing.\n\n"
            "\u201cWe will fight it,\u201d a rider shouted at the meeting.\n\n\u2013 Lena Holm")
    found = [sp for _, sp in attributed(text)]
    assert found[1] == Speaker("Ola Berg", "Vikferry CEO")
    assert found[-2] is None  # the rider's words are not the reporter's


def test_the_union_said_is_the_union_the_sentence_names_by_its_initials() -> None:
    text = ("The show can film while VFU-NORD remains on strike, the union said in a statement that \u201cits hosts "
            "work under another contract.\u201d")
    assert attributed(text)[0][1] == Speaker("VFU-NORD", "")


@pytest.mark.parametrize("tag", ["wrote the star", "the singer said", "said the actress"])
def test_a_star_referred_back_to_by_what_they_do_is_the_one_just_named(tag: str) -> None:
    text = f"Ola Berg posted a photo of her first bag.\n\n\u201cI loved my Vik bags,\u201d {tag}."
    assert attributed(text)[-1][1] == Speaker("Ola Berg", "")


def test_a_roundups_dateline_opens_another_story_no_back_reference_crosses() -> None:
    text = ("Vik\n\nVik: Harbour Minister Ola Dahl said the pier would reopen in May.\n\n"
            "Nord\n\nNordby: The town’s mayor said the ferry fares would stay as they are. Mayor Per Lind said in a "
            "statement that no date was set for the new timetable.\n\n"
            "Sor\n\nSorby: The harbour master said ice had closed the channel.")
    found = attributed(text)
    assert speaker_of(found, "fares would stay") == Speaker("Per Lind", "Mayor")  # not Dahl of the story before
    assert speaker_of(found, "ice had closed") is None  # nobody the stories before name


def test_a_surname_two_people_share_is_the_one_its_title_describes() -> None:
    text = ("Ola Lee, a juror, said the box was too small. Ola Lee, 28, sat alone afterwards.\n\n"
            "William Per Lee, the county judge who heard the case, spoke last.\n\n"
            "\u201cHe ate too much,\u201d Judge Lee said.")
    found = attributed(text)
    assert speaker_of(found, "ate too much") == Speaker("William Per Lee", "county judge")
    assert speaker_of(found, "box was too small") == Speaker("Ola Lee")  # not given the judge’s title
