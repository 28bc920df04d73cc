"""Event factuality on the UW / MEANTIME format (../shared/factuality): a first, rule-based
predictor built on the same analysis that sets certainty and polarity.

Input: JSON lines ``{"text": "tok tok ...", "targets": [{"span1": [i, j], "label": x}, ...]}``
with ``span1`` a token range into ``text.split(" ")`` and labels from -3 (certainly did not
happen) to +3 (certainly happened). Each sentence runs through the full claimgraph pipeline;
each target event gets a score from (a) the claim that contains it (certainty level and
hedge cues from ``data/lexicons/certainty.yaml``) and (b) what governs the event token in the
parse: negation, modal auxiliaries, "if"-clauses, questions, and infinitival complements of
intention/desire verbs (events not yet real). Metrics: MAE and Pearson r over all targets.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Iterator, Optional

CERTAINTY_VALUE = {"certain": 3.0, "probable": 2.0, "possible": 1.0, "unknown": 0.0}
MODAL_VALUE = {"may": 1.0, "might": 0.8, "could": 1.0, "would": 1.0, "should": 1.0, "must": 2.0,
               "will": 2.0, "wo": 2.0, "shall": 2.0, "can": 1.5, "ca": 1.5}
IRREALIS_HEADS = {"want", "plan", "intend", "hope", "try", "seek", "aim", "expect", "threaten", "propose",
                  "decide", "agree", "refuse", "ask", "urge", "order", "promise", "vow", "wish", "prepare",
                  "need", "fail", "continue", "begin", "start", "offer", "attempt"}


def read(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                obj = json.loads(line)
                if "text" not in obj or "targets" not in obj:
                    raise ValueError(f"{path}:{n}: each line needs 'text' and 'targets'")
                yield obj


def token_offsets(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for tok in text.split(" "):
        out.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    return out


def score_event(doc, start: int, end: int) -> float:
    """A factuality score in [-3, 3] for the event at characters [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    claims = [c for c in (doc._.claims or []) if c.content.start <= start < c.content.end]
    claim = min(claims, key=lambda c: c.content.end - c.content.start) if claims else None
    value = CERTAINTY_VALUE[claim.certainty] if claim else 3.0
    if claim is not None and claim.hedges and not any(h.start > start for h in claim.hedges) and value < 3:
        # a hedge only after the event (e.g. "said ... may"): weaker effect on this event
        value = (value + 3.0) / 2
    if span is None or len(span) == 0:
        return value
    tok = span.root
    negated = False
    # the event's own dependents, and its head's when it is a complement or conjunct
    # ("did not try to take": the negation and modal sit on the head)
    scope = [tok, tok.head] if tok.dep_ in ("xcomp", "conj") and tok.head is not tok else [tok]
    for cur in scope:
        for c in cur.children:
            if c.dep_ == "neg":
                negated = True
            elif c.dep_ == "aux" and c.lower_ in MODAL_VALUE:
                value = min(value, MODAL_VALUE[c.lower_])
            elif c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                value = min(value, 0.3)
    if tok.dep_ in ("xcomp", "ccomp") and tok.head.lemma_.lower() in IRREALIS_HEADS \
            and any(c.lower_ == "to" for c in tok.children):
        value = min(value, 0.5)   # wanted / planned / threatened to do: not (yet) real
    if doc.text.rstrip().endswith("?"):
        value = min(value, 0.3)
    return -value if negated else value


def evaluate(path: Path, predictions: Optional[Path] = None, nlp=None, progress=None) -> dict:
    from ..analyse.pipeline import get_nlp, run

    nlp = nlp or get_nlp()
    rows = list(read(path))
    gold, pred = [], []
    out_lines = []
    items = [(r["text"], {"doc_id": f"s{i}", "published": None}) for i, r in enumerate(rows)]
    for r, doc in zip(rows, run(nlp, items, batch_size=64)):
        offs = token_offsets(r["text"])
        targets = []
        for t in r["targets"]:
            i, j = t["span1"]
            s, e = offs[i][0], offs[j - 1][1]
            p = round(score_event(doc, s, e), 3)
            gold.append(float(t["label"]))
            pred.append(p)
            targets.append(dict(t, prediction=p))
        out_lines.append(dict(r, targets=targets))
        if progress:
            progress()
    if predictions:
        predictions.parent.mkdir(parents=True, exist_ok=True)
        with open(predictions, "w", encoding="utf-8") as fh:
            for line in out_lines:
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return {"file": str(path), "sentences": len(rows), "targets": len(gold), "mae": round(mae(gold, pred), 4),
            "pearson_r": round(pearson(gold, pred), 4)}


def mae(gold: list[float], pred: list[float]) -> float:
    return sum(abs(g - p) for g, p in zip(gold, pred)) / len(gold) if gold else float("nan")


def pearson(gold: list[float], pred: list[float]) -> float:
    n = len(gold)
    if n < 2:
        return float("nan")
    mg, mp = sum(gold) / n, sum(pred) / n
    cov = sum((g - mg) * (p - mp) for g, p in zip(gold, pred))
    vg = math.sqrt(sum((g - mg) ** 2 for g in gold))
    vp = math.sqrt(sum((p - mp) ** 2 for p in pred))
    return cov / (vg * vp) if vg and vp else float("nan")
