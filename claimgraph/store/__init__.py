"""The store: an embedded DuckDB file. The only module with SQL."""
from .db import Corpus, default_db_path  # noqa: F401
