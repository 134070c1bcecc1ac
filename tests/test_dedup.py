from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.dedup import band_keys, content_hash, minhash, pack, similarity, unpack

WIRE = (
    "Negotiators from both delegations met in the lakeside town of Orvel on Tuesday for a "
    "third round of talks on the disputed river crossings. The foreign ministry said the "
    "meeting lasted six hours and ended without a joint statement. Officials on both sides "
    "described the atmosphere as businesslike, and a fourth round is expected next month. "
    "Farmers on the eastern bank have been unable to reach their fields since the bridges "
    "were closed in the spring, and local councils have asked for a temporary ferry."
)


def test_copy_with_changed_spacing_and_case_has_the_same_hash() -> None:
    assert content_hash(WIRE) == content_hash(WIRE.upper().replace(" ", "  "))


def test_near_copy_is_similar_and_shares_bands() -> None:
    edited = WIRE.replace("a fourth round is expected next month", "no date was set")
    a, b = minhash(WIRE), minhash(edited)
    assert similarity(a, b) >= 0.7
    assert set(band_keys(a)) & set(band_keys(b))


def test_different_article_is_not_similar() -> None:
    other = (
        "The regional football final was postponed after heavy rain flooded the pitch in "
        "Marrow on Saturday, and the league said a new date would be announced this week."
    )
    assert similarity(minhash(WIRE), minhash(other)) < 0.2


@given(st.lists(st.integers(min_value=0, max_value=2**32 - 1), min_size=64, max_size=64))
def test_signature_pack_round_trip(sig: list[int]) -> None:
    assert unpack(pack(tuple(sig))) == tuple(sig)
