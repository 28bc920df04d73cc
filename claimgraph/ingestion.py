"""The ingest job: read inputs, make Documents, analyse them, store them, link them.

Data flows one way (ingest -> analyse -> store -> link). A bad input never stops the batch:
it is recorded in the store's ``skipped`` table with the reason, and what is already stored is
never lost or duplicated (documents are keyed by content hash; each document and its records
are written in one transaction). Linking works through the store's queue of documents not yet
linked, so an ingest killed before or during linking is finished by the next one. The database
is released while documents are analysed, so other processes can read it meanwhile.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from .ingest import Article, Skip, read_inputs
from .ingest.decode import clean, scrub
from .ingest.document import make_document
from .ingest.fetch import DEFAULT_POLICY, FetchPolicy
from .ingest.language import detect_language
from .ingest.readers import normalize_date
from .model import Document
from .store.db import StoreError

ENGLISH = "en"


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)          # new document ids
    duplicates: list[tuple[str, str]] = field(default_factory=list)   # (source, doc id)
    skipped: list[tuple[str, str]] = field(default_factory=list)      # (source, reason)
    not_analysed: list[tuple[str, str]] = field(default_factory=list)  # (doc id, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)       # (source, repair made)
    linked: int = 0                                                    # documents linked
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"stored": self.stored, "duplicates": [list(x) for x in self.duplicates],
                "skipped": [list(x) for x in self.skipped],
                "not_analysed": [list(x) for x in self.not_analysed],
                "notes": [list(x) for x in self.notes], "linked": self.linked,
                "seconds": round(self.seconds, 3)}


def to_document(article: Article, defaults: dict) -> Document:
    """A Document from an Article; explicit ``defaults`` (from the command line) win over
    metadata found in the input for outlet, published and language. Characters no article
    contains (NUL, other controls, lone surrogates) are removed, with a note in ``meta``."""
    text, notes = scrub(article.text)
    meta = dict(article.meta)
    if notes:
        meta["notes"] = list(meta.get("notes", [])) + notes
    lang = defaults.get("language") or article.language
    doc = make_document(
        text,
        outlet=clean(defaults.get("outlet") or article.outlet),
        published=normalize_date(defaults.get("published")) or article.published,
        url=clean(article.url), title=clean(defaults.get("title") or article.title),
        language=clean(lang), source=clean(article.source), meta=meta)
    if not doc.language:
        doc.language = detect_language(doc.text) or "und"
    return doc


def ingest(corpus, inputs: Iterable[str], *, outlet: Optional[str] = None,
           published: Optional[str] = None, language: Optional[str] = None,
           batch_size: int = 8, link: bool = True, policy: FetchPolicy = DEFAULT_POLICY,
           attribution: str = "fast",
           on_progress: Optional[Callable[[str, object], None]] = None) -> IngestReport:
    """Ingest inputs into ``corpus`` (a :class:`claimgraph.store.Corpus`).

    ``policy`` bounds every fetch (see :mod:`claimgraph.ingest.fetch`); ``attribution`` is the
    attribution mode (fast, accurate, rules). ``on_progress(kind, payload)`` is called with kind
    in {"read", "skip", "duplicate", "stored", "not_analysed", "note", "linking"} so front ends
    can show progress. Raises ValueError for a ``published`` that is not a date.
    """
    import time

    if published and not normalize_date(published):
        raise ValueError(f"not a date: {published!r} (use YYYY-MM-DD)")
    t0 = time.perf_counter()
    report = IngestReport()
    defaults = {"outlet": outlet, "published": published, "language": language}
    notify = on_progress or (lambda kind, payload: None)
    pending: dict[str, Document] = {}

    def flush():
        if pending:
            _analyse_and_store(corpus, list(pending.values()), report, notify, attribution)
            pending.clear()

    def skip(source: str, reason: str) -> None:
        reason = (clean(reason) or "?").strip().splitlines()[0][:300]
        item = Skip(clean(source) or "?", reason)
        corpus.log_skip(item.source, item.reason)
        report.skipped.append((item.source, item.reason))
        notify("skip", item)

    for item in read_inputs(inputs, policy):
        if isinstance(item, Skip):
            skip(item.source, item.reason)
            continue
        try:
            doc = to_document(item, defaults)
        except Exception as exc:  # noqa: BLE001 - one bad article never stops the batch
            skip(item.source, f"could not be made a document: {exc.__class__.__name__}: {str(exc)[:200]}")
            continue
        for note in doc.meta.get("notes", []):
            report.notes.append((doc.source or doc.id, note))
            notify("note", (doc, note))
        notify("read", doc)
        if corpus.has_document(doc.id) or doc.id in pending:
            report.duplicates.append((doc.source or "", doc.id))
            notify("duplicate", doc)
            continue
        pending[doc.id] = doc
        if len(pending) >= batch_size:
            flush()
    flush()
    if link:
        report.linked = link_pending(corpus, notify)
    report.seconds = time.perf_counter() - t0
    return report


def _analyse_and_store(corpus, docs: list[Document], report: IngestReport, notify,
                       attribution: str = "fast") -> None:
    from .api import meta_of
    from .analyse.pipeline import get_nlp, run
    from .analyse.records import records_of

    english = [d for d in docs if (d.language or "").startswith(ENGLISH)]
    others = [d for d in docs if d not in english]
    for d in others:
        reason = f"language '{d.language}' is not English: stored, not analysed"
        if not corpus.add(d, [], analysed=False):
            _duplicate(d, report, notify)
            continue
        report.stored.append(d.id)
        report.not_analysed.append((d.id, reason))
        corpus.log_skip(d.source or d.id, reason)
        notify("not_analysed", (d, reason))
    if not english:
        return
    nlp = get_nlp(attribution)
    failures: dict[str, str] = {}
    released = getattr(corpus, "released", None)

    def on_error(proc_name, proc, failed_docs, exc):
        for fd in failed_docs:
            failures[(fd._.meta or {}).get("doc_id", "?")] = f"{proc_name} failed: {exc.__class__.__name__}: {exc}"

    # claimgraph's components use the pipeline's default error handler: a failing document is
    # dropped from the stream and reported, the batch goes on.
    previous = nlp.default_error_handler
    nlp.default_error_handler = on_error
    try:
        try:
            with released() if released else _nothing():
                analysed = {sd._.meta["doc_id"]: sd for sd in run(nlp, [(d.text, meta_of(d)) for d in english])}
                analysed = {k: records_of(sd) for k, sd in analysed.items()}
        except StoreError:      # the database could not be had back: stop, nothing half-written
            raise
        except Exception:  # a failure inside spaCy's own components: one document at a time
            analysed = {}
            for d in english:
                try:
                    sd = next(run(nlp, [(d.text, meta_of(d))]))
                    analysed[d.id] = records_of(sd)
                except Exception as exc:  # noqa: BLE001 - reported to the user, batch goes on
                    failures[d.id] = f"analysis failed: {exc.__class__.__name__}: {exc}"
    finally:
        nlp.default_error_handler = previous
    for d in english:
        recs = analysed.get(d.id)
        if recs is None:
            reason = failures.get(d.id, "analysis failed")
            if not corpus.add(d, [], analysed=False):
                _duplicate(d, report, notify)
                continue
            report.stored.append(d.id)
            report.not_analysed.append((d.id, reason))
            corpus.log_skip(d.source or d.id, reason)
            notify("not_analysed", (d, reason))
            continue
        try:
            added = corpus.add(d, recs)
        except Exception as exc:  # noqa: BLE001 - e.g. a record the store refuses; batch goes on
            reason = f"could not be stored: {exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}"
            corpus.log_skip(d.source or d.id, reason)
            report.skipped.append((d.source or d.id, reason))
            notify("skip", Skip(d.source or d.id, reason))
            continue
        if not added:           # another process stored it while this one was analysing it
            _duplicate(d, report, notify)
            continue
        report.stored.append(d.id)
        notify("stored", d)


def _duplicate(d: Document, report: IngestReport, notify) -> None:
    report.duplicates.append((d.source or "", d.id))
    notify("duplicate", d)


def store_documents(corpus, docs: list[Document], attribution: str = "fast") -> IngestReport:
    """Analyse and store Documents already made (skipping those stored before)."""
    report = IngestReport()
    new = [d for d in docs if not corpus.has_document(d.id)]
    if new:
        _analyse_and_store(corpus, new, report, lambda kind, payload: None, attribution)
    return report


def link_pending(corpus, notify=lambda kind, payload: None) -> int:
    """Link every stored document not linked yet (this ingest's and any a killed ingest left);
    returns how many. Linking writes its stories in one transaction and the queue is cleared
    only after that, so a kill at any point leaves the documents queued."""
    ids = corpus.pending_links()
    if not ids:
        return 0
    from .link import update

    notify("linking", len(ids))
    update(corpus, ids)
    corpus.mark_linked(ids)
    return len(ids)


@contextlib.contextmanager
def _nothing():
    yield
