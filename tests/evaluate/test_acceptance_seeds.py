"""`claimgraph eval seeds` on ../shared/acceptance/seeds.yaml (skipped when ../shared is absent).

The spec is checked strictly (one record must satisfy every field of an item). Each section
has a floor: what the pipeline is known to meet today. A change that lowers it fails here.
"""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from conftest import shared_path

pytestmark = pytest.mark.slow

# section -> minimum number of items met
FLOORS = {
    "ingest": 3,
    "attributions": 15,
    "claims": 7,
    "figures": 2,
    "places": 5,
    "times": 1,
    "same_actor": 1,
    "boilerplate": 2,
    "cross_document": 0,
}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    spec = shared_path("acceptance", "seeds.yaml")
    db = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    r = CliRunner().invoke(app, ["eval", "seeds", str(spec), "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output), db


def test_report_shape(result):
    res, _ = result
    assert res["total"] == len(res["items"]) >= 30
    assert res["met"] == sum(i["met"] for i in res["items"])
    assert all(i["reason"] for i in res["items"])


def test_section_floors(result):
    res, _ = result
    for section, floor in FLOORS.items():
        got = res["sections"].get(section, {"met": 0})["met"]
        assert got >= floor, f"{section}: {got} met, floor {floor}"


def test_both_seed_articles_ingested_with_valid_offsets(result):
    from claimgraph.model import iter_spans
    from claimgraph.store import Corpus

    _, db = result
    with Corpus(db, read_only=True) as c:
        docs = c.documents()
        assert len(docs) == 2
        assert {d.outlet for d in docs} >= {"International Business Times"}
        for d in docs:
            for rec in c.all_records(d.id):
                for s in iter_spans(rec):
                    assert d.text[s.start:s.end] == s.text
