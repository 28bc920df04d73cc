"""The JSON API of `claimgraph serve` over HTTP on 127.0.0.1: every endpoint with good and bad
parameters, and the same rows as the command line for the same filters."""
from __future__ import annotations

import json

import httpx
import pytest
from typer.testing import CliRunner

from claimgraph.cli import app as cli_app
from claimgraph.server import create_app
from live_server import running
from small_corpus import build


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "small.duckdb"
    ids = build(path)
    with running(create_app(path)) as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client, ids, path


def get(client, url, status=200, **params):
    r = client.get(url, params=params)
    assert r.status_code == status, (url, r.status_code, r.text[:300])
    return r.json()


def test_claims_endpoint_matches_the_cli(served):
    client, ids, db = served
    filters = [{}, {"certainty": "possible"}, {"place": "Kharkiv"}, {"source": "ministry", "sort": "-published"},
               {"min_depth": "1", "evidence": "official_statement"}, {"since": "2024-03-06"}, {"q": "drones"}]
    for f in filters:
        api = get(client, "/claims", **f)
        args = ["claims", "--db", str(db), "--json"]
        for k, v in f.items():
            args += ["--search" if k == "q" else f"--{k.replace('_', '-')}", v]
        r = CliRunner().invoke(cli_app, args)
        assert r.exit_code == 0, r.output
        assert api["rows"] == json.loads(r.output), f
        assert api["total"] == len(api["rows"])
    assert {r["id"] for r in get(client, "/claims", place="Kharkiv")["rows"]} == {ids["c1"], ids["c3"]}


@pytest.mark.parametrize("url, params, message", [
    ("/claims", {"certainty": "probabl"}, "must be one of certain, probable, possible, unknown"),
    ("/claims", {"limit": "abc"}, "limit"),
    ("/claims", {"limit": "5000"}, "limit: 5000 must be between 1 and 1000"),
    ("/claims", {"offset": "-1"}, "offset"),
    ("/claims", {"stance": "hostile"}, "stance: 'hostile' must be one of endorses"),
    ("/claims", {"since": "yesterday"}, "since: 'yesterday' is not a date"),
    ("/claims", {"sort": "drop table"}, "sort:"),
    ("/claims", {"doc": "zzzz"}, "no document with id 'zzzz'"),
    ("/documents", {"until": "2024/03/01"}, "until:"),
    ("/events", {"type": "BOMBING"}, "type: 'BOMBING' must be one of"),
    ("/places", {"country": "Ukraine"}, "country:"),
    ("/actors", {"sort": "age"}, "sort:"),
    ("/figures", {"since": "soon"}, "since:"),
    ("/stories", {"sort": "size"}, "sort:"),
])
def test_bad_parameters_are_clear_4xx(served, url, params, message):
    client = served[0]
    r = client.get(url, params=params)
    assert 400 <= r.status_code < 500
    assert message in r.json()["error"], r.json()


def test_listing_endpoints(served):
    client, ids, _ = served
    docs = get(client, "/documents")
    assert docs["total"] == 3 and [d["id"] for d in docs["rows"]][:2] == [ids["a"], ids["b"]]
    assert get(client, "/documents", outlet="northline")["rows"][0]["id"] == ids["b"]
    page = get(client, "/documents", limit=1, offset=1)
    assert page["total"] == 3 and [d["id"] for d in page["rows"]] == [ids["b"]]
    assert get(client, "/documents.json", q="pwned")["total"] == 1
    actors = get(client, "/actors", kind="intelligence_service")["rows"]
    assert [a["id"] for a in actors] == ["ua.intel.hur"]
    places = get(client, "/places")["rows"]
    assert [p["name"] for p in places] == ["Kharkiv", "Odesa"]
    ev = get(client, "/events", type="ASSAULT", place="Kharkiv")
    assert ev["total"] == 2 and {e["id"] for e in ev["rows"]} == {ids["ev_a"], ids["ev_b"]}
    assert get(client, "/events", actor="Ukrainian forces")["rows"][0]["id"] == ids["ev_b"]
    figs = get(client, "/figures", counts="drone")
    assert figs["total"] == 2 and all(f["conflicts_with"] for f in figs["rows"])
    stories = get(client, "/stories")["rows"]
    assert stories[0]["id"] == "sto_drones" and stories[0]["independent_origins"] == 2
    assert get(client, "/stories", q="nothing like it")["total"] == 0
    m = get(client, "/map")
    assert {p["name"] for p in m["places"]} == {"Kharkiv", "Odesa"}
    assert m["event_sites"] == [{"place_name": "Kharkiv", "country": "UA", "lat": 49.98, "lon": 36.25, "events": 2,
                                 "types": ["ASSAULT"]}]


def test_one_document_and_one_story(served):
    client, ids, _ = served
    d = get(client, f"/documents/{ids['a']}")
    assert d["document"]["outlet"] == "Kyiv Daily" and len(d["claims"]) == 2 and len(d["events"]) == 2
    text = d["document"]["text"]
    for a in d["attributions"]:
        for s in a["contents"] + a["sources"]:
            assert text[s["start"]:s["end"]] == s["text"]
    assert get(client, f"/documents/{ids['a'][:6]}.json")["document"]["id"] == ids["a"]
    assert "no document" in get(client, "/documents/0000000000", status=404)["error"]
    s = get(client, "/stories/sto_drones")
    assert [o["name"] for o in s["origins"]] == ["The Ministry of Defence", "a soldier's wife"]
    assert s["echoes"][0]["doc_id"] == ids["b"] and s["echoes"][0]["shared_text"] > 0.2
    assert s["contradictions"][0]["measure"] == "drone"
    assert "vector" not in s
    assert "no story" in get(client, "/stories/sto_missing", status=404)["error"]


def test_openapi_version_and_home(served):
    client = served[0]
    schema = get(client, "/openapi.json")
    for path in ("/claims", "/documents", "/documents/{doc_id}", "/stories/{story_id}", "/events", "/places",
                 "/figures", "/actors", "/map", "/analyse", "/export/{fmt}"):
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"]["/claims"]["get"]["parameters"]}
    assert {"source", "evidence", "certainty", "stance", "place", "since", "until", "q", "limit", "offset"} <= params
    assert get(client, "/version")["writable"] is False
    assert "/claims" in get(client, "/")["endpoints"]


def test_every_response_has_a_content_security_policy(served):
    client = served[0]
    for url in ("/", "/claims", "/claims?certainty=x", "/static/style.css", "/nowhere"):
        r = client.get(url, headers={"Accept": "text/html"})
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_html_pages_and_their_json_twins(served):
    client, ids, _ = served
    html = {"Accept": "text/html"}
    for url in ("/", "/documents", f"/documents/{ids['a']}", "/claims", "/stories", "/stories/sto_drones", "/map",
                "/figures", "/events", "/places", "/actors", "/analyse"):
        r = client.get(url, headers=html)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), url
        if url != "/analyse" and url != "/":
            assert client.get(url + ".json", headers=html).headers["content-type"] == "application/json"
    r = client.get("/claims", params={"certainty": "nope"}, headers=html)
    assert r.status_code == 400 and "must be one of" in r.text and r.headers["content-type"].startswith("text/html")


def test_hostile_text_is_escaped_in_every_page(served):
    client, ids, _ = served
    html = {"Accept": "text/html"}
    for url in (f"/documents/{ids['hostile']}", "/documents", "/claims", "/"):
        body = client.get(url, headers=html).text
        assert "<script>document" not in body and "<img" not in body
        assert "<b onmouseover" not in body and "<i>Gazette" not in body
    body = client.get(f"/documents/{ids['hostile']}", headers=html).text
    assert "&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt; the bridge at" in body
    assert "&lt;img src=x onerror=" in body


def test_exports_over_http(served):
    client, ids, _ = served
    geo = get(client, "/export/geojson")
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 4
    r = client.get("/export/acled")
    assert r.status_code == 200 and r.text.startswith("event_date,event_type,sub_event_type,actor1,actor2,admin1,")
    lines = client.get("/export/jsonl").text.splitlines()
    assert {json.loads(x)["type"] for x in lines} >= {"document", "claim", "story"}
    r = client.get("/export/csv")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert "unknown export format" in get(client, "/export/xml", status=404)["error"]


def test_writes_are_refused_by_a_read_only_server(served):
    client = served[0]
    r = client.post("/documents", json={"text": "Officials said the bridge was hit."})
    assert r.status_code == 403 and "--writable" in r.json()["error"]


@pytest.mark.parametrize("body, kwargs, status, message", [
    (None, {"json": {}}, 400, "give the article as text or url"),
    (None, {"json": {"text": "   "}}, 400, "give the article as text or url"),
    (None, {"json": {"text": 42}}, 400, "text must be a string"),
    (None, {"json": ["a list"]}, 400, "must be a JSON object"),
    (None, {"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 400, "not JSON"),
    (None, {"content": b"text", "headers": {"Content-Type": "text/plain"}}, 415, "send JSON"),
    (None, {"json": {"text": "x", "url": "http://127.0.0.1/"}}, 400, "not both"),
    (None, {"json": {"url": "file:///etc/passwd"}}, 400, "url must start with http"),
    (None, {"json": {"url": "http://127.0.0.1:9/article.html"}}, 422, "is a loopback address"),
    (None, {"json": {"text": "Officials said so.", "published": "someday soon"}}, 400, "published:"),
    (None, {"json": {"text": "x" * 2_100_000}}, 413, "over 2,000,000 bytes"),
    (None, {"json": {"text": "x" * 300_000}}, 413, "characters; at most"),
])
def test_analyse_rejects_bad_requests(served, body, kwargs, status, message):
    client = served[0]
    r = client.post("/analyse", **kwargs)
    assert r.status_code == status, r.text[:200]
    assert message in r.json()["error"]


ARTICLE = ("[Fictional test article.] The regional governor said on Monday that two missiles allegedly hit a "
           "school in Kharkiv. \"Nobody was inside,\" a teacher told the Example Courier.")


@pytest.fixture
def page_server(tmp_path):
    """A local web page with an article, served on 127.0.0.1."""
    import http.server
    import threading
    from functools import partial

    (tmp_path / "article.html").write_text(
        f"<html><head><title>School hit in Kharkiv</title></head><body><article><h1>School hit in Kharkiv</h1>"
        f"<p>{ARTICLE}</p></article></body></html>", encoding="utf-8")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.slow
def test_analyse_and_ingest_with_the_real_pipeline(tmp_path, page_server):
    db = tmp_path / "w.duckdb"
    build(db)
    with running(create_app(db, writable=True, allow_private=True)) as base, \
            httpx.Client(base_url=base, timeout=300) as client:
        r = client.post("/analyse", json={"text": ARTICLE, "outlet": "Example Courier", "published": "2024-05-06"})
        assert r.status_code == 200, r.text
        view = r.json()
        assert view["document"]["outlet"] == "Example Courier"
        assert any(h["text"] == "allegedly" for c in view["claims"] for h in c["hedges"])
        assert any(p["name"] == "Kharkiv" for p in view["places"])
        assert any(a["quote_type"] == "direct" and "told" == a["cue"]["text"] for a in view["attributions"])
        assert get(client, "/documents")["total"] == 3          # analysed, not stored
        r = client.post("/analyse", json={"url": f"{page_server}/article.html"})
        assert r.status_code == 200, r.text
        assert "two missiles" in r.json()["document"]["text"] and r.json()["claims"]
        r = client.post("/analyse", json={"url": f"{page_server}/missing.html"})
        assert r.status_code == 422 and "could not read" in r.json()["error"]
        r = client.post("/documents", json={"text": ARTICLE, "outlet": "Example Courier", "published": "2024-05-06"})
        assert r.status_code == 201, r.text
        doc_id = r.json()["id"]
        again = client.post("/documents", json={"text": ARTICLE})
        assert again.status_code == 200 and again.json() == {"id": doc_id, "stored": False, "url": f"/documents/{doc_id}"}
        assert get(client, "/documents")["total"] == 4
        claims = get(client, "/claims", doc=doc_id)["rows"]
        assert claims and all(c["outlet"] == "Example Courier" for c in claims)
        assert get(client, f"/documents/{doc_id}")["document"]["published"] == "2024-05-06"
