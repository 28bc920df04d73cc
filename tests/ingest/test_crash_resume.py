"""Ingest killed with SIGKILL at random points, then run again, ends where a clean run ends.

The ingest runs in a forked child process (the parent has the models loaded already, so a round
costs one ingest, not a model load); the parent kills it with SIGKILL at a random moment, some
of them chosen inside the linking phase, re-runs the ingest and compares the JSONL export with
a clean run's.
"""
from __future__ import annotations

import json
import os
import random
import signal
import time

import pytest

from claimgraph.export import export
from claimgraph.ingestion import ingest
from claimgraph.store import Corpus

ARTICLES = [
    ("[Fictional test article.] The regional governor said on Monday that three shells hit a school "
     "in Dovzhenko overnight. \"Nobody was inside,\" the governor told reporters. According to the "
     "emergency service, the roof collapsed and two teachers were treated for shock."),
    ("[Fictional test article.] Shells struck a school in Dovzhenko overnight, the regional governor "
     "said, adding that nobody was inside. The emergency service said the roof had collapsed."),
    ("[Fictional test article.] Officials in the port city said the ferry service would resume next "
     "week. A spokesman for the harbour authority said repairs were nearly finished."),
    ("[Fictional test article.] The defence ministry claimed its forces had shot down twelve drones "
     "over the region overnight, a figure that could not be independently verified."),
]
ROUNDS = 20


def canonical_export(db, out) -> list[str]:
    with Corpus(db, read_only=True) as c:
        export(c, "jsonl", out)
    lines = []
    for line in out.read_text().splitlines():
        d = json.loads(line)
        d.pop("ingested_at", None)
        lines.append(json.dumps(d, sort_keys=True))
    return sorted(lines)


def run_ingest(db, inputs, marks=None):
    def mark(kind):
        if marks is not None:
            with open(marks, "a") as fh:
                fh.write(f"{kind} {time.monotonic()}\n")

    def progress(kind, payload):
        if kind in ("stored", "linking"):
            mark(kind)

    with Corpus(db) as c:
        ingest(c, inputs, batch_size=1, on_progress=progress)
    mark("done")


def read_marks(path) -> dict[str, float]:
    """The first time each mark was written."""
    out: dict[str, float] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            kind, _, t = line.partition(" ")
            out.setdefault(kind, float(t))
    return out


@pytest.mark.slow
def test_sigkill_at_random_points_then_a_rerun_equals_a_clean_run(tmp_path):
    import torch

    torch.set_num_threads(1)            # no thread pool to inherit broken across fork()
    # tqdm (which the sentence encoder calls even with its bar off) guards its output with a
    # lock shared across processes; a child killed while holding it would block this process
    # for ever, so this test gives tqdm a lock of this process alone
    import threading

    from tqdm import tqdm

    tqdm.set_lock(threading.RLock())
    inputs = []
    for i, text in enumerate(ARTICLES):
        p = tmp_path / f"a{i}.txt"
        p.write_text(text)
        inputs.append(str(p))
    run_ingest(tmp_path / "warm.duckdb", inputs)   # loads the models
    clean = tmp_path / "clean.duckdb"
    t0 = time.monotonic()
    run_ingest(clean, inputs, tmp_path / "clean.marks")   # the reference, and how long it takes
    total = time.monotonic() - t0
    clean_marks = read_marks(tmp_path / "clean.marks")
    linking = max(clean_marks["done"] - clean_marks["linking"], 0.01)
    reference = canonical_export(clean, tmp_path / "clean.jsonl")
    assert any('"type": "story"' in line for line in reference)

    # Rounds go on until ROUNDS of them were killed before the ingest ended (a round whose
    # ingest finished first proves less); every fourth kill is aimed inside the linking phase.
    rng = random.Random(26)
    killed, in_link, after_store, r = 0, 0, 0, 0
    while killed < ROUNDS and r < 3 * ROUNDS:
        db = tmp_path / f"crash{r}.duckdb"
        m = tmp_path / f"crash{r}.marks"
        pid = os.fork()
        if pid == 0:                                   # the child: ingest, then leave at once
            try:
                run_ingest(db, inputs, m)
            finally:
                os._exit(0)
        status = None
        if r % 4 == 3:                                 # wait for linking to start, then kill in it
            deadline = time.monotonic() + 10 * total
            while "linking" not in read_marks(m) and time.monotonic() < deadline:
                done, st = os.waitpid(pid, os.WNOHANG)
                if done:                               # it ended before linking began
                    status = st
                    break
                time.sleep(0.005)
            if status is None:
                time.sleep(rng.uniform(0, linking * 0.8))
        else:
            time.sleep(rng.uniform(0.05, total))
        if status is None:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        seen = read_marks(m)
        if os.WIFSIGNALED(status) and "done" not in seen:
            killed += 1
            in_link += "linking" in seen
            after_store += "stored" in seen
        run_ingest(db, inputs)                         # the next ingest resumes
        assert canonical_export(db, tmp_path / f"crash{r}.jsonl") == reference, f"round {r}"
        r += 1
    print(f"\n{killed} of {r} rounds killed mid-ingest, {after_store} after storing a document, "
          f"{in_link} during linking; every rerun's export equals the clean run's")
    assert killed == ROUNDS and after_store >= 3 and in_link >= 1
