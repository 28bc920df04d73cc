"""Exports of a stored corpus: JSONL, CSV, Parquet, PLOVER JSON, W3C PROV-O, GeoJSON, ACLED-style CSV.

``export(corpus, fmt, out)`` dispatches by format name; each exporter takes the corpus and an
output path and returns the number of records written.
"""
from __future__ import annotations

import importlib
from pathlib import Path

FORMATS = {
    "jsonl": ("claimgraph.export.jsonl", "export_jsonl"),
    "csv": ("claimgraph.export.tabular", "export_csv"),
    "parquet": ("claimgraph.export.tabular", "export_parquet"),
    "plover": ("claimgraph.export.plover", "export_plover"),
    "prov": ("claimgraph.export.prov", "export_prov"),
    "geojson": ("claimgraph.export.geojson", "export_geojson"),
    "acled": ("claimgraph.export.acled", "export_acled"),
}


def export(corpus, fmt: str, out) -> int:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    module, func = FORMATS[fmt]
    return getattr(importlib.import_module(module), func)(corpus, Path(out))
