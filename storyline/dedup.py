"""Exact and near-duplicate detection: content hashes and MinHash signatures.

Syndicated copies are the norm in news: the same wire story under another
outlet's name, sometimes with a new headline and one sentence changed. An
article whose cleaned text has the same normalised hash as a stored one is an
exact copy; otherwise its MinHash signature (word 3-gram shingles, 64
permutations) is looked up through LSH bands (8 bands of 8 rows) and a
candidate whose estimated Jaccard similarity reaches the threshold is a
near-duplicate. The store keeps the band keys in an index, so lookups cost
about the same at any corpus size.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass

import numpy as np

NUM_PERM = 64
BANDS = 8
ROWS = NUM_PERM // BANDS
_MASK32 = (1 << 32) - 1
_rng = np.random.default_rng(20250801)
_A = _rng.integers(0, np.iinfo(np.uint64).max, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, np.iinfo(np.uint64).max, size=NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class DedupOptions:
    near_threshold: float = 0.8  # estimated Jaccard similarity of 3-gram shingles
    shingle: int = 3


DEFAULT_DEDUP_OPTIONS = DedupOptions()


def normalized_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def content_hash(text: str) -> str:
    """Hash of the text's words, insensitive to case, punctuation and spacing."""
    return hashlib.sha256(" ".join(normalized_words(text)).encode("utf-8")).hexdigest()


def minhash(text: str, *, options: DedupOptions = DEFAULT_DEDUP_OPTIONS) -> tuple[int, ...]:
    """A MinHash signature of the text's word shingles (empty text: empty signature)."""
    words = normalized_words(text)
    k = options.shingle
    if len(words) < k:
        shingles = {" ".join(words)} if words else set()
    else:
        shingles = {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}
    if not shingles:
        return ()
    hashes = np.fromiter(
        (zlib.crc32(s.encode("utf-8")) for s in shingles), dtype=np.uint64, count=len(shingles)
    )
    # multiply-shift hashing: ((a * x + b) mod 2**64) >> 32, a odd (numpy arrays wrap)
    values = (_A[:, None] * hashes[None, :] + _B[:, None]) >> np.uint64(32)
    return tuple(int(v) & _MASK32 for v in values.min(axis=1))


def band_keys(signature: tuple[int, ...]) -> tuple[int, ...]:
    """One 63-bit key per LSH band of the signature."""
    if len(signature) != NUM_PERM:
        return ()
    keys = []
    for band in range(BANDS):
        chunk = signature[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(repr((band, chunk)).encode("ascii"), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big") >> 1)
    return tuple(keys)


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two signatures (0 when either is empty)."""
    if len(a) != NUM_PERM or len(b) != NUM_PERM:
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / NUM_PERM


def pack(signature: tuple[int, ...]) -> bytes:
    return np.asarray(signature, dtype="<u4").tobytes()


def unpack(blob: bytes | None) -> tuple[int, ...]:
    if not blob:
        return ()
    return tuple(int(v) for v in np.frombuffer(blob, dtype="<u4"))
