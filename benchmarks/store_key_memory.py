"""Memory of inserting into the store's ``records`` table as it grows, with and without its key.

    python benchmarks/store_key_memory.py [--sizes 100000 1500000] [--insert 200000]

For each size, in a fresh process: a DuckDB file with claimgraph's ``records`` table as the
store's migrations create it (primary key on ``(type, id)`` and an index on ``doc_id``), with
only one of the two, or with neither, filled with that many synthetic records (about 50 make an
article), checkpointed and reopened; then ``--insert`` more records are appended in five
statements and checkpointed. Prints the process's RSS before, its peak after the inserts and
its peak after the checkpoint (Linux ``VmHWM``, reset before the inserts). A key DuckDB holds
whole in memory shows as a peak that grows with the table, not with what is inserted.
"""
from __future__ import annotations

import argparse
import subprocess
import sys

CHILD = r'''
import os, sys, tempfile
import duckdb
from claimgraph.store.db import MIGRATIONS

def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) // 1024

size, layout, insert = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
path = os.path.join(tempfile.mkdtemp(), "records.duckdb")
con = duckdb.connect(path)
schema = MIGRATIONS[0].split("CREATE TABLE skipped")[0]
if layout in ("index", "neither"):
    schema = schema.replace(",\n        PRIMARY KEY (type, id)", "")
if layout in ("key", "neither"):
    schema = schema.replace("CREATE INDEX records_doc ON records(doc_id);", "")
con.execute(schema)
fill = """INSERT INTO records SELECT md5(CAST(i AS VARCHAR)), md5(CAST(i // 50 AS VARCHAR)), 'claim',
          i % 1000, i % 1000 + 20, '{"text": "' || repeat(md5(CAST(i AS VARCHAR)), 6) || '"}'
          FROM range(?, ?) t(i)"""
con.execute(fill, [0, size])
con.execute("CHECKPOINT")
con.close()
con = duckdb.connect(path)
open("/proc/self/clear_refs", "w").write("5")
before = status("VmRSS")
step = insert // 5
for k in range(5):
    con.execute(fill, [size + k * step, size + (k + 1) * step])
inserted = status("VmHWM")
con.execute("CHECKPOINT")
print(before, inserted, status("VmHWM"))
'''


LAYOUTS = {"both": "key + index", "key": "key only", "index": "index only", "neither": "neither"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_500_000])
    ap.add_argument("--insert", type=int, default=200_000)
    args = ap.parse_args()
    print(f"{'records':>10} {'table':>14} {'RSS before':>11} {'peak, inserts':>14} {'peak, checkpoint':>17}")
    for size in args.sizes:
        for layout in LAYOUTS:
            out = subprocess.run([sys.executable, "-c", CHILD, str(size), layout, str(args.insert)],
                                 capture_output=True, text=True)
            if out.returncode:
                raise SystemExit(out.stderr.strip().splitlines()[-1])
            before, inserted, peak = out.stdout.strip().splitlines()[-1].split()
            label = LAYOUTS[layout]
            print(f"{size:>10,} {label:>14} {before:>8} MB {inserted:>11} MB {peak:>14} MB")


if __name__ == "__main__":
    main()
