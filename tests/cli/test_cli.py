"""The command line on real files and a real DuckDB file."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from conftest import REPO

runner = CliRunner()

ART = ("[Fictional test article.] \"The bridge is gone,\" a local resident told the Example "
       "Courier on Friday. The regional administration said the crossing had been hit by two "
       "missiles, and officials allegedly ordered the road closed. The Example Courier could "
       "not independently verify the claims.")


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def db(tmp_path):
    p = tmp_path / "article.txt"
    p.write_text(ART, encoding="utf-8")
    dbp = tmp_path / "cli.duckdb"
    out = json.loads(invoke("ingest", p, "--outlet", "Example Courier", "--published", "2023-06-02",
                            "--db", dbp, "--json"))
    assert len(out["stored"]) == 1
    return dbp


def test_ingest_docs_show_claims(db, tmp_path):
    again = json.loads(invoke("ingest", tmp_path / "article.txt", "--db", db, "--json"))
    assert again["stored"] == [] and len(again["duplicates"]) == 1
    docs = json.loads(invoke("docs", "--db", db, "--json"))
    assert len(docs) == 1 and docs[0]["outlet"] == "Example Courier" and docs[0]["published"] == "2023-06-02"
    doc_id = docs[0]["id"]
    shown = json.loads(invoke("show", doc_id[:6], "--db", db, "--json"))
    assert shown["document"]["id"] == doc_id
    text = shown["document"]["text"]
    for rec in shown["records"]:
        for key in ("cue", "content", "mention", "trigger"):
            s = rec.get(key)
            if isinstance(s, dict) and "start" in s:
                assert text[s["start"]:s["end"]] == s["text"]
    table = invoke("show", doc_id, "--db", db)
    assert "The bridge is gone" in table
    rows = json.loads(invoke("claims", "--db", db, "--json"))
    assert all(r["doc_id"] == doc_id for r in rows)
    direct = [r for r in rows if r["quote_type"] == "direct"]
    assert direct and "bridge is gone" in direct[0]["content_text"]


def test_show_highlights_exactly_the_stored_offsets(db):
    from claimgraph.cli.core import STYLES, highlight
    from claimgraph.store import Corpus

    with Corpus(db) as c:
        doc = c.documents()[0]
        recs = c.all_records(doc.id)
    styled = highlight(doc.text, recs)
    attrs = [r for r in recs if type(r).__name__ == "Attribution"]
    assert attrs
    cue_ranges = {(s.start, s.end) for s in styled.spans if str(s.style) == STYLES["cue"]}
    assert {(a.cue.start, a.cue.end) for a in attrs if a.cue} <= cue_ranges


def test_unknown_document_and_format_are_clear_errors(db, tmp_path):
    r = runner.invoke(app, ["show", "nope", "--db", str(db)])
    assert r.exit_code == 1 and "no document" in r.output
    r = runner.invoke(app, ["export", str(tmp_path / "x"), "--format", "xml", "--db", str(db)])
    assert r.exit_code == 1 and "unknown format" in r.output


def test_export_jsonl_from_cli(db, tmp_path):
    out = tmp_path / "out.jsonl"
    invoke("export", out, "--format", "jsonl", "--db", db)
    types = {json.loads(line)["type"] for line in out.read_text().splitlines()}
    assert {"document", "attribution"} <= types


def test_every_command_has_help_with_an_example():
    top = invoke("--help")
    for cmd in ("ingest", "docs", "show", "claims", "export", "demo", "eval"):
        assert cmd in top
    for cmd in ("ingest", "docs", "show", "claims", "export", "demo"):
        assert "Example" in invoke(cmd, "--help")


def test_console_script_runs(tmp_path):
    exe = REPO / ".venv" / "bin" / "claimgraph"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "claimgraph"]
    r = subprocess.run([*cmd, "--version"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and r.stdout.startswith("claimgraph "), r.stderr
    # a read command on a missing database is an error, and creates nothing
    r = subprocess.run([*cmd, "docs", "--db", str(tmp_path / "missing.duckdb"), "--json"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1 and "no database at" in r.stderr
    assert not (tmp_path / "missing.duckdb").exists()


@pytest.mark.slow
def test_demo_ingests_the_sample_corpus_and_is_idempotent(tmp_path):
    dbp = tmp_path / "demo.duckdb"
    first = json.loads(invoke("demo", "--db", dbp, "--json"))
    assert first["new_documents"] >= 15 and first["skipped"] == 0
    assert first["records"]["attribution"] > 30 and first["records"]["claim"] > 30
    se = first["sample_expectations"]
    assert se["total"] >= 40 and se["met"] / se["total"] >= 0.8
    # the sample's 15 articles tell 7 stories; the drone story has three articles and one origin
    stories = first["stories"]
    assert 6 <= len(stories) <= 9
    biggest = stories[0]
    # one of them relays another outlet's report (an echo); the wire reports the statement itself
    assert biggest["articles"] == 3 and biggest["independent_origins"] == 1 and biggest["echoes"] == 1
    again = json.loads(invoke("demo", "--db", dbp, "--json"))
    assert again["new_documents"] == 0 and again["already_stored"] == first["new_documents"]
    assert again["records"] == first["records"] and len(again["stories"]) == len(stories)


def test_actors_actor_and_places_commands(tmp_path):
    text = ("[Fictional test article.] Kharkiv governor Petro Danylko said on Monday that shells hit a school "
            "in Charkiw. A recording released by the Chief Intelligence Directorate of the Ministry of Defense "
            "of Ukraine suggests the strike was planned, according to the Security Service of Ukraine.")
    p = tmp_path / "a.txt"
    p.write_text(text, encoding="utf-8")
    dbp = tmp_path / "e.duckdb"
    invoke("ingest", p, "--db", dbp, "--json")
    actors = json.loads(invoke("actors", "--db", dbp, "--json"))
    ids = {a["id"] for a in actors}
    assert {"ua.intel.hur", "ua.intel.sbu"} <= ids
    hur = json.loads(invoke("actor", "GUR", "--db", dbp, "--json"))
    assert hur["id"] == "ua.intel.hur" and hur["kind"] == "intelligence_service"
    sbu = json.loads(invoke("actor", "SBU", "--db", dbp, "--json"))
    assert any("strike was planned" in s["content"] for s in sbu["said"])
    places = json.loads(invoke("places", "--db", dbp, "--json"))
    kharkiv = [pl for pl in places if pl["name"] == "Kharkiv"]
    assert kharkiv and set(kharkiv[0]["written_as"]) >= {"Charkiw"} and kharkiv[0]["country"] == "UA"
    r = runner.invoke(app, ["actor", "Nobody At All", "--db", str(dbp)])
    assert r.exit_code == 1 and "no actor matches" in r.output


def test_places_without_geonames_ids_stay_apart(tmp_path):
    """Oblasts and seas have no GeoNames id here: the listing must not lump them together."""
    p = tmp_path / "b.txt"
    p.write_text("[Fictional test article.] Drones flew over the Black Sea towards the Luhansk region "
                 "and the Donbas, officials said.", encoding="utf-8")
    dbp = tmp_path / "p.duckdb"
    invoke("ingest", p, "--db", dbp, "--json")
    names = [pl["name"] for pl in json.loads(invoke("places", "--db", dbp, "--json"))]
    assert {"Black Sea", "Luhansk Oblast", "Donbas"} <= set(names) and len(names) == len(set(names))
    stories = json.loads(invoke("stories", "--place", "Donbas", "--db", dbp, "--json"))
    assert len(stories) == 1


def test_figures_command_flags_conflicting_values(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("[Fictional.] Since March, the army has lost 1,200 soldiers, according to the defence ministry.", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("[Fictional.] Since March, the army has lost 800 soldiers, according to an independent monitor.", encoding="utf-8")
    dbp = tmp_path / "f.duckdb"
    invoke("ingest", a, b, "--db", dbp, "--json")
    rows = json.loads(invoke("figures", "--counts", "soldiers", "--db", dbp, "--json"))
    assert sorted(r["value"] for r in rows) == [800, 1200]
    assert all(r["conflicts_with"] for r in rows)
    assert {r["source"] for r in rows} == {"the defence ministry", "an independent monitor"}
    assert json.loads(invoke("figures", "--actor", "navy", "--db", dbp, "--json")) == []


def test_ingest_attribution_mode_flag(tmp_path):
    """--attribution picks the tagger for this run; a wrong name is a clear error."""
    p = tmp_path / "article.txt"
    p.write_text(ART, encoding="utf-8")
    bad = runner.invoke(app, ["ingest", str(p), "--attribution", "fastest", "--db", str(tmp_path / "x.duckdb")])
    assert bad.exit_code != 0 and "--attribution must be fast, accurate or rules" in bad.output
    out = json.loads(invoke("ingest", p, "--attribution", "rules", "--db", tmp_path / "r.duckdb", "--json"))
    assert len(out["stored"]) == 1
    rows = json.loads(invoke("claims", "--db", tmp_path / "r.duckdb", "--json"))
    assert any("bridge is gone" in r["content_text"] and r["quote_type"] == "direct" for r in rows)


def test_ingest_checks_attribution_modes_without_loading_the_pipeline():
    from claimgraph.analyse.attribution import MODES
    from claimgraph.cli.core import ATTRIBUTION_MODES

    assert ATTRIBUTION_MODES == MODES
    res = runner.invoke(app, ["ingest", "x.txt", "--attribution", "fastest"])
    assert res.exit_code == 1 and "fast, accurate or rules" in res.output
