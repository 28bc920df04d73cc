"""Train the CRF attribution tagger of the ``fast`` mode
(:mod:`claimgraph.analyse.attribution.crf`) on PolNeAR train, minus the held-back slice
(:func:`claimgraph.evaluate.polnear.heldout`)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from spacy.tokens import Doc

from ..analyse.attribution.crf import doc_features, load_tagger, sent_tags, to_crfsuite
from ..analyse.attribution.rules import extract
from ..analyse.pipeline import build
from ..evaluate.polnear import heldout, read_split


def gold_tags(doc: Doc, quotes) -> list[str]:
    """BIO tags from gold PolNeAR quotes (content first, then source, then cue: an inner
    attribution's cue and source win over the outer content that holds them)."""
    role_of = ["O"] * len(doc)
    span_id = [-1] * len(doc)
    starts = [t.idx for t in doc]
    import bisect
    sid = 0
    layers = []
    for q in quotes:
        for s, e in q.content:
            layers.append((0, e - s, s, e, "CON"))
        for s, e in q.source:
            layers.append((1, e - s, s, e, "SRC"))
        for s, e in q.cue:
            layers.append((2, e - s, s, e, "CUE"))
    # larger contents first so nested (smaller) ones overwrite them
    layers.sort(key=lambda x: (x[0], -x[1]))
    for _, _, s, e, lab in layers:
        sid += 1
        i = max(bisect.bisect_right(starts, s) - 1, 0)
        while i < len(doc) and doc[i].idx < e:
            t = doc[i]
            if t.idx + len(t) > s and not t.is_space:
                role_of[i] = lab
                span_id[i] = sid
            i += 1
    tags = []
    for i, r in enumerate(role_of):
        if r == "O":
            tags.append("O")
        elif i > 0 and role_of[i - 1] == r and span_id[i - 1] == span_id[i]:
            tags.append("I-" + r)
        else:
            tags.append("B-" + r)
    return tags


def train(items: Iterable[tuple[list[dict], list[str]]], out_path: Path, c1: float = 0.05, c2: float = 0.01,
          max_iterations: int = 150) -> Path:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for seq, tags in items:
        trainer.append(to_crfsuite(seq), tags)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iterations,
                        "feature.possible_transitions": True, "feature.minfreq": 2})
    out_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out_path))
    return out_path


def parsed_split(root: Path | str, split: str, cache_dir: Optional[Path] = None):
    """(Article, parsed Doc) pairs of a PolNeAR split, parsed once with the base spaCy model and
    cached as a DocBin in ``cache_dir`` (keep it outside the repository, e.g. /tmp)."""
    import json

    from spacy.tokens import DocBin


    arts = read_split(root, split)
    nlp = build(components=[])
    cache = Path(cache_dir) / f"{split}.spacy" if cache_dir else None
    names_path = Path(cache_dir) / f"{split}.names.json" if cache_dir else None
    docs = None
    if cache and cache.exists() and names_path.exists() and json.loads(names_path.read_text()) == [a.name for a in arts]:
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    if docs is None:
        docs = list(nlp.pipe((a.text for a in arts), batch_size=16))
        if cache:
            cache.parent.mkdir(parents=True, exist_ok=True)
            db = DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "SENT_START", "LEMMA", "POS", "ENT_IOB",
                               "ENT_TYPE", "MORPH"])
            for d in docs:
                db.add(d)
            db.to_disk(cache)
            names_path.write_text(json.dumps([a.name for a in arts]))
    for a, d in zip(arts, docs):
        d._.meta = {"doc_id": a.name}
    return list(zip(arts, docs))


def training_items(pairs) -> list[tuple[list[dict], list[str]]]:
    items = []
    for art, doc in pairs:
        feats = doc_features(doc, extract(doc))
        tags = sent_tags(doc, gold_tags(doc, art.gold))
        items.extend((f, t) for f, t in zip(feats, tags) if f)
    return items


def train_from_polnear(root: Path | str, out_path: Path, cache_dir: Optional[Path] = None,
                       holdout_every: int = 10, max_iterations: int = 100) -> dict:
    """Train the tagger on PolNeAR train minus the held-back slice; returns timing facts."""
    import time

    t0 = time.time()
    pairs = parsed_split(root, "train", cache_dir)
    t1 = time.time()
    used = [p for i, p in enumerate(pairs) if not heldout(i, holdout_every)]
    items = training_items(used)
    t2 = time.time()
    train(items, Path(out_path), max_iterations=max_iterations)
    t3 = time.time()
    load_tagger.cache_clear()
    return {"articles": len(used), "sequences": len(items), "parse_s": round(t1 - t0, 1),
            "features_s": round(t2 - t1, 1), "train_s": round(t3 - t2, 1), "model": str(out_path),
            "size_bytes": Path(out_path).stat().st_size}
