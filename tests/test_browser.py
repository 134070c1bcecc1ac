"""End to end in a real browser (playwright driving Debian's chromium): the demo corpus,
story -> event -> quote -> source sentence, quotes filtered by speaker, a search.
Screenshots go to tests/artifacts/ (not committed)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT
from .workbench import fresh_copy

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium;"
    " .ci/run installs it)",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from storyline.server import ServerSettings, create_app

    db = fresh_copy(tmp_path_factory, "browser")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_app(ServerSettings(db=db)), host="127.0.0.1", port=port, log_level="warning"
    )
    web = uvicorn.Server(config)
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not web.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    web.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not dialogs, f"a script ran: {dialogs}"
    assert not errors, errors


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_story_event_quote_source_sentence(server: str, page: Any) -> None:
    page.goto(server + "/")
    stories = page.locator("a.story-link")
    assert stories.count() >= 2
    shot(page, "01-stories")
    stories.first.click()
    page.wait_for_url("**/stories/*")
    assert page.locator("svg.timeline circle").count() >= 5
    assert page.locator("li.event").count() >= 5
    shot(page, "02-story")
    # the event with the most outlets: the comparison has something to compare
    events = page.locator("li.event")
    best, most = 0, -1
    for i in range(events.count()):
        outlets = events.nth(i).locator(".meta").first.inner_text().count(",")
        if outlets > most:
            best, most = i, outlets
    events.nth(best).locator("a.event-link").click()
    page.wait_for_url("**/events/*")
    assert page.locator("section.outlet").count() >= 3
    assert page.locator("table.compare .omitted").count() >= 1
    shot(page, "03-event-compare")
    quote = page.locator("table.compare a.quote-link").first
    quote_text = " ".join(quote.inner_text().split())
    quote.click()
    page.wait_for_url("**/quotes/*")
    shown = " ".join(page.locator("blockquote.quote-text").inner_text().split())
    assert quote_text.split()[0] in shown
    shot(page, "04-quote")
    page.locator("a.source-link").click()
    page.wait_for_url("**/articles/*#q-*")
    anchor = page.url.split("#", 1)[1]
    target = page.locator(f"[id='{anchor}']")
    assert target.count() == 1
    highlighted = page.locator(f"[id='{anchor}'] + span.quote")
    assert highlighted.count() == 1
    assert highlighted.is_visible()
    assert highlighted.inner_text().split()[0] in shown
    shot(page, "05-source-sentence")


def test_quotes_filtered_by_speaker(server: str, page: Any) -> None:
    page.goto(server + "/quotes")
    speakers = page.locator("#speakers option")
    assert speakers.count() >= 2
    speaker = speakers.first.get_attribute("value")
    assert speaker
    page.fill("input[name=speaker]", speaker)
    page.click("#quote-filters button[type=submit]")
    page.wait_for_url("**/quotes?*speaker=*")
    cells = page.locator("table.quotes-table td.speaker")
    assert cells.count() >= 1
    assert {" ".join(c.split()) for c in cells.all_inner_texts()} == {speaker}
    shot(page, "06-quotes-by-speaker")


def test_search_and_hostile_text_renders_as_text(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.fill("header input[name=q]", "ceasefire")
    page.click("header form.search button")
    page.wait_for_url("**/search?q=ceasefire")
    assert page.locator("ol.articles li a.article-link").count() >= 1
    assert page.locator("ol.articles mark").count() >= 1
    assert page.locator("ol.quotes a.quote-link").count() >= 1
    shot(page, "07-search")
    page.fill("header input[name=q]", "forged")
    page.click("header form.search button")
    page.wait_for_url("**/search?q=forged")
    page.locator("ol.articles a.article-link").first.click()
    page.wait_for_url("**/articles/*")
    text = page.locator("article.text").inner_text()
    assert "<script>alert('owned')</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert page.locator("article.text img, article.text script").count() == 0
    shot(page, "08-hostile-article")
