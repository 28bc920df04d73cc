"""DuckDB storage for documents and records, with a versioned schema and migrations.

Layout (schema version in table ``schema_version``):

* ``documents``: one row per article (id = content hash), with metadata and text.
* ``records``: every extracted record (attribution, claim, actor_mention, actor, place, time,
  figure, event, story), one row each: ``id``, ``doc_id`` (NULL for corpus-level records such
  as stories), ``type``, ``start``/``end`` (the record's main span), and ``payload`` (the full
  record as JSON, see :func:`claimgraph.model.to_dict`).
* ``skipped``: inputs that could not be ingested, with the reason.
* one view per record type (``attributions``, ``claims``, ...) for ad-hoc SQL.
"""
from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Iterable, Optional

import duckdb

from ..model import Document, RECORD_TYPES, TYPE_OF, from_dict, to_dict

# Each migration takes the schema from version i to i+1. Append, never edit.
MIGRATIONS: list[str] = [
    # 0 -> 1: initial schema
    """
    CREATE TABLE documents (
        id VARCHAR PRIMARY KEY,
        url VARCHAR, outlet VARCHAR, title VARCHAR, published VARCHAR, language VARCHAR,
        source VARCHAR, meta JSON, text VARCHAR NOT NULL,
        analysed BOOLEAN DEFAULT FALSE,
        ingested_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE TABLE records (
        id VARCHAR NOT NULL, doc_id VARCHAR, type VARCHAR NOT NULL,
        start INTEGER, "end" INTEGER, payload JSON NOT NULL,
        PRIMARY KEY (type, id)
    );
    CREATE INDEX records_doc ON records(doc_id);
    CREATE TABLE skipped (
        source VARCHAR, reason VARCHAR, skipped_at TIMESTAMP DEFAULT current_timestamp
    );
    CREATE VIEW attributions AS SELECT id, doc_id, start, "end", payload FROM records WHERE type = 'attribution';
    CREATE VIEW claims AS SELECT id, doc_id, start, "end",
        payload->>'certainty' AS certainty, payload->>'outlet_stance' AS outlet_stance,
        payload->>'polarity' AS polarity, CAST(payload->>'depth' AS INTEGER) AS depth, payload
        FROM records WHERE type = 'claim';
    CREATE VIEW places AS SELECT id, doc_id, start, "end", payload FROM records WHERE type = 'place';
    CREATE VIEW figures AS SELECT id, doc_id, start, "end", payload FROM records WHERE type = 'figure';
    CREATE VIEW events AS SELECT id, doc_id, start, "end", payload FROM records WHERE type = 'event';
    CREATE VIEW times AS SELECT id, doc_id, start, "end", payload FROM records WHERE type = 'time';
    CREATE VIEW stories AS SELECT id, payload FROM records WHERE type = 'story';
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

_DOC_COLUMNS = ("id", "url", "outlet", "title", "published", "language", "source")


def default_db_path() -> Path:
    """``$CLAIMGRAPH_DB``, else ``claimgraph.duckdb`` in the user's data directory."""
    env = os.environ.get("CLAIMGRAPH_DB")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("claimgraph")) / "claimgraph.duckdb"


def _main_span(rec) -> tuple[Optional[int], Optional[int]]:
    for name in ("content", "mention", "span", "trigger", "cue"):
        s = getattr(rec, name, None)
        if s is not None and hasattr(s, "start"):
            return s.start, s.end
    contents = getattr(rec, "contents", None)
    if contents:
        return contents[0].start, contents[-1].end
    return None, None


#: columns of the bulk rows (:func:`document_row`, :func:`record_rows`), in table order
DOCUMENT_COLUMNS = ("id", "url", "outlet", "title", "published", "language", "source", "meta", "text", "analysed")
RECORD_COLUMNS = ("id", "doc_id", "type", "start", "end", "payload")
_ARROW_TYPES = {"start": "int32", "end": "int32", "analysed": "bool_"}


def document_row(document: Document, analysed: bool = True) -> tuple:
    """A document as one row of the ``documents`` table (see :data:`DOCUMENT_COLUMNS`)."""
    return (document.id, document.url, document.outlet, document.title, document.published,
            document.language, document.source, json.dumps(document.meta), document.text, bool(analysed))


def record_rows(records: Iterable) -> list[tuple]:
    """Records as rows of the ``records`` table (see :data:`RECORD_COLUMNS`): plain tuples of
    strings and integers, cheap to send between processes and to write as Parquet."""
    rows = []
    for rec in records:
        start, end = _main_span(rec)
        rows.append((rec.id, getattr(rec, "doc_id", None), TYPE_OF[type(rec)], start, end,
                     json.dumps(to_dict(rec), ensure_ascii=False)))
    return rows


def arrow_schema(columns: tuple[str, ...]):
    import pyarrow as pa

    return pa.schema([(c, getattr(pa, _ARROW_TYPES.get(c, "string"))()) for c in columns])


def _arrow(columns: tuple[str, ...], rows: list[tuple]):
    import pyarrow as pa

    schema = arrow_schema(columns)
    return pa.table([pa.array([r[i] for r in rows], type=schema.field(i).type) for i in range(len(columns))],
                    schema=schema)


class Corpus:
    """Query and write access to one claimgraph database file."""

    def __init__(self, path: str | os.PathLike | None = None, read_only: bool = False):
        self.path = Path(path) if path is not None else default_db_path()
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(self.path), read_only=read_only)
        if not read_only:
            self.migrate()

    # -- schema ---------------------------------------------------------------------------
    def schema_version(self) -> int:
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return row[0] or 0

    def migrate(self) -> int:
        """Apply pending migrations; returns the schema version."""
        v = self.schema_version()
        while v < SCHEMA_VERSION:
            with self.transaction():
                self.con.execute(MIGRATIONS[v])
                self.con.execute("INSERT INTO schema_version VALUES (?)", [v + 1])
            v += 1
        return v

    @contextlib.contextmanager
    def transaction(self):
        """All statements inside commit together or not at all."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException:       # an interrupted batch (Ctrl-C) rolls back too
            self.con.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- writing --------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone() is not None

    def add(self, document: Document, records: Iterable = (), analysed: bool = True) -> bool:
        """Store a document and its records in one transaction.

        Returns False (and changes nothing) when a document with the same id is stored already.
        """
        return bool(self.add_rows([document_row(document, analysed)], record_rows(records)))

    def _insert_records(self, records: Iterable) -> int:
        return self._insert_record_rows(record_rows(records))

    # -- bulk writing: Arrow tables, one statement per table ------------------------------
    def _insert_record_rows(self, rows: list[tuple]) -> int:
        """Insert or replace record rows (see :func:`record_rows`) with one Arrow append."""
        if not rows:
            return 0
        # the last row of a (type, id) wins, as one INSERT OR REPLACE per row would have it
        rows = list({(r[2], r[0]): r for r in rows}.values())
        self.con.register("_cg_records", _arrow(RECORD_COLUMNS, rows))
        try:
            self.con.execute('INSERT OR REPLACE INTO records (id, doc_id, type, start, "end", payload)'
                             ' SELECT * FROM _cg_records')
        finally:
            self.con.unregister("_cg_records")
        return len(rows)

    def add_rows(self, documents: list[tuple], records: Iterable[tuple] = ()) -> list[str]:
        """Store many documents and their records in one transaction: a batch commits whole or
        not at all. ``documents`` are rows of :func:`document_row`, ``records`` rows of
        :func:`record_rows` (their ``doc_id`` ties them to a document). Documents stored
        before (same content hash) and their records are left as they are; returns the ids of
        the documents stored now, in input order."""
        documents = list({d[0]: d for d in documents}.values())
        if not documents:
            return []
        ids = [d[0] for d in documents]
        with self.transaction():
            stored = {r[0] for r in self.con.execute(
                "SELECT id FROM documents WHERE id IN (SELECT unnest(?))", [ids]).fetchall()}
            new = [d for d in documents if d[0] not in stored]
            if new:
                self.con.register("_cg_documents", _arrow(DOCUMENT_COLUMNS, new))
                try:
                    self.con.execute(f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)})"
                                     f" SELECT * FROM _cg_documents")
                finally:
                    self.con.unregister("_cg_documents")
                self._insert_record_rows([r for r in records if r[1] not in stored])
        return [d[0] for d in new]

    def replace_corpus_records(self, type_: str, records: Iterable) -> int:
        """Replace all records of a corpus-level type (e.g. ``story``, ``actor``)."""
        with self.transaction():
            self.con.execute("DELETE FROM records WHERE type = ?", [type_])
            n = self._insert_records(records)
        return n

    def put_records(self, records: Iterable) -> int:
        """Insert or replace records (by type and id)."""
        with self.transaction():
            n = self._insert_records(records)
        return n

    def replace_document_records(self, doc_id: str, records: Iterable) -> int:
        """Re-analysis: replace every record of one document."""
        with self.transaction():
            self.con.execute("DELETE FROM records WHERE doc_id = ?", [doc_id])
            n = self._insert_records(records)
            self.con.execute("UPDATE documents SET analysed = TRUE WHERE id = ?", [doc_id])
        return n

    def log_skip(self, source: str, reason: str) -> None:
        self.con.execute("INSERT INTO skipped (source, reason) VALUES (?, ?)", [source, reason])

    # -- reading --------------------------------------------------------------------------
    def _doc(self, row) -> Document:
        id_, url, outlet, title, published, language, source, meta, text = row
        return Document(id=id_, text=text, url=url, outlet=outlet, title=title, published=published,
                        language=language, source=source, meta=json.loads(meta) if meta else {})

    def documents(self, with_text: bool = True) -> list[Document]:
        rows = self.con.execute(
            "SELECT id, url, outlet, title, published, language, source, meta, "
            + ("text" if with_text else "''")
            + " FROM documents ORDER BY published NULLS LAST, ingested_at, id").fetchall()
        return [self._doc(r) for r in rows]

    def document(self, doc_id: str) -> Optional[Document]:
        """A document by id, or by a unique id prefix."""
        rows = self.con.execute(
            "SELECT id, url, outlet, title, published, language, source, meta, text FROM documents"
            " WHERE id = ? OR id LIKE ? LIMIT 2", [doc_id, doc_id + "%"]).fetchall()
        exact = [r for r in rows if r[0] == doc_id]
        if exact:
            return self._doc(exact[0])
        return self._doc(rows[0]) if len(rows) == 1 else None

    def records(self, type_: str, doc_id: Optional[str] = None) -> list:
        """Records of one type (optionally of one document), as model dataclasses."""
        if type_ not in RECORD_TYPES:
            raise ValueError(f"unknown record type {type_!r}; one of {', '.join(RECORD_TYPES)}")
        sql = "SELECT payload FROM records WHERE type = ?"
        params: list = [type_]
        if doc_id is not None:
            sql += " AND doc_id = ?"
            params.append(doc_id)
        sql += " ORDER BY doc_id, start NULLS LAST, id"
        return [from_dict(json.loads(r[0])) for r in self.con.execute(sql, params).fetchall()]

    def all_records(self, doc_id: Optional[str] = None) -> list:
        sql = "SELECT payload FROM records"
        params: list = []
        if doc_id is not None:
            sql += " WHERE doc_id = ?"
            params.append(doc_id)
        sql += " ORDER BY doc_id NULLS LAST, type, start NULLS LAST, id"
        return [from_dict(json.loads(r[0])) for r in self.con.execute(sql, params).fetchall()]

    def counts(self) -> dict[str, dict[str, int]]:
        """{doc_id: {type: n}} for every document."""
        out: dict[str, dict[str, int]] = {}
        for doc_id, type_, n in self.con.execute(
                "SELECT doc_id, type, count(*) FROM records WHERE doc_id IS NOT NULL GROUP BY 1, 2").fetchall():
            out.setdefault(doc_id, {})[type_] = n
        return out

    def skipped(self) -> list[tuple[str, str]]:
        return self.con.execute("SELECT source, reason FROM skipped ORDER BY skipped_at").fetchall()

    def stats(self) -> dict[str, int]:
        d = {"documents": self.con.execute("SELECT count(*) FROM documents").fetchone()[0]}
        for t, n in self.con.execute("SELECT type, count(*) FROM records GROUP BY 1").fetchall():
            d[t] = n
        return d
