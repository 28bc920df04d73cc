"""Bulk store writes: one transaction per batch, documents stored before left as they are (real
DuckDB files)."""
from __future__ import annotations

import pytest

from claimgraph.ingest.document import make_document
from claimgraph.model import Place, Span
from claimgraph.store import Corpus
from claimgraph.store.db import document_row, record_rows
from helpers import texts


def test_add_rows_stores_a_batch_once_and_skips_documents_stored_before(tmp_path):
    corpus = Corpus(tmp_path / "bulk.duckdb")
    docs = [make_document(t, language="en") for t in texts(3)]
    places = [Place(id=f"pla_{i}", doc_id=d.id, mention=Span(10, 16, "Izium"), name="Izium")
              for i, d in enumerate(docs)]
    first = corpus.add_rows([document_row(d) for d in docs[:2]], record_rows(places[:2]))
    assert first == [docs[0].id, docs[1].id]
    # the second batch repeats document 1 with a changed record: it is left as stored
    changed = Place(id="pla_1", doc_id=docs[1].id, mention=Span(0, 5, "Odesa"), name="Odesa")
    second = corpus.add_rows([document_row(d) for d in docs[1:]], record_rows([changed, places[2]]))
    assert second == [docs[2].id]
    assert corpus.stats() == {"documents": 3, "place": 3}
    assert corpus.records("place", docs[1].id)[0].name == "Izium"
    corpus.close()


def test_a_failing_batch_writes_nothing_and_keeps_earlier_batches(tmp_path):
    corpus = Corpus(tmp_path / "atomic.duckdb")
    docs = [make_document(t, language="en") for t in texts(4)]
    corpus.add_rows([document_row(d) for d in docs[:2]])
    bad_record = ("pla_x", docs[2].id, "place", "not a number", 5, "{}")   # start must be an integer
    with pytest.raises(Exception):
        corpus.add_rows([document_row(d) for d in docs[2:]], [bad_record])
    assert {d.id for d in corpus.documents()} == {docs[0].id, docs[1].id}
    assert corpus.add_rows([document_row(d) for d in docs[2:]]) == [docs[2].id, docs[3].id]
    corpus.close()
