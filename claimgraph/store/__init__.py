"""The store: an embedded DuckDB file. The only module with SQL."""
from .db import Corpus, default_db_path

__all__ = ["Corpus", "default_db_path"]
