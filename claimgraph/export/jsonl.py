"""JSONL export: one record a line, each with a ``type`` field and ``schema_version``.

Documents come first (with their text, so offsets can be checked), then each document's
records, then corpus-level records (stories). :func:`read_jsonl` reads the file back into
:mod:`claimgraph.model` records.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Iterator

from ..model import SCHEMA_VERSION, from_dict, to_dict


def iter_export_dicts(corpus) -> Iterator[dict]:
    for doc in corpus.documents():
        d = asdict(doc)
        d["type"] = "document"
        yield d
    for rec in corpus.all_records():
        yield to_dict(rec)


def export_jsonl(corpus, out: Path) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for d in iter_export_dicts(corpus):
            d["schema_version"] = SCHEMA_VERSION
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
            n += 1
    return n


def read_jsonl(path: Path) -> list:
    """Records from a claimgraph JSONL export (documents included)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                d.pop("schema_version", None)
                out.append(from_dict(d))
    return out
