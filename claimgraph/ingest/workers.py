"""Per-document analysis of batches of Documents, in this process or in worker processes.

:func:`analyse_batch` is the one function that turns Documents into rows for the store (a
``documents`` row and its ``records`` rows, see :mod:`claimgraph.store.db`): the single-process
path, the worker pool and the Ray engine all call it, so they store identical records.

:func:`analysed_batches` streams batches through it. With ``workers > 1`` a pool of processes
(``workers - 1`` helpers started with ``spawn``, each loading the spaCy pipeline once, and this
process, which analyses a batch itself while the helpers are still loading and whenever every
helper has work; numerical libraries use one thread in each process) analyses batches while
this process also reads the next inputs and writes finished batches to the store; a bounded
number of batches is in flight, so memory does not grow with the corpus. Results come back in
input order. A failure anywhere in the analysis of a batch (a document, a helper process) comes
back as documents stored without analysis, with the reason: the ingest goes on.
"""
from __future__ import annotations

import contextlib
import gc
import itertools
import os
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, ContextManager, Iterable, Iterator, Optional

from ..model import Document

ENGLISH = "en"


@dataclass
class Analysed:
    """One document after analysis: its store rows, and why it was not analysed (if not)."""
    doc_id: str
    source: Optional[str]
    document_row: tuple
    record_rows: list = field(default_factory=list)
    reason: Optional[str] = None        # None: analysed; else stored without analysis, and why

    @property
    def id(self) -> str:
        return self.doc_id


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def batched(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield chunk


def analyse_batch(docs: list[Document], attribution: str = "fast") -> list[Analysed]:
    """Analyse Documents with the ``attribution`` mode (fast, accurate, rules), detecting the
    language of those without one; one result per document, in order. A document the pipeline
    fails on is returned with the reason, never raised: the batch goes on."""
    from ..api import meta_of
    from ..analyse.pipeline import get_nlp, run
    from ..analyse.records import records_of
    from ..store.db import document_row, record_rows
    from .language import detect_language

    failures: dict[str, str] = {}
    for d in docs:
        if not d.language:
            try:
                d.language = detect_language(d.text) or "und"
            except Exception as exc:  # noqa: BLE001 - reported for this document, batch goes on
                d.language = "und"
                failures[d.id] = f"language detection failed: {exc.__class__.__name__}: {exc}"
    english = [d for d in docs if (d.language or "").startswith(ENGLISH) and d.id not in failures]
    english_ids = {d.id for d in english} | set(failures)
    analysed: dict = {}
    if english:
        nlp = get_nlp(attribution)

        def on_error(proc_name, proc, failed_docs, exc):
            for fd in failed_docs:
                failures[(fd._.meta or {}).get("doc_id", "?")] = \
                    f"{proc_name} failed: {exc.__class__.__name__}: {exc}"

        # claimgraph's components use the pipeline's default error handler: a failing document
        # is dropped from the stream and reported, the batch goes on.
        previous = nlp.default_error_handler
        nlp.default_error_handler = on_error
        try:
            try:
                analysed = {sd._.meta["doc_id"]: records_of(sd)
                            for sd in run(nlp, [(d.text, meta_of(d)) for d in english])}
            except Exception:  # a failure inside spaCy's own components: one document at a time
                analysed = {}
                for d in english:
                    try:
                        analysed[d.id] = records_of(next(run(nlp, [(d.text, meta_of(d))])))
                    except Exception as exc:  # noqa: BLE001 - reported to the user, batch goes on
                        failures[d.id] = f"analysis failed: {exc.__class__.__name__}: {exc}"
        finally:
            nlp.default_error_handler = previous
    out = []
    for d in docs:
        if d.id in analysed:
            out.append(Analysed(d.id, d.source, document_row(d, True), record_rows(analysed[d.id])))
        else:
            reason = (failures.get(d.id, "analysis failed") if d.id in english_ids
                      else f"language '{d.language}' is not English: stored, not analysed")
            out.append(Analysed(d.id, d.source, document_row(d, False), [], reason))
    return out


def analyse_safely(docs: list[Document], attribution: str = "fast") -> list[Analysed]:
    """:func:`analyse_batch`, with anything it raises turned into a reason for each document."""
    try:
        return analyse_batch(docs, attribution)
    except Exception as exc:  # noqa: BLE001 - reported per document, the ingest goes on
        return _failed(docs, exc, "analysis failed")


def open_gazetteer(announce: bool = True) -> None:
    """Open the gazetteer, building it first if this machine has none, under a file lock: of
    processes starting at once, one builds it and the others wait for it."""
    import fcntl

    from ..analyse.places.gazetteer import _db_path, ensure_built, gazetteer

    lock = _db_path().with_suffix(".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            ensure_built(announce)
            gazetteer()
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def warm_up(attribution: str = "fast") -> None:
    """Load the pipeline with the ``attribution`` mode and everything it loads lazily
    (lexicons, models, the gazetteer) by analysing one short article."""
    from .document import make_document

    open_gazetteer()
    analyse_batch([make_document(
        "Officials in Kyiv said on Monday that 12 drones were shot down overnight, the ministry said.",
        language=ENGLISH, published="2024-03-04")], attribution)


def _one_thread():
    """Numerical libraries use one thread in this process (the processes are the parallelism:
    more threads than cores only make them wait for each other)."""
    try:
        from threadpoolctl import threadpool_limits

        return threadpool_limits(1)
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        return contextlib.nullcontext()


def _init_worker(attribution: str = "fast") -> None:
    _one_thread()
    warm_up(attribution)
    _release_memory()


def _started() -> int:
    """A helper's first task: it runs once the helper has loaded the pipeline."""
    return os.getpid()


def _failed(batch: list[Document], exc: BaseException, what: str = "worker process failed") -> list[Analysed]:
    from ..store.db import document_row

    reason = f"{what}: {exc.__class__.__name__}: {exc}".strip()
    return [Analysed(d.id, d.source, document_row(d, False), [], reason) for d in batch]


def analysed_batches(batches: Iterable[list[Document]], workers: int = 1, attribution: str = "fast",
                     released: Optional[Callable[[], ContextManager]] = None) -> Iterator[list[Analysed]]:
    """Analyse batches of Documents with ``workers`` processes: this one and ``workers - 1``
    helpers, all with the ``attribution`` mode. Yields one list of results per batch, in input
    order; ``batches`` is consumed lazily and at most ``4 * workers`` batches are held at once.
    ``released()`` (e.g. :meth:`claimgraph.store.Corpus.released`) is entered while this
    process analyses a batch or waits for a helper; ``batches`` is never read inside it."""
    idle = released or contextlib.nullcontext

    def analyse_here(batch):
        with idle():
            return analyse_safely(batch, attribution)

    batches = iter(batches)
    if workers > 1:     # one batch is analysed here: starting helpers would cost more than it
        head = list(itertools.islice(batches, 2))
        if len(head) < 2:
            workers = 1
        batches = itertools.chain(head, batches)
    results = (_with_helpers(batches, workers - 1, attribution, idle, analyse_here) if workers > 1
               else (analyse_here(batch) for batch in batches))
    with _one_thread() if workers > 1 else contextlib.nullcontext():
        for done in results:
            yield done
            _release_memory()       # the batch is stored: what it used goes back to the system


def _release_memory() -> None:
    """Give freed heap memory back to the operating system (glibc keeps it per thread arena
    otherwise, and the process's footprint creeps up over a long ingest)."""
    global _settled
    if not _settled:                # the pipeline is loaded: the collector stops scanning it
        _settled = True
        gc.collect()
        gc.freeze()
    if _libc is not None:
        _libc.malloc_trim(0)


def _load_libc():
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:  # pragma: no cover - not glibc
        return None


_libc = _load_libc()
_settled = False


#: batches queued for each helper process at most (in work or waiting for it)
QUEUED = 4


def _with_helpers(batches, helpers: int, attribution: str, idle, analyse_here) -> Iterator[list[Analysed]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    def new_pool():
        pool = ProcessPoolExecutor(max_workers=helpers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker, initargs=(attribution,))
        return pool, pool.submit(_started)

    # ``started`` is done once a helper has loaded the pipeline: until then this process
    # analyses the batches itself instead of queueing them behind the helpers' start-up
    pool, started = new_pool()
    # in input order: [batch, future (a helper's), results (ready: this process's)]
    inflight: deque = deque()

    def renew():
        nonlocal pool, started
        pool.shutdown(cancel_futures=True)
        pool, started = new_pool()

    def submit(batch):
        """A helper's future for the batch; None when no helper can take it."""
        for _ in range(2):
            try:
                return pool.submit(analyse_safely, batch, attribution)
            except (BrokenProcessPool, RuntimeError):   # the pool broke since the last batch
                renew()
        return None

    def helpers_up() -> bool:
        return started.done() and not started.cancelled() and started.exception() is None

    def ready() -> bool:
        return bool(inflight) and (inflight[0][2] is not None or inflight[0][1].done())

    def steal() -> bool:
        """Analyse here the last queued batch no helper has started; False when there is none."""
        for entry in reversed(inflight):
            if entry[1] is not None and entry[1].cancel():
                entry[1], entry[2] = None, analyse_here(entry[0])
                return True
        return False

    def collect():
        batch, fut, results = inflight.popleft()
        if results is not None:
            return results
        try:
            if not fut.done():
                if fut.cancel():                # not started: this process does it now
                    return analyse_here(batch)
                # rather than wait for the helper, take the batches queued behind it
                while not fut.done() and steal():
                    pass
                if not fut.done():
                    with idle():
                        wait([fut])
            return fut.result()
        except BrokenProcessPool as exc:   # a helper died (out of memory, a crash): that batch is
            renew()                        # stored unanalysed, the others are redone
            for entry in inflight:
                if entry[1] is not None:
                    entry[1] = submit(entry[0])
                    if entry[1] is None:
                        entry[2] = analyse_here(entry[0])
            return _failed(batch, exc)
        except Exception as exc:  # noqa: BLE001 - reported per document, the batch goes on
            return _failed(batch, exc)

    try:
        for batch in batches:
            busy = sum(1 for _, fut, _ in inflight if fut is not None and not fut.done())
            fut = None
            # keep every helper fed, QUEUED batches a helper (enough for it to go on while this
            # process stores and links); else this process analyses the batch, and when it has
            # to wait for a helper it takes over the batches no helper has started (collect)
            if helpers_up() and busy < QUEUED * helpers:
                fut = submit(batch)
            inflight.append([batch, fut, None if fut is not None else analyse_here(batch)])
            while ready():
                yield collect()
            while len(inflight) >= 4 * (helpers + 1):
                yield collect()
        while inflight:
            yield collect()
    finally:
        pool.shutdown(cancel_futures=True)
