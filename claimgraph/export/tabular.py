"""CSV and Parquet exports: one table per record type in an output directory.

Spans become ``<field>_start``, ``<field>_end``, ``<field>_text`` columns; lists and dicts
are JSON strings, so every table is flat and loads in any spreadsheet or dataframe library.
In CSV, a text cell a spreadsheet would take for a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return) is prefixed with ``'`` (OWASP's advice against CSV injection);
numbers are written as they are.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from .jsonl import iter_export_dicts


def _flatten(d: dict) -> dict:
    row = {}
    for k, v in d.items():
        if isinstance(v, dict) and set(v) == {"start", "end", "text"}:
            row[f"{k}_start"], row[f"{k}_end"], row[f"{k}_text"] = v["start"], v["end"], v["text"]
        elif isinstance(v, (list, dict)):
            row[k] = json.dumps(v, ensure_ascii=False)
        else:
            row[k] = v
    return row


def tables(corpus) -> dict[str, list[dict]]:
    by_type: dict[str, list[dict]] = {}
    for d in iter_export_dicts(corpus):
        by_type.setdefault(d["type"], []).append(_flatten(d))
    return by_type


def _columns(rows: list[dict]) -> list[str]:
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    return cols


def _each_table(corpus, out: Path):
    """(path stem, rows, columns) for every record type, creating the output directory."""
    out.mkdir(parents=True, exist_ok=True)
    for type_, rows in tables(corpus).items():
        yield out / type_, rows, _columns(rows)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A CSV cell that no spreadsheet evaluates as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_csv(corpus, out: Path) -> int:
    n = 0
    for stem, rows, cols in _each_table(corpus, out):
        with open(stem.with_suffix(".csv"), "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=cols)
            w.writeheader()
            w.writerows({k: neutralise(v) for k, v in r.items()} for r in rows)
        n += len(rows)
    return n


def export_parquet(corpus, out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 0
    for stem, rows, cols in _each_table(corpus, out):
        arrays = {}
        for c in cols:
            vals = [r.get(c) for r in rows]
            try:
                arrays[c] = pa.array(vals)
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                arrays[c] = pa.array([None if v is None else str(v) for v in vals])
        pq.write_table(pa.table(arrays), stem.with_suffix(".parquet"))
        n += len(rows)
    return n
