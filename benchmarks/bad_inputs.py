"""How each kind of bad input ends, each in a batch beside one good article.

    PYTHONPATH=. .venv/bin/python benchmarks/bad_inputs.py [--json] [--no-memory]

Every class is ingested into a fresh DuckDB file together with a good article; the outcome is
"skipped" (with the reason recorded), "noted" (stored with a recorded repair), "stored",
"refused" (the command stops with a one-line error before touching anything: bad --db or
--published), or "CRASH" (an exception escaped, or the good article was lost). Fetch cases use
a local HTTP server on 127.0.0.1 (reachable under a policy that allows 127.0.0.1 only);
address-refusal cases are decided before any connection. With memory measuring on, the bomb
cases also run as separate processes and their peak RSS is printed beside a good-article-only
run's.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claimgraph.ingest.fetch import FetchPolicy  # noqa: E402

sys.path.insert(0, str(REPO / "tests"))
from loopback_http import LoopbackServer, drip, endless, redirect, send  # noqa: E402

GOOD = ("Fictional test article. The regional governor said on Monday that two drones struck a fuel "
        "depot overnight. \"We heard two explosions,\" a night watchman told the Example Courier.")
ART = GOOD.replace("Monday", "Tuesday").replace("fuel depot", "grain store")
HTML = f"<html><body><article><p>{ART}</p></article></body></html>"
MB = 1024 * 1024


# -- the local server ---------------------------------------------------------------------------
def _short_body(h):
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.write(HTML.encode()[:200])


HTTP_BOMB = gzip.compress(b"\0" * (1024 * MB), compresslevel=9)


def serve() -> LoopbackServer:
    routes = {
        "/ok": lambda h: send(h, 200, "text/html", HTML.encode()),
        "/404": lambda h: send(h, 404, "text/html", b"gone"),
        "/500": lambda h: send(h, 500, "text/html", b"oops"),
        "/image": lambda h: send(h, 200, "image/jpeg", b"\xff\xd8" + os.urandom(5000)),
        "/pdf": lambda h: send(h, 200, "application/pdf", b"%PDF-1.4" + os.urandom(5000)),
        "/bomb": lambda h: send(h, 200, "text/html", HTTP_BOMB, [("Content-Encoding", "gzip")]),
        "/badgzip": lambda h: send(h, 200, "text/html", b"\x1f\x8b\x08\x00garbage" * 10, [("Content-Encoding", "gzip")]),
        "/brotli": lambda h: send(h, 200, "text/html", b"xx", [("Content-Encoding", "br")]),
        "/endless": endless,
        "/drip": lambda h: drip(h, 30),
        "/short": _short_body,
        "/loop": lambda h: redirect(h, "/loop"),
        "/to-meta": lambda h: redirect(h, "http://169.254.169.254/latest/meta-data/"),
        "/to-v6": lambda h: redirect(h, f"http://[::1]:{h.server.server_address[1]}/ok"),
        "/to-file": lambda h: redirect(h, "file:///etc/passwd"),
        "/binary-html": lambda h: send(h, 200, "text/html", os.urandom(4000)),
        "/empty": lambda h: send(h, 200, "text/html", b""),
    }
    return LoopbackServer(routes)


# -- the inputs -----------------------------------------------------------------------------------
def warc(records, gz=True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for uri, status, headers, body in records:
        h = StatusAndHeaders(status, headers, protocol="HTTP/1.0")
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=h))
    return buf.getvalue()


def html_rec(i):
    return (f"http://example.org/{i}", "200 OK", [("Content-Type", "text/html")],
            f"<html><body><p>Record {i}. {ART}</p></body></html>".encode())


def cases(d: Path, base: str) -> list[tuple[str, str, dict]]:
    """(class name, input, options) for every bad-input class."""
    def f(name, data):
        p = d / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return str(p)

    def jl(obj_or_line):
        s = obj_or_line if isinstance(obj_or_line, str) else json.dumps(obj_or_line)
        return s + "\n"

    local = {"policy": FetchPolicy(allowed_networks=("127.0.0.1/32",), total_timeout=5.0, read_timeout=3.0)}
    out = [
        ("empty file", f("empty.txt", b""), {}),
        ("whitespace only", f("blank.txt", b"  \n\t\n "), {}),
        ("random binary", f("random.txt", random.Random(1).randbytes(4000)), {}),
        ("PNG named .txt", f("pic.txt", b"\x89PNG\r\n\x1a\n" + bytes(2000)), {}),
        ("too short", f("short.txt", "Hi."), {}),
        ("UTF-16 with BOM", f("u16.txt", ART.encode("utf-16")), {}),
        ("UTF-16 LE without BOM", f("u16le.txt", ART.encode("utf-16-le")), {}),
        ("UTF-32 with BOM", f("u32.txt", ART.encode("utf-32")), {}),
        ("UTF-8 with BOM", f("u8bom.txt", b"\xef\xbb\xbf" + ART.encode()), {}),
        ("invalid bytes in UTF-8 text", f("badutf8.txt", (ART + " Київ").encode() + b" caf\xe9 \xff"), {}),
        ("ASCII with stray high bytes", f("stray.txt", ART.encode() + b" caf\xe9 \xff"), {}),
        ("cp1251 text", f("cp1251.txt", ("Министерство обороны сообщило, что ночью над областью были сбиты "
                                          "двенадцать беспилотников, пострадавших нет.").encode("cp1251")), {}),
        ("latin-1 text", f("latin1.txt", ART.replace("governor", "gouverneur é à ç").encode("latin-1")), {}),
        ("NUL characters", f("nul.jsonl", jl({"text": ART.replace(" ", " \u0000", 3)})), {}),
        ("ANSI escapes in text", f("ansi.txt", ART.replace("said", "\x1b[2J\x1b[31msaid")), {}),
        ("lone surrogate in JSON", f("surr.jsonl", jl(json.dumps({"text": "SUR " + ART}).replace("SUR", "\\ud800"))), {}),
        ("JSON text a number", f("num.jsonl", jl({"text": 42})), {}),
        ("JSON text true", f("bool.jsonl", jl({"text": True})), {}),
        ("JSON text a list", f("list.jsonl", jl({"text": ["a", "b"]})), {}),
        ("JSON text an object", f("obj.jsonl", jl({"text": {"a": 1}})), {}),
        ("JSON line an array", f("arr.jsonl", jl([1, 2])), {}),
        ("invalid JSON", f("inv.jsonl", "{text: nope\n"), {}),
        ("JSON without text", f("notext.jsonl", jl({"title": "x"})), {}),
        ("JSON title a number", f("tnum.jsonl", jl({"text": ART, "title": 7})), {}),
        ("JSON published garbage", f("pub.jsonl", jl({"text": ART, "published": "the day after never"})), {}),
        ("JSON nested 100k deep", f("deep.jsonl", "[" * 100_000 + "]" * 100_000 + "\n"), {}),
        ("JSONL of blank lines", f("blanks.jsonl", "\n\n\n"), {}),
        ("HTML without text", f("notext.html", "<html><body><nav>Home</nav></body></html>"), {}),
        ("HTML badly broken", f("broken.html", "<html><body><p>" + ART + "<div><table></p></span>"), {}),
        ("HTML script only", f("script.html", "<html><body><script>" + "x=1;" * 200 + "</script></body></html>"), {}),
        ("feed malformed", f("bad.rss", "<rss><channel><item><title>x</item></rss"), {}),
        ("feed without entries", f("none.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'), {}),
        ("feed entry link xn--", f("xn.rss", '<rss version="2.0"><channel><item><title>x</title><link>http://xn--/x</link></item></channel></rss>'), {}),
        ("feed entry link to metadata IP", f("meta.rss", '<rss version="2.0"><channel><item><title>x</title><link>http://169.254.169.254/latest/meta-data/</link></item></channel></rss>'), {}),
        ("feed entry javascript: link", f("js.rss", '<rss version="2.0"><channel><item><title>x</title><link>javascript:alert(1)</link></item></channel></rss>'), {}),
        ("feed billion laughs", f("lol.rss", '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><rss version="2.0"><channel><item><title>&d;</title><description>&d;</description></item></channel></rss>'), {}),
        ("WARC random bytes", f("junk.warc", random.Random(2).randbytes(3000)), {}),
        ("WARC truncated record", f("cut.warc", warc([html_rec(i) for i in range(3)], gz=False)[:-120]), {}),
        ("WARC.gz truncated", f("cut.warc.gz", warc([html_rec(i) for i in range(3)])[:-200]), {}),
        ("WARC record gzip bomb", f("bomb.warc.gz", warc([("http://example.org/b", "200 OK",
                                                           [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                                                           gzip.compress(b"<p>" + b"a" * (200 * MB), 9))])), {}),
        ("WARC without HTML", f("nohtml.warc.gz", warc([("http://example.org/i", "200 OK", [("Content-Type", "image/png")], b"\x89PNG")])), {}),
        ("WARC 404 record", f("404.warc.gz", warc([("http://example.org/x", "404 Not Found", [("Content-Type", "text/html")], b"<p>gone</p>")])), {}),
    ]
    big = d / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(25 * MB)
    out.append(("file over 20 MB", str(big), {}))
    fifo = d / "pipe.txt"
    os.mkfifo(fifo)
    out.append(("FIFO", str(fifo), {}))
    os.symlink(d / "nowhere.txt", d / "dangling.txt")
    out.append(("broken symlink", str(d / "dangling.txt"), {}))
    (d / "mixed").mkdir()
    (d / "mixed" / "photo.jpg").write_bytes(b"\xff\xd8")
    (d / "mixed" / "data.csv").write_text("a,b\n")
    out.append(("directory of unsupported files", str(d / "mixed"), {}))
    out.append(("no such path", str(d / "missing.txt"), {}))
    out.append(("path containing [/bold]", f("notes[bold][/bold].txt", "short"), {}))
    out.append(("path with a newline", f("new\nline.txt", "short"), {}))
    out += [
        ("ftp:// URL", "ftp://example.org/a.txt", {}),
        ("URL http://[::1", "http://[::1", {}),
        ("URL http://xn--/x", "http://xn--/x", {}),
        ("URL with a space in the host", "http://exa mple.org/", {}),
        ("loopback 127.0.0.1 (default policy)", f"{base}/ok", {}),
        ("loopback as localhost", base.replace("127.0.0.1", "localhost") + "/ok", {}),
        ("loopback as 2130706433", base.replace("127.0.0.1", "2130706433") + "/ok", {}),
        ("loopback as 127.1", base.replace("127.0.0.1", "127.1") + "/ok", {}),
        ("metadata 169.254.169.254", "http://169.254.169.254/latest/meta-data/", {}),
        ("private 10.0.0.1", "http://10.0.0.1/", {}),
        ("IPv6 loopback [::1]", "http://[::1]/", {}),
        ("IPv4-mapped metadata", "http://[::ffff:169.254.169.254]/", {}),
        ("HTTP 404", f"{base}/404", local),
        ("HTTP 500", f"{base}/500", local),
        ("HTTP image", f"{base}/image", local),
        ("HTTP PDF", f"{base}/pdf", local),
        ("HTTP gzip bomb", f"{base}/bomb", local),
        ("HTTP damaged gzip", f"{base}/badgzip", local),
        ("HTTP unsupported encoding", f"{base}/brotli", local),
        ("HTTP endless body", f"{base}/endless", local),
        ("HTTP byte every 0.5 s", f"{base}/drip", local),
        ("HTTP body shorter than declared", f"{base}/short", local),
        ("HTTP redirect loop", f"{base}/loop", local),
        ("redirect to metadata IP", f"{base}/to-meta", local),
        ("redirect to [::1]", f"{base}/to-v6", local),
        ("redirect to file://", f"{base}/to-file", local),
        ("HTTP binary as text/html", f"{base}/binary-html", local),
        ("HTTP empty body", f"{base}/empty", local),
        ("connection refused", "http://127.0.0.1:9/", local),
        ("markup in title and outlet", f("markup.jsonl", jl({"text": ART, "title": "Bridge [/red] gone",
                                                              "outlet": "=HYPERLINK(\"x\")[/]"})), {}),
    ]
    return out


def run_case(name, raw, opts, d: Path, good: str) -> dict:
    from claimgraph.ingestion import ingest
    from claimgraph.store import Corpus

    db = d / f"db-{abs(hash(name))}.duckdb"
    t0 = time.monotonic()
    try:
        with Corpus(db) as c:
            rep = ingest(c, [good, raw], policy=opts.get("policy", FetchPolicy()))
            docs = c.documents()
    except Exception as exc:  # noqa: BLE001 - what this script is here to find
        return {"class": name, "outcome": "CRASH", "detail": f"{exc.__class__.__name__}: {exc}"[:160]}
    good_kept = any("night watchman" in doc.text for doc in docs)
    mine = [r for s, r in rep.skipped if s != good]
    notes = [n for s, n in rep.notes if s != good]
    others = [doc for doc in docs if doc.source != good]
    if not good_kept:
        outcome, detail = "CRASH", "the good article was lost"
    elif mine and not others:
        outcome, detail = "skipped", mine[0]
    elif notes:
        outcome, detail = "noted", notes[0] + (f"; also skipped: {mine[0]}" if mine else "")
    elif others:
        outcome, detail = "stored", f"{len(others)} document(s)" + (f"; also skipped: {mine[0]}" if mine else "")
    else:
        outcome, detail = "CRASH", "neither stored nor skipped"
    return {"class": name, "outcome": outcome, "detail": detail[:160], "seconds": round(time.monotonic() - t0, 2)}


def cli_cases(d: Path, good: str) -> list[dict]:
    """Classes the command line refuses as a whole, run as separate processes."""
    import duckdb

    text_db = d / "notes.txt"
    text_db.write_text("my notes\n")
    dir_db = d / "dbdir"
    dir_db.mkdir()
    ro_db = d / "ro.duckdb"
    from claimgraph.store import Corpus

    Corpus(ro_db).close()
    ro_db.chmod(0o444)
    other = d / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE mine (x INTEGER)")
    runs = [("--db a text file", ["ingest", good, "--db", text_db]),
            ("--db a directory", ["ingest", good, "--db", dir_db]),
            ("--db a read-only file", ["ingest", good, "--db", ro_db]),
            ("--db another DuckDB", ["ingest", good, "--db", other]),
            ("--published not a date", ["ingest", good, "--published", "Blursday", "--db", d / "p.duckdb"])]
    out = []
    for name, args in runs:
        r = subprocess.run([sys.executable, "-m", "claimgraph", *map(str, args)], capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=600)
        lines = r.stderr.strip().splitlines()
        ok = r.returncode in (1, 2) and len(lines) == 1 and "Traceback" not in r.stderr
        out.append({"class": name, "outcome": "refused" if ok else "CRASH",
                    "detail": f"exit {r.returncode}: {lines[-1] if lines else ''}"[:160]})
    return out


LAUNCHER = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak_rss(args) -> float:
    """Peak resident memory (MB) of a claimgraph process, started from a small launcher (a child
    forked from this process would report this process's own peak as its floor)."""
    out = subprocess.run([sys.executable, "-c", LAUNCHER, sys.executable, "-m", "claimgraph", *map(str, args)],
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-memory", action="store_true", help="Skip the peak-memory runs of the bomb cases.")
    ap.add_argument("--memory-only", action="store_true", help="Only the peak-memory runs of the bomb cases.")
    a = ap.parse_args()
    with serve() as server, tempfile.TemporaryDirectory() as tmp:
        base = server.base
        d = Path(tmp)
        good = str(d / "good.txt")
        Path(good).write_text(GOOD)
        all_cases = cases(d / "in", base)
        rows = [] if a.memory_only else [run_case(n, raw, o, d, good) for n, raw, o in all_cases]
        rows += [] if a.memory_only else cli_cases(d, good)
        memory = {}
        if not a.no_memory:
            memory["good article only"] = peak_rss(["ingest", good, "--db", d / "m0.duckdb"])
            for name, raw in (("HTTP gzip bomb (1 GB inflated)", f"{base}/bomb"),
                              ("HTTP endless body", f"{base}/endless"),
                              ("WARC record gzip bomb (200 MB inflated)", str(d / "in" / "bomb.warc.gz"))):
                memory[name] = peak_rss(["ingest", good, raw, "--allow-private", "--db", d / f"m{len(memory)}.duckdb"])
    summary = {}
    for r in rows:
        summary[r["outcome"]] = summary.get(r["outcome"], 0) + 1
    if a.json:
        print(json.dumps({"classes": len(rows), "outcomes": summary, "rows": rows, "peak_rss_mb": memory}, indent=1))
        return
    for r in rows:
        print(f"{r['outcome']:<8} {r['class']:<38} {r['detail']}")
    print(f"\n{len(rows)} bad-input classes: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.items())))
    for k, v in memory.items():
        print(f"peak RSS {v:7.0f} MB  {k}")


if __name__ == "__main__":
    main()
