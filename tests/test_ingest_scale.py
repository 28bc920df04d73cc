"""Bulk store writes, crash safety of batched ingest, and worker processes storing exactly what
one process stores (real DuckDB files, real articles, real processes)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from claimgraph.ingest.document import make_document
from claimgraph.model import Place, Span
from claimgraph.store import Corpus
from claimgraph.store.db import document_row, record_rows

from conftest import REPO, SHARED

ARTICLES = [
    "[Fictional test article {i}.] The regional governor said on Monday that three shells hit a school "
    "in the town of Izium overnight. \"Nobody was inside,\" the governor told reporters. According to "
    "the emergency service, the roof collapsed and {i} firefighters were sent.",
    "[Fictional test article {i}.] Officials in Odesa said the ferry service would resume next week. "
    "A spokesman for the harbour authority said repairs were nearly finished, but the company could "
    "not independently verify the date. {i} ships are waiting.",
]


def texts(n: int) -> list[str]:
    return [ARTICLES[i % 2].format(i=i) for i in range(n)]


def export_lines(corpus: Corpus) -> list[str]:
    from claimgraph.model import to_dict

    docs = [json.dumps({"id": d.id, "text": d.text, "language": d.language, "outlet": d.outlet,
                        "meta": d.meta}, sort_keys=True) for d in corpus.documents()]
    recs = [json.dumps(to_dict(r), sort_keys=True) for r in corpus.all_records()]
    return sorted(docs + recs)


def test_add_rows_stores_a_batch_once_and_skips_documents_stored_before(tmp_path):
    corpus = Corpus(tmp_path / "bulk.duckdb")
    docs = [make_document(t, language="en") for t in texts(3)]
    places = [Place(id=f"pla_{i}", doc_id=d.id, mention=Span(10, 16, "Izium"), name="Izium")
              for i, d in enumerate(docs)]
    first = corpus.add_rows([document_row(d) for d in docs[:2]], record_rows(places[:2]))
    assert first == [docs[0].id, docs[1].id]
    # the second batch repeats document 1 with a changed record: it is left as stored
    changed = Place(id="pla_1", doc_id=docs[1].id, mention=Span(0, 5, "Odesa"), name="Odesa")
    second = corpus.add_rows([document_row(d) for d in docs[1:]], record_rows([changed, places[2]]))
    assert second == [docs[2].id]
    assert corpus.stats() == {"documents": 3, "place": 3}
    assert corpus.records("place", docs[1].id)[0].name == "Izium"
    corpus.close()


def test_a_failing_batch_writes_nothing_and_keeps_earlier_batches(tmp_path):
    corpus = Corpus(tmp_path / "atomic.duckdb")
    docs = [make_document(t, language="en") for t in texts(4)]
    corpus.add_rows([document_row(d) for d in docs[:2]])
    bad_record = ("pla_x", docs[2].id, "place", "not a number", 5, "{}")   # start must be an integer
    with pytest.raises(Exception):
        corpus.add_rows([document_row(d) for d in docs[2:]], [bad_record])
    assert {d.id for d in corpus.documents()} == {docs[0].id, docs[1].id}
    assert corpus.add_rows([document_row(d) for d in docs[2:]]) == [docs[2].id, docs[3].id]
    corpus.close()


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

    inputs = [str(REPO / "claimgraph" / "data" / "sample" / "corpus.jsonl")]
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


@pytest.mark.slow
def test_cli_ingest_with_two_workers_stores_every_article_and_reports_the_bad_one(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i, t in enumerate(texts(20)):          # more than one batch of 16: two workers start
        (inputs / f"a{i:02d}.txt").write_text(t, encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "cli.duckdb"
    out = subprocess.run([sys.executable, "-m", "claimgraph", "ingest", str(inputs), "--workers", "2",
                          "--db", str(db), "--json"],
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
                         timeout=900)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert len(report["stored"]) == 20 and len(report["skipped"]) == 1 and not report["not_analysed"]
    with Corpus(db) as corpus:
        counts = corpus.counts()
        assert len(counts) == 20 and all(c.get("attribution", 0) >= 2 for c in counts.values())


def test_progress_total_counts_articles_in_files_directories_and_jsonl(tmp_path):
    from claimgraph.cli.progress import count_inputs

    (tmp_path / "d").mkdir()
    for i, t in enumerate(texts(3)):
        (tmp_path / "d" / f"a{i}.txt").write_text(t, encoding="utf-8")
    (tmp_path / "d" / "notes.bin").write_bytes(b"\x00")            # not an article type: one skip
    lines = tmp_path / "more.jsonl"
    lines.write_text("\n".join(json.dumps({"text": t}) for t in texts(4)) + "\n\n", encoding="utf-8")
    assert count_inputs([str(tmp_path / "d"), str(lines), str(tmp_path / "missing.txt")]) == 3 + 1 + 4 + 1
    assert count_inputs(["https://example.org/feed.xml"]) is None
