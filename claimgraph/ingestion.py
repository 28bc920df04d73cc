"""The ingest job: read inputs, make Documents, analyse them, store them, link them.

Data flows one way (ingest -> analyse -> store -> link). A bad input never stops the batch:
it is recorded in the store's ``skipped`` table with the reason, and what is already stored is
never lost or duplicated (documents are keyed by content hash; each batch of documents and
their records is written in one transaction). Linking works through the store's queue of
documents not yet linked, so an ingest killed before or during linking is finished by the next
one.

Analysis runs in batches, in this process or in ``workers`` processes
(:mod:`claimgraph.ingest.workers`); inputs are read lazily, so memory does not grow with the
number of inputs. The database is released while this process analyses or waits for the
workers, so other processes can read it meanwhile.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

from .ingest import Article, Skip, read_inputs
from .ingest.decode import clean, scrub
from .ingest.document import make_document
from .ingest.fetch import DEFAULT_POLICY, FetchPolicy
from .ingest.language import detect_language
from .ingest.readers import normalize_date
from .model import Document
from .store.db import StoreError

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


def one_line(text: Optional[str], limit: int = 300) -> str:
    """A reason as one line for the user and the ``skipped`` table."""
    lines = (clean(text) or "").strip().splitlines()
    return (lines[0] if lines else "?")[:limit]


def to_document(article: Article, defaults: dict, detect: bool = True) -> Document:
    """A Document from an Article; explicit ``defaults`` (from the command line) win over
    metadata found in the input for outlet, published and language. Characters no article
    contains (NUL, other controls, lone surrogates) are removed, with a note in ``meta``.
    ``detect=False`` leaves the language of a Document without one to the analysis."""
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
    if detect and not doc.language:
        doc.language = detect_language(doc.text) or "und"
    return doc


def ingest(corpus, inputs: Iterable[str], *, outlet: Optional[str] = None,
           published: Optional[str] = None, language: Optional[str] = None,
           batch_size: int = 16, link: bool = True, workers: int = 1,
           policy: FetchPolicy = DEFAULT_POLICY, attribution: str = "fast",
           on_progress: Optional[Callable[[str, object], None]] = None) -> IngestReport:
    """Ingest inputs into ``corpus`` (a :class:`claimgraph.store.Corpus`), analysing with
    ``workers`` processes; each batch of ``batch_size`` documents is stored in one transaction.

    ``policy`` bounds every fetch (see :mod:`claimgraph.ingest.fetch`); ``attribution`` is the
    attribution mode (fast, accurate, rules). ``on_progress(kind, payload)`` is called with kind
    in {"read", "skip", "duplicate", "stored", "not_analysed", "note", "linking" (payload: number
    of documents), "linked"} so front ends can show progress. Raises ValueError for a
    ``published`` that is not a date.
    """
    import time

    from .ingest.workers import analysed_batches, batched

    if published and not normalize_date(published):
        raise ValueError(f"not a date: {published!r} (use YYYY-MM-DD)")
    t0 = time.perf_counter()
    report = IngestReport()
    defaults = {"outlet": outlet, "published": published, "language": language}
    notify = on_progress or (lambda kind, payload: None)

    documents = new_documents(corpus, inputs, defaults, report, notify, policy)
    store_and_link(corpus, analysed_batches(batched(documents, batch_size), workers, attribution=attribution,
                                            released=getattr(corpus, "released", None)),
                   report, notify, link)
    report.seconds = time.perf_counter() - t0
    return report


def store_and_link(corpus, batches, report: IngestReport, notify, link: bool = True) -> None:
    """Store each batch of analysis results (:func:`store_results`) and, with ``link``, link
    the stored documents in :class:`Linker`'s chunks as they come; ``report.linked`` says how
    many were linked. The local and the Ray engine both store through this."""
    linker = Linker(corpus, notify) if link else None
    for results in batches:
        store_results(corpus, results, report, notify)
        if linker:
            linker.stored(len(results))
    if linker:
        report.linked = linker.finish()


class Linker:
    """Links the documents an ingest stores, in chunks while it goes on: with helper processes
    analysing, this process links what is stored while they work, instead of leaving them idle
    during one linking step at the end. A chunk is linked once ``LINK_EVERY`` documents wait,
    or a quarter of those linked so far (each linking step reads the stored stories once, so
    their number stays logarithmic in the corpus size); the rest at :meth:`finish`. The points
    depend only on how many documents were stored, in input order, so any number of workers
    (and the Ray engine, which uses this too) link the same chunks and store the same stories."""

    LINK_EVERY = 64

    def __init__(self, corpus, notify=lambda kind, payload: None):
        self.corpus, self.notify = corpus, notify
        self.waiting = 0
        self.linked = 0

    def stored(self, n: int) -> None:
        self.waiting += n
        if self.waiting >= max(self.LINK_EVERY, self.linked // 4):
            self.linked += self.link()
            self.waiting = 0

    def finish(self) -> int:
        """Link what is still waiting (with progress events); returns the documents linked."""
        self.linked += self.link(self.notify)
        self.waiting = 0
        return self.linked

    def link(self, notify=lambda kind, payload: None) -> int:
        """Link the documents waiting; returns how many."""
        return link_pending(self.corpus, notify)


def _skip(corpus, report: IngestReport, notify, source: Optional[str], reason: str) -> None:
    item = Skip(clean(source) or "?", one_line(reason))
    corpus.log_skip(item.source, item.reason)
    report.skipped.append((item.source, item.reason))
    notify("skip", item)


def new_documents(corpus, inputs: Iterable[str], defaults: dict, report: IngestReport, notify,
                  policy: FetchPolicy = DEFAULT_POLICY) -> Iterator[Document]:
    """The Documents of ``inputs`` not stored yet, read lazily (fetches bounded by
    ``policy``); skips, repairs and duplicates are recorded in ``report`` and the store as they
    are met."""
    seen: set[str] = set()
    for item in read_inputs(inputs, policy):
        if isinstance(item, Skip):
            _skip(corpus, report, notify, item.source, item.reason)
            continue
        try:
            doc = to_document(item, defaults, detect=False)
        except Exception as exc:  # noqa: BLE001 - one bad article never stops the batch
            _skip(corpus, report, notify, item.source,
                  f"could not be made a document: {exc.__class__.__name__}: {str(exc)[:200]}")
            continue
        for note in doc.meta.get("notes", []):
            report.notes.append((doc.source or doc.id, note))
            notify("note", (doc, note))
        notify("read", doc)
        if doc.id in seen or corpus.has_document(doc.id):
            _duplicate(doc.source, doc.id, report, notify, doc)
            continue
        seen.add(doc.id)
        yield doc


def store_results(corpus, results, report: IngestReport, notify) -> None:
    """Write one batch of analysis results (:class:`~claimgraph.ingest.workers.Analysed`) in
    one transaction, then report each document. If the store refuses the batch, its documents
    are stored one by one and each one it refuses is skipped with the reason. A document
    another process stored meanwhile counts as a duplicate."""
    if not results:
        return
    try:
        stored = set(corpus.add_rows([r.document_row for r in results],
                                     [row for r in results for row in r.record_rows]))
        refused: dict[str, str] = {}
    except StoreError:          # the database itself is gone: stop, nothing half-written
        raise
    except Exception:  # noqa: BLE001 - find the document the store refuses; the batch goes on
        stored, refused = set(), {}
        for r in results:
            try:
                stored.update(corpus.add_rows([r.document_row], r.record_rows))
            except StoreError:
                raise
            except Exception as exc:  # noqa: BLE001 - e.g. a record the store refuses
                refused[r.doc_id] = f"could not be stored: {exc.__class__.__name__}: {one_line(str(exc), 200)}"
    for r in results:
        if r.doc_id in refused:
            _skip(corpus, report, notify, r.source or r.doc_id, refused[r.doc_id])
            continue
        if r.doc_id not in stored:      # another process stored it while this one analysed it
            _duplicate(r.source, r.doc_id, report, notify, r)
            continue
        report.stored.append(r.doc_id)
        if r.reason is None:
            notify("stored", r)
            continue
        r.reason = one_line(r.reason)
        report.not_analysed.append((r.doc_id, r.reason))
        corpus.log_skip(r.source or r.doc_id, r.reason)
        notify("not_analysed", r)


def _duplicate(source: Optional[str], doc_id: str, report: IngestReport, notify, payload) -> None:
    report.duplicates.append((source or "", doc_id))
    notify("duplicate", payload)


def store_documents(corpus, docs: list[Document], attribution: str = "fast") -> IngestReport:
    """Analyse and store Documents already made (skipping those stored before)."""
    from .ingest.workers import analyse_safely

    report = IngestReport()
    new = [d for d in docs if not corpus.has_document(d.id)]
    if new:
        released = getattr(corpus, "released", None)
        with released() if released else contextlib.nullcontext():
            results = analyse_safely(new, attribution)
        store_results(corpus, results, report, lambda kind, payload: None)
    return report


def link_pending(corpus, notify=lambda kind, payload: None) -> int:
    """Link every stored document not linked yet (this ingest's and any a killed ingest left);
    returns how many. Linking writes its stories in one transaction and the queue is cleared
    only after that, so a kill at any point leaves the documents queued. ``notify`` gets
    ("linking", number of documents), then ("linked", None) once per document linked."""
    ids = corpus.pending_links()
    if not ids:
        return 0
    from .link import update

    notify("linking", len(ids))
    update(corpus, ids, progress=lambda: notify("linked", None))
    corpus.mark_linked(ids)
    return len(ids)
