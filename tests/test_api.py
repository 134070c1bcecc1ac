"""The HTTP API and web UI in-process (TestClient): every endpoint, bad parameters,
escaping, CSP, bearer token, upload limits and URL-ingest address checks."""

from __future__ import annotations

import http.server
import re
import socket
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline import compare
from storyline.server import ServerSettings, create_app

from .workbench import fresh_copy

TOKEN = "s3cret-token"
ARTICLE = (
    "Harbour officials in Tesliv said on Tuesday that the new ferry terminal would open in "
    "June. \u201cThe terminal will carry two thousand passengers a day,\u201d the port "
    "director, Mila Andris, told reporters. She added that tickets would go on sale soon.\n"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fresh_copy(tmp_path_factory, "api")


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ServerSettings(db=db, token=TOKEN))) as c:
        yield c


def get(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.text
    return response.json()


def error_code(client: TestClient, url: str, status: int) -> str:
    body = get(client, url, status)
    assert body["error"]["message"].startswith(f"[{body['error']['code']}]")
    return str(body["error"]["code"])


@pytest.fixture(scope="module")
def main_story(client: TestClient) -> dict[str, Any]:
    stories = get(client, "/api/stories")["items"]
    return dict(stories[0])


# ---------------------------------------------------------------------- stories, timeline


def test_stories_biggest_first_and_paged(client: TestClient) -> None:
    stories = get(client, "/api/stories")["items"]
    assert len(stories) >= 2
    assert [s["articles"] for s in stories] == sorted(
        (s["articles"] for s in stories), reverse=True
    )
    first = get(client, "/api/stories?limit=1")
    assert first["items"][0]["id"] == stories[0]["id"]
    assert first["next"]
    second = get(client, f"/api/stories?limit=1&cursor={first['next']}")
    assert second["items"][0]["id"] == stories[1]["id"]


def test_timeline_is_dated_in_order_with_outlets_and_quotes(
    client: TestClient, main_story: dict[str, Any]
) -> None:
    line = get(client, f"/api/stories/{main_story['id']}/timeline")
    dates = [e["date"] for e in line["items"] if e["date"]]
    assert dates == sorted(dates)
    assert len(dates) >= 5
    assert line["total"] == main_story["events"]
    assert any(e["quotes"] for e in line["items"])
    assert all(e["outlets"] for e in line["items"])
    paged = get(client, f"/api/stories/{main_story['id']}/timeline?limit=2")
    assert [e["event"] for e in paged["items"]] == [e["event"] for e in line["items"][:2]]
    rest = get(client, f"/api/stories/{main_story['id']}/timeline?limit=2&cursor={paged['next']}")
    assert rest["items"][0]["event"] == line["items"][2]["event"]


def test_timeline_is_precomputed_and_refreshed_when_clusters_change(
    db: Path, client: TestClient, main_story: dict[str, Any]
) -> None:
    sid = main_story["id"]
    get(client, f"/api/stories/{sid}/timeline")
    with sqlite3.connect(db) as conn:
        version = conn.execute("SELECT n FROM workbench_version").fetchone()[0]
        cached = conn.execute("SELECT version FROM story_timelines WHERE story = ?", (sid,))
        assert cached.fetchone()[0] == version
        event = conn.execute("SELECT id FROM events WHERE story = ? LIMIT 1", (sid,)).fetchone()[0]
        conn.execute("UPDATE events SET title = 'Renamed for the test' WHERE id = ?", (event,))
    titles = [e["title"] for e in get(client, f"/api/stories/{sid}/timeline")["items"]]
    assert "Renamed for the test" in titles


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/stories/nope", 404, "E053"),
        ("/api/stories/nope/timeline", 404, "E053"),
        ("/api/stories?limit=0", 400, "E050"),
        ("/api/stories?limit=201", 400, "E050"),
        ("/api/stories?limit=abc", 400, "E050"),
        ("/api/stories?cursor=garbage", 400, "E051"),
        ("/api/events/nope", 404, "E054"),
        ("/api/events/nope/compare", 404, "E054"),
        ("/api/articles/nope", 404, "E055"),
        ("/api/entities/nope", 404, "E056"),
        ("/api/quotes/nope", 404, "E057"),
        ("/api/quotes?cursor=2025-01-01~x", 400, "E051"),
        ("/api/quotes?from=2025-13-01", 400, "E052"),
        ("/api/quotes?to=yesterday", 400, "E052"),
        ("/api/quotes?from=2025-06-01&to=2025-05-01", 400, "E069"),
        ("/api/quotes?text=%22open", 400, "E058"),
        ("/api/quotes?story=nope", 404, "E053"),
        ("/api/search?q=", 400, "E059"),
        ("/api/search?q=%22unbalanced", 400, "E058"),
        ("/api/search?q=ceasefire%20AND", 400, "E058"),
        ("/api/search?q=(talks", 400, "E058"),
    ],
)
def test_bad_parameters_get_4xx_with_a_clear_message(
    client: TestClient, url: str, status: int, code: str
) -> None:
    assert error_code(client, url, status) == code


# ---------------------------------------------------------------------- events and compare


def test_events_filtered_by_story(client: TestClient, main_story: dict[str, Any]) -> None:
    events = get(client, f"/api/events?story={main_story['id']}&limit=200")["items"]
    assert len(events) == main_story["events"]
    assert {e["story"] for e in events} == {main_story["id"]}
    first = get(client, f"/api/events?story={main_story['id']}&limit=3")
    more = get(client, f"/api/events?story={main_story['id']}&limit=3&cursor={first['next']}")
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in more["items"]}


def _biggest_event(client: TestClient, story: str) -> dict[str, Any]:
    line = get(client, f"/api/stories/{story}/timeline")["items"]
    return dict(max(line, key=lambda e: (len(e["outlets"]), e["event"])))


def test_compare_puts_outlets_side_by_side(client: TestClient, main_story: dict[str, Any]) -> None:
    event = _biggest_event(client, main_story["id"])
    result = get(client, f"/api/events/{event['event']}/compare")
    outlets = [o["outlet"] for o in result["outlets"]]
    assert len(outlets) >= 3
    assert outlets == sorted(outlets)
    # the html sample has no source: it falls back to its file name
    assert all(o for o in outlets)
    for item in result["quotes"]:
        assert sorted(item["carried_by"] + item["omitted_by"]) == outlets
        assert item["variants"][0]["alignment"]
    assert any(item["omitted_by"] for item in result["quotes"])
    for fact in result["facts"]:
        assert set(fact["carried_by"]) | set(fact["omitted_by"]) == set(outlets)


def test_compare_groups_quotes_by_statement_when_linked(
    tmp_path_factory: pytest.TempPathFactory, main_story: dict[str, Any], client: TestClient
) -> None:
    event = _biggest_event(client, main_story["id"])
    db = fresh_copy(tmp_path_factory, "statement")
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT q.id FROM quotes q JOIN event_articles ea ON ea.article = q.article"
            " JOIN articles a ON a.id = q.article WHERE ea.event = ?"
            " ORDER BY a.source IS NULL, a.source, q.idx",
            (event["event"],),
        ).fetchall()
        first, last = rows[0][0], rows[-1][0]
        conn.execute("UPDATE quotes SET statement = 'st-test' WHERE id IN (?, ?)", (first, last))
    with TestClient(create_app(ServerSettings(db=db))) as c:
        result = get(c, f"/api/events/{event['event']}/compare")
    linked = [i for i in result["quotes"] if i["statement"] == "st-test"]
    assert len(linked) == 1
    assert {v["quote"] for v in linked[0]["variants"]} <= {first, last}


def test_alignment_marks_where_wordings_differ() -> None:
    ops = compare.align(
        "The talks took place quietly, in silence, he said",
        "The talks took place without cameras and in a calm atmosphere, he said",
    )
    kinds = [o.op for o in ops]
    assert kinds[0] == "equal"
    assert "replace" in kinds or "insert" in kinds
    shown = " ".join(o.b for o in ops if o.op != "delete")
    assert shown == "The talks took place without cameras and in a calm atmosphere , he said"
    assert all(o.op == "equal" for o in compare.align("Same words here", "same words here"))


def test_event_detail_lists_articles(client: TestClient, main_story: dict[str, Any]) -> None:
    event = _biggest_event(client, main_story["id"])
    detail = get(client, f"/api/events/{event['event']}")
    assert len(detail["articles"]) == event["articles"]
    assert detail["story"] == main_story["id"]


# ---------------------------------------------------------------------- articles, escaping


def _hostile_article(client: TestClient) -> dict[str, Any]:
    hits = get(client, "/api/search?q=forged")["articles"]
    assert hits, "the hostile article is searchable"
    return dict(get(client, f"/api/articles/{hits[0]['id']}"))


def test_article_carries_every_extracted_item_with_offsets(client: TestClient) -> None:
    article = _hostile_article(client)
    text = article["text"]
    assert "<script>" in text
    for kind in ("mentions", "timexes", "quotes", "sentences"):
        assert article[kind], kind
        for item in article[kind]:
            assert 0 <= item["start"] < item["end"] <= len(text)
    for m in article["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]
    assert any(q["speaker"] for q in article["quotes"])


def test_article_page_escapes_markup_and_highlights_items(client: TestClient) -> None:
    article = _hostile_article(client)
    response = client.get(f"/articles/{article['id']}")
    assert response.status_code == 200
    html = response.text
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    body = html.split('<article class="text">', 1)[1].split("</article>", 1)[0]
    tags = set(re.findall(r"</?(\w+)", body))
    assert tags <= {"span", "a"}, tags
    shown = re.sub(r"<[^>]*>", "", body)
    assert "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;" in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown
    for q in article["quotes"]:
        assert f'id="q-{q["id"]}"' in html
    assert 'class="mention"' in html or 'class="mention ' in html
    assert "timex" in html


def test_every_page_sends_a_content_security_policy(client: TestClient) -> None:
    for url in ("/", "/quotes", "/api/stories", "/search?q=talks"):
        policy = client.get(url).headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert "'unsafe-inline'" not in policy
        assert "default-src 'none'" in policy


def test_search_and_quote_pages_escape_hostile_text(client: TestClient) -> None:
    for url in ("/search?q=forged", "/search?q=pasted", "/quotes?text=pasted"):
        html = client.get(url).text
        assert "<img src=x" not in html, url
        assert "<script>alert" not in html, url
    assert "&lt;img src=x onerror=alert(1)&gt;" in client.get("/quotes?text=pasted").text


# ---------------------------------------------------------------------- quotes


def test_quotes_newest_first_and_paged_without_overlap(client: TestClient) -> None:
    first = get(client, "/api/quotes?limit=5")
    keys = [q["sort_date"] for q in first["items"]]
    assert keys == sorted(keys, reverse=True)
    second = get(client, f"/api/quotes?limit=5&cursor={first['next']}")
    assert not {q["id"] for q in first["items"]} & {q["id"] for q in second["items"]}
    assert second["items"][0]["sort_date"] <= keys[-1]


def test_quote_filters(client: TestClient, main_story: dict[str, Any]) -> None:
    every: list[dict[str, Any]] = []
    cursor = ""
    while True:
        page = get(client, f"/api/quotes?limit=200&cursor={cursor}")
        every += page["items"]
        if not page["next"]:
            break
        cursor = page["next"]
    assert len({q["id"] for q in every}) == len(every)
    named = [q for q in every if q["speaker_entity"]]
    speaker, entity = Counter((q["speaker"], q["speaker_entity"]) for q in named).most_common(1)[0][
        0
    ]
    by_speaker = get(client, f"/api/quotes?speaker={speaker}&limit=200")["items"]
    assert by_speaker
    assert {q["speaker"] for q in by_speaker} == {speaker}
    assert len(by_speaker) == sum(q["speaker"] == speaker for q in every)
    # any alias of the person finds the same quotes
    aliases = [a for a in get(client, f"/api/entities/{entity}")["aliases"] if a != speaker]
    for alias in aliases:
        found = get(client, f"/api/quotes?speaker={alias}&limit=200")["items"]
        assert {q["id"] for q in found} == {q["id"] for q in by_speaker}, alias
    assert get(client, "/api/quotes?speaker=Nobody%20Atall")["items"] == []
    in_story = get(client, f"/api/quotes?story={main_story['id']}&limit=200")["items"]
    assert in_story
    assert len(in_story) < len(every)
    source = next(q["outlet"] for q in every if q["outlet"] == "Northline Daily")
    from_source = get(client, f"/api/quotes?source={source}&limit=200")["items"]
    assert from_source
    assert {q["outlet"] for q in from_source} == {source}
    dated = get(client, "/api/quotes?from=2025-05&to=2025-05-31&limit=200")["items"]
    assert dated
    assert all("2025-05" <= q["sort_date"] <= "2025-05-31" for q in dated)
    assert get(client, "/api/quotes?from=1990&to=1990-12")["items"] == []
    texts = get(client, "/api/quotes?text=ceasefire&limit=200")["items"]
    assert texts
    assert all("ceasefire" in q["text"].lower() for q in texts)


def test_quote_detail_points_to_its_source_sentence(client: TestClient) -> None:
    q = get(client, "/api/quotes?limit=1")["items"][0]
    detail = get(client, f"/api/quotes/{q['id']}")
    article = get(client, f"/api/articles/{q['article']}")
    sentence = article["sentences"][detail["sentence"]]
    assert sentence["start"] <= detail["start"] < sentence["end"]
    assert article["text"][detail["start"] : detail["end"]] == detail["text"]
    page = client.get(f"/quotes/{q['id']}").text
    assert f'href="/articles/{q["article"]}#q-{q["id"]}"' in page


# ---------------------------------------------------------------------- entities, search


def test_entities_with_aliases_and_mentions_over_time(client: TestClient) -> None:
    people = get(client, "/api/entities?type=PERSON&limit=200")["items"]
    assert people
    assert {e["type"] for e in people} == {"PERSON"}
    with_alias = next(e for e in people if len(e["aliases"]) > 1)
    detail = get(client, f"/api/entities/{with_alias['id']}")
    assert detail["aliases"] == with_alias["aliases"]
    assert sum(m["mentions"] for m in detail["mentions_by_month"]) >= 1
    months = [m["month"] for m in detail["mentions_by_month"]]
    assert months == sorted(months)
    found = get(client, f"/api/entities?name={with_alias['aliases'][-1]}")["items"]
    assert with_alias["id"] in {e["id"] for e in found}
    assert get(client, "/api/entities?name=zzzz-nobody")["items"] == []
    page = client.get(f"/entities/{with_alias['id']}").text
    assert with_alias["name"] in page


def test_search_finds_articles_and_quotes(client: TestClient) -> None:
    result = get(client, "/api/search?q=ceasefire")
    assert result["articles"]
    assert result["quotes"]
    assert all("\x02" in a["snippet"] for a in result["articles"])
    assert get(client, '/api/search?q="no such phrase anywhere"')["articles"] == []
    assert len(get(client, "/api/search?q=ceasefire&limit=1")["articles"]) == 1
    assert result["articles_total"] >= len(result["articles"])
    assert result["quotes_total"] >= len(result["quotes"])
    assert error_code(client, "/api/search?q=ceasefire&limit=51", 400) == "E050"


# ---------------------------------------------------------------------- ingest


def _upload(client: TestClient, token: str | None, files: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/api/ingest", headers=headers, files=files)


def test_ingest_needs_the_token(client: TestClient) -> None:
    files = [("files", ("ferry.txt", ARTICLE.encode(), "text/plain"))]
    assert _upload(client, None, files).status_code == 401
    response = _upload(client, "wrong", files)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "E060"


def test_ingest_is_disabled_without_a_configured_token(db: Path) -> None:
    with TestClient(create_app(ServerSettings(db=db, precompute=False))) as c:
        files = [("files", ("ferry.txt", ARTICLE.encode(), "text/plain"))]
        response = _upload(c, "anything", files)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "E061"
        response = c.post("/api/ingest/url", json={"url": "https://example.org/"})
        assert response.status_code == 403


def test_upload_size_limit_gives_413(db: Path) -> None:
    settings = ServerSettings(db=db, token=TOKEN, max_upload_bytes=1000, precompute=False)
    with TestClient(create_app(settings)) as c:
        files = [("files", ("big.txt", ARTICLE.encode() * 10, "text/plain"))]
        response = _upload(c, TOKEN, files)
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "E062"


def test_upload_of_nothing_or_of_an_unknown_type(client: TestClient) -> None:
    response = client.post(
        "/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"}, data={"x": "1"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "E063"
    files = [("files", ("virus.exe", b"MZ", "application/octet-stream"))]
    assert _upload(client, TOKEN, files).status_code == 415


def test_uploaded_article_is_analysed_and_searchable(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    db = fresh_copy(tmp_path_factory, "upload")
    with TestClient(create_app(ServerSettings(db=db, token=TOKEN))) as c:
        files = [("files", ("ferry.txt", ARTICLE.encode(), "text/plain"))]
        response = _upload(c, TOKEN, files)
        assert response.status_code == 201, response.text
        assert response.json()["stored"] == 1
        hits = get(c, "/api/search?q=terminal")["articles"]
        assert [h["outlet"] for h in hits] == ["ferry.txt"]
        quotes = get(c, "/api/quotes?text=passengers")["items"]
        assert quotes
        assert quotes[0]["speaker"] == "Mila Andris"
        again = _upload(c, TOKEN, files)
        assert again.status_code == 200
        assert again.json()["stored"] == 0


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://127.0.0.1:9/", "E065"),
        ("http://localhost:9/", "E065"),
        ("http://169.254.169.254/latest/meta-data/", "E065"),
        ("http://10.0.0.1/", "E065"),
        ("http://[::1]:9/", "E065"),
        ("ftp://example.org/file.txt", "E064"),
        ("file:///etc/passwd", "E064"),
    ],
)
def test_url_ingest_refuses_private_addresses_and_other_schemes(
    client: TestClient, url: str, code: str
) -> None:
    response = client.post(
        "/api/ingest/url", headers={"Authorization": f"Bearer {TOKEN}"}, json={"url": url}
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == code


class _Page(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture
def local_page() -> Iterator[str]:
    _Page.body = ARTICLE.encode()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/ferry"
    server.shutdown()
    server.server_close()


def test_url_ingest_fetches_when_private_addresses_are_allowed(
    tmp_path_factory: pytest.TempPathFactory, local_page: str
) -> None:
    db = fresh_copy(tmp_path_factory, "url")
    settings = ServerSettings(db=db, token=TOKEN, allow_private_urls=True)
    with TestClient(create_app(settings)) as c:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        response = c.post("/api/ingest/url", headers=auth, json={"url": local_page})
        assert response.status_code == 201, response.text
        assert get(c, "/api/search?q=terminal")["articles"]
    small = ServerSettings(db=db, token=TOKEN, allow_private_urls=True)
    small = ServerSettings(
        db=db,
        token=TOKEN,
        allow_private_urls=True,
        fetch=type(small.fetch)(max_bytes=100),
        precompute=False,
    )
    with TestClient(create_app(small)) as c:
        response = c.post("/api/ingest/url", headers=auth, json={"url": local_page})
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "E066"


def test_url_ingest_is_not_led_to_a_private_address_by_dns_rebinding(
    client: TestClient, local_page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name resolves to a public address when checked, then to loopback: the fetch must
    check the address it connects to, not an earlier answer."""
    port = int(local_page.split(":")[2].split("/")[0])
    real = socket.getaddrinfo
    asked: list[str] = []

    def rebinding(host: str, *args: Any, **kwargs: Any) -> Any:
        if host != "news.example":
            return real(host, *args, **kwargs)
        asked.append(host)
        address = "93.184.216.34" if len(asked) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    response = client.post(
        "/api/ingest/url",
        headers={"Authorization": f"Bearer {TOKEN}"},
        json={"url": f"http://news.example:{port}/ferry"},
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "E065"
    assert len(asked) == 2  # checked when asked, and again where it connects


# ---------------------------------------------------------------------- UI pages and docs


def test_ui_pages_render_and_link_back(client: TestClient, main_story: dict[str, Any]) -> None:
    home = client.get("/").text
    assert f'href="/stories/{main_story["id"]}"' in home
    story = client.get(f"/stories/{main_story['id']}").text
    assert "<svg" in story
    assert 'href="/events/' in story
    assert 'href="/quotes/' in story
    event = re.search(r'href="/events/([^"]+)"', story)
    assert event is not None
    page = client.get(f"/events/{event.group(1)}").text
    assert 'class="outlet"' in page
    assert 'href="/articles/' in page
    for url in ("/quotes", "/entities", "/search?q=talks", "/search"):
        assert client.get(url).status_code == 200, url
    missing = client.get("/stories/nope")
    assert missing.status_code == 404
    assert "E053" in missing.text
    bad = client.get("/quotes?from=someday")
    assert bad.status_code == 400
    assert "E052" in bad.text


def test_openapi_docs_are_served_without_a_cdn(client: TestClient) -> None:
    spec = get(client, "/openapi.json")
    assert {"/api/stories", "/api/quotes", "/api/search", "/api/ingest"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert assets
    assert all(a.startswith("/") for a in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_migration_0007_upgrades_a_database_made_before_it(tmp_path: Path) -> None:
    from storyline.pipeline import analyze
    from storyline.store import MIGRATIONS, Store

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "metadata.csv").write_text("file,published\nferry.txt,2025-06-03\n", encoding="utf-8")
    db = tmp_path / "old.db"
    before = tuple(m for m in MIGRATIONS if m.name != "0007_workbench")
    with Store.open(db, migrations=before) as store:
        analyze([folder], store=store)
        assert "0007_workbench" not in store.applied_migrations()
    with Store.open(db) as store:
        assert "0007_workbench" in store.applied_migrations()
        rows = store.execute(
            "SELECT q.sort_date, f.text FROM quotes q JOIN quotes_fts f ON f.rowid = q.rowid"
        )
        assert rows
        assert all(r["sort_date"].startswith("2025-06") for r in rows)
        assert any("passengers" in r["text"] for r in rows)
    with TestClient(create_app(ServerSettings(db=db))) as c:
        assert get(c, "/api/quotes?source=ferry.txt")["items"]
        assert get(c, "/api/search?q=passengers")["quotes"]


def test_worker_processes_rebuild_the_app_from_the_environment(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.server.app import SETTINGS_ENV, app_from_env, settings_to_env

    settings = ServerSettings(db=db, token=TOKEN, max_upload_bytes=1234)
    monkeypatch.setenv(SETTINGS_ENV, settings_to_env(settings))
    with TestClient(app_from_env()) as c:
        assert get(c, "/api/stories")["items"]
        response = _upload(c, TOKEN, [("files", ("big.txt", b"x" * 2000, "text/plain"))])
        assert response.status_code == 413
