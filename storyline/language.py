"""Language identification of an article (lingua, offline, low-accuracy mode for speed)."""

from __future__ import annotations

import functools
from typing import Any

_LANGUAGES = (
    "ENGLISH", "FRENCH", "GERMAN", "SPANISH", "ITALIAN", "PORTUGUESE", "DUTCH", "POLISH",
    "RUSSIAN", "UKRAINIAN", "SLOVAK", "CZECH", "TURKISH", "ARABIC", "CHINESE", "HINDI",
)  # fmt: skip


@functools.cache
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in _LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect_language(text: str, *, sample_chars: int = 600) -> str | None:
    """ISO 639-1 code of the text's language, or None when it cannot be told."""
    sample = text[:sample_chars]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    language = _detector().detect_language_of(sample)
    if language is None:
        return None
    return str(language.iso_code_639_1.name).lower()
