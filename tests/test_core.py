"""The query core (claimgraph.core over DuckDB) and the listing commands built on it, on a real
database file written through the store."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from claimgraph import core
from claimgraph.cli import app
from small_corpus import build

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus_ids(tmp_path_factory):
    path = tmp_path_factory.mktemp("core") / "small.duckdb"
    ids = build(path)
    return path, ids


@pytest.fixture
def corpus(corpus_ids):
    c = core.open_read(corpus_ids[0])
    yield c
    c.close()


def cli(*args):
    r = runner.invoke(app, [str(a) for a in args])
    return r.exit_code, r.output


def test_claims_filters_run_in_the_database(corpus, corpus_ids):
    ids = corpus_ids[1]
    every = core.claims(corpus, limit=None)
    assert every.total == 6
    assert {r["id"] for r in core.claims(corpus, certainty="possible").rows} == {ids["c2"]}
    assert {r["id"] for r in core.claims(corpus, evidence="intercepted_communication").rows} == {ids["c2"]}
    assert {r["id"] for r in core.claims(corpus, min_depth=2).rows} == {ids["c2"]}
    assert {r["id"] for r in core.claims(corpus, stance="unverified").rows} == {ids["c3"]}
    # source: part of the chain or the source actor id
    assert {r["id"] for r in core.claims(corpus, source="soldier's wife").rows} == {ids["c2"]}
    assert {r["id"] for r in core.claims(corpus, source="ua.gov.mod").rows} == {ids["c1"], ids["c3"]}
    # place: a place mention inside the claim (resolved name or as written)
    assert {r["id"] for r in core.claims(corpus, place="kharkiv").rows} == {ids["c1"], ids["c3"]}
    assert {r["id"] for r in core.claims(corpus, since="2024-03-06", until="2024-03").rows} == {ids["c3"], ids["c4"]}
    assert {r["id"] for r in core.claims(corpus, q="TRUCKS").rows} == {ids["c2"]}
    assert {r["id"] for r in core.claims(corpus, outlet="northline").rows} == {ids["c3"], ids["c4"]}
    row = next(r for r in every.rows if r["id"] == ids["c2"])
    assert row["source_chain"] == "military intelligence → a soldier's wife"
    assert row["hedges"][0]["text"] == "allegedly" and row["cue_text"] == "said" and row["depth"] == 2
    own = next(r for r in every.rows if r["id"] == ids["c4"])
    assert own["source_chain"] == "(outlet)" and own["evidence"] is None


def test_pages_are_stable_and_count_every_match(corpus):
    every = core.claims(corpus, limit=None).rows
    pages = [core.claims(corpus, limit=2, offset=o) for o in (0, 2, 4)]
    assert all(p.total == 6 for p in pages)
    assert [r["id"] for p in pages for r in p.rows] == [r["id"] for r in every]
    by_depth = core.claims(corpus, sort="-depth", limit=None).rows
    assert [r["depth"] for r in by_depth] == sorted((r["depth"] for r in every), reverse=True)
    assert core.claims(corpus, limit=5, offset=10).rows == [] and core.claims(corpus, limit=5, offset=10).total == 6


@pytest.mark.parametrize("call, message", [
    (lambda c: core.claims(c, certainty="probabl"), "certainty: 'probabl' must be one of certain, probable, possible, unknown"),
    (lambda c: core.claims(c, evidence="rumour"), "evidence: 'rumour' must be one of intercepted_communication"),
    (lambda c: core.claims(c, since="March 2024"), "since: 'March 2024' is not a date"),
    (lambda c: core.claims(c, sort="colour"), "sort: 'colour' must be one of"),
    (lambda c: core.claims(c, limit=0), "limit: 0 must be between 1 and 1000"),
    (lambda c: core.events(c, type="BOMB"), "type: 'BOMB' must be one of"),
    (lambda c: core.places(c, country="Ukraine"), "country: 'Ukraine' must be an ISO 3166-1 alpha-2 code"),
])
def test_bad_filter_values_name_what_is_accepted(corpus, call, message):
    with pytest.raises(core.Invalid) as exc:
        call(corpus)
    assert message in str(exc.value)


def test_other_listings(corpus, corpus_ids):
    ids = corpus_ids[1]
    docs = core.documents(corpus, limit=None).rows
    assert [d["outlet"] for d in docs] == ["Kyiv Daily", "Northline Wire", "Hostile <i>Gazette</i>"]
    assert docs[0]["claims"] == 2 and docs[0]["events"] == 2
    kharkiv = core.places(corpus, q="kharkiv").rows
    assert len(kharkiv) == 1 and kharkiv[0]["mentions"] == 2 and kharkiv[0]["claims"] == 2
    assert kharkiv[0]["documents"] == 2 and kharkiv[0]["event_location"] == 1
    ev = core.events(corpus, type="FIGHT", limit=None).rows          # PLOVER draft name accepted
    assert {e["id"] for e in ev} == {ids["ev_a"], ids["ev_b"]}
    first = next(e for e in ev if e["id"] == ids["ev_a"])
    assert first["event_date"] == "2024-03-05" and first["place_name"] == "Kharkiv" and first["lat"] == 49.98
    assert first["source_chain"] == "The Ministry of Defence" and first["evidence"] == "official_statement"
    assert [e["id"] for e in core.events(corpus, certainty="possible").rows] != [ids["ev_a"]]
    mod = core.actors(corpus, q="minoborony").rows
    assert len(mod) == 1 and mod[0]["claims"] == 2 and mod[0]["mentions"] == 2 and mod[0]["documents"] == 2
    figs = core.figures(corpus, counts="drones", limit=None).rows
    assert sorted(f["value"] for f in figs) == [25, 31] and all(f["conflicts_with"] for f in figs)
    stories = core.stories(corpus).rows
    assert stories[0]["articles"] == 2 and stories[0]["independent_origins"] == 2 and stories[0]["echoes"] == 1


def test_one_document_and_one_story(corpus, corpus_ids):
    ids = corpus_ids[1]
    view = core.document(corpus, ids["a"][:8])
    assert view["document"]["id"] == ids["a"] and len(view["claims"]) == 2 and len(view["attributions"]) == 3
    relayed = next(a for a in view["attributions"] if a["id"] == ids["att3"])
    assert relayed["source_chain"] == ["military intelligence", "a soldier's wife"]
    s = core.story(corpus, "sto_drones")
    assert [o["name"] for o in s["origins"]] == ["The Ministry of Defence", "a soldier's wife"]
    assert [len(o["members"]) for o in s["origins"]] == [2, 1]
    assert 0 < s["echoes"][0]["shared_text"] < 1
    edges = {(e["from"], e["to"]) for e in s["relays"]["edges"]}
    assert ("outlet:Northline Wire", "relay:northline wire desk") in edges
    assert ("relay:northline wire desk", "origin:statement|ua.gov.mod") in edges
    with pytest.raises(core.NotFound):
        core.story(corpus, "sto_nothing")
    with pytest.raises(core.NotFound):
        core.document(corpus, "ffffffff")


def test_shared_text_share_counts_repeated_word_sequences():
    src = "the ministry said that thirty one drones were shot down over the region on tuesday night"
    assert core.shared_text_share(src, src) == 1.0
    assert core.shared_text_share("completely different words in this other sentence here", src) == 0.0
    half = "the ministry said that thirty one drones were shot down; rain fell on roofs across every city in the north"
    assert 0.2 < core.shared_text_share(half, src) < 0.6


def test_reading_opens_read_only_and_never_creates_a_file(tmp_path, corpus_ids):
    with pytest.raises(core.NoDatabase):
        core.open_read(tmp_path / "missing.duckdb")
    assert not (tmp_path / "missing.duckdb").exists()
    c = core.open_read(corpus_ids[0])
    with pytest.raises(Exception, match="read-only"):
        c.con.execute("DELETE FROM documents")
    c.close()


def test_cli_listings_formats_and_errors(corpus_ids, tmp_path):
    db, ids = corpus_ids
    code, out = cli("claims", "--db", db, "--certainty", "probabl")
    assert code == 1 and "--certainty: 'probabl' must be one of certain, probable, possible, unknown" in " ".join(out.split())
    code, out = cli("claims", "--db", tmp_path / "nope.duckdb")
    assert code == 1 and "no database at" in out and not (tmp_path / "nope.duckdb").exists()
    code, out = cli("claims", "--db", db, "--format", "yaml")
    assert code == 1 and "--format" in out
    code, out = cli("claims", "--db", db, "--json", "--min-depth", "1", "--sort", "-depth")
    rows = json.loads(out)
    assert code == 0 and rows[0]["id"] == ids["c2"] and len(rows) == 5
    code, out = cli("claims", "--db", db, "--format", "csv", "--place", "Kharkiv")
    got = list(csv.DictReader(io.StringIO(out)))
    assert {r["id"] for r in got} == {ids["c1"], ids["c3"]} and "source_chain" in got[0]
    code, out = cli("events", "--db", db, "--format", "csv")
    assert code == 0 and {r["plover"] for r in csv.DictReader(io.StringIO(out))} == {"ASSAULT", "COERCE"}
    for cmd in ("claims", "docs", "events", "places", "actors", "figures"):
        code, out = cli(cmd, "--db", db)
        assert code == 0, out
        assert max(len(line) for line in out.splitlines()) <= 80, (cmd, out)
    code, out = cli("claims", "--db", db)
    assert ids["c2"] in out                              # an id to follow up with `show`
    code, out = cli("show", ids["c2"], "--db", db, "--json")
    assert code == 0 and json.loads(out)["document"]["id"] == ids["a"]


def test_cli_table_escapes_rich_markup(tmp_path):
    db = tmp_path / "m.duckdb"
    from claimgraph.ingest.document import make_document
    from claimgraph.store import Corpus

    d = make_document("Text.", outlet="[bold red]Loud[/bold red] News", title="[link=x]t[/link]", published="2024-01-01")
    with Corpus(db) as c:
        c.add(d, [])
    code, out = cli("docs", "--db", db)
    assert code == 0 and "[link=x]t[/link]" in out and "[bold re" in out


def test_version_flag():
    code, out = cli("--version")
    assert code == 0 and out.startswith("claimgraph ")


def test_geojson_and_acled_exports(corpus_ids, tmp_path):
    db, ids = corpus_ids
    code, out = cli("export", tmp_path / "x.geojson", "--format", "geojson", "--db", db)
    assert code == 0, out
    fc = json.loads((tmp_path / "x.geojson").read_text())
    assert fc["type"] == "FeatureCollection"
    kinds = [(f["properties"]["kind"], f["properties"].get("name") or f["properties"].get("place_name"))
             for f in fc["features"]]
    assert sorted(kinds) == [("event", "Kharkiv"), ("event", "Kharkiv"), ("place", "Kharkiv"), ("place", "Odesa")]
    kharkiv = next(f for f in fc["features"] if f["properties"]["kind"] == "place" and f["properties"]["name"] == "Kharkiv")
    assert kharkiv["geometry"]["coordinates"] == [36.25, 49.98]
    code, out = cli("export", tmp_path / "e.csv", "--format", "acled", "--db", db)
    rows = list(csv.DictReader(open(tmp_path / "e.csv", encoding="utf-8")))
    assert list(rows[0])[:11] == ["event_date", "event_type", "sub_event_type", "actor1", "actor2", "admin1",
                                  "location", "latitude", "longitude", "source", "notes"]
    a = next(r for r in rows if r["event_id"] == ids["ev_a"])
    assert (a["event_date"], a["event_type"], a["sub_event_type"], a["location"], a["admin1"], a["source"]) == (
        "2024-03-05", "Explosions/Remote violence", "Air/drone strike", "Kharkiv", "Kharkiv Oblast", "Kyiv Daily")
    assert a["source_chain"] == "The Ministry of Defence" and a["certainty"] == "certain"
    assert a["notes"].startswith("The Ministry of Defence said 31 drones")
    coerce = next(r for r in rows if r["plover"] == "COERCE")
    assert coerce["certainty"] == "possible" and coerce["source_chain"] == "military intelligence → a soldier's wife"


def test_python_api_query_uses_the_same_core(corpus_ids):
    from claimgraph.api import query

    db, ids = corpus_ids
    page = query("claims", db, certainty="possible")
    assert page.total == 1 and page.rows[0]["id"] == ids["c2"]
    assert query("stories", db).rows[0]["id"] == "sto_drones"
    with pytest.raises(ValueError, match="unknown listing"):
        query("tweets", db)
    with pytest.raises(core.Invalid):
        query("claims", db, certainty="sure")


@pytest.mark.slow
def test_reanalyse_runs_the_analysis_again_on_stored_text(tmp_path):
    from claimgraph.store import Corpus

    art = tmp_path / "a.txt"
    art.write_text("[Fictional test article.] Two missiles allegedly hit a school in Kharkiv, the governor said on "
                   "Monday.", encoding="utf-8")
    db = tmp_path / "r.duckdb"
    code, out = cli("ingest", art, "--db", db, "--json")
    assert code == 0, out
    with Corpus(db) as c:
        doc_id = c.documents()[0].id
        before = sorted(r.id for r in c.all_records(doc_id))
        c.con.execute("DELETE FROM records WHERE doc_id = ? AND type = 'claim'", [doc_id])   # an older analysis
    code, out = cli("reanalyse", doc_id[:8], "--db", db, "--json")
    assert code == 0 and json.loads(out) == {"reanalysed": [doc_id]}
    with Corpus(db) as c:
        assert sorted(r.id for r in c.all_records(doc_id)) == before
    code, out = cli("reanalyse", "ffffffff", "--db", db)
    assert code == 1 and "no document" in out
