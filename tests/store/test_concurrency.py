"""Two processes and one database file: readers wait for a writer, a second writer waits its
turn or fails cleanly before reading anything. Real second processes hold the file."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from claimgraph.store import Corpus
from conftest import REPO

GOOD = ("Fictional test article. The regional governor said on Monday that two drones struck a fuel "
        "depot overnight. \"We heard two explosions,\" a night watchman told the Example Courier.")


def hold(db, seconds: float) -> subprocess.Popen:
    """A separate process holding ``db`` open for writing for ``seconds``."""
    code = ("import sys, time; from claimgraph.store import Corpus; c = Corpus(sys.argv[1]); "
            "print('holding', flush=True); time.sleep(float(sys.argv[2])); c.close()")
    p = subprocess.Popen([sys.executable, "-c", code, str(db), str(seconds)], stdout=subprocess.PIPE,
                         text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert p.stdout.readline().strip() == "holding"
    return p


def cli(*args, wait: float):
    return subprocess.run([sys.executable, "-m", "claimgraph", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO), "CLAIMGRAPH_LOCK_WAIT": str(wait)},
                          timeout=300)


def test_a_reader_waits_for_the_writer_with_a_message(tmp_path):
    db = tmp_path / "x.duckdb"
    Corpus(db).close()
    holder = hold(db, 3)
    t0 = time.monotonic()
    res = cli("docs", "--db", db, "--json", wait=30)
    waited = time.monotonic() - t0
    holder.wait()
    assert res.returncode == 0, res.stderr
    assert "waiting:" in res.stderr and "in use by another claimgraph process" in res.stderr
    assert res.stdout.strip() == "[]" and waited >= 1.0


def test_a_reader_gives_up_cleanly_when_the_writer_stays(tmp_path):
    db = tmp_path / "x.duckdb"
    Corpus(db).close()
    holder = hold(db, 20)
    try:
        res = cli("claims", "--db", db, wait=1)
    finally:
        holder.kill()
        holder.wait()
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "gave up after waiting 1 s" in res.stderr


def test_a_second_ingest_fails_before_reading_its_inputs_or_queues(tmp_path):
    db = tmp_path / "x.duckdb"
    Corpus(db).close()
    fifo = tmp_path / "pipe.txt"            # reading this input would block: proof it is not read
    os.mkfifo(fifo)
    art = tmp_path / "a.txt"
    art.write_text(GOOD)
    holder = hold(db, 20)
    try:
        res = cli("ingest", art, fifo, "--db", db, wait=1)
    finally:
        holder.kill()
        holder.wait()
    assert res.returncode == 2 and "in use by another claimgraph process" in res.stderr
    assert "FIFO" not in res.stderr + res.stdout           # nothing was read


@pytest.mark.slow
def test_a_second_ingest_queues_behind_the_writer_and_lands(tmp_path):
    db = tmp_path / "x.duckdb"
    Corpus(db).close()
    art = tmp_path / "a.txt"
    art.write_text(GOOD)
    holder = hold(db, 3)
    res = cli("ingest", art, "--db", db, "--json", wait=60)     # queues behind the holder
    holder.wait()
    assert res.returncode == 0, res.stderr
    with Corpus(db, read_only=True) as c:
        assert len(c.documents()) == 1 and c.pending_links() == []


@pytest.mark.slow
def test_two_ingests_into_one_file_both_land(tmp_path):
    texts = [GOOD.replace("Monday", day) for day in ("Tuesday", "Wednesday", "Thursday")]
    files = []
    for i, t in enumerate(texts):
        p = tmp_path / f"a{i}.txt"
        p.write_text(t)
        files.append(p)
    db = tmp_path / "x.duckdb"
    env = {**os.environ, "PYTHONPATH": str(REPO), "CLAIMGRAPH_LOCK_WAIT": "300"}
    procs = [subprocess.Popen([sys.executable, "-m", "claimgraph", "ingest", *map(str, batch), "--db", str(db), "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for batch in (files[:2], files[1:])]             # the middle article is in both
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    reports = [json.loads(o) for o, _ in outs]
    assert sum(len(r["stored"]) for r in reports) == 3
    assert sum(len(r["duplicates"]) for r in reports) == 1
    with Corpus(db, read_only=True) as c:
        assert len(c.documents()) == 3 and c.pending_links() == []


def test_what_a_writer_committed_is_read_while_it_releases_the_file_and_folded_in_at_close(tmp_path):
    """A writer releasing the file mid-ingest does not checkpoint (bursts of memory in a long
    ingest): a reader in another process still sees every committed document, from the
    write-ahead log; the writer's final close folds the log into the file."""
    from claimgraph.ingest.document import make_document
    from claimgraph.store.db import document_row

    db = tmp_path / "x.duckdb"
    corpus = Corpus(db)
    docs = [make_document(f"{GOOD} Copy {i}.", language="en") for i in range(3)]
    corpus.add_rows([document_row(d) for d in docs])
    with corpus.released():
        assert (tmp_path / "x.duckdb.wal").exists()          # not folded in on this close
        res = cli("docs", "--db", db, "--json", wait=30)
        assert res.returncode == 0, res.stderr
        assert sorted(d["id"] for d in json.loads(res.stdout)) == sorted(d.id for d in docs)
    corpus.add_rows([document_row(make_document(f"{GOOD} Copy 3.", language="en"))])
    corpus.close()
    assert not (tmp_path / "x.duckdb.wal").exists() or (tmp_path / "x.duckdb.wal").stat().st_size == 0
    with Corpus(db, read_only=True) as again:
        assert len(list(again.documents(with_text=False))) == 4
