"""Acceptance: the two seed articles are one story with two independent origins."""
from __future__ import annotations

from conftest import shared_path


def test_seeds_form_one_story_with_two_origins(tmp_path):
    spec = shared_path("acceptance", "seeds.yaml")
    from claimgraph.evaluate.seeds import run

    result = run(spec, db=tmp_path / "seeds.duckdb")
    cross = [i for i in result.items if i.section == "cross_document"]
    assert cross and all(i.met for i in cross), [i.reason for i in cross]
