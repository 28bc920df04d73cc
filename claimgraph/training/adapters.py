"""Tune the low-rank adapters of :class:`claimgraph.encoders.tuned.TunedEncoder` to a labelled task:
the lower layers run once without gradients (:func:`~claimgraph.encoders.tuned.lower_states`),
the adapters of the upper layers and a linear classifier over the pooled vector are trained with
cross-entropy; the classifier is then dropped."""
from __future__ import annotations

import math
from typing import Optional

import numpy as np

from ..encoders.tuned import TunedEncoder, lower_states


EPOCHS = 3


LR = 1e-3


BATCH = 16


SCALE = 20.0


def tune(texts: list[str], labels: list[str], seed: int = 0, epochs: int = EPOCHS, lr: float = LR,
         batch: int = BATCH, progress=None, states: Optional[list] = None, **kw) -> TunedEncoder:
    """A :class:`TunedEncoder` whose adapters are trained to tell ``labels`` apart (see the module
    docstring); its ``training`` says how. ``states``: :func:`lower_states` of ``texts`` when the
    caller has them; ``progress(epoch, loss)`` is called after each epoch."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    enc = TunedEncoder(**kw)
    states = states if states is not None else lower_states(texts, enc.from_layer)
    classes = sorted(set(labels))
    y = torch.tensor([classes.index(c) for c in labels])
    clf = nn.Linear(768, len(classes))
    params = [p for p in enc.upper.parameters() if p.requires_grad] + list(clf.parameters())
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * math.ceil(len(states) / batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps))
    enc.upper.train()
    for epoch in range(epochs):
        order, total = rng.permutation(len(states)), 0.0
        for i in range(0, len(states), batch):
            ix = order[i:i + batch]
            v = enc._pooled([states[j] for j in ix])
            loss = nn.functional.cross_entropy(clf(v) * SCALE, y[ix])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(ix)
        if progress is not None:
            progress(epoch, total / len(states))
    enc.upper.eval()
    enc.training = {"epochs": epochs, "lr": lr, "batch": batch, "seed": seed}
    return enc
