"""Ingest: read articles from files, URLs, feeds, JSONL and WARC into Documents.

Readers know formats, never NLP. Each reader yields :class:`Article` items (text plus
metadata) or :class:`Skip` items (what could not be read, and why); nothing a reader meets
raises out of a batch.
"""
from .readers import Article, Skip, read_inputs

__all__ = ["Article", "Skip", "read_inputs"]
