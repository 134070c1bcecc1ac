"""Latency of the HTTP API under concurrent clients on loopback.

Starts `storyline serve` on a database (by default the ukraine-media corpus analysed into
/tmp/ukraine.db), warms it up, then runs N closed-loop clients (one keep-alive connection
each) for a fixed time against three endpoint groups: story timeline, quotes with filters,
and full-text search. Prints p50/p95/p99 per group and the machine's load.

    .venv/bin/storyline analyze ../shared/eval/ukraine-media/data/*.csv --db /tmp/ukraine.db \\
        --field published=Date --field text=Text --field title=Title --field url=URL
    .venv/bin/python bench/latency.py --db /tmp/ukraine.db --clients 20 --seconds 30
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

SEARCH_WORDS = (
    "ceasefire", "sanctions", "Kyiv", "Putin", "talks", "missile", "grain", "refugees",
    "Zelensky", "NATO", "drone", "nuclear", "Crimea", "Mariupol", "negotiations", "energy",
    '"peace talks"', "troops NOT training", "gas OR oil", "humanitar*",
)  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read()


def workload(db: Path) -> dict[str, list[str]]:
    """URLs per group, drawn from the database (top stories, speakers, outlets)."""
    conn = sqlite3.connect(db)
    stories = [
        r[0]
        for r in conn.execute(
            "SELECT e.story, COUNT(*) AS n FROM events e JOIN event_articles ea"
            " ON ea.event = e.id WHERE e.story IS NOT NULL GROUP BY e.story"
            " ORDER BY n DESC LIMIT 40"
        )
    ]
    speakers = [
        r[0]
        for r in conn.execute(
            "SELECT speaker_name, COUNT(*) AS n FROM quotes WHERE speaker_name IS NOT NULL"
            " GROUP BY speaker_name ORDER BY n DESC LIMIT 30"
        )
    ]
    sources = [
        r[0]
        for r in conn.execute(
            "SELECT source FROM articles WHERE source IS NOT NULL GROUP BY source"
            " ORDER BY COUNT(*) DESC LIMIT 10"
        )
    ]
    conn.close()
    timeline = [f"/api/stories/{s}/timeline" for s in stories]
    timeline += [f"/api/stories/{s}/timeline?limit=20" for s in stories[:10]]
    quotes = ["/api/quotes", "/api/quotes?limit=20"]
    quotes += [f"/api/quotes?speaker={quote(s)}" for s in speakers]
    quotes += [f"/api/quotes?story={s}" for s in stories[:15]]
    quotes += [f"/api/quotes?source={quote(s)}" for s in sources]
    quotes += [f"/api/quotes?from=2022-0{m}&to=2022-0{m}-15" for m in range(3, 10)]
    quotes += [f"/api/quotes?text={quote(w)}" for w in SEARCH_WORDS[:8]]
    quotes += [f"/api/quotes?speaker={quote(s)}&from=2022-03&to=2022-12" for s in speakers[:1]]
    quotes += [f"/api/quotes?story={s}&text=war" for s in stories[:1]]
    search = [f"/api/search?q={quote(w)}" for w in SEARCH_WORDS]
    if not stories:  # a database not clustered yet: no timelines, no story filters
        quotes = [u for u in quotes if "story=" not in u]
    groups = {"timeline": timeline, "quotes": quotes, "search": search}
    return {name: urls for name, urls in groups.items() if urls}


def run(args: argparse.Namespace) -> dict[str, object]:
    port = args.port or _free_port()
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    storyline = Path(sys.executable).with_name("storyline")
    t0 = time.monotonic()
    server = subprocess.Popen(
        [
            str(storyline),
            "serve",
            "--db",
            str(args.db),
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while True:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                if _get(probe, "/api/stories?limit=1")[0] == 200:
                    break
            except OSError as exc:
                if server.poll() is not None:
                    detail = server.stderr.read() if server.stderr else ""
                    raise SystemExit(f"server died: {detail}") from exc
                time.sleep(0.2)
        startup = time.monotonic() - t0
        groups = workload(args.db)
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for urls in groups.values():
            for url in urls:
                status, _ = _get(warm, url)
                assert status == 200, (url, status)
        latencies: dict[str, list[float]] = defaultdict(list)
        failures: list[str] = []
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        def client(seed: int) -> None:
            rng = random.Random(seed)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine: dict[str, list[float]] = defaultdict(list)
            while time.monotonic() < stop:
                group = rng.choice(list(groups))
                url = rng.choice(groups[group])
                start = time.perf_counter()
                try:
                    status, _ = _get(conn, url)
                except OSError as exc:
                    failures.append(f"{url}: {exc}")
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    continue
                elapsed = (time.perf_counter() - start) * 1000
                if status != 200:
                    failures.append(f"{url}: HTTP {status}")
                mine[group].append(elapsed)
            with lock:
                for g, values in mine.items():
                    latencies[g].extend(values)

        load_before = os.getloadavg()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - began
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
    conn = sqlite3.connect(args.db)
    counts = {
        name: conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0]
        for name in ("articles", "quotes", "events", "stories")
    }
    conn.close()

    def pct(values: list[float], p: float) -> float:
        return round(statistics.quantiles(values, n=100)[int(p) - 1], 1) if len(values) > 1 else 0

    result: dict[str, object] = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "database": counts,
        "clients": args.clients,
        "server_workers": args.workers,
        "seconds": round(wall, 1),
        "server_start_s": round(startup, 1),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
        "failures": len(failures),
        "groups": {
            g: {
                "urls": len(groups[g]),
                "requests": len(v),
                "p50_ms": pct(v, 50),
                "p95_ms": pct(v, 95),
                "p99_ms": pct(v, 99),
                "max_ms": round(max(v), 1) if v else 0,
            }
            for g, v in sorted(latencies.items())
        },
        "throughput_rps": round(sum(len(v) for v in latencies.values()) / wall, 1),
    }
    if failures:
        result["first_failures"] = failures[:5]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/ukraine.db"))
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1, help="storyline serve --workers")
    args = parser.parse_args()
    if not args.db.is_file():
        raise SystemExit(f"{args.db}: no such database (see the docstring to build it)")
    print(json.dumps(run(args), indent=2))


if __name__ == "__main__":
    main()
