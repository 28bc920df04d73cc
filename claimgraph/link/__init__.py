"""Cross-article linking: origins of claims, stories, corroboration versus echoes.

``update(corpus, doc_ids)`` is called by ``claimgraph ingest`` after new documents are stored;
``relink(corpus)`` rebuilds every story from scratch.
"""
from .stories import relink, update

__all__ = ["relink", "update"]
