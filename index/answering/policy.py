"""The tuned numbers of answering, each with its reason (figures and their history: docs/evaluation.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QuotePolicy:
    """How sentences are scored, how quotes are cut and paged, and when to abstain."""

    # retrieval: chunks drawn for a question, and the best of them whose sentences are scored
    retrieve_k: int = 30  # enough for the window test below to see what lies before a weak window
    compose_k: int = 10  # sentences beyond the tenth chunk never made a first quote on the dev sets
    # ...save those of up to this many further chunks holding a key term of the question the ten lack
    key_term_reach: int = 3
    # asked by role or body, chunks of the best article where someone so described speaks, when none of those found
    # has them speak (0: none)
    speaker_reach: int = 2
    # a sentence's score: its cosine to the question, the share of the question's words it holds, its chunk's
    # fused score, rank and time prior; the question's words tell more than a whole chunk's vector
    semantic_weight: float = 0.5
    lexical_weight: float = 0.3
    # ...each of its words counted by how few of the article's candidate sentences hold it: the words every sentence
    # of the story holds (its name) tell none of them apart
    cover_by_rarity: bool = True
    chunk_weight: float = 0.2
    rank_weight: float = 0.05  # a small share: the fused rank already holds most of what it says
    time_weight: float = 0.1  # the time prior again, at sentence level: the day's report over a rehash
    # asked about someone, a sentence's cosine is mostly to the question's topic (the question less their name and
    # the words of asking): their name is in every candidate and tells them apart no more than the say-frame does
    topic_similarity: float = 0.75
    # asked how many, how much or when, the same for what it asks of its story: the question less the words the two
    # best articles' titles hold (the story's name: "how many died in the bosnia serbia floods": "how many died in
    # the"), the cosine that tells the death toll from the story's opening
    point_similarity: float = 1.0
    point_titles: int = 2
    speaker_bonus: float = 0.25  # "what did X say": X's own words over narration about X
    # ...less when the article dates them to an earlier time ("told reporters in November", "at the time")
    background_penalty: float = 0.1
    # ...more for their words verbatim than for a report of them ("Rutte apologized Monday for the Netherlands'
    # slavery past"), in full when at least direct_share of the sentence is inside quotation marks
    direct_bonus: float = 0.1
    direct_share: float = 0.5
    mention_bonus: float = 0.05  # ...and narration naming X over sentences that don't
    # asked loosely for someone no sentence's speaker matches ("the yale diabetes doc", "that aviation expert"),
    # what anybody the news quotes says over narration: the one asked for is most often the best-matching voice
    voice_bonus: float = 0.1
    answer_bonus: float = 0.1  # who/which: sentences holding a name the question lacks
    # how many / when / what time: sentences holding a figure or a time, a surer sign than a name (which most
    # sentences hold)
    figure_bonus: float = 0.15
    reason_bonus: float = 0.1  # why: sentences that give a cause ("because", "due to", "blamed")
    # ...of the kind asked ("how much snow": inches, "how much would it cost": money); a figure of another kind (a
    # date, another count) gets this share of the bonus
    other_figure: float = 0.5
    # ...and of the quotes shown, the first whose passage holds a figure (or time) of the kind asked comes first when
    # the best-scoring one holds none: a passage is judged as a whole, a sentence's bonus by that sentence alone
    asked_kind_first: bool = True
    # a news story's first sentences report its event (the lede): what happened, who, how many; asked for
    # somebody's words, it is narration like any other, unless it gives theirs: then it is the statement it reports
    lead_bonus: float = 0.07
    window_lead_bonus: float = 0.14  # asked about a day ("last night"), the lede of that day's story all the more
    # ...and a sentence that says it happened on that day ("the IRS warned on Tuesday"), in a report of any day
    day_bonus: float = 0.1
    other_year_penalty: float = 0.1  # a sentence naming only other years than the one a question asks about
    lead_chars: int = 400
    # abstain when the best chunk's cosine and the best sentence's word cover are both weaker than these:
    # all-MiniLM-L6-v2 puts unrelated news at 0.1-0.3 and a matching report above 0.35
    min_relevance: float = 0.30
    min_lexical_cover: float = 0.75
    # ...and this closeness for a question as users type it about a day or a week (not "which X did it"): a report
    # of those days on something else (a roundup, a study) may be all the window holds
    min_relevance_window: float = 0.40
    # a question typed as chat (Question.chatted) names its event by words few chunks hold (at most this share; None:
    # no such test): the first quote's story holds more than this share of them, or it is about another event
    rarer_word_share: float | None = 0.02
    rarer_words_held: float = 0.25
    # in a roundup of short stories, the share of what is asked the first quote's own story must hold
    story_cover: float = 0.5
    close_window_days: float = 8.0  # ...a window of at most this many days
    # a question's time window gives way to earlier reports (said so in the answer) when nothing in it can be
    # quoted, or when its best chunk is weak and one published before it is far closer: the day's reports are
    # often follow-ups to an event covered in full earlier
    window_weak: float = 0.4
    window_margin: float = 0.1
    # how far before the window those earlier reports may lie (None: any time); 0 keeps a question to its own days,
    # so an empty "yesterday" is said to be empty rather than answered from older news
    earlier_days: float | None = 0.0
    # ...save a question asked at length (not as_typed: a quiz's stem), which describes its event in full, about a
    # window of at most this many days (None: never): reports of any time before it may answer it, said to be from
    # before it (typed in a few words, a question names an event that an older one of its kind matches too; a year
    # asked for is over when its reports are older)
    at_length_older_days: float | None = 31.0
    quotes: int = 3  # quotes shown at once: what fits one Discord embed with its attributions
    more: int = 6  # further quotes kept for paging ("More quotes")
    quote_margin: float = 0.3  # further quotes must score within this of the best one (the answer is often second)
    # a quote is its best sentence with the sentences around it in the same voice (the same speaker, or narration
    # around narration; news paragraphs are often one sentence, so paragraphs don't stop it): the one before and up
    # to quote_sentences from the best on, within quote_chars characters (a quote still under short_sentence
    # characters always takes the sentence after its best one): the answer often sits beside the sentence that
    # echoes the question
    lead_sentence: bool = True
    # ...and after narration, a sentence in another voice that names its speaker ("..., said Pete Piringer"): the
    # answer is often what an official says right after the sentence that sets the scene
    named_after_narration: bool = True
    # ...across the edges of the chunk it is in (a chunk holds a few sentences; the one that answers is often over
    # the edge)
    across_chunks: bool = True
    short_sentence: int = 160
    quote_sentences: int = 3
    quote_chars: int = 600
    # a quote never leaves a quotation half open: it runs on to the sentence where the quotation closes (or back to
    # where it opened) when that lies within this many characters, past its chunk's sentences if need be
    quotation_reach: int = 400
    # a best sentence that is a subheading ("Denver ties record for cold: 'It's brutal out there'") is quoted by the
    # section it heads, the heading left out; alone it is quoted as it stands ("Final score: Vik 3, Lund 1")
    heading_gives_way: bool = True
    # the reader reads the best-scoring sentences (its cost grows with each); their score becomes its probability
    # that the sentence answers, plus this share of the score so far (a tie-break among sure answers)
    reader_candidates: int = 24
    reader_share: float = 0.1
    # no sentence the reader judges this likely to answer: the news holds no answer, say so
    min_answer: float = 0.3
    # asked what someone said: their own words are quoted first when the reader judges one this likely to answer;
    # otherwise the answer says they are not quoted on it, and shows what the news does say
    min_speaker_answer: float = 0.2
    # a question's key terms (names, events, places) are its words no more than this share of chunks hold; each must
    # be in the quoted articles, or the reader must be this sure, for the evidence to be about the question
    key_term_share: float = 0.002
    # ...and this share for a question as users type it (one sentence of at most typed_words words), whose words
    # name its event more surely than a quiz stem's background does
    key_term_share_asked: float = 0.005
    # ...and this share when it asks so about a day or a week: a name the news often holds is still one the day's
    # story must name ("is there a hurricane heading for florida this week")
    key_term_share_window: float = 0.05
    # a question naming this many key terms the stories hold may name one more that they lack
    key_terms_to_spare_one: int = 2
    typed_words: int = 12
    # an abstention names the newest story on the question's names: those key terms, or in a small index any name
    # no more than this many chunks hold
    coverage_chunks: int = 10
    sure_answer: float = 0.9
    # without a reader: asked what someone said about a topic, their words count as on it when the article's title,
    # lede and found passages hold more than half of the question's topic words
    speaker_topic_cover: float = 0.6
    # ...or this share when asked by a role or body ("the sublette fire chief"), or by what the story only describes
    # its speaker as ("sinn fein": "a member of Sinn Fein"): a user who knows them only by their part in a story asks
    # about that story, while a named person is as often asked about what they never said
    speaker_topic_cover_described: float = 0.5
    # ...or when one of their sentences is this close to what they are asked about, in other words ("after dark" for
    # "at night"); a quoted person's words on something else seldom come this close
    speaker_topic_similarity: float = 0.6
    # ...but a person asked by name whose every sentence is further from the topic than this, while a sentence of the
    # story is at least speaker_off_topic_margin closer, is quoted on another point of the story: the topic is in
    # its narration, their words are not on it (None: never so)
    speaker_off_topic: float | None = 0.40
    speaker_off_topic_margin: float = 0.26
    # ...and what the news does say then comes ranked by closeness to that topic, plus this share of the score (a
    # tie-break): the score favours their words, which are not on it
    off_topic_score_share: float = 0.1
    # asked what someone said, when the best quote only tells of their words, their first quote of which at least this
    # share is their words in quotation marks comes first (None: the score's order stands)
    own_words_share: float | None = 0.5
    # a question that names no time asks about what is current: reports this many days older than the newest news
    # before it do not answer it (None: any age answers); save one asked at length (not as_typed) about how things
    # are rather than what took place, whose words describe what it asks about
    current_days: float | None = 30.0
    # asked what happened, the story quoted first does not answer it when it only expected it, on a day between its
    # quotes and the question, in a sentence holding this many of the question's words (None: never refused so)
    anticipation_overlap: int | None = 2
    # news held this many days older than the question (feeds that stopped, an archive) is said to be so
    stale_days: float = 7.0
    # quotes from one article: other, separate passages of the article that best answers often hold what the first
    # leaves out (the right article is found far more often than its right sentence)
    per_article: int = 3
    # two passages of one article in one voice that run on from each other are quoted as one passage of up to this
    # many characters (0: never): a sentence that answers the one before reads wrong without it
    join_chars: int = 700
