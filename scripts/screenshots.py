"""Write a screenshot of each view of the web UI to docs/screenshots/.

    python scripts/screenshots.py [--db FILE] [--out docs/screenshots]

Without --db it ingests the bundled sample corpus into a temporary database first (about a
minute). Starts ``claimgraph serve`` on a free port of 127.0.0.1 and drives Debian's chromium
(``apt-get install chromium``) through Playwright.
"""
from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.load(r)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args()
    db = args.db
    if db is None:
        db = Path(tempfile.mkdtemp(prefix="claimgraph-shots-")) / "sample.duckdb"
        subprocess.run([sys.executable, "-m", "claimgraph", "demo", "--db", str(db), "--json"], check=True,
                       stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "claimgraph", "serve", "--db", str(db), "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                get_json(base + "/version")
                break
            except OSError:
                time.sleep(0.2)
        story = max(get_json(base + "/stories.json?limit=50")["rows"], key=lambda s: (min(s["independent_origins"], 2), s["echoes"], s["articles"]))
        doc = max(get_json(base + "/documents.json?limit=200")["rows"], key=lambda d: d["attributions"])
        views = [("article", f"/documents/{doc['id']}"), ("claims", "/claims?min_depth=1&sort=-depth&limit=14"),
                 ("story", f"/stories/{story['id']}"), ("map", "/map"), ("figures", "/figures"),
                 ("stories", "/stories"), ("analyse", "/analyse")]
        from playwright.sync_api import sync_playwright

        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            for name, path in views:
                page.goto(base + path)
                if name == "article":
                    page.locator(".text .hl-hedge, .text .hl-cue").first.hover()
                page.screenshot(path=str(args.out / f"{name}.png"), full_page=name not in ("article",))
                print(args.out / f"{name}.png")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
