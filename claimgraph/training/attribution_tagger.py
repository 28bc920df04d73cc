"""Fine-tune the MiniLM attribution tagger of the ``accurate`` mode
(:mod:`claimgraph.analyse.attribution.transformer`) on PolNeAR train, minus the held-back slice."""
from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Optional

from ..analyse.attribution.transformer import MAX_LEN, TAGS, model_class, encode_window, load, windows
from ..evaluate.polnear import heldout
from .attribution_crf import gold_tags, parsed_split


def training_windows(pairs, max_len: int = MAX_LEN):
    out = []
    for art, doc in pairs:
        gold = gold_tags(doc, art.gold)
        for w in windows(doc, max_len):
            ids, _, lab = encode_window(doc, w, gold)
            out.append((ids, lab))
    return out


def train(pairs, out_path: Path, epochs: float = 1.0, lr: float = 1e-4, batch_size: int = 8,
          threads: int = 2, seed: int = 13, log=print, time_budget_s: Optional[float] = None) -> dict:
    import random

    Tagger, torch = model_class()
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    rnd = random.Random(seed)
    t0 = time.time()
    data = training_windows(pairs)
    t1 = time.time()
    model = Tagger()
    model.enc.embeddings.word_embeddings.weight.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps_per_epoch = math.ceil(len(data) / batch_size)
    total = max(1, int(steps_per_epoch * epochs))
    warm = max(1, total // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    # class weights: O is most tokens; a mild boost for the rarer cue and source tags
    weights = torch.tensor([1.0, 2.0, 2.0, 1.5, 1.5, 1.0, 1.0])
    lossf = torch.nn.CrossEntropyLoss(ignore_index=-100, weight=weights)
    model.train()
    step = 0
    order: list[int] = []
    run_loss = 0.0
    while step < total:
        if not order:
            order = list(range(len(data)))
            rnd.shuffle(order)
            # similar lengths together (less padding), batches shuffled
            chunks = [order[i:i + batch_size * 50] for i in range(0, len(order), batch_size * 50)]
            order = []
            for c in chunks:
                c.sort(key=lambda k: len(data[k][0]))
                bs = [c[i:i + batch_size] for i in range(0, len(c), batch_size)]
                rnd.shuffle(bs)
                for bb in bs:
                    order.extend(bb)
        batch = [data[k] for k in order[:batch_size]]
        order = order[batch_size:]
        n = max(len(b[0]) for b in batch)
        ids = torch.zeros((len(batch), n), dtype=torch.long)
        mask = torch.zeros((len(batch), n), dtype=torch.long)
        lab = torch.full((len(batch), n), -100, dtype=torch.long)
        for r, (i, l) in enumerate(batch):
            ids[r, :len(i)] = torch.tensor(i)
            mask[r, :len(i)] = 1
            lab[r, :len(l)] = torch.tensor(l)
        logits = model(ids, mask)
        loss = lossf(logits.reshape(-1, len(TAGS)), lab.reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        step += 1
        run_loss += loss.item()
        if step % 25 == 0:
            log(f"step {step}/{total} loss {run_loss / 25:.4f} {time.time() - t1:.0f}s")
            run_loss = 0.0
        if time_budget_s and time.time() - t1 > time_budget_s:
            log(f"time budget reached at step {step}")
            break
    t2 = time.time()
    save(model, out_path)
    load.cache_clear()
    return {"windows": len(data), "steps": step, "epochs": round(step / steps_per_epoch, 2),
            "prepare_s": round(t1 - t0, 1), "train_s": round(t2 - t1, 1), "model": str(out_path),
            "size_bytes": Path(out_path).stat().st_size}


def save(model, out_path: Path) -> None:
    import torch

    state = {k: v.detach().half() for k, v in model.state_dict().items()
             if k != "enc.embeddings.word_embeddings.weight"}
    Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    torch.save(state, out_path)


def train_from_polnear(root, out_path: Path, cache_dir: Optional[Path] = None,
                       holdout_every: int = 10, epochs: float = 1.0, **kw) -> dict:
    t0 = time.time()
    pairs = parsed_split(root, "train", cache_dir)
    used = [p for i, p in enumerate(pairs) if not heldout(i, holdout_every)]
    facts = train(used, Path(out_path), epochs=epochs, **kw)
    facts["articles"] = len(used)
    facts["parse_s"] = round(time.time() - t0 - facts["prepare_s"] - facts["train_s"], 1)
    return facts
