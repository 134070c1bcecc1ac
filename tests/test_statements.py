"""Cross-article statements: linking rules on invented quotes, and incremental == full."""

from __future__ import annotations

import json
from dataclasses import replace
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from storyline.export import write_json
from storyline.pipeline import AnalyzeOptions, analyze, recluster, update_statements
from storyline.statements import QuoteText, content_stems, link_statements, speaker_fingerprint
from storyline.store import Store

FULL = (
    "We will never accept a ceasefire that freezes the front line and rewards the invader "
    "for another winter of shelling."
)


def q(
    qid: str, article: str, text: str, *, speaker: str = "e1", date: str | None = None
) -> QuoteText:
    return QuoteText(
        id=qid,
        article=article,
        speaker_entity=speaker,
        text=text,
        date=date,
        published="2025-03-0" + article[-1],
        seq=int(article[-1]),
    )


def groups(quotes: list[QuoteText], **kwargs: Any) -> list[set[str]]:
    return sorted((set(s.quotes) for s in link_statements(quotes, **kwargs)), key=lambda g: min(g))


def test_trimmed_and_partial_copies_are_one_statement() -> None:
    quotes = [
        q("a1-q0", "a1", FULL),
        q("a2-q0", "a2", "We will never accept a ceasefire that freezes the front line"),
        q("a3-q0", "a3", "never accept a ceasefire that freezes the front line and rewards"),
    ]
    (statement,) = link_statements(quotes)
    assert set(statement.quotes) == {"a1-q0", "a2-q0", "a3-q0"}
    assert statement.text == FULL  # the earliest article's wording
    assert statement.first_article == "a1"


def test_different_words_of_one_speaker_stay_apart() -> None:
    quotes = [
        q("a1-q0", "a1", FULL),
        q("a2-q0", "a2", "The grain corridor will reopen as soon as the insurers return."),
    ]
    assert groups(quotes) == [{"a1-q0"}, {"a2-q0"}]


def test_same_words_of_two_speakers_stay_apart() -> None:
    quotes = [q("a1-q0", "a1", FULL, speaker="e1"), q("a2-q0", "a2", FULL, speaker="e2")]
    assert groups(quotes) == [{"a1-q0"}, {"a2-q0"}]


def test_short_partial_quotes_do_not_link() -> None:
    # one or two words ("exaggerated", "at any time") are too common to be one utterance
    quotes = [q("a1-q0", "a1", "exaggerated"), q("a2-q0", "a2", "exaggerated")]
    assert groups(quotes) == [{"a1-q0"}, {"a2-q0"}]


def test_words_said_on_different_days_are_different_statements() -> None:
    quotes = [
        q("a1-q0", "a1", FULL, date="2025-03-01"),
        q("a2-q0", "a2", FULL, date="2025-03-09"),
        q("a3-q0", "a3", FULL),  # undated: joins either
    ]
    (statement,) = link_statements(quotes[1:])
    assert statement.date == "2025-03-09"
    assert len(link_statements(quotes[:2])) == 2


def test_an_undated_copy_does_not_chain_two_occasions() -> None:
    quotes = [
        q("a1-q0", "a1", FULL, date="2025-03-01"),
        q("a2-q0", "a2", FULL),  # undated: may join one of them, not both
        q("a3-q0", "a3", FULL, date="2025-03-09"),
    ]
    statements = link_statements(quotes)
    assert len(statements) == 2
    dated = {"a1-q0": "2025-03-01", "a3-q0": "2025-03-09"}
    for statement in statements:
        assert len({dated[x] for x in statement.quotes if x in dated}) == 1
    assert link_statements(quotes) == link_statements(list(reversed(quotes)))


def test_quotes_of_one_article_are_not_linked_to_each_other() -> None:
    quotes = [q("a1-q0", "a1", FULL), q("a1-q1", "a1", FULL)]
    assert groups(quotes) == [{"a1-q0"}, {"a1-q1"}]


STRIKE_A = "Our forces will strike the targets we have not hit so far"
STRIKE_B = "we will strike at those targets which we have not yet been hitting"
STRIKE_C = "We will strike targets we did not hit before, the general staff said"


def by_marker(*pairs: tuple[str, list[float]]) -> Any:
    """A stand-in embedder: the vector of the first marker word found in the text."""

    def embed(texts: Any) -> list[list[float]]:
        return [next(v for m, v in pairs if m in t) for t in texts]

    return embed


def test_inflected_copies_link_on_word_stems() -> None:
    quotes = [
        q("a1-q0", "a1", "even decision-makers dance, sing and go to parties in their free time"),
        q("a2-q0", "a2", "even decision-makers are dancing, singing and partying"),
    ]
    assert groups(quotes) == [{"a1-q0", "a2-q0"}]


def test_a_syndicated_quote_links_however_often_it_is_copied() -> None:
    # more copies than max_postings: the word index must not hide them from each other
    quotes = [q(f"a{i}-q0", f"a{i}", "create powerful armed forces") for i in range(1, 301)]
    (statement,) = link_statements([replace(x, seq=i) for i, x in enumerate(quotes)])
    assert len(statement.quotes) == 300


def test_a_translation_links_by_meaning_on_the_same_day() -> None:
    quotes = [
        q("a1-q0", "a1", STRIKE_A, date="2025-06-05"),
        q("a2-q0", "a2", STRIKE_B, date="2025-06-05"),
    ]
    # three shared stems (strike, target, hit): too few for the word rule
    assert groups(quotes) == [{"a1-q0"}, {"a2-q0"}]
    same = by_marker(("forces", [1.0, 0.2]), ("hitting", [0.9, 0.3]))
    assert groups(quotes, embed=same) == [{"a1-q0", "a2-q0"}]
    apart = by_marker(("forces", [1.0, 0.0]), ("hitting", [0.0, 1.0]))
    assert groups(quotes, embed=apart) == [{"a1-q0"}, {"a2-q0"}]


def test_meaning_needs_two_known_days_that_agree() -> None:
    same = by_marker(("forces", [1.0, 0.2]), ("hitting", [0.9, 0.3]))
    undated = [q("a1-q0", "a1", STRIKE_A, date="2025-06-05"), q("a2-q0", "a2", STRIKE_B)]
    assert groups(undated, embed=same) == [{"a1-q0"}, {"a2-q0"}]
    apart = [
        q("a1-q0", "a1", STRIKE_A, date="2025-06-05"),
        q("a2-q0", "a2", STRIKE_B, date="2025-06-12"),
    ]
    assert groups(apart, embed=same) == [{"a1-q0"}, {"a2-q0"}]


def test_meaning_links_only_mutual_best_matches() -> None:
    # a2 carries two sentences near a1's: only the closer one is the same utterance
    quotes = [
        q("a1-q0", "a1", STRIKE_A, date="2025-06-05"),
        q("a2-q0", "a2", STRIKE_B, date="2025-06-05"),
        q("a2-q1", "a2", STRIKE_C, date="2025-06-05"),
    ]
    assert len(content_stems(STRIKE_A) & content_stems(STRIKE_C)) == 3  # a candidate too
    embed = by_marker(("forces", [1.0, 0.2]), ("hitting", [0.9, 0.3]), ("staff", [0.8, 0.5]))
    assert groups(quotes, embed=embed) == [{"a1-q0", "a2-q0"}, {"a2-q1"}]


def test_a_translation_sharing_no_stems_stays_apart() -> None:
    # "quietly, in silence" / "without cameras": an embedding alone is not evidence enough
    quotes = [
        q(
            "a1-q0",
            "a1",
            "It should be done quietly, in silence, the negotiating process",
            date="2025-08-01",
        ),
        q("a2-q0", "a2", "We could hold the talks without cameras and calmly", date="2025-08-01"),
    ]
    assert len(content_stems(quotes[0].text) & content_stems(quotes[1].text)) == 0
    same = by_marker(("quietly", [1.0, 0.1]), ("calmly", [1.0, 0.1]))
    assert groups(quotes, embed=same) == [{"a1-q0"}, {"a2-q0"}]


def test_result_does_not_depend_on_input_order() -> None:
    quotes = [
        q("a1-q0", "a1", FULL),
        q("a2-q0", "a2", FULL[:60]),
        q("a3-q0", "a3", "The grain corridor will reopen as soon as the insurers return."),
        q("a4-q0", "a4", "the grain corridor will reopen as soon as insurers return"),
    ]
    assert link_statements(quotes) == link_statements(list(reversed(quotes)))
    assert speaker_fingerprint(quotes, "m") == speaker_fingerprint(reversed(quotes), "m")
    assert speaker_fingerprint(quotes, "m") != speaker_fingerprint(quotes[:3], "m")


# --------------------------------------------------------------------------- in the store

ARTICLES = {
    "one/a.txt": (
        "Defence Minister Ilse Marenko spoke in Tallinn on Monday. “We will never accept a "
        "ceasefire that freezes the front line and rewards the invader for another winter of "
        "shelling,” Marenko said. She added that the new air defence units would arrive soon.\n"
    ),
    "one/b.txt": (
        "The grain corridor is closed again, port officials said on Tuesday. “The corridor will "
        "reopen as soon as the insurers return to the market,” said harbour master Teodor Pask.\n"
    ),
    "two/c.txt": (
        "Ilse Marenko, the defence minister, ruled out a truce. “We will never accept a "
        "ceasefire that freezes the front line,” she told a news conference in Tallinn.\n"
    ),
    "two/d.txt": (
        "Harbour master Teodor Pask said ships were waiting outside the port. “The corridor "
        "will reopen as soon as the insurers return,” Pask said.\n"
    ),
}


def write(root: Path, names: list[str]) -> Path:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLES[name], encoding="utf-8")
    return root


def snapshot(store: Store) -> tuple[Any, Any]:
    out = StringIO()
    write_json(store, out)
    data = json.loads(out.getvalue())
    return data["statements"], sorted((x["id"], x["statement"]) for x in data["quotes"])


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, Any]:
    root = tmp_path_factory.mktemp("statements")
    options = AnalyzeOptions(workers=1)
    # incremental: one folder, then the other
    write(root, ["one/a.txt", "one/b.txt"])
    with Store.open(root / "inc.db") as store:
        analyze([root / "one"], store=store, options=options)
        write(root, ["two/c.txt", "two/d.txt"])
        analyze([root / "one", root / "two"], store=store, options=options)
        incremental = snapshot(store)
        recluster(store)
        full = snapshot(store)
    with Store.open(root / "once.db") as store:
        analyze([root / "one", root / "two"], store=store, options=options)
        once = snapshot(store)
    return incremental, full, once


def test_incremental_equals_full(stores: tuple[Any, Any, Any]) -> None:
    incremental, full, once = stores
    assert incremental == full
    assert incremental[1] == once[1]


def test_statements_link_across_articles(stores: tuple[Any, Any, Any]) -> None:
    statements, _ = stores[0]
    multi = sorted(
        (len(s["articles"]), s["speaker"], s["text"][:30])
        for s in statements
        if len(s["quotes"]) > 1
    )
    assert [(n, speaker) for n, speaker, _ in multi] == [
        (2, "Ilse Marenko"),
        (2, "Teodor Pask"),
    ]
    marenko = next(s for s in statements if s["speaker"] == "Ilse Marenko" and len(s["quotes"]) > 1)
    assert marenko["text"].startswith("We will never accept")
    assert marenko["text"].endswith("winter of shelling")  # the first article's wording
    assert len({v["text"] for v in marenko["variants"]}) == 2


def test_unchanged_store_is_not_rewritten(tmp_path: Path) -> None:
    write(tmp_path, ["one/a.txt", "two/c.txt"])
    with Store.open(tmp_path / "x.db") as store:
        analyze(
            [tmp_path / "one", tmp_path / "two"], store=store, options=AnalyzeOptions(workers=1)
        )
        before = snapshot(store)
        points: list[str] = []
        store.set_hook(points.append)
        update_statements(store, full=False)
        assert "inside_statements" not in points  # nothing changed, nothing written
        update_statements(store, full=True)
        assert "inside_statements" in points
        assert snapshot(store) == before
