from __future__ import annotations

from storyline.entities import NameStat, find_mentions, name_key, resolve_identities, translit_key


def names(stats: list[tuple[str, str]]) -> list[NameStat]:
    return [NameStat(name=n, label=label, count=1) for n, label in stats]


def test_transliteration_variants_share_a_key() -> None:
    keys = {translit_key(v) for v in ("Zelenskyj", "Zelenskyy", "Zelensky", "Zelenskiy")}
    assert len(keys) == 1
    assert name_key("Orešnik") == "oresnik"


def test_variants_merge_into_one_identity_with_every_alias() -> None:
    ids = resolve_identities(
        names(
            [
                ("Volodymyr Zelenskyj", "PERSON"),
                ("Volodymyr Zelenskyy", "PERSON"),
                ("Volodymyr Zelenskiy", "PERSON"),
                ("Zelensky", "PERSON"),
                ("Kiev", "GPE"),
                ("Kyiv", "GPE"),
                ("Oreshnik", "WEAPON"),
                ("Orešnik", "WEAPON"),
            ]
        )
    )
    people = [e for e in ids.entities if e.type == "PERSON"]
    assert len(people) == 1
    assert set(people[0].aliases) >= {"Volodymyr Zelenskyj", "Zelensky", "Volodymyr Zelenskiy"}
    assert people[0].name.startswith("Volodymyr Zelensk")
    places = [e for e in ids.entities if e.type == "GPE"]
    assert len(places) == 1
    assert set(places[0].aliases) == {"Kiev", "Kyiv"}
    weapons = [e for e in ids.entities if e.type == "WEAPON"]
    assert len(weapons) == 1


def test_different_people_are_not_merged() -> None:
    ids = resolve_identities(
        names(
            [
                ("Donald Trump", "PERSON"),
                ("Donald Tusk", "PERSON"),
                ("Joe Biden", "PERSON"),
                ("Hunter Biden", "PERSON"),
                ("Biden", "PERSON"),
                ("Kim Jong Un", "PERSON"),
                ("Kim Yo Jong", "PERSON"),
            ]
        )
    )
    people = {e.name for e in ids.entities}
    assert {"Donald Trump", "Donald Tusk", "Joe Biden", "Hunter Biden"} <= people
    assert {"Kim Jong Un", "Kim Yo Jong"} <= people
    # a bare surname shared by two full names stays apart rather than guessed
    biden = ids.lookup("Biden", "PERSON")
    assert biden not in {ids.lookup("Joe Biden", "PERSON"), ids.lookup("Hunter Biden", "PERSON")}


def test_single_surname_joins_its_only_full_name() -> None:
    ids = resolve_identities(names([("Vladimir Putin", "PERSON"), ("Putin", "PERSON")]))
    assert ids.lookup("Putin", "PERSON") == ids.lookup("Vladimir Putin", "PERSON")
    assert [e.name for e in ids.entities] == ["Vladimir Putin"]


def test_identities_do_not_depend_on_input_order() -> None:
    stats = names([("Ana Ilic", "PERSON"), ("Ilic", "PERSON"), ("Kiev", "GPE"), ("Kyiv", "GPE")])
    a = resolve_identities(stats)
    b = resolve_identities(list(reversed(stats)))
    assert a.entities == b.entities


def test_mentions_get_the_fullest_in_article_name(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(
        "Ukrainian President Volodymyr Zelenskyj met officials in Kiev on Friday. "
        "Later, Zelenskyj said the Orešnik missile changed nothing."
    )
    mentions = find_mentions(doc)
    by_text = {m.text: m for m in mentions}
    assert by_text["Zelenskyj"].label == "PERSON"
    assert by_text["Zelenskyj"].name == "Volodymyr Zelenskyj"
    assert by_text["Kiev"].label == "GPE"
    assert by_text["Orešnik"].label == "WEAPON"
    for m in mentions:
        assert doc.text[m.span.start : m.span.end] == m.text


def test_one_type_per_name_by_majority() -> None:
    ids = resolve_identities(
        [
            NameStat(name="Veletia", label="GPE", count=5),
            NameStat(name="Veletia", label="PERSON", count=1),
            NameStat(name="Ana Ilic", label="PERSON", count=2),
        ]
    )
    veletia = [e for e in ids.entities if e.name == "Veletia"]
    assert len(veletia) == 1
    assert veletia[0].type == "GPE"
    assert ids.lookup("Veletia", "PERSON") == veletia[0].id


def test_lowercase_words_are_not_names(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("A lorry driver said the lorry was stopped at the crossing by police.")
    assert all(m.text[0].isupper() for m in find_mentions(doc))
