"""Streaming ingest in batches: crash safety of batched ingest, and worker processes storing
exactly what one process stores (real DuckDB files, real articles, real processes)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from claimgraph.store import Corpus

from conftest import REPO, SHARED
from helpers import texts


def export_lines(corpus: Corpus) -> list[str]:
    from claimgraph.model import to_dict

    docs = [json.dumps({"id": d.id, "text": d.text, "language": d.language, "outlet": d.outlet,
                        "meta": d.meta}, sort_keys=True) for d in corpus.documents()]
    recs = [json.dumps(to_dict(r), sort_keys=True) for r in corpus.all_records()]
    return sorted(docs + recs)


KILLED_INGEST = """
import sys
from claimgraph.ingestion import ingest
from claimgraph.store import Corpus

corpus = Corpus(sys.argv[1])

def on_progress(kind, payload):
    if kind == "stored":
        print("stored", flush=True)
        sys.stdin.readline()          # wait here (inside the run) until the test kills us

ingest(corpus, sys.argv[2:], batch_size=2, link=False, workers=1, on_progress=on_progress)
"""


@pytest.mark.slow
def test_a_killed_ingest_keeps_committed_batches_and_a_rerun_duplicates_nothing(tmp_path):
    from claimgraph.ingestion import ingest

    inputs = []
    for i, t in enumerate(texts(5)):
        p = tmp_path / f"a{i}.txt"
        p.write_text(t, encoding="utf-8")
        inputs.append(str(p))
    db = tmp_path / "killed.duckdb"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_INGEST, str(db), *inputs],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.stdout.readline().strip() == "stored"     # first batch committed
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Corpus(db) as corpus:
        assert len(corpus.documents()) == 2                # the committed batch, nothing half-written
        report = ingest(corpus, inputs, batch_size=2, link=False)
        assert len(report.stored) == 3 and len(report.duplicates) == 2
        resumed = export_lines(corpus)
    with Corpus(tmp_path / "clean.duckdb") as clean:
        ingest(clean, inputs, batch_size=2, link=False)
        assert resumed == export_lines(clean)


@pytest.mark.slow
def test_two_worker_processes_store_the_same_records_as_one_process(tmp_path):
    from claimgraph.ingestion import ingest

    inputs = [str(REPO / "claimgraph" / "assets" / "sample" / "corpus.jsonl")]
    seeds = SHARED / "seeds"
    if seeds.exists():
        inputs.append(str(seeds))
    with Corpus(tmp_path / "one.duckdb") as one:
        r1 = ingest(one, inputs, workers=1, batch_size=3, link=False)
        lines1 = export_lines(one)
    with Corpus(tmp_path / "two.duckdb") as two:
        r2 = ingest(two, inputs, workers=2, batch_size=3, link=False)
        lines2 = export_lines(two)
    assert len(r1.stored) >= 5 and r2.stored == r1.stored
    assert any('"type": "attribution"' in line for line in lines1)
    assert lines1 == lines2


def _wait_until_helper_idle(me, timeout: float = 180.0):
    """The helper process (a spawn child) once it has loaded the pipeline: its CPU time has
    grown past a second and then stopped growing."""
    import time

    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        helpers = [c for c in me.children() if "spawn_main" in " ".join(c.cmdline())]
        if helpers:
            cpu = sum(helpers[0].cpu_times()[:2])
            if last is not None and cpu > 1.0 and cpu - last < 0.02:
                return helpers[0]
            last = cpu
        time.sleep(1.0)
    raise AssertionError("the helper process did not finish loading")


@pytest.mark.slow
def test_a_helper_killed_between_batches_does_not_stop_the_ingest():
    import time

    import psutil

    from claimgraph.ingest.document import make_document
    from claimgraph.ingest.workers import analysed_batches

    docs = [make_document(t, language="en") for t in texts(6)]
    batches = [docs[:2], docs[2:4], docs[4:]]

    def feed():
        yield from batches[:2]      # helpers start once a second batch is there
        helper = _wait_until_helper_idle(psutil.Process())
        helper.kill()
        helper.wait(30)
        time.sleep(2.0)             # the pool notices the dead helper
        yield batches[2]

    results = [r for batch in analysed_batches(feed(), workers=2) for r in batch]
    assert [r.doc_id for r in results] == [d.id for d in docs]
    assert [r.reason for r in results] == [None] * 6
    assert all(r.record_rows for r in results)


@pytest.mark.slow
def test_linking_in_chunks_during_an_ingest_gives_the_same_stories_for_any_workers(tmp_path, monkeypatch):
    """Linking runs while the ingest goes on (every few stored documents here), at points that
    depend only on what was stored: one and two processes store the same stories, and every
    document is linked at the end."""
    import claimgraph.ingestion as ingestion

    monkeypatch.setattr(ingestion.Linker, "LINK_EVERY", 4)
    calls = []
    real = ingestion.link_pending
    monkeypatch.setattr(ingestion, "link_pending", lambda corpus, *a: calls.append(1) or real(corpus, *a))
    inputs = [str(REPO / "claimgraph" / "assets" / "sample" / "corpus.jsonl")]
    exports = []
    for workers in (1, 2):
        calls.clear()
        with Corpus(tmp_path / f"w{workers}.duckdb") as corpus:
            report = ingestion.ingest(corpus, inputs, workers=workers, batch_size=2)
            assert report.linked == len(report.stored) == 15
            assert corpus.pending_links() == []
            linked = {d for s in corpus.records("story") for d in s.doc_ids}
            assert linked == {d.id for d in corpus.documents(with_text=False)}
            exports.append(export_lines(corpus))
        # 15 documents in batches of 2: linked after 4, 8 (max(4, 4 // 4)), 12 and at the end
        assert len(calls) == 4, calls
    assert any('"type": "story"' in line for line in exports[0])
    assert exports[0] == exports[1]


def test_ray_shards_are_read_back_in_the_local_paths_batches(tmp_path):
    """Shards of any sizes are read in input order and regrouped into batches of the local
    path's size, so the store's transactions and the linking chunks are the same."""
    pytest.importorskip("pyarrow")
    import pyarrow as pa
    import pyarrow.parquet as pq

    from claimgraph.ingest.ray_engine import read_shards
    from claimgraph.store.db import DOCUMENT_COLUMNS

    seq = 0
    for name, size in (("b", 7), ("a", 12), ("c", 3)):       # file names out of input order
        cols = {c: [] for c in (*DOCUMENT_COLUMNS, "reason", "records", "seq")}
        for _ in range(size):
            for c in DOCUMENT_COLUMNS:
                cols[c].append(True if c == "analysed" else f"{c}{seq}")
            cols["reason"].append(None)
            cols["records"].append("[]")
            cols["seq"].append(seq)
            seq += 1
        pq.write_table(pa.table(cols), tmp_path / f"{name}.parquet")
    batches = list(read_shards(str(tmp_path), batch_size=5))
    assert [len(b) for b in batches] == [5, 5, 5, 5, 2]
    assert [r.doc_id for b in batches for r in b] == [f"id{i}" for i in range(22)]
