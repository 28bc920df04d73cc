"""The tuned mpnet encoder of the plover category head: the split forward pass is the shipped
encoder's when no adapter is learned, tuning moves the vectors towards the labels, and the
adapters written with a head read back to the same vectors (real model, real files)."""
from __future__ import annotations

import numpy as np
import pytest

from claimgraph.encoders import sentence as E

pytestmark = pytest.mark.slow

# own sentences: two kinds of act a frozen encoder puts close together (both about detainees)
ARRESTS = ["Police arrested four organisers of the rally in Minsk on Friday.",
           "Security agents detained two journalists at the border crossing.",
           "The army rounded up dozens of young men in the village overnight.",
           "Officers took three activists into custody outside the court."]
RELEASES = ["The authorities released four organisers of the rally in Minsk on Friday.",
            "Security agents freed two journalists at the border crossing.",
            "The army let dozens of young men go home from the village overnight.",
            "Officers released three activists from custody outside the court."]


def test_untuned_split_forward_is_the_shipped_encoder():
    from claimgraph.encoders.tuned import TunedEncoder

    texts = ARRESTS[:2] + ["Drones struck an oil depot near Novorossiysk, the governor said."]
    assert np.abs(TunedEncoder().encode(texts) - E.embed(texts, encoder="mpnet")).max() < 1e-5


def test_tuning_separates_the_labels_and_the_written_adapters_read_back(tmp_path):
    from claimgraph.encoders.tuned import TunedEncoder
    from claimgraph.training.adapters import tune
    from claimgraph.training.events import fit_plover_head

    texts, labels = ARRESTS + RELEASES, ["COERCE"] * 4 + ["CONCEDE"] * 4
    losses = []
    enc = tune(texts, labels, epochs=8, batch=4, lr=3e-3, progress=lambda e, loss: losses.append(loss))
    assert len(losses) == 8 and losses[-1] < losses[0]

    def margin(v):      # mean similarity within a label minus across labels
        s, first = v @ v.T, np.arange(8) < 4
        same = first[:, None] == first[None, :]
        np.fill_diagonal(same, False)
        return s[same].mean() - s[~same & ~np.eye(8, dtype=bool)].mean()

    tuned, frozen = enc.encode(texts), E.embed(texts, encoder="mpnet")
    assert margin(tuned) > margin(frozen)
    out = tmp_path / "head.npz"
    meta = fit_plover_head(texts, labels, tuned, out, tuned=enc)
    assert meta["tuned"]["from_layer"] == enc.from_layer and meta["rows"] == 8
    z = np.load(out)
    adapters = {k[len("lora."):]: z[k] for k in z.files if k.startswith("lora.")}
    assert len(adapters) == 2 * len(enc.targets) * (12 - enc.from_layer)
    again = TunedEncoder(adapters=adapters)
    assert np.abs(again.encode(texts) - tuned).max() < 1e-5


def test_shipped_plover_head_reads_tuned_vectors():
    from claimgraph.analyse.events import plover_head as category_head

    head = category_head.load("plover")
    if head is None:
        pytest.skip("plover_head.npz is missing")
    assert head["tuned"] is not None
    v = category_head.vectors(ARRESTS[:2])
    assert v.shape == (2, 768) and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    assert np.abs(v - E.embed(ARRESTS[:2], encoder="mpnet")).max() > 1e-3
