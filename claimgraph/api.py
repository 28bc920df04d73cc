"""The Python API. The CLI, and any other front end, is a thin layer over this."""
from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from typing import Optional

from .ingest.document import meta_of  # noqa: F401 - part of the API: the metadata the components see
from .model import Document, TYPE_OF


@dataclass
class Analysis:
    """The records of one analysed article."""
    document: Document
    records: list = field(default_factory=list)

    def of(self, type_: str) -> list:
        """Records of one type: ``analysis.of("attribution")``."""
        return [r for r in self.records if TYPE_OF[type(r)] == type_]

    def __getattr__(self, name: str):
        # analysis.attributions, .claims, .places, ... (plural of the record type)
        if name.endswith("s") and name[:-1] in TYPE_OF.values():
            return self.of(name[:-1])
        raise AttributeError(name)


def analyse(text: str, *, outlet: Optional[str] = None, published: Optional[str] = None,
            url: Optional[str] = None, title: Optional[str] = None,
            language: Optional[str] = None) -> Analysis:
    """Analyse one article without a database and return its records.

    >>> a = analyse('"We will hold the line," the commander said.', outlet="Example")
    >>> a.attributions[0].quote_type
    'direct'
    """
    from .analyse.pipeline import get_nlp, run
    from .analyse.records import records_of
    from .ingest.document import make_document

    doc = make_document(text, outlet=outlet, published=published, url=url, title=title,
                        language=language)
    spacy_doc = next(run(get_nlp(), [(doc.text, meta_of(doc))]))
    return Analysis(doc, records_of(spacy_doc))




def query(listing: str, db=None, **filters):
    """One page of a listing over a database opened read-only, as the CLI and the server give it:
    ``query("claims", "corpus.duckdb", certainty="possible", limit=20)`` returns a
    :class:`claimgraph.core.Page` (``rows``, ``total``, ``limit``, ``offset``). Listings:
    documents, claims, events, places, actors, figures, stories; bad filter values raise
    :class:`claimgraph.core.Invalid`."""
    from . import core

    if listing not in LISTINGS:
        raise ValueError(f"unknown listing {listing!r}; one of {', '.join(LISTINGS)}")
    with core.open_read(db) as corpus:
        return getattr(core, listing)(corpus, **filters)


LISTINGS = ("documents", "claims", "events", "places", "actors", "figures", "stories")


def open(db=None, read_only: bool = False):  # noqa: A001 - mirrors builtins.open on purpose
    """Query access to a claimgraph database (DuckDB file; default in the user data dir)."""
    from .store import Corpus

    return Corpus(db, read_only=read_only)


_ = builtins  # keep a handle on the builtin open for modules that star-import
