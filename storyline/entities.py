"""Entity mentions per article and canonical identities across a corpus.

Per article (:func:`find_mentions`): spaCy's NER, corrected by an alias layer
(an EntityRuler over ``data/aliases.json``: places, organisations and weapons
en_core_web_sm misses or mislabels) and by label propagation inside the
article (a surname first tagged PERSON stays PERSON when the model later calls
it ORG). Each mention gets ``name``, the fullest form of the same name in the
article ("Putin" -> "Vladimir Putin").

Across the corpus (:func:`resolve_identities`): names are grouped into
entities by the alias table, by a transliteration-tolerant key
("Zelenskyj", "Zelenskyy", "Zelensky", "Zelenskiy" share one key), by surname
for single-word person names when exactly one full name carries that surname,
and by a guarded fuzzy match of full names (first and last names must both be
close). A bare surname shared by two different full names stays unresolved
rather than guessed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from anyascii import anyascii
from rapidfuzz import fuzz

from .model import Entity, EntityType, Mention, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

KEPT_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "WEAPON", "EVENT", "PRODUCT", "FAC", "LAW"}
)
_TYPE_OF_LABEL = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORG,
    "GPE": EntityType.GPE,
    "LOC": EntityType.LOC,
    "FAC": EntityType.LOC,
    "NORP": EntityType.NORP,
    "WEAPON": EntityType.WEAPON,
    "EVENT": EntityType.EVENT,
    "PRODUCT": EntityType.PRODUCT,
}
TITLES = frozenset(
    {
        "president", "prime", "minister", "mr", "mrs", "ms", "dr", "sir", "secretary",
        "spokesman", "spokeswoman", "spokesperson", "chancellor", "general", "gen",
        "senator", "sen", "rep", "governor", "gov", "mayor", "king", "queen", "prince",
        "foreign", "defence", "defense", "state", "deputy", "vice", "former", "us", "u.s.",
        "russian", "ukrainian", "kremlin", "the", "chairman", "leader", "ambassador",
        "commander", "lieutenant", "colonel", "col", "admiral", "pope", "premier",
    }
)  # fmt: skip
_STRIP_LEADING = frozenset({"the", "a", "an"})


@dataclass(frozen=True, slots=True)
class AliasEntry:
    id: str
    label: str
    variants: tuple[str, ...]


@functools.cache
def alias_table() -> tuple[AliasEntry, ...]:
    """The bundled alias entries (places, organisations, weapons)."""
    raw = json.loads(resources.files("storyline").joinpath("data/aliases.json").read_text("utf-8"))
    return tuple(
        AliasEntry(id=e["id"], label=e["label"], variants=tuple(e["variants"]))
        for e in raw["entries"]
    )


@functools.cache
def _alias_index() -> dict[str, AliasEntry]:
    index: dict[str, AliasEntry] = {}
    for entry in alias_table():
        for variant in (entry.id, *entry.variants):
            index[name_key(variant)] = entry
    return index


def add_alias_layer(nlp: Language) -> None:
    """Add the alias EntityRuler and the label-repair component after ``ner``."""
    if "storyline_aliases" in nlp.pipe_names:
        return
    from spacy.pipeline import EntityRuler

    ruler = nlp.add_pipe(
        "entity_ruler", name="storyline_aliases", after="ner", config={"overwrite_ents": True}
    )
    assert isinstance(ruler, EntityRuler)
    patterns: list[dict[str, Any]] = [
        {"label": entry.label, "pattern": variant, "id": entry.id}
        for entry in alias_table()
        for variant in entry.variants
    ]
    ruler.add_patterns(patterns)
    nlp.add_pipe("storyline_label_repair", after="storyline_aliases")


def _register_components() -> None:
    from spacy.language import Language

    if "storyline_label_repair" in Language.factories:
        return

    @Language.component("storyline_label_repair")
    def label_repair(doc: Doc) -> Doc:
        return repair_labels(doc)


def repair_labels(doc: Doc) -> Doc:
    """Within one article, give a name the label of its first PERSON reading.

    en_core_web_sm tags "Volodymyr Zelenskyj" PERSON and, two sentences later,
    "Zelenskyj" ORG. A name whose last token matches the last token of a
    PERSON mention elsewhere in the article, and that the alias layer did not
    set, becomes PERSON.
    """
    aliases = _alias_index()
    surnames = {
        translit_key(ent[-1].text)
        for ent in doc.ents
        if ent.label_ == "PERSON" and len(ent) >= 2 and name_key(ent.text) not in aliases
    }
    if not surnames:
        return doc
    changed = False
    new_ents: list[SpacySpan] = []
    for ent in doc.ents:
        if (
            ent.label_ in {"ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "FAC"}
            and not ent.ent_id_
            and translit_key(ent[-1].text) in surnames
            and all(t.is_title or t.is_upper for t in ent)
            and name_key(ent.text) not in aliases
        ):
            from spacy.tokens import Span as SpacySpanCls

            new_ents.append(SpacySpanCls(doc, ent.start, ent.end, label="PERSON"))
            changed = True
        else:
            new_ents.append(ent)
    if changed:
        doc.ents = new_ents
    return doc


_register_components()

# --------------------------------------------------------------------------- keys

_NON_WORD = re.compile(r"[^\w\s-]")
_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key of a name ("Orešnik" -> "oresnik")."""
    ascii_name = anyascii(name).lower().replace("’", "'")
    ascii_name = re.sub(r"'s$", "", ascii_name)
    ascii_name = _NON_WORD.sub("", ascii_name)
    return _SPACES.sub(" ", ascii_name).strip()


def translit_key(token: str) -> str:
    """A key that merges common transliteration variants of one word.

    Letters that romanisations of Slavic, Turkic and Arabic names swap are
    folded (kh/h, q/k, x/ks, w/v, ph/f, j/y, y/i), doubled letters are single
    and final -ii/-iy collapse: Zelenskyj, Zelenskyy, Zelensky, Zelenskiy ->
    "zelenski"; Velychko, Velichko -> "velichko"; Qasymova, Kassimova ->
    "kasimova".
    """
    key = re.sub(r"[^a-z]", "", anyascii(token).lower())
    for a, b in (("kh", "h"), ("ck", "k"), ("q", "k"), ("x", "ks"), ("w", "v"), ("ph", "f")):
        key = key.replace(a, b)
    key = key.replace("j", "y").replace("y", "i")
    key = re.sub(r"(.)\1+", r"\1", key)
    return key


@functools.cache
def _given_name_classes() -> dict[str, int]:
    raw = json.loads(
        resources.files("storyline").joinpath("data/given_names.json").read_text("utf-8")
    )
    return {translit_key(name): i for i, names in enumerate(raw["classes"]) for name in names}


def same_given_name(a: str, b: str, *, threshold: float = 80.0) -> bool:
    """Whether two given names are one name in two spellings or languages."""
    ka, kb = translit_key(a), translit_key(b)
    if ka == kb:
        return True
    classes = _given_name_classes()
    if ka in classes and kb in classes:
        return classes[ka] == classes[kb]
    return len(ka) > 3 and len(kb) > 3 and fuzz.ratio(ka, kb) >= threshold


def _strip_name(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in _STRIP_LEADING:
        words = words[1:]
    name = " ".join(words)
    return re.sub(r"['’]s$", "", name)


def _person_core(name: str) -> list[str]:
    """Name tokens without titles: "President Vladimir Putin" -> ["Vladimir", "Putin"]."""
    tokens = [t for t in name.replace(".", ". ").split() if t]
    while len(tokens) > 1 and tokens[0].lower().rstrip(".") in TITLES:
        tokens = tokens[1:]
    return tokens


# --------------------------------------------------------------------------- per article


def find_mentions(doc: Doc) -> tuple[Mention, ...]:
    """Named mentions of the article, each with the fullest in-article form as ``name``."""
    raw: list[tuple[SpacySpan, str]] = []
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        start_tok = ent.start
        while start_tok < ent.end and doc[start_tok].lower_ in _STRIP_LEADING:
            start_tok += 1
        end_tok = ent.end
        if end_tok > start_tok and doc[end_tok - 1].text in {"'s", "’s", "'"}:
            end_tok -= 1
        if end_tok <= start_tok:
            continue
        span = doc[start_tok:end_tok]
        if not any(ch.isalpha() for ch in span.text):
            continue
        if not span.ent_id_ and not span.text[0].isupper() and not span.text[0].isdigit():
            continue  # "lorry", "the ministry": not a name (alias-table entries such as dpa stay)
        raw.append((span, ent.label_))

    # full names per surname (transliteration-tolerant) within the article
    full_person: dict[str, set[str]] = defaultdict(set)
    for span, label in raw:
        if label != "PERSON":
            continue
        core = _person_core(span.text)
        if len(core) >= 2:
            full_person[translit_key(core[-1])].add(" ".join(core))

    mentions: list[Mention] = []
    for span, label in raw:
        text = span.text
        if label == "PERSON":
            core = _person_core(text)
            name = " ".join(core) if core else text
            if len(core) == 1:
                fulls = full_person.get(translit_key(core[0]), set())
                # one full name carries this surname: that is who is meant; two or more
                # (a president and his wife): the bare surname stays unresolved
                if len(fulls) == 1:
                    name = next(iter(fulls))
        elif span.ent_id_:
            name = text
        else:
            name = _strip_name(text)
        mentions.append(
            Mention(span=Span(span.start_char, span.end_char), text=text, label=label, name=name)
        )
    return tuple(mentions)


# --------------------------------------------------------------------------- corpus


@dataclass(frozen=True, slots=True)
class NameStat:
    """How often one in-article name was seen with one label across the corpus."""

    name: str
    label: str
    count: int
    surface: str = ""  # the mention text as written ("Putin" for the name "Vladimir Putin")


@dataclass(frozen=True, slots=True)
class IdentityOptions:
    fuzzy_first: float = 80.0  # first-name similarity (0-100) to merge two full names
    fuzzy_last: float = 88.0  # surname similarity, on transliteration keys


DEFAULT_IDENTITY_OPTIONS = IdentityOptions()


@dataclass(frozen=True, slots=True)
class Identities:
    entities: tuple[Entity, ...]
    by_name: Mapping[tuple[str, str], str]  # (name, entity type) -> entity id

    def lookup(self, name: str | None, label: str | None = None) -> str | None:
        if not name:
            return None
        if label is not None:
            found = self.by_name.get((name, str(entity_type(label))))
            if found is not None:
                return found
        for etype in EntityType:
            found = self.by_name.get((name, str(etype)))
            if found is not None:
                return found
        return None


def entity_type(label: str) -> EntityType:
    return _TYPE_OF_LABEL.get(label, EntityType.OTHER)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # deterministic: the smaller key becomes the root
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def resolve_identities(
    stats: Iterable[NameStat], *, options: IdentityOptions = DEFAULT_IDENTITY_OPTIONS
) -> Identities:
    """Group names into canonical entities; deterministic and independent of input order."""
    counts: dict[tuple[str, EntityType], Counter[str]] = defaultdict(Counter)
    surfaces: dict[tuple[str, EntityType], set[str]] = defaultdict(set)
    stats = list(stats)
    # one type per name across the corpus: the type most of its mentions carry (the small
    # model calls an unfamiliar country PERSON in one article and GPE in three others)
    votes: dict[str, Counter[EntityType]] = defaultdict(Counter)
    for stat in stats:
        votes[name_key(stat.name)][entity_type(stat.label)] += stat.count
    majority = {
        key: sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0]
        for key, c in votes.items()
    }
    seen_types: dict[str, set[str]] = defaultdict(set)  # name -> the types it was seen with
    for stat in stats:
        key = name_key(stat.name)
        etype = majority[key]
        counts[(key, etype)][stat.name] += stat.count
        surfaces[(key, etype)].add(stat.surface or stat.name)
        seen_types[stat.name].add(str(entity_type(stat.label)))
    aliases = _alias_index()

    def node(key: str, etype: EntityType) -> str:
        return f"{etype}\x1f{key}"

    uf = _UnionFind()
    by_type: dict[EntityType, list[str]] = defaultdict(list)
    for key, etype in sorted(counts):
        uf.find(node(key, etype))
        by_type[etype].append(key)

    for etype, keys in by_type.items():
        # 1. alias table and transliteration keys
        groups: dict[str, list[str]] = defaultdict(list)
        for key in keys:
            entry = aliases.get(key)
            if entry is not None:
                groups["alias:" + entry.id].append(key)
            elif etype is EntityType.PERSON:
                core = _person_core(key)
                groups["tr:" + " ".join(translit_key(t) for t in core)].append(key)
            else:
                groups["tr:" + " ".join(translit_key(t) for t in key.split())].append(key)
        for group in groups.values():
            for other in group[1:]:
                uf.union(node(group[0], etype), node(other, etype))
        if etype is not EntityType.PERSON:
            continue
        _merge_people(keys, etype, uf, node, options)

    members_of: dict[str, list[tuple[str, EntityType]]] = defaultdict(list)
    for key, etype in counts:
        members_of[uf.find(node(key, etype))].append((key, etype))

    entities: list[Entity] = []
    by_name: dict[tuple[str, str], str] = {}
    for root in sorted(members_of):
        members = members_of[root]
        names: Counter[str] = Counter()
        seen: set[str] = set()
        for member in members:
            names.update(counts[member])
            seen |= surfaces[member]
        etype = members[0][1]
        name = _canonical_name(names, etype)
        entity_id = "e" + hashlib.sha1(root.encode("utf-8")).hexdigest()[:12]
        entities.append(
            Entity(id=entity_id, name=name, type=etype, aliases=tuple(sorted(seen | set(names))))
        )
        for alias in names:
            by_name[(alias, str(etype))] = entity_id
            for other in seen_types.get(alias, ()):
                by_name.setdefault((alias, other), entity_id)
    return Identities(entities=tuple(entities), by_name=by_name)


def _merge_people(
    keys: Sequence[str],
    etype: EntityType,
    uf: _UnionFind,
    node: Callable[[str, EntityType], str],
    options: IdentityOptions,
) -> None:
    """Merge full names whose surnames and given names match; attach bare surnames."""
    full: dict[str, list[str]] = defaultdict(list)  # surname translit key -> full-name keys
    singles: list[str] = []
    for key in keys:
        core = _person_core(key)
        if len(core) >= 2:
            full[translit_key(core[-1])].append(key)
        elif core:
            singles.append(key)
    surnames = sorted(full)
    by_initial: dict[str, list[str]] = defaultdict(list)
    for surname in surnames:
        by_initial[surname[:1]].append(surname)
    for s1 in surnames:
        for s2 in by_initial[s1[:1]]:
            if s2 < s1 or abs(len(s1) - len(s2)) > 2:
                continue
            if s1 != s2 and fuzz.ratio(s1, s2) < options.fuzzy_last:
                continue
            for k1 in full[s1]:
                for k2 in full[s2]:
                    if k1 < k2 and same_given_name(
                        _person_core(k1)[0], _person_core(k2)[0], threshold=options.fuzzy_first
                    ):
                        uf.union(node(k1, etype), node(k2, etype))
    # a bare surname joins the one person carrying it; with two or more it stays apart
    for key in singles:
        skey = translit_key(_person_core(key)[0])
        candidates = full.get(skey, [])
        roots = {uf.find(node(k, etype)) for k in candidates}
        if len(roots) == 1:
            uf.union(node(key, etype), node(candidates[0], etype))


def _canonical_name(surface: Counter[str], etype: EntityType) -> str:
    """The fullest, most frequent surface form (ties: alphabetical)."""

    def words(name: str) -> int:
        return len(_person_core(name)) if etype is EntityType.PERSON else 1

    most_words = max(words(n) for n in surface)
    fullest = [n for n in surface if words(n) == most_words]
    return sorted(fullest, key=lambda n: (-surface[n], n))[0]
