"""Documents: text normalization and the content-hash identity."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Optional

from ..model import Document
from .decode import scrub

_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def normalize_text(text: str) -> str:
    """The stored form of an article's text: NFC, Unix newlines, trimmed lines, no runs of
    blank lines, no control characters or lone surrogates. Offsets of every record refer to
    this form."""
    text = scrub(text)[0]
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "")
    lines = [_WS.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def content_hash(text: str) -> str:
    """A document's id: a hash of its normalized text (whitespace and case folded)."""
    key = re.sub(r"\s+", " ", normalize_text(text)).strip().casefold()
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def make_document(text: str, *, outlet: Optional[str] = None, published: Optional[str] = None,
                  url: Optional[str] = None, title: Optional[str] = None,
                  language: Optional[str] = None, source: Optional[str] = None,
                  meta: Optional[dict] = None) -> Document:
    text = normalize_text(text)
    return Document(id=content_hash(text), text=text, url=url, outlet=outlet, title=title,
                    published=published, language=language, source=source, meta=meta or {})


def meta_of(doc: Document) -> dict:
    """The metadata the analysis components see."""
    return {"doc_id": doc.id, "published": doc.published, "outlet": doc.outlet,
            "title": doc.title, "url": doc.url, "language": doc.language}
