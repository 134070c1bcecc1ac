"""Clean one article: boilerplate removal, title and dateline detection, normalisation.

Two entry points:

- :func:`clean_text` for text that was already scraped (plain-text files, CSV or
  JSONL fields).  It decides per line and per sentence, because page chrome often
  shares a line with content ("...to these negotiations. Read 'Zamin' on
  Telegram!").  It looks at three things:

  * **shape**: very short lines with no verb and no final punctuation, call-to-action
    imperatives (read / follow / subscribe / share / sign up / download / click /
    press / comment / listen ...) aimed at a social network, a newsletter, a link or
    a key stroke, copyright lines, photo credits, "Source link", trailing
    "Related News" / "Read more", AP-style ``___`` trailers and contributor lines;
  * **vocabulary**: :data:`UI_WORDS`, a general list of navigation, section and
    user-interface words; a short non-prose line made only of them ("Connect with
    us", "World", "Published", "on", "Comments", "Add new comment") is chrome;
  * **repetition**, when ``stats`` is given (see :func:`line_stats`): a line or
    sentence present in many distinct documents of one group (one source or one
    input file) is chrome.  Exact duplicates (syndicated copies) count once.

  A unit that reads as prose (a finite verb, a quotation, or at least
  ``CleanOptions.prose_words`` words) is kept unless a *strong* pattern matches
  (copyright, call to action with a target, credit, teaser marker ...).
  Subheadings inside the article ("Ukraine is ready for negotiations") are kept.

- :func:`clean_html` for HTML pages: trafilatura extracts the main text and the
  title (``include_comments=False``), htmldate finds the page date, then
  :func:`clean_text` runs on the extracted text.  The offsets of an HTML article
  therefore map to the *extracted* text (``Cleaned.raw``), not to the HTML source.

The ``text`` contract (see docs/schema.md):

- odd whitespace (NBSP, thin spaces, tabs ...) becomes ``" "``, one character for
  one character; line ends (``\\r\\n``, ``\\r``, U+2028 ...) become ``"\\n"``;
- leading and trailing spaces of each line are dropped; blank lines collapse, so
  paragraphs are separated by exactly one ``"\\n"``; runs of spaces inside a line
  are kept as written (the Guardian separates paragraphs by three spaces);
- every other character is kept exactly as written (curly quotes, "Orešnik");
- ``Cleaned.segments`` map every character of ``text`` to ``raw``:
  ``normalize_whitespace(raw)[cleaned.to_raw(i)] == cleaned.text[i]``;
- ``Cleaned.removed`` lists the stretches left out, with a reason: ``title``,
  ``chrome``, ``cta`` (call to action), ``credit`` (photo credit, contributor line),
  ``caption``, ``teaser`` ("Related: ...", "READ MORE: ..."), ``repeated``,
  ``byline``, ``dateline``.

Title: with a metadata ``title``, lines equal to it (case, spacing, quote and
dash variants and a " | Section" suffix ignored) are dropped.  Without one, the
first line that is not chrome is a title when it is short (``title_max_words``),
has no final full stop, and is title case, carries a " | Section" suffix, is
repeated on the next line, or is followed by a blank line and a longer paragraph;
``Cleaned.title`` is that line without its " | Section" suffix.

Dateline: at the start of the first kept paragraph, "PLACE –", "PLACE, Country —",
"PLACE, March 3 (Reuters) -", "WASHINGTON (AP) —" or "Mixed Case Place:" (not
before a quotation: "Peskov: “...”" is a speaker); "BREAKING:" and the like are not
places.  ``Cleaned.dateline`` is the prefix without its separator.

Captions: (1) a short line with no verb and no final punctuation that sits in the
chrome block at the top of a page, right after lines removed as chrome or title
and before the first paragraph (seed 002's "Putin Ukraine Peace Talks" keyword
line), is removed as ``caption``; the same kind of line between two paragraphs is
a subheading and stays.  (2) A paragraph ending in "Photograph: Name/Agency"
(Guardian) and the run-in AP caption before "(AP Photo/Name)" (from a "FILE - "
marker or from the sentence ending ", Weekday, Mon. D, YYYY.", at most three
sentences) are captions.  "READ MORE: headline" teasers glued to the next sentence
lose the headline only when its end is clear (a block break, a sentence-starting
word, an opening quote, or a short headline ending in a full stop); otherwise only
the marker goes, so no sentence is lost.

Cleaning is regex and word-list work only (no spaCy): it runs before the parse and
costs about 0.7-0.9 ms per 600 words on one idle core (BBC/AP/HuffPost text).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .model import Cleaned, Removal, Segment, Span

__all__ = [
    "DEFAULTS",
    "UI_WORDS",
    "CleanOptions",
    "LineStats",
    "clean_html",
    "clean_text",
    "line_stats",
    "normalize_whitespace",
]


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """Thresholds of the cleaner.

    - ``prose_words`` (12): a unit with at least this many words reads as prose and
      is only dropped by a strong chrome pattern.
    - ``short_line_words`` (8): a line of at most this many words, with no verb and
      no final period, may be chrome by vocabulary or a caption by position.
    - ``title_max_words`` (25) / ``title_max_chars`` (220): limits of a title line.
    - ``title_scan_lines`` (8): how many non-blank lines at the top are searched
      for chrome, title and caption lines.
    - ``repeat_min_documents`` (3) and ``repeat_ratio`` (0.02): with ``stats``, a
      non-prose line or sentence found in at least ``max(min, ratio * documents)``
      distinct documents of the group is removed as ``repeated``.
    - ``repeat_prose_ratio`` (0.6) and ``repeat_prose_min_documents`` (10): the
      much stricter bar for units that read as prose (a footer sentence): wire
      copy repeats background sentences, which must stay.
    - ``teaser_max_words`` (14): how far a "READ MORE: headline" teaser may run
      when the headline is glued to the next sentence.
    - ``favor_precision`` (False): passed to trafilatura by :func:`clean_html`.
    - ``html_date_extensive`` (False): let htmldate search the page text for a
      date, not only the markup (metadata, ``<time>``, URL).
    """

    prose_words: int = 12
    short_line_words: int = 8
    title_max_words: int = 25
    title_max_chars: int = 220
    title_scan_lines: int = 8
    repeat_min_documents: int = 3
    repeat_ratio: float = 0.02
    repeat_prose_ratio: float = 0.6
    repeat_prose_min_documents: int = 10
    teaser_max_words: int = 14
    favor_precision: bool = False
    html_date_extensive: bool = False


DEFAULTS = CleanOptions()


@dataclass(frozen=True, slots=True)
class LineStats:
    """Repetition statistics of one group (a source or an input file).

    ``counts`` maps the key of a line or sentence (see :func:`line_stats`) to the
    number of distinct documents of the group that contain it.
    """

    documents: int
    counts: Mapping[str, int]


# --------------------------------------------------------------------------- normalisation

_LINE_ENDS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_WS_TABLE: dict[int, str] = {
    **{ord(c): " " for c in "\t\u00a0\u1680\u180e\u202f\u205f\u3000"},
    **{c: " " for c in range(0x2000, 0x200B)},
    **{ord(c): "\n" for c in _LINE_ENDS},
}


_ODD_WS = re.compile("[" + "".join(chr(c) for c in _WS_TABLE if chr(c) != "\n") + "]")


def _ws_repl(m: re.Match[str]) -> str:
    return _WS_TABLE[ord(m.group())]


def normalize_whitespace(raw: str) -> str:
    """Map odd whitespace to ``" "`` and line ends to ``"\\n"``; same length as ``raw``.

    A ``"\\r\\n"`` pair becomes two ``"\\n"`` (the empty line between them collapses
    in :func:`clean_text`), so offsets stay one for one.
    """
    return _ODD_WS.sub(_ws_repl, raw)


_KEY_MAP = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "´": "'", "–": "-", "—": "-"}
_KEY_CHARS = re.compile("[" + "".join(_KEY_MAP) + "]")


def _key_repl(m: re.Match[str]) -> str:
    return _KEY_MAP[m.group()]


def _key(text: str) -> str:
    """A comparison key: case, spacing, quote and dash variants folded."""
    return " ".join(_KEY_CHARS.sub(_key_repl, text).split()).casefold()


# --------------------------------------------------------------------------- vocabulary


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Navigation, section and user-interface words.  A short line that is not prose
#: and is made only of these (and of :data:`_FUNCTION_WORDS` and numbers) is chrome.
UI_WORDS: frozenset[str] = _wordset(
    """
    staff reporter reporters writer correspondent desk wires
    home news world politics business economy markets money sport sports opinion opinions
    analysis culture lifestyle life style entertainment arts tech technology science health
    travel video videos photo photos gallery galleries live latest trending popular top
    stories story local national international europe asia africa americas uk us usa
    menu search login log sign register account subscribe subscription subscriptions
    newsletter newsletters follow followers share shares shared sharing tweet email e-mail
    print comment comments commenting reply replies add new post posts posted published
    updated update author authors editor editors source sources link links related read
    reading more next previous prev back skip content contents main advertisement advert
    ad ads sponsored sponsor promoted cookie cookies accept privacy policy terms conditions
    contact about connect ctrl enter alt shift esc click tap press here close open toggle
    show hide load view views all see also watch listen download app apps rss feed feeds
    facebook twitter instagram telegram youtube whatsapp linkedin tiktok pinterest reddit
    viber vk copy copied permalink tags tag topics topic categories category page pages
    min mins minute minutes hour hours ago today yesterday print-friendly version
    mistake mistakes typo report feedback faq help support donate premium exclusive
    breaking headlines headline archive archives edition sections section
    like likes loading
    """
)

_FUNCTION_WORDS: frozenset[str] = _wordset(
    """
    a an the and or of to for in on at by with from your you our we this that it is be
    my me no yes not via
    """
)

# Auxiliaries and frequent news verbs (finite forms).  Together with "-ed" words
# they make a unit read as a sentence rather than as a label.
_VERBS: frozenset[str] = _wordset(
    """
    is are was were be been being am has have had do does did will would shall should can
    could may might must says said say tells told tell asks asked ask adds added add notes
    noted warns warned claims claimed denies denied wants wanted needs needed calls called
    makes made takes took gives gave goes went comes came gets got sees saw knows knew
    thinks thought believes believed hopes hoped seems seemed remains remained becomes
    became shows showed leads led meets met holds held keeps kept means meant stands stood
    runs ran wins won loses lost sends sent begins began leaves left brings brought pays
    paid faces faced agrees agreed offers offered urges urged vows vowed plans planned
    hits struck strikes kills killed dies died fights fought fled flees threatens
    threatened rejects rejected accuses accused insists insisted stresses stressed
    announces announced reports reported confirms confirmed """
)

_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*\w)?|\d[\d.,:/-]*")
_QUOTE_CHARS = frozenset('"“”„«»')
_ED = re.compile(r"[a-z]{3,}ed\b")

_SOCIAL = (
    r"twitter|facebook|instagram|telegram|youtube|whatsapp|tiktok|linkedin|snapchat|"
    r"pinterest|reddit|viber|vkontakte|threads|mastodon|bluesky|google news|apple news|"
    r"bbc sounds|spotify|rss"
)

# --------------------------------------------------------------------------- strong patterns

# Whole-unit patterns: a sentence or line matching one of these is chrome even if it
# reads as prose.  The group name is the removal reason.  ``_STRONG_START`` is
# matched at the start of the unit (only when its first word is in
# ``_STRONG_FIRST``); ``_STRONG_ANY`` anywhere (only when a trigger is present).
_STRONG_START = re.compile(
    r"""
    (?P<chrome>
        ©
      | (?:did\s+you\s+)?(?:find|found|spot(?:ted)?|notice(?:d)?|see)\s+an?\s+
        (?:mistake|typo|error)\b
      | (?:story\s+continues\s+below|scroll\s+(?:down\s+)?to\s+continue|advertisement\b)
      | source\s+link\b
    )
  | (?P<cta>
        (?:please\s+|why\s+not\s+)?(?:(?:follow|find\s+us|find|subscribe|sign\s*-?\s*up|
            register|download|click|tap|
            listen\s+to|check\s+out|find\s+out\s+more|install|get\s+the\s+latest|
            don'?t\s+miss|never\s+miss|stay\s+(?:up\s+to\s+date|tuned))\b
          | (?:press|share|comment|like|join|watch|read|send|see)\s+(?=(?:more|our|the|this|us|on|
            here|below|it|full|all|latest|his|her|their|ctrl)\b|['‘"“:]))
        .*?(?:\b(?:"""
    + _SOCIAL
    + r""")\b|\bnewsletters?\b|\bpodcasts?\b|\bour\s+app\b|\bthe\s+app\b
            |\b(?:here|below|above)\s*[.!]?\s*$|\bhttps?://|\bwww\.|@\w|\bctrl\b
            |\bon\s+x\s*(?:\(formerly\s+twitter\))?\s*[.!]?\s*$
            |\b(?:our|the)\s+(?:coverage|live\s+(?:page|coverage|updates)|channel|website|page)\b
            |\bstory\s+ideas\b|\bthis\s+(?:article|story|page)\b)
      | (?:send\s+(?:us\s+)?your\s+(?:story\s+ideas|questions|tips)
          |you\s+can\s+(?:also\s+)?send\s+(?:us\s+)?(?:your\s+)?story\s+ideas)
      | sign\s+up\s+(?:to|for)\b
    )
  | (?P<credit>
        (?:photo|photos|photograph|picture|image|image\s+source|image\s+caption|media\s+caption|
            credit|photo\s+credit|video|source|illustration)\s*[:,]\s*\S.{0,100}$
      | (?:additional\s+)?reporting\s+by\s+[^.]{1,80}(?:;\s*editing\s+by\s+[^.]{1,80})?\.?$
      | (?:writing|editing)\s+by\s+[^.]{1,80}\.?$
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_STRONG_FIRST = _wordset(
    """
    © did find found spot spotted notice noticed see story scroll advertisement source please
    follow subscribe sign sign-up signup register download click tap listen check install get
    don't dont don’t never stay press share comment like join watch read send you photo photos
    photograph picture image media credit video illustration additional reporting writing
    editing why
    """
)
_BYLINE = re.compile(
    r"By\s+[A-Z][\w'’.-]+(?:(?:\s+|,\s*)(?:[A-Z][\w'’.-]+|and|&))*(?:\s*[|,]\s*[A-Z][\w .]*)?$"
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_LINE = re.compile(
    r"(?:(?:published|updated|posted|last\s+updated)\s*:?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?:" + _MONTH + r"\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+" + _MONTH + r",?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})"
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?$",
    re.IGNORECASE,
)
_REPORTED = re.compile(r"[”»]|\b(?:said|says|told|according\s+to)\b")
_STRONG_ANY: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("chrome", "rights reserved", re.compile(r"\ball\s+rights\s+reserved\b", re.I)),
    (
        "chrome",
        "external",
        re.compile(
            r"\bnot\s+responsible\s+for\s+the\s+content\s+of\s+external\b"
            r"|\bapproach\s+to\s+external\s+linking\b",
            re.I,
        ),
    ),
    ("chrome", "ctrl", re.compile(r"\bctrl\s*\+\s*enter\b", re.I)),
    (
        "chrome",
        "originally",
        re.compile(
            r"\bthis\s+(?:article|story|content)\s+(?:was|is|has\s+been)\s+originally\s+"
            r"(?:published|produced)\s+(?:by|on|in)\b",
            re.I,
        ),
    ),
    ("chrome", "cookies", re.compile(r"\bwe\s+use\s+cookies\b", re.I)),
    (
        "cta",
        "@",
        re.compile(
            r"\b(?:story\s+(?:ideas?|suggestions?)|news\s+tips?|get\s+in\s+touch|contact\s+us|"
            r"email\s+us)\b.*[\w.+-]+@[\w-]+\.\w",
            re.I,
        ),
    ),
    (
        "cta",
        "newsletter",
        re.compile(r"\bour\s+free\s+(?:daily\s+|weekly\s+)?(?:\w+\s+)?newsletter\b", re.I),
    ),
    (
        "credit",
        "contributed",
        re.compile(
            r"^(?:[\w.'’-]+,?;?\s+){1,40}contributed(?:\s+(?:to\s+this\s+(?:report|story|article)"
            r"|reporting|additional\s+reporting))?(?:\s+(?:from|in)\s+[^.]{1,60})?\.?$",
            re.I,
        ),
    ),
)


# Span patterns: removed wherever they occur in a line (they may end mid-sentence).
_PAREN_CREDIT = re.compile(
    r"""\(\s*(?:[^()]{0,80}?)(?:\bAP\s+Photo\b|\bPhoto\b|\bPhotograph\b|\bPhotos\b|Getty\s+Images
        |\bvia\s+AP\b|\bSatellite\s+image\b|Shutterstock|\bEPA\b|\bPool\b[^()]{0,20}\bvia\b
        |/\s*(?:AFP|Reuters|AP|EPA|Getty)\b)[^()]{0,80}\)""",
    re.VERBOSE,
)
_UNDERSCORES = re.compile(r"_{3,}")
_COPYRIGHT = re.compile(r"(?:©|\(c\)(?=\s*\d)|\bCopyright\s+©?)\s*\d{4}\b[^.©\n()_]{0,80}\.?")
_FOLLOW_AT_URL = re.compile(
    r"\b(?:Follow|More)\b[^.\n]{0,120}?(?:\bat\b|:)\s*(?:https?://|www\.)\S+"
    r"(?:\s+and\s+(?:https?://|www\.)\S+)?",
)
_CAPTION_DATE = re.compile(
    r",\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+"
    r"(?:Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}\.",
)
_FILE_CAPTION = re.compile(r"(?<![^\s])FILE\s*[-–—]\s+(?=[A-Z])")
# a teaser marker, matched on the text right before a colon
_TEASER = re.compile(
    r"(?:^|(?<=\s)|(?<=[.!?”\"]))(?:READ\s+MORE|Read\s+more|READ\s+ALSO|Read\s+also|"
    r"ALSO\s+READ|Also\s+read|"
    r"RELATED|Related|SEE\s+ALSO|See\s+also|MORE|READ|WATCH|Watch|LISTEN|Listen|PICTURED|"
    r"Most\s+Read|MOST\s+READ|Recommended|RECOMMENDED)\s*$"
)
_SENTENCE_STARTERS = _wordset(
    """
    But The In A An He She It They We I This That These Those However Meanwhile According
    On At After As Mr Mrs Ms Dr His Her Their Its Our When While Since Although If Earlier
    Later Speaking Asked There
    """
)
_TRAILING_GLUED = re.compile(
    r"(?<=[^\s])(?P<tail>Related\s+(?:News|Articles|Posts|Stories|Content|Topics)|Read\s+[Mm]ore|"
    r"READ\s+MORE|Source\s+link|More\s+(?:News|Stories)|Advertisement|ADVERTISEMENT)\s*$"
)
_PHOTOGRAPH_TAIL = re.compile(
    r"(?:^|(?<=\s))(?:Photograph|Photo|Picture|Image|Composite)\s*:\s*[^\s].{0,90}$"
)
_BULLETS = "•*·►▶■□◆●-–— "
_FOLLOW_SOCIAL = re.compile(
    r"\bFollow\s+(?:[\w&'’.-]+\s+){1,6}on\s+(?i:"
    + _SOCIAL
    + r")(?:(?:,\s*|\s+)(?:and\s+|or\s+)?(?i:"
    + _SOCIAL
    + r"))*(?:\s+(?:at\s+)?@\w+)?\.?",
)
_BLOCK_SEP = re.compile(r"(?: {2,}|_{3,})[ _]*")

_ABBREV = _wordset(
    """
    mr mrs ms dr st gen lt col sgt capt gov sen rep rev prof jan feb mar apr jun jul aug sep
    sept oct nov dec no nos vs inc ltd co corp jr sr mt ft approx est dept fig maj brig adm
    cmdr pvt cpl supt insp det hon atty ave blvd rd univ
    """
)
_SENT_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+(?:[\"“‘'(\[]?\w|[©_]))")

_DATELINE = re.compile(
    r"""(?P<dl>
        (?P<place>[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,3}
            |[A-Z][a-z'’.-]+(?:\s+[A-Z][a-z'’.-]+){0,2})
        (?:,\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?        # , COUNTRY / , Ukraine
        (?:,?\s+(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}))?
        (?:\s*\((?P<agency>[A-Z][A-Za-z/ .&-]{0,25})\))?
    )
    (?P<sep>\s*[-–—]+\s+|:\s+)
    (?=[“"‘']?[A-Z0-9])""",
    re.VERBOSE,
)
_DATELINE_NOT_PLACES = _wordset(
    """
    update updated breaking note editor watch read listen photo video warning exclusive
    analysis opinion comment live latest source sources reporting correction advertisement
    """
)


# --------------------------------------------------------------------------- unit helpers


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _is_prose(text: str, words: list[str], options: CleanOptions) -> bool:
    """Does this unit read as a sentence (a verb, a quotation, or many words)?"""
    if len(words) >= options.prose_words:
        return True
    if any(c in _QUOTE_CHARS for c in text) or text[:1] in "'‘":
        return True  # a quotation (the Daily Mail quotes with single marks)
    for w in words[1:] if len(words) > 1 else words:
        lw = w.lower()
        if lw in _VERBS or (_ED.fullmatch(lw) is not None and w[0].islower()):
            return True
    return False


def _vocab_only(text: str, words: list[str]) -> bool:
    """Only UI words, function words and numbers, with at least one UI word.

    A lone function word with nothing else on the line ("on", between "Published"
    and the story) counts too; "And …" (a cut quotation) does not.
    """
    has_ui = False
    for w in words:
        lw = w.lower().strip(".'’")
        if lw in UI_WORDS:
            has_ui = True
        elif lw in _FUNCTION_WORDS or lw[:1].isdigit():
            continue
        else:
            return False
    return has_ui or (len(words) <= 1 and text.isalpha())


def _ends_sentence(text: str) -> bool:
    """Final punctuation (an ellipsis, as in "Loading...", does not count)."""
    end = text.rstrip("\"”’')]")
    return end.endswith((".", "!", "?", ":", ";")) and not end.endswith(("...", "…"))


def _blocks(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraphs inside one line: runs of 2+ spaces or ``___`` separate them."""
    if norm.find("  ", start, end) < 0 and norm.find("___", start, end) < 0:
        return [(start, end)] if end > start else []
    blocks: list[tuple[int, int]] = []
    pos = start
    for m in _BLOCK_SEP.finditer(norm, start, end):
        if m.start() > pos:
            blocks.append((pos, m.start()))
        pos = m.end()
    if end > pos:
        blocks.append((pos, end))
    return blocks


def _split_units(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``norm[start:end]`` (one line) into sentence-like units (stripped)."""
    bounds: list[tuple[int, int]] = []
    for b_start, b_end in _blocks(norm, start, end):
        glued = _TRAILING_GLUED.search(norm, max(b_start, b_end - 24), b_end)
        tail: tuple[int, int] | None = None
        if glued is not None:
            tail = (glued.start("tail"), glued.end("tail"))
            b_end = glued.start("tail")
        u_start = b_start
        for m in _SENT_END.finditer(norm, b_start, b_end):
            # abbreviation or initial before the full stop: not a boundary
            if norm[m.start()] == ".":
                dot = m.start()
                prev = norm[norm.rfind(" ", u_start, dot) + 1 : dot].lstrip("\"“‘'([").lower()
                if prev in _ABBREV or len(prev) == 1 or "." in prev:
                    continue
            bounds.append((u_start, m.end()))
            u_start = m.end()
        bounds.append((u_start, b_end))
        if tail is not None:
            bounds.append(tail)
    out: list[tuple[int, int]] = []
    for s, e in bounds:
        while s < e and norm[s] == " ":
            s += 1
        while e > s and norm[e - 1] == " ":
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def _teaser_end(norm: str, start: int, end: int, options: CleanOptions) -> int | None:
    """End of a teaser headline starting at ``start`` (after "READ MORE:"), or None."""
    block = _BLOCK_SEP.search(norm, start, end)
    limit = block.start() if block else end
    if block is not None and len(_words(norm[start:limit])) <= options.teaser_max_words:
        return limit
    count = 0
    for m in re.finditer(r"\S+", norm[start:limit]):
        tok = m.group()
        abs_start = start + m.start()
        if count >= 2:
            if tok[0] in '“"‘' and norm[abs_start - 1] == " ":
                return abs_start
            if tok.rstrip(",") in _SENTENCE_STARTERS:
                return abs_start
        if re.search(r"[.!?][\"”’']?$", tok) and count >= 2:
            # the headline ran into a sentence: only a short one is taken as a headline
            return start + m.end() if count < options.teaser_max_words else None
        count += 1
        if count > options.teaser_max_words:
            return None
    return limit if count <= options.teaser_max_words else None


# --------------------------------------------------------------------------- stats


def _line_spans(norm: str) -> list[tuple[int, int]]:
    """Stripped, non-empty lines of ``norm`` as ``(start, end)``."""
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(norm)
    while pos <= n:
        nl = norm.find("\n", pos)
        if nl < 0:
            nl = n
        s, e = pos, nl
        while s < e and norm[s] == " ":
            s += 1
        while e > s and norm[e - 1] == " ":
            e -= 1
        if s < e:
            spans.append((s, e))
        pos = nl + 1
    return spans


def _keys_of(text: str) -> set[str]:
    norm = normalize_whitespace(text)
    keys: set[str] = set()
    for s, e in _line_spans(norm):
        keys.add(_key(norm[s:e]))
        for us, ue in _split_units(norm, s, e):
            keys.add(_key(norm[us:ue]))
    keys.discard("")
    return keys


def line_stats(texts: Iterable[str]) -> LineStats:
    """Count, for each line and sentence key, the distinct documents containing it.

    Exact duplicates among ``texts`` (syndicated copies) are counted once, and so
    is a line repeated inside one document.  Keys fold case, spacing and quote
    variants.
    """
    seen: set[bytes] = set()
    counts: Counter[str] = Counter()
    for text in texts:
        digest = hashlib.blake2b(_key(text).encode(), digest_size=16).digest()
        if digest in seen:
            continue
        seen.add(digest)
        counts.update(_keys_of(text))
    return LineStats(documents=len(seen), counts=MappingProxyType(dict(counts)))


# --------------------------------------------------------------------------- title


_TITLE_SUFFIX = re.compile(r"\s+[|•]\s+[^|•]{1,60}$")
_SMALL_WORDS = _wordset(
    "a an the and or but of to for in on at by with from as vs via over into after amid"
)


def _strip_title_suffix(line: str) -> str:
    return _TITLE_SUFFIX.sub("", line).strip()


def _title_case(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in _SMALL_WORDS and w[0].isalpha()]
    if len(content) < 2:
        return False
    caps = sum(1 for w in content if w[0].isupper())
    return caps / len(content) >= 0.75


def _title_like(line: str, options: CleanOptions) -> bool:
    words = _words(line)
    return (
        2 <= len(words) <= options.title_max_words
        and len(line) <= options.title_max_chars
        and not line.rstrip("\"”’')]").endswith((".", ",", ";", ":"))
    )


# --------------------------------------------------------------------------- clean_text


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    removed: list[tuple[int, int, str]]
    units: list[tuple[int, int]]
    whole: str | None = None  # reason when the whole line is dropped


def _strong(text: str) -> str | None:
    """The reason of a strong chrome pattern matching ``text``, or None."""
    text = text.lstrip(_BULLETS)
    first = text.split(None, 1)[0].lower() if text else ""
    if first in _STRONG_FIRST or first[:1] == "©":
        m = _STRONG_START.match(text)
        # a call to action is never a reported statement (a quotation cut by the splitter)
        if (
            m is not None
            and m.lastgroup is not None
            and not (m.lastgroup == "cta" and _REPORTED.search(text))
        ):
            return m.lastgroup
    low = text.lower()
    for reason, trigger, rx in _STRONG_ANY:
        if trigger in low and rx.search(text):
            return reason
    return None


def _classify_unit(text: str, stats: LineStats | None, options: CleanOptions) -> str | None:
    """Reason to drop one unit (sentence or line), or None to keep it."""
    reason = _strong(text)
    if reason is not None:
        return reason
    if text.count(" ") + 1 >= options.prose_words * 2:
        prose = True  # long: prose for sure, no need to look at the words
    else:
        words = _words(text)
        prose = _is_prose(text, words, options)
        if not prose and not _ends_sentence(text):
            if _vocab_only(text, words):
                return "chrome"
            if len(words) <= options.short_line_words and _BYLINE.match(text):
                return "byline"
            if _DATE_LINE.match(text.strip()):
                return "byline"  # a date (and time) alone on its line: the page's byline date
    if stats is not None and stats.documents > 0:
        # a short sentence with a final stop is held to the prose bar
        n = stats.counts.get(_key(text), 0)
        if prose or _ends_sentence(text):
            need = max(
                options.repeat_prose_min_documents,
                math.ceil(options.repeat_prose_ratio * stats.documents),
            )
        else:
            need = max(
                options.repeat_min_documents, math.ceil(options.repeat_ratio * stats.documents)
            )
        if n >= need:
            return "repeated"
    return None


def _span_removals(
    norm: str, start: int, end: int, options: CleanOptions
) -> list[tuple[int, int, str]]:
    """Chrome that may end mid-sentence: credits in brackets, AP trailers, teasers."""
    out: list[tuple[int, int, str]] = []
    prev_end = start
    for m in _PAREN_CREDIT.finditer(norm, start, end):
        c_start = m.start()
        # an AP-style run-in caption before the credit: "FILE - ... Kyiv, Ukraine,
        # Saturday, Aug. 27, 2022. Optional second sentence. (AP Photo/Name)"
        window_start = max(prev_end, c_start - 800)
        prev_end = m.end()
        window = norm[window_start:c_start]
        anchor: int | None = None
        files = [fm.start() + 1 for fm in _FILE_CAPTION.finditer(window)]
        dates = [dm.end() for dm in _CAPTION_DATE.finditer(window)]
        if files:
            anchor = window_start + files[-1]
        elif dates:
            anchor = window_start + dates[-1]
        if anchor is not None:
            units = _split_units(norm, window_start, c_start)
            first = next((u for u in units if u[0] < anchor <= u[1]), None)
            if first is not None and sum(1 for u in units if u[0] >= first[0]) <= 3:
                out.append((first[0], m.end(), "caption"))
                continue
        out.append((c_start, m.end(), "credit"))
    if norm.find("___", start, end) >= 0:
        for m in _UNDERSCORES.finditer(norm, start, end):
            out.append((m.start(), m.end(), "chrome"))
    if norm.find("Follow", start, end) >= 0:
        for m in _FOLLOW_SOCIAL.finditer(norm, start, end):
            out.append((m.start(), m.end(), "cta"))
    for b_start, b_end in _blocks(norm, start, end):
        # a paragraph ending with "Photograph: Name/Agency" is a caption (Guardian style)
        tail_start = max(b_start, b_end - 120)
        if norm.find(":", tail_start, b_end) < 0:
            continue
        pm = _PHOTOGRAPH_TAIL.search(norm, tail_start, b_end)
        if pm is not None:
            units = _split_units(norm, b_start, b_end)
            if len(units) <= 3 and norm.count(" ", b_start, b_end) < 60:
                out.append((b_start, b_end, "caption"))
            else:
                last = next(u for u in reversed(units) if u[0] <= pm.start())
                out.append((last[0], b_end, "caption"))
    for m in _COPYRIGHT.finditer(norm, start, end):
        out.append((m.start(), m.end(), "chrome"))
    has_url = norm.find("://", start, end) >= 0 or norm.find("www.", start, end) >= 0
    for m in _FOLLOW_AT_URL.finditer(norm, start, end) if has_url else ():
        out.append((m.start(), m.end(), "cta"))
    colon = norm.find(":", start, end)
    while colon >= 0:
        after = colon + 1
        if after < end and (norm[after] == " " or norm[after].isupper()):
            tm = _TEASER.search(norm, max(start, colon - 12), colon)
            if tm is not None:
                while after < end and norm[after] == " ":
                    after += 1
                rest = norm[after:end].rstrip()
                if rest and not any(ch in rest for ch in '.!?"“”'):
                    t_end: int | None = end  # a headline running to the end of the line
                else:
                    t_end = _teaser_end(norm, after, end, options)
                out.append((tm.start(), after if t_end is None else t_end, "teaser"))
        colon = norm.find(":", after, end)
    return out


def _uncovered(
    norm: str, start: int, end: int, covered: list[tuple[int, int, str]]
) -> list[tuple[int, int]]:
    """The stripped pieces of ``[start, end)`` outside the ``covered`` spans."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for s, e, _ in covered:
        if e <= pos or s >= end:
            continue
        if s > pos:
            pieces.append((pos, s))
        pos = max(pos, e)
    if pos < end:
        pieces.append((pos, end))
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        while s < e and norm[s] in " _":
            s += 1
        while e > s and norm[e - 1] in " _":
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    spans = sorted(spans)
    merged: list[tuple[int, int, str]] = []
    for s, e, r in spans:
        if merged and s <= merged[-1][1]:
            ps, pe, pr = merged[-1]
            reason = r if e - s > pe - ps else pr
            merged[-1] = (ps, max(pe, e), reason)
        else:
            merged.append((s, e, r))
    return merged


def clean_text(
    raw: str,
    *,
    title: str | None = None,
    source: str | None = None,
    stats: LineStats | None = None,
    options: CleanOptions = DEFAULTS,
) -> Cleaned:
    """Clean already-scraped article text (see the module docstring for the contract).

    ``title`` is a title known from metadata: lines equal to it (ignoring case,
    spacing and a " | Section" suffix) are dropped and it becomes ``Cleaned.title``.
    ``source`` is the outlet's name from metadata: a line that is only that name
    (the masthead of a scraped page) is chrome; the name inside a sentence stays.
    Without it, a title line at the top is detected and returned.  ``stats`` are
    the repetition statistics of the article's group (:func:`line_stats`).
    """
    norm = normalize_whitespace(raw)
    lines = [_Line(s, e, [], _split_units(norm, s, e)) for s, e in _line_spans(norm)]
    found_title = title.strip() if title and title.strip() else None
    title_key = _key(found_title) if found_title else None

    # -- title lines (metadata title anywhere; detected title at the top)
    if title_key is not None:
        longest = max(options.title_max_chars, len(title_key) + 80)
        for ln in lines:
            if ln.end - ln.start > longest:
                continue
            text = norm[ln.start : ln.end]
            if _key(text) == title_key or _key(_strip_title_suffix(text)) == title_key:
                ln.whole = "title"

    # -- masthead: a line that is only the outlet's name
    source_key = _key(source) if source and source.strip() else None
    if source_key:
        for ln in lines:
            if ln.whole is None and _key(norm[ln.start : ln.end]) == source_key:
                ln.whole = "chrome"

    # -- whole-line decisions (lines that are one unit; longer lines go sentence by sentence)
    for ln in lines:
        if ln.whole is not None or len(ln.units) > 1:
            continue
        text = norm[ln.start : ln.end]
        reason = _classify_unit(text, stats, options)
        if reason is not None:
            ln.whole = reason

    # -- top block: detected title, captions after chrome
    first_body = _top_block(norm, lines, title_key, options)
    if title_key is None and first_body[1] is not None:
        found_title = first_body[1]

    # -- per sentence and span removals inside kept lines
    for ln in lines:
        if ln.whole is not None:
            continue
        spans = _span_removals(norm, ln.start, ln.end, options)
        covered = _merge(spans)
        for us, ue in ln.units:
            # classify what the span removals leave of the unit, piece by piece
            for ps, pe in _uncovered(norm, us, ue, covered):
                reason = _classify_unit(norm[ps:pe], stats, options)
                if reason is not None:
                    spans.append((ps, pe, reason))
        ln.removed = _merge(spans)
        if ln.removed and ln.removed[0][0] <= ln.start and ln.removed[0][1] >= ln.end:
            ln.whole = ln.removed[0][2]
            ln.removed = []

    # -- dateline at the start of the first body paragraph
    dateline: str | None = None
    removals: list[Removal] = []
    body = [ln for ln in lines if ln.whole is None]
    if body:
        ln = body[0]
        pos = ln.start
        for s, e, _ in ln.removed:
            if s <= pos:
                pos = max(pos, e)
                while pos < ln.end and norm[pos] == " ":
                    pos += 1
        m = _DATELINE.match(norm, pos, ln.end)
        if m is not None and _dateline_ok(m):
            dateline = m.group("dl").strip()
            ln.removed = _merge([*ln.removed, (m.start(), m.end(), "dateline")])

    # -- assemble
    return _assemble(raw, norm, lines, found_title, dateline, removals)


def _dateline_ok(m: re.Match[str]) -> bool:
    place = m.group("place")
    first = place.split()[0].strip(".'’").lower()
    if first in _DATELINE_NOT_PLACES or first in _SENTENCE_STARTERS_LOWER:
        return False
    all_caps = place.upper() == place and len(place.replace(".", "")) >= 2
    sep = m.group("sep").strip()
    if all_caps:
        return True
    # mixed case ("New Delhi:", "Kyiv, March 3 (Reuters) -"): needs an agency or a date,
    # or ":" not followed by a quotation ("Peskov: “We ...”" is a speaker, not a place)
    if m.group("agency") is not None or m.group("date") is not None:
        return True
    return sep == ":" and m.string[m.end()] not in "“\"‘'"


_SENTENCE_STARTERS_LOWER = _wordset(
    """the a an he she it they we i this that these those however meanwhile according but in
    on at after as his her their its our when while since although if president prime
    minister mr mrs ms dr"""
)


def _top_block(
    norm: str, lines: list[_Line], title_key: str | None, options: CleanOptions
) -> tuple[int, str | None]:
    """Mark the title and captions among the first lines; return (first body index, title)."""
    detected: str | None = None
    prev_removed = False  # a caption needs chrome or a title right before it
    for idx, ln in enumerate(lines[: options.title_scan_lines]):
        text = norm[ln.start : ln.end]
        if ln.whole is not None:
            prev_removed = True
            continue
        if len(text) > options.title_max_chars:
            return idx, detected  # a paragraph: the body starts here
        words = _words(text)
        nxt = lines[idx + 1] if idx + 1 < len(lines) else None
        nxt_text = norm[nxt.start : nxt.end] if nxt else ""
        if title_key is None and detected is None and _title_like(text, options):
            repeated = nxt is not None and _key(nxt_text) == _key(text)
            blank_after = nxt is not None and "\n\n" in norm[ln.end : nxt.start].replace(" ", "")
            longer_after = nxt_text.count(" ") >= len(words) and _ends_sentence(nxt_text)
            suffix = _TITLE_SUFFIX.search(text) is not None
            if repeated or suffix or _title_case(words) or (blank_after and longer_after):
                detected = _strip_title_suffix(text)
                key = _key(text)
                for other in lines:
                    if (
                        other.whole is None
                        and other.end - other.start <= options.title_max_chars
                        and _key(norm[other.start : other.end]) == key
                    ):
                        other.whole = "title"
                prev_removed = True
                continue
        if (
            prev_removed
            and len(words) <= options.short_line_words
            and not _ends_sentence(text)
            and not _is_prose(text, words, options)
            and _next_is_body(norm, lines, idx, options)
        ):
            ln.whole = "caption"
            prev_removed = True
            continue
        return idx, detected
    return len(lines), detected


def _next_is_body(norm: str, lines: list[_Line], idx: int, options: CleanOptions) -> bool:
    """A caption needs chrome before it and the article's first paragraph after it.

    The line before was already checked; here: the next kept line is prose.
    """
    for ln in lines[idx + 1 :]:
        if ln.whole is not None:
            continue
        text = norm[ln.start : ln.end]
        return text.count(" ") + 1 >= options.prose_words and _ends_sentence(text)
    return False


def _assemble(
    raw: str,
    norm: str,
    lines: list[_Line],
    title: str | None,
    dateline: str | None,
    removals: list[Removal],
) -> Cleaned:
    parts: list[str] = []
    segments: list[Segment] = []
    length = 0
    prev_end: int | None = None

    def emit(raw_start: int, raw_end: int) -> None:
        nonlocal length
        n = raw_end - raw_start
        if n <= 0:
            return
        parts.append(norm[raw_start:raw_end])
        last = segments[-1] if segments else None
        if (
            last is not None
            and last.raw_start + last.length == raw_start
            and (last.start + last.length == length)
        ):
            segments[-1] = Segment(last.start, last.raw_start, last.length + n)
        else:
            segments.append(Segment(length, raw_start, n))
        length += n

    for ln in lines:
        if ln.whole is not None:
            removals.append(Removal(Span(ln.start, ln.end), ln.whole))
            continue
        pieces: list[tuple[int, int]] = []
        pos = ln.start
        for s, e, reason in ln.removed:
            removals.append(Removal(Span(s, e), reason))
            if s > pos:
                pieces.append((pos, s))
            pos = max(pos, e)
            while pos < ln.end and norm[pos] == " ":
                pos += 1
        if pos < ln.end:
            pieces.append((pos, ln.end))
        # strip the line ends of the kept text
        while pieces and norm[pieces[0][0] : pieces[0][1]].strip() == "":
            pieces.pop(0)
        while pieces and norm[pieces[-1][0] : pieces[-1][1]].strip() == "":
            pieces.pop()
        if not pieces:
            continue
        s0, e0 = pieces[0]
        while s0 < e0 and norm[s0] == " ":
            s0 += 1
        pieces[0] = (s0, e0)
        s1, e1 = pieces[-1]
        while e1 > s1 and norm[e1 - 1] == " ":
            e1 -= 1
        pieces[-1] = (s1, e1)
        if prev_end is not None:
            nl = norm.find("\n", prev_end)
            emit(nl, nl + 1)
        for s, e in pieces:
            emit(s, e)
        prev_end = pieces[-1][1]

    removals.sort(key=lambda r: (r.raw.start, r.raw.end))
    return Cleaned(
        text="".join(parts),
        raw=raw,
        title=title,
        dateline=dateline,
        segments=tuple(segments),
        removed=tuple(removals),
    )


# --------------------------------------------------------------------------- clean_html


def clean_html(
    html: str,
    *,
    url: str | None = None,
    stats: LineStats | None = None,
    options: CleanOptions = DEFAULTS,
) -> Cleaned:
    """Extract the article from an HTML page and clean it.

    trafilatura extracts the main text (comments excluded, ``favor_precision``
    from the options) and the title; htmldate gives ``Cleaned.published`` (ISO
    date) from the page markup.  ``Cleaned.raw`` is the *extracted* text: offsets
    of HTML articles map to it, not to the HTML source.  A page with no
    extractable text gives an empty ``text`` (the pipeline reports E012).
    """
    import htmldate
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=True,
        favor_precision=options.favor_precision,
        with_metadata=True,
    )
    extracted = ""
    page_title: str | None = None
    if doc is not None:
        extracted = str(getattr(doc, "text", None) or "")
        t = getattr(doc, "title", None)
        page_title = str(t).strip() if t else None
    published = htmldate.find_date(
        html,
        url=url,
        original_date=True,
        extensive_search=options.html_date_extensive,
        outputformat="%Y-%m-%d",
    )
    cleaned = clean_text(extracted, title=page_title, stats=stats, options=options)
    return Cleaned(
        text=cleaned.text,
        raw=cleaned.raw,
        title=cleaned.title,
        dateline=cleaned.dateline,
        segments=cleaned.segments,
        removed=cleaned.removed,
        published=published if isinstance(published, str) else None,
    )
