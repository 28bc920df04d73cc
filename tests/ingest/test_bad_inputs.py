"""Bad inputs beside a good article: each one is a skip or a noted repair, the batch goes on.

Real files, a real DuckDB file, the real command line (in-process, and as a separate process
where the exit status and the absence of a traceback matter).
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.ingest import Article, Skip, read_inputs
from claimgraph.ingest.decode import decode_bytes, scrub
from claimgraph.ingestion import ingest
from claimgraph.store import Corpus
from conftest import REPO

runner = CliRunner()
GOOD = ("Fictional test article. The regional governor said on Monday that two drones struck a fuel "
        "depot overnight. \"We heard two explosions,\" a night watchman told the Example Courier.")


def good(tmp_path):
    p = tmp_path / "good.txt"
    p.write_text(GOOD, encoding="utf-8")
    return p


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "claimgraph", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO), "CLAIMGRAPH_LOCK_WAIT": "1"}, timeout=300)


# -- the batch goes on ----------------------------------------------------------------------
def test_surrogates_bad_links_and_odd_paths_are_skipped_and_the_good_article_stored(tmp_path):
    jl = tmp_path / "lines.jsonl"
    line = json.dumps({"text": "SURROGATE " + GOOD.replace("Monday", "Tuesday")}).replace("SURROGATE", "\\ud800")
    assert line.startswith('{"text": "\\ud800 ')
    jl.write_text(line + "\n", encoding="utf-8")
    feed = tmp_path / "feed.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
                    '<item><title>x</title><link>http://xn--/x</link></item></channel></rss>')
    odd = tmp_path / "notes[bold]["       # the file below has a path containing "[/bold]"
    odd.mkdir()
    (odd / "bold].txt").write_text("short")
    db = tmp_path / "x.duckdb"
    res = runner.invoke(app, ["ingest", str(good(tmp_path)), str(jl), str(feed), "http://[::1", str(odd),
                              "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "notes[bold][/bold].txt" in res.output and "too short" in res.output    # printed literally
    assert "lone surrogate" in res.output
    with Corpus(db, read_only=True) as c:
        docs = c.documents()
        skipped = dict(c.skipped())
    assert len(docs) == 2                                   # the good file and the JSON line, repaired
    assert all("\ud800" not in d.text for d in docs)
    assert {"http://[::1", str(odd / "bold].txt")} <= set(skipped)
    assert any("xn--" in s for s in skipped)


def test_nothing_stored_is_exit_status_1_with_one_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    res = runner.invoke(app, ["ingest", str(bad), "--db", str(tmp_path / "x.duckdb")])
    assert res.exit_code == 1 and "nothing could be stored" in res.output


@pytest.mark.parametrize("kind", ["text file", "directory", "read-only file", "other DuckDB"])
def test_an_unusable_database_is_one_line_and_exit_status_2(tmp_path, kind):
    db = tmp_path / "db"
    if kind == "text file":
        db.write_text("these are my notes\n")
    elif kind == "directory":
        db.mkdir()
    else:
        with Corpus(db) if kind == "read-only file" else __import__("duckdb").connect(str(db)) as c:
            if kind == "other DuckDB":
                c.execute("CREATE TABLE mine (x INTEGER)")
        if kind == "read-only file":
            db.chmod(0o444)
    before = db.read_bytes() if db.is_file() else None
    res = run_cli("ingest", good(tmp_path), "--db", db)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot open the database"), res.stderr
    assert "Traceback" not in res.stderr
    if before is not None:
        assert db.read_bytes() == before


def test_debug_shows_the_traceback_of_an_unexpected_error(tmp_path):
    db = tmp_path / "x.duckdb"
    with Corpus(db) as c:
        c.con.execute("DROP VIEW claims")
        c.con.execute("DROP TABLE records")         # a damaged store: the command meets an SQL error
    plain = run_cli("docs", "--db", db)
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    assert len(plain.stderr.strip().splitlines()) == 1 and "--debug" in plain.stderr
    debug = run_cli("docs", "--db", db, "--debug")
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_a_bad_published_date_is_an_error_not_a_silent_null(tmp_path):
    res = runner.invoke(app, ["ingest", str(good(tmp_path)), "--published", "last Blursday",
                              "--db", str(tmp_path / "x.duckdb")])
    assert res.exit_code == 1 and "--published takes a date" in res.output
    assert not (tmp_path / "x.duckdb").exists()
    with pytest.raises(ValueError):
        ingest(Corpus(tmp_path / "y.duckdb"), [str(good(tmp_path))], published="not a date")


def test_a_fifo_is_reported_as_one(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    [item] = list(read_inputs([str(fifo)]))
    assert isinstance(item, Skip) and "named pipe (FIFO)" in item.reason


# -- honest decoding --------------------------------------------------------------------------
def test_utf16_with_and_without_bom_is_read():
    for data in (GOOD.encode("utf-16"), GOOD.encode("utf-16-le"), GOOD.encode("utf-16-be")):
        dec = decode_bytes(data)
        assert dec.text == GOOD and dec.encoding.startswith("utf-16")


def test_invalid_utf8_is_repaired_visibly_with_a_note():
    dec = decode_bytes(GOOD.encode() + " Київ".encode() + b" caf\xe9 ok")
    assert dec.text.endswith("Київ caf\ufffd ok") and dec.encoding == "utf-8"
    assert dec.notes == ["1 invalid UTF-8 byte sequence(s) shown as U+FFFD"]
    ascii_with_latin1 = decode_bytes(GOOD.encode() + b" caf\xe9 ok")     # no UTF-8 at all: legacy
    assert ascii_with_latin1.text.endswith("café ok") and "not UTF-8" in ascii_with_latin1.notes[0]


def test_legacy_encodings_are_named_in_a_note():
    ru = "Министерство обороны сообщило, что ночью над областью были сбиты двенадцать беспилотников."
    dec = decode_bytes(ru.encode("cp1251"))
    assert dec.text == ru and any("not UTF-8" in n and "cp1251" in n for n in dec.notes)


def test_nul_controls_and_lone_surrogates_are_removed_with_notes(tmp_path):
    text, notes = scrub("a\x00b\x1b[2Jc\ud800d")
    assert text == "ab[2Jcd"
    assert notes == ["removed 1 lone surrogate(s)", "removed 1 NUL character(s)", "removed 1 control character(s)"]
    p = tmp_path / "lines.jsonl"
    p.write_text(json.dumps({"text": GOOD.replace(" ", " \u0000", 1), "title": "T\u001b[31m"}) + "\n")
    c = Corpus(tmp_path / "x.duckdb")
    rep = ingest(c, [str(p)])
    [doc] = c.documents()
    assert "\x00" not in doc.text and doc.title == "T[31m"
    assert ("removed 1 NUL character(s)" in doc.meta["notes"]) and rep.notes


@pytest.mark.parametrize("value,kind", [(42, "a number"), (True, "true/false"), (["a"], "a list"),
                                        ({"a": 1}, "an object")])
def test_json_text_must_be_a_string(tmp_path, value, kind):
    p = tmp_path / "x.jsonl"
    p.write_text(json.dumps({"text": value}) + "\n" + json.dumps({"text": GOOD, "title": 7}) + "\n")
    first, second = list(read_inputs([str(p)]))
    assert isinstance(first, Skip) and first.reason == f"'text' must be a string, not {kind}"
    assert isinstance(second, Article) and second.title is None
    assert second.meta["notes"] == ["ignored non-string 'title'"]


def _warc(gz: bool, n: int = 3) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for i in range(n):
        body = f"<html><body><article><p>Article {i}. {GOOD}</p></article></body></html>".encode()
        h = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        w.write_record(w.create_warc_record(f"http://example.org/{i}", "response",
                                            payload=io.BytesIO(body), http_headers=h))
    return buf.getvalue()


def test_a_truncated_warc_record_is_skipped_not_stored_as_complete(tmp_path):
    data = _warc(False)
    p = tmp_path / "cut.warc"
    p.write_bytes(data[: int(len(data) * 0.9)])
    got = list(read_inputs([str(p)]))
    arts = [g for g in got if isinstance(g, Article)]
    skips = [g for g in got if isinstance(g, Skip)]
    assert len(arts) == 2 and len(skips) == 1 and "truncated record" in skips[0].reason


@pytest.mark.parametrize("frac", [0.6, 0.99])
def test_a_truncated_warc_gz_is_reported(tmp_path, frac):
    data = _warc(True)
    p = tmp_path / "cut.warc.gz"
    p.write_bytes(data[: int(len(data) * frac)])
    got = list(read_inputs([str(p)]))
    assert isinstance(got[-1], Skip) and "truncated gzip stream" in got[-1].reason
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(data)
    assert [type(g) for g in read_inputs([str(whole)])] == [Article] * 3


def test_a_gzip_bomb_inside_a_warc_is_cut_at_the_cap(tmp_path):
    import gzip

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from claimgraph.ingest import decode

    bomb = gzip.compress(b"<p>" + b"a" * (decode.MAX_BYTES * 3), compresslevel=9)
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    h = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                         protocol="HTTP/1.0")
    w.write_record(w.create_warc_record("http://example.org/bomb", "response", payload=io.BytesIO(bomb),
                                        http_headers=h))
    p = tmp_path / "bomb.warc.gz"
    p.write_bytes(buf.getvalue())
    [item, *_] = list(read_inputs([str(p)]))
    assert isinstance(item, Skip) and "too large" in item.reason
