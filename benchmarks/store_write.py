"""Store writes: one INSERT per record against the bulk Arrow append (``Corpus.add_rows``).

    python benchmarks/store_write.py [--docs 40]

The rows of N analysed PolNeAR articles (../shared/polnear/train/text) are written to fresh
DuckDB files twice: one transaction per document with a prepared INSERT OR REPLACE per record
(``executemany``), and ``add_rows`` with one transaction per batch of 16 documents. Prints
seconds per document of each and their ratio (measured in one run).
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
POLNEAR = Path(os.environ.get("CLAIMGRAPH_SHARED", REPO.parent / "shared")) / "polnear" / "train" / "text"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=40)
    args = ap.parse_args()

    from claimgraph.ingest.document import make_document
    from claimgraph.ingest.workers import analyse_batch
    from claimgraph.store import Corpus

    files = sorted(POLNEAR.glob("*.txt"))[:args.docs]
    docs = [make_document(f.read_text(encoding="utf-8"), language="en") for f in files]
    res = analyse_batch(docs)
    n = sum(len(r.record_rows) for r in res)
    with tempfile.TemporaryDirectory() as tmp:
        one = Corpus(Path(tmp) / "per_record.duckdb")
        t0 = time.perf_counter()
        for r in res:
            with one.transaction():
                one.con.execute("INSERT INTO documents (id, url, outlet, title, published, language, source, meta,"
                                " text, analysed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", list(r.document_row))
                one.con.executemany('INSERT OR REPLACE INTO records (id, doc_id, type, start, "end", payload)'
                                    " VALUES (?, ?, ?, ?, ?, ?)", r.record_rows)
        per_record = time.perf_counter() - t0
        bulk = Corpus(Path(tmp) / "bulk.duckdb")
        t0 = time.perf_counter()
        for i in range(0, len(res), 16):
            b = res[i:i + 16]
            bulk.add_rows([r.document_row for r in b], [x for r in b for x in r.record_rows])
        arrow = time.perf_counter() - t0
        assert bulk.stats() == one.stats()
    print(f"{len(res)} documents, {n} records ({n / len(res):.0f} a document); load average {os.getloadavg()[0]:.1f}")
    print(f"one INSERT per record: {per_record:.2f} s ({per_record / len(res):.3f} s a document)")
    print(f"add_rows, 16 documents a transaction: {arrow:.2f} s ({1000 * arrow / len(res):.1f} ms a document); "
          f"x{per_record / arrow:.0f} faster")


if __name__ == "__main__":
    main()
