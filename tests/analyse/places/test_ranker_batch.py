"""The ranker's and the tagger's batch scoring give exactly the numbers of one row at a time."""
import math
import random

import pytest

from claimgraph.analyse.places import ranker, tagger


def _plain_logistic(row, model):
    coef, b = model["coef"], model["intercept"]
    if model.get("mean") is not None:
        row = [(x - m) / s for x, m, s in zip(row, model["mean"], model["scale"])]
    z = b + sum(w * x for w, x in zip(coef, row))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _rows(n_rows, n_features, seed):
    rng = random.Random(seed)
    return [[rng.choice((0.0, 1.0, rng.random(), rng.random() * 7)) for _ in range(n_features)]
            for _ in range(n_rows)]


def test_logistic_batch_is_exactly_row_by_row():
    model = ranker.load()
    if model is None or "trees" in model:
        pytest.skip("the shipped ranker is not the logistic model")
    for seed in range(20):
        rows = _rows(1 + seed * 3, len(ranker.FEATURES), seed)
        assert ranker.probabilities(rows, model) == [_plain_logistic(r, model) for r in rows]
    assert ranker.probabilities([], model) == []


def test_tree_batch_matches_one_row_walks():
    model = tagger.load()
    if model is None:
        pytest.skip("no tagger shipped")
    rows = _rows(50, len(tagger.FEATURES), 7)
    batch = ranker.tree_probabilities(rows, model)
    assert batch == ranker.tree_probabilities(rows[:20], model) + ranker.tree_probabilities(rows[20:], model)
    for row, p in zip(rows, batch):
        assert p == pytest.approx(ranker.tree_probability(row, model), abs=1e-12)
