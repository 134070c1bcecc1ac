"""Outlet credits: mentions of news outlets that credit a report rather than take part in it.

A dateline "Tripoli, Libya (CNN) --", "a witness told Reuters", "according to AFP
and DPA reports, TASR reports", "CNN's Ivan Watson contributed to this report":
the outlet is named because it carried the words, not because the story is
about it. Two articles that both credit Reuters are not about the same thing,
so such mentions must not link articles (events, stories); an article *about*
an outlet ("CNN fired the anchor", "two Reuters journalists were detained")
keeps the name.

:func:`outlet_credits` marks a mention as a credit when

* its name is an outlet: the article's own ``source``, a name of the small
  table of well-known agencies and broadcasters below (``OUTLETS``, aliases
  such as "AP" / "Associated Press"), a name built like an outlet's ("Saudi
  Press Agency", "Fox News", "Washington Post": a last word such as Press,
  News, Agency, Times, Post), or a relay of one of the article's quotes (its
  ``via`` chains); and
* it stands in a credit position: inside a short parenthesis (a dateline
  "(AP) --", a photo credit "(Dave Martin - AP)"), after a reporting phrase
  ("told", "according to", "citing", "in an interview with", "on" a channel),
  before one ("reported", "reports", "said", "has learned", "news agency",
  "contributed"), as the possessive of a reporter ("CNN's Tom Cohen"), or in a
  byline or copyright line.

The article's own source is a credit wherever it is named: an outlet naming
itself credits itself. No other rule, and no list of a corpus's outlets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from anyascii import anyascii

from .model import Mention, Quote

# well-known news agencies and broadcasters: canonical name -> aliases (compared case-folded)
OUTLETS: dict[str, tuple[str, ...]] = {
    "Associated Press": ("AP", "The Associated Press"),
    "Reuters": ("Thomson Reuters",),
    "Agence France-Presse": ("AFP", "Agence France Presse", "France-Presse"),
    "Deutsche Presse-Agentur": ("DPA",),
    "TASR": ("Tlačová agentúra Slovenskej republiky",),
    "TASS": ("ITAR-TASS",),
    "RIA Novosti": ("RIA",),
    "Interfax": (),
    "Xinhua": ("Xinhua News Agency",),
    "Kyodo": ("Kyodo News",),
    "Yonhap": (),
    "ANSA": (),
    "EFE": (),
    "UPI": ("United Press International",),
    "Bloomberg": ("Bloomberg News",),
    "CNN": ("CNN International",),
    "BBC": ("BBC News", "BBC World Service"),
    "Al Jazeera": ("Al-Jazeera", "Aljazeera"),
    "Al Arabiya": ("Al-Arabiya",),
    "Sky News": (),
    "NPR": (),
    "ABC": ("ABC News",),
    "CBS": ("CBS News",),
    "NBC": ("NBC News",),
    "Fox News": (),
    "MSNBC": (),
    "Ukrinform": (),
    "Unian": (),
}

# last words that make a name an outlet's ("Saudi Press Agency", "The Washington Post")
_OUTLET_WORDS = frozenset(
    {
        "agentur", "press", "news", "times", "post", "herald", "tribune", "journal", "gazette",
        "guardian", "telegraph", "radio", "tv", "television", "broadcasting", "chronicle",
        "newswire", "daily", "examiner",
    }
)  # fmt: skip

_BEFORE = re.compile(
    r"(?:\b(?:told|tell|tells|telling|confirmed\s+to|said\s+to|spoke\s+to|speaking\s+to|"
    r"talking\s+to|according\s+to|quoted\s+by|cited\s+by|citing|reported\s+by|"
    r"interview\s+with|interviewed\s+by|obtained\s+by|seen\s+by|on|via|copyright|"
    r"those\s+of|consent\s+of|(?:republication|redistribution)\s+of|photograph:|photo:|"
    r"by)\s+(?:the\s+)?|©\s*|\(c\)\s*)$",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"^(?:\s+(?:news\s+agency|agency|reported|reports|reporting|said|says|quoted|cited|"
    r"learned|has\s+(?:also\s+)?(?:reported|learned|confirmed|obtained|said)|contributed|"
    r"photographer|cameraman|producer|editor|staff|photo|video|poll|survey|tally|"
    r"calculations|\d{1,2}:\d{2})\b"
    # a reporter who says or saw ("a Reuters witness said"; not "Reuters journalists were held")
    r"|\s+(?:correspondents?|reporters?|journalists?|witness(?:es)?|team)\b"
    r"(?=[^.\n]{0,40}?(?:\b(?:said|says|saw|reported|reports|found|counted|heard)\b|:))"
    r"|\s*\)|\s*(?:--|—|–|-\s)|['’]s\s+(?:(?-i:[A-Z])|correspondent|reporter|witness|"
    r"photographer|producer|editor|team))",
    re.IGNORECASE,
)
_PAREN = 60  # a parenthesis this short around an outlet's name is a dateline or credit


@dataclass(frozen=True, slots=True)
class NamedSpan:
    """A mention as the credit rule sees it: offsets into the text, surface form, label."""

    start: int
    end: int
    text: str
    label: str


def outlet_key(name: str) -> str:
    """Case-, accent- and article-insensitive key of a name ("The Associated Press")."""
    words = anyascii(name).casefold().replace("-", " ").split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


_TABLE = frozenset(outlet_key(n) for name, aliases in OUTLETS.items() for n in (name, *aliases))


def is_outlet_name(name: str, *, extra: Iterable[str] = ()) -> bool:
    """Whether ``name`` names a news outlet: the table, an outlet-like name, or ``extra``."""
    key = outlet_key(name)
    if not key:
        return False
    if key in _TABLE or key in {outlet_key(e) for e in extra}:
        return True
    words = key.split()
    if len(words) >= 2 and words[-2:-1] in (["news"], ["press"]) and words[-1] == "agency":
        return True  # "Saudi Press Agency"; not "Environmental Protection Agency"
    return len(words) >= 2 and words[-1] in _OUTLET_WORDS


def _in_short_parenthesis(text: str, start: int, end: int) -> bool:
    left = text.rfind("(", max(0, start - _PAREN), start)
    if left < 0 or ")" in text[left:start]:
        return False
    right = text.find(")", end, end + _PAREN)
    return right >= 0 and "(" not in text[end:right]


def outlet_credits(
    text: str,
    mentions: Sequence[NamedSpan],
    *,
    source: str | None = None,
    via: Iterable[str] = (),
) -> frozenset[int]:
    """Indices of ``mentions`` that are outlet credits (see the module docstring)."""
    own = outlet_key(source) if source else ""
    relays = {outlet_key(v) for v in via if v}
    out: set[int] = set()
    for k, m in enumerate(mentions):
        if m.label not in ("ORG", "PERSON", "PRODUCT", "FAC", "WORK_OF_ART", "NORP"):
            continue  # places and weapons are never outlets
        key = outlet_key(m.text)
        if own and key == own:
            out.add(k)
            continue
        if not (key in relays or is_outlet_name(m.text)):
            continue
        if (
            _in_short_parenthesis(text, m.start, m.end)
            or _BEFORE.search(text, max(0, m.start - 40), m.start)
            or _AFTER.match(text[m.end : m.end + 60])
        ):
            out.add(k)
    return frozenset(out)


def mention_credits(
    text: str, mentions: Sequence[Mention], *, source: str | None, quotes: Sequence[Quote]
) -> frozenset[int]:
    """Indices of one article's ``mentions`` that are outlet credits: :func:`outlet_credits`
    with the relays of the article's ``quotes`` (what the store keeps as ``credit``)."""
    return outlet_credits(
        text,
        [NamedSpan(m.span.start, m.span.end, m.text, m.label) for m in mentions],
        source=source,
        via=(name for q in quotes for step in q.via for name in step),
    )
