"""A self-contained, cited brief of one story: HTML (inline SVG timeline) or Markdown.

It holds the story's dated timeline, key quotes by speaker, the outlets, and an
extractive summary whose every sentence cites its articles ([n] -> the sources list).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Final

from markupsafe import Markup, escape

from . import errors, views
from .store import Store
from .summarize import summarize

Record = dict[str, Any]
KEY_SPEAKERS: Final = 6
QUOTES_PER_SPEAKER: Final = 3


def _day(value: str | None) -> date | None:
    if not value:
        return None
    parts = [int(p) for p in value[:10].split("-")]
    try:
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def timeline_svg(
    entries: Sequence[Record], *, link: Callable[[str], str] | None = None, width: int = 900
) -> Markup:
    """Dated events as points on an axis (size by articles), escaped, no script."""
    dated = [(d, e) for e in entries if (d := _day(e["date"])) is not None]
    height = 120
    if not dated:
        return Markup(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="40" role="img"'
            ' aria-label="timeline"><text x="10" y="25">no dated events</text></svg>'
        )
    first = min(d for d, _ in dated)
    last = max(d for d, _ in dated)
    span = max((last - first).days, 1)
    left, right = 40, width - 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" role="img" aria-label="timeline of the story"'
        ' class="timeline">',
        f'<line x1="{left}" y1="70" x2="{right}" y2="70" stroke="#555" stroke-width="1"/>',
        f'<text x="{left}" y="100" font-size="12">{first.isoformat()}</text>',
        f'<text x="{right}" y="100" font-size="12" text-anchor="end">{last.isoformat()}</text>',
    ]
    for d, e in dated:
        x = left + (right - left) * (d - first).days / span
        r = min(4 + 2 * (e["articles"] ** 0.5), 16)
        label = escape(f"{e['date']}: {e['title']} ({e['articles']} articles)")
        dot = (
            f'<circle cx="{x:.1f}" cy="70" r="{r:.1f}" fill="#2a6fb0" fill-opacity="0.6">'
            f"<title>{label}</title></circle>"
        )
        if link is not None:
            dot = f'<a href="{escape(link(e["event"]))}">{dot}</a>'
        parts.append(dot)
    parts.append("</svg>")
    return Markup("".join(parts))


def _story_id(store: Store, story_id: str | None) -> str:
    if story_id is not None:
        views.story(store, story_id)
        return story_id
    items = views.stories(store, limit=1)["items"]
    if not items:
        raise views.NotFound(errors.E067)
    return str(items[0]["id"])


def gather(store: Store, story_id: str | None = None) -> Record:
    """Everything a brief shows, as data (the biggest story when none is named)."""
    sid = _story_id(store, story_id)
    meta = views.story(store, sid)
    entries = views.timeline(store, sid, limit=views.MAX_LIMIT)["items"]
    quotes: list[Record] = []
    cursor = None
    while len(quotes) < 2000:
        page = views.quotes(store, story_id=sid, limit=views.MAX_LIMIT, cursor=cursor)
        quotes += page["items"]
        cursor = page["next"]
        if cursor is None:
            break
    by_speaker: dict[str, list[Record]] = defaultdict(list)
    for q in quotes:
        if q["speaker"] and q["kind"] == "direct":
            by_speaker[q["speaker"]].append(q)
    top = sorted(by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:KEY_SPEAKERS]
    outlets: Counter[str] = Counter()
    for e in store.execute(
        "SELECT a.source, a.url, a.origin FROM events e JOIN event_articles ea"
        " ON ea.event = e.id JOIN articles a ON a.id = ea.article WHERE e.story = ?",
        (sid,),
    ):
        outlets[views.outlet_of(e["source"], e["url"], e["origin"])] += 1
    summary = summarize(store, sid)
    cited: list[str] = []
    for s in summary:
        for c in s.citations:
            if c.article not in cited:
                cited.append(c.article)
    sources = []
    for a in cited:
        record = views.article(store, a)
        sources.append(
            {
                "id": a,
                "title": record["title"],
                "outlet": record["outlet"],
                "published": record["published"],
                "url": record["url"],
            }
        )
    return {
        "story": meta,
        "timeline": entries,
        "speakers": [
            {"speaker": s, "count": len(qs), "quotes": qs[:QUOTES_PER_SPEAKER]} for s, qs in top
        ],
        "outlets": outlets.most_common(),
        "summary": [
            {**s.as_record(), "refs": sorted({cited.index(c.article) + 1 for c in s.citations})}
            for s in summary
        ],
        "sources": sources,
    }


def render_markdown(data: Record) -> str:
    story = data["story"]
    lines = [f"# {story['title']}", "", f"Story `{story['id']}`.", "", "## Summary", ""]
    for s in data["summary"]:
        refs = "".join(f"[{n}]" for n in s["refs"])
        lines.append(f"- {s['text']} {refs}")
    if not data["summary"]:
        lines.append("(no sentences to summarise)")
    lines += ["", "## Timeline", ""]
    for e in data["timeline"]:
        outlets = ", ".join(e["outlets"])
        lines.append(f"- **{e['date'] or 'undated'}** {e['title']} ({e['articles']}: {outlets})")
    lines += ["", "## Key quotes by speaker", ""]
    for sp in data["speakers"]:
        lines.append(f"### {sp['speaker']} ({sp['count']} quotes)")
        lines.append("")
        for q in sp["quotes"]:
            said = f" ({q['date']})" if q["date"] else ""
            lines.append(f"> {' '.join(q['text'].split())}{said} — {q['outlet']}, `{q['article']}`")
            lines.append("")
    lines += ["## Outlets", "", "| outlet | articles |", "|---|---|"]
    lines += [f"| {o} | {n} |" for o, n in data["outlets"]]
    lines += ["", "## Sources", ""]
    for i, s in enumerate(data["sources"], 1):
        where = f" <{s['url']}>" if s["url"] else ""
        lines.append(
            f"{i}. {s['outlet']}, {s['published'] or 'undated'}: {s['title'] or s['id']}"
            f" (`{s['id']}`){where}"
        )
    return "\n".join(lines) + "\n"


def render_html(data: Record) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("storyline", "server/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    svg = timeline_svg(data["timeline"])
    return env.get_template("report.html").render(d=data, svg=svg)


def build_report(store: Store, *, story_id: str | None = None, format: str = "html") -> str:
    data = gather(store, story_id)
    return render_html(data) if format == "html" else render_markdown(data)
