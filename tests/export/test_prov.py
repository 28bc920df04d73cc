"""PROV export of a real linked corpus, parsed back with the prov library and rdflib."""
from __future__ import annotations

import json

import pytest

from claimgraph.export import export
from claimgraph.ingestion import ingest
from claimgraph.store import Corpus

ARTICLES = [
    {"id": "p1", "outlet": "Test Herald", "published": "2024-06-01", "title": "Drones downed over Zaporizhzhia",
     "text": "Ukraine's air force shot down 20 of 24 drones overnight, the Ministry of Defence said in a "
             "statement on Saturday. The ministry said the drones were launched from Crimea."},
    {"id": "p2", "outlet": "Test Wire", "published": "2024-06-02", "title": "Air defence downs 20 drones",
     "text": "Ukrainian air defence downed 20 drones overnight, the Test Herald reported, citing the "
             "Ministry of Defence. The ministry said the drones were launched from Crimea."},
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("prov")
    src = tmp / "a.jsonl"
    src.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    c = Corpus(tmp / "prov.duckdb")
    ingest(c, [str(src)])
    yield c
    c.close()


def test_prov_json_parses_back(corpus, tmp_path):
    from prov.model import ProvDocument

    out = tmp_path / "out.json"
    n = export(corpus, "prov", out)
    assert n > 0
    doc = ProvDocument.deserialize(str(out), format="json")
    text = doc.get_provn()
    claims = corpus.records("claim")
    assert len(claims) >= 2
    for c in claims:
        assert c.id in text                      # every claim is an entity
    # PROV-N writes hadPrimarySource and wasQuotedFrom as typed derivations
    assert "wasAttributedTo(" in text and "prov:PrimarySource" in text
    assert "prov:Quotation" in text              # claims quote the statements they come from
    prim = [r for r in doc.get_records() if "PrimarySource" in str(r.get_asserted_types() or "")]
    assert len(prim) == len([c for c in claims if not c.boilerplate])
    for d in corpus.documents(with_text=False):
        assert f"doc_{d.id}" in text


def test_prov_turtle_parses_with_rdflib(corpus, tmp_path):
    import rdflib

    out = tmp_path / "out.ttl"
    export(corpus, "prov", out)
    g = rdflib.Graph().parse(str(out), format="turtle")
    PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
    entities = set(g.subjects(rdflib.RDF.type, PROV.Entity))
    agents = set(g.subjects(rdflib.RDF.type, PROV.Agent))
    assert len(entities) >= len(corpus.records("claim")) and agents
    # the ministry is an agent some claim's primary source is attributed to
    labels = {str(o) for a in agents for o in g.objects(a, rdflib.RDFS.label)}
    assert any("ministry" in x.casefold() for x in labels), labels


def test_outlet_citing_outlet_is_an_echo_and_derived_in_prov(corpus, tmp_path):
    docs = {d.outlet: d.id for d in corpus.documents(with_text=False)}
    stories = [s for s in corpus.records("story") if docs["Test Wire"] in s.doc_ids]
    assert stories and docs["Test Herald"] in stories[0].doc_ids
    story = stories[0]
    assert len(story.origins) == 1 and "ministry" in story.origins[0]["name"].casefold()
    assert [e["doc_id"] for e in story.echoes] == [docs["Test Wire"]]
    out = tmp_path / "echo.provn"
    export(corpus, "prov", out)
    text = out.read_text(encoding="utf-8")
    assert f"wasDerivedFrom(cg:doc_{docs['Test Wire']}, cg:doc_{docs['Test Herald']}" in text
