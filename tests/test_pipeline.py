"""The pipeline in-process: one failing article never stops or loses the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import pipeline
from storyline.store import Store

GOOD = (
    "Officials in Halden said on Monday that the damaged bridge would reopen before the summer. "
    "\u201cWe expect traffic to resume in May,\u201d the mayor, Ana Ilic, told reporters.\n"
)
BAD = "The harbour board in Orvel met on Tuesday to discuss the BOOM in cargo traffic.\n"


def test_an_internal_error_in_one_article_is_reported_and_the_rest_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").write_text(BAD, encoding="utf-8")
    (folder / "c.txt").write_text(GOOD.replace("Halden", "Orvel"), encoding="utf-8")
    real = pipeline.find_quotes

    def exploding(doc, **kwargs):  # type: ignore[no-untyped-def]
        if "BOOM" in doc.text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc, **kwargs)

    monkeypatch.setattr(pipeline, "find_quotes", exploding)
    with Store.open(":memory:") as store:
        report = pipeline.analyze([folder], store=store)
        origins = sorted(Path(r["origin"]).name for r in store.articles())
    assert origins == ["a.txt", "c.txt"]
    assert [p.where for p in report.errors] == [f"{folder}/b.txt"]
    assert report.errors[0].message.startswith("[E020] internal error")
    assert "RecursionError" in report.errors[0].message
