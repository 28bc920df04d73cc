"""Collect the records that the components left on an analysed ``Doc``."""
from __future__ import annotations

from spacy.tokens import Doc

from .extensions import LIST_EXTENSIONS


def records_of(doc: Doc) -> list:
    """All records of one analysed document, in a stable order (by extension, then offset)."""
    out: list = []
    seen: set[str] = set()
    for name in LIST_EXTENSIONS:
        for rec in getattr(doc._, name) or []:
            rid = getattr(rec, "id", None)
            if rid is not None and rid in seen:
                continue
            if rid is not None:
                seen.add(rid)
            out.append(rec)
    return out
