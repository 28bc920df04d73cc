"""DuckDB storage for documents and records, with a versioned schema and migrations.

Layout (schema version in table ``schema_version``):

* ``documents``: one row per article (id = content hash), with metadata and text.
* ``records``: every extracted record (attribution, claim, actor_mention, actor, place, time,
  figure, event, story), one row each: ``id``, ``doc_id`` (NULL for corpus-level records such
  as stories), ``type``, ``start``/``end`` (the record's main span), and ``payload`` (the full
  record as JSON, see :func:`claimgraph.model.to_dict`).
* ``skipped``: inputs that could not be ingested, with the reason.
* ``link_pending``: documents stored but not yet linked into stories. A document enters it in
  the transaction that stores it and leaves it once linking has been written, so an ingest
  killed before or during linking is completed by the next one.
* one view per record type (``attributions``, ``claims``, ...) for ad-hoc SQL.
"""
from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import stat
import time
from pathlib import Path
from typing import Iterable, Optional

import duckdb

from ..model import Document, RECORD_TYPES, TYPE_OF, from_dict

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
    # 1 -> 2: linking as durable state (every document stored before is re-checked once)
    """
    CREATE TABLE link_pending (doc_id VARCHAR PRIMARY KEY);
    INSERT INTO link_pending SELECT id FROM documents;
    """,
    # 2 -> 3: records without a primary key. DuckDB holds a key's index whole in memory to check
    # every insert, and it grew with the store (about 50 records an article): the ingesting
    # process's peak RSS doubled from 1,000 to 30,000 articles. A document's records are written
    # once, with the document; other records are replaced by deleting them first.
    """
    CREATE TABLE records_keyless (
        id VARCHAR NOT NULL, doc_id VARCHAR, type VARCHAR NOT NULL,
        start INTEGER, "end" INTEGER, payload JSON NOT NULL
    );
    INSERT INTO records_keyless SELECT id, doc_id, type, start, "end", payload FROM records;
    DROP TABLE records;
    ALTER TABLE records_keyless RENAME TO records;
    CREATE INDEX records_doc ON records(doc_id);
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
    strings and integers, cheap to send between processes and to write as Parquet. The payload
    is :func:`claimgraph.model.to_dict`'s, built without its deep copies."""
    rows = []
    for rec in records:
        start, end = _main_span(rec)
        kind = TYPE_OF[type(rec)]
        payload = _plain(rec)
        payload["type"] = kind
        rows.append((rec.id, getattr(rec, "doc_id", None), kind, start, end,
                     json.dumps(payload, ensure_ascii=False)))
    return rows


_SCALARS = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(value):
    """``dataclasses.asdict`` for records: dataclasses to dicts (fields in order), lists and
    tuples to lists, dicts to dicts, recursively; other values as they are."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    names = _FIELD_NAMES.get(kind)
    if names is None and dataclasses.is_dataclass(kind):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    if names is not None:
        return {n: _plain(getattr(value, n)) for n in names}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value


def arrow_schema(columns: tuple[str, ...]):
    import pyarrow as pa

    return pa.schema([(c, getattr(pa, _ARROW_TYPES.get(c, "string"))()) for c in columns])


def _arrow(columns: tuple[str, ...], rows: list[tuple]):
    import pyarrow as pa

    schema = arrow_schema(columns)
    return pa.table([pa.array([r[i] for r in rows], type=schema.field(i).type) for i in range(len(columns))],
                    schema=schema)


class StoreError(RuntimeError):
    """The database cannot be opened or written; the message is one line for the user."""


class StoreBusy(StoreError):
    """Another process holds the database (DuckDB allows one writing process at a time)."""


_LOCK = re.compile(r"Could not set lock|Conflicting lock", re.I)
_HOLDER = re.compile(r"held in (.+?) \(PID (\d+)\)")


def _connect(path: Path, read_only: bool):
    """A DuckDB connection, or StoreError/StoreBusy saying in one line why there is none."""
    if path.exists() and not path.is_file():
        raise StoreError(f"{path} is a directory, not a database file" if path.is_dir()
                         else f"{path} is not a regular file")
    if read_only and not path.exists():
        raise StoreError(f"no database at {path} (ingest something first)")
    if not read_only and path.exists() and not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise StoreError(f"{path} is read-only; make it writable or choose another --db")
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        msg = str(exc).split("\n")[0]
        if _LOCK.search(msg):
            holder = _HOLDER.search(msg)
            who = f" (process {holder.group(2)})" if holder else ""
            raise StoreBusy(f"{path} is in use by another claimgraph process{who}") from None
        if "not a valid DuckDB database" in msg:
            raise StoreError(f"{path} is not a DuckDB database file") from None
        if "Permission denied" in msg or "Read-only file system" in msg:
            raise StoreError(f"{path} cannot be written: permission denied") from None
        raise StoreError(f"cannot open {path}: {msg.removeprefix('IO Error: ')}") from None


RELEASE_WAIT = 300.0


class Corpus:
    """Query and write access to one claimgraph database file.

    ``wait`` is how many seconds to wait for another process that holds the file before
    giving up with :class:`StoreBusy`; ``on_wait(message)`` is called once when waiting starts.
    """

    def __init__(self, path: str | os.PathLike | None = None, read_only: bool = False,
                 wait: float = 0.0, on_wait=None):
        self.path = Path(path) if path is not None else default_db_path()
        self.read_only = read_only
        self.wait, self.on_wait = wait, on_wait
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the directory {self.path.parent}: "
                                 f"{exc.strerror or exc}") from None
        self.missing = read_only and not self.path.exists() and not self.path.is_symlink()
        if self.missing:            # nothing stored yet: reading finds an empty corpus, no file made
            self.con = duckdb.connect(":memory:")
            self.migrate()
            return
        self.con = self._open()
        try:
            self._check_schema()
        except BaseException:
            self.con.close()
            raise

    def _open(self, wait: Optional[float] = None):
        wait = self.wait if wait is None else wait
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                return _connect(self.path, self.read_only)
            except StoreBusy as exc:
                if time.monotonic() >= deadline:
                    raise StoreBusy(f"{exc}; gave up after waiting {wait:.0f} s" if wait else str(exc)) from None
                if not told and self.on_wait:
                    self.on_wait(f"{exc}; waiting up to {wait:.0f} s for it to finish")
                    told = True
                time.sleep(0.2)

    def _check_schema(self) -> None:
        tables = {r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
        if tables and "schema_version" not in tables:
            raise StoreError(f"{self.path} is a DuckDB file but not a claimgraph database")
        if "schema_version" in tables:
            v = self.con.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0
            if v > SCHEMA_VERSION:
                raise StoreError(f"{self.path} has schema version {v}, newer than this claimgraph "
                                 f"({SCHEMA_VERSION}); upgrade claimgraph")
        if not self.read_only:
            self.migrate()

    @contextlib.contextmanager
    def released(self):
        """Let other processes use the file meanwhile (DuckDB locks it while connected);
        reconnects afterwards, waiting for them (at least RELEASE_WAIT seconds: work done while
        released is not to be lost to a reader that came in meanwhile)."""
        if self.read_only or self.missing:
            yield
            return
        # no checkpoint on this close: what was committed stays in the write-ahead log, which
        # the next connection (a reader's or ours) replays and DuckDB folds into the file once it
        # passes its threshold; :meth:`close` checkpoints. A checkpoint at every release cost
        # bursts of tens of MB in a long ingest, growing with the store.
        self.con.execute("PRAGMA disable_checkpoint_on_shutdown")
        self.con.close()
        try:
            yield
        finally:
            self.con = self._open(max(self.wait, RELEASE_WAIT))

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

    def _insert_records(self, records: Iterable, new_docs: frozenset = frozenset(),
                        new_types: frozenset = frozenset()) -> int:
        return self._insert_record_rows(record_rows(records), new_docs, new_types)

    # -- bulk writing: Arrow tables, one statement per table ------------------------------
    def _insert_record_rows(self, rows: list[tuple], new_docs: frozenset = frozenset(),
                            new_types: frozenset = frozenset()) -> int:
        """Insert or replace record rows (see :func:`record_rows`) with one Arrow append; call
        inside a transaction. A (type, id) stored before is deleted first, except for the records
        of ``new_docs`` and of ``new_types`` (documents inserted, or records of a document or
        type deleted, in this transaction: nothing of theirs is stored)."""
        if not rows:
            return 0
        # the last row of a (type, id) wins, as one INSERT OR REPLACE per row would have it
        rows = list({(r[2], r[0]): r for r in rows}.values())
        old = [r for r in rows if r[1] not in new_docs and r[2] not in new_types]
        for type_ in {r[2] for r in old}:
            self.con.execute("DELETE FROM records WHERE type = ? AND list_contains(?, id)",
                             [type_, [r[0] for r in old if r[2] == type_]])
        self.con.register("_cg_records", _arrow(RECORD_COLUMNS, rows))
        try:
            self.con.execute('INSERT INTO records (id, doc_id, type, start, "end", payload)'
                             ' SELECT * FROM _cg_records')
        finally:
            self.con.unregister("_cg_records")
        return len(rows)

    def add_rows(self, documents: list[tuple], records: Iterable[tuple] = ()) -> list[str]:
        """Store many documents and their records in one transaction: a batch commits whole or
        not at all. ``documents`` are rows of :func:`document_row`, ``records`` rows of
        :func:`record_rows` (their ``doc_id`` ties them to a document). Documents stored
        before (same content hash) and their records are left as they are; the documents stored
        now enter the ``link_pending`` queue in the same transaction. Returns their ids, in
        input order."""
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
                self._insert_record_rows([r for r in records if r[1] not in stored],
                                         frozenset(d[0] for d in new))
                self.con.executemany("INSERT OR IGNORE INTO link_pending VALUES (?)", [[d[0]] for d in new])
        return [d[0] for d in new]

    def replace_corpus_records(self, type_: str, records: Iterable) -> int:
        """Replace all records of a corpus-level type (e.g. ``story``, ``actor``)."""
        with self.transaction():
            self.con.execute("DELETE FROM records WHERE type = ?", [type_])
            n = self._insert_records(records, new_types=frozenset([type_]))
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
            n = self._insert_records(records, new_docs=frozenset([doc_id]))
            self.con.execute("UPDATE documents SET analysed = TRUE WHERE id = ?", [doc_id])
        return n

    # -- linking state and deletion ----------------------------------------------------------
    def pending_links(self) -> list[str]:
        """Documents stored but not yet linked into stories."""
        if self.read_only and "link_pending" not in self._tables():
            return []
        return [r[0] for r in self.con.execute("SELECT doc_id FROM link_pending ORDER BY doc_id").fetchall()]

    def mark_linked(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        if ids:
            with self.transaction():
                self.con.execute("DELETE FROM link_pending WHERE list_contains(?, doc_id)", [ids])

    def _tables(self) -> set[str]:
        return {r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}

    def matching_documents(self, ids: Iterable[str] = (), outlet: Optional[str] = None,
                           source: Optional[str] = None) -> list[Document]:
        """Documents by id (or unique id prefix), by exact outlet, or by source (exact, or a
        prefix ending in '/' or ':' for a directory or a JSONL file's lines)."""
        found: dict[str, Document] = {}
        for i in ids:
            d = self.document(i)
            if d is not None:
                found[d.id] = d
        if outlet is not None or source is not None:
            for d in self.documents(with_text=False):
                if outlet is not None and d.outlet == outlet:
                    found[d.id] = d
                if source is not None and d.source and (
                        d.source == source or d.source.startswith(source.rstrip("/:") + "/")
                        or d.source.startswith(source + ":") or d.source.startswith(source + "#")):
                    found[d.id] = d
        return list(found.values())

    def remove_documents(self, doc_ids: Iterable[str]) -> int:
        """Delete documents with all their records, in one transaction; returns how many."""
        ids = [[d] for d in dict.fromkeys(doc_ids)]
        if not ids:
            return 0
        with self.transaction():
            for sql in ("DELETE FROM records WHERE doc_id = ?", "DELETE FROM link_pending WHERE doc_id = ?",
                        "DELETE FROM documents WHERE id = ?"):
                self.con.executemany(sql, ids)
        return len(ids)

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

    def records_by_document(self, type_: str, doc_ids: Iterable[str]) -> dict[str, list]:
        """Records of one type of many documents in one query: {doc id: records in the order
        of :meth:`records`} (a document without any is absent)."""
        if type_ not in RECORD_TYPES:
            raise ValueError(f"unknown record type {type_!r}; one of {', '.join(RECORD_TYPES)}")
        out: dict[str, list] = {}
        rows = self.con.execute(
            "SELECT doc_id, payload FROM records WHERE type = ? AND list_contains(?, doc_id)"
            " ORDER BY doc_id, start NULLS LAST, id", [type_, list(doc_ids)]).fetchall()
        for did, payload in rows:
            out.setdefault(did, []).append(from_dict(json.loads(payload)))
        return out

    def documents_by_id(self, doc_ids: Iterable[str]) -> dict[str, Document]:
        """Stored documents with these exact ids, with their text, by id."""
        rows = self.con.execute(
            "SELECT id, url, outlet, title, published, language, source, meta, text FROM documents"
            " WHERE list_contains(?, id)", [list(doc_ids)]).fetchall()
        return {r[0]: self._doc(r) for r in rows}

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
