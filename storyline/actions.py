"""Who did what to whom, when and where: a rule-based PLOVER event coder.

In the spirit of PETRARCH, actions are found on the dependency parse of the one
spaCy ``Doc`` the pipeline already made.  A trigger is a verb lemma (``attack``,
``meet with``) or a verb with a typed object (``impose`` + ``sanctions``,
``announce`` + ``aid``), as listed per PLOVER type in
``storyline/data/plover_lexicon.json`` (which documents its own format and the
coding choices).  For a trigger we read:

- ``actor``: the verb's subject (inherited through coordination, participles and
  control verbs such as "used ... to attack"), or the ``by`` agent of a passive,
  resolved to a mention name; a modifier stands in for a common-noun head
  ("Russian forces" -> ``Russian``, "Russia's army" -> ``Russia``);
  he/she/it/they resolve to the nearest preceding compatible mention in the same
  or previous sentence, else None;
- ``target``: the direct object, dative or passive subject, else the object of a
  type-specific preposition (``with``, ``against``, ``on``, ``to``, ...) of the
  verb or of the typed object noun;
- ``place``: a GPE/LOC/FAC mention in an ``in/at/near/...`` phrase of the verb,
  its object or its prepositional objects;
- ``done_on``: the first DATE/TIME timex with an ISO value (``2025-07-14``,
  ``2025-07``, ``2024``) in the trigger's own clause, not inside an embedded
  clause nor a ``since/until/by/after/...`` phrase, else in the clause of the
  verb it is coordinated with or controlled by ("used this weapon last year to
  attack"); unresolved values (``XXXX-WXX-1``) and ranges give None.

Precision over recall: when the text does not state that the act happened, we
emit nothing.  Skipped are negated triggers ("did not agree", "no talks"),
modal and future ones ("could agree", "will send"), conditionals ("if Moscow
fails to agree", "in case Putin decides to invade", "until", "whenever"), acts
embedded under other verbs ("threatened to withdraw" is THREATEN only;
"refused to", "plans to", "accused ... of attacking", "claims that it is
providing") except under ``use/begin/continue/...`` and, when
``options.reported``, acts reported under say/tell/announce/confirm/...
("officials said Russia shelled Kharkiv"); verbs used as modifiers ("occupied
Kherson"); hedged nouns ("possible deployment"); questions; triggers inside
quotation marks (speech, left to the quotes stage); verbal senses ("attacked
Biden", "attacking profits", "rejected the allegations", "declined to
comment"); inanimate subjects ("sanctions hit Russia", "air strikes threaten
to"); and matches with neither a named actor nor a named target ("the crowd
attacked the buffet").  Speech verbs alone are not actions.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .model import Action, DatedBy, Mention, PloverType, Span, Timex, TimexType

__all__ = ["DEFAULTS", "ActionOptions", "Lexicon", "find_actions", "load_lexicon"]


@dataclass(frozen=True, slots=True)
class ActionOptions:
    """Options of :func:`find_actions`.

    ``lexicon``: a lexicon file in the format of the packaged one (None: the packaged
    ``plover_lexicon.json``).  ``skip_quoted``: leave triggers inside quotation
    marks to the quotes stage.  ``reported``: code acts reported under speech verbs
    ("officials said Russia shelled Kharkiv").
    """

    lexicon: Path | None = None
    skip_quoted: bool = True
    reported: bool = True


DEFAULTS = ActionOptions()

_ISO_DATE = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:T.*)?$")
_RANGE_MODS = frozenset(
    {"BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN"}
)
_SPEECH_TYPES = frozenset({PloverType.THREATEN, PloverType.ACCUSE, PloverType.REQUEST})
_EMBEDDED = frozenset({"ccomp", "relcl", "conj", "xcomp", "parataxis", "acl", "csubj", "csubjpass"})
# a verb used as a modifier ("occupied Kherson", "fighters killed at"), inside a
# prepositional phrase or as a noun's content clause ("claims that it is providing")
_NOT_STATED = frozenset(
    {"pcomp", "csubj", "csubjpass", "amod", "compound", "nmod", "npadvmod", "acl"}
    | {"pobj", "dobj", "nsubj", "nsubjpass", "attr", "appos", "oprd", "dative"}
)
_REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves", "myself", "ourselves"})
_THEME_OWNER_TYPES = frozenset(
    {PloverType.SANCTION, PloverType.COERCE, PloverType.RETREAT, PloverType.ASSAULT}
)
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "who", "which", "that", "whom"})
_REL_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_QUOTE_PAIRS = {"“": "”", "«": "»", "„": "“"}


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class _Rule:
    type: PloverType
    verb: str
    word: str | None  # particle or preposition ("call for", "pull out"), or None
    objects: frozenset[str] | None  # None: a bare verb
    trigger_object: bool
    needs_actor: bool
    needs_target: bool


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The compiled lexicon: rules by verb lemma plus the clause-level word lists."""

    rules: dict[str, tuple[_Rule, ...]]
    descriptions: dict[PloverType, str]
    target_preps: dict[PloverType, frozenset[str]]
    needs_target: frozenset[PloverType]
    needs_actor: frozenset[PloverType]
    place_suffices: frozenset[PloverType]
    modals: frozenset[str]
    pass_through: frozenset[str]
    report_verbs: frozenset[str]
    hedges: frozenset[str]
    conditional_marks: frozenset[str]
    non_date_preps: frozenset[str]
    place_preps: frozenset[str]
    verbal_objects: frozenset[str]
    non_agent_subjects: frozenset[str]
    physical_preps: frozenset[str]
    verbal_if_person: frozenset[str]
    denial_objects: frozenset[str]
    physical: frozenset[str]
    instruments: frozenset[str]
    non_political_refusals: frozenset[str]
    pronouns: dict[str, frozenset[str]]
    actor_labels: frozenset[str]
    target_labels: frozenset[str]
    place_labels: frozenset[str]


def _strings(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"expected a list of strings, got {value!r}")
    return [v.lower() for v in value]


def _split(key: str) -> tuple[str, str | None]:
    verb, _, word = key.partition(" ")
    return verb, (word or None)


@functools.cache
def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read and compile a lexicon file (None: the packaged one); cached per path."""
    if path is None:
        raw = resources.files("storyline").joinpath("data/plover_lexicon.json").read_text("utf-8")
    else:
        raw = path.read_text("utf-8")
    data = json.loads(raw)
    clause = data["clause"]
    classes = {name: _strings(words) for name, words in data.get("classes", {}).items()}

    def expand(words: list[str]) -> frozenset[str]:
        out: set[str] = set()
        for word in words:
            if word.startswith("@") and word[1:].upper() in classes:
                out.update(expand(classes[word[1:].upper()]))
            elif word.startswith("@"):
                out.add(word.upper())
            else:
                out.add(word)
        return frozenset(out)

    object_rules: list[_Rule] = []
    bare_rules: list[_Rule] = []
    descriptions: dict[PloverType, str] = {}
    target_preps: dict[PloverType, frozenset[str]] = {}
    needs_target: set[PloverType] = set()
    needs_actor: set[PloverType] = set()
    place_suffices: set[PloverType] = set()
    for name, spec in data["types"].items():
        ptype = PloverType(name)
        descriptions[ptype] = str(spec["description"])
        target_preps[ptype] = frozenset(_strings(spec.get("target_preps", [])))
        if spec.get("needs_target"):
            needs_target.add(ptype)
        if spec.get("needs_actor"):
            needs_actor.add(ptype)
        if spec.get("place_suffices"):
            place_suffices.add(ptype)
        for key in _strings(spec.get("verbs", [])):
            verb, word = _split(key)
            bare_rules.append(_Rule(ptype, verb, word, None, False, False, False))
        for rule in spec.get("with_object", []):
            objects = expand(_strings(rule["objects"]))
            on_object = rule.get("trigger", "verb") == "object"
            for key in _strings(rule["verbs"]):
                verb, word = _split(key)
                object_rules.append(
                    _Rule(
                        ptype,
                        verb,
                        word,
                        objects,
                        on_object,
                        bool(rule.get("needs_actor")),
                        bool(rule.get("needs_target")),
                    )
                )
    if set(descriptions) != set(PloverType):
        missing = sorted(set(PloverType) - set(descriptions))
        raise ValueError(f"lexicon lacks PLOVER types {missing}")
    by_verb: dict[str, list[_Rule]] = {}
    for rule in object_rules + bare_rules:  # object rules first, file order kept
        by_verb.setdefault(rule.verb, []).append(rule)

    def words(key: str) -> frozenset[str]:
        return frozenset(_strings(clause.get(key, [])))

    return Lexicon(
        rules={verb: tuple(rules) for verb, rules in by_verb.items()},
        descriptions=descriptions,
        target_preps=target_preps,
        needs_target=frozenset(needs_target),
        needs_actor=frozenset(needs_actor),
        place_suffices=frozenset(place_suffices),
        modals=words("modals"),
        pass_through=words("pass_through"),
        report_verbs=words("report_verbs"),
        hedges=words("hedges"),
        conditional_marks=words("conditional_marks"),
        non_date_preps=words("non_date_preps"),
        place_preps=words("place_preps"),
        verbal_objects=words("verbal_objects"),
        non_agent_subjects=words("non_agent_subjects"),
        physical_preps=words("physical_preps"),
        verbal_if_person=words("verbal_if_person"),
        denial_objects=words("denial_objects"),
        instruments=words("instruments"),
        physical=expand(classes.get("PHYSICAL", []) + classes.get("TROOPS", []))
        | expand(classes.get("ABUSE_VICTIMS", [])),
        non_political_refusals=words("non_political_refusals"),
        pronouns={p: frozenset(labels) for p, labels in clause.get("pronouns", {}).items()},
        actor_labels=frozenset(clause["actor_labels"]),
        target_labels=frozenset(clause["target_labels"]),
        place_labels=frozenset(clause["place_labels"]),
    )


# --------------------------------------------------------------------------- context


class _Context:
    """Per-document lookups: mentions by token, sentences, quoted stretches, timexes."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention], timexes: Sequence[Timex]) -> None:
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: (m.span.start, m.span.end))
        self.by_token: dict[int, Mention] = {}
        self.subjects: set[Span] = set()  # mentions that are a clause's subject
        for mention in self.mentions:
            span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                self.by_token.setdefault(token.i, mention)
            if span.root.dep_ in ("nsubj", "nsubjpass"):
                self.subjects.add(mention.span)
        self.sents: list[SpacySpan] = list(doc.sents)
        self.sent_index = {sent.start: k for k, sent in enumerate(self.sents)}
        self.quoted = _quoted_stretches(doc.text)
        self.timex_tokens: list[tuple[Timex, frozenset[int]]] = []
        for timex in timexes:
            if timex.type not in (TimexType.DATE, TimexType.TIME):
                continue
            span = doc.char_span(timex.span.start, timex.span.end, alignment_mode="expand")
            if span is not None:
                self.timex_tokens.append((timex, frozenset(t.i for t in span)))

    def in_quotes(self, offset: int) -> bool:
        return any(start < offset < end for start, end in self.quoted)

    def mention(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)


def _quoted_stretches(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of quotations, never across a line end.

    Straight quotes are told apart by their neighbours: one after a space and
    before a word opens, so an opener met inside an open quotation closes the
    first one (scraped text often drops a closing mark).
    """
    out: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        base = line.start()
        chunk = line.group()
        opened: int | None = None
        closer = ""
        for i, ch in enumerate(chunk):
            before = chunk[i - 1] if i else " "
            after = chunk[i + 1] if i + 1 < len(chunk) else " "
            straight_opener = (
                ch == '"' and (before.isspace() or before in "([—–-") and (not after.isspace())
            )
            if opened is None:
                if ch in _QUOTE_PAIRS:
                    opened, closer = i, _QUOTE_PAIRS[ch]
                elif straight_opener:
                    opened, closer = i, '"'
                elif ch == "‘" and not before.isalnum():  # not an apostrophe
                    opened, closer = i, "’"
            elif closer == '"' and straight_opener:
                out.append((base + opened, base + i))
                opened = i
            elif ch == closer or (closer == '"' and ch == "”"):
                if closer == "’" and after.isalnum():
                    continue  # an apostrophe inside the quotation: "Russia’s"
                out.append((base + opened, base + i))
                opened = None
        if opened is not None:  # an unclosed quote runs to the end of the paragraph
            out.append((base + opened, base + len(chunk)))
    return out


# --------------------------------------------------------------------------- matching


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


_WORD_DEPS = ("prt", "prep", "agent", "advmod")


def _word_chain(verb: Token, word: str) -> Token | None:
    """The last token of "out of" / "back from" after ``verb``, each word a particle,
    preposition or adverb under the verb or under the word before it."""
    current = verb
    for part in word.split():
        found = [
            c
            for head in {current.i: current, verb.i: verb}.values()
            for c in head.children
            if c.i > verb.i and c.dep_ in _WORD_DEPS and c.lower_ == part
        ]
        if not found:
            return None
        current = found[0]
    return current


def _has_word(verb: Token, word: str) -> bool:
    """Whether ``verb`` has the particle(s)/preposition of a "call for", "pull out of" key."""
    if _word_chain(verb, word) is not None:
        return True
    return word == "to" and any(
        c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in verb.children
    )


def _objects(verb: Token, word: str | None) -> list[Token]:
    """The object tokens a with-object rule looks at."""
    if word is not None:
        last = _word_chain(verb, word)
        if last is None:
            return []
        pobjs = _children(last, "pobj")
        if pobjs or last.dep_ != "prt":
            return pobjs
    return _direct_objects(verb)


def _direct_objects(verb: Token) -> list[Token]:
    """Direct objects, the passive subject, or the noun a relative clause without an
    object pronoun modifies ("a charge that Russia rejected")."""
    objects = [_antecedent(o) for o in _children(verb, "dobj")]
    if _is_passive(verb):
        objects += _children(verb, "nsubjpass")
    elif not objects and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        objects.append(verb.head)
    return objects


def _object_keys(token: Token, ctx: _Context, lex: Lexicon) -> tuple[set[str], set[str]]:
    """(two-word keys, one-word keys) an object token matches."""
    head = token.lemma_.lower()
    mods = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod")]
    multi = {f"{c.lemma_.lower()} {head}" for c in mods}
    multi |= {f"{c.lower_} {head}" for c in mods}
    if token.i + 2 < len(token.doc) and token.nbor(1).lower_ == "of":  # "state of emergency"
        multi.add(f"{head} of {token.nbor(2).lemma_.lower()}")
    single = {head, token.lower_}
    single |= {c.lemma_.lower() for c in mods if c.dep_ == "compound"}
    mention = ctx.mention(token)
    if mention is None:  # "the city of Dnipro"
        for prep in _children(token, "prep"):
            if prep.lower_ == "of":
                for pobj in _children(prep, "pobj"):
                    mention = mention or ctx.mention(pobj)
    if mention is not None:
        if mention.label in lex.place_labels:
            single.add("@PLACE")
        if mention.label in lex.actor_labels:
            single.add("@PARTY")
        if mention.label == "PERSON":
            single.add("@PERSON")
    return multi, single


def _match(verb: Token, ctx: _Context, lex: Lexicon) -> tuple[_Rule, Token | None] | None:
    rules = lex.rules.get(verb.lemma_.lower())
    if not rules:
        return None
    keyed: list[tuple[_Rule, Token, set[str], set[str]]] = []
    for rule in rules:
        if rule.objects is None:
            continue
        for obj in _objects(verb, rule.word):
            multi, single = _object_keys(obj, ctx, lex)
            keyed.append((rule, obj, multi, single))
    for rule, obj, multi, _single in keyed:
        if rule.objects is not None and multi & rule.objects:
            return rule, obj
    for rule, obj, _multi, single in keyed:
        if rule.objects is not None and single & rule.objects:
            return rule, obj
    for rule in rules:
        if rule.objects is None and (rule.word is None or _has_word(verb, rule.word)):
            return rule, None
    return None


# --------------------------------------------------------------------------- factuality


def _own_blockers(verb: Token, lex: Lexicon, *, negation: bool = True) -> bool:
    for child in verb.children:
        if negation and (child.dep_ == "neg" or child.lower_ in ("never", "not", "n't")):
            return True
        if child.dep_ == "aux" and child.lemma_.lower() in lex.modals:
            return True
        if child.dep_ == "mark" and child.lower_ in lex.conditional_marks:
            return True
    left = verb.left_edge.i
    before = verb.doc[max(left - 2, 0) : left].text.lower()
    return before == "in case" or before.endswith(" if")  # "in case Putin decides to"


def _governing_verb(token: Token) -> Token:
    """The nearest verb above ``token`` ("effect" -> "have" in "would have the effect as")."""
    head = token.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def _factual(verb: Token, lex: Lexicon, options: ActionOptions) -> bool:
    """True when the text states that ``verb`` happened (see the module docstring)."""
    current = verb
    negation = True
    for _ in range(8):
        if _own_blockers(current, lex, negation=negation):
            return False
        negation = True
        has_to = any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
        dep = current.dep_
        if dep == "conj":
            # a verb sharing its subject and auxiliaries shares their negation
            negation = not _children(current, "nsubj", "nsubjpass")
            current = current.head
        elif dep == "xcomp":
            if current.head.lemma_.lower() not in lex.pass_through:
                return False
            current = current.head
        elif has_to:
            return False
        elif dep == "ccomp":
            if not options.reported or current.head.lemma_.lower() not in lex.report_verbs:
                return False
            current = current.head
        elif (
            dep == "advcl"
            and current.tag_ in ("VBG", "VB")
            and not _children(current, "aux", "auxpass")
            and _own_blockers(_governing_verb(current), lex)
        ):
            return False  # "would present the same outcome as Putin cutting off gas"
        else:
            # ROOT, advcl, relcl, parataxis: a clause of its own
            return dep not in _NOT_STATED
    return False


# --------------------------------------------------------------------------- parties


def _resolve_pronoun(token: Token, ctx: _Context, lex: Lexicon) -> Mention | None:
    """The nearest compatible mention before ``token`` in its or the previous sentence,
    preferring one that is a clause subject ("Russia ... announced it had called up")."""
    labels = lex.pronouns.get(token.lower_)
    if labels is None:
        return None
    k = ctx.sent_index.get(token.sent.start, 0)
    window = ctx.sents[max(k - 1, 0)].start_char
    candidates = [
        m
        for m in ctx.mentions
        if m.span.start >= window and m.span.end <= token.idx and m.label in labels
    ]
    for mention in reversed(candidates):
        if mention.span in ctx.subjects:
            return mention
    return candidates[-1] if candidates else None


def _party(token: Token, ctx: _Context, lex: Lexicon, *, modifiers: bool = True) -> Mention | None:
    """The mention a noun phrase headed by ``token`` stands for, if any."""
    if token.pos_ == "PRON":
        if token.lower_ in _REL_PRONOUNS and token.head.dep_ == "relcl":
            return _party(token.head.head, ctx, lex)
        return _resolve_pronoun(token, ctx, lex)
    mention = ctx.mention(token)
    if mention is not None:
        return mention
    ordered: list[Token] = []
    if modifiers:
        ordered += _children(token, "poss")
    ordered += [
        p for prep in _children(token, "prep") if prep.lower_ == "of" for p in prep.children
    ]
    if modifiers:
        ordered += _children(token, "compound", "amod", "nmod")
    for child in ordered:
        if child.pos_ == "PRON":
            found = _resolve_pronoun(child, ctx, lex)
            if found is not None:
                return found
            continue
        mention = ctx.mention(child)
        if mention is not None:
            return mention
    return None


def _set_off_participle(verb: Token, lex: Lexicon) -> bool:
    """A participle clause set off by a comma ("Trump, speaking on Monday,", ", urging ..."),
    whose subject is the main clause's; "under day and night shelling" is not one, nor
    one under a speech verb ("..., shelling hit Sloviansk, said the governor")."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG" or _children(verb, "mark"):
        return False
    if verb.head.lemma_.lower() in lex.report_verbs:
        return False
    left = verb.left_edge.i
    return left == verb.sent.start or verb.doc[left - 1].text in (",", "—", "–", ";")


def _subject(verb: Token, lex: Lexicon) -> tuple[Token | None, Token]:
    """(subject token, the verb that has it), following conj/xcomp/participles up."""
    current = verb
    for _ in range(6):
        subjects = _children(current, "nsubj")
        if subjects:
            return subjects[0], current
        if _children(current, "nsubjpass"):
            return None, current
        if current.dep_ in ("conj", "xcomp") or _set_off_participle(current, lex):
            current = current.head
            continue
        return None, current
    return None, current


# --------------------------------------------------------------------------- clause bits


def _clause_tokens(verb: Token, lex: Lexicon) -> set[int]:
    out: set[int] = set()
    stack = [verb]
    while stack:
        token = stack.pop()
        out.add(token.i)
        for child in token.children:
            if child.dep_ in _EMBEDDED or (child.dep_ == "advcl" and _children(child, "mark")):
                continue
            if child.dep_ == "prep" and child.lower_ in lex.non_date_preps:
                continue
            stack.append(child)
    return out


def _date(verbs: Iterable[Token], ctx: _Context, lex: Lexicon) -> DatedBy | None:
    for verb in verbs:
        tokens = _clause_tokens(verb, lex)
        found = [(t.span.start, t) for t, idx in ctx.timex_tokens if idx & tokens]
        for _, timex in sorted(found, key=lambda pair: pair[0]):
            match = _ISO_DATE.match(timex.value)
            if match is None or (timex.mod is not None and timex.mod in _RANGE_MODS):
                continue
            return DatedBy(match.group(1), timex.span)
    return None


def _place(tokens: Iterable[Token], ctx: _Context, lex: Lexicon, exclude: set[str]) -> str | None:
    for token in tokens:
        for prep in _children(token, "prep"):
            if prep.lower_ not in lex.place_preps:
                continue
            for pobj in _children(prep, "pobj"):
                for t in pobj.subtree:
                    mention = ctx.mention(t)
                    if (
                        mention is not None
                        and mention.label in lex.place_labels
                        and mention.name not in exclude
                    ):
                        return mention.name
    return None


# --------------------------------------------------------------------------- main


def find_actions(
    doc: Doc,
    *,
    mentions: Sequence[Mention],
    timexes: Sequence[Timex] = (),
    options: ActionOptions = DEFAULTS,
) -> tuple[Action, ...]:
    """Code the PLOVER actions stated in ``doc`` (see the module docstring for the rules)."""
    if not doc.has_annotation("DEP"):
        return ()  # no parse, no decision
    lex = load_lexicon(options.lexicon)
    ctx = _Context(doc, mentions, timexes)
    found: dict[tuple[int, PloverType], Action] = {}
    for sent in ctx.sents:
        if sent.text.rstrip().endswith("?"):
            continue
        for verb in sent:
            if verb.pos_ != "VERB":
                continue
            action = _code(verb, sent, ctx, lex, options)
            if action is not None:
                found.setdefault((action.trigger.start, action.type), action)
        for action in _exchanges(sent, ctx, lex, options):
            found.setdefault((action.trigger.start, action.type), action)
    return tuple(sorted(found.values(), key=lambda a: (a.trigger.start, a.type.value)))


_UNDONE_GOVERNORS = frozenset(
    {"call", "urge", "demand", "propose", "seek", "want", "plan", "discuss", "offer", "ask"}
    | {"request", "suggest", "hope", "push", "press", "prepare", "consider", "expect"}
)
_ONGOING = frozenset({"start", "begin", "continue", "resume"})
_EXCHANGE_WORDS = frozenset({"exchange", "swap", "exchanged", "swapped"})
_CAPTIVES = frozenset({"prisoner", "prisoners", "pow", "pows", "captive", "captives", "detainee"})
_PARTY_LABELS = frozenset({"GPE", "NORP"})


def _exchanges(
    sent: SpacySpan, ctx: _Context, lex: Lexicon, options: ActionOptions
) -> list[Action]:
    """Prisoner exchanges stated as done ("the rounds ended in prisoner exchanges"): CONCEDE.

    PLOVER codes the release of persons as CONCEDE; an exchange releases them
    both ways, so the two sides are actor and target (the first two named
    parties of the sentence, else of the sentence before it in the same
    paragraph: "talks between Moscow and Kyiv ... The rounds exchanged
    prisoners"). The date is the sentence's own, else that earlier sentence's
    (never one in a by/until phrase: a deadline is not the day of the act).
    """
    out: list[Action] = []
    if sent.text.rstrip().endswith("?"):
        return out
    for token in sent:
        if token.lower_ not in _EXCHANGE_WORDS and token.lemma_.lower() not in _EXCHANGE_WORDS:
            continue
        if token.pos_ not in ("NOUN", "VERB"):
            continue
        near = [*token.children, *(token.head.children if token.pos_ == "NOUN" else ())]
        captives = [t for t in near if t.lower_ in _CAPTIVES or t.lemma_.lower() in _CAPTIVES]
        captives += [
            t
            for prep in _children(token, "prep")
            if prep.lower_ == "of"
            for t in _children(prep, "pobj")
            if t.lemma_.lower() in _CAPTIVES
        ]
        if not captives or (options.skip_quoted and ctx.in_quotes(token.idx)):
            continue
        verb = token if token.pos_ == "VERB" else _governing_verb(token)
        if verb.dep_ == "pcomp" and verb.head.lower_ == "with":
            # "with only a prisoner exchange agreed upon": an absolute clause states it
            if _own_blockers(verb, lex):
                continue
        elif verb.pos_ in ("VERB", "AUX") and not _factual(verb, lex, options):
            continue
        if token.pos_ == "NOUN" and verb.lemma_.lower() in _UNDONE_GOVERNORS:
            continue  # "called for a prisoner exchange": asked for, not done
        if any(c.dep_ == "neg" or c.lower_ == "no" for c in token.children):
            continue
        parties = _parties(sent, ctx, lex)
        dated = _date([verb], ctx, lex)
        k = ctx.sent_index.get(sent.start, 0)
        before = ctx.sents[k - 1] if k > 0 else None
        same_paragraph = (
            before is not None and "\n" not in ctx.doc.text[before.end_char : sent.start_char]
        )
        if before is not None and same_paragraph:
            if len(parties) < 2:
                more = [p for p in _parties(before, ctx, lex) if p not in parties]
                parties = (parties + more)[:2]
            if dated is None:
                dated = _date([before.root], ctx, lex)
        if not parties:
            continue
        out.append(
            Action(
                span=Span(sent.start_char, sent.start_char + len(sent.text.rstrip())),
                trigger=Span(token.idx, token.idx + len(token.text)),
                type=PloverType.CONCEDE,
                actor=parties[0],
                target=parties[1] if len(parties) > 1 else None,
                place=_place([verb], ctx, lex, set(parties)),
                done_on=dated,
            )
        )
    return out


def _parties(sent: SpacySpan, ctx: _Context, lex: Lexicon) -> list[str]:
    """The first two distinct countries or peoples named, not as a venue ("in Istanbul")."""
    names: list[str] = []
    for mention in ctx.mentions:
        if not (sent.start_char <= mention.span.start < sent.end_char):
            continue
        span = ctx.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if span is None or mention.label not in _PARTY_LABELS:
            continue
        head = span.root
        while head.dep_ in ("conj", "compound", "amod") and head.head.i != head.i:
            head = head.head
        if head.dep_ == "pobj" and head.head.lower_ in lex.place_preps - {"between"}:
            continue
        if mention.name not in names:
            names.append(mention.name)
        if len(names) == 2:
            break
    return names


def _code(
    verb: Token, sent: SpacySpan, ctx: _Context, lex: Lexicon, options: ActionOptions
) -> Action | None:
    matched = _match(verb, ctx, lex)
    if matched is None:
        return None
    rule, theme = matched
    ptype = rule.type
    trigger = theme if (rule.trigger_object and theme is not None) else verb
    if options.skip_quoted and ctx.in_quotes(trigger.idx):
        return None
    if _children(verb, "oprd"):
        return None  # "called Putin a war criminal"
    if verb.tag_ == "VBN" and verb.i > 0 and verb.nbor(-1).pos_ in ("ADP", "DET"):
        return None  # "went back to occupied Crimea": an adjective the parser took for a verb
    if rule.objects is None:
        if _children(verb, "ccomp") and ptype not in _SPEECH_TYPES:
            return None  # "agreed that ...", "conceded that ...": speech
        if ptype in (PloverType.ASSAULT, PloverType.COERCE) and any(
            o.lemma_.lower() in lex.verbal_objects for o in _direct_objects(verb)
        ):
            return None  # "attacked the plan": verbal
        if ptype is PloverType.REJECT and any(
            o.lemma_.lower() in lex.denial_objects for o in _direct_objects(verb)
        ):
            return None  # "rejected the allegations": a denial, not a refusal
        if ptype is PloverType.REJECT and any(
            x.lemma_.lower() in lex.non_political_refusals for x in _children(verb, "xcomp")
        ):
            return None  # "declined to comment"
        if ptype is PloverType.REJECT and any(
            c.tag_ == "VBG" and c.dep_ in ("xcomp", "ccomp", "dobj", "pcomp") for c in verb.children
        ):
            return None  # "X denies deliberately shelling villages": a denial
        if any(o.lower_ in _REFLEXIVES for o in _children(verb, "dobj")):
            return None  # "ruled himself out"
        if ptype is not PloverType.ASSAULT and any(
            c.dep_ == "prep" and c.lower_ in lex.physical_preps for c in verb.children
        ):
            return None  # "slammed into"
    if theme is not None and any(
        c.lemma_.lower() in lex.hedges or c.lower_ == "no"
        for c in theme.children
        if c.dep_ in ("amod", "det", "compound", "neg")
    ):
        return None
    if not _factual(verb, lex, options):
        return None
    if any(c.dep_ == "advmod" and c.lower_ in lex.hedges for c in verb.children):
        return None  # "was very likely fired", "reportedly resigned"

    passive = _is_passive(verb)
    actor_m: Mention | None = None
    subject: Token | None = None
    if passive:
        for agent in _children(verb, "agent"):
            for pobj in _children(agent, "pobj"):
                actor_m = actor_m or _party(pobj, ctx, lex)
                subject = subject or pobj
    else:
        subject, _ = _subject(verb, lex)
        if subject is not None:
            actor_m = _party(subject, ctx, lex)
    if (
        subject is not None
        and ctx.mention(subject) is None
        and subject.lemma_.lower() in lex.non_agent_subjects
    ):
        return None  # "sanctions hit Russia"
    actor = actor_m.name if actor_m is not None and actor_m.label in lex.actor_labels else None
    if (
        ptype is PloverType.THREATEN
        and subject is not None
        and subject.pos_ != "PRON"
        and ctx.mention(subject) is None
    ):
        return None  # "drone strikes threaten to change the course": not an actor's threat
    if actor is None and (rule.needs_actor or ptype in lex.needs_actor):
        return None

    target_m = _target(verb, theme, subject, rule, passive, ctx, lex, actor)
    target = target_m.name if target_m is not None else None
    if (
        ptype is PloverType.ASSAULT
        and rule.objects is None
        and target_m is not None
        and target_m.label == "PERSON"
        and verb.lemma_.lower() in lex.verbal_if_person
    ):
        return None  # "Trump attacked Biden": a verbal attack
    if (
        ptype is PloverType.ASSAULT
        and rule.objects is None
        and verb.lemma_.lower() in lex.verbal_if_person
        and not all(_physical(o, ctx, lex) for o in _children(verb, "dobj"))
    ):
        return None  # "Biden has been attacking bank bonuses"
    if target is None and (rule.needs_target or ptype in lex.needs_target):
        return None
    place_from = [verb] + ([theme] if theme is not None else []) + _children(verb, "dobj")
    place_from += [p for prep in _children(verb, "prep") for p in _children(prep, "pobj")]
    place = _place(place_from, ctx, lex, {n for n in (actor, target) if n})
    if actor is None and target is None and not (place and ptype in lex.place_suffices):
        return None

    chain = [verb]
    head = verb
    while head.dep_ in ("xcomp", "conj") and head.head is not head:
        head = head.head
        chain.append(head)
    done_on = _date(chain, ctx, lex)
    if (
        done_on is None
        and head.dep_ == "ccomp"
        and head.head.lemma_.lower() in lex.report_verbs
        and head.lemma_.lower() in _ONGOING
        and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in head.children)
    ):
        # "announced on Friday that Russia has started to produce ...": going on that day
        # ("said on Tuesday that Russia had attacked" stays undated: the attack came before)
        done_on = _date([head.head], ctx, lex)
    end = sent.start_char + len(sent.text.rstrip())
    return Action(
        span=Span(sent.start_char, end),
        trigger=Span(trigger.idx, trigger.idx + len(trigger.text)),
        type=ptype,
        actor=actor,
        target=target,
        place=place,
        done_on=done_on,
    )


def _antecedent(token: Token) -> Token:
    """The noun a relative pronoun stands for ("a charge that Russia rejected")."""
    if token.lower_ in _REL_PRONOUNS and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _physical(token: Token, ctx: _Context, lex: Lexicon) -> bool:
    """Whether an object is a place or a physical target ("Ukraine", "civilian areas")."""
    _multi, single = _object_keys(token, ctx, lex)
    return bool(single & (lex.physical | {"@PLACE", "@PARTY"}))


def _target(
    verb: Token,
    theme: Token | None,
    subject: Token | None,
    rule: _Rule,
    passive: bool,
    ctx: _Context,
    lex: Lexicon,
    actor: str | None,
) -> Mention | None:
    ptype, word = rule.type, rule.word
    candidates: list[tuple[Token, bool]] = []  # (token, may use modifiers)
    direct = _children(verb, "nsubjpass") if passive else _children(verb, "dobj")
    if passive and not _children(verb, "agent"):
        # "dozens were killed in a fire at the warehouse": only the passive
        # subject can be the target
        return next(
            (
                m
                for m in (_party(t, ctx, lex) for t in direct if t.lemma_ not in lex.instruments)
                if m is not None and m.label in lex.target_labels and m.name != actor
            ),
            None,
        )
    direct += _children(verb, "dative")
    last = _word_chain(verb, word) if word else None
    if last is not None:  # "pulled back from Kyiv", "fired at Kyiv"
        direct += _children(last, "pobj")
    for token in direct:
        candidates.append((token, theme is None or token.i != theme.i))
    preps = lex.target_preps[ptype] | ({word.split()[-1]} if word else set())
    heads = [verb] + ([theme] if theme is not None else []) + _children(verb, "dobj")
    for xcomp in _children(verb, "xcomp"):  # "threatened to use nuclear weapons against Ukraine"
        if ptype in _SPEECH_TYPES:
            candidates += [(t, True) for t in _children(xcomp, "dobj")]
            heads.append(xcomp)
    for head in heads:
        for prep in _children(head, "prep"):
            if prep.lower_ in preps:
                candidates += [(p, True) for p in _children(prep, "pobj")]
    if subject is not None:  # "Biden and Zelensky met"
        candidates += [(c, False) for c in _children(subject, "conj")]
    if theme is not None and not rule.trigger_object and ptype in _THEME_OWNER_TYPES:
        candidates.append((theme, True))  # "expelled two Russian diplomats"
    for token, modifiers in candidates:
        if token.pos_ == "PRON" and token.lower_ not in _OBJECT_PRONOUNS:
            continue  # "blamed it on Kyiv": object "it" is mostly an event
        mention = _party(token, ctx, lex, modifiers=modifiers)
        if mention is not None and mention.label in lex.target_labels and mention.name != actor:
            return mention
    return None
