"""The ingest job: read inputs, make Documents, analyse them, store them, link them.

Data flows one way (ingest -> analyse -> store -> link). A bad input never stops the batch:
it is recorded in the store's ``skipped`` table with the reason, and what is already stored is
never lost or duplicated (documents are keyed by content hash; each document and its records
are written in one transaction per batch).

Analysis runs in batches, in this process or in ``workers`` processes
(:mod:`claimgraph.ingest.workers`); inputs are read lazily, so memory does not grow with the
number of inputs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

from .ingest import Article, Skip, read_inputs
from .ingest.document import make_document
from .ingest.language import detect_language
from .ingest.readers import normalize_date
from .model import Document


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


def to_document(article: Article, defaults: dict, detect: bool = True) -> Document:
    """A Document from an Article; explicit ``defaults`` (from the command line) win over
    metadata found in the input for outlet, published and language. ``detect=False`` leaves
    the language of a Document without one to the analysis."""
    lang = defaults.get("language") or article.language
    doc = make_document(
        article.text,
        outlet=defaults.get("outlet") or article.outlet,
        published=normalize_date(defaults.get("published")) or article.published,
        url=article.url, title=defaults.get("title") or article.title,
        language=lang, source=article.source, meta=dict(article.meta))
    if detect and not doc.language:
        doc.language = detect_language(doc.text) or "und"
    return doc


def ingest(corpus, inputs: Iterable[str], *, outlet: Optional[str] = None,
           published: Optional[str] = None, language: Optional[str] = None,
           batch_size: int = 16, link: bool = True, workers: int = 1,
           on_progress: Optional[Callable[[str, object], None]] = None) -> IngestReport:
    """Ingest inputs into ``corpus`` (a :class:`claimgraph.store.Corpus`), analysing with
    ``workers`` processes; each batch of ``batch_size`` documents is stored in one transaction.

    ``on_progress(kind, payload)`` is called with kind in {"read", "skip", "duplicate",
    "stored", "not_analysed", "link_start" (payload: number of documents), "linked"} so front
    ends can show progress.
    """
    import time

    from .ingest.workers import analysed_batches, batched

    t0 = time.perf_counter()
    report = IngestReport()
    defaults = {"outlet": outlet, "published": published, "language": language}
    notify = on_progress or (lambda kind, payload: None)

    documents = new_documents(corpus, inputs, defaults, report, notify)
    for results in analysed_batches(batched(documents, batch_size), workers):
        _store(corpus, results, report, notify)
    if link and report.stored:
        notify("link_start", len(report.stored))
        _link(corpus, report.stored, lambda: notify("linked", None))
    report.seconds = time.perf_counter() - t0
    return report


def new_documents(corpus, inputs: Iterable[str], defaults: dict, report: IngestReport, notify) -> Iterator[Document]:
    """The Documents of ``inputs`` not stored yet, read lazily; skips and duplicates are
    recorded in ``report`` and the store as they are met."""
    seen: set[str] = set()
    for item in read_inputs(inputs):
        if isinstance(item, Skip):
            corpus.log_skip(item.source, item.reason)
            report.skipped.append((item.source, item.reason))
            notify("skip", item)
            continue
        doc = to_document(item, defaults, detect=False)
        notify("read", doc)
        if doc.id in seen or corpus.has_document(doc.id):
            report.duplicates.append((doc.source or "", doc.id))
            notify("duplicate", doc)
            continue
        seen.add(doc.id)
        yield doc


def _analyse_and_store(corpus, docs: list[Document], report: IngestReport, notify) -> None:
    from .ingest.workers import analyse_batch

    _store(corpus, analyse_batch(docs), report, notify)


def _store(corpus, results, report: IngestReport, notify) -> None:
    """Write one batch of analysis results in one transaction, then report each document."""
    stored = set(corpus.add_rows([r.document_row for r in results],
                                 [row for r in results for row in r.record_rows]))
    for r in results:
        if r.doc_id not in stored:
            continue
        report.stored.append(r.doc_id)
        if r.reason is None:
            notify("stored", r)
            continue
        report.not_analysed.append((r.doc_id, r.reason))
        corpus.log_skip(r.source or r.doc_id, r.reason)
        notify("not_analysed", r)


def store_documents(corpus, docs: list[Document]) -> IngestReport:
    """Analyse and store Documents already made (skipping those stored before)."""
    report = IngestReport()
    new = [d for d in docs if not corpus.has_document(d.id)]
    if new:
        _analyse_and_store(corpus, new, report, lambda kind, payload: None)
    return report


def _link(corpus, doc_ids: list[str], progress: Optional[Callable[[], None]] = None) -> None:
    """Cross-document linking of newly stored documents (stories, origins); ``progress()`` is
    called once per document linked."""
    try:
        from .link import update
    except ImportError:
        return
    update(corpus, doc_ids, progress=progress)
