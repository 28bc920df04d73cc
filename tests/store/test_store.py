"""The ingest job against a real DuckDB file: idempotence, bad inputs, offsets, exports."""
from __future__ import annotations

import json

import duckdb
import pytest

from claimgraph.export import export
from claimgraph.export.jsonl import read_jsonl
from claimgraph.ingestion import ingest
from claimgraph.model import SCHEMA_VERSION as RECORD_SCHEMA_VERSION, Document, iter_spans, to_dict
from claimgraph.store import Corpus
from claimgraph.store.db import SCHEMA_VERSION

ART1 = ("[Fictional test article.] The regional governor said on Monday that three shells hit a "
        "school in the town overnight. \"Nobody was inside, thank God,\" the governor told "
        "reporters. According to the emergency service, the roof collapsed.")
ART2 = ("[Fictional test article.] Officials in the port city said the ferry service would "
        "resume next week. A spokesman for the harbour authority said repairs were nearly "
        "finished, but the company could not independently verify the date.")
RUSSIAN = ("Министерство обороны сообщило, что ночью над областью были сбиты двенадцать "
           "беспилотников. Пострадавших нет, сообщили в администрации.")


@pytest.fixture
def corpus(tmp_path):
    c = Corpus(tmp_path / "test.duckdb")
    yield c
    c.close()


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_ingest_is_idempotent_by_content(corpus, tmp_path):
    a = write(tmp_path, "a.txt", ART1)
    b = write(tmp_path, "b.txt", ART2)
    r1 = ingest(corpus, [a, b], outlet="Example Courier", published="2023-05-02", link=False)
    assert len(r1.stored) == 2 and not r1.duplicates
    n_records = corpus.stats()
    # same texts again, one with different whitespace: stored once, reported as duplicates
    c = write(tmp_path, "c.txt", ART1.replace(" ", "  ") + "\n\n\n")
    r2 = ingest(corpus, [a, c, b], link=False)
    assert r2.stored == [] and len(r2.duplicates) == 3
    assert corpus.stats() == n_records
    docs = corpus.documents()
    assert len(docs) == 2
    assert {d.outlet for d in docs} == {"Example Courier"} and {d.published for d in docs} == {"2023-05-02"}


def test_bad_inputs_do_not_stop_the_batch_or_lose_anything(corpus, tmp_path):
    good1 = write(tmp_path, "good1.txt", ART1)
    ingest(corpus, [good1], link=False)
    before = {d.id for d in corpus.documents()}
    empty = write(tmp_path, "empty.txt", "")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    cp = tmp_path / "cp1251.txt"
    cp.write_bytes(RUSSIAN.encode("cp1251"))
    good2 = write(tmp_path, "good2.txt", ART2)
    r = ingest(corpus, [empty, str(binary), str(cp), "does-not-exist.txt", good2, good1], link=False)
    reasons = dict(r.skipped)
    assert "empty file" in reasons[empty]
    assert "binary" in reasons[str(binary)]
    assert "no such file" in reasons["does-not-exist.txt"]
    # the Russian article is stored and flagged, not analysed by the English pipeline
    ru = [d for d in corpus.documents() if d.language == "ru"]
    assert len(ru) == 1 and ru[0].text == RUSSIAN
    assert corpus.records("attribution", ru[0].id) == []
    assert any("not English" in reason for _, reason in r.not_analysed)
    ids = {d.id for d in corpus.documents()}
    assert before < ids and len(ids) == 3
    assert len(r.duplicates) == 1
    logged = dict(corpus.skipped())
    assert empty in logged and str(binary) in logged


def test_every_stored_span_matches_the_stored_text(corpus, tmp_path, shared_seeds):
    ingest(corpus, [write(tmp_path, "a.txt", ART1), write(tmp_path, "b.txt", ART2), *shared_seeds], link=False)
    texts = {d.id: d.text for d in corpus.documents()}
    n = 0
    for rec in corpus.all_records():
        if getattr(rec, "doc_id", None) is None:
            continue
        for span in iter_spans(rec):
            assert texts[rec.doc_id][span.start:span.end] == span.text, (rec, span)
            n += 1
    assert n > 0


@pytest.fixture
def shared_seeds():
    from conftest import SHARED

    seeds = SHARED / "seeds"
    return sorted(str(p) for p in seeds.glob("*.txt")) if seeds.exists() else []


def test_direct_quote_attribution_is_stored(corpus, tmp_path):
    ingest(corpus, [write(tmp_path, "a.txt", ART1)], link=False)
    attrs = corpus.records("attribution")
    direct = [a for a in attrs if a.quote_type == "direct"]
    assert any("Nobody was inside" in " ".join(c.text for c in a.contents) and a.cue and a.cue.text == "told"
               for a in direct)


def test_exports_round_trip(corpus, tmp_path):
    ingest(corpus, [write(tmp_path, "a.txt", ART1), write(tmp_path, "b.txt", ART2)], link=False)
    stored = [to_dict(r) for r in corpus.all_records()]
    n = export(corpus, "jsonl", tmp_path / "out.jsonl")
    back = read_jsonl(tmp_path / "out.jsonl")
    docs = [r for r in back if isinstance(r, Document)]
    assert len(docs) == 2 and n == len(back)
    assert [to_dict(r) for r in back if not isinstance(r, Document)] == stored
    for line in (tmp_path / "out.jsonl").read_text().splitlines():
        d = json.loads(line)
        assert d["schema_version"] == RECORD_SCHEMA_VERSION and "type" in d

    import csv

    import pyarrow.parquet as pq

    export(corpus, "csv", tmp_path / "csv")
    export(corpus, "parquet", tmp_path / "pq")
    for type_ in {d["type"] for d in stored} | {"document"}:
        with open(tmp_path / "csv" / f"{type_}.csv", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        table = pq.read_table(tmp_path / "pq" / f"{type_}.parquet").to_pylist()
        want = [d for d in stored if d["type"] == type_] if type_ != "document" else docs
        assert len(rows) == len(table) == len(want)
        assert [r["id"] for r in rows] == [r["id"] for r in table]
    doc_rows = pq.read_table(tmp_path / "pq" / "document.parquet").to_pylist()
    assert {r["text"] for r in doc_rows} == {d.text for d in docs}


def test_schema_is_versioned_and_migrations_are_idempotent(tmp_path):
    path = tmp_path / "v.duckdb"
    with Corpus(path) as c:
        assert c.schema_version() == SCHEMA_VERSION
    with Corpus(path) as c:  # reopening applies nothing twice
        assert c.migrate() == SCHEMA_VERSION
    con = duckdb.connect(str(path))
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {"attributions", "claims", "places", "figures", "events", "stories"} <= views
    con.close()



def test_a_store_of_schema_2_keeps_its_records_and_loses_the_records_key(tmp_path):
    """A store written before records lost their primary key is migrated with every record; a
    record written again (same type and id) replaces the stored one, and a document's records
    are stored once whatever is ingested twice."""
    from claimgraph.model import Story
    from claimgraph.store.db import MIGRATIONS

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER)")
    for v, sql in enumerate(MIGRATIONS[:2]):
        con.execute(sql)
        con.execute("INSERT INTO schema_version VALUES (?)", [v + 1])
    con.execute("""INSERT INTO records VALUES ('s1', NULL, 'story', NULL, NULL, '{"id": "s1", "title": "old"}')""")
    con.close()
    with Corpus(path) as c:
        assert c.schema_version() == SCHEMA_VERSION
        [old] = c.con.execute("SELECT payload->>'title' FROM stories").fetchall()
        assert old == ("old",)
        c.put_records([Story(id="s1", title="new")])
        c.put_records([Story(id="s1", title="newer"), Story(id="s2", title="other")])
        assert sorted(c.con.execute("SELECT id, payload->>'title' FROM stories").fetchall()) == [
            ("s1", "newer"), ("s2", "other")]
        art = tmp_path / "a.txt"
        art.write_text(ART1, encoding="utf-8")
        ingest(c, [str(art)], link=False)
        n = c.con.execute("SELECT count(*) FROM records WHERE doc_id IS NOT NULL").fetchone()[0]
        ingest(c, [str(art)], link=False)
        assert n and c.con.execute("SELECT count(*) FROM records WHERE doc_id IS NOT NULL").fetchone()[0] == n
    con = duckdb.connect(str(path))
    assert not con.execute("SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'records' "
                           "AND constraint_type = 'PRIMARY KEY'").fetchone()[0]
    con.close()

def test_python_api_analyse_without_database():
    import claimgraph

    a = claimgraph.analyse('"We will hold the line," the commander said on Tuesday.',
                           outlet="Example Courier", published="2023-05-02")
    assert a.document.outlet == "Example Courier"
    assert a.attributions and a.attributions[0].quote_type == "direct"
    assert a.attributions[0].cue.text == "said"


def test_a_failed_write_leaves_nothing_half_stored(corpus):
    """A document whose records cannot be written is not stored at all, and the store stays usable."""
    from claimgraph.model import Claim, Span

    doc = Document(id="doc_rollback", text="The governor said the bridge was closed.", outlet="Example Courier")
    good = Claim(id="clm_1", doc_id=doc.id, content=Span(18, 39, "the bridge was closed"))
    with pytest.raises(Exception):
        corpus.add(doc, [good, object()])          # not a record: the insert fails mid-transaction
    assert not corpus.has_document(doc.id)
    assert corpus.records("claim", doc.id) == []
    assert corpus.add(doc, [good]) is True          # the same document goes in cleanly afterwards
    assert [c.id for c in corpus.records("claim", doc.id)] == ["clm_1"]
