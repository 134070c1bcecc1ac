"""Quotations, speakers, cues, reporting chains and the day words were said.

:func:`find_quotes` reads one parsed article (the spaCy ``Doc`` of the cleaned
text) and returns every :class:`~storyline.model.Quote`:

* **direct**: a full clause or sentence between quote marks (“ ” „ « » and
  straight ``"``; ‘ ’ and ``'`` only as a pair around words, never an
  apostrophe inside or at the end of a word).  Marks are paired per paragraph;
  an unmatched mark is skipped, so an odd count never swallows a paragraph.
  A quote left open at a paragraph end runs to that end only when the next
  paragraph opens a quote again (the multi-paragraph convention).
* **partial**: a short quoted fragment inside a reported sentence ("at any
  time").  It is kept only when a cue governs it; scare quotes and quoted
  titles that no speech verb governs are dropped, and so is any quoted text
  whose words are all capitalised (“Morning Joe”, “13th”: a title or a name),
  a quote reached from the verb through a place or time phrase ("said on
  “Fox News Sunday”") and a quote that is the verb's subject.
* **indirect**: a speech verb with a complement clause ("X said that ...",
  "X told reporters Russia wanted ...") or "According to X, <clause>".

The **cue** is a verb whose lemma is in :data:`REPORTING_VERBS` (a general
English list of reporting verbs) found through the dependency parse: the
nearest such verb governing the quote, else the verb right after the closing
mark ("...,” Putin said"; a parenthesis does not count, "...,” Rep. Ann Lee
(D-Ohio) said", and a name with an apposition may stand before a verb far
off), else any past-tense verb glued to a name after a quote ending in , ! or
? ("...!” beamed Ann Lee", "...,” Lee barked"), else the verb right before
the opening mark ("Zelensky stated, “..."; "Putin said the following:
“..."), else a cue ending the previous paragraph with a colon ("Caddell
continued:"; "Stated Stone:" even when tagged as a name), else a byline dash
("“...” ― Laura Mendes", also glued to the mark, "”― Laura Mendes", and
naming every uncued quote of its paragraph).  A possessed speech noun governs a
partial quote too ("Trump's claim that there were “thousands of
shootings”", :data:`SPEECH_NOUNS`).  The cue span
takes in particles, the audience of *tell* ("told reporters"), the platform
("wrote on social networks") and "the following".

The **speaker** is the subject of the cue (or of the clause a participial cue
hangs from: "..., stating: “..."; a subjectless cue after a participle or
"and"/"but" borrows the subject of the cue before it: "Lee said, going on to
say ..."; "Lee said ... but said “..."), the agent of a passive, or X in
"according to X". When the parse gives the cue no subject, a name between the
closing mark and the cue ("...,” Flynn, an adviser, said") or right after it
("said Flynn") speaks. A day ("Tuesday at the rally, Gov. Ann Lee said") is
never a speaker (the person before the cue is), nor is a place opening its
paragraph as a dateline ("WASHINGTON, Aug. 24 (UPI) --"). A person named right
before a colon that opens a direct quote with no cue speaks it ("... pollster
Ann Shaw: “...”"). Pronouns go to the previous quote's speaker when the quote
continues that speaker's quotes, else to the most salient compatible mention
(subjects of the same and the previous sentences first; he/she: a person, it:
an organisation or place, they: an organisation, place or group); "he" or
"she" found for a person the article marks as the other gender (an honorific
or gendered title right before the name: "Ms. Lena Hartwig", "spokeswoman Ann
Lee") stays unresolved. A role ("the president") goes to a person introduced
with that title, the one in focus first; a role with a name ("the Kremlin
spokesman Dmitry Peskov", "Speaker of the House Rep. Paul Ryan") is the name,
but a name before a common-noun head is its owner ("the Clinton spokesman",
"Obama's strategist": unresolved). A definite role that no title decides and
that names the story's person ("the former secretary of state", "the first
lady", :data:`_ANAPHORIC_ROLES`) goes, like "she", to the person who is the
subject of a previous sentence. Places and organisations speak too ("Kyiv
emphasized"; "the IMF report stated" -> IMF), and so do institutions named
with their owner ("Russia’s defence ministry said", named as written; a later
bare "the ministry" when the article named only one); "continue" or a passive
with a thing as subject is no cue ("the operation would continue “...”", "the
truce would be observed “...”"). A proper name the NER missed ("Said Ellis:")
is the name as written, and a pronoun resolves to it only inside the sentence
where it is the subject of a cue ("Okafor said she ..."); a one-word speaker
the NER called an organisation takes he/she when it says something of itself
that way ("Okafor said she felt ..."). An impersonal "It is noted that" has no
speaker. When this does not decide, ``speaker_name`` is None: never a guess.

**Questions put to someone** are not that person's words: the subject of a
passive "ask" (or "tell", "inform", "warn", "assure", ...) and the one a
participle "Asked whether ..., Lee said" or "when asked ..." hangs on is the
one asked, so the speaker of what was asked is the asker when named ("was
asked by Soto") and None otherwise ("“Will you resign?” Lee was asked": None,
never Lee).  A pronoun that *replies* to a question ("“Do you regret it?” Soto
asked Dunn. “No,” he replied") is the one asked, never the asker.  A speaker's
own question stays theirs ("“Who wants war?” Putin asked").

**Transcripts and interviews**: in an article with a conversation (at least
three speaker labels, two speakers, one of them labelling two turns), a label
opening a line ("ZAKARIA:", "DAVID CAMERON, BRITISH PRIME MINISTER:", "Q:",
"A:"; in a text with no line ends, after a sentence end) opens a *turn*,
running to the next label, and the turn is a direct quote of its label (cue
None, the label as speaker mention), split at stage directions ("(Laughter)").
The label resolves to the article's person whose name ends with it
("WOODWARD" -> "Bob Woodward"; two such people: None), else, when the parse
tags it as a person or it labels two turns, to the name as written; "Q", "A",
"UNIDENTIFIED MALE", "REPORTER" name no one (None), and places ("KYIV:") and
headings ("UPDATE:") are no labels.  "I said ..." inside a turn is the turn's
speaker, and a quote never continues across turns.

A direct quote with no cue that follows a quote of a known speaker (same or
next paragraph, no other person or speaking subject in between) is a
**continuation**: same speaker and speaker mention, cue None.  This holds for
an unresolved speaker too ("“...,” she said. “...”": both quotes point to
"she").  A quote left open at a paragraph end is kept only when attributed.

**via** is the reporting chain (:func:`find_chains`): an "according to"
phrase naming media ("according to AFP and DPA reports, TASR reports",
"according to media reports citing Russian state media"), "This was reported
by Reuters news agency", "X reported.".  A chain in the quote's own sentence
wins over the article's chain.

**said_on** is a DATE timex attached to the cue (or to the clause the cue
hangs from), else the occasion already dated for the same speaker earlier in
the article (a dated speech verb of that speaker), else, for a present-tense
lead ("Putin says ..." in the first sentence), the occasion the next three
sentences give the same speaker, else None.

A quote that opens right after a quote closing a sentence ("... on “New
Day.” “I mean, ...”") can be a full direct quote.

Sentences are spaCy's, split again at line ends.  Measured on PolNeAR dev
with the project's scorer (bench/eval_polnear.py, through the whole
per-article pipeline): quote P 99.2, R 92.0, F1 95.4, speaker accuracy 90.8
(first 120 train articles, unseen: F1 94.6, speaker accuracy 87.6).  Typewriter
``''`` quotes (PTB style) count as double quote marks.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import DatedBy, Mention, Quote, QuoteKind, Span, Timex, TimexType

if TYPE_CHECKING:
    from spacy.tokens import Doc

    Token = Any  # spaCy tokens are untyped for mypy
else:
    Doc = Any
    Token = Any

__all__ = [
    "DEFAULTS",
    "MEDIA_NAMES",
    "MEDIA_NOUNS",
    "REPORTING_VERBS",
    "SPEECH_NOUNS",
    "QuoteOptions",
    "find_chains",
    "find_quotes",
]

# fmt: off
# Lemmas of English reporting verbs (speech, writing and statement acts).
REPORTING_VERBS: frozenset[str] = frozenset(
    [
        "say", "tell", "state", "add", "note", "stress", "emphasize", "emphasise", "explain",
        "claim", "declare", "announce", "insist", "argue", "assert", "acknowledge", "admit", "warn",
        "write", "report", "remark", "comment", "confirm", "deny", "reiterate", "suggest", "point",
        "mention", "respond", "reply", "ask", "urge", "predict", "promise", "vow", "pledge",
        "threaten", "accuse", "clarify", "recall", "complain", "concede", "allege", "contend",
        "maintain", "observe", "tweet", "post", "testify", "conclude", "express", "underline",
        "underscore", "highlight", "reveal", "disclose", "assure", "caution", "demand", "quote",
        "repeat", "signal", "indicate", "propose", "call", "describe", "dismiss", "brand", "label",
        "praise", "criticize", "criticise", "lament", "boast", "joke", "answer", "counter",
        "retort", "inform", "recount", "continue", "read", "cite", "liken", "blast", "laud", "rule",
        "chant", "slam", "decry", "hail", "mock", "tout", "talk", "refer", "characterize",
        "characterise", "term", "dub", "scold", "shout", "yell", "exclaim", "whisper", "quip",
        "proclaim", "recommend", "advise", "text", "email", "brag", "lash", "rail", "echo",
    ]
)
# Verbs from the list above too vague to mark, on their own, a new attribution
# between a quote and the cue-less quote that may continue it.
_WEAK_VERBS = frozenset({"continue", "describe", "call", "point", "signal", "indicate"})

# Nouns that make an "according to" phrase a relay (a medium), not a speaker.
MEDIA_NOUNS: frozenset[str] = frozenset(
    [
        "report", "media", "agency", "newspaper", "publication", "outlet", "broadcaster", "press",
        "news", "wire", "daily", "channel", "tabloid", "magazine", "journal", "website", "portal",
        "television", "tv", "radio", "newswire",
    ]
)
# News agencies and outlets that relay reports (matched case-sensitively).
MEDIA_NAMES: frozenset[str] = frozenset(
    [
        "AFP", "AP", "Reuters", "DPA", "TASR", "TASS", "RIA", "Interfax", "Ukrinform", "Xinhua",
        "Bloomberg", "BBC", "CNN", "Anadolu", "EFE", "ANSA", "PAP", "CTK", "ČTK", "UNIAN",
        "Sputnik", "RT", "Axios", "Politico", "Kyodo", "Yonhap", "APA", "MTI", "BTA", "Agerpres",
    ]
)

# Nouns of speech that govern a partial quote when possessed ("Trump's claim").
SPEECH_NOUNS: frozenset[str] = frozenset(
    [
        "claim", "statement", "remark", "comment", "word", "message", "description", "prediction",
        "promise", "warning", "pledge", "vow", "tweet", "post", "speech", "assertion", "accusation",
        "argument", "assessment", "characterization", "insistence", "suggestion", "demand",
        "appeal", "call", "letter", "answer", "reply", "response", "verdict",
    ]
)
_VENUE_PREPS = frozenset({"on", "in", "at", "during", "from"})
_AUDIENCE = frozenset(
    [
        "reporter", "journalist", "press", "media", "lawmaker", "audience", "crowd", "supporter",
        "parliament", "congress", "correspondent", "interviewer", "he", "she", "they", "him", "her",
        "them", "us", "me",
    ]
)
_PLATFORMS = frozenset(
    [
        "network", "medium", "media", "telegram", "x", "twitter", "facebook", "instagram",
        "channel", "truth", "account",
    ]
)
# fmt: on
# Role nouns and the title group they resolve through.
_ROLES: dict[str, str] = {
    "president": "president",
    "spokesman": "spokes",
    "spokeswoman": "spokes",
    "spokesperson": "spokes",
    "minister": "minister",
    "premier": "premier",
    "chancellor": "chancellor",
    "secretary": "secretary",
    "governor": "governor",
    "mayor": "mayor",
    "ambassador": "ambassador",
    "envoy": "envoy",
    "senator": "senator",
    "general": "general",
    "commander": "commander",
    "chairman": "chairman",
    "leader": "leader",
    "king": "king",
    "pope": "pope",
}
# roles a definite noun phrase uses for the person the story is about ("the
# former secretary of state", "the first lady", "the nominee")
_ANAPHORIC_ROLES = frozenset(
    {
        "president", "secretary", "senator", "governor", "mayor", "candidate", "nominee",
        "lady", "congressman", "congresswoman", "chancellor", "premier", "businessman",
        "businesswoman", "billionaire", "mogul", "minister", "pope", "king", "queen",
    }
)  # fmt: skip
_DATE_WORDS = frozenset(
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
        "yesterday", "tomorrow", "tonight", "january", "february", "march", "april", "june",
        "july", "august", "september", "october", "november", "december",
    }
)  # fmt: skip
# what follows a place used as a dateline: "(AFP)", ", Aug. 24 (UPI) --", " -"
_DATELINE_TAIL = re.compile(r"\s*(?:\(|,\s*[A-Z][a-z]{2,}\.?\s+\d|[-—–]{1,2}\s)")
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_PRONOUN_LABELS: dict[str, frozenset[str]] = {
    "he": frozenset({"PERSON"}),
    "him": frozenset({"PERSON"}),
    "she": frozenset({"PERSON"}),
    "her": frozenset({"PERSON"}),
    "his": frozenset({"PERSON"}),  # the owner of a speech noun: "his promise of “...”"
    "it": frozenset({"ORG", "GPE"}),
    "its": frozenset({"ORG", "GPE"}),
    "they": frozenset({"ORG", "GPE", "NORP"}),
    "them": frozenset({"ORG", "GPE", "NORP"}),
    "their": frozenset({"ORG", "GPE", "NORP"}),
}
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
# honorifics and gendered titles (lower case, no final period)
_GENDERED = {
    "mr": "m", "sir": "m", "spokesman": "m", "chairman": "m", "congressman": "m",
    "businessman": "m", "king": "m",
    "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "lady": "f", "dame": "f",
    "spokeswoman": "f", "chairwoman": "f", "congresswoman": "f", "businesswoman": "f",
    "queen": "f",
}  # fmt: skip
_SUBJ_DEPS = frozenset({"nsubj", "nsubjpass"})
# verbs whose passive subject (and the one a participle "Asked whether ..., Lee said"
# hangs on) is the one asked or told, not the one who speaks
_ASKED_OF = frozenset(
    {"ask", "tell", "inform", "assure", "warn", "caution", "advise", "urge", "promise", "question"}
)
_DASHES = frozenset({"―", "—", "–", "-", "--"})
_DASH_CHARS = "―—–-"
_MARK_CHARS = "\"“”„«»'’‘"  # a closing mark the tokenizer glued to a dash: ”―
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_OPEN_DOUBLE = "“„«"
_ALL_DOUBLE = '“”„«»"'
_CLOSE_PUNCT = ".,;:!?)]}—–-…"
_START_PUNCT = ",:;.!?—–-(…"
_DATE_VALUE = re.compile(r"^\d{4}(?:-(?:\d{2}|W\d{2}|Q\d|H\d|SU|SP|FA|WI))?(?:-\d{2})?$")


@dataclass(frozen=True, slots=True)
class QuoteOptions:
    """Options of :func:`find_quotes`.

    ``keep_unattributed`` keeps a direct quote whose speaker cannot be found
    (speaker None); ``continuation_gap`` is the most characters of text
    outside quotes between a quote and the cue-less quote that continues it;
    ``pronoun_sentences`` is how many sentences back a pronoun may look.
    """

    reporting_verbs: frozenset[str] = REPORTING_VERBS
    indirect: bool = True
    partial: bool = True
    keep_unattributed: bool = True
    continuation_gap: int = 400
    pronoun_sentences: int = 4
    max_quote_chars: int = 4000


DEFAULTS = QuoteOptions()


# --------------------------------------------------------------------------- quote marks


@dataclass(frozen=True, slots=True)
class _Marks:
    open: int  # index of the opening mark
    close: int  # index of the closing mark (or the paragraph end when continued)
    single: bool
    open_end: bool = False  # no closing mark: runs on into the next paragraph
    olen: int = 1  # length of the opening mark ('' and `` are two characters)
    clen: int = 1  # length of the closing mark

    @property
    def content(self) -> tuple[int, int]:
        return self.open + self.olen, self.close

    @property
    def after(self) -> int:
        """The first index after the closing mark."""
        return self.close + self.clen


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _is_mark(tok: Token) -> bool:
    """A double quote mark token (“ ” „ « » " '' ``)."""
    text = str(tok.text)
    return text in ("''", "``") or (len(text) == 1 and text in _ALL_DOUBLE)


_DOUBLE_RE = re.compile("''|``|[“”„«»\"]")


def _double_marks(text: str, start: int, end: int, next_opens: bool) -> list[_Marks]:
    pairs: list[_Marks] = []
    open_at = -1
    open_len = 1
    open_ch = ""
    for m in _DOUBLE_RE.finditer(text, start, end):
        i, j = m.start(), m.end()
        ch = m.group()
        prev = text[i - 1] if i > start else " "
        nxt = text[j] if j < end else " "
        openish = prev.isspace() or prev in _START_PUNCT or prev in "([{/"
        closeish = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_PUNCT or nxt in "”»")
        inside = open_at >= 0
        role: str
        if ch in ("«", "„", "``"):
            role = "open"
        elif ch == "»":
            role = "close"
        elif ch == "“":
            closes = inside and (open_ch == "„" or (closeish and not openish))
            role = "close" if closes else "open"
        elif ch == "”":
            role = "open" if (not inside and openish and not closeish) else "close"
        elif inside:  # straight " or '' (typewriter and PTB style)
            role = "open" if (openish and not closeish) else "close"
        else:
            role = "skip" if (nxt.isspace() and not openish) else "open"
        if role == "open":
            open_at, open_len, open_ch = i, j - i, ch
        elif role == "close" and inside:
            if i > open_at + open_len:
                pairs.append(_Marks(open_at, i, False, olen=open_len, clen=j - i))
            open_at = -1
    if open_at >= 0 and next_opens and end > open_at + open_len:
        pairs.append(_Marks(open_at, end, False, open_end=True, olen=open_len, clen=0))
    return pairs


def _single_marks(text: str, start: int, end: int, taken: list[_Marks]) -> list[_Marks]:
    starts = [m.open for m in taken]

    def masked(i: int) -> bool:
        k = bisect.bisect_right(starts, i) - 1
        return k >= 0 and i < taken[k].after

    pairs: list[_Marks] = []
    i = start
    while i < end:
        ch = text[i]
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        if ch in "‘'" and not prev.isalnum() and nxt.isalpha() and not masked(i):
            for j in range(i + 2, min(end, i + 300)):
                cj = text[j]
                if cj in _ALL_DOUBLE or (cj in "‘" and j > i):
                    break
                if cj in "’'":
                    after = text[j + 1] if j + 1 < end else " "
                    if not text[j - 1].isspace() and not after.isalnum():
                        body = text[i + 1 : j]
                        if sum(c.isalpha() for c in body) >= 3 and not masked(j):
                            pairs.append(_Marks(i, j, True))
                            i = j
                        break
        i += 1
    return pairs


def _quote_marks(text: str) -> list[_Marks]:
    paras = _paragraphs(text)
    out: list[_Marks] = []
    for k, (ps, pe) in enumerate(paras):
        next_opens = False
        if k + 1 < len(paras):
            nxt = text[paras[k + 1][0] : paras[k + 1][1]].lstrip()
            next_opens = bool(nxt) and (nxt[0] in _OPEN_DOUBLE + '"' or nxt[:2] in ("''", "``"))
        doubles = _double_marks(text, ps, pe, next_opens)
        out.extend(doubles)
        out.extend(_single_marks(text, ps, pe, doubles))
    out.sort(key=lambda m: m.open)
    return out


# --------------------------------------------------------------------------- drafts


@dataclass(slots=True)
class _Draft:
    content: tuple[int, int]
    kind: QuoteKind
    single: bool = False
    open_end: bool = False
    cue: tuple[int, int] | None = None
    cue_token: Token | None = None  # the verb (or the clause head for "according to")
    subject: Token | None = None  # the token naming the speaker
    speaker_mention: tuple[int, int] | None = None
    speaker_name: str | None = None
    speaker_label: str | None = None
    continued: bool = False
    said_on: DatedBy | None = None
    via: tuple[tuple[str, ...], ...] = ()
    antecedent: _Draft | None = field(default=None, repr=False)
    turn: bool = False  # a transcript turn, spoken by its label


@dataclass(frozen=True, slots=True)
class _Who:
    name: str | None
    label: str | None
    mention: tuple[int, int] | None


class _Article:
    """Everything about one article the quote stage looks up more than once."""

    def __init__(
        self,
        doc: Doc,
        mentions: Sequence[Mention],
        timexes: Sequence[Timex],
        options: QuoteOptions,
    ) -> None:
        self.doc = doc
        self.text: str = str(doc.text)
        self.options = options
        self.verbs = options.reporting_verbs
        self.mentions = sorted(mentions, key=lambda m: (m.span.start, -m.span.end))
        self.mention_starts = [m.span.start for m in self.mentions]
        self.timexes = [
            t for t in timexes if t.type == TimexType.DATE and _DATE_VALUE.match(t.value)
        ]
        self.sents = _sentences(doc)
        self.sent_starts = [int(s.start_char) for s in self.sents]
        # paragraphs are the non-empty lines; blank lines between them do not count
        self.paras = _paragraphs(self.text) or [(0, len(self.text))]
        self.para_starts = [s for s, _ in self.paras]
        self.marks: list[_Marks] = []
        self.quoted: list[tuple[int, int]] = []
        self._qstarts: list[int] = []
        self._focus: dict[int, _Who | None] = {}
        self._titled: list[tuple[int, str, frozenset[str], str]] | None = None
        self._genders: dict[str, str] | None = None
        self._persons: list[tuple[Mention, list[Token]]] | None = None
        self._institutions: list[tuple[int, str, str]] | None = None
        self.turns: list[_Turn] = []  # of a transcript or interview (see _turns)

    # ----------------------------------------------------------------- lookups

    def sent_index(self, char: int) -> int:
        return max(bisect.bisect_right(self.sent_starts, char) - 1, 0)

    def para_index(self, char: int) -> int:
        return max(bisect.bisect_right(self.para_starts, char) - 1, 0)

    def turn_at(self, char: int) -> _Turn | None:
        """The transcript turn (label included) holding ``char``."""
        for t in self.turns:
            if t.label[0] <= char < max(t.end, t.label[1]):
                return t
        return None

    def set_marks(self, marks: list[_Marks]) -> None:
        self.marks = marks
        self.quoted = sorted(m.content for m in marks)
        self._qstarts = [s for s, _ in self.quoted]

    def in_quote(self, char: int) -> bool:
        k = bisect.bisect_right(self._qstarts, char) - 1
        return k >= 0 and char < self.quoted[k][1]

    def token_in_quote(self, tok: Token) -> bool:
        return self.in_quote(int(tok.idx))

    def mention_at(self, char: int) -> Mention | None:
        k = bisect.bisect_right(self.mention_starts, char)
        for m in reversed(self.mentions[max(k - 4, 0) : k]):
            if m.span.start <= char < m.span.end:
                return m
        return None

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        lo = bisect.bisect_left(self.mention_starts, start)
        out = []
        for m in self.mentions[lo:]:
            if m.span.start >= end:
                break
            if m.span.end <= end:
                out.append(m)
        return out

    def tokens(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    # ----------------------------------------------------------------- speakers

    def is_cue_verb(self, tok: Token) -> bool:
        if self.token_in_quote(tok):
            return False
        if str(tok.lemma_).lower() in self.verbs and tok.pos_ in ("VERB", "AUX"):
            return True
        # an inverted cue opening its sentence, tagged as a name: "Stated Stone:"
        return (
            tok.i == tok.sent.start
            and tok.pos_ in ("PROPN", "ADJ", "NOUN")
            and tok.i + 1 < len(tok.doc)
            and tok.doc[tok.i + 1].pos_ == "PROPN"
            and any(w in self.verbs for w in _past_lemmas(tok.lower_))
        )

    def according(self, head: Token) -> Token | None:
        """The "according" token of an "according to X" attached to ``head``."""
        for c in head.children:
            if c.lower_ == "according" and any(g.lower_ == "to" for g in c.children):
                return c
        return None

    def asked_of(self, verb: Token) -> bool:
        """A question or message put *to* the subject: "Lee was asked whether ...",
        "Asked if he would resign, Lee said ...", "when asked about ...".  The one
        asked answers; what is asked is the asker's (the agent: "asked by Soto")."""
        if str(verb.lemma_).lower() not in _ASKED_OF:
            return False
        deps = {str(c.dep_) for c in verb.children}
        if any(
            c.dep_ in ("dobj", "dative") and (c.tag_ == "PRP" or c.pos_ == "PROPN")
            for c in verb.children
        ):
            return False  # "he's told me that ...": active, whatever the parse says
        if deps & {"auxpass", "nsubjpass"}:
            return True
        # a participle with no subject of its own, also when tagged past tense ("Asked/VBD
        # how she is coping, Ahmad said")
        return bool(
            (verb.tag_ == "VBN" or (verb.tag_ == "VBD" and verb.dep_ == "advcl"))
            and not deps & {"aux", "nsubj", "expl"}
        )

    @staticmethod
    def agent_of(verb: Token) -> Token | None:
        """X of a passive "... by X"."""
        for c in verb.children:
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        return None

    def subject_of(self, verb: Token) -> Token | None:
        if self.asked_of(verb):
            return self.agent_of(verb)  # the asker when named, never the one asked
        tok = verb
        if (
            verb.tag_ == "VBG"
            and verb.i > 0
            and verb.doc[verb.i - 1].text == ","
            and not any(c.dep_ in _SUBJ_DEPS for c in verb.children)
        ):
            # "..., saying ...": the participle's subject is the main clause's
            root = verb.sent.root
            if root is not verb and root.i < verb.i:
                for c in root.children:
                    if c.dep_ in _SUBJ_DEPS and not self.token_in_quote(c):
                        return c
        for _ in range(4):
            for c in tok.children:
                if c.dep_ in _SUBJ_DEPS and not self.token_in_quote(c):
                    if c.lower_ in _DATE_WORDS:
                        # "Tuesday at the rally, Gov. Ann Lee said": the day is no speaker
                        return self.person_before(c, verb)
                    return c
            agent = self.agent_of(tok)
            if agent is not None:
                return agent
            if (
                tok.dep_ in ("advcl", "xcomp", "conj", "pcomp", "prep", "acl")
                and tok.head is not tok
            ):
                tok = tok.head
                continue
            break
        return self.borrowed_subject(verb)

    def speaks_as_person(self, si: int, who: _Who) -> bool:
        """True when sentence ``si``'s one-word speaker the NER did not call a person
        says something of itself as "he" or "she" ("Okafor said she felt ...")."""
        if who.label not in ("ORG", None) or who.name is None or " " in who.name:
            return False
        for v in self.sents[si]:
            if not self.is_cue_verb(v):
                continue
            subj = [c for c in v.children if c.dep_ == "nsubj" and c.text == who.name]
            if subj and any(
                c.dep_ == "ccomp"
                and any(g.dep_ == "nsubj" and g.lower_ in ("he", "she") for g in c.children)
                for c in v.children
            ):
                return True
        return False

    def person_before(self, start: Token, verb: Token) -> Token | None:
        """The last token of the last person named between ``start`` and ``verb``."""
        found = [
            m
            for m in self.mentions_in(int(start.idx), int(verb.idx))
            if m.label == "PERSON" and not self.in_quote(m.span.start)
        ]
        if not found:
            return None
        toks = self.tokens(found[-1].span.start, found[-1].span.end)
        return toks[-1] if toks else None

    def borrowed_subject(self, verb: Token) -> Token | None:
        """The subject of a cue just before ``verb`` that the parse did not link.

        "Sanders said, going on to say that ..." and "Lee said Friday that the
        plan works but said “...”": a subjectless cue after a participle or
        right after "and"/"but" shares the subject of the nearest cue before it
        in the same sentence (at most eight words back).
        """
        if verb.i == 0:
            return None
        doc = verb.doc
        joined = doc[verb.i - 1].lower_ in ("and", "but")
        lo = max(int(verb.sent.start), verb.i - 12)
        participle = False
        for k in range(verb.i - 1, lo - 1, -1):
            t = doc[k]
            if _is_mark(t) or (t.is_punct and t.text in ".!?;"):
                return None
            if t.tag_ == "VBG" or (t.i == verb.i - 1 and t.lower_ == "to"):
                participle = participle or t.tag_ == "VBG"
            if t is not verb and self.is_cue_verb(t) and (joined or participle):
                for c in t.children:
                    if c.dep_ in _SUBJ_DEPS and not self.token_in_quote(c):
                        return c
                return None
        return None

    def np_bounds(self, tok: Token) -> tuple[int, int]:
        sent_start = int(self.sents[self.sent_index(int(tok.idx))].start_char)
        start = max(int(tok.left_edge.idx), sent_start)
        end = int(tok.idx) + len(tok.text)
        # a closing mark or dash the parse hung on the name: ”― Ana Ruiz
        while start < end and (
            self.text[start] in _MARK_CHARS
            or self.text[start] in _DASH_CHARS
            or self.text[start].isspace()
        ):
            start += 1
        for c in tok.children:
            if c.dep_ in ("appos", "compound", "flat") and c.i > tok.i:
                end = max(end, int(c.right_edge.idx) + len(c.right_edge.text))
        if self.text.count("(", start, end) > self.text.count(")", start, end) and (
            self.text[end : end + 1] == ")"
        ):
            end += 1  # "Rep. Ann Lee (D-Ohio)"
        return start, end

    def resolve_np(self, tok: Token, *, pronoun_ok: bool = True) -> _Who:
        """The speaker named by the noun phrase headed by ``tok``."""
        bounds = self.np_bounds(tok)
        if tok.lower_ in ("according",):
            return _Who(None, None, None)
        if tok.tag_ in ("WP", "WDT") and tok.lower_ in ("who", "which", "that"):
            # "Clinton, who said ...": the relative clause's head noun speaks
            verb = tok.head
            own = (int(tok.idx), int(tok.idx) + len(tok.text))
            if verb.dep_ == "relcl" and verb.head is not verb and verb.head.i < tok.i:
                who = self.resolve_np(verb.head, pronoun_ok=pronoun_ok)
                return _Who(who.name, who.label, own)
            return _Who(None, None, None)
        if tok.tag_ in ("WP", "WDT"):
            return _Who(None, None, None)  # "what is being criticized as": nobody named
        if tok.pos_ == "PRON":
            own = (int(tok.idx), int(tok.idx) + len(tok.text))
            if tok.lower_ == "it" and (tok.dep_ == "nsubjpass" or tok.dep_ == "expl"):
                return _Who(None, None, None)  # "It is noted that ...": nobody named
            if not pronoun_ok or tok.lower_ not in _PRONOUN_LABELS:
                return _Who(None, None, own)
            found = self.resolve_pronoun(tok)
            if found is None or not self.gender_allows(found, tok.lower_):
                return _Who(None, None, own)
            return _Who(found.name, found.label, own)
        m = self.mention_at(int(tok.idx))
        if m is not None and m.label in _SPEAKER_LABELS:
            if self.is_dateline(m):
                return _Who(None, None, bounds)
            first = self.tokens(m.span.start, m.span.end)[:1]
            if first and first[0] is not tok and self.is_cue_verb(first[0]):
                # "Stated Stone:": the NER took the inverted cue into the name
                rest = m.text[len(first[0].text) :].strip()
                start = int(first[0].idx) + len(first[0].text) + 1
                fuller = {
                    x.name
                    for x in self.mentions
                    if x.label == "PERSON" and x.name != m.name and x.name.endswith(rest)
                }
                bare = fuller.pop() if len(fuller) == 1 else rest
                return _Who(bare, m.label, (max(start, bounds[0]), bounds[1]))
            if m.label == "PERSON" and " " not in m.name:
                # a surname two people of the article share: the one introduced so far
                earlier = {
                    x.name
                    for x in self.mentions
                    if x.label == "PERSON"
                    and x.span.start < m.span.start
                    and x.name.split()[-1] == m.name
                    and " " in x.name
                }
                if len(earlier) == 1:
                    return _Who(earlier.pop(), m.label, bounds)
            return _Who(m.name, m.label, bounds)
        if tok.pos_ == "PROPN":
            full = self.person_by_surname(str(tok.text))
            if full is not None:
                return _Who(full, "PERSON", bounds)
        inside = [x for x in self.mentions_in(*bounds) if x.label == "PERSON"]
        if tok.pos_ == "NOUN":
            # a name before a common-noun head is its owner, not the speaker:
            # "the Clinton spokesman", "Obama's former campaign strategist"
            inside = [x for x in inside if x.span.start > int(tok.idx)]
        for c in tok.children:
            if c.dep_ == "appos":
                ap = self.mentions_in(int(c.left_edge.idx), int(c.right_edge.idx) + 1)
                inside += [x for x in ap if x.label == "PERSON"]
        if inside:
            return _Who(inside[-1].name, "PERSON", bounds)
        titled = self.titled_name(tok)
        if titled is not None:
            return _Who(titled.name, "PERSON", (bounds[0], titled.span.end))
        if str(tok.lemma_).lower() in _DOCUMENT_NOUNS:
            orgs = [
                x
                for x in self.mentions_in(bounds[0], int(tok.idx))
                if x.label in ("ORG", "GPE", "PERSON")
            ]
            if orgs:
                return _Who(orgs[-1].name, orgs[-1].label, bounds)
        role = _ROLES.get(str(tok.lemma_).lower())
        if role is not None and tok.tag_ not in ("NNS", "NNPS"):
            name = self.resolve_role(tok, role)
            if name is not None:
                return _Who(name, "PERSON", bounds)
        if pronoun_ok and tok.tag_ == "NN" and str(tok.lemma_).lower() in _ANAPHORIC_ROLES:
            referent = self.role_in_focus(tok)
            if referent is not None:
                return _Who(referent.name, referent.label, bounds)
        if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in _INSTITUTIONS | _INSTITUTION_PLURALS:
            body = self.institution(tok)
            if body is not None:
                return _Who(body, "ORG", bounds)
        if tok.pos_ == "PROPN" and tok.tag_ != "NNPS":
            # a proper name the NER missed ("Said Ellis"): named, but with no
            # label, so no pronoun is ever resolved to it
            run = _proper_run(tok)
            if run:
                return _Who(run, None, bounds)
        return _Who(None, None, bounds)

    def role_in_focus(self, tok: Token) -> _Who | None:
        """The person a definite role refers back to ("The former secretary of state said").

        Only a definite, unnamed role that no title of the article decides
        ("the spokesman" is somebody else's, so it is not in
        :data:`_ANAPHORIC_ROLES`): the person who is the subject of one of the
        previous sentences, nearest first, as for "she".
        """
        dets = [c for c in tok.children if c.dep_ == "det"]
        if not dets or dets[0].lower_ not in ("the", "this"):
            return None
        if any(
            c.dep_ == "poss" or (c.dep_ == "compound" and self.mention_at(int(c.idx)) is not None)
            for c in tok.children
        ):
            return None  # "the Clinton spokesman", "Trump's campaign manager": someone else
        si = self.sent_index(int(tok.idx))
        for j in range(si - 1, max(si - 1 - self.options.pronoun_sentences, -1), -1):
            who = self.focus(j)
            if who is not None:
                return who if who.label == "PERSON" else None
        return None

    def titled_name(self, tok: Token) -> Mention | None:
        """The person a long title heads: "Speaker of the House Rep. Paul Ryan"."""
        if tok.lower_ not in _TITLE_WORDS and tok.lower_ not in _ROLES and tok.lower_ != "speaker":
            return None
        end = int(tok.right_edge.idx) + len(tok.right_edge.text)
        for m in self.mentions_in(int(tok.idx) + len(tok.text), end):
            if m.label != "PERSON":
                continue
            between = self.tokens(int(tok.idx) + len(tok.text), m.span.start)
            if len(between) > 8 or any(
                t.pos_ in ("VERB", "AUX") or t.text in ",;:" or _is_mark(t) for t in between
            ):
                return None
            return m
        return None

    def is_dateline(self, m: Mention) -> bool:
        """A place opening a paragraph as a dateline: "WASHINGTON (AFP) -", "PARIS, Aug. 2 -"."""
        if m.label not in ("GPE", "LOC") or self.para_start(m.span.start) != m.span.start:
            return False
        rest = self.text[m.span.end : m.span.end + 40]
        return bool(_DATELINE_TAIL.match(rest))

    def owned_institution(self, tok: Token) -> str | None:
        """The institution ``tok`` heads, named with the place or organisation it belongs to,
        as written: "Russia’s defence ministry", "the Ukrainian government", "the defence
        ministry in Sorenz" (determiners left out); None without such an owner."""
        if self.token_in_quote(tok):
            return None
        lo: int | None = None
        k = tok.i - 1
        while k >= int(tok.sent.start) and tok.i - k <= 4:
            t = self.doc[k]
            m = self.mention_at(int(t.idx))
            if m is not None and m.label in ("GPE", "NORP", "ORG"):
                lo = m.span.start
                break
            if t.pos_ in ("CCONJ", "DET", "VERB", "AUX", "ADP", "PRON") or (
                t.is_punct and t.pos_ != "PART"
            ):
                break
            k -= 1
        hi = int(tok.idx) + len(tok.text)
        nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
        if nxt is not None and nxt.lower_ in ("in", "of") and nxt.head is tok:
            objs = [g for g in nxt.children if g.dep_ == "pobj"]
            m = self.mention_at(int(objs[0].idx)) if objs else None
            if m is not None and m.label in ("GPE", "ORG"):
                lo = int(tok.idx) if lo is None else lo
                hi = m.span.end
                k = tok.i - 1  # take in the compounds before the head: "the defence ministry"
                while k >= 0 and self.doc[k].dep_ in ("compound", "amod") and tok.i - k <= 3:
                    lo = int(self.doc[k].idx)
                    k -= 1
        if lo is None:
            return None
        body = self.text[lo:hi].strip()
        return body if body and "\n" not in body else None

    def institution(self, tok: Token) -> str | None:
        """The institution a noun names: with its owner ("Russia’s defence ministry"), else,
        for a bare "the ministry", the one institution of that kind the article named before."""
        own = self.owned_institution(tok)
        if own is not None:
            return own
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        if any(c.dep_ in ("poss", "amod") for c in tok.children):
            return None  # "the new government", "its ministry": not a plain back reference
        if self._institutions is None:
            self._institutions = []
            for t in self.doc:
                if t.pos_ in ("NOUN", "PROPN") and t.lower_ in _INSTITUTIONS:
                    name = self.owned_institution(t)
                    if name is not None:
                        self._institutions.append((int(t.idx), t.lower_, name))
        names = {n for i, w, n in self._institutions if i < int(tok.idx) and w == tok.lower_}
        return names.pop() if len(names) == 1 else None

    def person_mentions(self) -> list[tuple[Mention, list[Token]]]:
        """Every PERSON mention with its tokens."""
        if self._persons is None:
            self._persons = []
            for m in self.mentions:
                toks = self.tokens(m.span.start, m.span.end) if m.label == "PERSON" else []
                if toks:
                    self._persons.append((m, toks))
        return self._persons

    def gender(self, name: str) -> str | None:
        """The gender the article marks a person with ("m" or "f"): an honorific right
        before a mention ("Ms. Lena Hartwig") or a gendered title ("spokeswoman"); else None."""
        if self._genders is None:
            seen: dict[str, set[str]] = {}
            for m, toks in self.person_mentions():
                lo = max(toks[0].i - 1, 0)  # right before the name: "Ms. Lena Hartwig"
                words = [t.lower_.rstrip(".") for t in self.doc[lo : toks[0].i]] + [
                    toks[0].lower_.rstrip(".")
                ]
                for c in toks[-1].children:
                    if c.dep_ == "appos":
                        words += [t.lower_ for t in c.subtree][:4]
                for w in words:
                    if w in _GENDERED:
                        seen.setdefault(m.name, set()).add(_GENDERED[w])
            self._genders = {n: next(iter(g)) for n, g in seen.items() if len(g) == 1}
        return self._genders.get(name)

    def gender_allows(self, who: _Who, pronoun: str) -> bool:
        """False when ``pronoun`` ("he", "she") contradicts what the article says of ``who``."""
        want = _PRONOUN_GENDER.get(pronoun)
        if want is None or who.label != "PERSON" or who.name is None:
            return True
        have = self.gender(who.name)
        return have is None or have == want

    def person_by_surname(self, word: str) -> str | None:
        """The one full PERSON name of the article ending in ``word`` (else None)."""
        names = {
            m.name
            for m in self.mentions
            if m.label == "PERSON" and (m.name == word or m.name.split()[-1] == word)
        }
        return next(iter(names)) if len(names) == 1 else None

    def titled(self) -> list[tuple[int, str, frozenset[str], str]]:
        """(position, name, title groups, lowercase prefix) of persons introduced with a title."""
        if self._titled is None:
            found: list[tuple[int, str, frozenset[str], str]] = []
            for m, toks in self.person_mentions():
                first = toks[0].i
                words: list[str] = []
                k = first - 1
                while k >= 0 and first - k <= 4:
                    t = self.doc[k]
                    if t.is_punct or t.pos_ in ("VERB", "AUX", "ADP") or t.lower_ in ("and", "by"):
                        break
                    words.insert(0, t.lower_)
                    k -= 1
                words += [t.lower_ for t in toks]
                for c in toks[-1].children:
                    # a title after the name: "Nadia Orlenko, the foreign ministry spokeswoman"
                    if c.dep_ == "appos" and c.i > toks[-1].i and c.pos_ == "NOUN":
                        words += [t.lower_ for t in c.subtree if not t.is_punct][:6]
                groups = frozenset(_ROLES[w] for w in words if w in _ROLES)
                if groups:
                    found.append((m.span.start, m.name, groups, " ".join(words)))
            self._titled = found
        return self._titled

    def resolve_role(self, tok: Token, role: str) -> str | None:
        pos = int(tok.idx)
        mods = [
            _stem(c.text)
            for c in tok.children
            if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i < tok.i and c.pos_ != "PRON"
        ]
        cands = [t for t in self.titled() if t[0] < pos and role in t[2]]
        if mods:
            cands = [t for t in cands if all(md in _stem_words(t[3]) for md in mods)]
        if not cands:
            return None
        names = {t[1] for t in cands}
        si = self.sent_index(pos)
        for j in range(si - 1, max(si - 1 - self.options.pronoun_sentences, -1), -1):
            who = self.focus(j)
            if who is not None and who.name in names:
                return who.name
        return cands[-1][1]

    def focus(self, si: int) -> _Who | None:
        """The resolved subject of sentence ``si`` (its main clause), if any."""
        if si in self._focus:
            return self._focus[si]
        self._focus[si] = None  # guard against cycles
        sent = self.sents[si]
        subj = None
        for c in sent.root.children:
            if c.dep_ in _SUBJ_DEPS and not self.token_in_quote(c):
                subj = c
                break
        if subj is None and sent.root.dep_ in _SUBJ_DEPS:
            subj = sent.root
        if subj is None and sent.root.pos_ not in ("VERB", "AUX"):
            pseudo = self.pseudo_subject(si)
            if pseudo is not None:
                self._focus[si] = pseudo
                return pseudo
        if subj is None:
            for t in sent:
                if t.dep_ in _SUBJ_DEPS and not self.token_in_quote(t) and t.head.pos_ != "NOUN":
                    subj = t
                    break
        who = self.resolve_np(subj) if subj is not None else None
        if who is not None and who.name is None:
            who = None
        self._focus[si] = who
        return who

    def pseudo_subject(self, si: int) -> _Who | None:
        """The name opening a sentence the parser did not give a verb root.

        A subheading or chrome line glued to the next sentence leaves the
        sentence's subject as an apposition; the first name before the first
        verb, with no preposition before it, is then the subject.
        """
        sent = self.sents[si]
        for t in sent:
            if t.pos_ in ("VERB", "AUX", "ADP") or self.token_in_quote(t):
                return None
            m = self.mention_at(int(t.idx))
            if m is not None and m.label in _SPEAKER_LABELS and m.label != "NORP":
                return _Who(m.name, m.label, (m.span.start, m.span.end))
        return None

    def resolve_pronoun(self, tok: Token) -> _Who | None:
        labels = _PRONOUN_LABELS.get(tok.lower_)
        if labels is None:
            return None
        pos = int(tok.idx)
        si = self.sent_index(pos)
        sent = self.sents[si]
        # subjects earlier in the same sentence, nearest first
        pseudo = self.pseudo_subject(si) if sent.root.pos_ not in ("VERB", "AUX") else None
        for t in reversed([t for t in sent if t.i < tok.i]):
            if t.dep_ in _SUBJ_DEPS and t.pos_ != "PRON" and not self.token_in_quote(t):
                who = self.resolve_np(t, pronoun_ok=False)
                if who.name is not None and who.label in labels:
                    return who
                if (
                    who.name is not None
                    and who.label is None
                    and "PERSON" in labels
                    and t.pos_ == "PROPN"
                    and self.is_cue_verb(t.head)
                ):
                    # "Okafor said she felt ...": a name the NER missed, but
                    # the speaker of this very sentence
                    return _Who(who.name, "PERSON", who.mention)
        if (
            pseudo is not None
            and pseudo.label in labels
            and pseudo.mention is not None
            and pseudo.mention[0] < pos
        ):
            return pseudo
        for j in range(si - 1, max(si - 1 - self.options.pronoun_sentences, -1), -1):
            who_f = self.focus(j)
            if who_f is not None and who_f.label in labels:
                return who_f
            if who_f is not None and "PERSON" in labels and self.speaks_as_person(j, who_f):
                return _Who(who_f.name, "PERSON", who_f.mention)
            subj_names = []
            for t in self.sents[j]:
                if t.dep_ in _SUBJ_DEPS and not self.token_in_quote(t) and t.pos_ != "PRON":
                    w = self.resolve_np(t, pronoun_ok=False)
                    if w.name is not None and w.label in labels:
                        subj_names.append(w)
            if subj_names:
                return subj_names[-1]
            s = self.sents[j]
            named = {
                m.name: m
                for m in self.mentions_in(int(s.start_char), int(s.end_char))
                if m.label in labels and not self.in_quote(m.span.start)
            }
            if len(named) == 1:
                m = next(iter(named.values()))
                return _Who(m.name, m.label, (m.span.start, m.span.end))
            if named:
                return None
        return None

    # ----------------------------------------------------------------- cues

    def cue_span(self, verb: Token) -> tuple[int, int]:
        toks = [verb]
        for c in verb.children:
            if c.dep_ == "prt":
                toks.append(c)
            elif c.dep_ in ("dobj", "dative") and (
                str(c.lemma_).lower() in _AUDIENCE or c.lower_ == "following"
            ):
                if c.i > verb.i and c.i - verb.i <= 3:
                    toks.extend(t for t in c.subtree if t.i <= c.i)
            elif c.dep_ == "prep" and c.lower_ == "on" and c.i == verb.i + 1:
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs and str(objs[0].lemma_).lower() in _PLATFORMS:
                    toks.extend(c.subtree)
        start = min(int(t.idx) for t in toks)
        end = max(int(t.idx) + len(t.text) for t in toks)
        return start, end

    def according_cue(self, acc: Token) -> tuple[tuple[int, int], Token | None]:
        to = next((g for g in acc.children if g.lower_ == "to"), None)
        end = int(acc.idx) + len(acc.text)
        obj = None
        if to is not None:
            end = int(to.idx) + len(to.text)
            obj = next((g for g in to.children if g.dep_ == "pobj"), None)
        return (int(acc.idx), end), obj

    def governing_cue(
        self, start: int, end: int, *, partial: bool = False
    ) -> tuple[Token, Token | None] | None:
        """(cue token, subject) of the verb (or "according to") governing a quote.

        For a partial quote, a possessed speech noun governs too ("Trump's
        claim that ..."), and a quote reached through a place or time phrase
        of the verb ("said on “Fox News Sunday”") is a title, not speech.
        """
        toks = self.tokens(start, end)
        if not toks:
            return None
        lo, hi = toks[0].i, toks[-1].i
        para = (self.para_start(start), self.para_end(start))
        tops = [t for t in toks if t.head.i < lo or t.head.i > hi or t.head is t]
        for top in tops:
            tok = top
            prev = top
            for _ in range(10):
                if not (para[0] <= int(tok.idx) < para[1]):
                    break
                if not (lo <= tok.i <= hi):
                    if self.is_cue_verb(tok):
                        if partial and prev.dep_ == "prep" and prev.lower_ in _VENUE_PREPS:
                            return None
                        if prev.dep_ in _SUBJ_DEPS or prev.dep_ in ("agent", "csubj"):
                            return None  # the quote is who speaks, not what is said
                        return tok, self.subject_of(tok)
                    acc = self.according(tok)
                    if acc is not None and not self.token_in_quote(acc):
                        return acc, self.according_cue(acc)[1]
                    if (
                        partial
                        and tok.pos_ == "NOUN"
                        and str(tok.lemma_).lower() in SPEECH_NOUNS
                        and not self.token_in_quote(tok)
                    ):
                        poss = [c for c in tok.children if c.dep_ == "poss"]
                        if poss:
                            return tok, poss[0]
                if tok.head is tok:
                    break
                prev, tok = tok, tok.head
        return None

    def trailing_cue(
        self, after_at: int, content_end_punct: str
    ) -> tuple[Token, Token | None] | None:
        """The cue after a closing mark: "...,” Putin said", "...,” said Putin", "” ― Name"."""
        pe = self.para_end(after_at - 1)
        after = self.tokens(after_at, pe) if after_at < pe else []
        words = [t for t in after if not t.is_space]
        if len(words) > 1 and words[0].text.lstrip(_MARK_CHARS) in _DASHES:
            # a byline-style attribution: “...” ― Jacklyn Ashley
            m = self.mention_at(int(words[1].idx))
            if m is not None and m.label == "PERSON":
                return words[0], self.tokens(m.span.start, m.span.end)[-1]
            if (
                m is not None
                and m.label in _SPEAKER_LABELS
                and not re.search(r"\w", self.text[m.span.end : pe])
            ):
                # a name the NER mislabelled, alone on the rest of the line
                return words[0], self.tokens(m.span.start, m.span.end)[-1]
            run = [t for t in words[1:6] if t.pos_ == "PROPN" or t.text[:1].isupper()]
            if m is None and run and run[0] is words[1]:
                k = 0
                while k + 1 < len(run) and run[k + 1].i == run[k].i + 1:
                    k += 1
                nxt = [t for t in words if t.i > run[k].i][:1]
                if not nxt or nxt[0].is_punct:
                    return words[0], run[k]
        tail = self.text[max(after_at - 4, 0) : after_at].rstrip(_MARK_CHARS + " ")[-1:]
        if len(words) > 1 and tail in tuple(",!?") and words[0].text[:1].islower():
            # any verb glued to a name after the mark: "...!” beamed Ann Lee"
            m = self.mention_at(int(words[1].idx))
            if (
                words[0].tag_ == "VBD"
                and m is not None
                and m.label == "PERSON"
                and m.span.start == int(words[1].idx)
            ):
                return words[0], self.tokens(m.span.start, m.span.end)[-1]
        if len(words) > 1 and tail in tuple(",!?"):
            # "...,” Lee barked": a name, then a past-tense verb
            m = self.mention_at(int(words[0].idx))
            name_end: Token | None = None
            if m is not None and m.label == "PERSON" and m.span.start == int(words[0].idx):
                name_end = self.tokens(m.span.start, m.span.end)[-1]
            elif m is None and words[0].pos_ == "PROPN":
                k = 0
                while k + 1 < len(words) and words[k + 1].pos_ == "PROPN":
                    k += 1
                name_end = words[k]
            if name_end is not None:
                nxt = [t for t in words if t.i > name_end.i][:1]
                if nxt and nxt[0].tag_ in ("VBD", "VBN") and nxt[0].pos_ == "VERB":
                    return nxt[0], name_end
        depth = seen = 0
        limit = 7
        if (
            len(words) > 2
            and words[1].text == ","
            and (words[0].pos_ == "PROPN" or self.mention_at(int(words[0].idx)) is not None)
        ):
            limit = 30  # "...,” Lee, the mayor since 2019 and a former judge, said"
        for k, t in enumerate(after[: limit + 13]):
            # a parenthesis does not count: "...,” Rep. Ann Lee (D-Ohio) said"
            if t.text == "(":
                depth += 1
                continue
            if t.text == ")" and depth:
                depth -= 1
                continue
            if depth:
                continue
            seen += 1
            if seen > limit:
                return None
            if _is_mark(t) or t.text == "‘" or (t.is_punct and t.text in ".!?;"):
                return None
            if self.is_cue_verb(t):
                asked = self.asked_of(t)
                if (
                    asked
                    and content_end_punct in ".!?"
                    and not any(c.dep_ == "nsubjpass" for c in t.children)
                ):
                    return None  # “... consult.” Asked if ..., Lee said: a new sentence
                if asked:
                    return t, self.subject_of(t)  # “Will you resign?” Lee was asked
                if content_end_punct in ".!?" and any(
                    c.dep_ in ("ccomp", "xcomp", "attr")
                    or (c.dep_ == "dobj" and str(c.lemma_).lower() not in _AUDIENCE)
                    for c in t.children
                ):
                    # “... done.” One soldier reported the advance: a new sentence
                    return None
                subj = self.subject_of(t)
                if limit > 7 and (subj is None or subj.i > words[0].i + 1):
                    # the name before the long apposition, not one inside it
                    subj = _first_name(self, after[:k]) or subj
                if subj is None or self.token_in_quote(subj):
                    subj = self.nearby_name(after[:k]) or self.nearby_name(after[k + 1 : k + 5])
                return t, subj
        return None

    def nearby_name(self, toks: Sequence[Token]) -> Token | None:
        """The last token of the last name among ``toks`` (a speaker the parse missed)."""
        best = None
        for t in toks:
            if _is_mark(t) or (t.is_punct and t.text in ".!?;"):
                break
            m = self.mention_at(int(t.idx))
            if (m is not None and m.label in _SPEAKER_LABELS and m.label != "NORP") or (
                t.pos_ == "PROPN" and m is None
            ):
                best = t
        return best

    def leading_cue(self, open_: int) -> tuple[Token, Token | None] | None:
        ps = self.para_start(open_)
        prior = [q for q in self.marks if q.close < open_ and q.close >= ps]
        lo = prior[-1].after if prior else ps
        before = self.tokens(lo, open_) if lo < open_ else []
        for t in reversed(before):
            if self.is_cue_verb(t):
                ce = self.cue_span(t)[1]
                gap = self.text[max(ce, int(t.idx) + len(t.text)) : open_]
                words = re.findall(r"\w+", gap)
                if re.search(r"[.!?]", gap) or len(words) > 5:
                    return None
                bare_that = len(words) == 1 and words[0].lower() == "that"
                if gap.strip() and gap.rstrip()[-1] not in ",:" and words and not bare_that:
                    return None
                return t, self.subject_of(t)
            if t.text in ".!?":
                return None
        if not before or not self.text[lo:open_].strip():
            return self.colon_cue(ps)
        return None

    def colon_cue(self, para_start: int) -> tuple[Token, Token | None] | None:
        """A cue closing the previous paragraph with a colon ("Caddell continued:")."""
        if para_start <= 0:
            return None
        prev_text = self.text[:para_start].rstrip()
        if not prev_text.endswith(":"):
            return None
        ps = self.para_start(len(prev_text) - 1)
        toks = self.tokens(ps, len(prev_text))
        for t in reversed(toks[-8:]):
            if _is_mark(t) or t.text in ".!?":
                return None
            if self.is_cue_verb(t):
                return t, self.subject_of(t)
        return None

    def para_start(self, char: int) -> int:
        return self.paras[self.para_index(char)][0]

    def para_end(self, char: int) -> int:
        return self.paras[self.para_index(char)][1]

    # ----------------------------------------------------------------- dates

    def dates_of(self, verb: Token) -> Timex | None:
        """A DATE timex attached to ``verb`` (or to the clause it hangs from)."""
        chain = [verb]
        tok = verb
        while tok.dep_ in ("advcl", "xcomp", "conj", "pcomp", "prep") and tok.head is not tok:
            tok = tok.head
            chain.append(tok)
            if len(chain) > 4:
                break
        ids = {t.i for t in chain}
        vend = int(verb.idx) + len(verb.text)
        for tx in self.timexes:
            if self.in_quote(tx.span.start):
                continue
            toks = self.tokens(tx.span.start, tx.span.end)
            if not toks:
                continue
            lo, hi = toks[0].i, toks[-1].i
            top = next((t for t in toks if not (lo <= t.head.i <= hi) or t.head is t), toks[0])
            cur = top.head if top.head is not top else None
            steps = 0
            while cur is not None and steps < 6:
                if cur.i in ids:
                    return tx
                if cur.pos_ in ("VERB", "AUX") or cur.head is cur:
                    break
                cur = cur.head
                steps += 1
            # "told reporters on Thursday Russia wanted": the parser hung the
            # date on the reported clause; a date right after the cue is its own
            gap = self.text[vend : tx.span.start] if tx.span.start >= vend else "x"
            after = self.text[tx.span.end : tx.span.end + 2]
            if (
                re.fullmatch(r"\s*(?:\w+\s+){0,2}?(?:on|in|at)?\s*", gap)
                and len(gap) < 25
                and not re.search(r"\bthat\b", gap)
                and after not in ("’s", "'s")
            ):
                return tx
        return None


# institutions that speak as a body ("Russia’s defence ministry said")
_INSTITUTIONS = frozenset(
    {
        "government", "ministry", "military", "army", "navy", "parliament", "embassy",
        "administration", "cabinet", "police", "presidency", "command",
    }
)  # fmt: skip
_INSTITUTION_PLURALS = frozenset({"authorities"})
_DOCUMENT_NOUNS = frozenset(
    {"report", "statement", "study", "letter", "memo", "survey", "analysis", "release", "filing"}
)
# fmt: off
_TITLE_WORDS = frozenset(
    [
        "mr", "mrs", "ms", "dr", "sir", "president", "prime", "minister", "secretary", "spokesman",
        "spokeswoman", "spokesperson", "chancellor", "general", "gen", "senator", "sen", "rep",
        "gov", "governor", "mayor", "chief", "director", "chairman", "leader", "ambassador",
        "judge", "justice", "professor", "prof", "the", "former", "deputy", "vice", "state",
        "foreign",
    ]
)
# fmt: on


def _proper_run(tok: Token) -> str | None:
    """The proper name a PROPN head spells with its compounds, titles left out."""
    toks = [c for c in tok.children if c.dep_ in ("compound", "flat") and c.i < tok.i]
    toks = [c for c in toks if c.pos_ == "PROPN" and any(ch.isalnum() for ch in c.text)] + [tok]
    toks.sort(key=lambda t: t.i)
    # keep the contiguous run that ends at the head
    run = [tok]
    for t in reversed(toks[:-1]):
        if t.i == run[0].i - 1:
            run.insert(0, t)
    while run and run[0].lower_.strip(".") in _TITLE_WORDS:
        run.pop(0)
    if not run or not run[-1].text[:1].isupper():
        return None
    return " ".join(t.text for t in run)


def _sentences(doc: Doc) -> list[Any]:
    """spaCy's sentences, split again at line ends (a subheading is its own sentence)."""
    out: list[Any] = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if "\n" in tok.text or "\n" in tok.whitespace_:
                end = tok.i + 1
                if any(not t.is_space for t in doc[start:end]):
                    out.append(doc[start:end])
                start = end
        if start < sent.end and any(not t.is_space for t in doc[start : sent.end]):
            out.append(doc[start : sent.end])
    return out


def _stem(word: str) -> str:
    w = word.lower().replace(".", "").replace("’s", "").replace("'s", "")
    return w[:5]


def _stem_words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[\w.’']+", text)}


# --------------------------------------------------------------------------- finding


_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "from",
        "by",
        "de",
        "la",
        "von",
        "van",
    ]
)


def _title_like(body: str) -> bool:
    """Every word capitalised (small words aside) or a number: a title or a name."""
    words = re.findall(r"[^\W_]+(?:[’'-][^\W_]+)*", body)
    if not words or len(words) > 8:
        return False
    if not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _SMALL_WORDS for w in words)


def _is_clause(toks: Sequence[Token]) -> bool:
    words = [t for t in toks if not t.is_punct]
    if len(words) < 3:
        return False
    return any(t.tag_ in _FINITE_TAGS for t in words)


def _person_before_colon(art: _Article, mk: _Marks) -> Token | None:
    """A person named right before a colon opening the quote: "... pollster Ann Shaw: “...”"."""
    before = art.text[: mk.open].rstrip()
    if not before.endswith(":"):
        return None
    colon = len(before) - 1
    m = art.mentions_in(max(colon - 60, 0), colon)
    if not m or m[-1].label != "PERSON" or art.text[m[-1].span.end : colon].strip():
        return None
    if art.in_quote(m[-1].span.start):
        return None
    toks = art.tokens(m[-1].span.start, m[-1].span.end)
    return toks[-1] if toks else None


def _paragraph_byline(art: _Article, mk: _Marks) -> tuple[Token, Token | None] | None:
    """A byline dash closing the paragraph ("“A.” And “B.” ― Ana Ruiz") names every quote in it."""
    pe = art.para_end(mk.open)
    later = [m for m in art.marks if m.open > mk.open and m.close < pe]
    if not later:
        return None
    found = art.trailing_cue(later[-1].after, ".")
    if found is None or found[0].text.lstrip(_MARK_CHARS) not in _DASHES:
        return None
    return found


_IRREGULAR_PAST = {"said": "say", "told": "tell", "wrote": "write", "spoke": "speak"}


def _past_lemmas(word: str) -> tuple[str, ...]:
    """Possible lemmas of a past-tense verb spelled ``word`` ("stated" -> "state", "stat")."""
    if word in _IRREGULAR_PAST:
        return (_IRREGULAR_PAST[word],)
    if len(word) > 4 and word.endswith("ied"):
        return (word[:-3] + "y",)
    if len(word) > 3 and word.endswith("ed"):
        return (word[:-1], word[:-2])
    return ()


def _first_name(art: _Article, toks: Sequence[Token]) -> Token | None:
    """The last token of the first name among ``toks`` (its apposition left out)."""
    found: Token | None = None
    for t in toks:
        if _is_mark(t) or (t.is_punct and t.text in ".!?;"):
            break
        m = art.mention_at(int(t.idx))
        named = (m is not None and m.label in _SPEAKER_LABELS and m.label != "NORP") or (
            t.pos_ == "PROPN" and m is None
        )
        if named:
            found = t
        elif found is not None:
            break
    return found


def _name_by_cue(art: _Article, cue: Token, mk: _Marks) -> Token | None:
    """A name the parse did not make the cue's subject, right next to it.

    "“...,” Flynn, a top adviser, said Thursday" (between the closing mark and
    the cue), "“...,” said Flynn." (right after a cue that follows the quote),
    "Said Ellis: “...”" (between a cue before the quote and the opening mark).
    """
    ci = int(cue.idx)
    if ci >= mk.after:
        return _first_name(art, art.tokens(mk.after, ci)) or art.nearby_name(
            [t for t in cue.doc[cue.i + 1 : cue.i + 5]]
        )
    if ci < mk.open:
        end = ci + len(cue.text)
        if end < mk.open and len(re.findall(r"\w+", art.text[end : mk.open])) <= 4:
            found = art.nearby_name(art.tokens(end, mk.open))
            if found is not None:
                return found
        return _name_just_before(art, cue)
    return None


def _name_just_before(art: _Article, cue: Token) -> Token | None:
    """A person named right before the cue: "..., Rep. Paul Ryan (R-WI) said “..."."""
    lo = max(int(cue.sent.start), cue.i - 10)
    found = [
        m
        for m in art.mentions_in(int(cue.doc[lo].idx), int(cue.idx))
        if m.label == "PERSON" and not art.in_quote(m.span.start)
    ]
    if not found:
        return None
    between = art.tokens(found[-1].span.end, int(cue.idx))
    depth = 0
    for t in between:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(depth - 1, 0)
        elif not depth and (t.pos_ in ("VERB", "AUX", "ADP", "SCONJ") or _is_mark(t)):
            return None
    toks = art.tokens(found[-1].span.start, found[-1].span.end)
    return toks[-1] if toks else None


def _drafts_from_marks(art: _Article) -> list[_Draft]:
    text = art.text
    drafts: list[_Draft] = []
    for mk in art.marks:
        cs, ce = mk.content
        while cs < ce and text[cs].isspace():
            cs += 1
        while ce > cs and (text[ce - 1].isspace() or text[ce - 1] == ","):
            ce -= 1
        if ce <= cs or ce - cs > art.options.max_quote_chars:
            continue
        toks = art.tokens(cs, ce)
        if not toks:
            continue
        ps = art.para_start(mk.open)
        before = text[ps : mk.open].rstrip()
        start_like = not before or before[-1] in _START_PUNCT
        if not start_like and before[-1] in _MARK_CHARS:
            # after a quote that ended a sentence: ... on “New Day.” “I mean, ...”
            start_like = before.rstrip(_MARK_CHARS + " ")[-1:] in tuple(".!?…")
        if not start_like:
            prev_tok = art.tokens(ps + len(before) - 1, ps + len(before))
            start_like = bool(prev_tok) and art.is_cue_verb(prev_tok[-1])
        last = text[ce - 1]
        raw_last = text[mk.close - 1] if mk.close - 1 >= 0 else ""
        body = text[cs:ce]
        if _title_like(body):
            continue  # “Morning Joe”, “The Quiet Border”, “13th”: a title, not speech
        nwords = len(re.findall(r"\w+", body))
        direct = start_like and (
            _is_clause(toks) or (nwords >= 2 and (last in ".!?…" or raw_last == ","))
        )
        kind = QuoteKind.DIRECT if direct else QuoteKind.PARTIAL
        if kind == QuoteKind.PARTIAL and not art.options.partial:
            continue
        d = _Draft(content=(cs, ce), kind=kind, single=mk.single, open_end=mk.open_end)
        found = art.governing_cue(cs, ce, partial=kind == QuoteKind.PARTIAL)
        if (
            found is not None
            and found[1] is not None
            and found[1].lower_ in ("i", "we", "you")
            and not (found[1].lower_ == "i" and _turn_speaker(art, found[1]))
        ):
            found = None  # "and we're quoting “...,” said X": the writer is not the speaker
        if found is None and kind == QuoteKind.DIRECT:
            found = art.trailing_cue(mk.after, last) or art.leading_cue(mk.open)
        if found is None and kind == QuoteKind.DIRECT:
            found = _paragraph_byline(art, mk)
        if found is not None and _thing_as_subject(art, found):
            found = None  # "the operation would continue “until ...”": a thing does not speak
        if found is None and kind == QuoteKind.DIRECT:
            d.subject = _person_before_colon(art, mk)
        if (
            found is not None
            and found[1] is None
            and found[0].lower_ != "according"
            and not art.asked_of(found[0])
        ):
            found = (found[0], _name_by_cue(art, found[0], mk))
        if found is not None:
            cue_tok, subj = found
            d.cue_token = cue_tok
            d.subject = subj
            if cue_tok.lower_ == "according":
                d.cue = art.according_cue(cue_tok)[0]
            else:
                d.cue = art.cue_span(cue_tok)
        drafts.append(d)
    return drafts


def _thing_as_subject(art: _Article, found: tuple[Token, Token | None]) -> bool:
    """A cue whose subject is a common noun naming no one: "continue" ("the operation
    would continue “...”") or a passive ("the ceasefire would be observed “...”")."""
    cue, subj = found
    if subj is None or subj.pos_ != "NOUN":
        return False
    if str(cue.lemma_).lower() != "continue" and subj.dep_ != "nsubjpass":
        return False
    word = subj.lower_
    if word in _ROLES or word in _INSTITUTIONS or word in _INSTITUTION_PLURALS:
        return False
    if any(c.dep_ == "poss" for c in subj.children):
        return False  # "The senator’s office continued:"
    if art.text[int(cue.idx) + len(cue.text) :].lstrip(" ").startswith(":"):
        return False
    return art.resolve_np(subj, pronoun_ok=False).name is None


def _clause_bounds(art: _Article, head: Token) -> tuple[int, int] | None:
    toks = [t for t in head.subtree]
    if not toks:
        return None
    lo = int(toks[0].idx)
    hi = int(toks[-1].idx) + len(toks[-1].text)
    # a dateline ("New Delhi: ...") is not part of what was said
    m = re.match(r"[^.:\n]{1,40}:\s+", art.text[lo:hi])
    if m and lo == int(art.sents[art.sent_index(lo)].start_char):
        lo += m.end()
    while hi > lo and (art.text[hi - 1] in " ,;:.—–-" or art.text[hi - 1].isspace()):
        hi -= 1
    while lo < hi and art.text[lo] in " ,;:—–-":
        lo += 1
    return (lo, hi) if hi > lo else None


def _close_marks(art: _Article, bounds: tuple[int, int]) -> tuple[int, int]:
    """Take in the closing mark of a quote that opens inside ``bounds`` ("was “a disgrace,”")."""
    lo, hi = bounds
    for mk in art.marks:
        if lo <= mk.open < hi < mk.after and mk.close - hi <= 3 and not mk.open_end:
            hi = mk.after
    return lo, hi


def _drop_leading_date(art: _Article, bounds: tuple[int, int]) -> tuple[int, int] | None:
    """Cut "on Thursday" the parser hung on the reported clause ("told reporters on Thursday X")."""
    lo, hi = bounds
    for tx in art.timexes:
        if lo <= tx.span.start < hi and re.fullmatch(
            r"(?:on|in|at)?\s*", art.text[lo : tx.span.start]
        ):
            lo = tx.span.end
            while lo < hi and (art.text[lo].isspace() or art.text[lo] in ",;"):
                lo += 1
            return (lo, hi) if hi > lo else None
    return bounds


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _indirect_drafts(art: _Article, chain_sents: set[int]) -> list[_Draft]:
    drafts: list[_Draft] = []
    for si, sent in enumerate(art.sents):
        if si in chain_sents:
            continue
        for tok in sent:
            if art.is_cue_verb(tok):
                comps = [c for c in tok.children if c.dep_ == "ccomp"]
                for c in comps:
                    bounds = _clause_bounds(art, c)
                    if bounds is not None:
                        bounds = _drop_leading_date(art, bounds)
                    if bounds is not None:
                        bounds = _close_marks(art, bounds)
                    cue_end = int(tok.idx) + len(tok.text)
                    if bounds is not None and bounds[0] <= int(tok.idx) < bounds[1]:
                        # "which he said could ...": what was said starts after the cue
                        bounds = (cue_end + 1, bounds[1]) if cue_end + 1 < bounds[1] else None
                    if bounds is None or len(re.findall(r"\w+", art.text[slice(*bounds)])) < 3:
                        continue
                    inq = sum(_overlap(bounds, q) for q in art.quoted)
                    if inq * 2 >= bounds[1] - bounds[0]:
                        continue
                    if art.token_in_quote(c):
                        continue
                    drafts.append(
                        _Draft(
                            content=bounds,
                            kind=QuoteKind.INDIRECT,
                            cue=art.cue_span(tok),
                            cue_token=tok,
                            subject=art.subject_of(tok),
                        )
                    )
            elif tok.lower_ == "according" and not art.token_in_quote(tok):
                cue, obj = art.according_cue(tok)
                if obj is None or _is_media_phrase(list(obj.subtree)):
                    continue
                head = tok.head
                if head is tok or head.pos_ not in ("VERB", "AUX"):
                    continue
                # the clause without the "according to X" phrase
                acc_lo = int(tok.left_edge.idx)
                acc_hi = int(tok.right_edge.idx) + len(tok.right_edge.text)
                lo, hi = int(sent.start_char), int(sent.end_char)
                if acc_lo <= lo + 1:
                    lo = acc_hi
                else:
                    hi = acc_lo
                while lo < hi and (art.text[lo] in " ,;:" or art.text[lo].isspace()):
                    lo += 1
                while hi > lo and (art.text[hi - 1] in " ,;:." or art.text[hi - 1].isspace()):
                    hi -= 1
                if len(re.findall(r"\w+", art.text[lo:hi])) < 3:
                    continue
                drafts.append(
                    _Draft(
                        content=(lo, hi),
                        kind=QuoteKind.INDIRECT,
                        cue=cue,
                        cue_token=tok,
                        subject=obj,
                    )
                )
    return drafts


# --------------------------------------------------------------------------- chains


def _is_media_phrase(toks: Sequence[Token]) -> bool:
    return any(
        str(t.lemma_).lower() in MEDIA_NOUNS or t.text in MEDIA_NAMES
        for t in toks
        if not t.is_punct
    )


def _names(doc: Doc, toks: Sequence[Token]) -> tuple[str, ...] | None:
    """Source names in a phrase, split at "and" and commas; None for "the publication"."""
    parts: list[list[Token]] = [[]]
    for t in toks:
        if t.lower_ in ("and", "&", ",", "or") or t.dep_ == "cc":
            parts.append([])
        else:
            parts[-1].append(t)
    names: list[str] = []
    for part in parts:
        part = [t for t in part if not t.is_space]
        if not part:
            continue
        lo, hi = part[0].i, part[-1].i + 1
        ents = [e for e in doc.ents if lo <= e.start and e.end <= hi and e.label_ in _SOURCE_ENTS]
        # an adjective tagged as a place modifies the source: "Ukrainian officials"
        ents = [e for e in ents if not all(t.pos_ == "ADJ" for t in e)]
        props: list[str] = []
        run: list[str] = []
        for t in part:
            if (t.pos_ == "PROPN" and t.ent_type_ not in ("NORP", "DATE")) or t.text in MEDIA_NAMES:
                run.append(t.text)
            elif run:
                props.append(" ".join(run))
                run = []
        if run:
            props.append(" ".join(run))
        if ents:
            names.append(str(ents[0].text))
        elif props:
            names.append(props[0])
        else:
            body = [t for t in part if t.dep_ not in ("det", "poss") and not t.is_punct]
            if not body:
                continue
            if len(body) == 1 and any(t.dep_ in ("det", "poss") for t in part):
                return None  # "the publication", "the agency": the article's own source
            names.append(" ".join(t.text for t in body))
    return tuple(names) if names else None


_SOURCE_ENTS = frozenset({"ORG", "PERSON", "GPE", "FAC"})
_CITING = frozenset({"citing", "quoting"})


def _sentence_chain(doc: Doc, sent: Any) -> tuple[tuple[tuple[str, ...], ...] | None, bool]:
    """(chain, standalone) of one sentence; standalone = the sentence only attributes."""
    steps: list[tuple[str, ...]] = []
    standalone = False
    toks = list(sent)
    for k, t in enumerate(toks):
        if t.lower_ == "according" and k + 1 < len(toks) and toks[k + 1].lower_ == "to":
            region: list[Token] = []
            cited: list[Token] = []
            j = k + 2
            while (
                j < len(toks)
                and toks[j].text not in (",", ";", ".", ":")
                and toks[j].lower_ not in _CITING
            ):
                region.append(toks[j])
                j += 1
            if j < len(toks) and toks[j].lower_ in _CITING:
                j += 1
                while j < len(toks) and toks[j].text not in (",", ";", ".", ":"):
                    cited.append(toks[j])
                    j += 1
            if not _is_media_phrase(region):
                continue
            if cited:
                names = _names(doc, cited)
                if names:
                    steps.append(names)
            names = _names(doc, region)
            if names is None:
                return None, False
            steps.append(names)
            rest = [x for x in toks[j:] if not x.is_punct]
            if 1 <= len(rest) <= 4 and any(str(x.lemma_).lower() == "report" for x in rest):
                subj = [x for x in rest if str(x.lemma_).lower() != "report"]
                names = _names(doc, subj)
                if names:
                    steps.append(names)
                    standalone = True
            if k == 0 and not rest:
                standalone = True
            break
    if not steps:
        for t in toks:
            if (
                str(t.lemma_).lower() in ("report", "publish", "broadcast", "write")
                and t.pos_ == "VERB"
            ):
                agent = [c for c in t.children if c.dep_ == "agent"]
                if agent:
                    objs = [g for g in agent[0].children if g.dep_ == "pobj"]
                    if objs:
                        sub = list(objs[0].subtree)
                        names = _names(doc, sub)
                        if names:
                            steps.append(names)
                            subj = [c for c in t.children if c.dep_ in _SUBJ_DEPS]
                            standalone = not subj or subj[0].lower_ in ("this", "it", "that")
                            break
                subj = [c for c in t.children if c.dep_ == "nsubj"]
                words = [x for x in toks if not x.is_punct]
                if subj and _is_media_phrase(list(subj[0].subtree)) and len(words) <= 4:
                    names = _names(doc, list(subj[0].subtree))
                    if names:
                        steps.append(names)
                        standalone = True
                        break
    if not steps:
        relay = _told_medium(doc, toks)
        if relay:
            steps.append(relay)
    return (tuple(steps) if steps else None), standalone


def _told_medium(doc: Doc, toks: Sequence[Token]) -> tuple[str, ...] | None:
    """The medium a speaker talked to: "told Reuters", "quoted in media reports",
    "in an interview with CNN"."""
    for t in toks:
        lemma = str(t.lemma_).lower()
        objs: list[Token] = []
        if lemma == "tell" and t.pos_ == "VERB":
            objs = [c for c in t.children if c.dep_ in ("dobj", "dative")]
        elif lemma == "quote" and t.pos_ == "VERB":
            objs = [g for c in t.children if c.lower_ in ("in", "by") for g in c.children]
        elif lemma == "interview":
            objs = [g for c in t.children if c.lower_ in ("with", "on") for g in c.children]
        for o in objs:
            if o.dep_ not in ("pobj", "dobj", "dative"):
                continue
            sub = [x for x in o.subtree if x.dep_ not in ("relcl", "acl")]
            if _is_media_phrase(sub):
                names = _names(doc, sub)
                if names:
                    return names
    return None


def _chains(
    doc: Doc, sents: Sequence[Any]
) -> tuple[tuple[tuple[str, ...], ...], dict[int, tuple[tuple[str, ...], ...]], set[int]]:
    """(article chain, chain per sentence index, indices of attribution-only sentences)."""
    per_sent: dict[int, tuple[tuple[str, ...], ...]] = {}
    standalone: set[int] = set()
    article: tuple[tuple[str, ...], ...] = ()
    text = str(doc.text)
    # the lead: the first paragraph with a sentence of 12+ words (else the first one)
    long = [s for s in sents if len(re.findall(r"\w+", str(s.text))) >= 12]
    lead = long[0] if long else (sents[0] if sents else None)
    lead_para = text.count("\n", 0, int(lead.start_char)) if lead is not None else None
    for si, sent in enumerate(sents):
        chain, alone = _sentence_chain(doc, sent)
        para = text.count("\n", 0, int(sent.start_char))
        if alone:
            standalone.add(si)
        if chain is None:
            continue
        per_sent[si] = chain
        if (alone and not article) or (not article and lead_para is not None and para == lead_para):
            article = chain
    return article, per_sent, standalone


def find_chains(doc: Doc) -> tuple[tuple[str, ...], ...]:
    """The article-level reporting chain, first relay first.

    From an attribution-only sentence ("According to AFP and DPA reports, TASR
    reports."; "This was reported by Reuters news agency.") anywhere, else from
    a media "according to" in the lead paragraph.  ``()`` when there is none.
    """
    return _chains(doc, _sentences(doc))[0]


# --------------------------------------------------------------------------- transcripts

# a speaker label opening a turn of a transcript or interview: "ZAKARIA:", "Q:", "A:",
# "DAVID CAMERON, BRITISH PRIME MINISTER:", "AMANPOUR (voice-over):"
_LABEL = re.compile(
    r"(?P<name>Q|A|Question|Answer|[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3})"
    r"(?:, [A-Z][A-Z.'’\-]*(?: [A-Z][A-Z.'’\-]*){0,6})?(?: \([^()\n]{1,40}\))?:(?=\s|$)"
)
# where a label may stand: a line start, or (text with no line ends) after a sentence end
_INLINE_LABEL = re.compile(r"(?<=[.!?”\"…])\s+(?=[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3}:\s)")
# labels that are no one: chrome and headings ("UPDATE:"), and the unnamed
_NOT_A_LABEL = frozenset(
    {
        "UPDATE", "UPDATED", "WATCH", "READ", "READ MORE", "MORE", "NOTE", "EDITOR'S NOTE",
        "EDITOR’S NOTE", "BREAKING", "BREAKING NEWS", "PHOTO", "PHOTOS", "VIDEO", "RELATED",
        "CLICK", "SOURCE", "SOURCES", "WARNING", "CORRECTION", "EXCLUSIVE", "LIVE", "ANALYSIS",
        "OPINION", "SEE ALSO", "ALSO", "ADVERTISEMENT", "FACT CHECK", "BACKGROUND", "CONTEXT",
        "DISCLAIMER", "SUBSCRIBE", "CAPTION", "CREDIT", "TAGS", "TOPICS", "TIMELINE", "WHY",
        "WHAT", "WHO", "WHEN", "WHERE", "HOW", "LISTEN", "FILE", "TRANSCRIPT", "NB", "PS",
        "P.S.", "TL;DR", "FAQ", "ENDS", "END", "NOW", "NEXT", "UP NEXT", "COMING UP", "LATER",
        "PREVIOUSLY", "TONIGHT", "TODAY",
    }
)  # fmt: skip
# labels of a turn whose speaker the text does not name
_UNNAMED_LABELS = frozenset(
    {
        "q", "a", "question", "answer", "interviewer", "reporter", "reporters", "unidentified",
        "unknown", "announcer", "crowd", "audience", "moderator", "host", "voice", "male",
        "female", "narrator", "caller", "participant", "journalist", "correspondent",
    }
)  # fmt: skip
_LABEL_TITLES = frozenset(
    {
        "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "prof", "rev", "sir",
        "president", "senator", "governor", "general", "secretary", "mayor", "judge", "justice",
        "ambassador", "minister", "chancellor", "premier", "king", "queen", "prince", "pope",
        "representative", "congressman", "congresswoman", "former", "vice", "prime",
    }
)  # fmt: skip
_STAGE_DIRECTION = re.compile(r"\([^()\n]{1,60}\)")  # "(Laughter)", "(COMMERCIAL BREAK)"


@dataclass(frozen=True, slots=True)
class _Turn:
    label: tuple[int, int]  # the speaker's name in the label ("ZAKARIA", "Q")
    start: int  # the turn's words, after the label
    end: int
    speaker: str | None  # None: the label names no one ("Q", "UNIDENTIFIED MALE")


def _label_starts(text: str) -> list[int]:
    starts = [s for s, _ in _paragraphs(text)]
    if "\n" not in text.strip():
        starts += [m.end() for m in _INLINE_LABEL.finditer(text)]
    return sorted(set(starts))


_UNSURE = ""  # a label no person of the article has: a speaker only when it recurs


def _label_speaker(art: _Article, name: str, at: int) -> str | None:
    """The person a transcript label names, None when it names no one in particular
    ("Q", "A", "UNIDENTIFIED MALE", "REPORTER"), or ``_UNSURE`` when nothing says it is a
    person (a heading or a common word: "NEW:", "RESPONSE:").

    A person of the article whose name ends with the label's words ("WOODWARD" ->
    "Bob Woodward"; "Bart Gellman" and "Barton Gellman" both: None, never a guess);
    else, when the parse tags the label itself as a person, the label as the text
    writes it elsewhere ("MCCAIN" -> "McCain") or in capitals of words.
    """
    words = name.replace("’", "'").split()
    if any(w.casefold().strip(".") in _UNNAMED_LABELS for w in words):
        return None
    while len(words) > 1 and words[0].casefold().strip(".") in _LABEL_TITLES:
        words = words[1:]
    people = Counter(m.name for m in art.mentions if m.label == "PERSON" and not m.name.isupper())
    # the longest run of the label's last words that ends a person's name: "U.S. PRESIDENT
    # BARACK OBAMA" -> "Barack Obama" (a label itself, "ZAKARIA", names no one new)
    for k in range(len(words), 0, -1):
        key = [w.casefold() for w in words[-k:]]
        found = {n for n in people if n.replace("’", "'").casefold().split()[-k:] == key}
        if not found:
            continue
        longest = max(found, key=len).casefold().split()
        if all(longest[-len(f.split()) :] == f.casefold().split() for f in found):
            # "John Boehner" and "Boehner": the fuller name the article uses most (not a
            # parse's "Interview With Wael Ghonim" seen once)
            return max(found, key=lambda n: (people[n] if " " in n else 0, len(n)))
        return None  # two people share the surname: never a guess
    if any(w.casefold() in _DATE_WORDS for w in words):
        return _UNSURE
    if not any(m.label == "PERSON" for m in art.mentions_in(at, at + len(name))):
        return _UNSURE
    return _as_written(art, words)


def _as_written(art: _Article, words: Sequence[str]) -> str:
    """A label's name as the text writes it elsewhere ("MCCAIN" -> "McCain"), else in
    capitals of words."""
    plain = " ".join(words)
    for hit in re.finditer(re.escape(plain), art.text, re.IGNORECASE):
        if hit.group() != hit.group().upper():
            return hit.group()
    return re.sub(r"[^\W\d_]+", lambda m: m.group()[:1] + m.group()[1:].lower(), plain)


def _turns(art: _Article) -> list[_Turn]:
    """The turns of a transcript or interview: each speaker label opens one, running to
    the next label.  Only an article with a conversation has turns: at least three
    labels, two different speakers (or Q and A), one of them labelling two turns.  A
    label that names a place of the article ("KYIV:" datelines) or a heading
    ("UPDATE:") is no speaker."""
    text = art.text
    places = {m.name.casefold() for m in art.mentions if m.label in ("GPE", "LOC", "NORP")}
    # (label name start, turn start, name, speaker)
    labels: list[tuple[int, int, str, str | None]] = []
    for pos in _label_starts(text):
        m = _LABEL.match(text, pos)
        if m is None:
            continue
        name = m.group("name")
        if name.upper() in _NOT_A_LABEL or name.casefold() in places or art.in_quote(pos):
            continue
        if len(name) == 1 and name not in "QA":
            continue
        labels.append((pos, m.end(), name, _label_speaker(art, name, pos)))
    counts: dict[str, int] = {}
    for _, _, name, _ in labels:
        key = name.upper()
        counts[key] = counts.get(key, 0) + 1
    # a label no person of the article has speaks only when it recurs ("FUHRMANN:" x 7)
    labels = [
        (pos, after, name, _as_written(art, name.split()) if who == _UNSURE else who)
        for pos, after, name, who in labels
        if who != _UNSURE or counts[name.upper()] >= 2
    ]
    counts = {k: v for k, v in counts.items() if any(n.upper() == k for _, _, n, _ in labels)}
    if len(labels) < 3 or len(counts) < 2 or max(counts.values()) < 2:
        return []
    turns: list[_Turn] = []
    for k, (pos, after, name, speaker) in enumerate(labels):
        end = labels[k + 1][0] if k + 1 < len(labels) else len(text)
        while after < end and text[after].isspace():
            after += 1
        while end > after and text[end - 1].isspace():
            end -= 1
        turns.append(_Turn((pos, pos + len(name)), after, end, speaker))
    return turns


def _turn_speaker(art: _Article, tok: Token) -> str | None:
    """The named speaker of the transcript turn holding ``tok``."""
    turn = art.turn_at(int(tok.idx))
    return turn.speaker if turn is not None and int(tok.idx) >= turn.start else None


def _turn_drafts(art: _Article, turns: Sequence[_Turn]) -> list[_Draft]:
    """Each turn as direct quotes of its speaker: split at stage directions ("(Laughter)")
    and, past ``max_quote_chars``, at paragraph ends."""
    drafts: list[_Draft] = []
    limit = art.options.max_quote_chars
    for turn in turns:
        pieces: list[tuple[int, int]] = []
        lo = turn.start
        for d in _STAGE_DIRECTION.finditer(art.text, turn.start, turn.end):
            line_start = d.start() == turn.start or art.text[d.start() - 1] == "\n"
            line_end = d.end() == turn.end or art.text[d.end()] == "\n"
            if line_start and line_end:
                pieces.append((lo, d.start()))
                lo = d.end()
        pieces.append((lo, turn.end))
        for lo, hi in pieces:
            while lo < hi:
                cut = hi
                if cut - lo > limit:
                    nl = art.text.rfind("\n", lo, lo + limit)
                    cut = nl if nl > lo else lo + limit
                body = (lo, cut)
                while body[0] < body[1] and art.text[body[0]].isspace():
                    body = (body[0] + 1, body[1])
                while body[1] > body[0] and art.text[body[1] - 1].isspace():
                    body = (body[0], body[1] - 1)
                if re.search(r"\w", art.text[body[0] : body[1]]):
                    drafts.append(
                        _Draft(
                            content=body,
                            kind=QuoteKind.DIRECT,
                            speaker_mention=turn.label,
                            speaker_name=turn.speaker,
                            speaker_label="PERSON" if turn.speaker is not None else None,
                            turn=True,
                        )
                    )
                lo = cut
    return drafts


# --------------------------------------------------------------------------- main


def _blocked(art: _Article, a: int, b: int, speaker: str | None) -> bool:
    """True when text[a:b] (outside quotes) names another speaker or attributes anew.

    A person named in the rest of the previous quote's attribution sentence
    ("..., said Caddell, speaking of Clinton's health") does not block unless
    it is a subject; a person named in a later sentence does.
    """
    if b <= a:
        return False
    outside = b - a - sum(_overlap((a, b), q) for q in art.quoted)
    if outside > art.options.continuation_gap:
        return True
    att_end = int(art.sents[art.sent_index(max(a - 1, 0))].end_char)
    for m in art.mentions_in(a, b):
        if art.in_quote(m.span.start) or (speaker is not None and m.name == speaker):
            continue
        toks = art.tokens(m.span.start, m.span.end)
        is_subj = bool(toks) and any(t.dep_ in _SUBJ_DEPS for t in toks)
        if m.label == "PERSON" and (m.span.start >= att_end or is_subj):
            return True
        if is_subj and m.label in _SPEAKER_LABELS:
            return True
    for t in art.tokens(a, b):
        if art.is_cue_verb(t) and str(t.lemma_).lower() not in _WEAK_VERBS:
            subj = art.subject_of(t)
            if subj is not None and subj.pos_ != "PRON":
                name = art.resolve_np(subj, pronoun_ok=False).name
                if name is None or name != speaker:
                    return True
    return False


def _region_end(d: _Draft) -> int:
    end = d.content[1]
    if d.cue is not None:
        end = max(end, d.cue[1])
    if d.speaker_mention is not None:
        end = max(end, d.speaker_mention[1])
    return end


_ANSWER_VERBS = frozenset({"reply", "answer", "respond", "retort", "counter"})


def _answers(art: _Article, prev: _Draft, d: _Draft) -> bool:
    """``d`` answers the question ``prev`` asked (“Do you regret it?” Soto asked Dunn.
    “No,” he replied): its pronoun is the one asked, never the asker."""
    cue = d.cue_token
    return (
        cue is not None
        and str(cue.lemma_).lower() in _ANSWER_VERBS
        and art.text[prev.content[0] : prev.content[1]].rstrip(_MARK_CHARS + " ").endswith("?")
    )


def _answerer(art: _Article, question: _Draft, pronoun: Token) -> _Who:
    """Who "he" or "she" replying to ``question`` is: the one it was put to ("Soto asked
    Dunn"), else the pronoun's usual antecedent unless that is the asker."""
    own = (int(pronoun.idx), int(pronoun.idx) + len(pronoun.text))
    cue = question.cue_token
    for c in cue.children if cue is not None else ():
        if c.dep_ in ("dobj", "dative") and c.pos_ == "PROPN":
            asked = art.resolve_np(c, pronoun_ok=False)
            if asked.name is not None and art.gender_allows(asked, pronoun.lower_):
                return _Who(asked.name, asked.label, own)
    who = art.resolve_np(pronoun)
    return _Who(None, None, own) if who.name == question.speaker_name else who


def _continues(art: _Article, prev: _Draft | None, d: _Draft) -> bool:
    if prev is None or (prev.speaker_name is None and prev.speaker_mention is None):
        return False
    if art.para_index(d.content[0]) - art.para_index(prev.content[1]) > 1:
        return False
    if art.turns and art.turn_at(d.content[0]) is not art.turn_at(prev.content[1] - 1):
        return False  # another speaker's turn of a transcript
    return not _blocked(art, _region_end(prev), d.content[0], prev.speaker_name)


def find_quotes(
    doc: Doc,
    *,
    mentions: Sequence[Mention],
    timexes: Sequence[Timex] = (),
    options: QuoteOptions = DEFAULTS,
) -> tuple[Quote, ...]:
    """Every direct, partial and indirect quotation of one article, in text order.

    ``doc`` is the spaCy Doc of the cleaned text (offsets are into
    ``doc.text``); ``mentions`` come from :func:`storyline.entities.find_mentions`
    and ``timexes`` from :func:`storyline.dates.find_timexes`.
    """
    art = _Article(doc, mentions, timexes, options)
    art.set_marks(_quote_marks(art.text))
    art.turns = _turns(art)
    article_chain, sent_chains, chain_sents = _chains(doc, art.sents)

    drafts = _drafts_from_marks(art)
    if options.indirect:
        direct_cues = {
            d.cue_token.i for d in drafts if d.kind == QuoteKind.DIRECT and d.cue_token is not None
        }
        drafts += [
            d
            for d in _indirect_drafts(art, chain_sents)
            if d.cue_token is None or d.cue_token.i not in direct_cues
        ]
    drafts += _turn_drafts(art, art.turns)
    drafts.sort(key=lambda d: (d.content[0], d.content[1]))

    occasions = _occasions(art)
    kept: list[_Draft] = []
    prev: _Draft | None = None  # the last quote with a known speaker
    for d in drafts:
        marked = d.kind != QuoteKind.INDIRECT
        if d.turn:
            pass  # spoken by the turn's label
        elif d.cue_token is not None or d.subject is not None:
            subj = d.subject
            if subj is not None:
                if subj.pos_ == "PRON" and subj.lower_ in _PRONOUN_LABELS:
                    own = (int(subj.idx), int(subj.idx) + len(subj.text))
                    labels = _PRONOUN_LABELS[subj.lower_]
                    if (
                        marked
                        and prev is not None
                        and prev.speaker_label in labels
                        and not _answers(art, prev, d)
                        and _continues(art, prev, d)
                        and art.gender_allows(
                            _Who(prev.speaker_name, prev.speaker_label, None), subj.lower_
                        )
                    ):
                        who = _Who(prev.speaker_name, prev.speaker_label, own)
                    elif marked and prev is not None and _answers(art, prev, d):
                        who = _answerer(art, prev, subj)
                    else:
                        who = art.resolve_np(subj)
                else:
                    who = art.resolve_np(subj)
                # the cue's own "I" (not one a participle borrows: "I think ..., saying")
                own_i = subj.lower_ == "i" and d.cue_token is not None and subj.head == d.cue_token
                speaker = _turn_speaker(art, subj) if own_i else None
                if speaker is not None:
                    # "I said ..." in a transcript turn: the turn's speaker
                    who = _Who(speaker, "PERSON", (int(subj.idx), int(subj.idx) + 1))
                d.speaker_mention = who.mention
                d.speaker_name = who.name
                d.speaker_label = who.label
        elif d.kind == QuoteKind.DIRECT and not d.single and _continues(art, prev, d):
            assert prev is not None
            d.speaker_name = prev.speaker_name
            d.speaker_label = prev.speaker_label
            d.speaker_mention = prev.speaker_mention
            d.continued = True
            d.antecedent = prev
        elif d.kind == QuoteKind.PARTIAL or d.single or d.open_end or not options.keep_unattributed:
            continue
        # said_on
        if d.cue_token is not None and d.cue_token.pos_ in ("VERB", "AUX"):
            tx = art.dates_of(d.cue_token)
            if tx is not None:
                d.said_on = DatedBy(tx.value, tx.span)
        if d.said_on is None and d.continued and d.antecedent is not None:
            d.said_on = d.antecedent.said_on
        if d.said_on is None and d.speaker_name is not None:
            earlier = [o for o in occasions.get(d.speaker_name, []) if o[0] < d.content[0]]
            if earlier:
                d.said_on = earlier[-1][1]
        if d.said_on is None:
            d.said_on = _lead_occasion(art, d, occasions)
        # via
        anchor = d.cue[0] if d.cue is not None else d.content[0]
        d.via = sent_chains.get(art.sent_index(anchor), article_chain)
        kept.append(d)
        if d.turn:
            continue  # a quote inside a turn is not the turn speaker's by continuation
        if d.speaker_name is not None or (d.speaker_mention is not None and d.cue is not None):
            prev = d
    return tuple(
        Quote(
            content=Span(*d.content),
            kind=d.kind,
            cue=Span(*d.cue) if d.cue is not None else None,
            speaker_mention=Span(*d.speaker_mention) if d.speaker_mention is not None else None,
            speaker_name=d.speaker_name,
            via=d.via,
            said_on=d.said_on,
        )
        for d in kept
    )


def _lead_occasion(
    art: _Article, d: _Draft, occasions: dict[str, list[tuple[int, DatedBy]]]
) -> DatedBy | None:
    """A present-tense lead ("Putin says Moscow is after a settlement") reports the
    statement the article goes on to date: the speaker's first occasion in the next
    three sentences.  Only for the article's first sentence."""
    cue = d.cue_token
    if cue is None or d.speaker_name is None or cue.tag_ not in ("VBZ", "VBP"):
        return None
    if art.sent_index(int(cue.idx)) != 0:
        return None
    for pos, dated in occasions.get(d.speaker_name, []):
        if pos > cue.idx and art.sent_index(pos) <= 3:
            return dated
    return None


def _occasions(art: _Article) -> dict[str, list[tuple[int, DatedBy]]]:
    """Per speaker name, the dated speech acts of the article, in order."""
    out: dict[str, list[tuple[int, DatedBy]]] = {}
    if not art.timexes:
        return out
    for tok in art.doc:
        if not art.is_cue_verb(tok):
            continue
        tx = art.dates_of(tok)
        if tx is None:
            continue
        subj = art.subject_of(tok)
        if subj is None:
            continue
        who = art.resolve_np(subj)
        if who.name is not None:
            out.setdefault(who.name, []).append((int(tok.idx), DatedBy(tx.value, tx.span)))
    return out
