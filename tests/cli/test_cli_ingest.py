"""`claimgraph ingest` over worker processes, and the progress total (real files, a real
subprocess)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from claimgraph.store import Corpus

from conftest import REPO
from helpers import texts


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


@pytest.mark.slow
def test_the_first_ingest_on_a_machine_announces_the_gazetteer_build_once(tmp_path):
    """A fresh user cache: the one-time build is said once, with what it does and how long it
    took; the second ingest says nothing about it."""
    (tmp_path / "a.txt").write_text(texts(1)[0], encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-m", "claimgraph", "ingest", str(tmp_path / "a.txt"),
                            "--db", str(tmp_path / "g.duckdb"), "--workers", "1"],
                           capture_output=True, text=True, env=env, timeout=900) for _ in range(2)]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    first, second = runs[0].stderr, runs[1].stderr
    assert first.count("building the place-name gazetteer") == 1 and "one-time setup done in" in first
    assert "gazetteer" not in second and "one-time setup" not in second
    assert list((tmp_path / "cache" / "claimgraph").glob("gazetteer-*.sqlite"))
