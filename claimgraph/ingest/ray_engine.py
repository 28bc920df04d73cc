"""``claimgraph ingest --engine ray``: the per-document analysis as a Ray Data pipeline.

The driver (the process running ``claimgraph ingest``) reads the inputs, drops documents the
store already holds, and puts the new ones into Ray's object store in chunks. A Ray Data
``map_batches`` stage of actors (each loads the spaCy pipeline once, like a local worker) runs
:func:`claimgraph.ingest.workers.analyse_batch` on every batch and the results are written as
Parquet shards (one row per document: its ``documents`` columns, why it was not analysed if it
was not, and its record rows as JSON). The driver then loads the shards into the store in input
order, in the local path's batches (one transaction each), and links the new documents in the
same chunks as the local path (:class:`claimgraph.ingestion.Linker`).
Records are identical to the local path's: the same function makes them.

On a cluster, ``address`` is the cluster to join and ``shards`` must be a directory on storage
that every node can write and the driver can read (a shared mount such as NFS); each node needs
claimgraph and its models installed (``pip install 'claimgraph[ray]'``). Ray is the optional
extra ``claimgraph[ray]``.
"""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
import uuid
from pathlib import Path
from typing import Callable, ContextManager, Iterable, Optional

from ..model import Document
from .fetch import DEFAULT_POLICY, FetchPolicy

#: columns of a shard: the documents table's, then the analysis outcome
SHARD_EXTRA = ("reason", "records", "seq")
_INPUT_COLUMNS = ("seq", "id", "text", "url", "outlet", "title", "published", "language", "source", "meta")


def _input_table(chunk: list[tuple[int, Document]]):
    import pyarrow as pa

    cols = {c: [] for c in _INPUT_COLUMNS}
    for seq, d in chunk:
        cols["seq"].append(seq)
        for c in _INPUT_COLUMNS[1:]:
            v = getattr(d, c)
            cols[c].append(json.dumps(v) if c == "meta" else v)
    return pa.table({c: pa.array(v, type=pa.int64() if c == "seq" else pa.string()) for c, v in cols.items()})


class Analyser:
    """A Ray Data actor: the pipeline is loaded once, then batch after batch is analysed."""

    def __init__(self, attribution: str = "fast"):
        from .workers import warm_up

        self.attribution = attribution
        warm_up(attribution)

    def __call__(self, batch):
        import pyarrow as pa

        from ..store.db import DOCUMENT_COLUMNS, arrow_schema
        from .workers import analyse_safely

        rows = batch.to_pylist()
        docs = [Document(id=r["id"], text=r["text"], url=r["url"], outlet=r["outlet"], title=r["title"],
                         published=r["published"], language=r["language"], source=r["source"],
                         meta=json.loads(r["meta"]) if r["meta"] else {}) for r in rows]
        results = analyse_safely(docs, self.attribution)
        schema = arrow_schema(DOCUMENT_COLUMNS)
        out = {c: pa.array([a.document_row[i] for a in results], type=schema.field(i).type)
               for i, c in enumerate(DOCUMENT_COLUMNS)}
        out["reason"] = pa.array([a.reason for a in results], type=pa.string())
        out["records"] = pa.array([json.dumps(a.record_rows, ensure_ascii=False) for a in results], type=pa.string())
        out["seq"] = pa.array([r["seq"] for r in rows], type=pa.int64())
        return pa.table(out)


def _ensure_ray(address: Optional[str], workers: Optional[int]):
    import ray

    if not ray.is_initialized():
        # no usage statistics sent anywhere; a local instance listens on the loopback interface
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        import logging

        if address:
            ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
        else:
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
                     logging_level=logging.WARNING, _node_ip_address="127.0.0.1")
    return ray


def run_pipeline(documents: Iterable[Document], shards: str, *, workers: Optional[int] = None,
                 address: Optional[str] = None, batch_size: int = 16, chunk_size: int = 64,
                 attribution: str = "fast",
                 released: Optional[Callable[[], ContextManager]] = None) -> int:
    """Analyse Documents on Ray with the ``attribution`` mode and write the results as
    Parquet shards under ``shards``; returns the number of documents sent. ``released()`` is
    entered while Ray analyses (``documents`` are all read before)."""
    ray = _ensure_ray(address, workers)
    refs, chunk, n = [], [], 0
    for d in documents:
        chunk.append((n, d))
        n += 1
        if len(chunk) >= chunk_size:
            refs.append(ray.put(_input_table(chunk)))
            chunk = []
    if chunk:
        refs.append(ray.put(_input_table(chunk)))
    if not refs:
        return 0
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    actors = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    ds = ray.data.from_arrow_refs(refs).map_batches(
        Analyser, fn_constructor_kwargs={"attribution": attribution},
        batch_size=batch_size, batch_format="pyarrow", compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=1)
    with (released or contextlib.nullcontext)():
        ds.write_parquet(shards)
    return n


def read_shards(shards: str, batch_size: int = 16):
    """Yield lists of ``batch_size`` :class:`~claimgraph.ingest.workers.Analysed` (the last may
    be shorter) from the shards, in input order (shards sorted by their first document's
    position): the batches the local path stores, whatever the shards' sizes."""
    import pyarrow.parquet as pq

    from ..store.db import DOCUMENT_COLUMNS
    from .workers import Analysed

    files = sorted(Path(shards).glob("*.parquet"))
    firsts = {f: pq.read_table(f, columns=["seq"]).column("seq")[0].as_py() for f in files
              if pq.ParquetFile(f).metadata.num_rows}
    out = []
    for f in sorted(firsts, key=firsts.get):
        for batch in pq.ParquetFile(f).iter_batches(batch_size=batch_size):
            for r in batch.to_pylist():
                row = tuple(r[c] for c in DOCUMENT_COLUMNS)
                out.append(Analysed(r["id"], r["source"], row, [tuple(x) for x in json.loads(r["records"])],
                                    r["reason"]))
                if len(out) == batch_size:
                    yield out
                    out = []
    if out:
        yield out


def ingest_ray(corpus, inputs: Iterable[str], *, outlet: Optional[str] = None, published: Optional[str] = None,
               language: Optional[str] = None, workers: Optional[int] = None, address: Optional[str] = None,
               shards: Optional[str] = None, batch_size: int = 16, link: bool = True,
               policy: FetchPolicy = DEFAULT_POLICY, attribution: str = "fast",
               on_progress: Optional[Callable[[str, object], None]] = None):
    """Like :func:`claimgraph.ingestion.ingest`, with the analysis on Ray (see the module)."""
    import time

    from ..ingest.readers import normalize_date
    from ..ingestion import IngestReport, new_documents, store_and_link

    if published and not normalize_date(published):
        raise ValueError(f"not a date: {published!r} (use YYYY-MM-DD)")
    t0 = time.perf_counter()
    report = IngestReport()
    notify = on_progress or (lambda kind, payload: None)
    defaults = {"outlet": outlet, "published": published, "language": language}
    with tempfile.TemporaryDirectory(prefix="claimgraph-shards-") as tmp:
        # each run writes its own sub-directory of a given shards directory
        out = str(Path(shards) / (time.strftime("run-%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:8])) if shards \
            else str(Path(tmp) / "shards")
        run_pipeline(new_documents(corpus, inputs, defaults, report, notify, policy), out,
                     workers=workers, address=address, batch_size=batch_size, attribution=attribution,
                     released=getattr(corpus, "released", None))
        store_and_link(corpus, read_shards(out, batch_size) if Path(out).exists() else (), report, notify, link)
    report.seconds = time.perf_counter() - t0
    return report
