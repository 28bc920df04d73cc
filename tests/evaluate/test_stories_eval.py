"""`claimgraph eval stories --jsonl`: the labelled-corpus format, both ways of linking."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from claimgraph.cli import app

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "claimgraph" / "assets" / "sample"


def _labelled(tmp_path: Path) -> Path:
    """The sample corpus in the labelled format: each article with its hand-written story."""
    story = {m: s["id"] for s in yaml.safe_load((SAMPLE / "expected.yaml").read_text())["stories"]
             for m in s["members"]}
    rows = [json.loads(line) for line in (SAMPLE / "corpus.jsonl").read_text().splitlines() if line.strip()]
    out = tmp_path / "labelled.jsonl"
    out.write_text("".join(json.dumps({k: r[k] for k in ("text", "title", "published", "outlet", "url") if r.get(k)}
                                      | {"story": story.get(r["id"], r["id"])}) + "\n" for r in rows))
    return out


@pytest.mark.slow
def test_both_ways_of_linking_score_the_sample_stories(tmp_path):
    labelled, db = _labelled(tmp_path), tmp_path / "s.duckdb"
    got = {}
    for linking in ("relink", "ingest"):
        res = CliRunner().invoke(app, ["eval", "stories", "--jsonl", str(labelled), "--db", str(db),
                                       "--linking", linking, "--json"])
        assert res.exit_code == 0, res.output
        got[linking] = json.loads(res.stdout)
    assert got["ingest"]["method"].endswith("(as ingest links)")
    for res in got.values():
        assert res["all"]["articles"] == 15
        assert res["all"]["bcubed"]["f1"] >= 0.95, res["all"]
        assert res["all"]["pairwise"]["precision"] == 1.0, res["all"]


def test_an_unknown_way_of_linking_is_refused(tmp_path):
    res = CliRunner().invoke(app, ["eval", "stories", "--jsonl", str(_labelled(tmp_path)), "--linking", "both"])
    assert res.exit_code != 0 and "relink or ingest" in res.output
