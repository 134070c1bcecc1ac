"""Tests of storyline.clean: boilerplate removal, title/dateline, normalisation, offsets.

Fixtures are invented sentences in the style of real leftovers; the five seed
articles and the ukraine-media corpus are read from ../shared at run time.
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.clean import (
    CleanOptions,
    LineStats,
    clean_html,
    clean_text,
    line_stats,
    normalize_whitespace,
)
from storyline.model import Cleaned

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
MEDIA = SHARED / "eval" / "ukraine-media" / "data"


def check_offsets(cleaned: Cleaned) -> None:
    norm = normalize_whitespace(cleaned.raw)
    for i, ch in enumerate(cleaned.text):
        assert norm[cleaned.to_raw(i)] == ch, i


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def reasons(cleaned: Cleaned) -> dict[str, str]:
    return {r.raw.of(cleaned.raw).strip(): r.reason for r in cleaned.removed}


# --------------------------------------------------------------------------- normalisation


def test_whitespace_is_normalised_one_for_one() -> None:
    raw = (
        "Talks resumed\u00a0on Monday.\r\n\r\n\r\nThe\tenvoys met\u2009twice.  \n   \nNo deal yet."
    )
    c = clean_text(raw)
    assert c.text == "Talks resumed on Monday.\nThe envoys met twice.\nNo deal yet."
    assert len(normalize_whitespace(raw)) == len(raw)
    check_offsets(c)


def test_characters_are_kept_as_written() -> None:
    raw = "“The Orešnik launch was ‘exaggerated’,” the minister said – twice.\n"
    c = clean_text(raw)
    assert c.text == raw.strip()


def test_empty_input() -> None:
    c = clean_text("")
    assert c.text == ""
    assert c.segments == ()
    assert c.title is None
    assert clean_text(" \n\u00a0\n").text == ""


_ALPHABET = st.sampled_from(
    [*"abcXYZ .,!?“”’-:|©_()", "\u00a0", "\t", "\r\n", "\n", "\n\n", "\u2009", "\r", "\u2028"]
)
_CHROME_LINES = st.sampled_from(
    [
        "Read more",
        "Source link",
        "Comments",
        "Follow us on Telegram!",
        "© 2024 Example News. All rights reserved.",
        "Related: A headline about ports",
        "(AP Photo/Jane Doe)",
        "KYIV, March 3 (Reuters) - ",
        "Harbour Talks Resume | World News",
        "The mayor said the bridge would reopen.",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(st.lists(_ALPHABET, max_size=40).map("".join), _CHROME_LINES), max_size=12)
)
def test_offsets_map_every_char_back_to_raw(parts: list[str]) -> None:
    raw = "".join(parts)
    c = clean_text(raw)
    check_offsets(c)
    assert "\n\n" not in c.text
    assert not re.search(r"[\t\r\u00a0\u2009\u2028]", c.text)
    for line in lines_of(c.text):
        assert line == line.strip(" ")
    # removals point into raw and do not overlap kept text
    kept = {c.to_raw(i) for i in range(len(c.text))}
    for r in c.removed:
        assert 0 <= r.raw.start <= r.raw.end <= len(raw)
        assert not any(r.raw.start <= k < r.raw.end for k in kept)


# --------------------------------------------------------------------------- title


def test_metadata_title_lines_are_dropped() -> None:
    raw = (
        "harbour talks  STALL again\n\n"
        "Harbour talks stall again | Business\n"
        "Negotiators left the port city on Friday without an agreement, officials said.\n"
    )
    c = clean_text(raw, title="Harbour Talks Stall Again")
    assert c.title == "Harbour Talks Stall Again"
    assert (
        c.text == "Negotiators left the port city on Friday without an agreement, officials said."
    )
    assert [r.reason for r in c.removed] == ["title", "title"]


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        # repeated twice
        (
            "Ferry strike ends after pay deal\nFerry strike ends after pay deal\n\n"
            "Crews returned to work on Monday after unions accepted a new offer.",
            "Ferry strike ends after pay deal",
        ),
        # " | Section" suffix
        (
            "Ferry strike ends after pay deal | Local News\n"
            "Crews returned to work on Monday after unions accepted a new offer.",
            "Ferry strike ends after pay deal",
        ),
        # title case
        (
            "Ferry Strike Ends After Pay Deal\n"
            "Crews returned to work on Monday after unions accepted a new offer.",
            "Ferry Strike Ends After Pay Deal",
        ),
        # blank line and a longer paragraph
        (
            "Ferry strike ends after pay deal\n\n"
            "Crews returned to work on Monday after unions accepted a new offer.",
            "Ferry strike ends after pay deal",
        ),
    ],
)
def test_title_detection(raw: str, title: str) -> None:
    c = clean_text(raw)
    assert c.title == title
    assert c.text == "Crews returned to work on Monday after unions accepted a new offer."


def test_no_title_when_first_line_is_a_sentence() -> None:
    raw = "The ferry strike ended on Monday.\nCrews accepted the offer after a long night of talks."
    c = clean_text(raw)
    assert c.title is None
    assert c.text == raw


# --------------------------------------------------------------------------- dateline


@pytest.mark.parametrize(
    ("raw", "dateline", "body"),
    [
        ("New Delhi:\u00a0Officials said on Sunday", "New Delhi", "Officials said on Sunday"),
        ("MOSCOW – The Kremlin said talks", "MOSCOW", "The Kremlin said talks"),
        ("KYIV, March 3 (Reuters) - Ukraine said", "KYIV, March 3 (Reuters)", "Ukraine said"),
        ("WASHINGTON (AP) — The White House", "WASHINGTON (AP)", "The White House"),
        ("Lisbon, May 2 (Reuters) - Port workers", "Lisbon, May 2 (Reuters)", "Port workers"),
    ],
)
def test_dateline(raw: str, dateline: str, body: str) -> None:
    c = clean_text(raw + " would meet again next week.")
    assert c.dateline == dateline
    assert c.text.startswith(body)
    assert [r.reason for r in c.removed] == ["dateline"]
    check_offsets(c)


@pytest.mark.parametrize(
    "raw",
    [
        "Peskov: “We are open to talks,” he said on Friday.",
        "BREAKING: The port reopened on Friday after a week.",
        "Update: The minister resigned on Friday evening.",
        "The President - who arrived late - said nothing.",
        "Russian President Vladimir Putin said on Friday that talks could resume.",
    ],
)
def test_no_dateline(raw: str) -> None:
    c = clean_text(raw)
    assert c.dateline is None
    assert c.text == raw


def test_dateline_only_in_first_paragraph() -> None:
    raw = "The talks ended on Friday.\nMOSCOW – A second paragraph starts like a dateline."
    assert clean_text(raw).dateline is None


# --------------------------------------------------------------------------- chrome by line


def test_top_chrome_title_and_caption_block() -> None:
    raw = (
        "Connect with us\n\nWorld\n\nHarbour Talks Collapse Amid Toll Dispute\n\nPublished\n\n"
        "on\n\nHarbour Toll Dispute Talks\n\n"
        "VALMORE – The harbour negotiations collapsed on Tuesday after both delegations "
        "walked out of the hall, officials said.\n\n"
        "Fishermen said they would protest at the quay next week."
    )
    c = clean_text(raw)
    assert c.title == "Harbour Talks Collapse Amid Toll Dispute"
    assert c.dateline == "VALMORE"
    assert c.text.startswith("The harbour negotiations collapsed on Tuesday")
    r = reasons(c)
    assert r["Harbour Toll Dispute Talks"] == "caption"
    assert r["Connect with us"] == r["World"] == r["Published"] == r["on"] == "chrome"
    check_offsets(c)


def test_subheadings_between_paragraphs_stay() -> None:
    raw = (
        "The harbour negotiations collapsed on Tuesday after both delegations walked out.\n"
        "The toll deal is back on the table\n"
        "Ministers said on Wednesday they were ready to meet again within a week.\n"
        "Fishermen's anger\n"
        "Crews blocked the quay for two hours in protest.\n"
        "World leaders react\n"
        "Several governments urged both sides to return to the table."
    )
    c = clean_text(raw)
    assert c.text == raw
    assert c.removed == ()


def test_footer_lines_are_removed() -> None:
    raw = (
        "The council approved the budget on Thursday by a narrow margin.\n"
        "Comments\nAdd new comment\nCtrl\nEnter\nDid you find a Mistake?\n"
        "Highlight the phrase and press Ctrl+EnterRelated News\nShare this article\n"
        "Source link\n"
    )
    c = clean_text(raw)
    assert c.text == "The council approved the budget on Thursday by a narrow margin."


def test_chrome_sharing_a_line_with_content() -> None:
    raw = (
        "Everyone is waiting for the reply of the capital to these proposals. "
        "Read 'Harbour Herald' on Telegram!\n"
        "The port reopened on Friday.Read more"
    )
    c = clean_text(raw)
    assert c.text == (
        "Everyone is waiting for the reply of the capital to these proposals.\n"
        "The port reopened on Friday."
    )
    assert reasons(c)["Read 'Harbour Herald' on Telegram!"] == "cta"
    check_offsets(c)


@pytest.mark.parametrize(
    "sentence",
    [
        "Press Secretary Ana Ruiz said the decree was posted on the website of the ministry.",
        "Share prices fell sharply in Frankfurt after the announcement.",
        "Follow-up talks are planned for the end of the month.",
        "Read together, the two letters show a clear change of tone.",
        "Watch groups said the vote had been free and fair.",
        "The World Bank said it would lend more to the region.",
        "“Never.”",
        "U.S. officials said the sanctions would stay.",
        "He wrote on Twitter that the ceasefire would hold, and urged people to follow the news.",
        "Published figures show exports rose by 4% in March.",
        "“Go now. Find a way to reach the coast,” the mayor said in a post on Telegram.",
        "He paused. And …",
        "Maj. Gen. Ivan Petrov said the unit had withdrawn.",
        "'That is my advice to the council.",
    ],
)
def test_real_sentences_are_never_dropped(sentence: str) -> None:
    raw = "The port reopened on Friday after a week of talks. " + sentence
    c = clean_text(raw)
    assert c.text == raw, c.removed


# --------------------------------------------------------------------------- scraped leftovers


def test_bbc_style_footer() -> None:
    raw = (
        'She said the night of the evacuation was "the longest of my life." Follow Anna '
        "on Twitter © 2023 BBC. The BBC is not responsible for the content of external "
        "sites. Read about our approach to external linking."
    )
    c = clean_text(raw)
    assert c.text == 'She said the night of the evacuation was "the longest of my life."'


def test_regional_social_prompts() -> None:
    raw = (
        "The shelter will stay open all winter, the charity said. Follow BBC Lakeside on "
        "Facebook, Twitter and Instagram. Send your story ideas to lakeside.news@example.org."
    )
    assert clean_text(raw).text == "The shelter will stay open all winter, the charity said."


def test_guardian_style_related_and_newsletter() -> None:
    raw = (
        "The mayor said the water supply would be restored by Sunday.   Related: How the "
        "river dispute began   Engineers worked through the night to repair the pumps.   "
        "Sign up to Morning Brief, our free daily newsletter – every weekday at 7am   "
        "Residents queued for bottled water.   A woman carries water in Valmore. "
        "Photograph: Jan Kowal/Reuters   The council will meet again on Monday."
    )
    c = clean_text(raw)
    for chrome in ("Related", "newsletter", "Photograph", "A woman carries water"):
        assert chrome not in c.text
    for sentence in (
        "The mayor said the water supply would be restored by Sunday.",
        "Engineers worked through the night to repair the pumps.",
        "Residents queued for bottled water.",
        "The council will meet again on Monday.",
    ):
        assert sentence in c.text
    r = reasons(c)
    assert r["Related: How the river dispute began"] == "teaser"
    check_offsets(c)


def test_ap_style_trailer_and_captions() -> None:
    raw = (
        "The ministers agreed to meet again in June. A farmer inspects a flooded field near "
        "Ostrava, Czech Republic, Monday, May 6, 2024. Heavy rain has swollen rivers across "
        "the region. (AP Photo/John Doe) Officials said the damage was still being assessed. "
        "(Satellite image ©2024 Orbital Pictures via AP) ___ Follow AP’s coverage of the "
        "floods at https://apnews.com/hub/example ___ Jane Roe in Lisbon contributed to "
        "this report."
    )
    c = clean_text(raw)
    assert c.text == (
        "The ministers agreed to meet again in June. "
        "Officials said the damage was still being assessed."
    )
    got = set(reasons(c).values())
    assert {"caption", "credit", "cta"} <= got


def test_read_more_teasers() -> None:
    raw = (
        "The bridge will reopen in spring, engineers said. READ MORE: Ferry fares to rise "
        "again this summer But the council warned of further delays. Read more"
    )
    c = clean_text(raw)
    assert c.text == (
        "The bridge will reopen in spring, engineers said. "
        "But the council warned of further delays."
    )


def test_long_teaser_keeps_the_sentence_it_runs_into() -> None:
    # no way to tell where the headline ends: only the marker goes, no prose is lost
    raw = (
        "The bridge will reopen in spring. READ MORE: Since the floods the old crossing "
        "has carried twice its usual traffic and local drivers have complained for months."
    )
    c = clean_text(raw)
    assert "READ MORE" not in c.text
    assert "Since the floods the old crossing has carried twice its usual traffic" in c.text


def test_byline_lines() -> None:
    raw = (
        "By Jane Doe and Tom Roe, Valmore Gazette\nThe bridge will reopen in spring.\n"
        "By Monday the river had fallen by a metre."
    )
    c = clean_text(raw)
    assert c.text == "The bridge will reopen in spring.\nBy Monday the river had fallen by a metre."
    assert reasons(c)["By Jane Doe and Tom Roe, Valmore Gazette"] == "byline"


def test_photo_credit_lines() -> None:
    raw = (
        "The statue was removed overnight.\nPhoto: Lena Berg / Nordic Press\n"
        "Workers used two cranes to lift it.\nImage source, Getty Images\n"
        "© Valmore Gazette"
    )
    c = clean_text(raw)
    assert c.text == "The statue was removed overnight.\nWorkers used two cranes to lift it."


# --------------------------------------------------------------------------- repetition


def _source_docs() -> list[str]:
    bodies = [
        "The council approved the harbour budget on Thursday.",
        "Fishermen blocked the quay for two hours on Monday.",
        "A new ferry line to the islands opens in May.",
        "The mayor said the bridge would reopen in spring.",
        "Storm damage closed three schools on the coast.",
        "Police said the festival passed without incident.",
    ]
    return [
        f"{b}\nThe city council met again this week.\n'That is my advice to the council.\n"
        "Lakeside Gazette – your town"
        for b in bodies
    ]


def test_line_stats_counts_documents_once() -> None:
    docs = _source_docs()
    stats = line_stats([*docs, docs[0], docs[0]])  # syndicated copies count once
    assert stats.documents == 6
    assert stats.counts["lakeside gazette - your town"] == 6
    assert stats.counts["the council approved the harbour budget on thursday."] == 1


def test_repeated_chrome_is_removed_with_stats_only() -> None:
    docs = _source_docs()
    stats = line_stats(docs)
    without = clean_text(docs[1])
    assert "Lakeside Gazette" in without.text
    with_stats = clean_text(docs[1], stats=stats)
    assert with_stats.text == (
        "Fishermen blocked the quay for two hours on Monday.\nThe city council met again this week."
        "\n'That is my advice to the council."
    )
    assert reasons(with_stats)["Lakeside Gazette – your town"] == "repeated"
    # a prose sentence repeated in every document stays unless the group is large
    # enough (repeat_prose_min_documents) to call it a footer
    loose = CleanOptions(repeat_prose_min_documents=6)
    assert clean_text(docs[1], stats=stats, options=loose).text == (
        "Fishermen blocked the quay for two hours on Monday."
    )
    tiny = LineStats(documents=0, counts={})
    assert clean_text(docs[1], stats=tiny).text == without.text


# --------------------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour talks stall as ministers trade blame | Coastline Herald</title>
<meta property="og:title" content="Harbour talks stall as ministers trade blame">
<meta property="article:published_time" content="2024-03-14T09:30:00+00:00">
</head><body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
<button>Accept all cookies</button> <a href="/privacy">Privacy policy</a></div>
<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a>
</li><li><a href="/politics">Politics</a></li><li><a href="/login">Sign in</a></li></ul></nav>
</header><main><article>
<h1>Harbour talks stall as ministers trade blame</h1>
<div class="byline">By Mara Lindqvist</div><time datetime="2024-03-14">14 March 2024</time>
<p>VALMORE – Negotiations over the future of the Valmore harbour broke down on Wednesday after
the two delegations accused each other of bad faith, officials said.</p>
<p>“We came here ready to sign, and we leave with nothing,” the transport minister, Ilse
Brandt, told reporters outside the conference hall.</p>
<h2>Fishermen fear another lost season</h2>
<p>Local fishing crews, who have waited three years for the new quays, reacted with anger.</p>
<p>The opposition delegation rejected the accusations and said it remained open to a deal.</p>
<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a>
<a href="#">Email this article</a></div>
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Ferry operators warn of
price rises</a></li></ul></aside></main>
<footer><p>© 2024 Coastline Herald. All rights reserved.</p><p><a href="/contact">Contact us</a>
</p><p>Follow us on Twitter and Instagram</p></footer>
</body></html>"""


@pytest.mark.parametrize("precision", [False, True])
def test_clean_html(precision: bool) -> None:
    c = clean_html(
        PAGE,
        url="https://coastline.example/news/harbour-talks",
        options=CleanOptions(favor_precision=precision),
    )
    assert c.title == "Harbour talks stall as ministers trade blame"
    assert c.published == "2024-03-14"
    assert c.dateline == "VALMORE"
    assert c.text.startswith("Negotiations over the future of the Valmore harbour")
    assert "\nFishermen fear another lost season\n" in c.text  # subheading kept
    assert "remained open to a deal." in c.text
    for chrome in ("cookies", "Privacy", "Sign in", "Share on", "Related stories", "©", "Follow"):
        assert chrome not in c.text
    # offsets map to the extracted text, which is Cleaned.raw
    assert "Negotiations over" in c.raw
    assert "<p>" not in c.raw
    check_offsets(c)


def test_clean_html_without_article() -> None:
    c = clean_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert c.text == ""
    assert c.published is None


# --------------------------------------------------------------------------- seeds

SEED_CHROME = {
    "Source link",
    "Connect with us",
    "World",
    "Published",
    "on",
    "Comments",
    "Add new comment",
    "Ctrl",
    "Enter",
    "Did you find a Mistake?",
    "Read 'Zamin' on Telegram!",
    "Highlight the phrase and press Ctrl+EnterRelated News",
    "Putin Ukraine Peace Talks",
}
_SPLIT = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"A-Z])")


def seed_texts() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/seeds not present: {SEEDS}")
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("0*.txt"))}


def test_seed_chrome_is_gone_and_every_sentence_stays() -> None:
    checked = 0
    for name, raw in seed_texts().items():
        c = clean_text(raw)
        check_offsets(c)
        text_lines = set(lines_of(c.text))
        for chrome in SEED_CHROME:
            assert chrome not in text_lines, (name, chrome)
        for chrome in ("Source link", "Connect with us", "Telegram", "Ctrl", "Related News"):
            assert chrome not in c.text, (name, chrome)
        if c.title:
            assert c.title not in c.text
        for line in normalize_whitespace(raw).split("\n"):
            line = line.strip()
            if not line or (c.title and line.startswith(c.title)):
                continue
            if line in SEED_CHROME:
                continue
            if c.dateline and line.startswith(c.dateline):
                line = re.sub(r"^[^:–]+[:–]\s*", "", line)
            for sentence in _SPLIT.split(line):
                if sentence in SEED_CHROME:
                    continue
                assert sentence in c.text, (name, sentence)
                checked += 1
    assert checked > 60


def test_seed_specifics() -> None:
    seeds = seed_texts()
    c = {name: clean_text(raw) for name, raw in seeds.items()}
    assert c["001"].title is not None
    assert c["001"].title.startswith("Russia-Ukraine War: Putin")
    assert "World News" not in c["001"].text
    assert c["001"].dateline == "New Delhi"
    assert c["001"].text.startswith("Russian President Vladimir Putin")
    assert c["002"].dateline == "MOSCOW"
    assert reasons(c["002"])["Putin Ukraine Peace Talks"] == "caption"
    assert [c[n].title for n in ("000", "003", "004")] == [None, None, None]
    # subheadings that belong to the article stay as their own lines
    assert "Ukraine is ready for negotiations" in lines_of(c["000"].text)
    assert "Russia is massively producing missiles" in lines_of(c["000"].text)
    joined = "\n".join(x.text for x in c.values())
    for name in ("TASR reports", "Orešnik", "Chasiv Yar", "Donbas", "Marco Rubio", "Kyiv"):
        assert name in joined
    assert c["004"].text.endswith("how Kyiv will respond to these negotiations.")


# --------------------------------------------------------------------------- real leftovers

OUTLETS = {
    "BBC": "BBC.csv",
    "Guardian": "Guardian.csv",
    "AP": "AP_via_dailymail_wires.csv",
    "Mirror": "Mirror_with_comments.csv",
    "Express": "Express.csv",
}
LEFTOVERS = re.compile(
    r"© 20\d\d BBC|not responsible for the content of external|Follow [^.]{1,60} on Twitter"
    r"|(?:^|\s)Related: |Sign up to [^.]{0,60}newsletter|___|Follow AP.{0,3}s coverage"
    r"|\(AP Photo[^()]*\)|Photograph: \S|\bRead more\s*$|READ MORE:"
)
# a removed stretch that looks like an article sentence: someone said something, and
# no chrome marker at all
PROSE_LOST = re.compile(r"\b(?:said|says|told)\b")
CHROME_MARK = re.compile(
    r"©|https?://|@|contributed|Follow|Sign up|Related|READ|Read|Photo|photo|via AP|"
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \w+\.? \d+, \d{4}"
)


@pytest.mark.shared
def test_real_leftovers_removed_and_no_prose_lost() -> None:
    if not MEDIA.is_dir():
        pytest.skip(f"../shared/eval/ukraine-media not present: {MEDIA}")
    csv.field_size_limit(1 << 30)
    rng = random.Random(7)
    articles = 0
    leftovers: list[str] = []
    lost: list[str] = []
    for name in OUTLETS.values():
        with (MEDIA / name).open(encoding="utf-8", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if (r.get("Text") or "").strip()]
        sample = rng.sample(rows, min(60, len(rows)))
        stats = line_stats(r["Text"] for r in sample)
        for row in sample:
            raw = row["Text"]
            c = clean_text(raw, title=row["Title"], stats=stats)
            articles += 1
            leftovers += [m.group() for m in LEFTOVERS.finditer(c.text)]
            for r in c.removed:
                piece = r.raw.of(raw)
                if (
                    r.reason != "caption"
                    and len(piece.split()) >= 12
                    and PROSE_LOST.search(piece)
                    and not CHROME_MARK.search(piece)
                ):
                    lost.append(piece)
    assert articles >= 250
    assert leftovers == []
    assert len(lost) <= 1, lost


def test_masthead_line_with_the_source_name_is_chrome() -> None:
    raw = (
        "The Valley Courier\n"
        "Flood barriers in Dorren held overnight, officials said on Tuesday.\n"
        "A spokesman for The Valley Courier's owners declined to comment.\n"
    )
    cleaned = clean_text(raw, source="The Valley Courier")
    assert not cleaned.text.startswith("The Valley Courier")
    assert "for The Valley Courier's owners declined" in cleaned.text
    # without the source name the line is not known to be a masthead
    assert clean_text(raw).text.count("Valley Courier") >= 1


def test_date_line_and_follow_on_x_are_chrome_but_dated_sentences_stay() -> None:
    raw = (
        "March 3, 2025\n"
        "Follow us on X\n"
        "Engineers inspected the Dorren dam on March 3, 2025, and found no new cracks.\n"
        "Residents can follow the inspection on X, the council said.\n"
    )
    text = clean_text(raw).text
    assert not text.startswith("March 3, 2025")
    assert "Follow us on X" not in text
    assert "inspected the Dorren dam on March 3, 2025, and found" in text
    assert "Residents can follow the inspection on X, the council said." in text


def test_teaser_glued_to_the_last_sentence_is_removed_whole() -> None:
    raw = (
        "Rescue teams worked through the night in Dorren.\n"
        "The council will meet again on Monday.Read more: Dorren floods, a timeline of the week\n"
    )
    text = clean_text(raw).text
    assert text.endswith("The council will meet again on Monday.")
    assert "timeline of the week" not in text
