"""Arbitrary text, bytes and JSON through decoding, ingest and every analysis component: no
exception escapes, and every span's offsets read back its text exactly."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.ingest.decode import InputError, decode_bytes, scrub
from claimgraph.ingest.readers import read_jsonl_text
from claimgraph.model import iter_spans

# news-like words with the characters that break things mixed in
WORDS = st.sampled_from(["said", "the", "governor", "\"", "'", "according to", "Kharkiv", "two", "drones",
                         "allegedly", "12", "on Monday", ".", ",", "\n", "\n\n", "\u00a0", "\ufeff", "\x00",
                         "\ud800", "[/red]", "<script>", "—", "Ї", "🙂", "\u200b", "reportedly", "told", "AFP"])
NEWSY = st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=60).map(" ".join)
JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
                       lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
                       max_leaves=12)


def spans_read_back(text: str, records) -> int:
    n = 0
    for rec in records:
        for span in iter_spans(rec):
            assert 0 <= span.start <= span.end <= len(text), (rec, span)
            assert text[span.start:span.end] == span.text, (rec, span)
            n += 1
    return n


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_are_refused_with_a_reason(data):
    try:
        dec = decode_bytes(data)
    except InputError as exc:
        assert str(exc)
        return
    clean, _ = scrub(dec.text)
    clean.encode("utf-8")                       # storable: no lone surrogates left


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["text", "html", "title", "outlet", "url", "published", "language", "x"]),
                       JSONISH | NEWSY, max_size=6))
def test_any_json_line_is_an_article_or_a_skip(obj):
    from claimgraph.ingest import Article, Skip
    from claimgraph.ingestion import to_document

    line = json.dumps(obj)
    for item in read_jsonl_text(line, "p.jsonl"):
        assert isinstance(item, (Article, Skip))
        if isinstance(item, Article):
            doc = to_document(item, {"language": "en"})
            doc.text.encode("utf-8")


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEWSY)
def test_every_analysis_component_takes_any_text_with_valid_offsets(text):
    import claimgraph

    a = claimgraph.analyse(text, outlet="Example Courier", published="2024-03-01")
    spans_read_back(a.document.text, a.records)


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(NEWSY, min_size=1, max_size=3))
def test_ingest_and_linking_take_any_text(tmp_path_factory, texts):
    from claimgraph.ingestion import ingest
    from claimgraph.store import Corpus

    d = tmp_path_factory.mktemp("prop")
    p = d / "in.jsonl"
    p.write_text("".join(json.dumps({"text": "Fictional test article. " + t}) + "\n" for t in texts))
    with Corpus(d / "x.duckdb") as c:
        rep = ingest(c, [str(p)], language="en")
        assert len(rep.stored) + len(rep.duplicates) + len(rep.skipped) >= 1
        assert c.pending_links() == []
        texts_by_id = {doc.id: doc.text for doc in c.documents()}
        for doc_id, text in texts_by_id.items():
            spans_read_back(text, c.all_records(doc_id))
