"""The Ray engine against the local path: same inputs, same export, record for record, on a
local Ray instance the test starts (loopback only, no usage statistics)."""
from __future__ import annotations

import os

import pytest

from conftest import REPO, SHARED

ray = pytest.importorskip("ray", reason="the Ray engine needs claimgraph[ray]")

SAMPLE = REPO / "claimgraph" / "assets" / "sample"


@pytest.fixture(scope="module")
def local_ray():
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    # the workers import this checkout, as the test process does
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1")
    yield
    ray.shutdown()


def exported(corpus) -> list[str]:
    import json

    from claimgraph.export.jsonl import iter_export_dicts

    return [json.dumps(d, sort_keys=True, ensure_ascii=False) for d in iter_export_dicts(corpus)]


@pytest.mark.slow
def test_ray_engine_stores_what_the_local_path_stores(local_ray, tmp_path):
    from claimgraph.evaluate.seeds import check_stored
    from claimgraph.ingest.ray_engine import ingest_ray
    from claimgraph.ingestion import ingest
    from claimgraph.store import Corpus

    inputs = [str(SAMPLE / "corpus.jsonl")]
    if (SHARED / "seeds").exists():
        inputs.append(str(SHARED / "seeds"))
    with Corpus(tmp_path / "local.duckdb") as local:
        r_local = ingest(local, inputs, workers=1)
        want = exported(local)
        checks_local = check_stored(SAMPLE / "expected.yaml", local)
    with Corpus(tmp_path / "ray.duckdb") as on_ray:
        r_ray = ingest_ray(on_ray, inputs, workers=2, batch_size=4, shards=str(tmp_path / "shards"))
        got = exported(on_ray)
        checks_ray = check_stored(SAMPLE / "expected.yaml", on_ray)
        # a second run finds everything stored and sends nothing to Ray
        again = ingest_ray(on_ray, inputs, workers=2)
    assert len(r_local.stored) >= 15 and r_ray.stored == r_local.stored
    assert any('"type": "story"' in line for line in want) and any('"type": "claim"' in line for line in want)
    assert got == want
    assert (checks_ray.met, checks_ray.total) == (checks_local.met, checks_local.total)
    assert again.stored == [] and len(again.duplicates) == len(r_local.stored)
    assert list((tmp_path / "shards").glob("run-*/*.parquet"))
