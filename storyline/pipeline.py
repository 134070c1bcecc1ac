"""The pipeline: per-article stages (parallel, pure) then corpus stages (incremental).

Per article, in one worker: clean -> publication date -> language -> one spaCy
parse -> sentences, mentions, temporal expressions, quotes, actions ->
duplicate fingerprints. The main process writes each article with all its
analyses in one transaction, then runs the corpus stages: canonical
identities (recomputed from the stored name statistics) and clustering of the
articles not yet in an event.

Inputs are read twice: a first pass learns, per group (a source, or an input
file or folder), which lines repeat across documents, so that the cleaner can
drop repeated boilerplate; the second pass analyses. A record whose origin,
id and content are already stored (with this pipeline version) is skipped, so
a re-run after a crash finishes the work without duplicating anything.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import clean, dates, dedup, errors
from .actions import find_actions
from .cluster import (
    DEFAULT_CLUSTER_OPTIONS,
    ClusterDoc,
    ClusterOptions,
    cluster_with_evidence,
    occasion_date,
)
from .entities import find_mentions, resolve_identities
from .ingest import IngestOptions, Problem, read_inputs
from .language import detect_language
from .model import Analysis, ArticleMeta, ContentKind, RawRecord, Sentence, Span, Timex
from .nlp import EMBEDDING_MODEL, Embedder, cached_embed, get_embedder, get_nlp, lead_text
from .quotes import find_quotes
from .statements import (
    DEFAULT_STATEMENT_OPTIONS,
    QuoteText,
    StatementOptions,
    link_statements,
    speaker_fingerprint,
)
from .store import Store

if TYPE_CHECKING:
    from spacy.tokens import Doc

PIPELINE_VERSION = "3"  # bump whenever a stage changes what it stores
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class AnalyzeOptions:
    workers: int = 0  # 0: one per core (at most 2 below parallel_min records)
    parallel_min: int = 40  # fewer records than this are analysed in this process
    chunk_size: int = 16
    ingest: IngestOptions = field(default_factory=IngestOptions)
    near_duplicate: float = dedup.DEFAULT_DEDUP_OPTIONS.near_threshold
    cluster: ClusterOptions = DEFAULT_CLUSTER_OPTIONS
    statements: StatementOptions = DEFAULT_STATEMENT_OPTIONS


DEFAULT_ANALYZE_OPTIONS = AnalyzeOptions()


@dataclass(slots=True)
class RunReport:
    """What one ``analyze`` run did."""

    seen: int = 0
    stored: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


# --------------------------------------------------------------------------- per article


def article_id(origin: str, external_id: str | None) -> str:
    key = f"{origin}\x1f{external_id or ''}"
    return "a" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15]


def record_hash(record: RawRecord) -> str:
    payload = json.dumps(
        [
            PIPELINE_VERSION,
            record.kind,
            record.content,
            record.published,
            record.source,
            record.url,
            record.title,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _where(record: RawRecord) -> str:
    return f"{record.origin}:{record.line}" if record.line else record.origin


@dataclass(frozen=True, slots=True)
class _Prepared:
    record: RawRecord
    cleaned: Any  # storyline.model.Cleaned
    published: str | None
    estimated: bool
    warnings: tuple[Problem, ...]
    evidence: str | None


def prepare(record: RawRecord, *, stats: clean.LineStats | None = None) -> _Prepared | Problem:
    """Clean one record and settle its publication date (no parse yet)."""
    where = _where(record)
    if record.kind is ContentKind.HTML:
        cleaned = clean.clean_html(record.content, url=record.url, stats=stats)
    else:
        cleaned = clean.clean_text(
            record.content, title=record.title, source=record.source, stats=stats
        )
    if not cleaned.text.strip():
        return Problem(where=where, message=errors.E012, severity="error")
    warnings: list[Problem] = []
    published: str | None = None
    estimated = False
    evidence: str | None = None
    if record.published and record.published.strip():
        parsed = dates.parse_published(record.published)
        if parsed is None:
            warnings.append(
                Problem(
                    where=where,
                    message=errors.W001.format(value=record.published.strip()),
                    severity="warning",
                )
            )
        else:
            published = parsed.value
    if published is None and cleaned.published:
        published = cleaned.published  # the page's own metadata (htmldate)
    if published is None and not warnings:
        # the raw text: a byline date line ("March 3, 2025") is chrome in ``text`` but evidence here
        guess = dates.estimate_published(cleaned.raw)
        if guess is not None:
            published, span = guess
            estimated = True
            evidence = (
                f"published estimated from the raw text: {span.of(cleaned.raw)!r}"
                f" at {span.start}-{span.end}"
            )
    return _Prepared(
        record=record,
        cleaned=cleaned,
        published=published,
        estimated=estimated,
        warnings=tuple(warnings),
        evidence=evidence,
    )


def reference_date(published: str | None) -> date | datetime | None:
    if not published:
        return None
    try:
        if len(published) > 10:
            return datetime.fromisoformat(published)
        if len(published) == 10:
            return date.fromisoformat(published)
    except ValueError:
        return None
    return None


def analyse_parsed(prepared: _Prepared, doc: Doc) -> Analysis:
    """Every per-article stage over one parse."""
    record = prepared.record
    text = prepared.cleaned.text
    sentences = tuple(
        Sentence(Span(s.start_char, s.start_char + len(s.text.rstrip())))
        for s in doc.sents
        if s.text.strip()
    )
    mentions = find_mentions(doc)
    timexes: tuple[Timex, ...] = dates.find_timexes(
        text, reference=reference_date(prepared.published), doc=doc
    )
    quotes = find_quotes(doc, mentions=mentions, timexes=timexes)
    actions = find_actions(doc, mentions=mentions, timexes=timexes)
    meta = ArticleMeta(
        id=article_id(record.origin, record.external_id),
        origin=record.origin,
        external_id=record.external_id,
        source=record.source,
        url=record.url,
        title=record.title or prepared.cleaned.title,
        published=prepared.published,
        published_estimated=prepared.estimated,
        language=detect_language(text),
        content_hash=dedup.content_hash(text),
        group=record.group,
    )
    notes = tuple(p.message for p in prepared.warnings)
    if prepared.evidence:
        notes += (prepared.evidence,)
    return Analysis(
        meta=meta,
        cleaned=prepared.cleaned,
        sentences=sentences,
        mentions=mentions,
        timexes=timexes,
        quotes=quotes,
        actions=actions,
        minhash=dedup.minhash(text),
        warnings=notes,
    )


def analyse_records(
    records: Sequence[RawRecord],
    *,
    stats: dict[str, clean.LineStats] | None = None,
    embed: bool = True,
) -> list[Analysis | Problem]:
    """Analyse a batch of records in this process (one ``nlp.pipe`` over the batch)."""
    nlp = get_nlp()
    out: list[Analysis | Problem | None] = [None] * len(records)
    prepared: list[tuple[int, _Prepared]] = []
    for i, record in enumerate(records):
        try:
            result = prepare(record, stats=(stats or {}).get(record.group))
        except errors.StorylineError as exc:
            result = Problem(where=_where(record), message=exc.message, severity="error")
        except Exception as exc:  # one bad article never stops the others
            result = _internal_error(record, exc)
        if isinstance(result, Problem):
            out[i] = result
        else:
            prepared.append((i, result))
    docs = nlp.pipe((p.cleaned.text for _, p in prepared), batch_size=16)
    for (i, item), doc in zip(prepared, docs, strict=True):
        try:
            out[i] = analyse_parsed(item, doc)
        except Exception as exc:  # one bad article never stops the others
            out[i] = _internal_error(item.record, exc)
    if embed:
        _embed(out)
    return [r for r in out if r is not None]


def _embed(results: list[Analysis | Problem | None]) -> None:
    """Add the title+lead sentence embedding to each analysis (one batch for the chunk)."""
    done = [(i, r) for i, r in enumerate(results) if isinstance(r, Analysis)]
    if not done:
        return
    vectors = get_embedder().embed(
        [lead_text(r.meta.title, r.cleaned.text) for _, r in done], batch_size=len(done)
    )
    for (i, r), vector in zip(done, vectors, strict=True):
        results[i] = replace(r, embedding=vector.astype("<f4").tobytes())


def _internal_error(record: RawRecord, exc: Exception) -> Problem:
    detail = f"{type(exc).__name__}: {exc}"[:300]
    return Problem(
        where=_where(record), message=errors.E020.format(detail=detail), severity="error"
    )


def analyse_one(record: RawRecord) -> Analysis | Problem:
    return analyse_records([record], embed=False)[0]


# --------------------------------------------------------------------------- workers

_worker_stats: dict[str, clean.LineStats] = {}


def _init_worker(stats: dict[str, clean.LineStats]) -> None:
    global _worker_stats
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_stats = stats
    get_nlp()
    get_embedder()


def _work(records: list[RawRecord]) -> list[Analysis | Problem]:
    return analyse_records(records, stats=_worker_stats)


def _chunks(items: Iterable[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    chunk: list[RawRecord] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --------------------------------------------------------------------------- fault injection


def _hook_from_env() -> Callable[[str], None]:
    """``STORYLINE_KILL_AT=point:N`` kills this process at the N-th ``point`` (for crash tests)."""
    spec = os.environ.get("STORYLINE_KILL_AT", "")
    if not spec:
        return lambda point: None
    target, _, nth = spec.partition(":")
    limit = int(nth or "1")
    seen: Counter[str] = Counter()

    def hook(point: str) -> None:
        seen[point] += 1
        if point == target and seen[point] == limit:
            os.kill(os.getpid(), signal.SIGKILL)

    return hook


# --------------------------------------------------------------------------- the run


def group_stats(
    paths: Sequence[str | Path], *, options: IngestOptions
) -> tuple[dict[str, clean.LineStats], int]:
    """First pass: per-group line repetition statistics and the number of records."""
    texts: dict[str, list[str]] = defaultdict(list)
    # plain dicts, summed batch by batch, so that the stats can be sent to worker processes
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    documents: Counter[str] = Counter()
    total = 0

    def flush(group: str) -> None:
        batch = clean.line_stats(texts.pop(group))
        documents[group] += batch.documents
        group_counts = counts[group]
        for key, n in batch.counts.items():
            group_counts[key] = group_counts.get(key, 0) + n

    for item in read_inputs(paths, options=options):
        if isinstance(item, Problem):
            continue
        total += 1
        if item.kind is ContentKind.TEXT:
            texts[item.group].append(item.content)
            if len(texts[item.group]) >= 500:
                flush(item.group)
    for group in list(texts):
        flush(group)
    merged = {
        group: clean.LineStats(documents=documents[group], counts=counts[group])
        for group in documents
    }
    return merged, total


def analyze(
    paths: Sequence[str | Path],
    *,
    store: Store,
    options: AnalyzeOptions = DEFAULT_ANALYZE_OPTIONS,
    progress: Progress | None = None,
    hook: Callable[[str], None] | None = None,
) -> RunReport:
    """Ingest and analyse ``paths`` into ``store``; one bad input never stops the others."""
    hook = hook or _hook_from_env()
    store.set_hook(hook)
    report = RunReport()
    stats, total = group_stats(paths, options=options.ingest)
    done = 0

    def pending() -> Iterator[RawRecord]:
        nonlocal done
        seen: set[tuple[str, str]] = set()
        for item in read_inputs(paths, options=options.ingest):
            if isinstance(item, Problem):
                report.problems.append(item)
                continue
            report.seen += 1
            key = (item.origin, item.external_id or "")
            if key in seen:  # the same record twice in one run: keep the first
                done += 1
                continue
            seen.add(key)
            state = store.state_of(item.origin, item.external_id)
            if state is not None and state.record_hash == record_hash(item):
                report.unchanged += 1
                done += 1
                if progress:
                    progress(done, total)
                continue
            yield item

    workers = options.workers or (os.cpu_count() or 1)

    def handle(results: list[Analysis | Problem], batch: list[RawRecord]) -> None:
        nonlocal done
        for record, result in zip(batch, results, strict=True):
            done += 1
            if isinstance(result, Problem):
                report.problems.append(result)
            else:
                report.problems.extend(
                    Problem(where=_where(record), message=m, severity="warning")
                    for m in result.warnings
                    if m.startswith("[W")
                )
                _save(store, result, record, report, options)
                hook("after_article")
            if progress:
                progress(done, total)

    if workers > 1 and total >= options.parallel_min:
        # The main thread reads inputs and writes the store; workers only analyse.
        # At most 2 chunks per worker are in flight, so memory stays bounded.
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(workers, initializer=_init_worker, initargs=(stats,)) as pool:
            in_flight: deque[tuple[list[RawRecord], AsyncResult[list[Analysis | Problem]]]] = (
                deque()
            )
            for batch in _chunks(pending(), options.chunk_size):
                in_flight.append((batch, pool.apply_async(_work, (batch,))))
                while len(in_flight) >= 2 * workers:
                    oldest, result = in_flight.popleft()
                    handle(result.get(), oldest)
            while in_flight:
                oldest, result = in_flight.popleft()
                handle(result.get(), oldest)
    else:
        for batch in _chunks(pending(), options.chunk_size):
            handle(analyse_records(batch, stats=stats), batch)

    hook("before_identities")
    update_identities(store)
    hook("before_statements")
    update_statements(store, full=False, options=options.statements)
    hook("before_clusters")
    update_clusters(store, full=False, options=options.cluster)
    return report


def _save(
    store: Store, analysis: Analysis, record: RawRecord, report: RunReport, options: AnalyzeOptions
) -> None:
    existed = store.state_of(record.origin, record.external_id) is not None
    duplicate_of = store.find_duplicate(
        article_id=analysis.meta.id,
        content_hash=analysis.meta.content_hash,
        signature=analysis.minhash,
        threshold=options.near_duplicate,
    )
    store.save_analysis(analysis, record_hash=record_hash(record), duplicate_of=duplicate_of)
    if existed:
        report.replaced += 1
    else:
        report.stored += 1
    if duplicate_of:
        report.duplicates += 1


# --------------------------------------------------------------------------- corpus stages


def update_identities(store: Store) -> None:
    """Recompute canonical identities from every stored name (deterministic)."""
    store.save_identities(resolve_identities(store.name_stats()))


def _cluster_docs(store: Store) -> list[ClusterDoc]:
    lead_dates: dict[str, list[str]] = defaultdict(list)
    for row in store.execute(
        "SELECT t.article, t.value FROM timexes t JOIN sentences s ON s.article = t.article"
        " AND s.idx = 1 WHERE t.type IN ('DATE', 'TIME') AND t.start < s.end"
    ):
        lead_dates[row["article"]].append(row["value"])
    for row in store.execute(
        "SELECT t.article, t.value FROM timexes t WHERE t.type IN ('DATE', 'TIME') AND t.article IN"
        " (SELECT a.id FROM articles a WHERE (SELECT COUNT(*) FROM sentences s"
        " WHERE s.article = a.id) < 2)"
    ):
        lead_dates[row["article"]].append(row["value"])
    refs: dict[str, set[str]] = defaultdict(set)  # every date the text names (follow-ups)
    for row in store.execute("SELECT article, value FROM timexes WHERE type IN ('DATE', 'TIME')"):
        refs[row["article"]].add(row["value"])
    # mentions as (canonical name, kind, outlet credit); names only credited as outlets are
    # marked by the stored credit flags (any still unknown are filled first, by the store's rule)
    store.fill_mention_credits()
    mentions: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
    for row in store.execute(
        "SELECT m.article, m.credit,"
        " COALESCE(e.name, m.name) AS name, COALESCE(e.type, m.label) AS kind"
        " FROM mentions m"
        " LEFT JOIN entity_names n ON n.name = m.name AND n.type = m.label"
        " LEFT JOIN entities e ON e.id = n.entity"
        " WHERE m.label IN ('PERSON', 'ORG', 'GPE', 'LOC', 'WEAPON', 'EVENT')"
        " ORDER BY m.article, m.idx"
    ):
        mentions[row["article"]].append((row["name"], row["kind"], bool(row["credit"])))
    vectors = store.article_vectors()
    docs: list[ClusterDoc] = []
    for row in store.articles():
        published = reference_date(row["published"])
        day = published.date() if isinstance(published, datetime) else published
        found = mentions.get(row["id"], [])
        credited = {name for name, _, credit in found if credit}
        credited -= {name for name, _, credit in found if not credit}
        docs.append(
            ClusterDoc(
                id=row["id"],
                text=row["text"],
                title=row["title"],
                date=occasion_date(day, lead_dates.get(row["id"], [])),
                refs=tuple(sorted(refs.get(row["id"], ()))),
                names=tuple(name for name, _, _ in found),
                kinds=tuple(kind for _, kind, _ in found),
                credits=tuple(sorted(credited)),
                duplicate_of=row["duplicate_of"],
                event=row["event"],
                story=row["story"],
                embedding=vectors.get(row["id"], b""),
            )
        )
    return docs


def update_clusters(
    store: Store, *, full: bool, options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS
) -> None:
    """Place unclustered articles (incremental) or recluster everything (``full``)."""
    docs = _cluster_docs(store)
    if not docs:
        return
    if not full and all(d.event is not None for d in docs):
        return
    if not full:
        # existing assignments first, then the new articles in ingest order
        docs = [d for d in docs if d.event is not None] + [d for d in docs if d.event is None]
    result = cluster_with_evidence(docs, full=full, options=options)
    store.save_clusters(result.events, result.stories, replace=full)
    store.save_evidence(
        {
            article: (ev.event, json.dumps(ev.as_dict(), ensure_ascii=False))
            for article, ev in result.evidence.items()
        },
        replace=full,
    )


def update_statements(
    store: Store,
    *,
    full: bool,
    options: StatementOptions = DEFAULT_STATEMENT_OPTIONS,
    meaning: bool = True,
    embedder: Callable[[], Embedder] = get_embedder,
) -> None:
    """Link the quotes of each speaker entity across articles into statements.

    Incremental (``full=False``): only the speakers whose quotes changed since the
    last pass (their fingerprint differs, or a quote of theirs has no statement)
    are relinked; ``full`` relinks everyone.  Both give the same statements.
    ``meaning`` also links translations and paraphrases by sentence embeddings
    (see :mod:`storyline.statements`); the model (``embedder``) is loaded only when
    a candidate pair needs a vector the store does not have yet.
    """
    method = f"{options!r}|{EMBEDDING_MODEL if meaning else 'words'}"
    entity_of: dict[str, str | None] = {}
    by_speaker: dict[str, list[QuoteText]] = defaultdict(list)
    unlinked: set[str] = set()
    for row in store.statement_quotes():
        name = row["speaker_name"]
        if name not in entity_of:
            entity = store.entity_for_name(name)
            entity_of[name] = str(entity["id"]) if entity is not None else None
        speaker = entity_of[name]
        if speaker is None:
            continue
        by_speaker[speaker].append(
            QuoteText(
                id=row["id"],
                article=row["article"],
                speaker_entity=speaker,
                text=row["text"],
                date=row["date"],
                published=row["published"],
                seq=int(row["seq"]),
            )
        )
        if row["statement"] is None:
            unlinked.add(speaker)
    stored = store.statement_fingerprints()
    prints = {s: speaker_fingerprint(qs, method) for s, qs in by_speaker.items()}
    dirty = sorted(s for s, fp in prints.items() if full or s in unlinked or stored.get(s) != fp)
    drop = sorted(set(dirty) | (set(stored) - set(prints)))
    if not drop and not full:
        return
    statements = link_statements(
        [q for s in dirty for q in by_speaker[s]],
        options=options,
        embed=cached_embed(store, embedder) if meaning else None,
    )
    store.save_statements(
        statements, fingerprints={s: prints[s] for s in dirty}, drop=drop, replace=full
    )


def recluster(store: Store, *, options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS) -> None:
    update_identities(store)
    update_statements(store, full=True)
    update_clusters(store, full=True, options=options)


def with_fields(options: AnalyzeOptions, **changes: Any) -> AnalyzeOptions:
    return replace(options, **changes)
