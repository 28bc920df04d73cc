"""The ingest job: read inputs, make Documents, analyse them, store them, link them.

Data flows one way (ingest -> analyse -> store -> link). A bad input never stops the batch:
it is recorded in the store's ``skipped`` table with the reason, and what is already stored is
never lost or duplicated (documents are keyed by content hash; each document and its records
are written in one transaction).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from .ingest import Article, Skip, read_inputs
from .ingest.document import make_document
from .ingest.language import detect_language
from .ingest.readers import normalize_date
from .model import Document

ENGLISH = "en"


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)          # new document ids
    duplicates: list[tuple[str, str]] = field(default_factory=list)   # (source, doc id)
    skipped: list[tuple[str, str]] = field(default_factory=list)      # (source, reason)
    not_analysed: list[tuple[str, str]] = field(default_factory=list)  # (doc id, reason)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"stored": self.stored, "duplicates": [list(x) for x in self.duplicates],
                "skipped": [list(x) for x in self.skipped],
                "not_analysed": [list(x) for x in self.not_analysed], "seconds": round(self.seconds, 3)}


def to_document(article: Article, defaults: dict) -> Document:
    """A Document from an Article; explicit ``defaults`` (from the command line) win over
    metadata found in the input for outlet, published and language."""
    lang = defaults.get("language") or article.language
    doc = make_document(
        article.text,
        outlet=defaults.get("outlet") or article.outlet,
        published=normalize_date(defaults.get("published")) or article.published,
        url=article.url, title=defaults.get("title") or article.title,
        language=lang, source=article.source, meta=dict(article.meta))
    if not doc.language:
        doc.language = detect_language(doc.text) or "und"
    return doc


def ingest(corpus, inputs: Iterable[str], *, outlet: Optional[str] = None,
           published: Optional[str] = None, language: Optional[str] = None,
           batch_size: int = 8, link: bool = True, attribution: str = "fast",
           on_progress: Optional[Callable[[str, object], None]] = None) -> IngestReport:
    """Ingest inputs into ``corpus`` (a :class:`claimgraph.store.Corpus`).

    ``on_progress(kind, payload)`` is called with kind in {"read", "skip", "duplicate",
    "stored", "not_analysed"} so front ends can show progress. ``attribution`` is the attribution
    mode (fast, accurate, rules).
    """
    import time

    t0 = time.perf_counter()
    report = IngestReport()
    defaults = {"outlet": outlet, "published": published, "language": language}
    notify = on_progress or (lambda kind, payload: None)
    pending: dict[str, Document] = {}

    def flush():
        if pending:
            _analyse_and_store(corpus, list(pending.values()), report, notify, attribution)
            pending.clear()

    for item in read_inputs(inputs):
        if isinstance(item, Skip):
            corpus.log_skip(item.source, item.reason)
            report.skipped.append((item.source, item.reason))
            notify("skip", item)
            continue
        doc = to_document(item, defaults)
        notify("read", doc)
        if corpus.has_document(doc.id) or doc.id in pending:
            report.duplicates.append((doc.source or "", doc.id))
            notify("duplicate", doc)
            continue
        pending[doc.id] = doc
        if len(pending) >= batch_size:
            flush()
    flush()
    if link and report.stored:
        _link(corpus, report.stored)
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
        corpus.add(d, [], analysed=False)
        report.stored.append(d.id)
        report.not_analysed.append((d.id, reason))
        corpus.log_skip(d.source or d.id, reason)
        notify("not_analysed", (d, reason))
    if not english:
        return
    nlp = get_nlp(attribution)
    failures: dict[str, str] = {}

    def on_error(proc_name, proc, failed_docs, exc):
        for fd in failed_docs:
            failures[(fd._.meta or {}).get("doc_id", "?")] = f"{proc_name} failed: {exc.__class__.__name__}: {exc}"

    # claimgraph's components use the pipeline's default error handler: a failing document is
    # dropped from the stream and reported, the batch goes on.
    previous = nlp.default_error_handler
    nlp.default_error_handler = on_error
    try:
        try:
            analysed = {sd._.meta["doc_id"]: sd for sd in run(nlp, [(d.text, meta_of(d)) for d in english])}
        except Exception:  # a failure inside spaCy's own components: one document at a time
            analysed = {}
            for d in english:
                try:
                    sd = next(run(nlp, [(d.text, meta_of(d))]))
                    analysed[d.id] = sd
                except Exception as exc:  # noqa: BLE001 - reported to the user, batch goes on
                    failures[d.id] = f"analysis failed: {exc.__class__.__name__}: {exc}"
    finally:
        nlp.default_error_handler = previous
    for d in english:
        sd = analysed.get(d.id)
        if sd is None:
            reason = failures.get(d.id, "analysis failed")
            corpus.add(d, [], analysed=False)
            report.stored.append(d.id)
            report.not_analysed.append((d.id, reason))
            corpus.log_skip(d.source or d.id, reason)
            notify("not_analysed", (d, reason))
            continue
        corpus.add(d, records_of(sd))
        report.stored.append(d.id)
        notify("stored", d)


def store_documents(corpus, docs: list[Document], attribution: str = "fast") -> IngestReport:
    """Analyse and store Documents already made (skipping those stored before)."""
    report = IngestReport()
    new = [d for d in docs if not corpus.has_document(d.id)]
    if new:
        _analyse_and_store(corpus, new, report, lambda kind, payload: None, attribution)
    return report


def _link(corpus, doc_ids: list[str]) -> None:
    """Cross-document linking of newly stored documents (stories, origins)."""
    try:
        from .link import update
    except ImportError:
        return
    update(corpus, doc_ids)
