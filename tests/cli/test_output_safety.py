"""Data never acts as markup or formula: Rich markup in titles and outlets prints literally,
CSV cells cannot start a formula; `rm` removes documents and relinks; `demo` keeps to its own
database."""
from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.export.tabular import neutralise
from claimgraph.store import Corpus

runner = CliRunner()
ART = ("[Fictional test article.] \"The bridge is gone,\" a local resident told the Example Courier "
       "on Friday. The regional administration said the crossing had been hit by two missiles.")
ART2 = ("[Fictional test article.] Officials in the port city said the ferry service would resume "
        "next week, a spokesman for the harbour authority said.")


def invoke(*args, code=0):
    res = runner.invoke(app, [str(a) for a in args])
    assert res.exit_code == code, res.output
    return res.output


def test_markup_in_titles_and_outlets_prints_literally(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")         # tables on one line each
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"text": ART, "title": "Bridge [/red] gone [bold]now[/bold]",
                             "outlet": "=HYPERLINK(\"http://evil\")[/]"}) + "\n")
    db = tmp_path / "x.duckdb"
    invoke("ingest", p, "--db", db)
    assert "Bridge [/red] gone [bold]now[/bold]" in invoke("docs", "--db", db)
    with Corpus(db, read_only=True) as c:
        doc_id = c.documents()[0].id
    shown = invoke("show", doc_id, "--db", db)
    assert "Bridge [/red] gone [bold]now[/bold]" in shown
    assert '=HYPERLINK("http://evil")[/]' in shown
    # the claims listing as CSV: the same formula neutralisation as the exports
    claims = list(csv.DictReader(io.StringIO(invoke("claims", "--db", db, "--format", "csv"))))
    assert claims and all(r["outlet"] == '\'=HYPERLINK("http://evil")[/]' for r in claims)
    assert all(r["title"] == "Bridge [/red] gone [bold]now[/bold]" for r in claims)
    out = tmp_path / "csv"
    invoke("export", out, "--format", "csv", "--db", db)
    with open(out / "document.csv", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["outlet"].startswith("'=HYPERLINK")
    assert row["title"] == "Bridge [/red] gone [bold]now[/bold]"


def test_formula_cells_are_neutralised_and_others_kept():
    for bad in ("=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(bad) == "'" + bad
    assert neutralise("a = b") == "a = b" and neutralise(-3) == -3 and neutralise(None) is None


def test_rm_removes_a_document_with_its_records_and_relinks(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(ART)
    b.write_text(ART2)
    db = tmp_path / "x.duckdb"
    invoke("ingest", a, "--db", db, "--outlet", "Real Courier")
    invoke("ingest", b, "--db", db, "--outlet", "Fake Daily")
    with Corpus(db, read_only=True) as c:
        fake = [d.id for d in c.documents() if d.outlet == "Fake Daily"][0]
        assert c.all_records(fake)
    invoke("rm", "--outlet", "Fake Daily", "--yes", "--db", db)
    with Corpus(db, read_only=True) as c:
        assert [d.outlet for d in c.documents()] == ["Real Courier"]
        assert c.all_records(fake) == []
        assert all(fake not in (s.doc_ids or []) for s in c.records("story"))
    assert "no document with id 'ffff'" in invoke("rm", "ffff", "--yes", "--db", db, code=1)
    invoke("rm", "--source", str(a), "--yes", "--db", db)
    with Corpus(db, read_only=True) as c:
        assert c.documents() == [] and c.records("story") == []


def test_demo_never_writes_to_the_default_database(tmp_path, monkeypatch):
    main = tmp_path / "main.duckdb"
    monkeypatch.setenv("CLAIMGRAPH_DB", str(main))
    assert "is your main database" in invoke("demo", "--db", main, code=1)
    assert not main.exists()
    from claimgraph.cli.core import demo_db_path

    assert demo_db_path() != main
